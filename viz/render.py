"""Server-side rendering: the network map (SVG), target panels, firm history and fan charts.

Everything here is a plain function of a model (or of arrays) with no Solara in it, so the
benchmarks can time a step's rendering without a browser (:func:`render_step_ms`).
Matplotlib figures are built with :class:`matplotlib.figure.Figure` (no pyplot, so several
sessions can render at once) and use a CJK font found explicitly (:func:`cjk_font`).
"""

import io
import math
import textwrap
import time
from functools import lru_cache
from html import escape
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure

from sim.fields import FI_ALIVE, FI_INDUSTRY, FI_LABELS, FI_NODE, FI_PARTNER, LABELS
from sim.indicators import target_status as core_target_status

from . import i18n

matplotlib.use("Agg")

CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
CJK_FAMILY = "Noto Sans CJK SC"
SVG_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

SHORT = {  # short map labels of the Baodi nodes (full names in the tooltip and panels)
    "zgc_city": ("科技城", "Science City"),
    "zgc_5g_iov": ("5G智能网联园", "5G/IoV"),
    "zgc_medical": ("医疗器械园", "Med-device"),
    "zgc_lifesci": ("生命科学园", "Life sci."),
    "zgc_software": ("软件园", "Software"),
    "tianbao": ("天宝工业园", "Tianbao"),
    "koudong": ("口东工业园", "Koudong"),
    "jiuyuan": ("九园工业园", "Jiuyuan"),
    "chaonan": ("潮南产业园", "Chaonan"),
    "jingjin_newtown": ("京津新城", "Jing-Jin New Town"),
    "hsr_station": ("高铁站前区", "HSR district"),
    "agri_park": ("农业科技园区", "Agri S&T park"),
    "beijing": ("北京", "Beijing"),
    "tianjin": ("天津市区", "Tianjin"),
    "tongzhou_tangshan": ("通州/唐山", "Tongzhou/Tangshan"),
}
MAP_W, MAP_H, MAP_PAD = 780, 560, 50
R_MAX = 22.0  # radius of the park with the most firms [px]
LEGEND_ROW = 20  # the legend sits under the map, in two columns

IND_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#9467bd",
    "#17becf",
    "#2ca02c",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)
STATUS_COLOURS = {  # the codes of sim.indicators.TARGET_STATUS, and not_run (nothing run yet)
    "met": "#2e7d32",
    "on_track": "#1565c0",
    "behind": "#c62828",
    "not_met": "#b71c1c",
    "not_started": "#546e7a",
    "not_run": "#757575",
}
STATUS_TINTS = {  # chip backgrounds: light, so the dark text stays readable
    "met": "#e8f5e9",
    "on_track": "#e3f2fd",
    "behind": "#ffebee",
    "not_met": "#ffcdd2",
    "not_started": "#eceff1",
    "not_run": "#f5f5f5",
}


def state_label(model, lang: str = "zh") -> str:
    """The shown state: the last completed quarter, or the initial state before 2015 Q1.

    The model starts from the firm rows at the start of its first quarter (the region
    file's 2015Q1 population), so before any step the state is that of the end of the
    year before — not "early 2015", whose quarter has not been run yet.
    """
    if model.quarter == 0:
        y = model.region.first_year
        return (
            f"初始状态（{y - 1}年末，{y}年第1季度运行前）"
            if lang == "zh"
            else f"initial state (end of {y - 1}, before {y} Q1)"
        )
    return model.quarter_label(lang)


@lru_cache(maxsize=1)
def _cjk_font_file() -> tuple[str, str] | None:
    """Find and register a CJK font once: (file, family), or None."""
    path = next((p for p in CJK_FONT_FILES if Path(p).is_file()), None)
    family = CJK_FAMILY
    if path is not None:
        font_manager.fontManager.addfont(path)
        fams = {f.name for f in font_manager.fontManager.ttflist if f.fname == path}
        if family not in fams and fams:
            family = sorted(fams)[0]
    else:
        cands = [f for f in font_manager.fontManager.ttflist if "CJK" in f.name]
        if not cands:
            return None
        path, family = cands[0].fname, cands[0].name
    return path, family


def cjk_font() -> str | None:
    """Make a CJK font matplotlib's default; return its file or None.

    Debian's ``fonts-noto-cjk`` is looked for at its fixed paths first (pointed at
    explicitly, so matplotlib never falls back to a font without Chinese glyphs), then
    anything fontconfig-like matplotlib already knows whose name says CJK. The font is
    found once; the rcParams are set again on every call, because other libraries
    (matplotlib-inline, styles) may reset them between renders.
    """
    found = _cjk_font_file()
    if found is None:
        return None
    path, family = found
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return path


def figure(w: float, h: float, dpi: int = 80, layout: str | None = "constrained") -> Figure:
    """A pyplot-free figure with the CJK font active."""
    cjk_font()
    return Figure(figsize=(w, h), dpi=dpi, layout=layout)


def to_png(fig: Figure) -> bytes:
    """PNG bytes of a figure (what the page ships to the browser)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


# ---------------------------------------------------------------------------- the map
def node_stats(model) -> dict[str, np.ndarray]:
    """Per-node counts read from the state arrays: firms, labels, industry mix, collaboration.

    Returns
    -------
    dict
        ``firms``, ``hnte``, ``ladder`` (eaglet + gazelle + leader) of shape (n_nodes,),
        ``mix`` (n_nodes, n_industries) and ``collab`` (n_nodes, n_nodes) — the number of
        alive firms at node *a* whose current R&D partner sits at node *b*.
    """
    st = model.state
    n = st.n
    r = model.region
    nn, ni = len(r.nodes), len(r.industries)
    alive = st.firm_i[FI_ALIVE, :n] == 1
    node = st.firm_i[FI_NODE, :n][alive]
    ind = st.firm_i[FI_INDUSTRY, :n][alive]
    lab = st.firm_i[FI_LABELS, :n][alive]
    bits = {name: bit for name, bit, *_ in LABELS}
    out = {
        "firms": np.bincount(node, minlength=nn).astype(float),
        "hnte": np.bincount(node[(lab & bits["hnte"]) != 0], minlength=nn).astype(float),
    }
    ladder = (lab & (bits["eaglet"] | bits["gazelle"] | bits["leader"])) != 0
    out["ladder"] = np.bincount(node[ladder], minlength=nn).astype(float)
    out["mix"] = np.bincount(node * ni + ind, minlength=nn * ni).reshape(nn, ni).astype(float)
    partner = st.firm_i[FI_PARTNER, :n][alive]
    has = (partner >= 0) & (partner < n)
    pnode = st.firm_i[FI_NODE, :n][partner[has]]
    collab = np.bincount(node[has] * nn + pnode, minlength=nn * nn).reshape(nn, nn)
    out["collab"] = (collab + collab.T).astype(float)
    return out


_XY: dict[int, tuple] = {}  # id(region) -> (region, positions): the layout of each region


def map_xy(region) -> dict[str, tuple[float, float]]:
    """Pixel positions of the nodes from the region file's km coordinates.

    The district's own nodes keep their true relative positions (one uniform scale fitted
    to them); external places (Beijing, Tianjin...) lie far outside, so they are pulled in
    along their true direction to the map's margin. A region is laid out once (pushing
    the nodes apart takes ~75 ms) and the positions reused: they depend on the region
    only (regions are immutable and shared between models, ``sim.region.load_region``).
    """
    hit = _XY.get(id(region))
    if hit is not None and hit[0] is region:
        return dict(hit[1])
    if len(_XY) > 8:
        _XY.clear()
    xy = _layout(region)
    _XY[id(region)] = (region, xy)
    return dict(xy)


def _layout(region) -> dict[str, tuple[float, float]]:
    inner = [n for n in region.nodes if not n.external] or list(region.nodes)
    xs = np.array([n.x for n in inner])
    ys = np.array([n.y for n in inner])
    pad_x, pad_y = 110, 95
    s = min(
        (MAP_W - 2 * pad_x) / max(np.ptp(xs), 1e-9), (MAP_H - 2 * pad_y) / max(np.ptp(ys), 1e-9)
    )
    cx, cy = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    out = {}
    for n in region.nodes:
        dx, dy = s * (n.x - cx), -s * (n.y - cy)
        if n.external:
            lim_x, lim_y = MAP_W / 2 - 30, MAP_H / 2 - 28
            k = min(1.0, lim_x / max(abs(dx), 1e-9), lim_y / max(abs(dy), 1e-9))
            dx, dy = dx * k, dy * k
        out[n.id] = (float(MAP_W / 2 + dx), float(MAP_H / 2 + dy))
    return _separate(region, out)


def _separate(region, xy: dict, gap: float = 2 * R_MAX + 36, rounds: int = 300) -> dict:
    """Push apart nodes closer than ``gap`` [px] (so no park hides another or its label).

    Every node is treated as the largest circle (``R_MAX``), so positions do not move as
    the firm counts change; overlapping pairs are pushed apart along the line joining them,
    a little each round, and kept inside the map.
    """
    ids = [n.id for n in region.nodes]
    p = np.array([xy[i] for i in ids], dtype=float)
    for _ in range(rounds):
        moved = False
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                d = p[b] - p[a]
                dist = float(np.hypot(*d))
                if dist < gap:
                    u = d / dist if dist > 1e-9 else np.array([1.0, 0.0])
                    push = 0.5 * (gap - dist) * 0.5
                    p[a] -= u * push
                    p[b] += u * push
                    moved = True
        p[:, 0] = np.clip(p[:, 0], 30, MAP_W - 30)
        p[:, 1] = np.clip(p[:, 1], 26, MAP_H - 34)
        if not moved:
            break
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, p, strict=True)}


def node_radius(firms: np.ndarray) -> np.ndarray:
    """Circle radius [px]: area grows with the number of firms (at most ``R_MAX``)."""
    top = max(float(firms.max()), 1.0)
    return 6.0 + (R_MAX - 6.0) * np.sqrt(firms / top)


def _hex(rgba) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in rgba[:3]))


def short_name(node, lang: str) -> str:
    """Map label of a node."""
    if node.id in SHORT:
        return SHORT[node.id][0 if lang == "zh" else 1]
    return i18n.name(node, lang)


def map_svg(
    model,
    lang: str = "zh",
    colour: str = "firms",
    selected: str | None = None,
    stats: dict | None = None,
) -> str:
    """The 一城多园 network as an SVG string (fixed positions from the region file).

    Node area = firms; colour = ``colour`` (one of :data:`viz.i18n.COLOUR_MODES`; ``mix``
    draws each node as a pie of industries). Grey lines: the region's links; green: firms'
    R&D partnerships between nodes; orange dashed / red: Beijing projects registered /
    landed at a node this quarter.
    """
    r = model.region
    stats = node_stats(model) if stats is None else stats
    xy = map_xy(r)
    firms = stats["firms"]
    rad = node_radius(firms)
    idx = {n.id: i for i, n in enumerate(r.nodes)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{MAP_W}" '
        f'height="{MAP_H + legend_height(r, colour)}" font-family="{SVG_FONT}" '
        f'class="viz-map-svg">',
        f'<rect width="{MAP_W}" height="{MAP_H}" fill="#f7f9fc"/>',
    ]
    collab = stats["collab"]
    cmax = max(float(collab.max()), 1.0)
    for e in r.edges:
        (x1, y1), (x2, y2) = xy[e["a"]], xy[e["b"]]
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#b0bec5" stroke-width="{1 + 2 * e["collab"]:.1f}"/>'
        )
    for a in range(len(r.nodes)):
        for b in range(a + 1, len(r.nodes)):
            if collab[a, b] > 0:
                (x1, y1), (x2, y2) = xy[r.nodes[a].id], xy[r.nodes[b].id]
                w = 1 + 6 * collab[a, b] / cmax
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="#43a047" stroke-opacity="0.55" stroke-width="{w:.1f}" '
                    f'class="viz-collab"><title>{int(collab[a, b])}</title></line>'
                )
    if "beijing" in idx:
        bx, by = xy["beijing"]
        reg = np.asarray(model.last_registered, dtype=float)
        land = np.asarray(model.last_landed, dtype=float)
        for i, nd in enumerate(r.nodes):
            x, y = xy[nd.id]
            if reg[i] > 0:
                parts.append(
                    f'<line x1="{bx:.1f}" y1="{by:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                    f'stroke="#fb8c00" stroke-dasharray="6 4" '
                    f'stroke-width="{1 + math.sqrt(reg[i]):.1f}" class="viz-transfer"/>'
                )
            if land[i] > 0:
                parts.append(
                    f'<line x1="{bx:.1f}" y1="{by:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                    f'stroke="#e53935" stroke-width="{1.5 + 1.5 * math.sqrt(land[i]):.1f}"'
                    f' class="viz-transfer"/>'
                )
    if colour == "hnte_share":
        val = np.divide(stats["hnte"], firms, out=np.zeros_like(firms), where=firms > 0)
        vmax = max(float(val.max()), 1e-9)
    elif colour in ("hnte", "ladder"):
        val = stats[colour]
        vmax = max(float(val.max()), 1.0)
    else:
        val = firms
        vmax = max(float(firms.max()), 1.0)
    cmap = matplotlib.colormaps["viridis"]
    for i, nd in enumerate(r.nodes):
        x, y = xy[nd.id]
        full = escape(f"{nd.zh} / {nd.en}: {int(firms[i])}")
        stroke = "#ff1744" if nd.id == selected else "#37474f"
        sw = 3 if nd.id == selected else 1
        if nd.external:
            parts.append(
                f'<rect x="{x - 12:.1f}" y="{y - 12:.1f}" width="24" height="24" rx="4" '
                f'fill="#eceff1" stroke="{stroke}" stroke-width="{sw}">'
                f"<title>{full}</title></rect>"
            )
            rr = 12.0
        else:
            rr = float(rad[i])
            mix = stats["mix"][i]
            if colour == "mix" and mix.sum() > 0:
                parts.append(_pie(x, y, rr, mix, full))
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rr:.1f}" fill="none" '
                    f'stroke="{stroke}" stroke-width="{sw}"/>'
                )
            else:
                fill = _hex(cmap(0.15 + 0.8 * float(val[i]) / vmax))
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rr:.1f}" fill="{fill}" '
                    f'fill-opacity="0.9" stroke="{stroke}" stroke-width="{sw}">'
                    f"<title>{full}</title></circle>"
                )
        size = 11 if nd.kind == "subpark" else 13
        anchor = "end" if x > MAP_W - 60 else ("start" if x < 60 else "middle")
        tx = x + 12 if anchor == "end" else (x - 12 if anchor == "start" else x)
        parts.append(
            f'<text x="{tx:.1f}" y="{y + rr + size + 1:.1f}" font-size="{size}" '
            f'text-anchor="{anchor}" fill="#263238">{escape(short_name(nd, lang))}'
            f"{'' if nd.external else f' {int(firms[i])}'}</text>"
        )
    parts.append(_legend(r, lang, colour, vmax, share=colour == "hnte_share"))
    parts.append("</svg>")
    return "".join(parts)


def _pie(x: float, y: float, rr: float, mix: np.ndarray, title: str) -> str:
    tot = float(mix.sum())
    out, a0 = [f"<g><title>{title}</title>"], -math.pi / 2
    nz = np.flatnonzero(mix)
    if len(nz) == 1:
        c = IND_COLOURS[nz[0] % len(IND_COLOURS)]
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rr:.1f}" fill="{c}"><title>{title}</title></circle>'
    for k in nz:
        a1 = a0 + 2 * math.pi * mix[k] / tot
        large = 1 if a1 - a0 > math.pi else 0
        x0, y0 = x + rr * math.cos(a0), y + rr * math.sin(a0)
        x1, y1 = x + rr * math.cos(a1), y + rr * math.sin(a1)
        out.append(
            f'<path d="M{x:.1f},{y:.1f} L{x0:.1f},{y0:.1f} A{rr:.1f},{rr:.1f} 0 {large} 1 '
            f'{x1:.1f},{y1:.1f} Z" fill="{IND_COLOURS[k % len(IND_COLOURS)]}"/>'
        )
        a0 = a1
    out.append("</g>")
    return "".join(out)


def _legend_items(region, lang: str, colour: str) -> list[tuple[str, str]]:
    """(symbol SVG, label) of every line, shape and colour the map draws."""
    t = i18n.t
    items = [
        (
            '<line x1="0" y1="0" x2="24" y2="0" stroke="#b0bec5" stroke-width="3"/>',
            t("legend_links", lang),
        ),
        (
            '<line x1="0" y1="0" x2="24" y2="0" stroke="#43a047" stroke-opacity="0.55" '
            'stroke-width="4"/>',
            t("legend_collab", lang),
        ),
        (
            '<line x1="0" y1="0" x2="24" y2="0" stroke="#fb8c00" stroke-dasharray="6 4" '
            'stroke-width="2.5"/>',
            t("legend_registered", lang),
        ),
        (
            '<line x1="0" y1="0" x2="24" y2="0" stroke="#e53935" stroke-width="3"/>',
            t("legend_landed", lang),
        ),
        (
            '<circle cx="6" cy="0" r="4" fill="#90a4ae"/><circle cx="18" cy="0" r="7" '
            'fill="#90a4ae"/>',
            t("legend_size", lang),
        ),
        (
            '<rect x="5" y="-7" width="14" height="14" rx="3" fill="#eceff1" stroke="#37474f"/>',
            t("legend_external", lang),
        ),
        (
            '<circle cx="12" cy="0" r="7" fill="none" stroke="#ff1744" stroke-width="3"/>',
            t("legend_selected", lang),
        ),
    ]
    if colour == "mix":
        items += [
            (
                f'<rect x="6" y="-6" width="12" height="12" fill="{IND_COLOURS[k]}"/>',
                f"{t('col_mix', lang)}: {i18n.name(ind, lang)}",
            )
            for k, ind in enumerate(region.industries)
        ]
    return items


def legend_height(region, colour: str) -> int:
    """Height [px] of the legend under the map."""
    rows = math.ceil(len(_legend_items(region, "en", colour)) / 2)
    bar = 0 if colour == "mix" else 46
    return 14 + LEGEND_ROW * rows + bar


def _legend(region, lang: str, colour: str, vmax: float = 1.0, share: bool = False) -> str:
    """The key under the map: two columns of symbols, then the colour bar with its scale."""
    items = _legend_items(region, lang, colour)
    g = [
        f'<rect y="{MAP_H}" width="{MAP_W}" height="{legend_height(region, colour)}" fill="#fff"/>'
    ]
    col_w = MAP_W / 2
    for j, (sym, label) in enumerate(items):
        x = 8 + col_w * (j % 2)
        y = MAP_H + 16 + LEGEND_ROW * (j // 2)
        g.append(
            f'<g transform="translate({x:.0f},{y})" class="viz-legend-item">{sym}'
            f'<text x="32" y="4" font-size="11.5" fill="#37474f">{escape(label)}</text></g>'
        )
    if colour != "mix":
        cmap = matplotlib.colormaps["viridis"]
        stops = "".join(
            f'<stop offset="{k / 8:.3f}" stop-color="{_hex(cmap(0.15 + 0.8 * k / 8))}"/>'
            for k in range(9)
        )
        y = MAP_H + 16 + LEGEND_ROW * math.ceil(len(items) / 2) + 2
        x0, w = 8 + 200, 360
        title = i18n.t(i18n.COLOUR_KEYS.get(colour, "col_firms"), lang)
        g.append(
            f'<defs><linearGradient id="vg">{stops}</linearGradient></defs>'
            f'<text x="8" y="{y + 11}" font-size="11.5" fill="#37474f">'
            f"{escape(i18n.t('legend_colour', lang))}: {escape(title)}</text>"
            f'<rect x="{x0}" y="{y}" width="{w}" height="12" fill="url(#vg)" '
            f'class="viz-colour-bar"/>'
        )
        for k in range(5):
            v = vmax * k / 4
            label = f"{100 * v:.0f}%" if share else f"{v:,.0f}" if vmax >= 8 else f"{v:.1f}"
            tx = x0 + w * k / 4
            g.append(
                f'<line x1="{tx:.1f}" y1="{y + 12}" x2="{tx:.1f}" y2="{y + 16}" '
                f'stroke="#37474f"/><text x="{tx:.1f}" y="{y + 27}" font-size="10" '
                f'text-anchor="middle" fill="#37474f" class="viz-colour-tick">{label}</text>'
            )
    return "".join(g)


# ---------------------------------------------------------------------------- targets
def target_status(model) -> list[dict]:
    """Each target's status at the last completed quarter: the core's rule and words.

    The status is :func:`sim.indicators.target_status` (what ``baodi-sim run`` prints):
    ``not_started`` before the plan period, ``on_track`` / ``behind`` during it, ``met`` /
    ``not_met`` from the target year's last quarter on. Before any quarter has run the
    page shows ``not_run``.
    """
    r = model.region
    out = []
    q = model.quarter
    target_year = min(2025, r.last_year)
    ref_q = 4 * (r.plan_start_year - r.first_year) - 1  # last quarter before the plan
    for tg in r.targets:
        rec = {
            "indicator": tg.indicator,
            "zh": tg.zh,
            "en": tg.en,
            "target": tg.target,
            "unit": tg.unit,
            "section": tg.section,
            "baseline_2019": tg.baseline_2019,
        }
        if q == 0:
            rec.update(value=math.nan, status="not_run")
            out.append(rec)
            continue
        series = model.indicator_series(tg.indicator)
        v = float(series[q - 1])
        start = float(series[ref_q]) if 0 <= ref_q < q else math.nan
        status = core_target_status(
            v,
            tg.target,
            year=r.first_year + (q - 1) // 4,
            qy=(q - 1) % 4 + 1,
            start_value=start,
            plan_start_year=r.plan_start_year,
            target_year=target_year,
        )
        rec.update(value=v, status=status)
        out.append(rec)
    return out


def _fmt(v: float, u: str) -> str:
    if math.isnan(v):
        return "–"
    if u == "share":
        return f"{100 * v:.2f}%"
    return f"{v:,.1f}" if abs(v) < 100 and v != int(v) else f"{v:,.0f}"


def _nice_max(v: float) -> float:
    if not v > 0 or math.isnan(v):
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * e >= v:
            return m * e
    return 10 * e


PANEL_W, PANEL_H, PANEL_COLS = 270, 150, 4


def target_panel_svg(model, k: int, lang: str = "zh", status: dict | None = None) -> str:
    """One target as a small SVG chart: the series, the 2025 target line, the 2019 baseline."""
    r = model.region
    tg = r.targets[k]
    share = tg.unit == "share"
    scale = 100.0 if share else 1.0
    q = model.quarter
    y = model.indicator_series(tg.indicator) * scale if q else np.zeros(0)
    st = (status or {}).get("status", "not_run")
    title = tg.zh if lang == "zh" else tg.en
    lines = textwrap.wrap(title, 17 if lang == "zh" else 38)[:2]
    # the plot starts under the title (one or two lines) and the unit above the axis
    x0, x1, y0, y1 = 46.0, PANEL_W - 10.0, 34.0 + 12.0 * len(lines), PANEL_H - 22.0
    t_lo, t_hi = float(r.first_year), 2026.0
    top = _nice_max(
        max(
            float(np.nanmax(y)) if len(y) else 0.0,
            tg.target * scale,
            0.0 if math.isnan(tg.baseline_2019) else tg.baseline_2019 * scale,
        )
        * 1.08
    )

    def px(t):
        return x0 + (x1 - x0) * (t - t_lo) / (t_hi - t_lo)

    def py(v):
        return y1 - (y1 - y0) * v / top

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PANEL_W}" height="{PANEL_H}" '
        f'font-family="{SVG_FONT}" class="viz-target-panel" data-indicator="{tg.indicator}">',
        f'<rect x="0.5" y="0.5" width="{PANEL_W - 1}" height="{PANEL_H - 1}" fill="#fff" '
        f'stroke="{STATUS_COLOURS[st]}" stroke-width="1.5" rx="4"/>',
    ]
    for j, line in enumerate(lines):
        out.append(
            f'<text x="8" y="{15 + 14 * j}" font-size="12" font-weight="600" '
            f'fill="{STATUS_COLOURS[st]}">{escape(line)}</text>'
        )
    out.append(
        f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#90a4ae"/>'
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#90a4ae"/>'
    )
    unit = "%" if share else i18n.unit(tg.unit, lang)
    out.append(
        f'<text x="{x0 + 4}" y="{y0 - 4}" font-size="9" fill="#607d8b" class="viz-panel-unit">'
        f"[{escape(unit)}]</text>"
    )
    for yr in (2015, 2019, 2021, 2025):
        if t_lo <= yr <= t_hi:
            out.append(
                f'<text x="{px(yr):.1f}" y="{y1 + 13}" font-size="9" text-anchor="middle" '
                f'fill="#607d8b">{yr}</text>'
            )
    for v in (0.0, top / 2, top):
        out.append(
            f'<text x="{x0 - 4}" y="{py(v) + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="#607d8b">{_fmt(v / scale, tg.unit)}</text>'
        )
    ps = px(r.plan_start_year)
    out.append(
        f'<line x1="{ps:.1f}" y1="{y0}" x2="{ps:.1f}" y2="{y1}" stroke="#cfd8dc" '
        f'stroke-dasharray="2 3"/>'
    )
    ty = py(tg.target * scale)
    out.append(
        f'<line x1="{x0}" y1="{ty:.1f}" x2="{x1}" y2="{ty:.1f}" stroke="#c62828" '
        f'stroke-dasharray="5 3" stroke-width="1.3"><title>{escape(i18n.t("target", lang))}'
        f" 2025: {_fmt(tg.target, tg.unit)}</title></line>"
    )
    if not math.isnan(tg.baseline_2019):
        out.append(
            f'<circle cx="{px(2020.0):.1f}" cy="{py(tg.baseline_2019 * scale):.1f}" r="3.5" '
            f'fill="#6d4c41"><title>{escape(i18n.t("baseline", lang))}: '
            f"{_fmt(tg.baseline_2019, tg.unit)}</title></circle>"
        )
    if len(y):
        t = r.first_year + np.arange(len(y)) / 4.0 + 0.25
        pts = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(t, np.nan_to_num(y), strict=True))
        out.append(f'<polyline points="{pts}" fill="none" stroke="#1565c0" stroke-width="1.8"/>')
        out.append(
            f'<text x="{x1}" y="{y0 - 4}" font-size="10" text-anchor="end" fill="#263238">'
            f"{_fmt(float(y[-1]) / scale, tg.unit)} / {_fmt(tg.target, tg.unit)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def targets_svg(model, lang: str = "zh") -> str:
    """All targets' panels side by side (HTML of inline SVGs that wrap with the page)."""
    status = target_status(model)
    return "".join(
        target_panel_svg(model, k, lang, status[k]) for k in range(len(model.region.targets))
    )


# ---------------------------------------------------------------------------- firms
def firm_history_figure(hist, lang: str = "zh", title: str = "") -> Figure:
    """A firm's quarterly revenue, R&D, S&T staff, knowledge and labels."""
    fig = figure(9, 4.6)
    axes = fig.subplots(2, 2)
    q = np.arange(len(hist))
    ticks = q[:: max(len(q) // 6, 1)]
    for ax, col in zip(axes.flat[:3], ("revenue", "rd", "st_staff"), strict=True):
        if len(hist):
            ax.plot(q, hist[col], color="#1565c0")
        ax.set_title(i18n.t(col, lang), fontsize=9)
    ax = axes.flat[3]
    for j, (name, *_rest) in enumerate(LABELS):
        if len(hist) and name in hist:
            held = hist[name].to_numpy()
            ax.fill_between(q, j + 0.1, j + 0.9, where=held, color=IND_COLOURS[j], step="mid")
    ax.set_yticks(
        [j + 0.5 for j in range(len(LABELS))],
        [zh if lang == "zh" else en for _n, _b, zh, en in LABELS],
        fontsize=7,
    )
    ax.set_title(i18n.t("labels_held", lang), fontsize=9)
    for ax in axes.flat:
        if len(hist):
            ax.set_xticks(ticks, [hist["quarter"].iloc[i] for i in ticks], fontsize=7)
        ax.tick_params(labelsize=7)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


# ---------------------------------------------------------------------------- compare
def fan_figure(
    bands: dict,
    indicators: list[str],
    names: tuple[str, str],
    lang: str = "zh",
    targets: dict | None = None,
) -> Figure:
    """Fan charts: one row per indicator, one column per lever package, shared y axis.

    Parameters
    ----------
    bands : dict
        ``{package: {"t": years, indicator: (p10, p50, p90)}}`` from
        :func:`viz.compare.fan_bands`.
    targets : dict, optional
        ``{indicator: 2025 target}``: drawn as a red dashed line where given.
    """
    targets = targets or {}
    n = max(len(indicators), 1)
    fig = figure(10, 2.3 * n)
    axes = fig.subplots(n, 2, squeeze=False, sharey="row")
    colours = ("#1565c0", "#ef6c00")
    for col, (pkg, c) in enumerate(zip(names, colours, strict=True)):
        b = bands.get(pkg)
        for row, ind in enumerate(indicators):
            ax = axes[row, col]
            if b is not None and ind in b:
                lo, mid, hi = b[ind]
                ax.fill_between(b["t"], lo, hi, color=c, alpha=0.25, lw=0)
                ax.plot(b["t"], mid, color=c, lw=1.8)
            if ind in targets:
                ax.axhline(targets[ind], color="#c62828", ls="--", lw=1.1)
                ax.annotate(
                    f"{i18n.t('target_line', lang)} {targets[ind]:g}",
                    (1, targets[ind]),
                    xycoords=("axes fraction", "data"),
                    ha="right",
                    va="bottom",
                    fontsize=7,
                    color="#c62828",
                )
            ax.set_title(f"{pkg} — {i18n.indicator(ind, lang)}", fontsize=9)
            ax.tick_params(labelsize=7)
    return fig


# ---------------------------------------------------------------------------- timing
def render_step_times(
    n_steps: int = 20, region: str = "baodi", seed: int = 0, lang: str = "zh"
) -> list[float]:
    """Milliseconds per step of what the page renders after a step, without a browser.

    Each timed step = ``model.step()`` + the map SVG (with the per-node counts) + the
    eleven target panels (SVG) + the met/on-track summary: what the page re-renders on a
    step. The model is built (and numba warmed up) before timing; Solara's diffing and the
    browser's drawing are not included (the browser test measures a step round trip).
    """
    from sim.model import BaodiModel

    if not isinstance(n_steps, int) or not 1 <= n_steps <= 44:
        raise ValueError(f"n_steps = {n_steps!r} must be an integer in [1, 44]")
    m = BaodiModel(region=region, seed=seed, history=True)
    cjk_font()
    out = []
    for _ in range(n_steps):
        if not m.running:
            break
        t0 = time.perf_counter()
        m.step()
        map_svg(m, lang)
        targets_svg(m, lang)
        out.append(1e3 * (time.perf_counter() - t0))
    return out


def render_step_ms(
    n_steps: int = 20, region: str = "baodi", seed: int = 0, lang: str = "zh"
) -> float:
    """Median milliseconds per rendered step (see :func:`render_step_times`)."""
    return float(np.median(render_step_times(n_steps, region, seed, lang)))
