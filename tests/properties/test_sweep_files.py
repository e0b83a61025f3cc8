"""Property tests of the sweep file: valid files parse; malformed ones fail cleanly, listing every fault.

A valid sweep file is generated as plain data and written as TOML; faults are injected into
it, each at its own place (a field, a new package, a lever or parameter of its own), so each
one must add at least one reported problem. Whatever the input, ``SweepSpec.from_text`` either
returns a spec or raises ``ScenarioError`` — never another exception.
"""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scenarios.errors import ScenarioError
from scenarios.spec import SweepSpec
from sim.levers import LEVER_IDS, LEVERS
from sim.params import PARAM_NAMES, PARAM_SPECS

PLAN_START, LAST_YEAR = 2021, 2025  # the Baodi calendar
LEVER = {lv.id: lv for lv in LEVERS}
PARAM = {p.name: p for p in PARAM_SPECS}


# --------------------------------------------------------------------------- TOML writer


def toml_string(s: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        return repr(v) if math.isfinite(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return (
            "{ "
            + ", ".join(f"{toml_string(str(k))} = {toml_value(x)}" for k, x in v.items())
            + " }"
        )
    raise TypeError(type(v))


def to_toml(d: dict) -> str:
    """One ``key = value`` line per top-level key, tables written inline."""
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in d.items())


# --------------------------------------------------------------------------- valid files


def within(lo: float, hi: float):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def a_range(lo: float, hi: float):
    return st.tuples(within(lo, hi), within(lo, hi)).filter(lambda t: t[0] != t[1]).map(sorted)


@st.composite
def lever_settings(draw, horizon: int):
    ids = draw(st.lists(st.sampled_from(LEVER_IDS), unique=True, max_size=3))
    out = {}
    for lever in ids:
        s = LEVER[lever]
        if draw(st.booleans()):
            out[lever] = draw(within(s.lo, s.hi))
        else:
            years = draw(
                st.lists(st.integers(PLAN_START, horizon), unique=True, min_size=1, max_size=3)
            )
            out[lever] = {str(y): draw(within(s.lo, s.hi)) for y in years}
    return out


@st.composite
def valid_files(draw) -> dict:
    d: dict = {"seeds": draw(st.integers(1, 1000))}
    if draw(st.booleans()):
        d["seed_start"] = draw(st.integers(0, 10**9))
    horizon = LAST_YEAR
    if draw(st.booleans()):
        horizon = d["horizon"] = draw(st.integers(PLAN_START, LAST_YEAR))
    if draw(st.booleans()):
        d["name"] = draw(st.text(max_size=20))
    names = draw(
        st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True), unique=True, max_size=3)
    )
    if names:
        d["packages"] = {}
        for name in names:
            body = {}
            if draw(st.booleans()):
                body["preset"] = draw(st.sampled_from(["status_quo", "plan"]))
            levers = draw(lever_settings(horizon))
            if levers:
                body["levers"] = levers
            d["packages"][name] = body
    ranged = draw(st.lists(st.sampled_from(LEVER_IDS), unique=True, max_size=2))
    if ranged:
        d["levers"] = {k: draw(a_range(LEVER[k].lo, LEVER[k].hi)) for k in ranged}
    params = {}
    for name in draw(st.lists(st.sampled_from(PARAM_NAMES), unique=True, max_size=3)):
        s = PARAM[name]
        params[name] = draw(
            st.one_of(a_range(s.lo, s.hi), st.just("catalogue"), within(s.lo, s.hi))
        )
    if params:
        d["params"] = params
    has_ranges = bool(ranged) or any(not isinstance(v, float) for v in params.values())
    if has_ranges or draw(st.booleans()):
        d["sampler"] = draw(
            st.one_of(
                st.sampled_from(["lhs", "sobol", "morris", "factorial"]),
                st.fixed_dictionaries({"method": st.just("lhs"), "n": st.integers(1, 8)}),
                st.fixed_dictionaries(
                    {
                        "method": st.just("sobol"),
                        "n": st.sampled_from([1, 2, 4]),
                        "second_order": st.booleans(),
                    }
                ),
                st.fixed_dictionaries(
                    {
                        "method": st.just("morris"),
                        "n": st.integers(1, 3),
                        "levels": st.sampled_from([2, 4, 6]),
                    }
                ),
                st.fixed_dictionaries(
                    {
                        "method": st.just("factorial"),
                        "levels": st.integers(2, 3),
                        "seed": st.integers(0, 99),
                    }
                ),
            )
        )
    return d


@given(valid_files())
def test_valid_files_parse(d):
    s = SweepSpec.from_text(to_toml(d))
    assert list(s.packages) == list(d.get("packages", {"status_quo": {}}))
    assert s.seeds == d["seeds"] and s.horizon == d.get("horizon", LAST_YEAR)
    assert s.n_runs == len(s.packages) * s.n_points * s.seeds
    pts = s.points()
    assert len(pts) == s.n_points
    assert list(pts.columns) == s.problem()["names"]
    row = {"package": next(iter(s.packages)), "seed": s.seed_start, **pts.iloc[0].to_dict()}
    levers, params, seed = s.run_inputs(row)
    assert seed == s.seed_start and levers.start_year == PLAN_START
    assert all(params[k] == v for k, v in s.fixed_params.items())


# --------------------------------------------------------------------------- faults

# Each fault kind: (group, needs the region's calendar, variants). Kinds of one group exclude
# each other (at most one fault per field); group None kinds may repeat (each at its own place).
BAD_NUMBERS = [True, "5", [1], {"a": 1}, float("nan"), float("inf")]


def _pkg(d: dict, idx: int, body) -> None:
    pk = d.setdefault("packages", {})
    pk[f"pk{idx}"] = body


def _sampler_table(d: dict) -> dict:
    s = d.get("sampler", {"method": "lhs"})
    s = {"method": s} if isinstance(s, str) else dict(s)
    d["sampler"] = s
    return s


def _drop_seeds(d, idx, v):
    d.pop("seeds")


FAULTS = {
    # top level
    "seeds": (
        "seeds",
        False,
        lambda d, i, v: d.__setitem__("seeds", v),
        [0, -3, 2.5, True, "100", [1]],
    ),
    "seeds_missing": ("seeds", False, _drop_seeds, [None]),
    "seed_start": (
        "seed_start",
        False,
        lambda d, i, v: d.__setitem__("seed_start", v),
        [-1, 1.5, "0", False],
    ),
    "horizon_type": (
        "horizon",
        False,
        lambda d, i, v: d.__setitem__("horizon", v),
        [2025.0, "2025", True],
    ),
    "horizon_range": (
        "horizon",
        True,
        lambda d, i, v: d.__setitem__("horizon", v),
        [2030, 2020, 1900, -5],
    ),
    "region": (
        "region",
        False,
        lambda d, i, v: d.__setitem__("region", v),
        ["baodii", 5, "", "nowhere.toml"],
    ),
    "name": ("name", False, lambda d, i, v: d.__setitem__("name", v), [5, ["x"], {"a": "b"}]),
    "extra_key": (
        None,
        False,
        lambda d, i, v: d.__setitem__(f"{v}{i}", 1),
        ["seedz", "sampling", "x"],
    ),
    # packages
    "packages_type": (
        "packages",
        False,
        lambda d, i, v: d.__setitem__("packages", v),
        [5, "plan", [1]],
    ),
    "pkg_type": (None, False, lambda d, i, v: _pkg(d, i, v), [5, "plan", [{"preset": "plan"}]]),
    "pkg_name": (
        None,
        False,
        lambda d, i, v: d.setdefault("packages", {}).__setitem__(f"{v} {i}", {}),
        ["a b", "é"],
    ),
    "pkg_key": (None, False, lambda d, i, v: _pkg(d, i, {v: "plan"}), ["presett", "lever", "x"]),
    "pkg_preset": (None, False, lambda d, i, v: _pkg(d, i, {"preset": v}), ["plann", "", 1, True]),
    "pkg_description": (None, False, lambda d, i, v: _pkg(d, i, {"description": v}), [1, ["a"]]),
    "pkg_levers_type": (None, False, lambda d, i, v: _pkg(d, i, {"levers": v}), [5, "x", [1, 2]]),
    "pkg_unknown_lever": (
        None,
        False,
        lambda d, i, v: _pkg(d, i, {"levers": {f"{v}{i}": 1}}),
        ["talent", "x"],
    ),
    "pkg_lever_value": (
        None,
        False,
        lambda d, i, v: _pkg(d, i, {"levers": {"talent_subsidy": v}}),
        [50, -1, 1e300, *BAD_NUMBERS[:-2], float("nan")],
    ),
    "pkg_lever_empty": (
        None,
        False,
        lambda d, i, v: _pkg(d, i, {"levers": {"rd_subsidy": {}}}),
        [None],
    ),
    "pkg_year_type": (
        None,
        False,
        lambda d, i, v: _pkg(d, i, {"levers": {"rd_subsidy": {v: 0.1}}}),
        ["20x1", "2021.5", "", " 2022", "２０２２"],
    ),
    "pkg_year_range": (
        None,
        True,
        lambda d, i, v: _pkg(d, i, {"levers": {"rd_subsidy": {v: 0.1}}}),
        ["2019", "2020", "2026", "2100", "-1"],
    ),
    "pkg_year_value": (
        None,
        False,
        lambda d, i, v: _pkg(d, i, {"levers": {"rd_subsidy": {"2022": v}}}),
        [0.5, -0.1, *BAD_NUMBERS],
    ),
    # lever ranges
    "levers_type": ("levers", False, lambda d, i, v: d.__setitem__("levers", v), [5, "x", [0, 1]]),
    "range_unknown": (
        None,
        False,
        lambda d, i, v: d.setdefault("levers", {}).__setitem__(f"{v}{i}", [0, 1]),
        ["rd", "y"],
    ),
    "range_bad": (
        None,
        False,
        lambda d, i, v: d.setdefault("levers", {}).__setitem__(LEVER_IDS[i], v),
        [
            [1],
            [0, 1, 2],
            [1, 0],
            [0, 0],
            [-1, 0.5],
            [0, 1e9],
            "catalogue",
            0.5,
            [True, 1],
            ["a", "b"],
            [0, float("nan")],
        ],
    ),
    # parameters
    "params_type": (
        "params",
        False,
        lambda d, i, v: d.__setitem__("params", v),
        [5, "catalogue", [1]],
    ),
    "param_unknown": (
        None,
        False,
        lambda d, i, v: d.setdefault("params", {}).__setitem__(f"{v}{i}", 1),
        ["vc", "z"],
    ),
    "param_bad": (
        None,
        False,
        lambda d, i, v: d.setdefault("params", {}).__setitem__(PARAM_NAMES[i], v),
        [-1e9, 1e9, "catalog", "", [1], [2, 1], [-1e9, 0], True, {"lo": 0}, float("nan")],
    ),
    # sampler
    "sampler_type": (
        "sampler",
        False,
        lambda d, i, v: d.__setitem__("sampler", v),
        [3, True, ["lhs"], "lhss", ""],
    ),
    "sampler_method": (
        "sampler.method",
        False,
        lambda d, i, v: _sampler_table(d).__setitem__("method", v),
        ["sobl", 1, ""],
    ),
    "sampler_n": (
        "sampler.n",
        False,
        lambda d, i, v: _sampler_table(d).__setitem__("n", v),
        [0, -4, 2.0, True, "8"],
    ),
    "sampler_levels": (
        "sampler.levels",
        False,
        lambda d, i, v: _sampler_table(d).__setitem__("levels", v),
        [1, 0, "3", 2.5],
    ),
    "sampler_seed": (
        "sampler.seed",
        False,
        lambda d, i, v: _sampler_table(d).__setitem__("seed", v),
        [-1, "x", 1.5],
    ),
    "sampler_second_order": (
        "sampler.second_order",
        False,
        lambda d, i, v: _sampler_table(d).__setitem__("second_order", v),
        [1, "yes"],
    ),
    "sampler_extra": (
        None,
        False,
        lambda d, i, v: _sampler_table(d).__setitem__(f"{v}{i}", 1),
        ["samples", "k"],
    ),
}
# a whole-table fault hides the faults inside that table; a bad region hides the calendar's checks
EXCLUDES = {
    "packages_type": {k for k in FAULTS if k.startswith("pkg_")},
    "levers_type": {"range_unknown", "range_bad"},
    "params_type": {"param_unknown", "param_bad"},
    "sampler_type": {k for k in FAULTS if k.startswith("sampler_")},
    "region": {k for k, f in FAULTS.items() if f[1]},
}


def compatible(kind: str, kept: list[str]) -> bool:
    group = FAULTS[kind][0]
    for other in kept:
        if group is not None and FAULTS[other][0] == group:
            return False
        if kind in EXCLUDES.get(other, ()) or other in EXCLUDES.get(kind, ()):
            return False
    return True


@st.composite
def malformed_files(draw):
    d = draw(valid_files())
    kinds = draw(st.lists(st.sampled_from(sorted(FAULTS)), min_size=1, max_size=8))
    kept: list[str] = []
    for kind in kinds:
        if compatible(kind, kept):
            kept.append(kind)
    for i, kind in enumerate(kept):
        _, _, inject, variants = FAULTS[kind]
        inject(d, i, draw(st.sampled_from(variants)))
    return d, kept


@given(malformed_files())
def test_malformed_files_report_every_fault(case):
    d, faults = case
    with pytest.raises(ScenarioError) as info:
        SweepSpec.from_text(to_toml(d), source="sweep.toml")
    err = info.value
    assert len(err.problems) >= len(faults), (faults, err.problems)
    lines = str(err).splitlines()
    assert lines[0].startswith("sweep.toml: ")
    assert lines[1:] == [f"  - {p}" for p in err.problems]


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_each_fault_kind_alone_is_reported(kind):
    _, _, inject, variants = FAULTS[kind]
    for v in variants:
        d = {"seeds": 3, "sampler": "lhs", "levers": {"talent_housing": [0, 100]}}
        inject(d, 0, v)
        with pytest.raises(ScenarioError) as info:
            SweepSpec.from_text(to_toml(d))
        assert len(info.value.problems) >= 1


# --------------------------------------------------------------------------- garbage


def toml_values():
    scalars = st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(),
        st.text(max_size=10),
        st.sampled_from(
            ["lhs", "sobol", "plan", "catalogue", "2021", *LEVER_IDS[:3], *PARAM_NAMES[:3]]
        ),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=6,
    )


def leaves(d: dict, path=()):
    for k, v in d.items():
        yield (*path, k)
        if isinstance(v, dict):
            yield from leaves(v, (*path, k))


@given(valid_files(), st.data())
def test_any_value_anywhere_parses_or_fails_cleanly(d, data):
    path = data.draw(st.sampled_from(list(leaves(d))))
    target = d
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = data.draw(toml_values())
    try:
        s = SweepSpec.from_text(to_toml(d))
    except ScenarioError as err:
        assert err.problems and all(isinstance(p, str) and p for p in err.problems)
    else:
        assert s.n_runs >= 1


@given(valid_files(), st.text(max_size=40), st.booleans())
def test_garbage_text_fails_cleanly(d, garbage, before):
    text = to_toml(d)
    text = garbage + "\n" + text if before else text + garbage
    try:
        SweepSpec.from_text(text)
    except ScenarioError as err:
        assert err.problems


@given(
    valid_files(),
    st.sampled_from(["= = ]", "[packages", "seeds = ", '"unterminated', "[[[", "a = 1\na = 2"]),
)
def test_broken_toml_is_one_clear_problem(d, broken):
    with pytest.raises(ScenarioError, match="not valid TOML") as info:
        SweepSpec.from_text(to_toml(d) + broken + "\n")
    assert len(info.value.problems) == 1


@given(st.binary(max_size=40))
def test_bytes_decoded_any_way_fail_cleanly(raw):
    text = raw.decode("utf-8", errors="replace")
    assume("seeds" not in text)
    with pytest.raises(ScenarioError):
        SweepSpec.from_text(text)
