"""The Compare tab runs through the sweep layer: same numbers as ``scenarios`` for the same packages."""

import tempfile

import numpy as np
import pytest

import scenarios
from scenarios.spec import SweepSpec
from sim.errors import SimError
from sim.levers import LeverSchedule
from sim.model import BaodiModel
from viz.compare import PACKAGES, compare, sweep_text

A = LeverSchedule()
B = LeverSchedule(
    {"talent_subsidy": 5, "rd_subsidy": {2021: 0.08, 2023: 0.1}, "talent_housing": 1000.0},
    preset="plan",
)
SEEDS = 3


@pytest.fixture(scope="module")
def sweep_years(tmp_path_factory):
    """The same packages and seeds run by ``scenarios`` directly."""
    store = tmp_path_factory.mktemp("sweep") / "store"
    scenarios.Sweep.from_text(sweep_text(A, B, SEEDS)).run(store, workers=0, progress=False)
    return scenarios.load_years(store), scenarios.summarize(scenarios.load(store))


@pytest.fixture(scope="module")
def bands():
    return compare(A, B, SEEDS, ["hnte", "gazelle", "fiscal_cost_cum"])


def test_the_sweep_text_holds_the_schedules_exactly():
    spec = SweepSpec.from_text(sweep_text(A, B, SEEDS))
    assert list(spec.packages) == list(PACKAGES)
    assert (spec.seeds, spec.seed_start) == (SEEDS, 0)
    for name, sched in zip(PACKAGES, (A, B), strict=True):
        assert spec.packages[name].schedule(spec.plan_start_year) == sched


def test_compare_equals_what_scenarios_gives(bands, sweep_years):
    years, summary = sweep_years
    for name, b in zip(PACKAGES, bands, strict=True):
        assert list(b["t"]) == list(range(2015, 2026))
        for ind in ("hnte", "gazelle", "fiscal_cost_cum"):
            lo, mid, hi = b[ind]
            assert (lo <= mid).all() and (mid <= hi).all()
            rows = years[years["package"] == name]
            by_year = rows.groupby("year")[ind]
            # numpy's and pandas' linear quantiles agree to the last bits or so
            np.testing.assert_allclose(mid, by_year.median().to_numpy(), rtol=1e-12)
            np.testing.assert_allclose(lo, by_year.quantile(0.1).to_numpy(), rtol=1e-12)
            np.testing.assert_allclose(hi, by_year.quantile(0.9).to_numpy(), rtol=1e-12)
        # the 2025 fan of a target is scenarios.summarize's median and 10–90 %
        s = summary.set_index(["package", "target"]).loc[(name, "hnte")]
        lo, mid, hi = (v[-1] for v in b["hnte"])
        assert (lo, mid, hi) == (s["value_p10"], s["value_median"], s["value_p90"])


def test_compare_equals_independent_model_runs():
    (ba, bb) = compare(A, B, 1, ["hnte"])
    for b, sched in ((ba, A), (bb, B)):
        ts = BaodiModel(levers=sched, seed=0).run().timeseries()
        end = ts[ts["qy"] == 4].set_index("year")["hnte"]
        lo, mid, hi = b["hnte"]
        assert np.array_equal(mid, end.to_numpy(dtype=float))
        assert np.array_equal(lo, mid) and np.array_equal(hi, mid)


def test_progress_cancel_and_no_store_left_behind(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = []
    ba, bb = compare(A, A, 3, ["hnte"], progress=lambda d, t: seen.append((d, t)))
    # equal packages share their runs: 3, not 6; progress after each seed
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert all(np.array_equal(x, y) for x, y in zip(ba["hnte"], bb["hnte"], strict=True))
    seen.clear()
    ba, bb = compare(
        A, B, 5, ["hnte"], progress=lambda d, t: seen.append((d, t)), cancelled=lambda: bool(seen)
    )
    assert seen == [(2, 10)]  # stopped after the first seed: its bands are that seed's runs
    assert np.array_equal(ba["hnte"][0], ba["hnte"][2])
    assert list(tmp_path.iterdir()) == []


def test_levers_before_the_plan_period_are_refused():
    early = LeverSchedule({"rd_subsidy": {2019: 0.1}})
    with pytest.raises(SimError, match=r"2019.*before the plan"):
        compare(A, early, 1, ["hnte"])
