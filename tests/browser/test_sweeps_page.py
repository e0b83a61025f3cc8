"""The Sweeps tab and "how likely?" in a real browser, on real sweep stores."""

import json
import time
from pathlib import Path

import pytest
from conftest import open_app

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def open_store(pg, name: str) -> None:
    pg.click(".viz-tab-sweeps")
    pg.click(".viz-store-select")
    pg.locator(".v-menu__content .v-list-item", has_text=name).first.click()
    pg.wait_for_selector(".viz-sweep-fans svg")


def test_sweeps_page_store_filter_download(page, server, sweeps_dir):
    open_store(page, "tiny")
    runs = page.locator(".viz-store-runs")
    assert runs.get_attribute("data-done") == runs.get_attribute("data-total") == "18"
    assert page.locator(".viz-sweep-fans svg.viz-fan-panel").count() == 2  # tiny: 2 targets
    assert page.locator(".viz-pmet svg").count() == 1
    assert "18/18" in page.inner_text(".viz-runs-selected")
    # narrow the sampled parameter: fewer runs are counted
    slider = page.locator(".viz-filter-param_growth_mu .v-slider__thumb-container").first
    slider.focus()
    for _ in range(60):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => !document.querySelector('.viz-runs-selected').innerText.includes('18/18')"
    )
    # the summary as CSV, through the browser's download
    with page.expect_download() as dl:
        page.click(".viz-download-csv button")
    data = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert data.startswith("package,target,target_value,n_runs")
    # the planning report of the store (viz.report), self-contained HTML
    with page.expect_download(timeout=60000) as dl:
        page.click(".viz-download-report button")
    html = Path(dl.value.path()).read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "<img" in html
    page.click(".viz-lang-en")
    page.wait_for_selector("text=Probability of meeting each 2025 target")
    assert "Status quo" in page.inner_text(".viz-sweep-legend")
    assert not page.errors, page.errors


def test_how_likely_streams_without_blocking_others(browser, server, sweeps_dir):
    """Ten sessions: one runs "how likely?" (plan vs status quo), nine keep stepping."""
    ctxs = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(10)]
    try:
        pages = [open_app(c, server) for c in ctxs]
        runner, others = pages[0], pages[1:]
        runner.click(".viz-preset-plan")
        runner.wait_for_timeout(500)
        seeds = runner.locator(".viz-hl-seeds input")
        seeds.fill("0")
        seeds.press("Enter")
        runner.click(".viz-how-likely")
        runner.wait_for_selector(".viz-hl-error")
        assert "1–1,000" in runner.inner_text(".viz-hl-error")
        seeds.fill("12")
        seeds.press("Enter")
        runner.click(".viz-how-likely")
        runner.wait_for_selector(".viz-hl-running")
        runner.wait_for_selector(".viz-store-runs")  # the Sweeps tab opened on its store
        # other sessions step while it runs, each on its own model
        step_ms = []
        for i, pg in enumerate(others):
            for _ in range(i % 3 + 1):
                before = pg.inner_text(".viz-quarter")
                t0 = time.perf_counter()
                pg.click(".viz-step")
                pg.wait_for_function(
                    "b => document.querySelector('.viz-quarter').innerText !== b",
                    arg=before,
                    timeout=15000,
                )
                step_ms.append(1e3 * (time.perf_counter() - t0))
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "how-likely-step-ms.json").write_text(
            json.dumps({"step_round_trip_ms_during_sweep": step_ms})
        )
        assert (
            runner.locator(".viz-hl-running").count() == 1
            or runner.locator(".viz-hl-done").count() == 1
        )
        # partial results appear before the end, then all of them
        runner.wait_for_function(
            "() => { const e = document.querySelector('.viz-store-runs');"
            " return e && +e.dataset.done > 0; }",
            timeout=120000,
        )
        runner.wait_for_selector(".viz-hl-done", timeout=180000)
        runner.wait_for_function(
            "() => { const e = document.querySelector('.viz-store-runs');"
            " return e && e.dataset.done === e.dataset.total; }",
            timeout=30000,
        )
        assert runner.inner_text(".viz-hl-text").endswith("24/24")
        runner.wait_for_function(
            "() => document.querySelectorAll('.viz-sweep-fans svg.viz-fan-panel').length === 11"
        )
        stores = list((sweeps_dir / "how-likely").iterdir())
        assert stores and all((s / "manifest.json").is_file() for s in stores)
        for i, pg in enumerate(others):
            assert f"2015年第{i % 3 + 1}季度" in pg.inner_text(".viz-quarter")
            assert pg.locator(".viz-store-runs").count() == 0
        for pg in pages:
            assert not pg.errors, pg.errors
    finally:
        for c in ctxs:
            c.close()


def test_how_likely_stop_keeps_what_finished(page, sweeps_dir):
    seeds = page.locator(".viz-hl-seeds input")
    seeds.fill("400")
    seeds.press("Enter")
    page.wait_for_timeout(300)
    page.click(".viz-how-likely")
    page.wait_for_selector(".viz-hl-running")
    page.wait_for_function(
        "() => { const e = document.querySelector('.viz-hl-text');"
        " return e && !e.innerText.includes(' 0/'); }",
        timeout=60000,
    )
    page.click(".viz-hl-stop")
    page.wait_for_selector(".viz-hl-stopped", timeout=60000)
    assert "已停止" in page.inner_text(".viz-hl-text")
    page.wait_for_function(
        "() => { const e = document.querySelector('.viz-store-runs');"
        " return e && +e.dataset.done > 0 && +e.dataset.done < +e.dataset.total; }",
        timeout=30000,
    )
    assert not page.locator(".viz-how-likely").is_disabled()  # a new one can start
    assert not page.errors, page.errors
