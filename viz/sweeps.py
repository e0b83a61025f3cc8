"""The Sweeps page's data and figures: ``StoreView``, ``fan_svg``, ``pmet_svg``.

A store read for the page, store listing, run filters, fan charts per target and P(met)
bars — no Solara here.

A sweep store (:mod:`scenarios.store`) holds one row per run and one per (run, year). The
page lists the stores under a folder (:func:`list_stores`), reads one
(:meth:`StoreView.read`, cheap to repeat while a sweep is still writing), filters its runs by
the sampled lever and parameter columns (:func:`sampled_ranges`, :func:`filter_runs`), and
draws per target the packages' 10–90 % fans with the plan's target line
(:func:`fan_svg`) and P(met) with its Wilson interval (:func:`pmet_svg`), from
:func:`scenarios.summarize`.
"""

import math
import os
import tomllib
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

import scenarios
from sim.region import Region, load_region

from . import i18n
from .render import SVG_FONT

__all__ = [
    "PACKAGE_COLOURS",
    "StoreView",
    "fan_bands",
    "fan_svg",
    "filter_runs",
    "legend_html",
    "list_stores",
    "package_label",
    "pmet_svg",
    "sampled_ranges",
    "store_signature",
    "summary_csv",
]

PACKAGE_COLOURS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037")
QUANTILES = (0.1, 0.5, 0.9)
PACKAGE_NAMES = {
    "status_quo": ("维持现状", "Status quo"),
    "plan": ("规划值预设(plan)", "Plan preset (plan)"),
    "current": ("当前杠杆设置", "Current levers"),
}


def package_label(name: str, lang: str) -> str:
    """A package's name for the page (the known ones translated, others as written)."""
    pair = PACKAGE_NAMES.get(name)
    return name if pair is None else pair[0 if lang == "zh" else 1]


def list_stores(folder: str | Path, depth: int = 2) -> list[Path]:
    """Sweep stores (folders with a ``manifest.json``) at most ``depth`` levels under ``folder``.

    Returns an empty list when ``folder`` does not exist; sorted newest first.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        return []
    found = []
    level = [root]
    for _ in range(depth + 1):
        nxt = []
        for d in level:
            if (d / "manifest.json").is_file():
                found.append(d)
                continue
            try:
                nxt += [c for c in d.iterdir() if c.is_dir() and not c.name.startswith(".")]
            except OSError:
                continue
        level = nxt
    return sorted(found, key=lambda p: (p / "manifest.json").stat().st_mtime, reverse=True)


def store_signature(path: str | Path) -> tuple:
    """What changes when a sweep writes a batch: the store's run parts and their times.

    Cheap (one directory listing), so the page can ask every second and re-read the store
    only when it has changed.
    """
    runs = Path(path) / "runs"
    try:
        parts = [e.stat().st_mtime_ns for e in os.scandir(runs) if e.name.endswith(".parquet")]
    except OSError:
        parts = []
    manifest = Path(path) / "manifest.json"
    return (len(parts), max(parts, default=0), manifest.is_file())


@dataclass
class StoreView:
    """A sweep store as the page shows it.

    Attributes
    ----------
    path : Path
    region : sim.region.Region
        The sweep's region (its targets are the ones judged).
    runs : pandas.DataFrame
        :func:`scenarios.load`: one row per (design row) with a finished run.
    years : pandas.DataFrame
        :func:`scenarios.load_years`: year-end indicators of those runs.
    n_design : int
        Rows of the design table (runs planned).
    packages : list of str
        Packages in the sweep file's order.
    """

    path: Path
    region: Region
    runs: pd.DataFrame
    years: pd.DataFrame
    n_design: int
    packages: list

    @classmethod
    def read(cls, path: str | Path) -> "StoreView":
        """Read a store (``scenarios.ScenarioError`` if it is not one)."""
        store = scenarios.Store(path)
        man = store.manifest()
        region = man.get("region")
        if region is None:  # a store written before the manifest named its region
            try:
                region = tomllib.loads(man.get("sweep_text", "")).get("region", "baodi")
            except tomllib.TOMLDecodeError:
                region = "baodi"
        design = store.design()
        runs = scenarios.load(store)
        years = scenarios.load_years(store)
        return cls(
            Path(path),
            load_region(region),
            runs,
            years,
            len(design),
            list(pd.unique(design["package"])),
        )

    @property
    def done(self) -> int:
        """Design rows with a finished run."""
        return len(self.runs)

    def summary(self, runs: pd.DataFrame | None = None) -> pd.DataFrame:
        """:func:`scenarios.summarize` of ``runs`` (default: all finished runs)."""
        runs = self.runs if runs is None else runs
        if runs.empty:
            return pd.DataFrame(columns=list(scenarios.summary.SUMMARY_COLUMNS))
        return scenarios.summarize(runs, self.region)


def sampled_ranges(runs: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """``{column: (min, max)}`` of the sampled ``param_``/``lever_`` columns that vary."""
    out = {}
    for c in runs.columns:
        if c.startswith(("param_", "lever_")):
            v = pd.to_numeric(runs[c], errors="coerce")
            lo, hi = float(v.min()), float(v.max())
            if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
                out[c] = (lo, hi)
    return out


def filter_runs(runs: pd.DataFrame, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """The runs whose sampled columns lie within ``ranges`` (inclusive)."""
    keep = np.ones(len(runs), dtype=bool)
    for c, (lo, hi) in ranges.items():
        if c in runs:
            v = pd.to_numeric(runs[c], errors="coerce").to_numpy(dtype=float)
            keep &= (v >= lo - 1e-12) & (v <= hi + 1e-12)
    return runs[keep]


def summary_csv(summary: pd.DataFrame) -> bytes:
    """The summary table as UTF-8 CSV (with a BOM, so spreadsheet programs read the Chinese)."""
    return summary.to_csv(index=False).encode("utf-8-sig")


def _target_unit(tg, lang: str) -> tuple[float, str]:
    """(scale, unit label): shares are shown in percent."""
    if tg.unit == "share":
        return 100.0, "%"
    return 1.0, i18n.unit(tg.unit, lang)


def _num(v: float) -> str:
    if not math.isfinite(v):
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}" if abs(v) >= 10 or v == int(v) else f"{v:.2f}"


def fan_bands(view: StoreView, runs: pd.DataFrame | None = None) -> dict:
    """``{(package, indicator): (years, p10, p50, p90)}`` over ``runs`` (default: all)."""
    runs = view.runs if runs is None else runs
    years = view.years[view.years["run_id"].isin(set(runs["run_id"]))]
    out = {}
    for pkg in view.packages:
        rows = years[years["package"] == pkg]
        if rows.empty:
            continue
        for tg in view.region.targets:
            if tg.indicator not in rows:
                continue
            table = rows.pivot_table(index="year", columns="run_id", values=tg.indicator)
            lo, mid, hi = np.quantile(table.to_numpy(dtype=float), QUANTILES, axis=1)
            out[(pkg, tg.indicator)] = (table.index.to_numpy(), lo, mid, hi)
    return out


FAN_W, FAN_H = 330, 190


def fan_svg(view: StoreView, runs: pd.DataFrame | None = None, lang: str = "zh") -> str:
    """One small SVG chart per target: the packages' fans overlaid.

    Each package's median (line) and 10–90 % band by year end, the plan's target (red
    dashed) and the 2019 record (brown dot).

    SVG drawn here rather than with matplotlib: eleven panels take milliseconds, so the page
    can redraw them every second while a sweep streams in.
    """
    bands = fan_bands(view, runs)
    out = []
    for tg in view.region.targets:
        scale, unit = _target_unit(tg, lang)
        series = [
            (j, bands[(p, tg.indicator)])
            for j, p in enumerate(view.packages)
            if (p, tg.indicator) in bands
        ]
        ys = [tg.target * scale]
        if not math.isnan(tg.baseline_2019):
            ys.append(tg.baseline_2019 * scale)
        t_all = [view.region.first_year, view.region.last_year]
        for _j, (t, _lo, _mid, hi) in series:
            ys.append(float(np.nanmax(hi)) * scale)
            t_all += [int(t.min()), int(t.max())]
        top = _nice(max(ys) * 1.05)
        t0, t1 = min(t_all), max(t_all)
        x0, x1, y0, y1 = 48.0, FAN_W - 10.0, 42.0, FAN_H - 22.0

        def px(t, t0=t0, t1=t1, x0=x0, x1=x1):
            return x0 + (x1 - x0) * (t - t0) / max(t1 - t0, 1)

        def py(v, top=top, y0=y0, y1=y1):
            return y1 - (y1 - y0) * v / top

        title = tg.zh if lang == "zh" else tg.en
        g = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{FAN_W}" height="{FAN_H}" '
            f'font-family="{SVG_FONT}" class="viz-fan-panel" data-indicator="{tg.indicator}">',
            f'<rect x="0.5" y="0.5" width="{FAN_W - 1}" height="{FAN_H - 1}" fill="#fff" '
            f'stroke="#cfd8dc" rx="4"/>',
        ]
        for k, line in enumerate(_lines(title, 22 if lang == "zh" else 44)):
            g.append(
                f'<text x="8" y="{15 + 14 * k}" font-size="12" font-weight="600" '
                f'fill="#263238">{escape(line)}</text>'
            )
        g.append(
            f'<text x="{x1}" y="15" font-size="10" text-anchor="end" fill="#607d8b">'
            f"[{escape(unit)}]</text>"
        )
        g.append(
            f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#90a4ae"/>'
            f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#90a4ae"/>'
        )
        for v in (0.0, top / 2, top):
            g.append(
                f'<text x="{x0 - 4}" y="{py(v) + 3:.1f}" font-size="9" text-anchor="end" '
                f'fill="#607d8b">{_num(v)}</text>'
            )
        step = 1 if t1 - t0 <= 6 else 2
        for yr in range(t0, t1 + 1, step):
            g.append(
                f'<text x="{px(yr):.1f}" y="{y1 + 13}" font-size="9" text-anchor="middle" '
                f'fill="#607d8b">{yr}</text>'
            )
        for j, (t, lo, mid, hi) in series:
            c = PACKAGE_COLOURS[j % len(PACKAGE_COLOURS)]
            up = " ".join(f"{px(a):.1f},{py(b * scale):.1f}" for a, b in zip(t, hi, strict=True))
            down = " ".join(
                f"{px(a):.1f},{py(b * scale):.1f}" for a, b in zip(t[::-1], lo[::-1], strict=True)
            )
            g.append(f'<polygon points="{up} {down}" fill="{c}" fill-opacity="0.18"/>')
            pts = " ".join(f"{px(a):.1f},{py(b * scale):.1f}" for a, b in zip(t, mid, strict=True))
            g.append(
                f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2">'
                f"<title>{escape(package_label(view.packages[j], lang))}</title></polyline>"
            )
            g.append(
                f'<circle cx="{px(t[-1]):.1f}" cy="{py(mid[-1] * scale):.1f}" r="2.5" fill="{c}"/>'
            )
        ty = py(tg.target * scale)
        g.append(
            f'<line x1="{x0}" y1="{ty:.1f}" x2="{x1}" y2="{ty:.1f}" stroke="#c62828" '
            f'stroke-dasharray="5 3" stroke-width="1.3"/>'
            f'<text x="{x1 - 2}" y="{ty - 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="#c62828">{escape(i18n.t("target_line", lang))} {_num(tg.target * scale)}'
            f"</text>"
        )
        if not math.isnan(tg.baseline_2019) and t0 <= 2019 <= t1:
            g.append(
                f'<circle cx="{px(2019):.1f}" cy="{py(tg.baseline_2019 * scale):.1f}" '
                f'r="3.5" fill="#6d4c41"><title>{escape(i18n.t("record_2019", lang))}: '
                f"{_num(tg.baseline_2019 * scale)}</title></circle>"
            )
        g.append("</svg>")
        out.append("".join(g))
    return "".join(out)


def legend_html(view: StoreView, lang: str) -> str:
    """The key of the fans and bars: each package's colour, the target line, the record."""
    items = [
        f'<span style="display:inline-block;width:22px;height:10px;background:'
        f'{PACKAGE_COLOURS[j % len(PACKAGE_COLOURS)]};opacity:.8"></span> '
        f"{escape(package_label(p, lang))}"
        for j, p in enumerate(view.packages)
    ]
    items.append(f'<span style="color:#c62828">┅</span> {escape(i18n.t("target_line", lang))}')
    items.append(f'<span style="color:#6d4c41">●</span> {escape(i18n.t("record_2019", lang))}')
    items.append(escape(i18n.t("fan_note", lang)))
    return " &nbsp; ".join(items)


def pmet_svg(view: StoreView, summary: pd.DataFrame, lang: str = "zh") -> str:
    """P(target met) per target and package: bars [%] with the Wilson 95 % interval."""
    targets = [*(tg.indicator for tg in view.region.targets), scenarios.summary.ALL_TARGETS]
    names = {tg.indicator: tg.zh if lang == "zh" else tg.en for tg in view.region.targets}
    names[scenarios.summary.ALL_TARGETS] = i18n.t("all_targets", lang)
    pk = [p for p in view.packages if p in set(summary.get("package", []))]
    bar, gap, lab_w, w = 12, 8, 250, 820
    group = bar * max(len(pk), 1) + gap
    h = 30 + group * len(targets) + 26
    x0, x1 = lab_w, w - 60

    def px(p):
        return x0 + (x1 - x0) * p

    g = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'font-family="{SVG_FONT}" class="viz-pmet-svg">'
    ]
    for q in (0, 0.25, 0.5, 0.75, 1.0):
        g.append(
            f'<line x1="{px(q):.1f}" y1="20" x2="{px(q):.1f}" y2="{h - 24}" '
            f'stroke="#eceff1"/><text x="{px(q):.1f}" y="{h - 10}" font-size="10" '
            f'text-anchor="middle" fill="#607d8b">{100 * q:.0f}%</text>'
        )
    g.append(
        f'<text x="{x1:.1f}" y="12" font-size="10" text-anchor="end" fill="#607d8b">'
        f"{escape(i18n.t('p_met_axis', lang))}</text>"
    )
    by = summary.set_index(["package", "target"]) if len(summary) else None
    for i, tgt in enumerate(targets):
        top = 24 + i * group
        for k, line in enumerate(_lines(names[tgt], 20 if lang == "zh" else 38)):
            g.append(
                f'<text x="{x0 - 8}" y="{top + 10 + 12 * k}" font-size="11" '
                f'text-anchor="end" fill="#263238">{escape(line)}</text>'
            )
        for j, p in enumerate(pk):
            if by is None or (p, tgt) not in by.index:
                continue
            r = by.loc[(p, tgt)]
            pm, lo, hi = (float(r[c]) for c in ("p_met", "p_lo", "p_hi"))
            if not math.isfinite(pm):
                continue
            c = PACKAGE_COLOURS[view.packages.index(p) % len(PACKAGE_COLOURS)]
            y = top + j * bar
            g.append(
                f'<rect x="{x0}" y="{y}" width="{max(px(pm) - x0, 0.5):.1f}" '
                f'height="{bar - 2}" fill="{c}" fill-opacity="0.85">'
                f"<title>{escape(package_label(p, lang))}: {100 * pm:.0f}% "
                f"[{100 * lo:.0f}–{100 * hi:.0f}%]</title></rect>"
            )
            ym = y + (bar - 2) / 2
            g.append(
                f'<line x1="{px(lo):.1f}" y1="{ym:.1f}" x2="{px(hi):.1f}" y2="{ym:.1f}" '
                f'stroke="#263238"/><line x1="{px(lo):.1f}" y1="{ym - 3:.1f}" '
                f'x2="{px(lo):.1f}" y2="{ym + 3:.1f}" stroke="#263238"/>'
                f'<line x1="{px(hi):.1f}" y1="{ym - 3:.1f}" x2="{px(hi):.1f}" '
                f'y2="{ym + 3:.1f}" stroke="#263238"/>'
            )
            g.append(
                f'<text x="{px(hi) + 4:.1f}" y="{ym + 4:.1f}" font-size="10" '
                f'fill="#263238">{100 * pm:.0f}%</text>'
            )
    g.append("</svg>")
    return "".join(g)


def _nice(v: float) -> float:
    if not v > 0 or not math.isfinite(v):
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    return next((m * e for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * e >= v), 10 * e)


def _lines(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)[:2]
