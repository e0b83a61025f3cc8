"""A sweep's answers: ``summarize``, ``format_summary``, ``write_summary``, ``to_ema``.

All of them take the sweep store's per-run frame (``scenarios.store.load(store)``): one row
per run with ``run_id``, ``package``, ``experiment``, ``seed``, the sampled ``lever_<id>`` /
``param_<name>`` columns, ``status`` (``"ok"`` or ``"failed"``), ``error``, ``seconds``, for
each target indicator ``t`` of :data:`sim.indicators.TARGET_INDICATORS` the end-2025
``value_<t>`` and ``met_<t>``, ``met_all``, and the fiscal cost ``cost_<year>`` (2021–2025)
and ``cost_total`` [100m yuan].

``summarize`` answers "how likely does each package meet each 2025 target, and at what
cost?" as a tidy table; ``format_summary`` prints it for a terminal in Chinese or English;
``write_summary`` saves it as CSV or Parquet; ``to_ema`` hands the runs to EMA Workbench's
analysis functions in its ``(experiments, outcomes)`` shape; ``wilson_interval`` is the
interval every P(met) carries.
"""

import math
import os
import re
import secrets
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import nearest
from sim.indicators import INDICATORS, TARGET_INDICATORS
from sim.region import Region, load_region

from .errors import ScenarioError, error

__all__ = [
    "ALL_TARGETS",
    "SUMMARY_COLUMNS",
    "SUMMARY_EXTENSIONS",
    "TARGETS",
    "format_summary",
    "summarize",
    "to_ema",
    "wilson_interval",
    "write_summary",
]

Z95 = 1.959963984540054  # two-sided 95% normal quantile
ALL_TARGETS = "all"  # the summary's target id for "every target met" (column met_all)
TARGETS = (*TARGET_INDICATORS, ALL_TARGETS)
SUMMARY_COLUMNS = (
    "package",
    "target",
    "target_value",
    "n_runs",
    "n_failed",
    "p_met",
    "p_lo",
    "p_hi",
    "value_median",
    "value_p10",
    "value_p90",
    "cost_median",
    "cost_p10",
    "cost_p90",
    "extra_p_all_per_100m",
)
SUMMARY_EXTENSIONS = (".csv", ".parquet")
STATUSES = ("ok", "failed")
_SAMPLED_PREFIXES = ("param_", "lever_")  # EMA's order: uncertainties, then levers
_EMA_RESERVED = ("seed", "scenario", "policy", "model")


# ---------------------------------------------------------------- the interval


def wilson_interval(k, n, z: float = Z95):
    """Wilson score interval for a proportion of ``k`` successes in ``n`` trials.

    Parameters
    ----------
    k, n : int or array_like of int
        Successes and trials; broadcast against each other. ``0 <= k <= n``.
    z : float
        Normal quantile of the two-sided level (default: 95%).

    Returns
    -------
    lo, hi : float, or numpy.ndarray of float when ``k`` or ``n`` is an array
        Bounds in [0, 1]; exactly 0 when ``k == 0`` and exactly 1 when ``k == n``;
        ``nan`` where ``n == 0``.

    Raises
    ------
    ScenarioError
        If some ``k < 0``, ``n < 0`` or ``k > n``.
    """
    k_arr, n_arr = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(n, dtype=float))
    bad = (k_arr < 0) | (n_arr < 0) | (k_arr > n_arr)
    if bad.any():
        i = np.flatnonzero(bad.ravel())[0]
        raise ScenarioError(
            f"wilson_interval: k={k_arr.ravel()[i]:g}, n={n_arr.ravel()[i]:g}; allowed: 0 <= k <= n"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        z2 = z * z
        denom = 1.0 + z2 / n_arr
        centre = (p + z2 / (2.0 * n_arr)) / denom
        half = z / denom * np.sqrt(p * (1.0 - p) / n_arr + z2 / (4.0 * n_arr * n_arr))
        lo = np.where(k_arr == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        hi = np.where(k_arr == n_arr, 1.0, np.clip(centre + half, 0.0, 1.0))
    lo = np.where(n_arr == 0, np.nan, lo)
    hi = np.where(n_arr == 0, np.nan, hi)
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi


# ---------------------------------------------------------------- checking the frame


def _frame_targets(frame) -> list[str]:
    """The targets a run frame judges: its ``met_<t>`` columns (the region's targets).

    Baodi's are the plan's eleven (:data:`sim.indicators.TARGET_INDICATORS`); another
    region (the tiny test region) has its own. A frame with none is checked against the
    eleven, so the error names what is missing.
    """
    cols = [str(c) for c in getattr(frame, "columns", [])]
    found = [c[4:] for c in cols if c.startswith("met_") and c != "met_all"]
    return found or list(TARGET_INDICATORS)


def _value_columns(targets) -> list[str]:
    return [f"value_{t}" for t in targets]


def _met_columns(targets) -> list[str]:
    return [f"met_{t}" for t in targets] + ["met_all"]


def _check_frame(frame, required: list[str], what: str) -> None:
    """Raise ``ScenarioError`` unless ``frame`` is a non-empty run frame with ``required``."""
    if not isinstance(frame, pd.DataFrame):
        raise ScenarioError(
            f"{what}: expected the sweep's run frame (a pandas DataFrame from "
            f"scenarios.load(store)); got {type(frame).__name__}"
        )
    if len(frame) == 0:
        raise ScenarioError(
            f"{what}: the frame has no runs (0 rows); run the sweep first "
            "(baodi-sim sweep FILE --out STORE)"
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        others = [str(c) for c in frame.columns if c not in required]
        problems = [f"missing column '{c}'{nearest(c, others)}" for c in missing]
        raise ScenarioError(
            f"{what}: the frame lacks {len(missing)} required column(s): {', '.join(missing)}",
            problems,
        )
    odd = sorted({str(s) for s in frame["status"].unique()} - set(STATUSES))
    if odd:
        raise ScenarioError(
            f"{what}: column 'status' has {', '.join(repr(s) for s in odd)}; "
            f"allowed: {', '.join(repr(s) for s in STATUSES)}"
        )


def _region(region) -> Region:
    return region if isinstance(region, Region) else load_region(region)


# ---------------------------------------------------------------- the summary


def _quantiles(values: pd.Series) -> tuple[float, float, float]:
    """Median, 10% and 90% quantiles (linear interpolation) of the finite values, or nans."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    v = v[np.isfinite(v)]
    if v.empty:
        return math.nan, math.nan, math.nan
    q = np.quantile(v.to_numpy(), [0.5, 0.1, 0.9])
    return float(q[0]), float(q[1]), float(q[2])


def summarize(frame: pd.DataFrame, region: str | Region = "baodi") -> pd.DataFrame:
    """P(each 2025 target met) per package, with intervals, 2025 values and fiscal cost.

    Parameters
    ----------
    frame : pandas.DataFrame
        The sweep's run frame (``scenarios.load(store)``); needs ``package``, ``status``,
        ``value_<t>`` and ``met_<t>`` for the 11 target indicators, ``met_all`` and
        ``cost_total``.
    region : str or sim.region.Region
        Where the plan's target figures come from (default ``"baodi"``).

    Returns
    -------
    pandas.DataFrame
        One row per (package, target), packages in order of first appearance in ``frame``,
        targets in :data:`TARGETS` order (the 11 indicators, then ``"all"``). Columns:

        - ``package`` : str; ``target`` : str (indicator id or ``"all"``);
        - ``target_value`` : float, the plan's 2025 figure in the indicator's unit (nan for
          ``"all"``);
        - ``n_runs`` : int, runs with status ``"ok"``; ``n_failed`` : int, the others;
        - ``p_met`` : float, share of ok runs meeting the target; ``p_lo``, ``p_hi`` : its
          Wilson 95% interval (nan when ``n_runs == 0``);
        - ``value_median``, ``value_p10``, ``value_p90`` : float, the end-2025 value over ok
          runs (linear-interpolated quantiles; nan for ``"all"``);
        - ``cost_median``, ``cost_p10``, ``cost_p90`` : float [100m yuan], fiscal cost
          2021–2025 over the package's ok runs, repeated on each of its rows;
        - ``extra_p_all_per_100m`` : float [probability per 100m yuan], against the first
          package: ``(P_all - P_all_first) / (mean cost - mean cost_first)``, means over ok
          runs. nan for the first package, and when the package costs no more than the
          first on average (the ratio would be meaningless: a cheaper package that does
          better dominates, one that does worse trades off the other way), or when either
          has no ok run. Repeated on each of the package's rows.

    Raises
    ------
    ScenarioError
        If the frame is empty, lacks a required column (each one named), or has a status
        other than ``"ok"`` / ``"failed"``.
    """
    targets = {t.indicator: t for t in _region(region).targets}
    judged = list(targets)
    required = ["package", "status", *_value_columns(judged), *_met_columns(judged), "cost_total"]
    _check_frame(frame, required, "summarize")

    packages = list(pd.unique(frame["package"]))
    rows: list[dict] = []
    headline: dict = {}  # package -> (P_all, mean cost)
    for package in packages:
        runs = frame[frame["package"] == package]
        ok = runs[runs["status"] == "ok"]
        n, n_failed = len(ok), len(runs) - len(ok)
        cost = pd.to_numeric(ok["cost_total"], errors="coerce").astype(float)
        cost_q = _quantiles(cost)
        for target in (*judged, ALL_TARGETS):
            met_col = "met_all" if target == ALL_TARGETS else f"met_{target}"
            k = int(ok[met_col].eq(True).sum())
            lo, hi = wilson_interval(k, n)
            if target == ALL_TARGETS:
                value_q = (math.nan, math.nan, math.nan)
                target_value = math.nan
                headline[package] = (k / n if n else math.nan, cost.mean() if n else math.nan)
            else:
                value_q = _quantiles(ok[f"value_{target}"])
                target_value = float(targets[target].target) if target in targets else math.nan
            rows.append(
                {
                    "package": str(package),
                    "target": target,
                    "target_value": target_value,
                    "n_runs": n,
                    "n_failed": n_failed,
                    "p_met": k / n if n else math.nan,
                    "p_lo": lo,
                    "p_hi": hi,
                    "value_median": value_q[0],
                    "value_p10": value_q[1],
                    "value_p90": value_q[2],
                    "cost_median": cost_q[0],
                    "cost_p10": cost_q[1],
                    "cost_p90": cost_q[2],
                }
            )
    p0, c0 = headline[packages[0]]
    extra = {}
    for package, (p, c) in headline.items():
        d_cost = c - c0
        ok = package != packages[0] and np.isfinite(d_cost) and d_cost > 0 and np.isfinite(p - p0)
        extra[str(package)] = (p - p0) / d_cost if ok else math.nan
    out = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS[:-1]))
    out["extra_p_all_per_100m"] = out["package"].map(extra).astype(float)
    out["n_runs"] = out["n_runs"].astype("int64")
    out["n_failed"] = out["n_failed"].astype("int64")
    return out


# ---------------------------------------------------------------- the terminal table

_TEXT = {
    "zh": {
        "title": "各方案在 2025 年达成规划目标的概率与财政投入",
        "package": "方案",
        "runs": "成功/失败",
        "p_all": "全部达成概率 [95%区间]",
        "cost": "财政投入(亿元) 中位数 [10–90%]",
        "extra": "每亿元提高全部达成概率",
        "reference_line": "全部达成概率：2025 年 {n} 项目标全部达成的概率；比较基准为第一个方案 {ref}。",
        "block": "方案 {package}：成功运行 {n} 次，失败 {f} 次",
        "line_p_all": "全部目标达成概率：{p}",
        "line_cost": "财政投入（2021–2025 年累计）：中位数 {m} 亿元 [10–90%：{lo}–{hi} 亿元]",
        "line_extra": "相对 {ref}：{x}",
        "target": "指标",
        "unit": "单位",
        "target_value": "规划目标",
        "value": "2025 年：中位数 [10–90%]",
        "p_met": "达成概率 [95%区间]",
        "reference": "基准方案",
        "is_reference": "本方案即比较基准",
        "pp": "每多投入 1 亿元，全部目标达成概率 {x} 个百分点",
        "pp_short": "每亿元 {x} 个百分点",
        "not_costlier": "不适用：平均投入不高于 {ref}",
        "not_costlier_short": "不适用（投入不高于基准）",
        "no_runs": "不适用（无成功运行）",
        "note": "区间：达成概率为威尔逊 95% 置信区间；2025 年值与财政投入为各次运行的 10%–90% 分位。",
        "units": {"share": "", "firms": "家", "count": "个", "100m yuan": "亿元"},
    },
    "en": {
        "title": "How likely each package meets the 2025 targets, and at what fiscal cost",
        "package": "Package",
        "runs": "ok/failed",
        "p_all": "P(all) [95% CI]",
        "cost": "Cost, 100m yuan: median [10–90%]",
        "extra": "Extra P(all) per 100m yuan",
        "reference_line": "P(all): probability of meeting all {n} targets by 2025; "
        "compared against the first package, {ref}.",
        "block": "Package {package}: {n} runs ok, {f} failed",
        "line_p_all": "P(all targets met by 2025): {p}",
        "line_cost": "Fiscal cost 2021–2025: median {m} [10–90%: {lo}–{hi}] 100m yuan",
        "line_extra": "Against {ref}: {x}",
        "target": "Target",
        "unit": "Unit",
        "target_value": "Plan 2025",
        "value": "2025: median [10–90%]",
        "p_met": "P(met) [95% CI]",
        "reference": "reference",
        "is_reference": "this package is the reference",
        "pp": "{x} percentage points of P(all targets) per extra 100m yuan",
        "pp_short": "{x} pp per 100m yuan",
        "not_costlier": "n/a: costs no more than {ref} on average",
        "not_costlier_short": "n/a (not costlier)",
        "no_runs": "n/a (no successful runs)",
        "note": "Intervals: P(met) Wilson 95% confidence; 2025 values and cost 10th–90th "
        "percentile over runs.",
        "units": {"share": "", "firms": "firms", "count": "count", "100m yuan": "100m yuan"},
    },
}
_EMPTY = "—"


def _width(s: str) -> int:
    """Display width in a terminal: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _is_wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _latin(name: str) -> str:
    """An English label without CJK: drop parentheses holding CJK, then any CJK left."""
    out = re.sub(
        r"\s*[(（][^()（）]*[)）]", lambda m: "" if any(map(_is_wide, m[0])) else m[0], name
    )
    out = "".join(c for c in out if not _is_wide(c))
    return re.sub(r"\s+", " ", out).strip()


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Lines of a plain-text table, CJK-aware; columns in ``right`` are right-aligned."""
    cells = [headers, *rows]
    ws = [max(_width(r[j]) for r in cells) for j in range(len(headers))]

    def pad(s: str, j: int) -> str:
        gap = " " * (ws[j] - _width(s))
        return gap + s if j in right else s + gap

    lines = ["  ".join(pad(c, j) for j, c in enumerate(r)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in ws))
    return lines


def _finite(v) -> bool:
    return v is not None and isinstance(v, int | float | np.number) and math.isfinite(v)


def _num(v, decimals: int) -> str:
    """A number without thousands separators (years stay 2025); whole numbers as integers."""
    if not _finite(v):
        return _EMPTY
    v = float(v)
    if v.is_integer():
        return f"{v:.0f}"
    return f"{v:.{decimals}f}"


def _money(v) -> str:
    """Cost or turnover [100m yuan]: 2 decimals below 10, 1 decimal above."""
    if not _finite(v):
        return _EMPTY
    return f"{v:.{2 if abs(v) < 10 else 1}f}"


def _value(v, unit: str, plan: bool = False) -> str:
    """A 2025 value in its unit's style; ``plan``: the plan's figure, as the plan writes it.

    Shares are percentages with 2 decimals (a median of 2.76% against a target of 2.8%
    must not read as "2.8%"); money in 100m yuan with 1–2 decimals; counts as integers, or
    with 1 decimal for a median between two runs.
    """
    if not _finite(v):
        return _EMPTY
    if unit == "share":
        return f"{100 * v:g}%" if plan else f"{100 * v:.2f}%"
    if unit == "100m yuan" and not plan:
        return _money(v)
    return _num(v, 1 if unit != "100m yuan" else 2)


def _value_range(med, lo, hi, unit: str) -> str:
    if not _finite(med):
        return _EMPTY
    if unit == "share":
        return f"{100 * med:.2f}% [{100 * lo:.2f}–{100 * hi:.2f}%]"
    return f"{_value(med, unit)} [{_value(lo, unit)}–{_value(hi, unit)}]"


def _pct(p) -> str:
    """A probability as a whole percentage; '<1%' / '>99%' rather than a misleading 0 or 100."""
    if not _finite(p):
        return _EMPTY
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def _p_interval(p, lo, hi) -> str:
    if not _finite(p):
        return _EMPTY
    return f"{_pct(p)} [{100 * lo:.0f}–{100 * hi:.0f}%]"


def _pp(x) -> str:
    """Probability per 100m yuan as signed percentage points."""
    return f"{100 * x:+.1f}"


def _target_names(region, lang: str, targets) -> dict[str, tuple[str, str]]:
    """Target id -> (name, unit) in ``lang``; English names carry no CJK."""
    out = {}
    by_id = {t.indicator: t for t in region.targets}
    for t in targets:
        zh, en, unit = INDICATORS.get(t, (t, t, ""))
        if t in by_id:
            zh, en, unit = by_id[t].zh, by_id[t].en, by_id[t].unit or unit
        out[t] = (zh if lang == "zh" else _latin(en) or t, unit)
    return out


def _extra_text(row, ref_row, ref: str, is_first: bool, text: dict, short: bool) -> str:
    x = row["extra_p_all_per_100m"]
    if is_first:
        return text["reference" if short else "is_reference"]
    if _finite(x):
        return text["pp_short" if short else "pp"].format(x=_pp(x))
    if row["n_runs"] == 0 or ref_row["n_runs"] == 0:
        return text["no_runs"]
    return text["not_costlier_short" if short else "not_costlier"].format(ref=ref)


def format_summary(summary: pd.DataFrame, lang: str = "zh", region: str | Region = "baodi") -> str:
    """The summary as text for a terminal, entirely in Chinese or English (≤ 120 columns).

    An overview table (one line per package: runs, P(all targets), fiscal cost, extra
    P(all) per 100m yuan against the first package), then one block per package with
    each target's plan figure, median [10–90%] of the 2025 value and P(met) [95% interval].
    Package names are printed as given; target names come from the region (English names
    with any CJK dropped). Probabilities are whole percentages, R&D / sales values
    percentages with one decimal, counts integers or one decimal, money in 亿元 /
    100m yuan; no thousands separators.

    Parameters
    ----------
    summary : pandas.DataFrame
        The table returned by :func:`summarize`.
    lang : {"zh", "en"}
    region : str or sim.region.Region
        Where target names and units come from (default ``"baodi"``).

    Raises
    ------
    ScenarioError
        On an unknown ``lang`` or a table lacking :func:`summarize`'s columns.
    """
    if lang not in _TEXT:
        raise ScenarioError(f"unknown lang '{lang}'{nearest(lang, _TEXT)}; allowed: zh, en")
    if not isinstance(summary, pd.DataFrame):
        raise ScenarioError(
            f"format_summary: expected the table from summarize(); got {type(summary).__name__}"
        )
    missing = [c for c in SUMMARY_COLUMNS if c not in summary.columns]
    if missing:
        raise ScenarioError(
            "format_summary: the table lacks summarize()'s column(s): " + ", ".join(missing)
        )
    if len(summary) == 0:
        raise ScenarioError("format_summary: the summary has no rows")
    text = _TEXT[lang]
    judged = [t for t in pd.unique(summary["target"]) if t != ALL_TARGETS]
    names = _target_names(_region(region), lang, judged)
    packages = list(pd.unique(summary["package"]))
    heads = {
        p: summary[(summary["package"] == p) & (summary["target"] == ALL_TARGETS)] for p in packages
    }
    missing_all = [str(p) for p, h in heads.items() if h.empty]
    if missing_all:
        raise ScenarioError(
            f"format_summary: no '{ALL_TARGETS}' row for package(s) {', '.join(missing_all)}"
        )
    heads = {p: h.iloc[0] for p, h in heads.items()}
    ref = str(packages[0])
    ref_row = heads[packages[0]]

    lines = [text["title"], text["reference_line"].format(ref=ref, n=len(judged)), ""]
    overview = []
    for i, p in enumerate(packages):
        h = heads[p]
        overview.append(
            [
                str(p),
                f"{int(h['n_runs'])}/{int(h['n_failed'])}",
                _p_interval(h["p_met"], h["p_lo"], h["p_hi"]),
                _value_range(h["cost_median"], h["cost_p10"], h["cost_p90"], "100m yuan"),
                _extra_text(h, ref_row, ref, i == 0, text, short=True),
            ]
        )
    heads_row = [
        text["package"],
        text["runs"],
        text["p_all"],
        text["cost"],
        text["extra"],
    ]
    lines += _table(heads_row, overview, right={1})

    for i, p in enumerate(packages):
        h = heads[p]
        lines += ["", text["block"].format(package=p, n=int(h["n_runs"]), f=int(h["n_failed"]))]
        lines.append(
            "  " + text["line_p_all"].format(p=_p_interval(h["p_met"], h["p_lo"], h["p_hi"]))
        )
        lines.append(
            "  "
            + text["line_cost"].format(
                m=_money(h["cost_median"]), lo=_money(h["cost_p10"]), hi=_money(h["cost_p90"])
            )
        )
        lines.append(
            "  "
            + text["line_extra"].format(
                ref=ref, x=_extra_text(h, ref_row, ref, i == 0, text, False)
            )
        )
        rows = []
        sub = summary[summary["package"] == p].set_index("target")
        for t in judged:
            if t not in sub.index:
                continue
            r = sub.loc[t]
            name, unit = names[t]
            rows.append(
                [
                    name,
                    text["units"].get(unit, unit),
                    _value(r["target_value"], unit, plan=True),
                    _value_range(r["value_median"], r["value_p10"], r["value_p90"], unit),
                    _p_interval(r["p_met"], r["p_lo"], r["p_hi"]),
                ]
            )
        head = [text["target"], text["unit"], text["target_value"], text["value"], text["p_met"]]
        lines += ["  " + s for s in _table(head, rows, right={2})]
    lines += ["", text["note"]]
    return "\n".join(lines)


# ---------------------------------------------------------------- the file


def write_summary(summary: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the summary to ``.csv`` (UTF-8 with BOM, for Excel) or ``.parquet``.

    The table goes to a temporary file in the same folder, is fsynced, then renamed over
    ``path``: a failed write leaves neither a partial file nor the temporary one, and an
    existing file at ``path`` stays as it was.

    Parameters
    ----------
    summary : pandas.DataFrame
        Usually the table from :func:`summarize`; written without its index.
    path : str or os.PathLike
        Ends in ``.csv`` or ``.parquet`` (any case); its folder must exist and be writable.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ScenarioError
        On another extension, a missing or unwritable folder, a folder at ``path``, or a
        failed write (disk full, ...).
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUMMARY_EXTENSIONS:
        allowed = ", ".join(SUMMARY_EXTENSIONS)
        raise error("summary_ext", path=path, ext=path.suffix or "(none)", allowed=allowed)
    parent = path.parent
    if not parent.is_dir():
        what = (
            ("is not a folder", "不是文件夹") if parent.exists() else ("does not exist", "不存在")
        )
        raise error("summary_no_folder", path=path, parent=parent, what=what[0], what_zh=what[1])
    if path.is_dir():
        raise error(
            "summary_is_folder",
            path=path,
            allowed=" or ".join(SUMMARY_EXTENSIONS),
            allowed_zh=" 或 ".join(SUMMARY_EXTENSIONS),
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise error("summary_unwritable", path=path, parent=parent)
    tmp = parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # O_EXCL: never clobber; mode 0o666 so the umask applies as for any new file.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        if ext == ".csv":
            summary.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            summary.to_parquet(tmp, index=False, engine="pyarrow")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, ScenarioError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error("summary_failed", path=path, reason=reason) from exc
    try:  # make the rename durable; not every file system lets a folder be opened
        fd = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
    return path


# ---------------------------------------------------------------- EMA Workbench


def to_ema(
    frame: pd.DataFrame, years: pd.DataFrame | None = None, model: str = "baodi"
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The ok runs as EMA Workbench's ``(experiments, outcomes)`` pair.

    The shape is what ``ema_workbench.perform_experiments`` returns, so its analysis
    functions (``prim.Prim``, ``feature_scoring.get_feature_scores_all``, ``cart``,
    ``plotting.lines``) take it directly. Failed runs are dropped: EMA marks a failed
    experiment by masking its outcomes, which most of its analysis functions do not accept;
    the summary counts failures instead.

    Parameters
    ----------
    frame : pandas.DataFrame
        The sweep's run frame (``scenarios.load(store)``).
    years : pandas.DataFrame, optional
        The per-year frame: ``run_id``, ``year`` and one numeric column per indicator, one
        row per (run, year). Each ok run must have every year that appears.
    model : str
        The ``model`` column's value (EMA's model name).

    Returns
    -------
    experiments : pandas.DataFrame
        One row per ok run, index 0..n-1, in the frame's order. The sampled columns without
        their prefix (``param_<name>`` first, then ``lever_<id>``, as EMA puts uncertainties
        before levers), then ``seed`` (int), then EMA's ``scenario`` (the experiment id),
        ``policy`` (the package) and ``model``, the last three as categoricals as EMA makes
        them.
    outcomes : dict of str to numpy.ndarray
        Aligned on the experiments' rows: ``value_<t>`` (float) and ``met_<t>`` (bool) for the
        11 target indicators, ``met_all`` (bool), ``cost_total`` (float [100m yuan]); with
        ``years``, every indicator of it as an (n_runs, n_years) float array in year order,
        and ``TIME`` (n_runs, n_years) holding the years, the key EMA's time-series plots
        read.

    Raises
    ------
    ScenarioError
        If the frame is empty or lacks a column, a sampled name collides with another or
        with ``seed``/``scenario``/``policy``/``model``, or ``years`` lacks a column, has a
        (run, year) twice or misses one for an ok run.
    """
    judged = _frame_targets(frame)
    required = [
        "run_id",
        "package",
        "experiment",
        "seed",
        "status",
        *_value_columns(judged),
        *_met_columns(judged),
        "cost_total",
    ]
    _check_frame(frame, required, "to_ema")
    ok = frame[frame["status"] == "ok"].reset_index(drop=True)

    sampled = [
        c for prefix in _SAMPLED_PREFIXES for c in frame.columns if str(c).startswith(prefix)
    ]
    names = [str(c).split("_", 1)[1] for c in sampled]
    clashes = sorted({n for n in names if names.count(n) > 1 or n in _EMA_RESERVED})
    if clashes:
        raise ScenarioError(
            "to_ema: sampled column names clash once their lever_/param_ prefix is dropped: "
            + ", ".join(clashes)
        )
    experiments = pd.DataFrame(
        {n: ok[c].astype(float) for n, c in zip(names, sampled, strict=True)}
    )
    experiments["seed"] = ok["seed"].astype("int64")
    experiments["scenario"] = pd.Categorical(ok["experiment"])
    experiments["policy"] = pd.Categorical(
        ok["package"].astype(str), categories=[str(p) for p in pd.unique(frame["package"])]
    )
    experiments["model"] = pd.Categorical([model] * len(ok))

    outcomes: dict[str, np.ndarray] = {}
    for t in judged:
        outcomes[f"value_{t}"] = ok[f"value_{t}"].to_numpy(dtype=float)
        outcomes[f"met_{t}"] = ok[f"met_{t}"].eq(True).to_numpy(dtype=bool)
    outcomes["met_all"] = ok["met_all"].eq(True).to_numpy(dtype=bool)
    outcomes["cost_total"] = ok["cost_total"].to_numpy(dtype=float)
    if years is not None:
        outcomes.update(_year_arrays(years, ok["run_id"], outcomes))
    return experiments, outcomes


def _year_arrays(years: pd.DataFrame, run_ids: pd.Series, taken: dict) -> dict[str, np.ndarray]:
    """Each indicator of the per-year frame as an (n_runs, n_years) array, plus ``TIME``."""
    if not isinstance(years, pd.DataFrame):
        raise ScenarioError(f"to_ema: years must be a pandas DataFrame; got {type(years).__name__}")
    missing = [c for c in ("run_id", "year") if c not in years.columns]
    if missing:
        raise ScenarioError(f"to_ema: the years frame lacks column(s): {', '.join(missing)}")
    indicators = [
        c
        for c in years.columns
        if c not in ("run_id", "year") and pd.api.types.is_numeric_dtype(years[c])
    ]
    clash = [c for c in indicators if c in taken or c == "TIME"]
    if clash:
        raise ScenarioError(
            f"to_ema: years column(s) {', '.join(clash)} clash with per-run outcome names"
        )
    wanted = years[years["run_id"].isin(set(run_ids))]
    dup = wanted.duplicated(["run_id", "year"])
    if dup.any():
        first = wanted[dup].iloc[0]
        raise ScenarioError(
            f"to_ema: the years frame has run {first['run_id']} year {int(first['year'])} "
            "more than once; allowed: one row per (run_id, year)"
        )
    year_list = sorted(int(y) for y in pd.unique(wanted["year"]))
    if len(run_ids) and not year_list:
        raise ScenarioError("to_ema: the years frame has no row for any ok run of the frame")
    grid = pd.MultiIndex.from_product([list(run_ids), year_list], names=["run_id", "year"])
    table = wanted.set_index(["run_id", "year"])[indicators].reindex(grid)
    have = wanted.set_index(["run_id", "year"]).index
    absent = grid.difference(have)
    if len(absent):
        r, y = absent[0]
        raise ScenarioError(
            f"to_ema: the years frame misses {len(absent)} (run, year) pair(s) of ok runs, "
            f"e.g. run {r} year {y}; every ok run needs years {year_list[0]}–{year_list[-1]}"
        )
    n, m = len(run_ids), len(year_list)
    out = {c: table[c].to_numpy(dtype=float).reshape(n, m) for c in indicators}
    out["TIME"] = np.tile(np.asarray(year_list, dtype=float), (n, 1))
    return out
