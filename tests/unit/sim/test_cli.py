import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_run_writes_tables_and_same_seed_gives_same_bytes(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", "--region", "tiny", "--seed", "4", "--out", str(a), "--lang", "en"]) == 0
    assert main(["run", "--region", "tiny", "--seed", "4", "--out", str(b)]) == 0
    text = capsys.readouterr().out
    assert "HNTEs" in text and "高企" in text
    for f in ("targets.csv", "timeseries.csv"):
        assert (a / f).read_bytes() == (b / f).read_bytes()
    t = pd.read_csv(a / "targets.csv")
    assert list(t.columns) == ["indicator", "baseline_2019", "value_2025", "target", "met"]
    ts = pd.read_csv(a / "timeseries.csv")
    assert len(ts) == 20 and "hnte" in ts.columns  # tiny: 2015Q1–2019Q4
    c = tmp_path / "c"
    assert main(["run", "--region", "tiny", "--seed", "5", "--out", str(c)]) == 0
    assert (c / "timeseries.csv").read_bytes() != (a / "timeseries.csv").read_bytes()


@pytest.mark.parametrize(
    "content, needle",
    [
        ("[levers]\nrd_subsidi = 0.1\n", "did you mean 'rd_subsidy'"),
        ("[levers]\nrd_subsidy = 0.9\n", "rd_subsidy' = 0.9 outside allowed range [0, 0.3]"),
        ('[levers]\nrd_subsidy = "lots"\n', "must be a number"),
        ("[levers]\nrd_subsidy = {2021 = 0.1, 2022 = 5}\n", "outside allowed range"),
        ("[levers\nrd_subsidy = 0.1\n", "not valid TOML"),
        ('preset = "dream"\n', "unknown lever preset 'dream'"),
        ("[params]\nzeta_inovation = 0.03\n", "did you mean 'zeta_innovation'"),
        ("[params]\nmargin = 7\n", "parameter 'margin' = 7 outside allowed range"),
        ("levers = 3\n", "[levers] must be a table"),
        ("surprise = 1\n", "unknown top-level key 'surprise'"),
    ],
)
def test_bad_lever_files_fail_clearly_and_write_nothing(tmp_path, content, needle):
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("run", "--region", "tiny", "--levers", str(f), "--out", str(out))
    assert r.returncode != 0
    assert needle in r.stderr, r.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--region", "baodl"], "did you mean 'baodi'"),
        (["--region", "tiny", "--until", "2030"], "--until = 2030 outside the calendar"),
        (["--region", "tiny", "--seed", "-3"], "--seed = -3"),
        (["--region", "tiny", "--levers", "missing.toml"], "does not exist"),
    ],
)
def test_bad_arguments_fail_clearly_and_write_nothing(tmp_path, args, needle):
    out = tmp_path / "out"
    r = run_cli("run", *args, "--out", str(out))
    assert r.returncode != 0
    assert needle in r.stderr, r.stderr
    assert not out.exists()


def test_malformed_region_file_names_the_field(tmp_path):
    src = Path("sim/data/regions/tiny.toml").read_text(encoding="utf-8")
    bad = tmp_path / "r.toml"
    bad.write_text(src.replace('b = "beta"', 'b = "betta"'), encoding="utf-8")
    r = run_cli("run", "--region", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode != 0 and "unknown node 'betta'" in r.stderr
    assert "did you mean 'beta'" in r.stderr


def test_catalogue_tables_list_every_lever_and_parameter(capsys):
    from sim.levers import LEVER_IDS
    from sim.params import PARAM_NAMES, PARAM_SPECS

    assert main(["levers"]) == 0
    text = capsys.readouterr().out
    assert all(lv in text for lv in LEVER_IDS) and "§四(一)" in text
    assert main(["params", "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert all(p in text for p in PARAM_NAMES) and "assumed" in text
    # every row shows its tag (calibrated / literature / structural)
    rows = {ln.split()[0]: ln for ln in text.splitlines() if ln.split()}
    for s in PARAM_SPECS:
        assert f"  {s.tag}  " in rows[s.name], s.name
