"""``baodi-sim report``: a sweep store as a self-contained HTML or PDF report (:mod:`viz.report`).

Exit codes: 0 written; 2 bad input (a message names the value and what is allowed).
"""

import sys

from sim.cli import subcommand_lang

from .report import CALIBRATION_FILES, FORMATS, LANGS

# key: (zh, en)
HELP: dict[str, tuple[str, str]] = {
    "help": (
        "把扫描结果写成可分发的报告（HTML 或 PDF）",
        "a sweep store as a self-contained report for the planning meeting (HTML or PDF)",
    ),
    "description": (
        "生成扫描结果报告：摘要、各指标路径、达成概率、财政投入、敏感性分析与情景发现（如适用）、"
        "参数校准（如提供）、数据来源。",
        "Write a sweep store's report: summary, fan charts, P(met), cost, sensitivity and "
        "discovery where the store has them, calibration when given, provenance.",
    ),
    "epilog": (
        "--calibration DIR 读取 {files}（均可缺省）。PDF 由无界面 chromium 打印。"
        "退出码：0 已写入 · 2 输入有误",
        "--calibration DIR reads {files} (each optional). A PDF is printed by headless "
        "chromium. Exit codes: 0 written · 2 bad input",
    ),
    "store": ("baodi-sim sweep 写出的扫描结果目录", "store folder written by baodi-sim sweep"),
    "out": ("报告文件：{formats}", "report file: {formats}"),
    "lang": ("语言：zh（中文，默认）或 en", "language: zh (Chinese, the default) or en"),
    "calibration": ("要加入报告的参数校准结果目录", "calibration results folder to include"),
    "prim_target": (
        "情景发现所解释的目标：all 或某个指标代号（默认：全部目标，若达成的运行太少则取最均衡的目标）",
        "what scenario discovery explains: 'all' or a target indicator (default: all targets "
        "if enough runs meet them, else the most balanced target)",
    ),
    "wrote": ("已写入", "wrote"),
}


def _h(key: str, lang: str, **fields) -> str:
    zh, en = HELP[key]
    return (zh if lang == "zh" else en).format(**fields)


def cmd_report(args) -> int:
    """Write the report; say where it went."""
    from .report import write_report

    path = write_report(
        args.store,
        args.out,
        lang=args.lang,
        calibration=args.calibration,
        prim_target=args.prim_target,
    )
    print(f"{_h('wrote', args.lang)} {path}", file=sys.stderr)
    return 0


def register(subparsers, lang: str | None = None) -> None:
    """Entry point of ``baodi_sim.commands``: add the ``report`` sub-command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command action.
    lang : {"zh", "en"}, optional
        Language of the help texts (default: the main parser's, :func:`sim.cli.subcommand_lang`).
    """
    lang = lang if lang in LANGS else subcommand_lang(subparsers)
    files = " / ".join(CALIBRATION_FILES)
    p = subparsers.add_parser(
        "report",
        help=_h("help", lang),
        description=_h("description", lang),
        epilog=_h("epilog", lang, files=files),
    )
    p.add_argument("store", metavar="STORE", help=_h("store", lang))
    formats = " / ".join(f"FILE{e}" for e in FORMATS)
    p.add_argument("--out", required=True, metavar="FILE", help=_h("out", lang, formats=formats))
    p.add_argument("--lang", choices=LANGS, default=lang, help=_h("lang", lang))
    p.add_argument("--calibration", default=None, metavar="DIR", help=_h("calibration", lang))
    p.add_argument("--prim-target", default=None, metavar="TARGET", help=_h("prim_target", lang))
    p.set_defaults(func=cmd_report)
