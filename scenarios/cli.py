"""``baodi-sim sweep`` and ``baodi-sim summarize``: run a sweep file into a store, and read it.

Exit codes: 0 done; 1 the sweep finished but some runs failed (their tracebacks are in
the store); 2 bad input (a message names the field, the value and what is allowed);
130 stopped by Ctrl-C (what was done is kept; the message gives the command that resumes).
"""

import shlex
import sys

from .errors import ScenarioError

EXIT_CODES = """exit codes: 0 done · 1 finished with failed runs (tracebacks in the store) ·
2 bad input · 130 stopped by Ctrl-C (done runs kept; run the same command to resume)"""


def _resume_command(args) -> str:
    parts = ["baodi-sim", "sweep", args.file, "--out", args.out]
    if args.workers is not None:
        parts += ["--workers", str(args.workers)]
    if args.dask:
        parts += ["--dask", args.dask]
    if args.yes:
        parts.append("--yes")
    return " ".join(shlex.quote(p) for p in parts)


def cmd_sweep(args) -> int:
    """Run (or resume) a sweep, then print its summary."""
    from .runner import Sweep, close_client, dask_client
    from .store import load
    from .summary import format_summary, summarize

    zh = args.lang == "zh"
    if not str(args.out).strip():
        raise ScenarioError("--out is empty; give a store folder, e.g. --out sweeps/packages")
    if args.workers is not None and args.workers < 0:
        raise ScenarioError(f"--workers = {args.workers} must be 0 (this process) or more")
    if args.workers is not None and args.dask:
        raise ScenarioError("give --workers (a process pool) or --dask (a cluster), not both")
    sweep = Sweep.from_toml(args.file)
    client = dask_client(args.dask) if args.dask else None
    try:
        n = sweep.spec.n_runs
        print(
            f"扫描 {args.file}：{n} 次运行 → {args.out}"
            if zh
            else f"sweep {args.file}: {n} runs → {args.out}",
            file=sys.stderr,
            flush=True,
        )
        res = sweep.run(
            args.out,
            workers=args.workers,
            client=client,
            yes=args.yes,
            allow_model_change=args.allow_model_change,
            progress=not args.quiet,
        )
    finally:
        if client is not None:
            close_client(client)
    if res.interrupted:
        print(
            (
                f"已停止：已保存 {res.done_before + res.done} 次运行。继续运行：\n  "
                if zh
                else f"stopped: {res.done_before + res.done} runs are stored. To resume:\n  "
            )
            + _resume_command(args),
            file=sys.stderr,
        )
        return 130
    if res.done_before:
        print(
            f"续跑：跳过已保存的 {res.done_before} 次运行"
            if zh
            else f"resumed: skipped {res.done_before} stored runs",
            file=sys.stderr,
        )
    if not args.no_summary:
        region = sweep.spec.region
        summary = summarize(load(args.out), region=region)
        print(format_summary(summary, lang=args.lang, region=region))
    if res.failed:
        print(
            f"{res.failed} 次运行失败，错误信息见 {args.out}/runs/"
            if zh
            else f"{res.failed} runs failed; their tracebacks are in {args.out}/runs/",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_summarize(args) -> int:
    """Print a store's summary; write it as CSV or Parquet with ``--out``."""
    from .store import Store, load
    from .summary import format_summary, summarize, write_summary

    store = Store(args.store)
    if not store.exists():
        raise ScenarioError(f"'{args.store}' is not a sweep store (no manifest.json)")
    if args.out is not None and not str(args.out).strip():
        raise ScenarioError("--out is empty; give a .csv or .parquet file")
    frame = load(store)
    if frame.empty:
        raise ScenarioError(f"store '{args.store}' holds no finished run yet")
    region = store.manifest().get("region", "baodi")
    summary = summarize(frame, region=region)
    print(format_summary(summary, lang=args.lang, region=region))
    if args.out:
        write_summary(summary, args.out)
        print(("已写入 " if args.lang == "zh" else "wrote ") + str(args.out), file=sys.stderr)
    return 0


def register_sweep(subparsers) -> None:
    """Entry point of ``baodi_sim.commands``: the ``sweep`` sub-command."""
    p = subparsers.add_parser(
        "sweep",
        help="run a sweep file (packages × parameters × seeds) into a store, print its summary",
        description="Run a sweep file into a store folder (Parquet), resuming it if it exists.",
        epilog=EXIT_CODES,
    )
    p.add_argument("file", help="sweep file (TOML), e.g. scenarios/examples/packages.toml")
    p.add_argument("--out", required=True, help="store folder (new, or this sweep's to resume)")
    p.add_argument(
        "--workers", type=int, default=None, help="processes (default: one per core; 0: this one)"
    )
    p.add_argument(
        "--dask",
        default=None,
        metavar="ADDR|local",
        help="run on Dask: 'local' starts a LocalCluster, or a scheduler address tcp://HOST:8786",
    )
    p.add_argument("--yes", action="store_true", help="allow a design above the size limit")
    p.add_argument(
        "--allow-model-change",
        action="store_true",
        help="resume a store made with another model version",
    )
    p.add_argument("--no-summary", action="store_true", help="do not print the summary")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=cmd_sweep)


def register_summarize(subparsers) -> None:
    """Entry point of ``baodi_sim.commands``: the ``summarize`` sub-command."""
    p = subparsers.add_parser(
        "summarize",
        help="P(each 2025 target met) and cost per package, from a sweep store",
        description="Summarise a sweep store: per package, P(met) with 95%% intervals, "
        "2025 values and fiscal cost.",
        epilog="exit codes: 0 done · 2 bad input",
    )
    p.add_argument("store", help="store folder written by baodi-sim sweep")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--out", default=None, help="also write the table to FILE.csv or FILE.parquet")
    p.set_defaults(func=cmd_summarize)
