"""Stylized facts of firm dynamics (calibration/facts.py) on the Baodi model over 10 seeds.

Each check is first shown to work: synthetic data built to have every fact passes all
checks, and synthetic data that violates one fact (normal shocks, β = 0, no Pareto tail,
a flat hazard, memoryless innovation) fails that check. Then the model's data must pass.
"""

import dataclasses

import numpy as np
import pytest

from calibration import facts
from sim.fields import NO_Q

N_FIRMS = 30_000
GOOD_HAZARD = (0.016, 0.063, 0.095, 0.09, 0.086, 0.083, 0.08, 0.065, 0.052, 0.042)  # SAIC 2013


def synthetic(
    rng,
    *,
    shocks="laplace",
    beta=0.2,
    tail=True,
    hazard=GOOD_HAZARD,
    persistence=True,
    aggregate=0.045,
) -> facts.Panel:
    """A panel with every stylized fact, unless an argument switches one off."""
    # Sizes: Pareto (α = 1) above a lognormal body, or lognormal only (no tail).
    body = rng.lognormal(6.0, 0.8 if tail else 0.5, N_FIRMS)
    size = np.maximum(body, 1000.0 * (1.0 - rng.random(N_FIRMS)) ** -1.0) if tail else body
    sd = 0.3 * (size / 1000.0) ** -beta
    unit = (
        rng.laplace(0.0, 1.0 / np.sqrt(2.0), N_FIRMS)
        if shocks == "laplace"
        else rng.normal(0.0, 1.0, N_FIRMS)
    )
    growth = sd * unit
    sizes_by_run = [size[k::10] for k in range(10)]
    # Entry over 44 quarters; exit by the annual hazard of the firm's age.
    end = 44
    birth = rng.integers(0, end, N_FIRMS)
    death = np.full(N_FIRMS, NO_Q, dtype=np.int64)
    for i in range(N_FIRMS):
        age = 0
        while birth[i] + 4 * age < end:
            h = hazard[min(age, len(hazard) - 1)]
            if rng.random() < h:
                q = birth[i] + 4 * age + rng.integers(0, 4)
                if q < end:
                    death[i] = q
                break
            age += 1
    # Innovation: a Markov chain (persistent) or independent draws with the same rate.
    first = rng.random(N_FIRMS) < 0.4
    p_next = np.where(first, 0.7, 0.25) if persistence else np.full(N_FIRMS, 0.4)
    nxt = rng.random(N_FIRMS) < p_next
    # Aggregate revenue of 10 runs over 11 years, growing at ``aggregate`` a year with noise.
    totals = 1e6 * np.exp(aggregate * np.arange(11) + rng.normal(0.0, 0.02, (10, 11)))
    return facts.Panel(
        growth, size, sizes_by_run, birth, death, np.full(N_FIRMS, end), first, nxt, totals
    )


@pytest.fixture(scope="module")
def good():
    return synthetic(np.random.default_rng(1))


def by_name(panel) -> dict[str, facts.Fact]:
    return {f.name: f for f in facts.check_all(panel)}


def test_synthetic_data_with_every_fact_passes_every_check(good):
    failed = [str(f) for f in facts.check_all(good) if not f.passed]
    assert not failed, failed


@pytest.mark.parametrize(
    ("violation", "fact"),
    [
        ({"shocks": "normal"}, "growth_tent_min_kurtosis"),
        ({"beta": 0.0}, "growth_sigma_size_beta"),
        ({"tail": False}, "size_tail_hill_alpha"),
        ({"hazard": (0.07,)}, "hazard_rises_then_falls_z"),
        ({"persistence": False}, "innovation_persistence"),
        ({"aggregate": 0.106}, "aggregate_growth"),  # the runaway district of issue 10
        ({"aggregate": 0.0}, "aggregate_growth"),
    ],
)
def test_data_violating_a_fact_fails_its_check(violation, fact):
    checks = by_name(synthetic(np.random.default_rng(2), **violation))
    assert not checks[fact].passed, str(checks[fact])


def test_the_regression_recovers_beta():
    """β is estimated by regression over size deciles: 0 when there is none, else its value."""
    rng = np.random.default_rng(3)
    p = synthetic(rng, beta=0.0)
    assert abs(facts.growth_beta(p.growth, p.size)) < 0.05
    q = synthetic(rng, beta=0.25)
    assert facts.growth_beta(q.growth, q.size) == pytest.approx(0.25, abs=0.05)


@pytest.fixture(scope="module")
def model_panel():
    return facts.model_panel("baodi", seeds=range(10))


def test_the_model_has_every_stylized_fact(model_panel):
    assert len(model_panel.sizes_by_run) == 10
    failed = [str(f) for f in facts.check_all(model_panel) if not f.passed]
    assert not failed, failed


def test_the_model_check_is_not_vacuous(model_panel):
    """The same checks on the model's data with the growth shocks made normal fail."""
    rng = np.random.default_rng(4)
    g = model_panel.growth
    classes = facts._classes(model_panel.size, facts.SIZE_CLASSES)
    normal = g.copy()
    for rows in classes:  # same mean and sd within each size class, normal shape
        normal[rows] = g[rows].mean() + g[rows].std() * rng.normal(size=len(rows))
    broken = dataclasses.replace(model_panel, growth=normal)
    assert not by_name(broken)["growth_tent_min_kurtosis"].passed
