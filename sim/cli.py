"""The ``baodi-sim`` command line: ``run``, ``levers``, ``params``, plus sub-commands of upper layers.

Sub-commands of the layers above the core (``viz`` …) are discovered through the
``baodi_sim.commands`` entry-point group, so the core never imports them.
"""

import argparse
import math
import os
import shutil
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

from .errors import SimError
from .levers import lever_table
from .params import TAGS, Params, param_table
from .region import load_region


def _table(rows: list[dict], cols: list[str], headers: list[str] | None = None) -> str:
    """Plain-text table (CJK-aware widths)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    def pad(s: str, w: int) -> str:
        return s + " " * (w - width(s))

    headers = headers or cols
    cells = [[str(h) for h in headers]] + [[_fmt(r[c]) for c in cols] for r in rows]
    ws = [max(width(row[j]) for row in cells) for j in range(len(cols))]
    lines = ["  ".join(pad(c, ws[j]) for j, c in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in ws))
    return "\n".join(lines)


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if math.isnan(v):
            return "—"
        if v != 0 and abs(v) < 0.1:
            return f"{v:.4f}"
        return f"{v:,.2f}".rstrip("0").rstrip(".") if v % 1 else f"{v:,.0f}"
    return str(v)


def _read_params_from_levers_file(path: str | None) -> dict:
    if not path:
        return {}
    from .levers import read_toml

    data = read_toml(path)
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise SimError(f"{path}: [params] must be a table of parameter = value")
    return params


def cmd_run(args) -> int:
    """Run one scenario, print the target table and write targets.csv and timeseries.csv."""
    from .model import BaodiModel

    region = load_region(args.region)
    params = Params(**_read_params_from_levers_file(args.levers))
    levers = args.levers if args.levers else None
    if args.levers and not Path(args.levers).is_file():
        raise SimError(f"--levers: file '{args.levers}' does not exist")
    if levers is not None:
        from .levers import LeverSchedule

        levers = LeverSchedule.from_toml(args.levers, start_year=region.plan_start_year)
    if args.seed < 0:
        raise SimError(f"--seed = {args.seed} must be a non-negative integer")
    until = args.until if args.until is not None else region.last_year
    if not region.first_year <= until <= region.last_year:
        raise SimError(
            f"--until = {until} outside the calendar [{region.first_year}, {region.last_year}]"
        )
    model = BaodiModel(region=region, params=params, levers=levers, seed=args.seed)
    model.run(until)
    ts = model.timeseries()
    targets = model.targets()
    lang = args.lang
    y19 = ts[(ts["year"] == 2019) & (ts["qy"] == 4)]
    rows = []
    for r in targets.to_dict("records"):
        r = dict(r)
        t = region.target(r["indicator"])
        r["name"] = t.zh if lang == "zh" else t.en
        r["model_2019"] = float(y19[r["indicator"]].iloc[0]) if len(y19) else float("nan")
        rows.append(r)
    head = (
        ["指标", "2019基数(规划)", "模型2019", f"{until}值", "目标", "达成"]
        if lang == "zh"
        else ["indicator", "2019 baseline (plan)", "model 2019", f"{until} value", "target", "met"]
    )
    title = (
        f"{region.zh} — 种子 {args.seed}，至 {until} 年"
        if lang == "zh"
        else f"{region.en} — seed {args.seed}, until {until}"
    )
    print(title)
    print(
        _table(rows, ["name", "baseline_2019", "model_2019", "value_2025", "target", "met"], head)
    )
    out = Path(args.out)
    # Write into a temporary folder first, then move: nothing half-written on failure.
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".baodi-", dir=out.parent))
    try:
        targets.to_csv(tmp / "targets.csv", index=False, float_format="%.10g")
        ts.to_csv(tmp / "timeseries.csv", index=False, float_format="%.10g")
        out.mkdir(parents=True, exist_ok=True)
        for f in ("targets.csv", "timeseries.csv"):
            os.replace(tmp / f, out / f)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"\n{'已写入' if lang == 'zh' else 'wrote'} {out / 'targets.csv'}, {out / 'timeseries.csv'}"
    )
    return 0


def cmd_levers(args) -> int:
    """Print the lever catalogue."""
    rows = lever_table()
    name = "zh" if args.lang == "zh" else "en"
    print(
        _table(
            rows,
            ["id", name, "unit", "status_quo", "plan", "lo", "hi", "cost", "section"],
            [
                "id",
                "name",
                "unit",
                "default (status quo)",
                "plan",
                "min",
                "max",
                "fiscal cost",
                "source",
            ],
        )
    )
    return 0


def cmd_params(args) -> int:
    """Print the parameter table."""
    rows = param_table()
    name = "zh" if args.lang == "zh" else "en"
    print(
        _table(
            rows,
            ["name", name, "default", "lo", "hi", "unit", "tag", "source"],
            ["name", "meaning", "default", "min", "max", "unit", "tag", "source"],
        )
    )
    print("\ntags: " + "; ".join(f"{k} = {v}" for k, v in TAGS.items()))
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with plug-in sub-commands from upper layers."""
    p = _Parser(
        prog="baodi-sim",
        description="Baodi innovation-ecosystem simulator (宝坻区科技创新“十四五”规划 情景模拟)",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    r = sub.add_parser("run", help="run one scenario and print the 2025 target table")
    r.add_argument("--levers", help="lever settings file (TOML): preset, [levers], [params]")
    r.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    r.add_argument("--until", type=int, default=None, help="last year to simulate")
    r.add_argument("--out", default="out", help="output folder (default ./out)")
    r.add_argument("--lang", choices=("zh", "en"), default="zh")
    r.add_argument("--region", default="baodi", help="region id or TOML file (default baodi)")
    r.set_defaults(func=cmd_run)
    for name, fn, text in (
        ("levers", cmd_levers, "list the policy levers"),
        ("params", cmd_params, "list the behavioural parameters"),
    ):
        s = sub.add_parser(name, help=text)
        s.add_argument("--lang", choices=("zh", "en"), default="en")
        s.set_defaults(func=fn)
    for ep in entry_points(group="baodi_sim.commands"):
        try:
            register = ep.load()
        except ImportError as exc:  # an optional layer that is not installed
            s = sub.add_parser(ep.name, help=f"(unavailable: {exc})")
            s.set_defaults(func=lambda a, e=exc, n=ep.name: _unavailable(n, e))
            continue
        register(sub)
    return p


def _unavailable(name: str, exc: Exception) -> int:
    print(
        f"baodi-sim {name}: not available ({exc}); install the extra: pip install -e '.[viz]'",
        file=sys.stderr,
    )
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``baodi-sim``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SimError as exc:
        print(f"baodi-sim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
