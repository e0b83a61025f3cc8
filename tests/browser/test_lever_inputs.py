"""Lever inputs in a real browser: what the CLI prints is accepted; errors show in place."""

import pytest

pytestmark = pytest.mark.browser


def set_lever(pg, lever: str, text: str) -> None:
    box = pg.locator(f".viz-lever-{lever} input")
    box.fill(text)
    box.press("Enter")
    pg.wait_for_function(
        "([l, t]) => document.querySelector(`.viz-lever-${l} input`).value === t", arg=[lever, text]
    )
    pg.wait_for_timeout(300)


def box(pg, selector: str) -> dict:
    return pg.locator(selector).first.bounding_box()


def test_inputs_as_printed_and_errors_in_place(page):
    for lever, text in [
        ("zgc_attraction", "1,000"),
        ("guidance_fund", "１００００"),
        ("rd_subsidy", "10%"),
        ("policy_stack", "５０％"),
        ("hnte_cultivation", "2021: 40; 2023: 1,00".replace("1,00", "100")),
    ]:
        set_lever(page, lever, text)
    assert page.locator(".viz-field-error").count() == 0
    assert not page.locator(".viz-apply").is_disabled()
    assert page.locator(".viz-apply-reason").count() == 0
    # a bad value: the message sits under its field, above the next one, in Chinese
    set_lever(page, "tier_grant", "1,000")
    err = page.locator(".viz-error-tier_grant")
    err.wait_for()
    assert "梯度企业认定奖励" in err.inner_text() and "0–100" in err.inner_text()
    field, msg = box(page, ".viz-lever-tier_grant"), box(page, ".viz-error-tier_grant")
    nxt = box(page, ".viz-lever-loan_subsidy")
    assert msg["y"] >= field["y"] + field["height"] - 1
    assert msg["y"] + msg["height"] <= nxt["y"] + 1
    # Apply is disabled and says why
    assert page.locator(".viz-apply").is_disabled()
    assert "梯度企业认定奖励" in page.inner_text(".viz-apply-reason")
    set_lever(page, "hnte_cultivation", "10%")
    page.wait_for_selector(".viz-error-hnte_cultivation")
    assert "2 项" in page.inner_text(".viz-apply-reason")
    # the same messages in English after a switch
    page.click(".viz-lang-en")
    page.wait_for_selector("text=Post-certification grant (tier_grant)")
    assert "share-type" in page.inner_text(".viz-error-hnte_cultivation")
    assert "2 input(s)" in page.inner_text(".viz-apply-reason")
    set_lever(page, "tier_grant", "30")
    set_lever(page, "hnte_cultivation", "６０")
    page.wait_for_selector(".viz-apply:not([disabled])")
    page.click(".viz-apply")
    page.wait_for_selector(".viz-msg-ok")
    assert not page.errors, page.errors
