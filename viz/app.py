"""The officials' web app (Solara): network map, levers, targets, run controls, compare, sources.

Serve with ``baodi-sim viz`` (or ``solara run viz.app:Page``). Each browser session builds
its own :class:`viz.session.Session` (``solara.use_memo`` inside the page), so tabs never
share a model. All labels are in Chinese by default and English by a switch.
"""

import math
import threading

import solara

from sim.errors import SimError
from sim.fields import LABELS
from sim.indicators import TARGET_INDICATORS
from sim.levers import LEVERS, PROJECTS, LeverSchedule
from sim.params import PARAM_SPECS
from sim.views import firm_history, firms_frame

from . import i18n
from .compare import check_seeds, compare
from .i18n import t
from .render import (
    MAP_H,
    MAP_W,
    STATUS_COLOURS,
    fan_figure,
    firm_history_figure,
    map_svg,
    map_xy,
    node_radius,
    node_stats,
    render_step_ms,
    target_status,
    targets_svg,
)
from .session import Session, check_lever, check_seed, preset_texts

__all__ = ["Page", "render_step_ms"]

PLAY_DELAY_S = 0.4
CSS = """
.viz-node-btn { position: absolute !important; min-width: 0 !important; padding: 0 !important;
  border-radius: 50% !important; background: transparent !important; box-shadow: none !important; }
.viz-node-btn:hover { background: rgba(255, 23, 68, 0.15) !important; }
.viz-map-wrap { position: relative; }
.viz-targets { display: flex; flex-wrap: wrap; gap: 8px; }
.viz-chip { display: inline-block; padding: 2px 8px; margin: 2px; border-radius: 10px;
  color: #fff; font-size: 12px; }
body, .v-application { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', Roboto, sans-serif; }
"""


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
        chips.append(
            f'<span class="viz-chip viz-status-{r["status"]}" data-indicator="{r["indicator"]}" '
            f'data-value="{r["value"]}" style="background:{STATUS_COLOURS[r["status"]]}">'
            f"{label}: {_fmt(r['value'], r['unit'])} / {_fmt(r['target'], r['unit'])} · "
            f"{t(r['status'], lang)}</span>"
        )
    fc = i18n.indicator("fiscal_cost_cum", lang)
    chips.append(
        f'<span class="viz-chip viz-fiscal" data-value="{fiscal}" '
        f'style="background:#455a64">{fc}: {fiscal:,.2f} {i18n.unit("100m yuan", lang)}'
        f"</span>"
    )
    solara.HTML(tag="div", unsafe_innerHTML="".join(chips), classes=["viz-summary"])


@solara.component
def RunControls(sess: Session, lang: str, tick, playing, message):  # noqa: N802 — Solara components are CamelCase
    """Step, play, pause, reset, run to 2025, seed and the current quarter."""
    seed_text = solara.use_reactive(str(sess.seed))
    seed_error = solara.use_reactive("")

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
            sess.reset(check_seed(seed_text.value))
            seed_error.value = ""
        except SimError as exc:
            seed_error.value = f"{t('invalid', lang)}: {exc}"
            return
        bump()

    def on_seed(v):
        seed_text.value = v
        try:
            check_seed(v)
            seed_error.value = ""
        except SimError as exc:
            seed_error.value = f"{t('invalid', lang)}: {exc}"

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
            error=seed_error.value or False,
            classes=["viz-seed"],
            style={"max-width": "220px"},
        )
        solara.HTML(
            tag="div",
            classes=["viz-quarter"],
            unsafe_innerHTML=f"<b>{t('quarter', lang)}: {sess.model.quarter_label(lang)}</b>",
            style="font-size: 20px; margin-left: 16px",
        )
    if not running:
        solara.Info(t("finished", lang))
    if seed_error.value:
        solara.Error(seed_error.value, classes=["viz-error"])


@solara.component
def LeverPanel(sess: Session, lang: str, tick, message):  # noqa: N802 — Solara components are CamelCase
    """The lever catalogue by key project, presets, and continue / rebuild."""
    texts = solara.use_reactive(preset_texts("status_quo"))
    errors = solara.use_reactive({})
    mode = solara.use_reactive("continue")

    def set_preset(p):
        texts.value = preset_texts(p)
        errors.value = {}

    def on_lever(lid, v):
        texts.value = {**texts.value, lid: v}
        msg = check_lever(lid, v)
        errs = {k: e for k, e in errors.value.items() if k != lid}
        if msg:
            errs[lid] = msg
        errors.value = errs

    def apply():
        try:
            sess.apply(texts.value, mode.value)
        except SimError as exc:
            message.value = ("error", f"{t('invalid', lang)}: {exc}")
            return
        message.value = ("ok", t("applied_" + mode.value, lang))
        tick.value += 1

    solara.Markdown(f"### {t('levers', lang)}")
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
        disabled=bool(errors.value),
    )
    if message.value:
        kind, text = message.value
        (solara.Error if kind == "error" else solara.Success)(text, classes=[f"viz-msg-{kind}"])
    for k, (zh, en, sec) in PROJECTS.items():
        with solara.Card(
            f"{sec} {zh if lang == 'zh' else en}", margin=0, style={"margin-bottom": "8px"}
        ):
            for lv in LEVERS:
                if lv.project != k:
                    continue
                label = (
                    f"{i18n.name(lv, lang)} [{i18n.lever_unit(lv.unit, lang)}] "
                    f"({t('range', lang)} {lv.lo:g}–{lv.hi:g})"
                )
                solara.InputText(
                    label,
                    value=texts.value[lv.id],
                    on_value=lambda v, lid=lv.id: on_lever(lid, v),
                    error=errors.value.get(lv.id, False),
                    classes=["viz-lever", f"viz-lever-{lv.id}"],
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
    solara.Markdown(f"**{t('firms_by_tier', lang)}**\n\n" + "\n".join(md))
    solara.Markdown(f"**{t('top_firms', lang)}**")
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
    solara.Markdown(f"*{t('click_hint', lang)}*")
    with solara.Div(
        classes=["viz-map-wrap"], style={"width": f"{MAP_W}px", "height": f"{MAP_H}px"}
    ):
        solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["viz-map"])
        for i, nd in enumerate(r.nodes):
            x, y = xy[nd.id]
            rr = 14.0 if nd.external else max(float(rad[i]), 10.0)
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
    solara.Markdown(
        f"<span style='color:#1565c0'>━</span> {t('value', lang)} &nbsp; "
        f"<span style='color:#c62828'>┅</span> {t('target', lang)} 2025 &nbsp; "
        f"<span style='color:#6d4c41'>●</span> {t('baseline', lang)}"
    )
    solara.HTML(tag="div", unsafe_innerHTML=html, classes=["viz-targets"])


PACKAGES = ("status_quo", "plan", "current")
COMPARE_INDICATORS = [*TARGET_INDICATORS, "sei_share", "firms_alive", "fiscal_cost_cum"]


@solara.component
def CompareView(sess: Session, lang: str):  # noqa: N802 — Solara components are CamelCase
    """Two lever packages over several seeds in the background; fan charts side by side."""
    pkg_a = solara.use_reactive("status_quo")
    pkg_b = solara.use_reactive("plan")
    seeds_text = solara.use_reactive("5")
    chosen = solara.use_reactive(["hnte", "gazelle", "contract_turnover_cum"])
    run_id = solara.use_reactive(0)
    progress = solara.use_reactive((0, 0))
    error = solara.use_reactive("")
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
            n = check_seeds(seeds_text.value)
        except SimError as exc:
            error.value = f"{t('invalid', lang)}: {exc}"
            return
        error.value = ""
        job.value = (
            schedule(pkg_a.value),
            schedule(pkg_b.value),
            n,
            list(chosen.value),
            pkg_a.value,
            pkg_b.value,
        )
        progress.value = (0, 2 * n)
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
            error=error.value or False,
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
    if error.value:
        solara.Error(error.value, classes=["viz-error"])
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
                fan_figure({la: ba, lb: bb}, inds, (la, lb), lang),
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
        note = f" ({lv.plan_note})" if lv.plan_note else ""
        md.append(
            f"| {lv.zh} / {lv.en} | {lv.unit} | {lv.lo:g}–{lv.hi:g} | "
            f"{lv.status_quo:g} | {lv.plan:g} | {lv.mechanism} | {lv.section}{note} |"
        )
    md += [
        "",
        f"### {t('src_params', lang)}",
        f"| {t('name', lang)} | {t('default', lang)} | {t('range', lang)} | "
        f"{t('unit', lang)} | {t('tag', lang)} | {t('section', lang)} |",
        "|---|---|---|---|---|---|",
    ]
    for p in PARAM_SPECS:
        md.append(
            f"| {p.zh} / {p.en} (`{p.name}`) | {p.default:g} | {p.lo:g}–{p.hi:g} | "
            f"{p.unit} | {p.tag} | {p.source} |"
        )
    solara.Markdown("\n".join(md))


# ------------------------------------------------------------------------------ the page
@solara.component
def Page():  # noqa: N802 — Solara components are CamelCase
    """The whole app; one :class:`Session` (one model) per browser session."""
    sess = solara.use_memo(Session, dependencies=[])
    lang = solara.use_reactive("zh")
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    message = solara.use_reactive(None)
    tab = solara.use_reactive(0)

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
                LeverPanel(sess, L, tick, message)
            with solara.Column(), solara.lab.Tabs(value=tab, lazy=True):
                with solara.lab.Tab(t("tab_map", L), classes=["viz-tab-map"]):
                    MapView(sess, L, tick.value)
                with solara.lab.Tab(t("tab_targets", L), classes=["viz-tab-targets"]):
                    TargetsView(sess, L, tick.value)
                with solara.lab.Tab(t("tab_compare", L), classes=["viz-tab-compare"]):
                    CompareView(sess, L)
                with solara.lab.Tab(t("tab_sources", L), classes=["viz-tab-sources"]):
                    SourcesView(L)
