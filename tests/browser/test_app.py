"""The web app in a real browser (Debian chromium through Playwright), fully offline."""

import json
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

pytestmark = pytest.mark.browser


def quarter(pg) -> str:
    return pg.inner_text(".viz-quarter")


def step_and_wait(pg, n: int = 1) -> float:
    """Click Step n times, waiting for the quarter label to change each time; ms per step."""
    total = 0.0
    for _ in range(n):
        before = quarter(pg)
        t0 = time.perf_counter()
        pg.click(".viz-step")
        pg.wait_for_function(
            "b => document.querySelector('.viz-quarter').innerText !== b", arg=before
        )
        total += time.perf_counter() - t0
    return 1e3 * total / max(n, 1)


def wait_quarter(pg, text: str) -> None:
    pg.wait_for_function(
        "t => document.querySelector('.viz-quarter').innerText.includes(t)", arg=text
    )


def chip_value(pg, indicator: str) -> float:
    return float(pg.get_attribute(f'.viz-chip[data-indicator="{indicator}"]', "data-value"))


def fiscal(pg) -> float:
    return float(pg.get_attribute(".viz-fiscal", "data-value"))


def assert_offline(pg, server):
    host = urlparse(server).hostname
    outside = [
        u
        for u in pg.requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss")
        and urlparse(u).hostname not in (host, "localhost", "127.0.0.1")
    ]
    assert pg.requests, "no request recorded"
    assert not outside, f"requests outside {host}: {outside[:5]}"


def test_load_step_offline(page, server):
    assert "2014年末" in quarter(page)
    assert "宝坻区" in page.inner_text(".viz-title")
    ms = [step_and_wait(page) for _ in range(5)]
    assert "2016年第1季度" in quarter(page)
    page.wait_for_timeout(500)
    assert page.locator(".viz-map svg circle").count() >= 12
    (ARTIFACTS / "browser-step-ms.json").write_text(json.dumps({"step_round_trip_ms": ms}))
    page.screenshot(path=str(ARTIFACTS / "screenshot-zh.png"), full_page=True)
    assert_offline(page, server)


def test_lever_changes_indicator_and_bad_input(page, server):
    page.click(".viz-run-end")
    page.wait_for_function(
        "() => document.querySelector('.viz-quarter').innerText.includes('2025年第4季度')"
    )
    sq_cost, sq_hnte = fiscal(page), chip_value(page, "hnte")
    # an out-of-range value names the lever, the value and the range; the session survives
    box = page.locator(".viz-lever-hnte_cultivation input")
    box.fill("9999")
    box.press("Enter")
    page.wait_for_selector("text=/hnte_cultivation.*9999.*400/")
    assert page.locator(".viz-apply").is_disabled()
    box.fill("abc")
    box.press("Enter")
    page.wait_for_selector("text=/hnte_cultivation.*abc.*不是数字/")
    # plan as written, rebuilt from 2015
    page.click(".viz-preset-plan")
    page.wait_for_selector(".viz-apply:not([disabled])")
    page.wait_for_function(  # the browser draws the new value a moment after the button
        "() => document.querySelector('.viz-lever-hnte_cultivation input').value === '60'",
        timeout=5000,
    )
    page.click(".viz-mode-rebuild")
    page.wait_for_selector(".viz-mode-rebuild.v-btn--active")
    page.click(".viz-apply")
    page.wait_for_selector(".viz-msg-ok")
    page.wait_for_function(
        "() => document.querySelector('.viz-quarter').innerText.includes('2014年末')"
    )
    page.click(".viz-run-end")
    page.wait_for_function(
        "() => document.querySelector('.viz-quarter').innerText.includes('2025年第4季度')"
    )
    assert fiscal(page) > sq_cost
    assert chip_value(page, "hnte") != sq_hnte
    assert_offline(page, server)


def test_language_switch(page, server):
    step_and_wait(page, 2)
    page.click(".viz-lang-en")
    wait_quarter(page, "Current quarter: 2015 Q2")
    page.wait_for_function("() => document.querySelector('.viz-title').innerText.includes('Baodi')")
    page.wait_for_selector("text=Policy levers")
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "screenshot-en.png"), full_page=True)
    page.click(".viz-tab-targets")
    page.wait_for_selector(".viz-target-panel")
    assert page.locator(".viz-target-panel").count() == 11
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "screenshot-en-targets.png"), full_page=True)
    page.click(".viz-lang-zh")
    wait_quarter(page, "当前季度: 2015年第2季度")


def test_click_park_and_firm(page, server):
    step_and_wait(page, 3)
    page.click(".viz-node-tianbao")
    page.wait_for_selector(".viz-park-title")
    assert "天宝工业园 / Tianbao Industrial Park" in page.inner_text(".viz-park-title")
    page.wait_for_selector("text=按梯度和产业分的企业")
    page.locator(".viz-firm").first.click()
    page.wait_for_selector(".viz-firm-history img", timeout=30000)
    page.screenshot(path=str(ARTIFACTS / "screenshot-park.png"), full_page=True)
    assert_offline(page, server)


def test_compare(page, server):
    page.click(".viz-tab-compare")
    seeds = page.locator(".viz-seeds input")
    seeds.fill("50")
    seeds.press("Enter")
    page.click(".viz-run-compare")
    page.wait_for_selector("text=/种子数.*50.*1–20/")
    seeds.fill("3")
    seeds.press("Enter")
    page.click(".viz-run-compare")
    page.wait_for_selector(".viz-progress-text")
    page.wait_for_selector(".viz-compare-done", timeout=90000)
    page.wait_for_selector(".viz-fan img")
    assert re.search(r"6/6", page.inner_text(".viz-progress-text"))
    page.screenshot(path=str(ARTIFACTS / "screenshot-compare.png"), full_page=True)
    assert_offline(page, server)


def test_ten_sessions_step_independently(browser, server):
    ctxs = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(10)]
    try:
        pages = [c.new_page() for c in ctxs]
        for pg in pages:
            pg.set_default_timeout(60000)
            pg.goto(server, wait_until="commit")
        for pg in pages:
            pg.wait_for_selector(".viz-quarter", timeout=120000)
        for i, pg in enumerate(pages):
            step_and_wait(pg, i + 1)  # session i runs i + 1 quarters
        for i, pg in enumerate(pages):
            want = f"{2015 + i // 4}年第{i % 4 + 1}季度"
            assert want in quarter(pg), (i, quarter(pg))
    finally:
        for c in ctxs:
            c.close()


def test_no_console_error_no_outside_request_no_banner(page, server):
    """The first load: nothing fails (no KaTeX 404, no "Script error"), nothing leaves 127.0.0.1."""
    page.wait_for_timeout(1500)
    for tab in (".viz-tab-targets", ".viz-tab-compare", ".viz-tab-sources", ".viz-tab-map"):
        page.click(tab)
        page.wait_for_timeout(700)
    assert not page.errors, page.errors
    assert not any("katex" in u for u in page.requests)
    assert_offline(page, server)
    assert "runs on" not in page.inner_text("body")
    assert "Solara" not in page.inner_text("body")
