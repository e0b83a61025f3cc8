"""The officials' web app (Solara): network map, levers, targets, run controls, compare, sources.

Serve with ``baodi-sim viz`` (or ``solara run viz.app:Page``). Each browser session builds
its own :class:`viz.session.Session` (``solara.use_memo`` inside the page), so tabs never
share a model. All labels are in Chinese by default and English by a switch.
"""

import math
import os
import threading
import time
import uuid
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import markdown as _markdown
import solara
import solara.server.settings

import scenarios
from scenarios.progress import Progress
from sim.errors import SimError
from sim.fields import LABELS
from sim.indicators import TARGET_INDICATORS
from sim.levers import LEVERS, PROJECTS, LeverSchedule
from sim.params import PARAM_SPECS
from sim.params_zh import param_text, tag_text
from sim.region import load_region
from sim.views import firm_history, firms_frame

from . import i18n
from .compare import MAX_SEEDS as MAX_COMPARE_SEEDS
from .compare import compare
from .i18n import t
from .inputs import Problem, parse_int, read_scenario, scenario_toml
from .render import (
    MAP_H,
    MAP_W,
    STATUS_COLOURS,
    STATUS_TINTS,
    fan_figure,
    firm_history_figure,
    legend_height,
    map_svg,
    map_xy,
    node_radius,
    node_stats,
    render_step_ms,
    state_label,
    target_status,
    targets_svg,
)
from .session import (
    MAX_SEED,
    Session,
    lever_problem,
    preset_texts,
    schedule_from,
    schedule_texts,
    state_from_query,
    state_query,
)
from .sweeps import (
    StoreView,
    fan_svg,
    filter_runs,
    legend_html,
    list_stores,
    package_label,
    pmet_svg,
    sampled_ranges,
    store_signature,
    summary_csv,
)
from .upload import FileUpload

__all__ = ["Page", "render_step_ms"]

# No "This website runs on Solara" banner over the page (it is English-only and covers
# content); the loader's text is set the same way. Read per request by Solara's template.
solara.server.settings.theme.show_banner = False

PLAY_DELAY_S = 0.4
SWEEPS_TAB = 3  # index of the Sweeps tab
PLAN_TOML = Path(scenarios.__file__).with_name("plan.toml")
SWEEPS_DIR_ENV = "BAODI_SWEEPS_DIR"  # where "how likely?" writes its stores (default ./sweeps)
HOW_LIKELY_SEEDS = 100
HOW_LIKELY_MAX_SEEDS = 1000
LIVE_REFRESH_S = 1.0  # a running sweep's store is re-read at most this often
CSS = """
.viz-node-btn { position: absolute !important; min-width: 0 !important; padding: 0 !important;
  border-radius: 50% !important; background: transparent !important; box-shadow: none !important; }
.viz-node-btn:hover { background: rgba(255, 23, 68, 0.15) !important; }
.viz-map-wrap { position: relative; }
.viz-targets { display: flex; flex-wrap: wrap; gap: 8px; }
.viz-summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
  gap: 4px 6px; margin: 4px 0 8px 0; }
.viz-chip { display: block; padding: 3px 8px; border-radius: 4px; color: #263238;
  font-size: 13px; line-height: 1.35; }
body, .v-application { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', Roboto, sans-serif; }
.viz-lever .v-text-field__details { display: none !important; }
.viz-lever.v-input { margin: 0 0 6px 0; padding-top: 0; }
.viz-lever-label { font-size: 12px; line-height: 1.3; color: #546e7a; margin-top: 6px; }
.viz-lever-label.viz-bad { color: #b71c1c; }
.v-card__title { word-break: normal !important; }
.v-btn, .v-tab { text-transform: none !important; letter-spacing: normal !important; }
.viz-field-error { color: #b71c1c; font-size: 12px; line-height: 1.35; margin: -2px 0 10px 0;
  white-space: normal; overflow-wrap: anywhere; }
.viz-apply-reason { color: #b71c1c; font-size: 13px; line-height: 1.4; margin: 6px 0;
  overflow-wrap: anywhere; }
.viz-help { color: #546e7a; font-size: 12px; line-height: 1.35; margin: 4px 0 8px 0; }
.viz-md table { border-collapse: collapse; font-size: 13px; margin: 6px 0 14px 0; }
.viz-md th, .viz-md td { border: 1px solid #cfd8dc; padding: 3px 6px; vertical-align: top; }
.viz-md th { background: #eceff1; }
"""


def Md(text: str, classes: list[str] | None = None):  # noqa: N802 — used like a component
    """Markdown rendered on the server into HTML.

    ``solara.Markdown`` loads KaTeX from the assets CDN, which solara-assets does not ship
    (404s and a "Script error" on every page); the app has no formulas, so it renders
    Markdown (with tables) here and sends plain HTML.
    """
    html = _markdown.markdown(text, extensions=["tables"])
    return solara.HTML(tag="div", unsafe_innerHTML=html, classes=["viz-md", *(classes or [])])


def _fmt(v: float, unit: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if unit == "share":
        return f"{100 * v:.2f}%"
    return f"{v:,.1f}" if v != int(v) else f"{v:,.0f}"


# ------------------------------------------------------------------------------ pieces
@solara.component
def SummaryStrip(sess: Session, lang: str, tick: int):  # noqa: N802 — Solara components are CamelCase
    """Met / on track / off track chip for each of the eleven targets."""
    with sess.lock:
        rows = target_status(sess.model)
        fiscal = sess.model.current.get("fiscal_cost_cum", 0.0) if sess.model.quarter else 0.0
    chips = []
    for r in rows:
        label = r["zh"] if lang == "zh" else r["en"]
        unit = "" if r["unit"] == "share" else f" {i18n.unit(r['unit'], lang)}"
        c = STATUS_COLOURS[r["status"]]
        chips.append(
            f'<span class="viz-chip viz-status-{r["status"]}" data-indicator="{r["indicator"]}" '
            f'data-value="{r["value"]}" style="background:{STATUS_TINTS[r["status"]]};'
            f'border-left:5px solid {c}">'
            f"<b>{escape(label)}</b> {_fmt(r['value'], r['unit'])} / "
            f"{_fmt(r['target'], r['unit'])}{unit} "
            f'<span style="color:{c};font-weight:600">{t(r["status"], lang)}</span></span>'
        )
    fc = i18n.indicator("fiscal_cost_cum", lang)
    chips.append(
        f'<span class="viz-chip viz-fiscal" data-value="{fiscal}" '
        f'style="background:#eceff1;border-left:5px solid #455a64"><b>{fc}</b> '
        f"{fiscal:,.2f} {i18n.unit('100m yuan', lang)}</span>"
    )
    solara.HTML(tag="div", unsafe_innerHTML="".join(chips), classes=["viz-summary"])


@solara.component
def RunControls(sess: Session, lang: str, tick, playing, message):  # noqa: N802 — Solara components are CamelCase
    """Step, play, pause, reset, run to 2025, seed and the current quarter."""
    seed_text = solara.use_reactive(str(sess.seed))
    seed_error = solara.use_reactive(None)

    def bump():
        tick.value += 1

    def do_step():
        sess.step()
        bump()

    def do_end():
        playing.value = False
        sess.run_to_end()
        bump()

    def do_reset():
        playing.value = False
        try:
            sess.reset(parse_int(seed_text.value, 0, MAX_SEED, SEED_LABEL))
            seed_error.value = None
        except Problem as exc:
            seed_error.value = exc
            return
        bump()

    def on_seed(v):
        seed_text.value = v
        try:
            parse_int(v, 0, MAX_SEED, SEED_LABEL)
            seed_error.value = None
        except Problem as exc:
            seed_error.value = exc

    _ = tick.value  # re-render on every step
    running = sess.model.running
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            t("step", lang),
            on_click=do_step,
            disabled=not running,
            classes=["viz-step"],
            color="primary",
            icon_name="mdi-step-forward",
        )
        if playing.value:
            solara.Button(
                t("pause", lang),
                on_click=lambda: playing.set(False),
                classes=["viz-pause"],
                icon_name="mdi-pause",
            )
        else:
            solara.Button(
                t("play", lang),
                on_click=lambda: playing.set(True),
                disabled=not running,
                classes=["viz-play"],
                icon_name="mdi-play",
            )
        solara.Button(
            "→ 2025" if lang == "en" else "运行至2025年",
            on_click=do_end,
            disabled=not running,
            classes=["viz-run-end"],
        )
        solara.Button(
            t("reset", lang), on_click=do_reset, classes=["viz-reset"], icon_name="mdi-restart"
        )
        solara.InputText(
            f"{t('seed', lang)} (0–{2**32 - 1})",
            value=seed_text.value,
            on_value=on_seed,
            error=seed_error.value is not None,
            classes=["viz-seed"],
            style={"max-width": "220px"},
        )
        solara.HTML(
            tag="div",
            classes=["viz-quarter"],
            unsafe_innerHTML=f"<b>{t('quarter', lang)}: {state_label(sess.model, lang)}</b>",
            style="font-size: 20px; margin-left: 16px",
        )
    if not running:
        solara.Info(t("finished", lang))
    if seed_error.value is not None:
        solara.Error(seed_error.value.text(lang), classes=["viz-error"])


SEED_LABEL = ("随机种子", "Seed")


@solara.component
def LeverPanel(  # noqa: N802 — Solara components are CamelCase
    sess: Session, lang: str, tick, message, texts, preset, params, how_likely=None
):
    """The lever catalogue by key project, presets, and continue / rebuild.

    Each input accepts what the CLI prints (``1,000``, ``10%`` for shares, full-width
    digits) or a phasing by year (``2021: 10; 2023: 20``); a bad input's message shows
    under it in the page's language, and the reason Apply is disabled shows beside it.
    ``texts`` and ``preset`` are the page's reactive lever inputs (kept across reloads).
    """
    mode = solara.use_reactive("continue")
    problems = {lid: p for lid, txt in texts.value.items() if (p := lever_problem(lid, txt))}

    def set_preset(p):
        preset.value = p
        texts.value = preset_texts(p)
        params.value = {}

    def load_plan_toml():  # the same file as `baodi-sim run --levers scenarios/plan.toml`
        sc = read_scenario(PLAN_TOML.read_bytes(), "scenarios/plan.toml")
        if sc.problems:
            message.value = ("error", "; ".join(sc.messages(lang)))
            return
        preset.value = sc.levers.preset
        texts.value = schedule_texts(sc.levers)
        params.value = sc.params

    def apply():
        try:
            sess.apply(texts.value, mode.value, preset.value, params.value)
        except SimError as exc:
            message.value = ("error", f"{t('invalid', lang)}: {i18n.error_text(exc, lang)}")
            return
        message.value = ("ok", t("applied_" + mode.value, lang))
        tick.value += 1

    Md(f"### {t('levers', lang)}")
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Button(
            t("preset_sq", lang),
            on_click=lambda: set_preset("status_quo"),
            classes=["viz-preset-sq"],
            outlined=True,
        )
        solara.Button(
            t("preset_plan", lang),
            on_click=lambda: set_preset("plan"),
            classes=["viz-preset-plan"],
            outlined=True,
        )
        solara.Button(
            t("load_plan_toml", lang),
            on_click=load_plan_toml,
            classes=["viz-load-plan-toml"],
            outlined=True,
        )
    solara.HTML(
        tag="div", unsafe_innerHTML=escape(t("preset_plan_help", lang)), classes=["viz-help"]
    )
    solara.Text(t("apply_mode", lang))
    solara.ToggleButtonsSingle(
        value=mode,
        children=[
            solara.Button(t("continue", lang), value="continue", classes=["viz-mode-continue"]),
            solara.Button(t("rebuild", lang), value="rebuild", classes=["viz-mode-rebuild"]),
        ],
    )
    solara.Button(
        t("apply", lang),
        on_click=apply,
        color="primary",
        classes=["viz-apply"],
        disabled=bool(problems),
    )
    with solara.Div(classes=["viz-lever-status"]):  # one slot: the cards below never move
        if problems:
            names = "、".join(
                i18n.name(next(lv for lv in LEVERS if lv.id == k), lang) for k in problems
            )
            solara.HTML(
                tag="div",
                unsafe_innerHTML=escape(
                    t("apply_blocked", lang).format(n=len(problems), names=names)
                ),
                classes=["viz-apply-reason"],
            )
        if message.value:
            kind, text = message.value
            (solara.Error if kind == "error" else solara.Success)(text, classes=[f"viz-msg-{kind}"])
    if how_likely is not None:
        HowLikely(lang, *how_likely)
    ScenarioFile(lang, texts, preset, params, problems)
    solara.HTML(tag="div", unsafe_innerHTML=escape(t("lever_help", lang)), classes=["viz-help"])
    for k, (zh, en, sec) in PROJECTS.items():
        with solara.Card(
            f"{sec} {zh if lang == 'zh' else en}", margin=0, style={"margin-bottom": "8px"}
        ):
            for lv in LEVERS:
                if lv.project != k:
                    continue
                LeverInput(lv, lang, texts, problems.get(lv.id))


@solara.component
def ScenarioFile(lang: str, texts, preset, params, problems: dict):  # noqa: N802 — Solara components are CamelCase
    """Load a scenario file (drop, choose or paste) into the lever inputs; download them as one.

    The file is checked as ``baodi-sim run --levers`` reads it, every problem at once, and
    each problem is shown in the page's language; nothing is loaded while any remains.
    """
    pasted = solara.use_reactive("")
    found = solara.use_reactive(None)  # a viz.inputs.Scenario, or None

    def load(data, name: str):
        sc = read_scenario(data, name)
        found.value = sc
        if not sc.problems:
            preset.value = sc.levers.preset
            texts.value = schedule_texts(sc.levers)
            params.value = sc.params

    with solara.Card(t("scenario_file", lang), margin=0, style={"margin": "8px 0"}):
        with solara.Div(classes=["viz-scenario-drop"]):
            FileUpload(
                label=t("drop_toml", lang),
                pick_label=t("choose_file", lang),
                on_file=lambda f: load(f["data"], f["name"]),
                accept=".toml,text/plain",
            )
        with solara.Div(classes=["viz-scenario-text"]):
            solara.InputTextArea(
                t("paste_toml", lang), value=pasted, continuous_update=True, rows=3
            )
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Button(
                t("check_load", lang),
                on_click=lambda: load(pasted.value, "scenario.toml"),
                outlined=True,
                classes=["viz-scenario-load"],
            )
            if not problems:
                levers = schedule_from(texts.value, preset.value)
                with solara.Div(classes=["viz-scenario-download"]):
                    solara.FileDownload(
                        scenario_toml(levers, params.value),
                        filename="baodi-scenario.toml",
                        label=t("download_toml", lang),
                        mime_type="application/toml",
                    )
        with solara.Div(classes=["viz-scenario-status"]):
            sc = found.value
            if sc is not None and sc.problems:
                items = "".join(f"<li>{escape(m)}</li>" for m in sc.messages(lang))
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f"{escape(t('scenario_problems', lang).format(n=len(sc.problems)))}"
                    f"<ul>{items}</ul>",
                    classes=["viz-field-error", "viz-scenario-errors"],
                )
            elif sc is not None:
                n = sum(len(v) for v in sc.levers.settings.values())
                extra = f"; {len(sc.params)} {t('params_loaded', lang)}" if sc.params else ""
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=escape(
                        t("scenario_loaded", lang).format(name=sc.name or "scenario.toml", n=n)
                        + extra
                    ),
                    classes=["viz-help", "viz-scenario-ok"],
                )


@solara.component
def LeverInput(lv, lang: str, texts, problem):  # noqa: N802 — Solara components are CamelCase
    """One lever's input and its problem in ``lang`` under it.

    The same elements are always there (an empty message is hidden), so a message that
    appears never makes Solara re-create the inputs after it.
    """

    def on_lever(v):
        if v != texts.value[lv.id]:
            texts.value = {**texts.value, lv.id: v}

    label = (
        f"{i18n.name(lv, lang)} [{lv.text('unit', lang)}] ({t('range', lang)} {lv.lo:g}–{lv.hi:g})"
    )
    with solara.Div(classes=["viz-lever-box"]):
        # the label above the field, wrapped (a field's own label is cut to one line)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=escape(label),
            classes=["viz-lever-label", *(["viz-bad"] if problem is not None else [])],
        )
        solara.InputText(
            "",
            value=texts.value[lv.id],
            on_value=on_lever,
            error=problem is not None,
            classes=["viz-lever", f"viz-lever-{lv.id}"],
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=escape(problem.text(lang)) if problem is not None else "",
            classes=["viz-field-error", f"viz-error-{lv.id}"] if problem is not None else [],
            style="" if problem is not None else "display: none",
        )


@solara.component
def ParkPanel(sess: Session, lang: str, node_id: str, tick: int):  # noqa: N802 — Solara components are CamelCase
    """The firms of one park by tier and industry, and a firm's history on click."""
    firm_row = solara.use_reactive(None)
    r = sess.model.region
    node = r.nodes[r.node_index(node_id)]
    solara.HTML(
        tag="h4",
        classes=["viz-park-title"],
        unsafe_innerHTML=f"{t('park', lang)}: {node.zh} / {node.en} ({node.section})",
    )
    if node.external:
        solara.Info(t("external", lang))
        return
    with sess.lock:
        df = firms_frame(sess.model, node=node_id)
    if df.empty:
        solara.Info(t("no_firms", lang))
        return
    tiers = [name for name, *_ in LABELS]
    head = [t("industry", lang), t("total", lang)] + [
        zh if lang == "zh" else en for _n, _b, zh, en in LABELS
    ]
    rows = []
    for ind in r.industries:
        sub = df[df["industry_id"] == ind.id]
        if len(sub):
            rows.append([i18n.name(ind, lang), len(sub)] + [int(sub[c].sum()) for c in tiers])
    rows.append([t("total", lang), len(df)] + [int(df[c].sum()) for c in tiers])
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    Md(f"**{t('firms_by_tier', lang)}**\n\n" + "\n".join(md))
    Md(f"**{t('top_firms', lang)}**")
    top = df.sort_values("revenue", ascending=False).head(12)
    with solara.Row(style={"flex-wrap": "wrap"}):
        for rec in top.itertuples():
            ind = r.industries[int(rec.industry)]
            solara.Button(
                f"#{rec.row} {i18n.name(ind, lang)} {rec.revenue:,.0f}",
                on_click=lambda row=int(rec.row): firm_row.set(row),
                text=True,
                classes=["viz-firm", f"viz-firm-{rec.row}"],
            )
    if firm_row.value is not None:
        with sess.lock:
            hist = firm_history(sess.model, firm_row.value)
        title = f"{t('firm_history', lang)} #{firm_row.value}"
        with solara.Div(classes=["viz-firm-history"]):
            solara.FigureMatplotlib(
                firm_history_figure(hist, lang, title),
                format="png",
                dependencies=[firm_row.value, tick, lang],
            )


@solara.component
def MapView(sess: Session, lang: str, tick: int):  # noqa: N802 — Solara components are CamelCase
    """The 一城多园 network with clickable nodes, and the selected park's firms below."""
    colour = solara.use_reactive("firms")
    selected = solara.use_reactive(None)
    r = sess.model.region
    with sess.lock:
        stats = node_stats(sess.model)
        svg = map_svg(sess.model, lang, colour.value, selected.value, stats)
    xy = map_xy(r)
    rad = node_radius(stats["firms"])
    labels = {t(i18n.COLOUR_KEYS[k], lang): k for k in i18n.COLOUR_MODES}
    solara.Select(
        t("colour_by", lang),
        values=list(labels),
        value=t(i18n.COLOUR_KEYS[colour.value], lang),
        on_value=lambda v: colour.set(labels.get(v, "firms")),
        classes=["viz-colour"],
    )
    Md(f"*{t('click_hint', lang)}*")
    with solara.Div(
        classes=["viz-map-wrap"],
        style={"width": f"{MAP_W}px", "height": f"{MAP_H + legend_height(r, colour.value)}px"},
    ):
        solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["viz-map"])
        for i, nd in enumerate(r.nodes):
            x, y = xy[nd.id]
            rr = 14.0 if nd.external else max(float(rad[i]), 12.0)
            solara.Button(
                "",
                on_click=lambda nid=nd.id: selected.set(nid),
                classes=["viz-node-btn", f"viz-node-{nd.id}"],
                style={
                    "left": f"{x - rr:.0f}px",
                    "top": f"{y - rr:.0f}px",
                    "width": f"{2 * rr:.0f}px",
                    "height": f"{2 * rr:.0f}px",
                },
                title=f"{nd.zh} / {nd.en}",
            )
    if selected.value is not None:
        ParkPanel(sess, lang, selected.value, tick)


@solara.component
def TargetsView(sess: Session, lang: str, tick: int):  # noqa: N802 — Solara components are CamelCase
    """Eleven small panels: series, 2025 target line (red dashed), 2019 baseline (dot)."""
    with sess.lock:
        html = targets_svg(sess.model, lang)
    Md(
        f"<span style='color:#1565c0'>━</span> {t('value', lang)} &nbsp; "
        f"<span style='color:#c62828'>┅</span> {t('target', lang)} 2025 &nbsp; "
        f"<span style='color:#6d4c41'>●</span> {t('baseline', lang)}"
    )
    solara.HTML(tag="div", unsafe_innerHTML=html, classes=["viz-targets"])


PACKAGES = ("status_quo", "plan", "current")
COMPARE_INDICATORS = [*TARGET_INDICATORS, "sei_share", "firms_alive", "fiscal_cost_cum"]
BAODI_TARGETS = {tg.indicator: tg.target for tg in load_region("baodi").targets}


def _year_ends(fig):
    """Mark the fan's points: the sweep layer stores each run's year ends, not its quarters."""
    from matplotlib.ticker import MaxNLocator

    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_linestyle() == "--":  # the target line is not data
                continue
            line.set_marker("o")
            line.set_markersize(3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


@solara.component
def CompareView(sess: Session, lang: str):  # noqa: N802 — Solara components are CamelCase
    """Two lever packages over several seeds in the background; fan charts side by side.

    The runs are a two-package sweep of the sweep layer (:func:`viz.compare.compare`), run
    in this process; progress counts its distinct runs, and a new click cancels the last.
    """
    pkg_a = solara.use_reactive("status_quo")
    pkg_b = solara.use_reactive("plan")
    seeds_text = solara.use_reactive("5")
    chosen = solara.use_reactive(["hnte", "gazelle", "contract_turnover_cum"])
    run_id = solara.use_reactive(0)
    progress = solara.use_reactive((0, 0))
    error = solara.use_reactive(None)  # a viz.inputs.Problem, shown in the page's language
    job = solara.use_reactive(None)
    names = {
        "status_quo": t("preset_sq", lang),
        "plan": t("preset_plan", lang),
        "current": t("current_levers", lang),
    }

    def schedule(p):
        return sess.levers if p == "current" else LeverSchedule(preset=p)

    def start():
        try:
            n = parse_int(seeds_text.value, 1, MAX_COMPARE_SEEDS, ("种子数", "Seeds"))
        except Problem as exc:
            error.value = exc
            return
        error.value = None
        job.value = (
            schedule(pkg_a.value),
            schedule(pkg_b.value),
            n,
            list(chosen.value),
            pkg_a.value,
            pkg_b.value,
        )
        a, b = job.value[:2]
        progress.value = (0, n if a == b else 2 * n)  # equal packages share their runs
        run_id.value += 1

    def work(cancel: threading.Event):
        if job.value is None:
            return None
        a, b, n, inds, na, nb = job.value

        def prog(done, total):
            progress.value = (done, total)

        bands = compare(a, b, n, inds, progress=prog, cancelled=cancel.is_set)
        return bands, inds, na, nb

    result = solara.use_thread(work, dependencies=[run_id.value])
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        back = {v: k for k, v in names.items()}
        for key, pkg in (("package_a", pkg_a), ("package_b", pkg_b)):
            solara.Select(
                t(key, lang),
                values=list(names.values()),
                value=names[pkg.value],
                on_value=lambda v, pkg=pkg: pkg.set(back.get(v, "status_quo")),
                classes=[f"viz-{key}"],
            )
        solara.InputText(
            f"{t('seeds', lang)} (1–20)",
            value=seeds_text,
            error=error.value is not None,
            classes=["viz-seeds"],
        )
        solara.Button(
            t("run_compare", lang), on_click=start, color="primary", classes=["viz-run-compare"]
        )
    ind_names = {i18n.indicator(k, lang): k for k in COMPARE_INDICATORS}
    solara.SelectMultiple(
        t("indicators", lang),
        values=[i18n.indicator(k, lang) for k in chosen.value],
        all_values=list(ind_names),
        on_value=lambda vs: chosen.set([ind_names[v] for v in vs if v in ind_names]),
        classes=["viz-inds"],
    )
    if error.value is not None:
        solara.Error(error.value.text(lang), classes=["viz-error"])
    done, total = progress.value
    if total:
        solara.ProgressLinear(value=100.0 * done / total, classes=["viz-progress"])
        solara.Text(f"{t('progress', lang)}: {done}/{total}", classes=["viz-progress-text"])
    if result.state == solara.ResultState.FINISHED and result.value is not None:
        (ba, bb), inds, na, nb = result.value
        la, lb = f"A: {names[na]}", f"B: {names[nb]}"
        solara.Success(
            f"{t('compare_done', lang)} — {t('fan_note', lang)}", classes=["viz-compare-done"]
        )
        with solara.Div(classes=["viz-fan"]):
            solara.FigureMatplotlib(
                _year_ends(
                    fan_figure({la: ba, lb: bb}, inds, (la, lb), lang, targets=BAODI_TARGETS)
                ),
                format="png",
                dependencies=[run_id.value, lang],
            )
    elif result.state == solara.ResultState.ERROR:
        solara.Error(str(result.error))


@solara.component
def SourcesView(lang: str):  # noqa: N802 — Solara components are CamelCase
    """Each target, lever and parameter with its plan section or stated assumption."""
    from sim.region import load_region

    r = load_region("baodi")
    md = [
        f"### {t('src_targets', lang)}",
        f"| {t('name', lang)} | {t('target', lang)} | {t('baseline', lang)} | "
        f"{t('unit', lang)} | {t('section', lang)} |",
        "|---|---|---|---|---|",
    ]
    for tg in r.targets:
        md.append(
            f"| {tg.zh} / {tg.en} | {_fmt(tg.target, tg.unit)} | "
            f"{_fmt(tg.baseline_2019, tg.unit)} | {i18n.unit(tg.unit, lang)} | "
            f"{tg.section} |"
        )
    md += [
        "",
        f"### {t('src_levers', lang)}",
        f"| {t('name', lang)} | {t('unit', lang)} | {t('range', lang)} | "
        f"{t('status_quo', lang)} | {t('plan', lang)} | {t('mechanism', lang)} | "
        f"{t('section', lang)} |",
        "|---|---|---|---|---|---|---|",
    ]
    for lv in LEVERS:
        note = f" ({lv.text('plan_note', lang)})" if lv.plan_note else ""
        md.append(
            f"| {lv.zh} / {lv.en} | {lv.text('unit', lang)} | {lv.lo:g}–{lv.hi:g} | "
            f"{lv.status_quo:g} | {lv.plan:g} | {lv.text('mechanism', lang)} | "
            f"{lv.section}{note} |"
        )
    md += [
        "",
        f"### {t('src_params', lang)}",
        f"| {t('name', lang)} | {t('default', lang)} | {t('range', lang)} | "
        f"{t('unit', lang)} | {t('tag', lang)} | {t('mechanism', lang)} | {t('section', lang)} |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in PARAM_SPECS:
        md.append(
            f"| {p.zh} / {p.en} (`{p.name}`) | {p.default:g} | {p.lo:g}–{p.hi:g} | "
            f"{param_text(p, 'unit', lang)} | {tag_text(p.tag, lang)} | {param_text(p, 'mechanism', lang)} | "
            f"{param_text(p, 'source', lang)} |"
        )
    Md("\n".join(md))


def sweeps_dir() -> Path:
    """The folder the Sweeps page lists by default and "how likely?" writes into."""
    return Path(os.environ.get(SWEEPS_DIR_ENV, "sweeps"))


def how_likely_text(levers: LeverSchedule, n_seeds: int, region: str = "baodi") -> str:
    """The sweep file of "how likely?": the status quo and the current levers over n seeds."""
    from sim.region import load_region

    from .compare import _package_toml

    start = load_region(region).plan_start_year
    head = (
        "# How likely? The current levers against the status quo (from the web app)\n"
        f'region = "{region}"\nseeds = {int(n_seeds)}\n'
    )
    sq = _package_toml("status_quo", LeverSchedule(), start)
    cur = _package_toml("current", levers, start)
    return "\n".join([head, sq, cur])


def _pct(v) -> str:
    return "–" if v is None or not math.isfinite(float(v)) else f"{100 * float(v):.0f}%"


def summary_html(view: StoreView, summary, lang: str) -> str:
    """The summary as a compact HTML table: P(met) [95% interval] per target and package."""
    if summary.empty:
        return ""
    names = {tg.indicator: (tg.zh if lang == "zh" else tg.en) for tg in view.region.targets}
    names["all"] = t("all_targets", lang)
    pk = [p for p in view.packages if p in set(summary["package"])]
    head = "".join(f"<th>{escape(package_label(p, lang))}</th>" for p in pk)
    rows = [f"<tr><th>{t('target', lang)}</th>{head}</tr>"]
    by = summary.set_index(["package", "target"])
    for tgt in [*names]:
        cells = []
        for p in pk:
            r = by.loc[(p, tgt)] if (p, tgt) in by.index else None
            if r is None:
                cells.append("<td>–</td>")
            else:
                cells.append(
                    f"<td>{_pct(r['p_met'])} <small>[{_pct(r['p_lo'])}–{_pct(r['p_hi'])}]</small>"
                    "</td>"
                )
        rows.append(f"<tr><td>{escape(names[tgt])}</td>{''.join(cells)}</tr>")
    cost = "".join(
        f"<td>{float(by.loc[(p, 'all')]['cost_median']):,.2f}</td>"
        if (p, "all") in by.index
        else "<td>–</td>"
        for p in pk
    )
    runs = "".join(
        f"<td>{int(by.loc[(p, 'all')]['n_runs'])}</td>" if (p, "all") in by.index else "<td>0</td>"
        for p in pk
    )
    rows.append(f"<tr><td>{t('cost', lang)}</td>{cost}</tr>")
    rows.append(f"<tr><td>{t('runs_done', lang)}</td>{runs}</tr>")
    note = f"<caption>{t('p_met', lang)} [{t('interval', lang)}]</caption>"
    return f"<table class='viz-summary-table'>{note}{''.join(rows)}</table>"


def input_label(column: str, lang: str) -> str:
    """A sampled column's name for people: ``param_growth_mu`` → its zh/en parameter name."""
    kind, _, name = column.partition("_")
    spec = {p.name: p for p in PARAM_SPECS}.get(name) if kind == "param" else None
    if spec is None and kind == "lever":
        spec = next((lv for lv in LEVERS if lv.id == name), None)
    return column if spec is None else f"{i18n.name(spec, lang)} ({name})"


def report_html(path, lang: str) -> bytes:
    """The store's planning report (``baodi-sim report``) as self-contained HTML, all runs."""
    from .report import read_report_data, render_html

    return render_html(read_report_data(path), lang).encode("utf-8")


def _read_store(path: str):
    if not path:
        return None, ""
    try:
        return StoreView.read(path), ""
    except Exception as exc:
        return None, f"{path}: {exc}"


@solara.component
def SweepsView(lang: str, store_path, live: int, running: bool):  # noqa: N802 — Solara components are CamelCase
    """A sweep store: fan charts per target, P(met) bars, run filters, the summary as CSV.

    ``store_path`` (reactive) is the open store. While ``running`` (a "how likely?" sweep
    of this session writes into it) or while the store has fewer runs than its design (a
    sweep run elsewhere), it is re-read every second, so results appear as they stream in;
    ``live`` changes when this session's sweep ends (a last read).
    """
    folder = solara.use_reactive(str(sweeps_dir()))
    typed = solara.use_reactive("")
    refresh = solara.use_reactive(0)
    ranges = solara.use_reactive({})
    stores = solara.use_memo(
        lambda: list_stores(folder.value), dependencies=[folder.value, refresh.value, live]
    )
    # re-read only when a batch has landed (the poll below asks every second)
    sig = store_signature(store_path.value) if store_path.value else ()
    view, error = solara.use_memo(
        lambda: _read_store(store_path.value), dependencies=[store_path.value, live, sig]
    )
    # re-read every second while runs are still coming: from "how likely?" in this
    # session, or a sweep someone runs from the command line into this store
    incomplete = running or (view is not None and view.done < view.n_design)

    def poll(cancel: threading.Event):  # one tick per render: the render starts the next
        if incomplete and not cancel.wait(LIVE_REFRESH_S):
            refresh.value += 1

    solara.use_thread(poll, dependencies=[incomplete, refresh.value])

    def open_typed():
        ranges.value = {}
        store_path.value = typed.value.strip()

    def choose(v):
        ranges.value = {}
        store_path.value = v

    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.InputText(
            t("store_folder", lang),
            value=folder,
            classes=["viz-store-folder"],
            style={"max-width": "260px"},
        )
        choices = [str(p) for p in stores]
        if store_path.value and store_path.value not in choices:
            choices.append(store_path.value)
        solara.Select(
            t("store", lang),
            values=choices,
            value=store_path.value if store_path.value in choices else None,
            on_value=choose,
            classes=["viz-store-select"],
            style={"min-width": "360px"},
        )
        solara.InputText(
            t("store_path", lang),
            value=typed,
            classes=["viz-store-path"],
            style={"max-width": "260px"},
        )
        solara.Button(t("open_store", lang), on_click=open_typed, classes=["viz-open-store"])
        solara.Button(
            t("refresh", lang),
            on_click=lambda: refresh.set(refresh.value + 1),
            icon_name="mdi-refresh",
            text=True,
            classes=["viz-refresh-store"],
        )
    with solara.Div(classes=["viz-sweep-status"]):
        if not stores and not store_path.value:
            solara.Info(f"{t('no_stores', lang)}: {folder.value}", classes=["viz-no-stores"])
        if error:
            solara.Error(error, classes=["viz-store-error"])
    if view is None:
        return
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"<b>{escape(str(view.path))}</b> — {t('runs_done', lang)}: "
        f"{view.done}/{view.n_design}",
        classes=["viz-store-runs"],
        attributes={"data-done": str(view.done), "data-total": str(view.n_design)},
    )
    if view.done < view.n_design:
        solara.ProgressLinear(value=100.0 * view.done / max(view.n_design, 1))
    if view.runs.empty:
        return
    bounds = sampled_ranges(view.runs)
    chosen = {c: ranges.value.get(c, b) for c, b in bounds.items()}
    if bounds:
        Md(f"**{t('filter_runs', lang)}**")
        for c, (lo, hi) in bounds.items():
            a, b = chosen[c]
            with solara.Div(classes=["viz-filter", f"viz-filter-{c}"]):
                solara.SliderRangeFloat(
                    f"{input_label(c, lang)}: {a:.4g}–{b:.4g}",
                    value=tuple(chosen[c]),
                    min=lo,
                    max=hi,
                    step=(hi - lo) / 100,
                    on_value=lambda v, c=c: ranges.set({**ranges.value, c: tuple(v)}),
                )
    runs = filter_runs(view.runs, chosen) if bounds else view.runs
    summary = view.summary(runs)
    key = [str(view.path), view.done, tuple(sorted(chosen.items())), lang]
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"{t('runs_selected', lang)}: {len(runs)}/{view.done}",
        classes=["viz-runs-selected"],
    )
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        with solara.Div(classes=["viz-download-csv"]):
            solara.FileDownload(
                summary_csv(summary),
                filename=f"{view.path.name}-summary.csv",
                label=t("download_csv", lang),
            )
        with solara.Div(classes=["viz-download-report"]):
            solara.FileDownload(
                lambda: report_html(view.path, lang),
                filename=f"{view.path.name}-report-{lang}.html",
                label=t("download_report", lang),
                mime_type="text/html",
            )
    Md(f"#### {t('pmet_title', lang)}")
    solara.HTML(tag="div", unsafe_innerHTML=legend_html(view, lang), classes=["viz-sweep-legend"])
    solara.HTML(tag="div", unsafe_innerHTML=summary_html(view, summary, lang), classes=["viz-md"])
    solara.HTML(tag="div", unsafe_innerHTML=pmet_svg(view, summary, lang), classes=["viz-pmet"])
    Md(f"#### {t('fans_title', lang)}")
    fans = solara.use_memo(lambda: fan_svg(view, runs, lang), dependencies=key)
    solara.HTML(tag="div", unsafe_innerHTML=fans, classes=["viz-sweep-fans", "viz-targets"])


@solara.component
def HowLikely(lang: str, on_start, hl_state, on_stop):  # noqa: N802 — Solara components are CamelCase
    """The lever panel's "how likely?": N seeds, a start button, the sweep's progress."""
    seeds = solara.use_reactive(str(HOW_LIKELY_SEEDS))
    problem = solara.use_reactive(None)
    done, total, status = hl_state

    def start():
        try:
            n = parse_int(seeds.value, 1, HOW_LIKELY_MAX_SEEDS, ("种子数", "Seeds"))
        except Problem as exc:
            problem.value = exc
            return
        problem.value = None
        on_start(n)

    with solara.Card(t("how_likely", lang), margin=0, style={"margin": "8px 0"}):
        solara.HTML(
            tag="div", unsafe_innerHTML=escape(t("how_likely_help", lang)), classes=["viz-help"]
        )
        with solara.Row(style={"align-items": "center"}):
            solara.InputText(
                f"{t('n_seeds', lang)} (1–{HOW_LIKELY_MAX_SEEDS})",
                value=seeds,
                error=problem.value is not None,
                classes=["viz-hl-seeds"],
                style={"max-width": "140px"},
            )
            solara.Button(
                t("how_likely", lang),
                on_click=start,
                color="primary",
                disabled=status == "running",
                classes=["viz-how-likely"],
            )
            if status == "running":
                solara.Button(
                    t("cancel", lang), on_click=on_stop, text=True, classes=["viz-hl-stop"]
                )
        with solara.Div(classes=["viz-hl-status"]):
            if problem.value is not None:
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=escape(problem.value.text(lang)),
                    classes=["viz-field-error", "viz-hl-error"],
                )
            if total:
                solara.ProgressLinear(value=100.0 * done / total, classes=["viz-hl-progress"])
                word = t(f"how_likely_{status}", lang)
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f"{word}: {done}/{total}",
                    classes=["viz-hl-text", f"viz-hl-{status}"],
                )


def _first_session(preset: str, texts: dict[str, str]) -> Session:
    """The session's model, with the levers a reloaded URL carries (status quo if bad)."""
    try:
        return Session(levers=schedule_from(texts, preset))
    except SimError:
        return Session()


# ------------------------------------------------------------------------------ the page
@solara.component
def Page():  # noqa: N802 — Solara components are CamelCase
    """The whole app; one :class:`Session` (one model) per browser session.

    The language, preset and lever inputs live in the URL's query (``?lang=en&preset=plan&
    hnte_cultivation=100``), so a reload or a shared link opens the same levers (applied to
    the new session's model) in the same language.
    """
    router = solara.use_router()
    start = solara.use_memo(lambda: state_from_query(router.search), dependencies=[])
    sess = solara.use_memo(lambda: _first_session(*start[1:]), dependencies=[])
    lang = solara.use_reactive(start[0])
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    message = solara.use_reactive(None)
    tab = solara.use_reactive(0)
    texts = solara.use_reactive(start[2])
    preset = solara.use_reactive(start[1])
    query = state_query(lang.value, preset.value, texts.value)

    def keep_in_url():
        if (router.search or "") != query:
            router.push(f"{router.path or '/'}?{query}")

    solara.use_effect(keep_in_url, [query])
    params = solara.use_reactive({})  # a loaded scenario file's [params]
    sweep_store = solara.use_reactive("")
    live = solara.use_reactive(0)
    hl_job = solara.use_reactive(None)  # (levers, seeds, store path) of "how likely?"
    hl_id = solara.use_reactive(0)
    hl_state = solara.use_reactive((0, 0, "idle"))  # runs done, runs in all, status
    hl_stop = solara.use_memo(threading.Event, dependencies=[])

    def start_how_likely(n: int):
        try:
            levers = schedule_from(texts.value, preset.value)
        except SimError as exc:
            message.value = ("error", f"{t('invalid', L)}: {i18n.error_text(exc, L)}")
            return
        stamp = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
        path = str(sweeps_dir() / "how-likely" / stamp)
        hl_stop.clear()
        hl_job.value = (levers, n, path)
        hl_state.value = (0, 0, "running")
        sweep_store.value = path
        hl_id.value += 1
        tab.value = SWEEPS_TAB

    def how_likely_work(cancel: threading.Event):
        if hl_job.value is None:
            return
        levers, n, path = hl_job.value
        sweep = scenarios.Sweep.from_text(how_likely_text(levers, n), source="<how likely>")
        total = int(sweep.design()["run_id"].nunique())
        hl_state.value = (0, total, "running")
        last = [0.0]

        def report(done: int, todo: int, failed: int) -> None:
            # the Sweeps tab re-reads the store by itself (its own thread): this thread only
            # reports progress, at most every half second, so it spends its time on runs
            if done == total or time.monotonic() - last[0] >= 0.5:
                last[0] = time.monotonic()
                hl_state.value = (done, total, "running")

        stop = lambda: cancel.is_set() or hl_stop.is_set()  # noqa: E731
        # workers=0: in this thread (no process pool per click); a task is one seed's pair
        # of runs, and every 20 runs are written, so the Sweeps tab fills as they finish
        result = sweep.run(
            path,
            workers=0,
            runs_per_task=2,
            flush_runs=20,
            progress=Progress(total, enabled=False, callback=report),
            cancelled=stop,
        )
        finished = result.done_before + result.done
        hl_state.value = (finished, total, "stopped" if result.interrupted else "done")
        live.value += 1

    solara.use_thread(how_likely_work, dependencies=[hl_id.value])

    def play_loop(cancel: threading.Event):
        while playing.value and not cancel.is_set():
            more = sess.step()
            tick.value += 1
            if not more:
                playing.value = False
                break
            cancel.wait(PLAY_DELAY_S)

    solara.use_thread(play_loop, dependencies=[playing.value])
    L = lang.value
    solara.Style(CSS)
    solara.Title(t("title", L))
    with solara.Column(style={"padding": "12px"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.HTML(tag="h2", unsafe_innerHTML=t("title", L), classes=["viz-title"])
            solara.Button(
                "中文",
                on_click=lambda: lang.set("zh"),
                classes=["viz-lang-zh"],
                outlined=L != "zh",
                color="primary",
            )
            solara.Button(
                "English",
                on_click=lambda: lang.set("en"),
                classes=["viz-lang-en"],
                outlined=L != "en",
                color="primary",
            )
        RunControls(sess, L, tick, playing, message)
        SummaryStrip(sess, L, tick.value)
        with solara.Columns([1, 3]):
            with solara.Column():
                LeverPanel(
                    sess,
                    L,
                    tick,
                    message,
                    texts,
                    preset,
                    params,
                    (start_how_likely, hl_state.value, hl_stop.set),
                )
            with solara.Column(), solara.lab.Tabs(value=tab, lazy=True):
                with solara.lab.Tab(t("tab_map", L), classes=["viz-tab-map"]):
                    MapView(sess, L, tick.value)
                with solara.lab.Tab(t("tab_targets", L), classes=["viz-tab-targets"]):
                    TargetsView(sess, L, tick.value)
                with solara.lab.Tab(t("tab_compare", L), classes=["viz-tab-compare"]):
                    CompareView(sess, L)
                with solara.lab.Tab(t("tab_sweeps", L), classes=["viz-tab-sweeps"]):
                    SweepsView(L, sweep_store, live.value, hl_state.value[2] == "running")
                with solara.lab.Tab(t("tab_sources", L), classes=["viz-tab-sources"]):
                    SourcesView(L)
