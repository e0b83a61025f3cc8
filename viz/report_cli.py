"""``baodi-sim report``: a sweep store as a self-contained HTML or PDF report (:mod:`viz.report`).

Exit codes: 0 written; 2 bad input (a message names the value and what is allowed).
"""

import sys

from .report import CALIBRATION_FILES, FORMATS, LANGS

EPILOG = (
    "--calibration DIR reads "
    + " and ".join(CALIBRATION_FILES)
    + " (each optional). A PDF is printed by headless chromium. "
    "exit codes: 0 written · 2 bad input"
)


def cmd_report(args) -> int:
    """Write the report; print where it went."""
    from .report import write_report

    path = write_report(
        args.store,
        args.out,
        lang=args.lang,
        calibration=args.calibration,
        prim_target=args.prim_target,
    )
    print(("已写入 " if args.lang == "zh" else "wrote ") + str(path), file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Entry point of ``baodi_sim.commands``: add the ``report`` sub-command."""
    p = subparsers.add_parser(
        "report",
        help="a sweep store as a self-contained report for the planning meeting (HTML or PDF)",
        description="Write a sweep store's report: summary, fan charts, P(met), cost, "
        "sensitivity and discovery where the store has them, calibration, provenance.",
        epilog=EPILOG,
    )
    p.add_argument("store", help="store folder written by baodi-sim sweep")
    p.add_argument(
        "--out", required=True, help="report file: " + " or ".join(f"FILE{e}" for e in FORMATS)
    )
    p.add_argument("--lang", choices=LANGS, default="zh")
    p.add_argument(
        "--calibration", default=None, metavar="DIR", help="calibration results folder to include"
    )
    p.add_argument(
        "--prim-target",
        default=None,
        metavar="TARGET",
        help="what scenario discovery explains: 'all' or a target indicator "
        "(default: all targets if enough runs meet them, else the most balanced target)",
    )
    p.set_defaults(func=cmd_report)
