"""Every page (tab) in Chinese and English: drawn, no console error, nothing leaves 127.0.0.1.

Screenshots go to ``artifacts/pages/``; with ``BAODI_DOCS_SCREENSHOTS=1`` also to ``docs/``
as small palette PNGs (``docs/screen-<page>-<lang>.png``).
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGES = {  # tab class -> what shows the page has drawn
    "map": ".viz-map svg",
    "targets": ".viz-target-panel",
    "compare": ".viz-run-compare",
    "sweeps": ".viz-store-folder",
    "sources": ".viz-md table",
}
WORDS = {"zh": "宝坻区科技创新生态模拟", "en": "Baodi innovation ecosystem simulator"}


def save(pg, name: str) -> None:
    out = ROOT / "artifacts" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    pg.screenshot(path=str(path))
    if os.environ.get("BAODI_DOCS_SCREENSHOTS") == "1":
        from PIL import Image

        img = Image.open(path).convert("RGB")
        img = img.resize((img.width * 3 // 4, img.height * 3 // 4), Image.LANCZOS)
        img = img.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        img.save(ROOT / "docs" / f"screen-{name}.png", optimize=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page(browser, server, lang, app_page):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pg = app_page(ctx, server, f"?lang={lang}")
        assert WORDS[lang] in pg.inner_text(".viz-title")
        pg.click(".viz-run-end")
        pg.wait_for_function(
            "() => /2025(年第4季度| Q4)/.test(document.querySelector('.viz-quarter').innerText)",
            timeout=60000,
        )
        for tab, drawn in PAGES.items():
            pg.click(f".viz-tab-{tab}")
            pg.wait_for_selector(drawn)
            if tab == "sweeps":
                pg.click(".viz-store-select")
                pg.locator(".v-menu__content .v-list-item").first.click()
                pg.wait_for_selector(".viz-sweep-fans svg")
            pg.wait_for_timeout(600)
            body = pg.inner_text("body")
            if lang == "en":  # no Chinese outside names that are Chinese (places, 星创天地...)
                assert "尚未运行" not in body and "政策杠杆" not in body
            else:
                assert "Policy levers" not in body and "not run yet" not in body
            if tab == "sources":  # parameters' units, mechanisms and sources in the language
                zh = "假设；地区文件 firms_2015" in body and "× 2015年企业数" in body
                en = "assumed; region file firms_2015" in body
                assert (zh, en) == ((True, False) if lang == "zh" else (False, True))
            save(pg, f"{tab}-{lang}")
        assert "runs on Solara" not in pg.inner_text("body")
        assert not pg.errors, pg.errors
        host = urlparse(server).hostname
        outside = [u for u in pg.requests if urlparse(u).hostname not in (host, None, "")]
        assert not outside, outside[:5]
    finally:
        ctx.close()


def test_reload_keeps_levers_and_language(page):
    page.click(".viz-preset-plan")
    page.wait_for_timeout(500)
    box = page.locator(".viz-lever-hnte_cultivation input")
    box.fill("2021: 40; 2023: 100")
    box.press("Enter")
    page.wait_for_timeout(500)
    page.click(".viz-lang-en")
    page.wait_for_function("() => location.search.includes('lang=en')")
    page.reload()
    page.wait_for_selector(".viz-quarter", timeout=90000)
    assert "Baodi" in page.inner_text(".viz-title")
    page.wait_for_function(
        "() => document.querySelector('.viz-lever-hnte_cultivation input').value"
        " === '2021: 40; 2023: 100'"
    )
    assert page.locator(".viz-lever-talent_subsidy input").input_value() == "3"  # plan
    assert not page.errors, page.errors
