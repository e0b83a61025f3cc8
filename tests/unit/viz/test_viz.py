import argparse
import math
import os

import pytest

from sim.errors import SimError
from sim.model import BaodiModel
from viz import i18n
from viz.cli import register
from viz.compare import check_seeds, compare
from viz.render import (
    cjk_font,
    firm_history_figure,
    map_svg,
    node_stats,
    target_status,
    targets_svg,
    to_png,
)
from viz.session import Session, check_lever, check_seed, preset_texts


@pytest.fixture(scope="module")
def model():
    return BaodiModel(history=True, seed=1).run(2022)


def test_cjk_font_is_found():
    path = cjk_font()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("no CJK font (apt-get install fonts-noto-cjk)")
        pytest.skip("no CJK font: fonts-noto-cjk not installed")
    import matplotlib
    from matplotlib import font_manager

    family = matplotlib.rcParams["font.sans-serif"][0]
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert found == path and "CJK" in family


def test_map_has_every_node_in_both_languages(model):
    r = model.region
    zh, en = map_svg(model, "zh"), map_svg(model, "en", colour="mix")
    assert zh.count("<title>") >= len(r.nodes)
    from html import escape

    for n in r.nodes:
        assert escape(n.zh) in zh and escape(n.en) in en
    st = node_stats(model)
    assert st["firms"].sum() == st["mix"].sum() > 0
    assert (st["collab"] == st["collab"].T).all()


def test_targets_panels_and_status(model):
    rows = target_status(model)
    assert len(rows) == 11
    assert {r["status"] for r in rows} <= {"on_track", "behind"}  # 2022: in the plan period
    assert targets_svg(model, "zh").count('class="viz-target-panel"') == 11
    assert targets_svg(model, "en").count('class="viz-panel-unit"') == 11
    fresh = BaodiModel(seed=2)
    assert {r["status"] for r in target_status(fresh)} == {"not_run"}


def test_status_follows_the_plan_calendar():
    """Before 2021 the 2021–25 targets have not started; at 2025Q4 they are met or not met.

    The same rule and words as ``baodi-sim run`` (:func:`sim.indicators.target_status`).
    """
    from viz.render import state_label

    m = BaodiModel(seed=3, history=True)
    assert state_label(m, "zh").startswith("初始状态（2014年末") and "2015 Q1" in state_label(
        m, "en"
    )
    m.run(2020)
    assert {r["status"] for r in target_status(m)} == {"not_started"}
    assert state_label(m, "en") == "2020 Q4"
    m.run(2025)
    end = target_status(m)
    assert {r["status"] for r in end} <= {"met", "not_met"}
    assert all((r["status"] == "met") == (r["value"] >= r["target"]) for r in end)
    assert i18n.t("not_met", "zh") == "未达成" and i18n.t("behind", "en") == "behind"


def test_firm_history_png(model):
    from sim.views import firm_history

    png = to_png(firm_history_figure(firm_history(model, 0), "zh", "企业历史"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_text_key_is_bilingual():
    for key, (zh, en) in i18n.TEXT.items():
        assert zh and en, key
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) or key in ("title",), key


def test_lever_checks_name_field_value_and_range():
    assert check_lever("hnte_cultivation", "60") is None
    msg = check_lever("hnte_cultivation", "9999")
    assert "hnte_cultivation" in msg and "9999" in msg and "400" in msg
    assert "must be a number" in check_lever("rd_subsidy", "abc")
    with pytest.raises(SimError, match="seed"):
        check_seed("-1")
    with pytest.raises(SimError, match=r"\[1, 20\]"):
        check_seeds("50")


def test_sessions_are_independent_and_survive_bad_input():
    a, b = Session(), Session()
    a.step(3)
    assert a.model.quarter == 3 and b.model.quarter == 0
    texts = preset_texts("plan")
    bad = {**texts, "rd_subsidy": "5"}
    before = a.model
    with pytest.raises(SimError, match="rd_subsidy"):
        a.apply(bad, "rebuild")
    assert a.model is before and a.model.quarter == 3
    a.apply(texts, "continue")
    assert a.model.quarter == 3 and a.model.levers.value("rd_subsidy", 2022) == 0.10
    a.apply(texts, "rebuild")
    assert a.model.quarter == 0


def test_compare_bands():
    from sim.levers import LeverSchedule

    ba, bb = compare(LeverSchedule(), LeverSchedule(preset="plan"), 2, ["hnte"])
    lo, mid, hi = ba["hnte"]
    assert list(ba["t"]) == list(range(2015, 2026))  # year ends, from the sweep layer
    assert len(mid) == 11 and (lo <= mid).all() and (mid <= hi).all()
    assert not math.isnan(bb["hnte"][1][-1])


def test_cli_registers_viz():
    p = argparse.ArgumentParser()
    register(p.add_subparsers())
    args = p.parse_args(["viz"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    args = p.parse_args(["viz", "--host", "0.0.0.0", "--port", "9000"])
    assert callable(args.func) and args.port == 9000


def test_sim_never_imports_solara():
    import subprocess
    import sys

    code = "import sim.model, sim.views, sys; print('solara' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_chinese_survives_a_reset_of_matplotlib_defaults():
    """Other libraries may reset rcParams between renders; Chinese must still render."""
    import warnings

    import matplotlib
    import numpy as np

    from viz import render

    render.cjk_font()
    matplotlib.rcdefaults()
    t = np.arange(2015, 2026)
    bands = {k: {"t": t, "hnte": (t * 0, t * 0 + 1, t * 0 + 2)} for k in ("维持现状", "规划方案")}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        fig = render.fan_figure(bands, ["hnte"], ("维持现状", "规划方案"), "zh")
        assert render.to_png(fig)[:4] == b"\x89PNG"


def test_errors_show_in_the_pages_language():
    from scenarios.errors import error

    err = error("seeds")
    assert i18n.error_text(err, "zh") == "必须是正整数（每个试验的种子数）"
    assert i18n.error_text(err, "en") == "must be a positive integer (seeds per experiment)"
    plain = SimError("no Chinese")  # an error without .zh is shown as written
    assert i18n.error_text(plain, "zh") == i18n.error_text(plain, "en") == "no Chinese"
