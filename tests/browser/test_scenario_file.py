"""Scenario files in a real browser: every problem at once in the page's language; a good
file fills the lever inputs (phased by year) and the inputs download as a file the CLI reads."""

from pathlib import Path

import pytest

from sim.levers import LeverSchedule
from viz.inputs import read_scenario

pytestmark = pytest.mark.browser

BAD = """preset = "plann"
colour = 1
[levers]
hnte_cultivaton = 3
rd_subsidy = { 2019 = 0.1, 2022 = 5 }
"""

GOOD = """name = "talent first"
preset = "plan"
[levers]
talent_subsidy = 5
talent_housing = { 2021 = 500, 2023 = 1500 }
"""


def paste_and_load(pg, text: str) -> None:
    box = pg.locator(".viz-scenario-text textarea")
    box.fill(text)
    pg.wait_for_timeout(400)
    pg.click(".viz-scenario-load")


def expect_good_levers(pg) -> None:
    """GOOD has loaded: its name is said and the lever inputs show its values (phased by year)."""
    pg.wait_for_selector(".viz-scenario-ok")
    assert "talent first" in pg.inner_text(".viz-scenario-ok")
    pg.wait_for_function(
        "() => document.querySelector('.viz-lever-talent_housing input').value"
        " === '2021: 500; 2023: 1500'"
    )
    for lever, want in (("talent_subsidy", "5"), ("hnte_cultivation", "60")):  # 60: the plan's
        pg.wait_for_function(
            "([l, w]) => document.querySelector(`.viz-lever-${l} input`).value === w",
            arg=[lever, want],
            timeout=5000,
        )


def test_scenario_with_errors_then_without(page, tmp_path):
    paste_and_load(page, BAD)
    page.wait_for_selector(".viz-scenario-errors")
    zh = page.inner_text(".viz-scenario-errors")
    assert "5 个问题" in zh
    assert "未知杠杆预设“plann”（是不是“plan”？）" in zh
    assert "是不是“hnte_cultivation”" in zh and "年份 2019 早于允许的年份 2021–2025" in zh
    page.click(".viz-lang-en")
    page.wait_for_selector("text=5 problem(s); nothing was loaded")
    en = page.inner_text(".viz-scenario-errors")
    assert "unknown lever preset 'plann' (did you mean 'plan'?)" in en
    assert "lever 'rd_subsidy' = 5 outside allowed range [0, 0.3] share of R&D" in en
    # nothing was loaded
    assert page.locator(".viz-lever-talent_subsidy input").input_value() == "1"
    paste_and_load(page, GOOD)
    expect_good_levers(page)
    # download: the file reads back to the same levers
    with page.expect_download() as dl:
        page.click(".viz-scenario-download button")
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    sc = read_scenario(text)
    assert not sc.problems
    assert sc.levers == LeverSchedule(
        {"talent_subsidy": 5, "talent_housing": {2021: 500, 2023: 1500}}, preset="plan"
    )
    p = tmp_path / "s.toml"
    p.write_text(text, encoding="utf-8")
    assert LeverSchedule.from_toml(p) == sc.levers  # what `baodi-sim run --levers` reads
    # apply it: the model rebuilds with the phased levers
    page.click(".viz-mode-rebuild")
    page.click(".viz-apply")
    page.wait_for_selector(".viz-msg-ok")
    assert not page.errors, page.errors


def upload(pg, path: Path) -> None:
    """Choose ``path`` in the scenario upload's file input (as the browser's file picker does)."""
    pg.locator(".viz-scenario-drop input[type=file]").set_input_files(str(path))


def test_scenario_upload_by_file_with_errors_then_without(page, tmp_path):
    """The upload widget, not the paste box: all problems in the page's language, then levers."""
    bad = tmp_path / "bad-plan.toml"
    bad.write_text(BAD, encoding="utf-8")
    upload(page, bad)
    page.wait_for_selector(".viz-scenario-errors")
    zh = page.inner_text(".viz-scenario-errors")
    assert "5 个问题" in zh and "bad-plan.toml" in zh, zh
    for part in (
        "未知杠杆预设“plann”（是不是“plan”？）",
        "未知顶层键“colour”",
        "未知杠杆“hnte_cultivaton”（是不是“hnte_cultivation”？）",
        "年份 2019 早于允许的年份 2021–2025",
        "“rd_subsidy”",
    ):
        assert part in zh, (part, zh)
    assert "did you mean" not in zh and "unknown" not in zh
    assert "bad-plan.toml" in page.inner_text(".viz-scenario-drop")  # the chosen file is named
    page.click(".viz-lang-en")
    page.wait_for_selector("text=5 problem(s); nothing was loaded")
    en = page.inner_text(".viz-scenario-errors")
    for part in (
        "unknown lever preset 'plann' (did you mean 'plan'?)",
        "unknown top-level key 'colour'",
        "unknown lever 'hnte_cultivaton' (did you mean 'hnte_cultivation'?)",
        "lever 'rd_subsidy' = 5 outside allowed range [0, 0.3] share of R&D",
    ):
        assert part in en, (part, en)
    assert "是不是" not in en
    assert page.locator(".viz-lever-talent_subsidy input").input_value() == "1"  # nothing loaded
    good = tmp_path / "talent.toml"
    good.write_text(GOOD, encoding="utf-8")
    upload(page, good)
    expect_good_levers(page)
    assert not page.locator(".viz-scenario-errors").count()
    # applied: the model rebuilds with the uploaded levers
    page.click(".viz-mode-rebuild")
    page.click(".viz-apply")
    page.wait_for_selector(".viz-msg-ok")
    assert not page.errors, page.errors
