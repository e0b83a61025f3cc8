import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import EXIT_CODES, build_parser, kernel_cache_cold, main
from sim.indicators import format_value, target_status
from sim.levers import LEVERS, LeverSchedule, integer_params, read_levers_file
from sim.params import PARAM_NAMES, PARAM_SPECS
from sim.region import load_region

ROOT = Path(__file__).resolve().parents[3]
CLI = [sys.executable, "-m", "sim.cli"]


def run_cli(*args, env=None, cwd=None):
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=600, env=env, cwd=cwd or ROOT
    )


def test_run_writes_tables_and_same_seed_gives_same_bytes(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", "--region", "tiny", "--seed", "4", "--out", str(a), "--lang", "en"]) == 0
    assert main(["run", "--region", "tiny", "--seed", "4", "--out", str(b)]) == 0
    text = capsys.readouterr().out
    assert "HNTEs" in text and "高企" in text
    zh = text[text.index("微型测试区") :]
    assert "状态" in zh and ("达成" in zh or "未达成" in zh)
    assert not {"yes", "no", "met", "status", "value"} & set(zh.split())
    for f in ("targets.csv", "timeseries.csv"):
        assert (a / f).read_bytes() == (b / f).read_bytes()
    # tiny's calendar (and its targets' year) ends in 2019: columns say so
    t = pd.read_csv(a / "targets.csv")
    assert list(t.columns) == [
        "indicator",
        "baseline_2019",
        "value_2019",
        "target",
        "status",
        "met",
    ]
    assert set(t["status"]) <= {"met", "not_met"}
    assert (t["met"] == (t["status"] == "met")).all()
    ts = pd.read_csv(a / "timeseries.csv")
    assert len(ts) == 20 and "hnte" in ts.columns  # tiny: 2015Q1–2019Q4
    c = tmp_path / "c"
    assert main(["run", "--region", "tiny", "--seed", "5", "--out", str(c)]) == 0
    assert (c / "timeseries.csv").read_bytes() != (a / "timeseries.csv").read_bytes()


# ------------------------------------------------------------------ levers files
@pytest.mark.parametrize(
    "content, needle",
    [
        ("[levers]\nrd_subsidi = 0.1\n", "did you mean 'rd_subsidy'"),
        ("[levers]\nrd_subsidy = 0.9\n", "rd_subsidy' = 0.9 outside allowed range [0, 0.3]"),
        ('[levers]\nrd_subsidy = "lots"\n', "must be a number"),
        ("[levers]\nrd_subsidy = {2018 = 0.1, 2019 = 5}\n", "outside allowed range"),
        ("[levers\nrd_subsidy = 0.1\n", "not valid TOML"),
        ('preset = "dream"\n', "unknown lever preset 'dream'"),
        ("[params]\nzeta_inovation = 0.03\n", "did you mean 'zeta_innovation'"),
        ("[params]\nmargin = 7\n", "parameter 'margin' = 7 outside allowed range"),
        ("[params]\ncarrier_lag = 2.5\n", "'carrier_lag' = 2.5 must be a whole number"),
        ("[params]\nlabel_program_start = 2016.5\n", "must be a whole number of year"),
        ("levers = 3\n", "[levers] must be a table"),
        ("params = 3\n", "[params] must be a table"),
        ("surprise = 1\n", "unknown top-level key 'surprise'"),
        (
            "[levers]\nrd_subsidy = {2016 = 0.1}\n",
            "year 2016 is before the allowed years 2017–2019",
        ),
        ("[levers]\nrd_subsidy = {2021 = 0.1}\n", "year 2021 is after the allowed years 2017–2019"),
    ],
)
def test_bad_lever_files_fail_clearly_and_write_nothing(tmp_path, content, needle):
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("run", "--region", "tiny", "--levers", str(f), "--out", str(out), "--lang", "en")
    assert r.returncode == 2
    assert needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_a_levers_file_with_four_problems_reports_all_four(tmp_path):
    f = tmp_path / "four.toml"
    f.write_text(
        "[levers]\n"
        "rd_subsidi = 0.1\n"  # 1: unknown lever
        "tier_grant = 500\n"  # 2: out of range
        "talent_subsidy = { 2019 = 5 }\n"  # 3: a year before the plan period
        "[params]\n"
        "carrier_lag = 2.5\n",  # 4: a fraction for a whole number of quarters
        encoding="utf-8",
    )
    out = tmp_path / "out"
    en = run_cli("run", "--levers", str(f), "--out", str(out), "--lang", "en")
    assert en.returncode == 2 and not out.exists()
    assert "4 problems:" in en.stderr, en.stderr
    for needle in (
        "unknown lever 'rd_subsidi' (did you mean 'rd_subsidy'?)",
        "lever 'tier_grant' = 500 outside allowed range [0, 100]",
        "lever 'talent_subsidy': year 2019 is before the allowed years 2021–2025",
        "parameter 'carrier_lag' = 2.5 must be a whole number of quarters",
    ):
        assert needle in en.stderr, en.stderr
    assert en.stderr.count("\n  - ") == 4
    assert "--allow-history-levers" in en.stderr  # the way out, named
    zh = run_cli("run", "--levers", str(f), "--out", str(out))
    assert zh.returncode == 2 and "4 个问题" in zh.stderr, zh.stderr
    assert "未知杠杆“rd_subsidi”（是不是“rd_subsidy”？）" in zh.stderr
    assert "梯度企业认定奖励" in zh.stderr and "万元/项认定" in zh.stderr
    assert "必须是整数（季度）" in zh.stderr
    assert "error" not in zh.stderr.lower()


def test_lever_years_history_only_with_the_explicit_flag(tmp_path):
    f = tmp_path / "history.toml"
    f.write_text("[levers]\nrd_subsidy = { 2016 = 0.1 }\n", encoding="utf-8")
    region = load_region("tiny")
    with pytest.raises(Exception, match="before the allowed years 2017–2019"):
        read_levers_file(f, region.plan_start_year, years=(region.plan_start_year, 2019))
    levers, _ = read_levers_file(f, region.plan_start_year, years=(region.first_year, 2019))
    assert levers.value("rd_subsidy", 2016) == 0.1
    out = tmp_path / "out"
    r = run_cli("run", "--region", "tiny", "--levers", str(f), "--out", str(out))
    assert r.returncode == 2 and "--allow-history-levers" in r.stderr and not out.exists()
    r = run_cli(
        "run", "--region", "tiny", "--levers", str(f), "--out", str(out), "--allow-history-levers"
    )
    assert r.returncode == 0, r.stderr
    assert (out / "targets.csv").is_file()
    # other layers keep the permissive default
    assert LeverSchedule({"rd_subsidy": {2019: 0.1}}).value("rd_subsidy", 2019) == 0.1


def test_whole_number_parameters_refuse_fractions_only(tmp_path):
    assert {"carrier_lag", "label_program_start"} <= integer_params() <= set(PARAM_NAMES)
    ok = tmp_path / "ok.toml"
    ok.write_text("[params]\ncarrier_lag = 3.0\nlabel_program_start = 2018\n", encoding="utf-8")
    assert read_levers_file(ok)[1] == {"carrier_lag": 3.0, "label_program_start": 2018}
    bad = tmp_path / "bad.toml"
    bad.write_text("[params]\ncarrier_lag = 3.5\nlabel_program_start = 2017.5\n")
    with pytest.raises(Exception, match="2 problems") as exc:
        read_levers_file(bad)
    assert len(exc.value.problems) == 2


# ------------------------------------------------------------------ arguments
@pytest.mark.parametrize(
    "args, needle",
    [
        (["--region", "baodl"], "did you mean 'baodi'"),
        (["--region", "tiny", "--until", "2030"], "--until = 2030 outside the calendar"),
        (["--region", "tiny", "--seed", "-3"], "--seed = -3"),
        (["--region", "tiny", "--levers", "missing.toml"], "does not exist"),
        (["--region", "tiny", "--levers", ""], "--levers is empty"),
    ],
)
def test_bad_arguments_fail_clearly_and_write_nothing(tmp_path, args, needle):
    out = tmp_path / "out"
    r = run_cli("run", *args, "--out", str(out), "--lang", "en")
    assert r.returncode == 2
    assert needle in r.stderr, r.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "kind, needle, needle_zh",
    [
        ("file", "is a file, not a folder", "是文件，不是文件夹"),
        ("under_file", "is a file, not a folder", "是文件，不是文件夹"),
        ("proc", "cannot write in '/proc'", "无法在“/proc”中写入"),
        ("empty", "--out is empty", "--out 为空"),
        ("blank", "--out is empty", "--out 为空"),
    ],
)
def test_out_is_checked_before_the_run(tmp_path, capsys, monkeypatch, kind, needle, needle_zh):
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    out = {
        "file": str(a_file),
        "under_file": str(a_file / "sub"),
        "proc": "/proc/baodi-sim-out",  # root may write anywhere, but not under /proc
        "empty": "",
        "blank": "  ",
    }[kind]

    def no_run(*a, **k):
        raise AssertionError("the model ran before --out was checked")

    monkeypatch.setattr("sim.model.BaodiModel.run", no_run)
    assert main(["run", "--region", "tiny", "--out", out, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err, err
    assert main(["run", "--region", "tiny", "--out", out]) == 2
    assert needle_zh in capsys.readouterr().err
    assert a_file.read_text() == "x"


def test_output_that_cannot_be_written_after_the_run_exits_3(tmp_path, capsys, monkeypatch):
    import sim.cli

    def fail(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sim.cli.tempfile, "mkdtemp", fail)
    monkeypatch.setattr(sim.cli, "_check_out", lambda path: Path(path))
    assert main(["run", "--region", "tiny", "--until", "2015", "--out", str(tmp_path)]) == 3
    assert "No space left on device" in capsys.readouterr().err
    assert 3 in EXIT_CODES


def test_a_closed_pipe_is_quiet_and_the_csvs_are_written(tmp_path):
    out = tmp_path / "out"
    p = subprocess.Popen(
        [*CLI, "run", "--region", "tiny", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    p.stdout.close()  # the reader is gone before the first line, as `| head -0` would be
    err = p.stderr.read().decode()
    assert p.wait(timeout=600) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err, err
    assert (out / "targets.csv").is_file() and (out / "timeseries.csv").is_file()
    # and through a real shell pipe, as a user types it
    out2 = tmp_path / "out2"
    sh = subprocess.run(
        [
            "bash",
            "-o",
            "pipefail",
            "-c",
            f"{sys.executable} -m sim.cli run --region tiny --out {out2} | head -1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert sh.returncode == 0 and sh.stdout.count("\n") == 1, sh.stderr
    assert "Traceback" not in sh.stderr
    assert (out2 / "targets.csv").is_file()


def test_until_before_the_targets_year_labels_by_year_and_does_not_judge(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["run", "--until", "2019", "--out", str(out), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    t = pd.read_csv(out / "targets.csv")
    assert list(t.columns) == ["indicator", "baseline_2019", "value_2019", "target", "status"]
    assert "met" not in t.columns and not any(c.startswith("value_2025") for c in t.columns)
    assert set(t["status"]) == {"not_started"}  # 2019 is before the plan period
    assert "2019 value" in text and "2025 value" not in text
    assert "not started" in text and "judged at the end of 2025" in text
    # R&D / sales as a percentage, never a raw share
    rd = next(line for line in text.splitlines() if line.startswith("R&D / sales"))
    assert "%" in rd and "0.01" not in rd


def test_target_status_by_time():
    kw = {"start_value": 100.0, "plan_start_year": 2021, "target_year": 2025}
    # before the plan period: not started, even if far below or above
    assert target_status(50, 200, year=2019, qy=4, **kw) == "not_started"
    assert target_status(500, 200, year=2020, qy=4, **kw) == "not_started"
    # during it: on track against the straight line 100 -> 200 over 20 quarters
    assert target_status(125, 200, year=2021, qy=4, **kw) == "on_track"  # need 120
    assert target_status(115, 200, year=2021, qy=4, **kw) == "behind"
    assert target_status(210, 200, year=2023, qy=2, **kw) == "on_track"  # reached early
    # at the end: met or not met, never "behind"
    assert target_status(199, 200, year=2025, qy=4, **kw) == "not_met"
    assert target_status(200, 200, year=2025, qy=4, **kw) == "met"
    assert target_status(math.nan, 200, year=2025, qy=4, **kw) == "not_met"
    assert target_status(199, 200, year=2025, qy=3, **kw) == "on_track"


def test_values_as_users_read_them():
    assert format_value(0.0156, "share") == "1.56%"
    assert format_value(0.028, "share") == "2.8%"
    assert format_value(2017.0, "year") == "2017"
    assert format_value(1000.0, "10k yuan/yr") == "1,000"
    assert format_value(math.nan, "firms") == "—"


# ------------------------------------------------------------------ catalogues, language
def test_catalogue_tables_list_every_lever_and_parameter(capsys):
    from sim.levers import LEVER_IDS

    assert main(["levers", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert all(lv in text for lv in LEVER_IDS) and "§四(一)" in text
    assert main(["params", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert all(p in text for p in PARAM_NAMES) and "assumed" in text
    assert "assumed; assumed" not in text
    assert "2,017" not in text and "2017" in text  # label_program_start, a year


def test_levers_in_chinese_show_units_mechanisms_and_notes(capsys):
    assert all(lv.unit_zh and lv.mechanism_zh for lv in LEVERS)
    assert main(["levers"]) == 0  # zh is the default, as for run and params
    text = capsys.readouterr().out
    for lv in LEVERS:
        line = next(row for row in text.splitlines() if row.startswith(lv.id + " "))
        assert lv.zh in line and lv.unit_zh in line and lv.mechanism_zh in line, line
        assert lv.mechanism not in line
        assert lv.plan_note_zh in line
    head = text.splitlines()[0]
    assert "单位" in head and "作用机制" in head and "unit" not in head
    assert "as paid" not in text and "按实际支付" in text
    assert main(["levers", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Beijing projects' utility" in text and "北京外溢项目" not in text


def test_params_in_chinese(capsys):
    assert main(["params"]) == 0
    text = capsys.readouterr().out
    head = text.splitlines()[0]
    assert "含义" in head and "默认值" in head and "meaning" not in head
    assert "assumed" not in text and "假设" in text
    assert "2,017" not in text
    lag = next(row for row in text.splitlines() if row.startswith("carrier_lag "))
    assert "季度" in lag
    zh_names = [s.zh for s in PARAM_SPECS]
    assert all(n in text for n in zh_names)
    # tags in Chinese too (待校准 / 文献 / 结构性), not the English words
    rows = {ln.split()[0]: ln for ln in text.splitlines() if ln.split()}
    names = {"calibrated": "待校准", "literature": "文献", "structural": "结构性"}
    for s in PARAM_SPECS:
        assert f"  {names[s.tag]}  " in rows[s.name] and s.tag not in rows[s.name], s.name


def test_one_default_language_and_en_everywhere():
    p = build_parser()
    for cmd in (["run"], ["levers"], ["params"]):
        assert p.parse_args(cmd).lang == "zh"
        assert p.parse_args([*cmd, "--lang", "en"]).lang == "en"


def test_lang_may_come_before_the_command(capsys):
    assert main(["--lang", "en", "levers"]) == 0
    assert capsys.readouterr().out.startswith("id ")
    assert main(["levers"]) == 0
    assert capsys.readouterr().out.startswith("代号")


def test_help_is_bilingual_and_lists_exit_codes(capsys):
    with pytest.raises(SystemExit) as e:
        main(["run", "--help"])
    assert e.value.code == 0
    zh = capsys.readouterr().out
    assert zh.startswith("用法：") and "退出码" in zh and "显示本帮助并退出" in zh
    assert "随机种子" in zh and "--allow-history-levers" in zh
    with pytest.raises(SystemExit):
        main(["run", "--help", "--lang", "en"])
    en = capsys.readouterr().out
    assert en.startswith("usage:") and "exit codes:" in en and "random seed" in en
    for code in EXIT_CODES:
        assert f"  {code} " in zh and f"  {code} " in en
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "退出码" in capsys.readouterr().out


def test_argparse_errors_in_the_chosen_language(capsys):
    with pytest.raises(SystemExit) as e:
        main(["run", "--seed", "x"])
    assert e.value.code == 2
    assert "错误" in (err := capsys.readouterr().err) and "不是整数" in err
    with pytest.raises(SystemExit):
        main(["run", "--seed", "x", "--lang", "en"])
    assert "invalid int value" in capsys.readouterr().err


def test_malformed_region_file_names_the_field(tmp_path):
    src = Path(ROOT / "sim/data/regions/tiny.toml").read_text(encoding="utf-8")
    bad = tmp_path / "r.toml"
    bad.write_text(src.replace('b = "beta"', 'b = "betta"'), encoding="utf-8")
    r = run_cli("run", "--region", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "unknown node 'betta'" in r.stderr
    assert "did you mean 'beta'" in r.stderr


# ------------------------------------------------------------------ first run
def test_cold_cache_is_detected_cheaply(tmp_path, monkeypatch):
    from numba.core import config

    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    assert kernel_cache_cold()


def test_the_first_run_says_it_is_compiling_and_only_the_first(tmp_path):
    """Slow (~35 s or more): every kernel compiles into an empty NUMBA_CACHE_DIR."""
    # The folder exists (empty): sim.kernels stamps a folder it finds, and drops the caches of
    # an unstamped one, so a NUMBA_CACHE_DIR created by numba itself compiles twice.
    (tmp_path / "cache").mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
    args = ("run", "--region", "tiny", "--until", "2016", "--lang", "en")
    first = run_cli(*args, "--out", str(tmp_path / "a"), env=env)
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("compiling") == 1 and "only once" in first.stderr
    assert "compiling" not in first.stdout  # stdout stays the table
    second = run_cli(*args, "--out", str(tmp_path / "b"), env=env)
    assert second.returncode == 0 and second.stderr == "", second.stderr


def test_the_compiling_notice_is_in_the_chosen_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sim.cli.kernel_cache_cold", lambda: True)
    assert main(["run", "--region", "tiny", "--until", "2015", "--out", str(tmp_path)]) == 0
    assert "首次运行：正在编译" in capsys.readouterr().err
    monkeypatch.setattr("sim.cli.kernel_cache_cold", lambda: False)
    assert main(["run", "--region", "tiny", "--until", "2015", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""


def test_params_show_every_parameter_with_its_tag(capsys):
    from sim.levers import LEVER_IDS
    from sim.params import PARAM_NAMES, PARAM_SPECS

    assert main(["levers"]) == 0
    text = capsys.readouterr().out
    assert all(lv in text for lv in LEVER_IDS) and "§四(一)" in text
    assert main(["params", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert all(p in text for p in PARAM_NAMES) and "assumed" in text
    # every row shows its tag (calibrated / literature / structural)
    rows = {ln.split()[0]: ln for ln in text.splitlines() if ln.split()}
    for s in PARAM_SPECS:
        assert f"  {s.tag}  " in rows[s.name], s.name
