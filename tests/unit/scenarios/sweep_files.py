"""Sweep files and helpers shared by the tests (imported by name: no clash).

On the path of every test (``pythonpath`` in pyproject.toml): the scenarios, viz and browser
tests all write ``from sweep_files import ...``.
"""

# 3 packages × 3 LHS points × 4 seeds = 36 runs on the tiny region (2015–2019, plan 2017).
TINY_SWEEP = """
name = "tiny test sweep"
region = "tiny"
seeds = 4
[packages.status_quo]
[packages.plan]
preset = "plan"
[packages.grants]
levers = { tier_grant = 60, rd_subsidy = { 2017 = 0.1, 2018 = 0.2 } }
[params]
growth_mu = [0.0, 0.02]
[sampler]
method = "lhs"
n = 3
seed = 7
"""

# The Sweeps page's (tests/unit/viz, tests/browser): the same without the plan package and
# with 3 seeds, 2 packages × 3 LHS points × 3 seeds = 18 runs.
TWO_PACKAGE_SWEEP = (
    TINY_SWEEP.replace('name = "tiny test sweep"\n', "")
    .replace("seeds = 4", "seeds = 3")
    .replace('[packages.plan]\npreset = "plan"\n', "")
)
assert TWO_PACKAGE_SWEEP.count("[packages.") == 2 and "seeds = 3" in TWO_PACKAGE_SWEEP

# The README's example shape on Baodi, small: 2 packages × 12 seeds.
BAODI_SWEEP = """
seeds = 12
[packages.status_quo]
preset = "status_quo"
[packages.plan]
preset = "plan"
"""


def comparable(frame):
    """A runs frame without what differs between identical runs (time), in run_id order."""
    drop = [c for c in ("seconds",) if c in frame]
    return frame.drop(columns=drop).sort_values("run_id").reset_index(drop=True)
