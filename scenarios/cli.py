"""``baodi-sim sweep`` and ``baodi-sim summarize``: run a sweep file into a store, and read it.

Every text is in Chinese (the default) or English (``--lang en``), as for ``baodi-sim run``:
help (in the language of the main parser, see :func:`sim.cli.subcommand_lang`), status lines,
the progress line and errors (a :class:`~scenarios.errors.ScenarioError` carries both). Exit
codes (:data:`SWEEP_EXIT_CODES`, :data:`SUMMARIZE_EXIT_CODES`) are listed in ``--help``.
"""

import shlex
import sys

from sim.cli import LANGS, exit_codes_help, subcommand_lang

from .errors import error

# code: (zh, en) meaning
SWEEP_EXIT_CODES: dict[int, tuple[str, str]] = {
    0: ("完成", "done"),
    1: (
        "已完成，但有运行失败（错误信息保存在扫描结果中）",
        "finished with failed runs (their tracebacks are in the store)",
    ),
    2: (
        "输入有误（信息指出字段、取值和允许的范围；不运行）",
        "bad input (the message names the field, the value and what is allowed; nothing runs)",
    ),
    130: (
        "被 Ctrl-C 中断（已完成的运行保留；重新运行同一命令即可继续）",
        "stopped by Ctrl-C (done runs are kept; run the same command to resume)",
    ),
}
SUMMARIZE_EXIT_CODES: dict[int, tuple[str, str]] = {
    0: ("完成", "done"),
    2: SWEEP_EXIT_CODES[2],
}

# key: (zh, en)
TEXT: dict[str, tuple[str, str]] = {
    "sweep": (
        "运行扫描文件（方案 × 参数 × 种子），结果写入扫描结果文件夹，并显示汇总",
        "run a sweep file (packages × parameters × seeds) into a store, print its summary",
    ),
    "sweep_description": (
        "把扫描文件运行到扫描结果文件夹（Parquet）；文件夹已有本扫描时继续运行。",
        "Run a sweep file into a store folder (Parquet), resuming it if it exists.",
    ),
    "h_file": (
        "扫描文件（TOML），如 scenarios/examples/packages.toml",
        "sweep file (TOML), e.g. scenarios/examples/packages.toml",
    ),
    "h_out": (
        "扫描结果文件夹（新建，或本扫描已有的文件夹以继续）",
        "store folder (new, or this sweep's to resume)",
    ),
    "h_workers": (
        "进程数（默认每核一个；0：在本进程中运行）",
        "processes (default: one per core; 0: this one)",
    ),
    "h_dask": (
        "在 Dask 上运行：'local' 启动本机集群，或调度器地址 tcp://HOST:8786",
        "run on Dask: 'local' starts a LocalCluster, or a scheduler address tcp://HOST:8786",
    ),
    "h_yes": ("允许超过运行次数上限的设计", "allow a design above the size limit"),
    "h_allow_model_change": (
        "继续运行由另一模型版本生成的扫描结果",
        "resume a store made with another model version",
    ),
    "h_no_summary": ("不显示汇总", "do not print the summary"),
    "h_quiet": ("不显示进度行", "no progress lines"),
    "h_lang": (
        "界面语言：zh（中文，默认）或 en（英文）",
        "language: zh (Chinese, the default) or en",
    ),
    "summarize": (
        "从扫描结果计算各方案的 2025 年目标达成概率与财政投入",
        "P(each 2025 target met) and cost per package, from a sweep store",
    ),
    "summarize_description": (
        "汇总扫描结果：每个方案的达成概率（95% 区间）、2025 年值和财政投入。",
        "Summarise a sweep store: per package, P(met) with 95% intervals, 2025 values and "
        "fiscal cost.",
    ),
    "h_store": ("baodi-sim sweep 写出的扫描结果文件夹", "store folder written by baodi-sim sweep"),
    "h_summary_out": (
        "另把汇总表写入 FILE.csv 或 FILE.parquet",
        "also write the table to FILE.csv or FILE.parquet",
    ),
    "start": ("扫描 {file}：{n} 次运行 → {out}", "sweep {file}: {n} runs → {out}"),
    "stopped": (
        "已停止：已保存 {n} 次运行。继续运行：\n  {command}",
        "stopped: {n} runs are stored. To resume:\n  {command}",
    ),
    "resumed": ("续跑：跳过已保存的 {n} 次运行", "resumed: skipped {n} stored runs"),
    "failed": (
        "{n} 次运行失败，错误信息见 {out}/runs/",
        "{n} runs failed; their tracebacks are in {out}/runs/",
    ),
    "wrote": ("已写入 {path}", "wrote {path}"),
}


def _t(key: str, lang: str, **fields) -> str:
    """The text ``key`` in ``lang``, formatted with ``fields``."""
    zh, en = TEXT[key]
    s = zh if lang == "zh" else en
    return s.format(**fields) if fields else s


def _resume_command(args) -> str:
    parts = ["baodi-sim", "sweep", args.file, "--out", args.out]
    if args.workers is not None:
        parts += ["--workers", str(args.workers)]
    if args.dask:
        parts += ["--dask", args.dask]
    if args.yes:
        parts.append("--yes")
    if args.lang != "zh":
        parts += ["--lang", args.lang]
    return " ".join(shlex.quote(p) for p in parts)


def cmd_sweep(args) -> int:
    """Run (or resume) a sweep, then print its summary."""
    from .runner import Sweep, close_client, dask_client
    from .store import load
    from .summary import format_summary, summarize

    lang = args.lang
    if not str(args.out).strip():
        raise error("out_empty")
    if args.workers is not None and args.workers < 0:
        raise error("workers", workers=args.workers)
    if args.workers is not None and args.dask:
        raise error("workers_dask")
    sweep = Sweep.from_toml(args.file)
    client = dask_client(args.dask) if args.dask else None
    try:
        n = sweep.spec.n_runs
        print(_t("start", lang, file=args.file, n=n, out=args.out), file=sys.stderr, flush=True)
        res = sweep.run(
            args.out,
            workers=args.workers,
            client=client,
            yes=args.yes,
            allow_model_change=args.allow_model_change,
            progress=not args.quiet,
            lang=lang,
        )
    finally:
        if client is not None:
            close_client(client)
    if res.interrupted:
        n = res.done_before + res.done
        print(_t("stopped", lang, n=n, command=_resume_command(args)), file=sys.stderr)
        return 130
    if res.done_before:
        print(_t("resumed", lang, n=res.done_before), file=sys.stderr)
    if not args.no_summary:
        region = sweep.spec.region
        summary = summarize(load(args.out), region=region)
        print(format_summary(summary, lang=lang, region=region))
    if res.failed:
        print(_t("failed", lang, n=res.failed, out=args.out), file=sys.stderr)
        return 1
    return 0


def cmd_summarize(args) -> int:
    """Print a store's summary; write it as CSV or Parquet with ``--out``."""
    from .store import Store, load
    from .summary import format_summary, summarize, write_summary

    store = Store(args.store)
    if not store.exists():
        raise error("not_a_store", path=args.store)
    if args.out is not None and not str(args.out).strip():
        raise error("summary_out_empty")
    frame = load(store)
    if frame.empty:
        raise error("store_empty", store=args.store)
    region = store.manifest().get("region", "baodi")
    summary = summarize(frame, region=region)
    print(format_summary(summary, lang=args.lang, region=region))
    if args.out:
        write_summary(summary, args.out)
        print(_t("wrote", args.lang, path=args.out), file=sys.stderr)
    return 0


def register_sweep(subparsers) -> None:
    """Entry point of ``baodi_sim.commands``: the ``sweep`` sub-command."""
    lang = subcommand_lang(subparsers)
    p = subparsers.add_parser(
        "sweep",
        help=_t("sweep", lang),
        description=_t("sweep_description", lang),
        epilog=exit_codes_help(SWEEP_EXIT_CODES, lang),
    )
    p.add_argument("file", metavar="FILE", help=_t("h_file", lang))
    p.add_argument("--out", required=True, metavar="DIR", help=_t("h_out", lang))
    p.add_argument("--workers", type=int, default=None, metavar="N", help=_t("h_workers", lang))
    p.add_argument("--dask", default=None, metavar="ADDR|local", help=_t("h_dask", lang))
    p.add_argument("--yes", action="store_true", help=_t("h_yes", lang))
    p.add_argument(
        "--allow-model-change", action="store_true", help=_t("h_allow_model_change", lang)
    )
    p.add_argument("--no-summary", action="store_true", help=_t("h_no_summary", lang))
    p.add_argument("--quiet", action="store_true", help=_t("h_quiet", lang))
    p.add_argument("--lang", choices=LANGS, default=lang, help=_t("h_lang", lang))
    p.set_defaults(func=cmd_sweep)


def register_summarize(subparsers) -> None:
    """Entry point of ``baodi_sim.commands``: the ``summarize`` sub-command."""
    lang = subcommand_lang(subparsers)
    p = subparsers.add_parser(
        "summarize",
        help=_t("summarize", lang),
        description=_t("summarize_description", lang),
        epilog=exit_codes_help(SUMMARIZE_EXIT_CODES, lang),
    )
    p.add_argument("store", metavar="STORE", help=_t("h_store", lang))
    p.add_argument("--lang", choices=LANGS, default=lang, help=_t("h_lang", lang))
    p.add_argument("--out", default=None, metavar="FILE", help=_t("h_summary_out", lang))
    p.set_defaults(func=cmd_summarize)
