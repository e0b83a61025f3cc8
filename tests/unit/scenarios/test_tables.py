"""The README's tables are computed from a store: record figures and target values by package."""

import numpy as np
import pandas as pd
import pytest

from scenarios import Sweep, load, load_years
from scenarios.errors import ScenarioError
from scenarios.tables import main, markdown, record_table, target_table
from sim.region import load_region


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from sweep_files import TINY_SWEEP

    path = tmp_path_factory.mktemp("tables") / "s"
    Sweep.from_text(TINY_SWEEP).run(path, workers=0, progress=False)
    return path


def test_record_table_compares_every_record_figure_with_the_runs(store):
    years = load_years(store)
    region = load_region("tiny")
    table = record_table(years, region)
    expected = {
        (p, k) for p, figs in region.record.items() if p.isdigit() for k in figs if k in years
    }
    assert {(r.period, r.indicator) for r in table.itertuples()} == expected
    row = table.iloc[0]
    runs = years[(years["package"] == "status_quo") & (years["year"] == int(row["period"]))]
    assert row["record"] == region.record[row["period"]][row["indicator"]]
    assert row["model_mean"] == pytest.approx(runs[row["indicator"]].mean())
    assert row["model_p10"] == pytest.approx(np.percentile(runs[row["indicator"]], 10))
    assert row["runs"] == len(runs) == 12


def test_target_table_and_markdown(store, capsys):
    frame = load(store)
    tt = target_table(frame, "tiny")
    hnte = tt.set_index("indicator").loc["hnte"]
    plan = frame[frame["package"] == "plan"]["value_hnte"]
    assert hnte["plan_mean"] == pytest.approx(plan.mean())
    assert hnte["target"] == 20
    md = markdown(store)
    assert "| target | plan | status_quo | plan | grants |" in md
    assert main([str(store)]) == 0 and "record" in capsys.readouterr().out


def test_a_folder_that_is_not_a_store_is_refused(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "not a sweep store" in capsys.readouterr().err
    with pytest.raises(ScenarioError, match="no finished run"):
        record_table(pd.DataFrame({"package": [], "year": []}), "tiny")


def test_pmet_table_shows_each_packages_probability_and_interval(store, capsys):
    from scenarios import summarize
    from scenarios.tables import pmet_markdown

    md = pmet_markdown(store)
    assert md.splitlines()[0] == "| target (2019) | plan figure | status_quo | plan | grants |"
    s = summarize(load(store), "tiny").set_index(["target", "package"]).loc[("hnte", "plan")]
    row = next(line for line in md.splitlines() if line.startswith("| HNTEs"))
    assert f"{100 * s['p_met']:.0f}% [{100 * s['p_lo']:.0f}%–{100 * s['p_hi']:.0f}%]" in row
    assert "**all targets**" in md and "fiscal cost" in md
    assert main([str(store), "--pmet"]) == 0 and "plan figure" in capsys.readouterr().out
