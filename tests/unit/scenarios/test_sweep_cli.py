"""``baodi-sim sweep`` and ``baodi-sim summarize``: answers in both languages, clean errors."""

import re

import pandas as pd
import pytest
from sweep_files import TINY_SWEEP

from scenarios.cli import SUMMARIZE_EXIT_CODES, SWEEP_EXIT_CODES
from sim.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")


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
    ("args", "message", "message_zh"),
    [
        (["--out", ""], "--out is empty", "--out 为空"),
        (["--out", "{tmp}/s", "--workers", "-1"], "--workers = -1", "--workers = -1 必须是 0"),
        (["--out", "{tmp}/s", "--workers", "2", "--dask", "local"], "not both", "不能同时"),
        (["--out", "{file}"], "is a file", "是文件"),
    ],
)
def test_sweep_options_are_checked_before_any_run(
    tiny_sweep_file, tmp_path, capsys, args, message, message_zh
):
    f = tmp_path / "file"
    f.write_text("x")
    args = [a.format(tmp=tmp_path, file=f) for a in args]
    assert main(["sweep", str(tiny_sweep_file), *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert message in err and not CJK.search(err), err
    assert main(["sweep", str(tiny_sweep_file), *args]) == 2  # zh, the default
    err = capsys.readouterr().err
    assert message_zh in err and "错误" in err, err
    assert not (tmp_path / "s").exists()


def test_a_sweep_file_with_several_problems_reports_them_all(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        TINY_SWEEP.replace("seeds = 4", "seeds = 0")
        .replace('preset = "plan"', 'preset = "plam"')
        .replace("tier_grant = 60", "tier_grnat = 60"),
        encoding="utf-8",
    )
    assert main(["sweep", str(bad), "--out", str(tmp_path / "s"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "3 problems in the sweep file" in err and not CJK.search(err), err
    for part in (
        "seeds = 0: must be a positive integer",
        "packages.plan.preset = \"plam\": unknown preset (did you mean 'plan'?)",
        "packages.grants.levers.tier_grnat: unknown lever 'tier_grnat' (did you mean 'tier_grant'?)",
    ):
        assert part in err, err
    # in Chinese (the default): the same paths and values, the sentences around them translated
    assert main(["sweep", str(bad), "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "扫描文件有 3 个问题" in err, err
    for part in (
        "seeds = 0：必须是正整数",
        'packages.plan.preset = "plam"：未知预设（是不是“plan”？）',
        "packages.grants.levers.tier_grnat：未知杠杆“tier_grnat”（是不是“tier_grant”？）",
    ):
        assert part in err, err
    assert "must be" not in err and "did you mean" not in err
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_message_of_a_bad_sweep_file_is_translated(tmp_path, capsys, lang):
    """Every allowed-text of the validation: ranges and units of levers and parameters too."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        """
        horizon = 2030
        seeds = -1
        [packages.a]
        levers = { talent_subsidy = 1e9, rd_subsidy = { 2019 = 0.1 } }
        [levers]
        talent_housing = [5, 1]
        [params]
        vc_budget = "lots"
        [sampler]
        method = "sobol"
        n = 3
        """,
        encoding="utf-8",
    )
    assert main(["sweep", str(bad), "--out", str(tmp_path / "s"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("  - ")]
    assert len(lines) == 7, err
    for line in lines:
        path = re.split(r" = |：|: ", line[4:])[0]
        assert path in {
            "horizon",
            "seeds",
            "packages.a.levers.talent_subsidy",
            "packages.a.levers.rd_subsidy.2019",
            "levers.talent_housing",
            "params.vc_budget",
            "sampler.n",
        }, line
        assert bool(CJK.search(line)) == (lang == "zh"), line
    if lang == "zh":
        assert "万元/人/年" in err  # a lever's unit in Chinese, from its catalogue entry


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_is_in_one_language_and_lists_the_exit_codes(capsys, lang):
    for command, codes in (("sweep", SWEEP_EXIT_CODES), ("summarize", SUMMARIZE_EXIT_CODES)):
        with pytest.raises(SystemExit) as info:
            main([command, "--help", "--lang", lang] if lang == "en" else [command, "--help"])
        assert info.value.code == 0
        text = capsys.readouterr().out
        k = 0 if lang == "zh" else 1
        assert ("退出码：" if lang == "zh" else "exit codes:") in text
        for code, meaning in codes.items():
            assert f"  {code:<4} {meaning[k]}" in text
        body = text.split("退出码：" if lang == "zh" else "exit codes:")[0]
        if lang == "en":
            assert not CJK.search(body), body
        else:
            assert "选项" in body and "显示本帮助并退出" in body


def test_progress_and_status_lines_follow_the_language(tiny_sweep_file, tmp_path, capsys):
    out = tmp_path / "s"
    assert main(["sweep", str(tiny_sweep_file), "--out", str(out), "--workers", "0"]) == 0
    err = capsys.readouterr().err
    assert "36 次运行" in err and "运行 36/36（100%）" in err and "失败 0" in err, err
    assert "runs/s" not in err
    assert main(["sweep", str(tiny_sweep_file), "--out", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "resumed: skipped 36 stored runs" in err and not CJK.search(err), err


def test_a_design_over_the_limit_needs_yes(tmp_path, capsys, monkeypatch):
    import scenarios.spec

    monkeypatch.setattr(scenarios.spec, "MAX_RUNS", 10)
    f = tmp_path / "big.toml"
    f.write_text(TINY_SWEEP, encoding="utf-8")
    assert main(["sweep", str(f), "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "36 次运行" in err and "--yes" in err and "超过上限 10" in err, err
    assert main(["sweep", str(f), "--out", str(tmp_path / "s"), "--yes", "--workers", "0"]) == 0


def test_summarize_refuses_what_is_not_a_store(tmp_path, capsys, tiny_sweep_file):
    assert main(["summarize", str(tmp_path), "--lang", "en"]) == 2
    assert "not a sweep store" in capsys.readouterr().err
    assert main(["summarize", str(tmp_path)]) == 2
    assert "不是扫描结果文件夹" in capsys.readouterr().err
    out = tmp_path / "s"
    main(["sweep", str(tiny_sweep_file), "--out", str(out), "--workers", "0", "--no-summary"])
    capsys.readouterr()
    assert main(["summarize", str(out), "--out", str(tmp_path / "t.xlsx")]) == 2
    assert ".csv" in capsys.readouterr().err
    assert not (tmp_path / "t.xlsx").exists()
