"""Random streams: one named stream per kind of draw, and streams that are independent.

The source scan reads every ``.py`` under ``sim/`` (kernels and their Python twins) and
enumerates every draw: its stream argument must be a bare ``S_*`` name declared in
``sim/kernels/rng.py``, never arithmetic (``S_MOVE + 1`` was ``S_QUIT``: a resident who
quit and then moved always went to Beijing). The statistical test shows that two streams
of the same agent and quarter are independent, and a negative control shows that the
same check fails on dependent draws.
"""

import ast
import itertools
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from sim.kernels import rng
from sim.kernels.rng import (
    draw_key,
    draw_key_py,
    normal,
    normal_py,
    quarter_key,
    quarter_key_py,
    uniform_np,
)

SIM = Path(rng.__file__).resolve().parents[1]
RNG_FILE = SIM / "kernels" / "rng.py"
# Draw helpers of rng.py and where their stream argument sits; any function in sim/ with
# a parameter named ``stream`` is a draw helper too (found by the scan).
BASE_HELPERS = {"uniform": 2, "uniform_py": 2, "uniform_np": 2, "normal": 2, "normal_py": 2}


def declared_streams(source: str) -> tuple[dict[str, int], list[str]]:
    """``{name: value}`` of the module-level ``S_* = <int>`` of rng.py, and the problems."""
    names: dict[str, int] = {}
    problems = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign):
            continue
        targets = [t for t in node.targets if isinstance(t, ast.Name | ast.Tuple)]
        flat = [
            e.id
            for t in targets
            for e in (t.elts if isinstance(t, ast.Tuple) else [t])
            if isinstance(e, ast.Name)
        ]
        streams = [n for n in flat if n.startswith("S_")]
        if not streams:
            continue
        ok = (
            len(flat) == 1
            and isinstance(node.value, ast.Constant)
            and type(node.value.value) is int
        )
        if not ok:
            problems.append(f"rng.py:{node.lineno}: {streams} not a plain `S_X = <int>`")
            continue
        if streams[0] in names:
            problems.append(f"rng.py:{node.lineno}: {streams[0]} declared twice")
        names[streams[0]] = node.value.value
    by_value: dict[int, list[str]] = {}
    for n, v in names.items():
        by_value.setdefault(v, []).append(n)
    problems += [f"streams {ns} share the value {v}" for v, ns in by_value.items() if len(ns) > 1]
    return names, problems


def _helpers(trees: dict[str, ast.Module]) -> dict[str, int]:
    """Draw helpers: rng's, plus every function with a ``stream`` parameter."""
    helpers = dict(BASE_HELPERS)
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                args = [a.arg for a in node.args.args]
                if "stream" in args:
                    helpers[node.name] = args.index("stream")
    return helpers


def scan_draws(trees: dict[str, ast.Module], streams: set[str]):
    """Every draw in ``trees``: (used stream names, problems)."""
    helpers = _helpers(trees)
    used: set[str] = set()
    problems = []
    for path, tree in trees.items():
        # The enclosing function of every node, to allow a helper's pass-through.
        owner = {}
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                for sub in ast.walk(fn):
                    if sub is not fn:
                        owner[sub] = fn  # innermost wins: ast.walk visits outer ones first
        for node in ast.walk(tree):
            if isinstance(node, ast.BinOp | ast.AugAssign):
                operands = (
                    (node.left, node.right) if isinstance(node, ast.BinOp) else (node.target,)
                )
                for o in operands:
                    if isinstance(o, ast.Name) and o.id.startswith("S_"):
                        problems.append(f"{path}:{node.lineno}: arithmetic on stream {o.id}")
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
            if name not in helpers:
                continue
            idx = helpers[name]
            arg = next((k.value for k in node.keywords if k.arg == "stream"), None)
            if arg is None and idx < len(node.args):
                arg = node.args[idx]
            if arg is None:
                problems.append(f"{path}:{node.lineno}: {name}(...) without a stream")
                continue
            fn = owner.get(node)
            passthrough = (
                isinstance(arg, ast.Name)
                and arg.id == "stream"
                and fn is not None
                and "stream" in [a.arg for a in fn.args.args]
            )
            if passthrough:
                continue
            if isinstance(arg, ast.Name) and arg.id in streams:
                used.add(arg.id)
            else:
                problems.append(
                    f"{path}:{node.lineno}: {name}(...) stream {ast.unparse(arg)!r} "
                    "is not a bare S_* name declared in sim/kernels/rng.py"
                )
    return used, problems


def _sim_trees() -> dict[str, ast.Module]:
    return {
        str(p.relative_to(SIM.parent)): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(SIM.rglob("*.py"))
    }


def test_streams_are_declared_once_with_distinct_values():
    names, problems = declared_streams(RNG_FILE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)
    assert len(names) >= 30


def test_no_stream_is_declared_outside_rng():
    for path, tree in _sim_trees().items():
        if path.endswith("kernels/rng.py"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    assert not (isinstance(t, ast.Name) and t.id.startswith("S_")), (
                        f"{path}:{node.lineno}: stream {t.id} declared outside rng.py"
                    )
            if isinstance(node, ast.alias) and node.name.startswith("S_"):
                assert node.asname is None, f"{path}: stream {node.name} imported as {node.asname}"


def test_every_draw_in_sim_names_its_stream_and_every_stream_is_drawn():
    names, _ = declared_streams(RNG_FILE.read_text(encoding="utf-8"))
    used, problems = scan_draws(_sim_trees(), set(names))
    assert not problems, "\n".join(problems)
    assert used == set(names), f"declared but never drawn: {sorted(set(names) - used)}"


@pytest.mark.parametrize(
    "snippet",
    [
        "u = uniform(key, p, S_MOVE + 1)",
        "u = uniform_py(key, p, S_SEARCH + t)",
        "s = S_ENTRY + 3\nu = uniform(key, p, s)",
        "u = uniform_np(key, rows, stream=S_VC + 1000)",
        "def g(key, i, stream):\n    return uniform(key, i, stream + 1000)",
        "def g(key, i, stream):\n    return uniform(key, i, stream)\nu = g(key, 1, 7)",
    ],
)
def test_the_scan_catches_stream_arithmetic(snippet):
    """Negative control of the scan: each of these is a violation it must report."""
    _, problems = scan_draws({"x.py": ast.parse(snippet)}, {"S_MOVE", "S_SEARCH", "S_VC"})
    assert problems


def test_the_scan_catches_duplicate_values():
    _, problems = declared_streams("S_A = 1\nS_B = 2\nS_C = 1\n")
    assert problems
    _, problems = declared_streams("S_A, S_B = range(2)\n")
    assert problems


# ------------------------------------------------------------------ independence
N_AGENTS = 100_000
BINS = 10
# Per-pair significance: ~1,600 pairs are checked, so a false alarm anywhere has odds
# of about 1e-4 (the draws are fixed by the keys, so the test is deterministic anyway).
ALPHA = 1e-7


def independence_p(u1: np.ndarray, u2: np.ndarray) -> float:
    """Smallest p-value of two tests that ``u1``, ``u2`` (uniform on [0, 1)) are independent.

    Pearson correlation (|r|·√n is standard normal under independence) and a chi-square
    of the 2-D histogram on a ``BINS`` × ``BINS`` grid against the product of uniforms
    (``BINS² − 1`` degrees of freedom).
    """
    n = u1.shape[0]
    r = np.corrcoef(u1, u2)[0, 1]
    p_r = 2.0 * stats.norm.sf(abs(r) * np.sqrt(n))
    h = np.bincount(
        (u1 * BINS).astype(np.int64) * BINS + (u2 * BINS).astype(np.int64), minlength=BINS**2
    )
    e = n / BINS**2
    chi2 = ((h - e) ** 2 / e).sum()
    p_c = stats.chi2.sf(chi2, BINS**2 - 1)
    return min(p_r, p_c)


AGENTS = np.arange(N_AGENTS, dtype=np.int64)


@pytest.mark.parametrize("seed,quarter", [(0, 0), (12345, 37)])
def test_two_streams_of_the_same_agent_and_quarter_are_independent(seed, quarter):
    names, _ = declared_streams(RNG_FILE.read_text(encoding="utf-8"))
    key = quarter_key(seed, quarter)
    draws = {s: uniform_np(key, AGENTS, v) for s, v in names.items()}
    bad = [
        (a, b, p)
        for a, b in itertools.combinations(sorted(draws), 2)
        if (p := independence_p(draws[a], draws[b])) < ALPHA
    ]
    assert not bad, bad


def test_draws_under_sub_keys_are_independent_of_each_other_and_of_the_key():
    """The t-th try (``draw_key``) of one kind is independent of the others and of try 0."""
    key = quarter_key(7, 3)
    u = [uniform_np(key, AGENTS, rng.S_SEARCH)]
    u += [uniform_np(draw_key(key, k), AGENTS, rng.S_SEARCH) for k in range(4)]
    for a, b in itertools.combinations(range(len(u)), 2):
        assert independence_p(u[a], u[b]) >= ALPHA, (a, b)


@pytest.mark.parametrize(
    "make",
    [
        # The bug this replaces: S_MOVE + 1 was S_QUIT, so the destination draw *was*
        # the quit draw.
        lambda key: (
            uniform_np(key, AGENTS, rng.S_QUIT),
            uniform_np(key, AGENTS, rng.S_QUIT),
        ),
        # Almost the same number.
        lambda key: (
            (u := uniform_np(key, AGENTS, rng.S_QUIT)),
            (u + 1e-9) % 1.0,
        ),
        # Dependent for only 5% of agents (the quitters), independent otherwise.
        lambda key: (
            (u := uniform_np(key, AGENTS, rng.S_QUIT)),
            np.where(u < 0.05, u, uniform_np(key, AGENTS, rng.S_MOVE_DEST)),
        ),
        # Same mean and marginals, dependent through a shared bit: u2's top half is u1's.
        lambda key: (
            (u := uniform_np(key, AGENTS, rng.S_QUIT)),
            (np.floor(u * 2) + uniform_np(key, AGENTS, rng.S_MOVE_DEST)) / 2,
        ),
    ],
    ids=["same_stream", "u_plus_tiny", "five_percent", "shared_bit"],
)
def test_the_independence_check_fails_on_dependent_draws(make):
    """Negative control: the check above has the power to see dependence."""
    u1, u2 = make(quarter_key(0, 0))
    assert independence_p(u1, u2) < ALPHA


def test_quitters_move_to_capital_and_city_alike():
    """The issue's symptom, directly: among those whose quit draw says "quit", the
    destination draw is still a fair coin."""
    key = quarter_key(0, 5)
    quit = uniform_np(key, AGENTS, rng.S_QUIT) < 0.05
    to_capital = uniform_np(key, AGENTS, rng.S_MOVE_DEST) < 0.5
    k, n = int(to_capital[quit].sum()), int(quit.sum())
    assert stats.binomtest(k, n, 0.5).pvalue > 1e-4


# ------------------------------------------------------------------ twins
def test_draw_key_and_normal_twins_agree():
    for seed, q in [(0, 0), (3, 17), (2**40 + 1, 99)]:
        key, key_py = quarter_key(seed, q), quarter_key_py(seed, q)
        for k in range(5):
            assert int(draw_key(key, k)) == draw_key_py(key_py, k)
        for agent in (0, 1, 12345):
            assert normal(key, agent, rng.S_INIT_SKILL) == pytest.approx(
                normal_py(key_py, agent, rng.S_INIT_SKILL), rel=1e-12, abs=1e-12
            )
    sub = [draw_key_py(quarter_key_py(1, 1), k) for k in range(1000)]
    assert len(set(sub)) == len(sub)
    z = np.array([normal_py(quarter_key_py(0, 0), a, rng.S_INIT_SKILL) for a in range(20_000)])
    assert abs(z.mean()) < 0.03 and abs(z.std() - 1.0) < 0.03
