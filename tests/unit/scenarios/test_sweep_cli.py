"""``baodi-sim sweep`` and ``baodi-sim summarize``: answers in both languages, clean errors."""

import pandas as pd
import pytest
from sweep_files import TINY_SWEEP

from sim.cli import main


def test_sweep_prints_the_summary_and_summarize_rereads_it(tiny_sweep_file, tmp_path, capsys):
    out = tmp_path / "s"
    assert main(["sweep", str(tiny_sweep_file), "--out", str(out), "--workers", "0"]) == 0
    zh = capsys.readouterr().out
    assert "status_quo" in zh and "grants" in zh and "高企" in zh
    assert main(["summarize", str(out), "--lang", "en", "--out", str(tmp_path / "t.csv")]) == 0
    en = capsys.readouterr().out
    assert "HNTEs" in en and "高企" not in en
    table = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig")
    assert list(pd.unique(table["package"])) == ["status_quo", "plan", "grants"]
    assert set(table["target"]) == {"hnte", "contract_turnover_cum", "all"}
    assert (table["n_runs"] == 12).all()
    # the same command again resumes: nothing left to run
    assert main(["sweep", str(tiny_sweep_file), "--out", str(out), "--workers", "0"]) == 0
    assert "36" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", ""], "--out is empty"),
        (["--out", "{tmp}/s", "--workers", "-1"], "--workers = -1"),
        (["--out", "{tmp}/s", "--workers", "2", "--dask", "local"], "not both"),
        (["--out", "{file}"], "is a file"),
    ],
)
def test_sweep_options_are_checked_before_any_run(tiny_sweep_file, tmp_path, capsys, args, message):
    f = tmp_path / "file"
    f.write_text("x")
    args = [a.format(tmp=tmp_path, file=f) for a in args]
    assert main(["sweep", str(tiny_sweep_file), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_a_sweep_file_with_several_problems_reports_them_all(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        TINY_SWEEP.replace("seeds = 4", "seeds = 0")
        .replace('preset = "plan"', 'preset = "plam"')
        .replace("tier_grant = 60", "tier_grnat = 60"),
        encoding="utf-8",
    )
    assert main(["sweep", str(bad), "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    for part in ("seeds", "plam", "did you mean 'plan'", "tier_grnat", "did you mean 'tier_grant'"):
        assert part in err
    assert not (tmp_path / "s").exists()


def test_a_design_over_the_limit_needs_yes(tmp_path, capsys, monkeypatch):
    import scenarios.spec

    monkeypatch.setattr(scenarios.spec, "MAX_RUNS", 10)
    f = tmp_path / "big.toml"
    f.write_text(TINY_SWEEP, encoding="utf-8")
    assert main(["sweep", str(f), "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "36" in err and "--yes" in err
    assert main(["sweep", str(f), "--out", str(tmp_path / "s"), "--yes", "--workers", "0"]) == 0


def test_summarize_refuses_what_is_not_a_store(tmp_path, capsys, tiny_sweep_file):
    assert main(["summarize", str(tmp_path)]) == 2
    assert "not a sweep store" in capsys.readouterr().err
    out = tmp_path / "s"
    main(["sweep", str(tiny_sweep_file), "--out", str(out), "--workers", "0", "--no-summary"])
    capsys.readouterr()
    assert main(["summarize", str(out), "--out", str(tmp_path / "t.xlsx")]) == 2
    assert ".csv" in capsys.readouterr().err
    assert not (tmp_path / "t.xlsx").exists()
