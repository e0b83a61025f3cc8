"""The Sweeps page's data and figures, read from a real store (a tiny-region sweep)."""

import io
import re

import pandas as pd
import pytest
from sweep_files import TWO_PACKAGE_SWEEP

import scenarios
from scenarios.progress import Progress
from viz.sweeps import (
    StoreView,
    fan_bands,
    fan_svg,
    filter_runs,
    legend_html,
    list_stores,
    pmet_svg,
    sampled_ranges,
    summary_csv,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweeps")
    path = root / "nested" / "tiny"
    scenarios.Sweep.from_text(TWO_PACKAGE_SWEEP).run(
        path, workers=0, progress=Progress(18, enabled=False)
    )
    return path


def test_list_and_read(store):
    root = store.parent.parent
    assert list_stores(root) == [store]
    assert list_stores(root / "missing") == []
    v = StoreView.read(store)
    assert v.region.last_year == 2019  # the sweep's own region, from the manifest
    assert v.done == v.n_design == 18 and v.packages == ["status_quo", "grants"]
    assert set(v.years["year"]) == {2015, 2016, 2017, 2018, 2019}
    with pytest.raises(scenarios.ScenarioError):
        StoreView.read(root)


def test_filter_by_sampled_parameter(store):
    v = StoreView.read(store)
    ranges = sampled_ranges(v.runs)
    assert list(ranges) == ["param_growth_mu"]
    lo, hi = ranges["param_growth_mu"]
    assert 0.0 <= lo < hi <= 0.02
    mid = (lo + hi) / 2
    low = filter_runs(v.runs, {"param_growth_mu": (lo, mid)})
    assert 0 < len(low) < len(v.runs)
    assert (low["param_growth_mu"] <= mid).all()
    assert len(filter_runs(v.runs, ranges)) == len(v.runs)
    s_all, s_low = v.summary(), v.summary(low)
    assert (s_all["n_runs"] == 9).all()
    assert (s_low["n_runs"] < 9).all()


def test_summary_csv_round_trip(store):
    v = StoreView.read(store)
    s = v.summary()
    data = summary_csv(s)
    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(s.columns)
    assert back["p_met"].tolist() == pytest.approx(s["p_met"].tolist())


def test_fans_and_bars(store):
    v = StoreView.read(store)
    bands = fan_bands(v)
    t, lo, mid, hi = bands[("grants", "hnte")]
    assert list(t) == [2015, 2016, 2017, 2018, 2019]
    assert (lo <= mid).all() and (mid <= hi).all()
    for lang in ("zh", "en"):
        svg = fan_svg(v, lang=lang)
        assert svg.count("<svg") == len(v.region.targets)
        assert svg.count('stroke="#c62828"') == len(v.region.targets)  # the target line
        assert svg.count("<polygon") == len(v.region.targets) * len(v.packages)  # the bands
        bars = pmet_svg(v, v.summary(), lang)
        n_bars = (len(v.region.targets) + 1) * len(v.packages)
        assert len(re.findall(r"<rect [^>]*fill-opacity", bars)) == n_bars
        assert ("达成概率" if lang == "zh" else "P(target met)") in bars
        assert ("维持现状" if lang == "zh" else "Status quo") in legend_html(v, lang)
    # a filter that keeps nothing draws empty panels, not an error
    none = v.runs.iloc[:0]
    assert fan_svg(v, none).count("<polygon") == 0
    assert v.summary(none).empty


def test_how_likely_sweep_file():
    """ "How likely?" is a sweep file: the status quo and the current levers over N seeds."""
    from sim.levers import LeverSchedule
    from viz.app import how_likely_text, input_label

    levers = LeverSchedule({"hnte_cultivation": {2021: 40, 2023: 100}}, preset="plan")
    sweep = scenarios.Sweep.from_text(how_likely_text(levers, 7))
    design = sweep.design()
    assert list(design["package"].unique()) == ["status_quo", "current"]
    assert len(design) == 14 and sorted(design["seed"].unique()) == list(range(7))
    # the same levers in both packages share their runs
    same = scenarios.Sweep.from_text(how_likely_text(LeverSchedule(), 3)).design()
    assert same["run_id"].nunique() == 3
    assert input_label("param_growth_mu", "zh").endswith("(growth_mu)")
    assert input_label("lever_rd_subsidy", "en") == "R&D subsidy (rd_subsidy)"


def test_store_signature_changes_when_a_batch_lands(store, tmp_path):
    from viz.sweeps import store_signature

    n, last, has_manifest = store_signature(store)
    assert n >= 1 and last > 0 and has_manifest
    assert store_signature(tmp_path / "none") == (0, 0, False)
    text = TWO_PACKAGE_SWEEP.replace("seeds = 3", "seeds = 1")
    new = tmp_path / "s"
    scenarios.Sweep.from_text(text).run(new, workers=0, progress=Progress(6, enabled=False))
    before = store_signature(new)
    assert before[0] >= 1
    part = next((new / "runs").glob("part-*.parquet"))  # another batch lands
    (new / "runs" / "part-zz.parquet").write_bytes(part.read_bytes())
    assert store_signature(new)[0] == before[0] + 1
