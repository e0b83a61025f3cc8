"""The sweep file: parsing, validation, the design table and run keys (scenarios/spec.py)."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scenarios.errors import ScenarioError
from scenarios.spec import (
    MAX_RUNS,
    Package,
    SweepSpec,
    model_version,
    run_id,
)
from sim.errors import SimError
from sim.levers import LeverSchedule
from sim.params import Params
from sim.region import REGION_DIR

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "scenarios" / "examples" / "packages.toml"
VERSION = "0123456789abcdef"


def spec(text: str) -> SweepSpec:
    return SweepSpec.from_text(textwrap.dedent(text))


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        spec(text)
    return info.value.problems


RANGES = """
    seeds = 2
    sampler = {sampler}
    [packages.a]
    [packages.b]
    preset = "plan"
    [levers]
    talent_housing = [0, 2000]
    rd_subsidy = [0.05, 0.2]
    [params]
    vc_budget = "catalogue"
    margin = [0.05, 0.1]
    hnte_apply = 0.9
"""


def ranged(sampler: str) -> SweepSpec:
    return spec(RANGES.format(sampler=sampler))


# --------------------------------------------------------------------------- the example


def test_example_file_parses_to_three_packages_and_300_runs():
    s = SweepSpec.from_toml(EXAMPLE)
    assert list(s.packages) == ["status_quo", "plan", "talent_first"]
    assert s.packages["plan"] == Package("plan", "plan", {}, "")
    assert s.packages["talent_first"].levers == {"talent_subsidy": 5.0, "talent_housing": 1000.0}
    assert (s.seeds, s.seed_start, s.region, s.horizon, s.plan_start_year) == (
        100,
        0,
        "baodi",
        2025,
        2021,
    )
    assert s.sampler is None and s.n_points == 1 and s.n_runs == 300
    assert s.text == EXAMPLE.read_text(encoding="utf-8")
    assert s.name == "packages" and s.source == str(EXAMPLE)
    pts = s.points()
    assert len(pts) == 1 and list(pts.columns) == []


def test_example_design_table_shape_order_and_keys():
    s = SweepSpec.from_toml(EXAMPLE)
    d = s.design(VERSION)
    assert list(d.columns) == ["run_id", "package", "experiment", "seed"]
    assert len(d) == s.n_runs == 300
    assert d.experiment.dtype == np.int64 and d.seed.dtype == np.int64
    assert d.run_id.map(type).eq(str).all() and d.run_id.str.fullmatch("[0-9a-f]{16}").all()
    # experiment-major, then seed, then package: the packages of one seed are adjacent
    assert d.package.tolist()[:6] == ["status_quo", "plan", "talent_first"] * 2
    assert d.seed.tolist()[:6] == [0, 0, 0, 1, 1, 1]
    assert d.seed.tolist()[-1] == 99 and (d.experiment == 0).all()
    assert d.run_id.is_unique


def test_seed_start_offsets_the_seeds():
    s = spec("seeds = 3\nseed_start = 10")
    assert s.design(VERSION).seed.tolist() == [10, 11, 12]


def test_identical_packages_share_run_ids():
    s = spec(
        """
        seeds = 4
        [packages.a]
        preset = "plan"
        levers = { talent_subsidy = 5 }
        [packages.b]
        preset = "plan"
        levers = { talent_subsidy = 5.0 }
        [packages.c]
        preset = "plan"
        """
    )
    d = s.design(VERSION)
    by = {p: g.run_id.tolist() for p, g in d.groupby("package", sort=False)}
    assert by["a"] == by["b"]
    assert set(by["a"]).isdisjoint(by["c"])
    assert len(set(by["a"])) == 4  # different seeds, different runs
    assert d.run_id.nunique() == 8


def test_design_is_deterministic_across_calls():
    s = ranged('{ method = "lhs", n = 8, seed = 3 }')
    pd.testing.assert_frame_equal(s.design(VERSION), s.design(VERSION))
    pd.testing.assert_frame_equal(
        s.design(VERSION), ranged('{ method = "lhs", n = 8, seed = 3 }').design(VERSION)
    )
    other = ranged('{ method = "lhs", n = 8, seed = 4 }').points()
    assert not np.allclose(other.to_numpy(), s.points().to_numpy())


def test_design_and_run_id_are_the_same_in_another_process():
    s = ranged('{ method = "sobol", n = 4 }')
    here = s.design(VERSION)
    row = here.iloc[5]
    levers, params, seed = s.run_inputs(row)
    code = textwrap.dedent(
        f"""
        import json, textwrap
        from scenarios.spec import SweepSpec, model_version, run_id
        s = SweepSpec.from_text({s.text!r})
        d = s.design({VERSION!r})
        levers, params, seed = s.run_inputs(d.iloc[5])
        print(json.dumps([d.run_id.tolist(), run_id(levers, params, seed, "v", 2025, "baodi"),
                          model_version()]))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    ids, one, version = json.loads(out.stdout)
    assert version == model_version()
    assert ids == here.run_id.tolist()
    assert one == run_id(levers, params, seed, "v", 2025, "baodi")


def test_design_run_ids_equal_run_id_of_each_rows_inputs():
    s = ranged('{ method = "morris", n = 2 }')
    d = s.design(VERSION)
    for _, row in d.iterrows():
        levers, params, seed = s.run_inputs(row)
        assert row.run_id == run_id(levers, params, seed, VERSION, s.horizon, s.region)


def test_run_id_depends_on_every_input():
    lv, p = LeverSchedule({"talent_subsidy": 5}), Params()
    base = run_id(lv, p, 0, VERSION, 2025, "baodi")
    assert base == run_id(
        LeverSchedule({"talent_subsidy": 5.0}), Params(), 0, VERSION, 2025, "baodi"
    )
    variants = [
        run_id(LeverSchedule({"talent_subsidy": 6}), p, 0, VERSION, 2025, "baodi"),
        run_id(LeverSchedule({"talent_subsidy": {2022: 5}}), p, 0, VERSION, 2025, "baodi"),
        run_id(LeverSchedule({"talent_subsidy": 5}, preset="plan"), p, 0, VERSION, 2025, "baodi"),
        run_id(lv, Params(margin=0.09), 0, VERSION, 2025, "baodi"),
        run_id(lv, p, 1, VERSION, 2025, "baodi"),
        run_id(lv, p, 0, "fedcba9876543210", 2025, "baodi"),
        run_id(lv, p, 0, VERSION, 2024, "baodi"),
        run_id(lv, p, 0, VERSION, 2025, "tiny"),
    ]
    assert len({base, *variants}) == len(variants) + 1


def test_model_version_is_16_hex_and_stable():
    v = model_version()
    assert len(v) == 16 and int(v, 16) >= 0
    assert model_version() == v


# --------------------------------------------------------------------------- samplers


@pytest.mark.parametrize(
    "sampler, count",
    [
        ('"lhs"', 16),  # default n = 16
        ('{ method = "lhs", n = 10 }', 10),
        ('{ method = "sobol", n = 8 }', 8 * (4 + 2)),
        ('{ method = "sobol", n = 8, second_order = true }', 8 * (2 * 4 + 2)),
        ('{ method = "morris", n = 5 }', (4 + 1) * 5),
        ('{ method = "morris", n = 3, levels = 6 }', (4 + 1) * 3),
        ('"factorial"', 3**4),
        ('{ method = "factorial", levels = 2 }', 2**4),
    ],
)
def test_each_sampler_makes_the_salib_count_within_bounds(sampler, count):
    s = ranged(sampler)
    pts = s.points()
    assert s.n_points == len(pts) == count
    assert s.n_runs == 2 * count * 2
    prob = s.problem()
    assert list(pts.columns) == prob["names"]
    assert pts.dtypes.eq(np.float64).all()
    lo, hi = np.array(prob["bounds"]).T
    assert (pts.to_numpy() >= lo).all() and (pts.to_numpy() <= hi).all()
    d = s.design(VERSION)
    assert len(d) == s.n_runs
    assert list(d.columns) == ["run_id", "package", "experiment", "seed", *prob["names"]]
    assert d[prob["names"]].dtypes.eq(np.float64).all()


def test_problem_lists_levers_first_in_file_order():
    s = ranged('"lhs"')
    assert s.problem() == {
        "num_vars": 4,
        "names": ["lever_talent_housing", "lever_rd_subsidy", "param_vc_budget", "param_margin"],
        "bounds": [[0.0, 2000.0], [0.05, 0.2], [5000.0, 100000.0], [0.05, 0.1]],
    }
    assert s.fixed_params == {"hnte_apply": 0.9}


def test_factorial_levels_are_evenly_spaced_and_inclusive():
    s = spec(
        """
        seeds = 1
        sampler = { method = "factorial", levels = 3 }
        [levers]
        rd_subsidy = [0.1, 0.3]
        talent_subsidy = [0, 10]
        """
    )
    pts = s.points()
    assert sorted(set(pts.lever_rd_subsidy)) == [0.1, 0.2, 0.3]
    assert sorted(set(pts.lever_talent_subsidy)) == [0.0, 5.0, 10.0]
    assert len(pts.drop_duplicates()) == 9


def test_sampler_defaults():
    assert (ranged('"morris"').levels, ranged('"factorial"').levels) == (4, 3)
    assert ranged('"sobol"').n == 16 and ranged('"sobol"').second_order is False
    assert ranged('"lhs"').sampler_seed == 0


def test_a_sampler_without_ranges_gives_one_point():
    s = spec('seeds = 5\nsampler = "lhs"')
    assert s.n_points == 1 and len(s.points()) == 1 and s.n_runs == 5


# --------------------------------------------------------------------------- run inputs


def test_run_inputs_of_the_example():
    s = SweepSpec.from_toml(EXAMPLE)
    d = s.design(VERSION)
    row = d[(d.package == "talent_first") & (d.seed == 7)].iloc[0]
    levers, params, seed = s.run_inputs(row)
    assert seed == 7 and params == Params()
    assert levers.value("talent_subsidy", 2020) == 1.0  # status quo before the plan
    assert levers.value("talent_subsidy", 2021) == 5.0
    assert levers.value("talent_housing", 2025) == 1000.0
    assert levers.value("rd_subsidy", 2025) == 0.05  # status-quo preset elsewhere
    plan, _, _ = s.run_inputs(d[d.package == "plan"].iloc[0])
    assert plan == LeverSchedule({}, preset="plan", start_year=2021)


def test_sampled_levers_override_the_package_and_params_add_to_fixed():
    s = spec(
        """
        seeds = 1
        sampler = "lhs"
        [packages.p]
        levers = { talent_subsidy = { 2021 = 5, 2023 = 8 }, rd_subsidy = 0.2 }
        [levers]
        talent_subsidy = [0, 2]
        [params]
        margin = [0.05, 0.1]
        hnte_apply = 0.9
        """
    )
    row = s.design(VERSION).iloc[3]
    levers, params, _ = s.run_inputs(row)
    assert levers.settings["talent_subsidy"] == {2021: row.lever_talent_subsidy}
    assert levers.value("talent_subsidy", 2024) == row.lever_talent_subsidy
    assert levers.value("talent_subsidy", 2020) == 1.0
    assert levers.value("rd_subsidy", 2022) == 0.2
    assert params == Params(margin=row.param_margin, hnte_apply=0.9)


def test_run_inputs_names_an_unknown_package():
    s = SweepSpec.from_toml(EXAMPLE)
    with pytest.raises(ScenarioError, match="talent_first"):
        s.run_inputs({"package": "talent_frist", "seed": 0})


def test_package_schedule():
    p = Package("x", "plan", {"rd_subsidy": {2022: 0.2}})
    assert p.schedule(2021).value("rd_subsidy", 2021) == 0.1  # the plan's value
    assert p.schedule(2021).value("rd_subsidy", 2022) == 0.2


# --------------------------------------------------------------------------- size


def test_check_size_refuses_large_designs_without_yes():
    s = spec(
        """
        seeds = 1000
        sampler = { method = "factorial", levels = 10 }
        [levers]
        talent_subsidy = [0, 10]
        rd_subsidy = [0, 0.3]
        talent_housing = [0, 5000]
        guidance_fund = [0, 50000]
        ip_pledge = [0, 50000]
        """
    )
    assert s.n_runs == 10**5 * 1000  # counted, not built
    with pytest.raises(ScenarioError) as info:
        s.check_size()
    msg = str(info.value)
    assert "100,000,000 runs" in msg and f"{MAX_RUNS:,}" in msg and "--yes" in msg
    s.check_size(yes=True)
    SweepSpec.from_toml(EXAMPLE).check_size()


# --------------------------------------------------------------------------- defaults


def test_defaults_without_packages():
    s = spec("seeds = 1")
    assert list(s.packages) == ["status_quo"] and s.packages["status_quo"].preset == "status_quo"
    assert (s.horizon, s.region, s.name, s.description) == (2025, "baodi", "", "")


def test_an_empty_package_is_the_status_quo():
    s = spec("seeds = 1\n[packages.empty]\n")
    assert s.packages == {"empty": Package("empty", "status_quo", {}, "")}


def test_region_by_path_sets_the_calendar():
    tiny = REGION_DIR / "tiny.toml"
    s = spec(f'seeds = 1\nregion = "{tiny.as_posix()}"\nhorizon = 2018')
    assert (s.plan_start_year, s.horizon, s.region) == (2017, 2018, tiny.as_posix())
    [p] = problems(f'seeds = 1\nregion = "{tiny.as_posix()}"\nhorizon = 2025')
    assert "horizon = 2025" in p and "[2017, 2019]" in p


def test_year_tables_within_the_horizon():
    s = spec(
        """
        seeds = 1
        horizon = 2023
        [packages.x]
        preset = "plan"
        description = "phased"
        levers = { rd_subsidy = { 2021 = 0.08, 2023 = 0.1 } }
        """
    )
    assert s.packages["x"].levers == {"rd_subsidy": {2021: 0.08, 2023: 0.1}}
    assert s.packages["x"].description == "phased"
    [p] = problems(
        "seeds = 1\nhorizon = 2023\n[packages.x]\nlevers = { rd_subsidy = { 2024 = 0.1 } }"
    )
    assert p.startswith("packages.x.levers.rd_subsidy.2024:") and "[2021, 2023]" in p


# --------------------------------------------------------------------------- bad input


def test_five_problems_are_reported_in_one_error():
    text = """
        seeds = -1
        [packages.talent_first]
        preset = "plann"
        levers = { talent_subsidy = 50, talent_subsidi = 1 }
        [params]
        vc_budget = 1
    """
    with pytest.raises(ScenarioError) as info:
        spec(text)
    err = info.value
    assert isinstance(err, SimError)
    assert len(err.problems) == 5
    lines = str(err).splitlines()
    assert lines[0] == "<text>: 5 problems in the sweep file:"
    assert lines[1:] == [f"  - {p}" for p in err.problems]


@pytest.mark.parametrize(
    "text, field, value, allowed",
    [
        ("", "seeds", "missing", "seeds = 100"),
        ("seeds = 0", "seeds", "= 0", "positive integer"),
        ("seeds = -5", "seeds", "= -5", "positive integer"),
        ("seeds = 2.5", "seeds", "= 2.5", "positive integer"),
        ("seeds = true", "seeds", "= true", "positive integer"),
        ('seeds = "100"', "seeds", '= "100"', "positive integer"),
        ("seeds = 1\nseed_start = -1", "seed_start", "= -1", "non-negative integer"),
        ("seeds = 1\nhorizon = 2030", "horizon", "= 2030", "[2021, 2025]"),
        ("seeds = 1\nhorizon = 2019", "horizon", "= 2019", "[2021, 2025]"),
        ("seeds = 1\nhorizon = 2025.0", "horizon", "= 2025.0", "integer year"),
        ('seeds = 1\nregion = "baodii"', "region", '"baodii"', "did you mean 'baodi'"),
        ("seeds = 1\nseedz = 3", "seedz", "'seedz'", "did you mean 'seeds'"),
        ("seeds = 1\nname = 3", "name", "= 3", "text"),
        ("seeds = 1\npackages = 3", "packages", "= 3", "[packages.NAME]"),
        ('seeds = 1\n[packages."a b"]', 'packages."a b"', '"a b"', "letters, digits"),
        (
            "seeds = 1\n[packages.x]\npresett = 'plan'",
            "packages.x.presett",
            "'presett'",
            "did you mean 'preset'",
        ),
        (
            "seeds = 1\n[packages.x]\npreset = 'plann'",
            "packages.x.preset",
            '"plann"',
            "did you mean 'plan'",
        ),
        ("seeds = 1\n[packages.x]\npreset = 1", "packages.x.preset", "= 1", "status_quo, plan"),
        ("seeds = 1\n[packages.x]\nlevers = 5", "packages.x.levers", "= 5", "lever = value"),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidi = 5 }",
            "packages.x.levers.talent_subsidi",
            "'talent_subsidi'",
            "did you mean 'talent_subsidy'",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = 50 }",
            "packages.x.levers.talent_subsidy",
            "= 50",
            "[0, 20]",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = true }",
            "packages.x.levers.talent_subsidy",
            "= true",
            "number",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = 'five' }",
            "packages.x.levers.talent_subsidy",
            '= "five"',
            "number",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = { 2019 = 5 } }",
            "packages.x.levers.talent_subsidy.2019",
            "2019",
            "[2021, 2025]",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = { '2021.5' = 5 } }",
            'packages.x.levers.talent_subsidy."2021.5"',
            '"2021.5"',
            "integer year",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = { 2022 = 30 } }",
            "packages.x.levers.talent_subsidy.2022",
            "= 30",
            "[0, 20]",
        ),
        (
            "seeds = 1\n[packages.x]\nlevers = { talent_subsidy = {} }",
            "packages.x.levers.talent_subsidy",
            "= {}",
            "empty year table",
        ),
        (
            "seeds = 1\nsampler = 'lhs'\n[levers]\nrd_subsidi = [0, 1]",
            "levers.rd_subsidi",
            "'rd_subsidi'",
            "did you mean 'rd_subsidy'",
        ),
        (
            "seeds = 1\nsampler = 'lhs'\n[levers]\nrd_subsidy = [0, 0.5]",
            "levers.rd_subsidy",
            "[0, 0.5]",
            "[0, 0.3]",
        ),
        (
            "seeds = 1\nsampler = 'lhs'\n[levers]\nrd_subsidy = [0.2, 0.1]",
            "levers.rd_subsidy",
            "[0.2, 0.1]",
            "lo must be below hi",
        ),
        (
            "seeds = 1\nsampler = 'lhs'\n[levers]\nrd_subsidy = [0.1]",
            "levers.rd_subsidy",
            "[0.1]",
            "two numbers",
        ),
        (
            "seeds = 1\nsampler = 'lhs'\n[levers]\nrd_subsidy = [0, true]",
            "levers.rd_subsidy",
            "[0, true]",
            "two finite numbers",
        ),
        (
            "seeds = 1\nsampler = 'lhs'\n[levers]\nrd_subsidy = 0.1",
            "levers.rd_subsidy",
            "= 0.1",
            "[packages.NAME]",
        ),
        (
            "seeds = 1\n[params]\nvc_budgett = 6000",
            "params.vc_budgett",
            "'vc_budgett'",
            "did you mean 'vc_budget'",
        ),
        ("seeds = 1\n[params]\nvc_budget = 1", "params.vc_budget", "= 1", "[5000, 100000]"),
        (
            "seeds = 1\n[params]\nvc_budget = 'catalog'",
            "params.vc_budget",
            '"catalog"',
            '"catalogue"',
        ),
        ("seeds = 1\n[params]\nmargin = nan", "params.margin", "= nan", "[0.02, 0.15]"),
        (
            "seeds = 1\nsampler = 'lhs'\n[params]\nmargin = [0, 0.1]",
            "params.margin",
            "[0, 0.1]",
            "[0.02, 0.15]",
        ),
        ("seeds = 1\nsampler = 'sobl'", "sampler", '"sobl"', "did you mean 'sobol'"),
        ("seeds = 1\nsampler = 3", "sampler", "= 3", "[sampler] table"),
        ("seeds = 1\n[sampler]\nn = 8", "sampler.method", "missing", "lhs"),
        ("seeds = 1\n[sampler]\nmethod = 'lhs'\nn = 0", "sampler.n", "= 0", "positive integer"),
        ("seeds = 1\n[sampler]\nmethod = 'lhs'\nn = 8.0", "sampler.n", "= 8.0", "positive integer"),
        ("seeds = 1\n[sampler]\nmethod = 'sobol'\nn = 10", "sampler.n", "= 10", "power of 2"),
        ("seeds = 1\n[sampler]\nmethod = 'factorial'\nlevels = 1", "sampler.levels", "= 1", "≥ 2"),
        ("seeds = 1\n[sampler]\nmethod = 'morris'\nlevels = 3", "sampler.levels", "= 3", "even"),
        (
            "seeds = 1\n[sampler]\nmethod = 'lhs'\nlevels = 3",
            "sampler.levels",
            "= 3",
            "factorial and morris only",
        ),
        (
            "seeds = 1\n[sampler]\nmethod = 'lhs'\nsecond_order = true",
            "sampler.second_order",
            "= true",
            "sobol only",
        ),
        ("seeds = 1\n[sampler]\nmethod = 'lhs'\nseed = -2", "sampler.seed", "= -2", "non-negative"),
        (
            "seeds = 1\n[sampler]\nmethod = 'lhs'\nsamples = 3",
            "sampler.samples",
            "'samples'",
            "sampler key",
        ),
        ("seeds = 1\n[levers]\nrd_subsidy = [0, 0.2]", "sampler", "missing", 'sampler = "lhs"'),
    ],
)
def test_each_problem_names_field_value_and_what_is_allowed(text, field, value, allowed):
    [p] = problems(text)
    assert p.startswith(f"{field}:") or p.startswith(f"{field} ="), p
    assert value in p, p
    assert allowed in p, p


def test_not_toml_is_one_clear_error():
    with pytest.raises(ScenarioError, match=r"<text>: not valid TOML") as info:
        spec("seeds = = 1")
    assert len(info.value.problems) == 1


def test_files_that_are_missing_not_utf8_or_not_toml(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        SweepSpec.from_toml(tmp_path / "nope.toml")
    with pytest.raises(ScenarioError, match="is not a file"):
        SweepSpec.from_toml(tmp_path)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("seeds = 1\nname = 'caf\u00e9'\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        SweepSpec.from_toml(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[packages.a\nseeds = 1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: not valid TOML") as info:
        SweepSpec.from_toml(broken)
    assert len(info.value.problems) == 1


def test_problems_name_the_file():
    with pytest.raises(ScenarioError, match=r"^sweeps/x\.toml: 1 problem in the sweep file:"):
        SweepSpec.from_text("seeds = 0", source="sweeps/x.toml")


def test_rows_sharing_a_run_id_share_their_inputs():
    s = spec(
        """
        seeds = 2
        sampler = { method = "morris", n = 6, levels = 2 }
        [levers]
        rd_subsidy = [0.1, 0.2]
        """
    )
    d = s.design(VERSION)
    assert not d.run_id.is_unique  # a 2-level Morris design revisits its corners
    for _, rows in d.groupby("run_id"):
        assert rows[["package", "seed", "lever_rd_subsidy"]].drop_duplicates().shape[0] == 1
    assert d.groupby(["lever_rd_subsidy", "seed"]).run_id.nunique().eq(1).all()
