"""Each lever alone at its maximum: what it changes in every 2025 target, and what it costs.

A planner's first question of a lever is "what does this buy?". This module answers it
the same way for every lever: one package per lever, set to the top of its range from
the plan's start year with every other lever at the status quo, against the status quo
itself, over the same seeds (paired: the same seed draws the same luck until the levers
differ, so differences are measured with little noise)::

    python -m scenarios.lever_effects --seeds 20 --out sweeps/levers [--lang en]

runs the sweep (resuming if the store exists) and prints a Markdown table: for each
lever, its cost 2021–2025 and the mean change of each 2025 target, marked where the
change exceeds three standard errors of the paired differences.
"""

import argparse
import math
import sys

import numpy as np
import pandas as pd

from sim.levers import LEVERS
from sim.region import load_region

from .errors import ScenarioError, error
from .runner import Sweep
from .spec import SweepSpec
from .store import load

BASE = "status_quo"
SIGNIFICANT_SE = 3.0  # a change counts if it exceeds this many standard errors


def _top(lv):
    """The lever's maximum, as an int when it is whole (TOML and tables read it so)."""
    return int(lv.hi) if float(lv.hi).is_integer() else lv.hi


def sweep_text(seeds: int = 20) -> str:
    """The sweep file: the status quo and one package per lever at its maximum."""
    lines = [f"seeds = {int(seeds)}", f"[packages.{BASE}]", 'preset = "status_quo"']
    for lv in LEVERS:
        lines += [
            f"[packages.{lv.id}]",
            'preset = "status_quo"',
            f"levers = {{ {lv.id} = {_top(lv)} }}",
        ]
    return "\n".join(lines) + "\n"


def lever_effects(frame: pd.DataFrame, region="baodi") -> pd.DataFrame:
    """Per lever package: mean paired change of each 2025 target, its standard error, cost.

    Parameters
    ----------
    frame : DataFrame
        :func:`scenarios.load` of a store with a ``status_quo`` package and lever packages
        over the same seeds.

    Returns
    -------
    DataFrame
        One row per (lever, target): ``lever``, ``target``, ``delta`` (mean over seeds),
        ``se``, ``significant`` (|delta| > 3 se), ``cost`` (the lever's own cost
        2021–2025 [100m yuan]: the package's mean cost minus the status quo's), ``seeds``.
        Shares (unit ``share``) are in percentage points.
    """
    r = region if not isinstance(region, str) else load_region(region)
    ok = frame[frame["status"] == "ok"]
    base = ok[ok["package"] == BASE].set_index("seed")
    if base.empty:
        raise error("levers_no_base", base=BASE)
    rows = []
    for package, runs in ok[ok["package"] != BASE].groupby("package", sort=False):
        runs = runs.set_index("seed")
        seeds = runs.index.intersection(base.index)
        if not len(seeds):
            continue
        for t in r.targets:
            col = f"value_{t.indicator}"
            d = (runs.loc[seeds, col] - base.loc[seeds, col]).to_numpy(dtype=float)
            if t.unit == "share":
                d = 100.0 * d  # percentage points
            se = float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.nan
            mean = float(d.mean())
            rows.append(
                {
                    "lever": package,
                    "target": t.indicator,
                    "delta": mean,
                    "se": se,
                    "significant": bool(abs(mean) > SIGNIFICANT_SE * se) if se == se else False,
                    "cost": float(
                        (runs.loc[seeds, "cost_total"] - base.loc[seeds, "cost_total"]).mean()
                    ),
                    "seeds": len(seeds),
                }
            )
    return pd.DataFrame(rows)


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:+.0f}"
    if abs(x) >= 1:
        return f"{x:+.1f}"
    if abs(x) >= 0.01:
        return f"{x:+.2f}"
    return f"{x:+.4f}"


def format_markdown(effects: pd.DataFrame, lang: str = "zh", region="baodi") -> str:
    """The table as Markdown: one row per lever, one column per target."""
    r = region if not isinstance(region, str) else load_region(region)
    by_id = {lv.id: lv for lv in LEVERS}
    targets = list(dict.fromkeys(effects["target"]))
    names = {t.indicator: (t.zh if lang == "zh" else t.en) for t in r.targets}
    head = (
        ["政策杠杆", "最大值", "2021–25新增成本(亿元)"]
        if lang == "zh"
        else ["Lever", "At", "Extra cost 2021–25 (100m yuan)"]
    )
    units = {t.indicator: t.unit for t in r.targets}
    pp = "(百分点)" if lang == "zh" else " (pp)"
    head += [names[t] + (pp if units[t] == "share" else "") for t in targets]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for lever, rows in effects.groupby("lever", sort=False):
        lv = by_id[lever]
        cells = [lv.zh if lang == "zh" else lv.en, f"{_top(lv):,} {lv.text('unit', lang)}"]
        cells.append(f"{rows['cost'].iloc[0]:.2f}")
        rows = rows.set_index("target")
        for t in targets:
            d, sig = rows.at[t, "delta"], rows.at[t, "significant"]
            cells.append(f"**{_fmt(d)}**" if sig else ("·" if d == 0 else _fmt(d)))
        out.append("| " + " | ".join(cells) + " |")
    seeds = int(effects["seeds"].min()) if len(effects) else 0
    note = (
        f"各项为2025年相对现状的平均变化({seeds}个随机种子,同种子配对);粗体:超过3个标准误;·:无变化。"
        if lang == "zh"
        else f"Mean change in 2025 against the status quo over {seeds} paired seeds; bold: "
        "beyond 3 standard errors; ·: no change."
    )
    return "\n".join(out) + "\n\n" + note + "\n"


def main(argv=None) -> int:
    """``python -m scenarios.lever_effects``: run the sweep and print the table."""
    ap = argparse.ArgumentParser(prog="python -m scenarios.lever_effects", description=__doc__)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--out", required=True, help="store folder (resumed if it exists)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = ap.parse_args(argv)
    try:
        sweep = Sweep(SweepSpec.from_text(sweep_text(args.seeds), source="levers_at_max.toml"))
        sweep.run(args.out, workers=args.workers, yes=True)
        effects = lever_effects(load(args.out))
    except ScenarioError as e:
        print(getattr(e, "zh", None) or e if args.lang == "zh" else e, file=sys.stderr)
        return 2
    sys.stdout.write(format_markdown(effects, args.lang))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
