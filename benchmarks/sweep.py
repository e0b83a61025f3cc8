"""Sweeps: the scenarios layer's runs per second on 2 workers, against Mesa and EMA Workbench.

Every sweep is the example file's packages × seeds design (``scenarios/examples/packages.toml``:
3 packages) on the default Baodi region, 2015–2025. The figures:

* runs/s of the process pool, steady state (a warm pool of ``workers`` spawned processes,
  passed to ``Sweep.run(executor=...)``; its start-up is timed apart), with the shared
  2015–2020 history on and off, in alternating rounds;
* the same runs through ``mesa.batch_run(BaodiModel, ...)`` and EMA Workbench's
  ``MultiprocessingEvaluator`` (both with ``workers`` processes), each timed next to a
  sweep of exactly those runs;
* a Dask LocalCluster (``workers`` single-threaded workers) against the pool, in the
  same rounds;
* the store's bytes per run (``runs/`` + ``years/`` Parquet, zstd);
* peak resident memory of the whole process tree, a small against a large sweep, each in
  a fresh process (``python -m benchmarks.sweep memory``).

Run alone: ``python -m benchmarks.sweep [--quick] [--json FILE]``, or
``python -m benchmarks.sweep memory [--runs-small N] [--runs-large M]``. The suite
(``python -m benchmarks``) calls :func:`bench_sweeps` and :func:`bench_memory`.
"""

import os

os.environ["NUMBA_NUM_THREADS"] = "1"  # before numba is imported here or in a child

import argparse
import concurrent.futures as cf
import contextlib
import itertools
import json
import multiprocessing
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "examples" / "packages.toml"


# ---------------------------------------------------------------------- the design
def packages_text(seeds: int, seed_start: int = 0) -> str:
    """The example sweep file with ``seeds`` seeds from ``seed_start`` (3 packages)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    new, n = re.subn(
        r"^seeds\s*=\s*\d+",
        f"seeds = {int(seeds)}\nseed_start = {int(seed_start)}",
        text,
        count=1,
        flags=re.M,
    )
    if n != 1:
        raise RuntimeError(f"{EXAMPLE}: no 'seeds = N' line to replace")
    return new


def package_names() -> list[str]:
    """The example's packages, in file order."""
    from scenarios import Sweep

    return list(Sweep.from_text(packages_text(1)).spec.packages)


def _chunks(seeds: range, n: int) -> list[range]:
    """``seeds`` cut into ``n`` contiguous ranges (no empty one)."""
    edges = [seeds.start + round(k * len(seeds) / n) for k in range(n + 1)]
    return [range(a, b) for a, b in itertools.pairwise(edges) if b > a]


def seeds_for(runs: int) -> int:
    """Seeds per package so that the design has about ``runs`` runs (at least 1)."""
    return max(1, round(runs / len(package_names())))


# ---------------------------------------------------------------------- processes
def tree(pid: int | None = None) -> list[psutil.Process]:
    """A process and all its descendants."""
    root = psutil.Process(pid)
    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return [root]


def tree_rss(pid: int | None = None) -> int:
    """Resident bytes of a process and its descendants, summed [B]."""
    total = 0
    for p in tree(pid):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def tree_cpu(pid: int | None = None) -> float:
    """CPU seconds of a process and all its descendants, live or ended [s].

    User + system time of every live process in the tree, plus the times the kernel adds
    to a parent when it reaps a child (a pool's ended workers).
    """
    total = 0.0
    for p in tree(pid):
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


class TreeMonitor:
    """Peak of :func:`tree_rss` sampled every ``interval`` seconds in a thread.

    Use as a context manager; ``peak`` [B] and ``samples`` are read after it exits.
    """

    def __init__(self, interval: float = 0.2, pid: int | None = None) -> None:
        self.interval = interval
        self.pid = pid
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        self.peak = max(self.peak, tree_rss(self.pid))
        self.samples += 1

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> "TreeMonitor":
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def _warm_worker() -> int:
    """Import the model and run one quarter (numba's cache loaded); return the pid."""
    from sim.model import BaodiModel

    BaodiModel(seed=0).step()
    time.sleep(0.2)  # hold this worker so the next call lands on another one
    return os.getpid()


def start_pool(workers: int) -> tuple[cf.ProcessPoolExecutor, float]:
    """A pool like ``Sweep.run(workers=n)``'s (spawned, serial numba, its worker set-up) and its start-up [s].

    Start-up: from creating the pool to every worker having imported the model and run
    one quarter.
    """
    from scenarios.runner import _worker_init

    os.environ["NUMBA_NUM_THREADS"] = "1"
    t0 = time.perf_counter()
    ex = cf.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
    )
    pids = {f.result() for f in [ex.submit(_warm_worker) for _ in range(workers)]}
    dt = time.perf_counter() - t0
    if len(pids) < workers:  # a worker took two calls: warm the rest with more
        for _ in range(3):
            pids |= {f.result() for f in [ex.submit(_warm_worker) for _ in range(2 * workers)]}
    return ex, dt


def stop_pool(ex: cf.ProcessPoolExecutor) -> None:
    """Shut down a pool from :func:`start_pool`."""
    ex.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------- one timed sweep
def store_bytes(store: Path) -> int:
    """Bytes of a store's ``runs/`` and ``years/`` Parquet parts [B]."""
    return sum(
        f.stat().st_size for d in ("runs", "years") for f in (store / d).glob("part-*.parquet")
    )


def timed_sweep(text: str, share: bool = True, **engine) -> dict:
    """Run a sweep into a fresh temporary store; its seconds, runs and store bytes.

    ``engine`` is passed to ``Sweep.run`` (``executor=``, ``client=`` or ``workers=``).
    ``seconds`` is ``SweepResult.seconds`` (from the first task submitted to the last
    batch written); ``wall_s`` adds validation, the design and the store's creation.
    ``cpu_s`` is the CPU time of this process and its descendants over the call
    (a Dask cluster's processes are not descendants when it was not started here).
    """
    from scenarios import Sweep

    d = Path(tempfile.mkdtemp(prefix="baodi-bench-sweep-"))
    try:
        c0 = tree_cpu()
        t0 = time.perf_counter()
        r = Sweep.from_text(text).run(
            d / "store", progress=False, yes=True, share_history=share, **engine
        )
        wall = time.perf_counter() - t0
        cpu = tree_cpu() - c0
        if r.failed:
            raise RuntimeError(f"benchmark sweep: {r.failed} runs failed (see {d})")
        return {
            "runs": r.done,
            "seconds": r.seconds,
            "wall_s": wall,
            "cpu_s": cpu,
            "bytes": store_bytes(d / "store"),
        }
    finally:
        shutil.rmtree(d, ignore_errors=True)


def dask_leg(text: str, workers: int) -> tuple[dict, float]:
    """A sweep on a Dask LocalCluster started for it: its :func:`timed_sweep`, and the start-up [s].

    The cluster is started (``--dask local``'s: ``workers`` single-threaded workers),
    warmed with a small sweep, timed on ``text``, and closed: it never idles beside
    another engine's timing (an idle cluster's event loops and monitors take CPU time
    from the runs, and the tree's CPU time would count theirs).
    """
    from scenarios.runner import close_client, dask_client

    t0 = time.perf_counter()
    client = dask_client("local")
    try:
        if len(client.scheduler_info()["workers"]) < workers:
            client.wait_for_workers(workers, timeout=60)
        timed_sweep(packages_text(8 * workers, seed_start=900_000), client=client)
        startup = time.perf_counter() - t0
        return timed_sweep(text, client=client), startup
    finally:
        close_client(client)


# ---------------------------------------------------------------------- Mesa and EMA
_EMA_LEVERS: dict = {}


def _package_levers(package: str):
    """The example package's lever schedule (built once per process)."""
    levers = _EMA_LEVERS.get(package)
    if levers is None:
        from scenarios import SweepSpec

        spec = SweepSpec.from_text(packages_text(1))
        levers = _EMA_LEVERS[package] = spec.run_inputs({"package": package, "seed": 0})[0]
    return levers


def target_names() -> list[str]:
    """The default region's target indicators (the outcomes every engine returns)."""
    from sim.region import load_region

    return [t.indicator for t in load_region("baodi").targets]


def ema_model(package: str = "status_quo", seed: int = 0) -> dict:
    """EMA Workbench's model function: one full BaodiModel run of a package and seed.

    Returns the 2025 value of every target indicator and the fiscal cost 2015–2025
    [10k yuan]: what the sweep's ``runs/`` rows hold (the sweep also keeps every
    indicator at every year end).
    """
    from sim.model import BaodiModel

    m = BaodiModel("baodi", levers=_package_levers(package), seed=int(seed)).run()
    cur = m.current
    out = {name: cur[name] for name in target_names()}
    out["fiscal_cost_cum"] = cur["fiscal_cost_cum"]
    return out


def ema_problem(packages: list[str]):
    """The EMA ``Model``: ``seed`` an uncertainty, ``package`` a lever, targets outcomes."""
    from ema_workbench import CategoricalParameter, IntegerParameter, Model, ScalarOutcome

    model = Model("baodi", function=ema_model)
    model.uncertainties = [IntegerParameter("seed", 0, 2**31 - 1)]
    model.levers = [CategoricalParameter("package", packages)]
    model.outcomes = [ScalarOutcome(n) for n in (*target_names(), "fiscal_cost_cum")]
    return model


def ema_runs(evaluator, packages: list[str], seeds: range) -> dict:
    """``perform_experiments`` over ``seeds`` × ``packages``: seconds, runs, CPU seconds."""
    from ema_workbench import Policy, Scenario

    scenarios = [Scenario(f"seed{s}", seed=s) for s in seeds]
    policies = [Policy(p, package=p) for p in packages]
    c0 = tree_cpu()
    t0 = time.perf_counter()
    experiments, _ = evaluator.perform_experiments(
        scenarios=scenarios,
        policies=policies,
        log_progress=True,  # a log line, not tqdm
    )
    dt = time.perf_counter() - t0
    if len(experiments) != len(seeds) * len(packages):
        raise RuntimeError(f"EMA ran {len(experiments)} experiments")
    return {"seconds": dt, "runs": len(experiments), "cpu_s": tree_cpu() - c0}


def batch_run_runs(packages: list[str], seeds: range, processes: int) -> dict:
    """``mesa.batch_run(BaodiModel, ...)`` over ``seeds`` × ``packages``: seconds, runs, CPU.

    ``batch_run`` starts its own process pool each call, so its seconds include it.
    """
    import mesa

    from sim.model import BaodiModel

    params = {
        "region": "baodi",
        "levers": [_package_levers(p) for p in packages],
        "seed": list(seeds),
    }
    c0 = tree_cpu()
    t0 = time.perf_counter()
    rows = mesa.batch_run(
        BaodiModel, params, number_processes=processes, iterations=1, display_progress=False
    )
    dt = time.perf_counter() - t0
    if len(rows) != len(seeds) * len(packages):
        raise RuntimeError(f"batch_run returned {len(rows)} rows")
    return {"seconds": dt, "runs": len(rows), "cpu_s": tree_cpu() - c0}


# ---------------------------------------------------------------------- where a task goes
def profile_task(seeds: int = 8) -> dict:
    """One task's time per run, in this process: what ``run_task`` does, step by step.

    ``seeds`` groups of the example's 3 packages (share on): the 2015–2020 history, the
    forks, the 2021–2025 runs, outcome extraction, the task's tables, pickling them (what
    a worker sends back) and writing them as zstd Parquet (what the parent does). Every
    figure is CPU milliseconds per run (``time.process_time``: the kernels are serial, so
    this is the work, not the machine's load).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from scenarios import Sweep, runner
    from sim.model import BaodiModel
    from sim.region import load_region

    clock = time.process_time  # CPU time: what a run costs, whatever the machine's load
    sweep = Sweep.from_text(packages_text(seeds, seed_start=10_000))
    spec = sweep.spec
    design = sweep.design()
    region = load_region(spec.region)
    start = region.plan_start_year
    runner.run_task(spec.text, [design.head(3).to_dict("records")], True)  # warm
    t = dict.fromkeys(
        ("history", "fork", "run_2021_2025", "outcome", "tables", "pickle", "parquet"), 0.0
    )
    runs, years = [], []
    for _, g in design.groupby(["experiment", "seed"], sort=False):
        rows = g.to_dict("records")
        inputs = [spec.run_inputs(r) for r in rows]
        levers0, params0, seed0 = inputs[0]
        t0 = clock()
        base = BaodiModel(spec.region, params=params0, levers=levers0, seed=seed0).run(start - 1)
        t["history"] += clock() - t0
        for r, (levers, _, _) in zip(rows, inputs, strict=True):
            t0 = clock()
            m = base.fork(levers)
            t1 = clock()
            m.run(spec.horizon)
            t2 = clock()
            row, yrs = runner._outcome(m, spec, str(r["run_id"]), t2 - t0)
            t3 = clock()
            t["fork"] += t1 - t0
            t["run_2021_2025"] += t2 - t1
            t["outcome"] += t3 - t2
            runs.append(row)
            years.append(yrs)
    t0 = clock()
    tables = runner._tables(runs, years)
    t["tables"] = clock() - t0
    t0 = clock()
    blob = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(blob)
    t["pickle"] = clock() - t0
    # the parent writes batches of FLUSH_RUNS runs: time one (this task's tables repeated),
    # from its frames (made once a batch) to the Parquet files
    k = max(1, round(runner.FLUSH_RUNS / len(runs)))
    with tempfile.TemporaryDirectory(prefix="baodi-bench-pq-") as d:
        t0 = clock()
        batch = [runner._frame([tab] * k) for tab in tables]
        for name, frame in zip(("runs", "years"), batch, strict=True):
            pq.write_table(
                pa.Table.from_pandas(frame, preserve_index=False),
                Path(d) / f"{name}.parquet",
                compression="zstd",
            )
        t["parquet"] = (clock() - t0) * len(runs) / len(batch[0])
    n = len(runs)
    # a full independent run, for the comparison (what share_history=False does)
    t0 = clock()
    for s in range(seeds):
        BaodiModel(spec.region, levers=inputs[0][0], seed=20_000 + s).run(spec.horizon)
    full = (clock() - t0) / seeds
    out = {f"{k}_ms": 1e3 * v / n for k, v in t.items()}
    out["total_ms"] = sum(out.values())
    out["full_run_ms"] = 1e3 * full
    out["pickle_bytes_per_run"] = len(blob) / n
    out["runs"] = n
    return out


# ---------------------------------------------------------------------- the benchmark
def _acc() -> dict:
    return {"runs": 0, "seconds": 0.0, "cpu_s": 0.0, "bytes": 0}


def _add(acc: dict, r: dict) -> None:
    for key in acc:
        acc[key] += r.get(key, 0)


def _rates(name: str, a: dict) -> dict:
    """Runs, seconds, runs per second and runs per CPU second of this process tree."""
    return {
        f"{name}_runs": a["runs"],
        f"{name}_seconds": a["seconds"],
        f"{name}_runs_per_s": a["runs"] / a["seconds"],
        f"{name}_runs_per_cpu_s": a["runs"] / a["cpu_s"],
    }


def bench_sweeps(cfg: dict, log=print) -> dict:
    """Pool (share on/off), Dask, batch_run and EMA on packages × seeds sweeps.

    Configuration keys: ``sweep_workers``, ``sweep_pool_runs`` (runs per pool variant,
    split over ``sweep_rounds`` rounds), ``sweep_dask`` (bool), ``sweep_ema_runs``,
    ``sweep_batch_run_runs``, ``sweep_batch_run_processes``, ``sweep_profile_seeds``.
    Each round runs share on, share off and Dask on the same seeds, one after another;
    each engine is compared with a pool sweep of its very runs just before it.
    """
    workers = cfg["sweep_workers"]
    packages = package_names()
    rounds = max(1, cfg["sweep_rounds"])
    per_round = seeds_for(cfg["sweep_pool_runs"] / rounds)
    out: dict = {"workers": workers, "packages": len(packages)}
    t_start = time.perf_counter()

    log(f"  sweeps: profiling one task ({cfg['sweep_profile_seeds']} groups) in this process")
    prof = out["profile"] = profile_task(cfg["sweep_profile_seeds"])
    # what `workers` whole cores would reach if a run cost only its in-process CPU time
    out["ideal_runs_per_s"] = workers * 1e3 / prof["total_ms"]

    pool, out["pool_startup_s"] = start_pool(workers)
    try:
        # a warm-up sweep: every worker has run tasks (imports, caches, first allocations)
        warm = timed_sweep(packages_text(8 * workers, seed_start=900_000), executor=pool)
        out["pool_warmup_runs_per_s"] = warm["runs"] / warm["seconds"]
        log(
            f"  sweeps: pool of {workers} up in {out['pool_startup_s']:.2f} s; "
            f"warm-up {warm['runs']} runs at {out['pool_warmup_runs_per_s']:.0f} runs/s"
        )
        acc = {k: _acc() for k in ("share", "noshare", "dask")}
        dask_startups: list[float] = []
        for k in range(rounds):
            text = packages_text(per_round, seed_start=k * per_round)
            variants = ["share", "noshare"] + (["dask"] if cfg["sweep_dask"] else [])
            for name in variants[:: 1 if k % 2 == 0 else -1]:  # A B C, C B A
                if name == "dask":
                    timed, startup = dask_leg(text, workers)
                    dask_startups.append(startup)
                    _add(acc[name], timed)
                else:
                    _add(acc[name], timed_sweep(text, share=name == "share", executor=pool))
            log(
                f"  sweeps: round {k + 1}/{rounds}: {3 * per_round} runs each; so far "
                + ", ".join(
                    f"{n} {a['runs'] / a['seconds']:.0f} runs/s"
                    for n, a in acc.items()
                    if a["runs"]
                )
            )
        for name, a in acc.items():
            if a["runs"]:
                out.update(_rates(name, a))
        out["store_bytes_per_run"] = acc["share"]["bytes"] / acc["share"]["runs"]
        out["share_speedup"] = out["share_runs_per_s"] / out["noshare_runs_per_s"]
        # load-independent: `workers` cores' worth of the tree's CPU time per run, and the
        # share of that CPU time that is the runs' own work (the profile's)
        out["share_runs_per_s_on_idle_cores"] = workers * out["share_runs_per_cpu_s"]
        out["pool_cpu_efficiency"] = out["share_runs_per_cpu_s"] * prof["total_ms"] / 1e3
        if dask_startups:
            out["dask_startup_s"] = statistics.median(dask_startups)
            out["dask_workers"] = workers
            log(
                f"  sweeps: Dask LocalCluster ({workers} workers) up and warm in "
                f"{out['dask_startup_s']:.2f} s (median of {len(dask_startups)} starts)"
            )
            # overhead: Dask's time over the pool's for the same runs, minus 1
            out["dask_overhead"] = out["share_runs_per_s"] / out["dask_runs_per_s"] - 1.0
            out["dask_overhead_cpu"] = out["share_runs_per_cpu_s"] / out["dask_runs_per_cpu_s"] - 1
        out["share_speedup_cpu"] = out["share_runs_per_cpu_s"] / out["noshare_runs_per_cpu_s"]

        # EMA Workbench: persistent pool (started and warmed apart), same runs as a sweep
        with warnings.catch_warnings():  # "ipyparallel not installed"
            warnings.simplefilter("ignore", UserWarning)
            from ema_workbench import MultiprocessingEvaluator

        ema_seeds = range(500_000, 500_000 + seeds_for(cfg["sweep_ema_runs"]))
        saved = os.environ.get("PYTHONWARNINGS")
        os.environ["PYTHONWARNINGS"] = "ignore:ipyparallel not installed:UserWarning"
        t0 = time.perf_counter()
        try:
            with MultiprocessingEvaluator(ema_problem(packages), n_processes=workers) as ev:
                ema_runs(ev, packages, range(600_000, 600_000 + 2 * workers))  # warm-up
                out["ema_startup_s"] = time.perf_counter() - t0
                ema, swept = _acc(), _acc()
                for k, chunk in enumerate(_chunks(ema_seeds, rounds)):
                    # sweep, EMA, then EMA, sweep, …: each on the same runs
                    text = packages_text(len(chunk), seed_start=chunk.start)
                    for engine in ("sweep", "ema")[:: 1 if k % 2 == 0 else -1]:
                        if engine == "ema":
                            _add(ema, ema_runs(ev, packages, chunk))
                        else:
                            _add(swept, timed_sweep(text, executor=pool))
        finally:
            if saved is None:
                os.environ.pop("PYTHONWARNINGS", None)
            else:
                os.environ["PYTHONWARNINGS"] = saved
        out.update(_rates("ema", ema))
        out.update(_rates("ema_sweep", swept))
        out["sweep_vs_ema"] = out["ema_sweep_runs_per_s"] / out["ema_runs_per_s"]
        out["sweep_vs_ema_cpu"] = out["ema_sweep_runs_per_cpu_s"] / out["ema_runs_per_cpu_s"]
        log(
            f"  sweeps: EMA MultiprocessingEvaluator({workers}) {out['ema_runs_per_s']:.0f} runs/s,"
            f" the sweep of the same {ema['runs']} runs {out['ema_sweep_runs_per_s']:.0f} runs/s:"
            f" {out['sweep_vs_ema']:.2f}x ({out['sweep_vs_ema_cpu']:.2f}x in CPU time)"
        )

        # mesa.batch_run of BaodiModel: its own pool each call, so compare it with both
        # the warm pool and a sweep that also starts its pool (workers=n)
        procs = cfg["sweep_batch_run_processes"]
        br_seeds = range(700_000, 700_000 + seeds_for(cfg["sweep_batch_run_runs"]))
        text = packages_text(len(br_seeds), seed_start=br_seeds.start)
        swept = timed_sweep(text, executor=pool)
        br = batch_run_runs(packages, br_seeds, procs)
    finally:
        stop_pool(pool)
    out["batch_run_processes"] = procs
    out.update(_rates("batch_run", br))
    out.update(_rates("batch_run_sweep", swept))
    out["sweep_vs_batch_run_baodi"] = (
        out["batch_run_sweep_runs_per_s"] / out["batch_run_runs_per_s"]
    )
    out["sweep_vs_batch_run_baodi_cpu"] = (
        out["batch_run_sweep_runs_per_cpu_s"] / out["batch_run_runs_per_cpu_s"]
    )
    cold = ""
    if cfg["sweep_cold"]:  # a pool started inside, as a user runs it, against batch_run's
        c = timed_sweep(text, workers=workers)
        out["batch_run_cold_sweep_runs_per_s"] = c["runs"] / c["wall_s"]
        out["cold_sweep_vs_batch_run_baodi"] = (
            out["batch_run_cold_sweep_runs_per_s"] / out["batch_run_runs_per_s"]
        )
        cold = (
            f", workers={workers} incl. start {out['batch_run_cold_sweep_runs_per_s']:.0f} "
            f"runs/s ({out['cold_sweep_vs_batch_run_baodi']:.1f}x)"
        )
    log(
        f"  sweeps: batch_run(BaodiModel, {procs} processes) {out['batch_run_runs_per_s']:.0f} "
        f"runs/s incl. its pool start; sweep of the same {br['runs']} runs: warm pool "
        f"{out['batch_run_sweep_runs_per_s']:.0f} runs/s ({out['sweep_vs_batch_run_baodi']:.1f}x)"
        + cold
    )
    log(
        f"  sweeps: pool {out['share_runs_per_s']:.0f} runs/s shared history, "
        f"{out['noshare_runs_per_s']:.0f} without ({out['share_speedup']:.2f}x); "
        + (f"Dask overhead {100 * out['dask_overhead']:+.1f}%; " if dask_startups else "")
        + f"store {out['store_bytes_per_run']:.0f} B/run"
    )
    out["seconds"] = time.perf_counter() - t_start
    log(f"  sweeps: {out['seconds']:.0f} s in all")
    return out


# ---------------------------------------------------------------------- flat memory
def memory_one(runs: int, workers: int = 2, interval: float = 0.2) -> dict:
    """One sweep of about ``runs`` runs with ``workers=n`` (as a user runs it), in this process.

    Returns the peak resident memory of this process and its workers together [B].
    """
    text = packages_text(seeds_for(runs))
    with TreeMonitor(interval) as mon:
        r = timed_sweep(text, workers=workers)
    return {
        "runs": r["runs"],
        "seconds": r["seconds"],
        "peak_rss_bytes": mon.peak,
        "samples": mon.samples,
        "store_bytes_per_run": r["bytes"] / r["runs"],
    }


def bench_memory(cfg: dict, log=print) -> dict:
    """Peak tree memory of a small and a large sweep, each in a fresh process.

    ``cfg["sweep_memory_runs"]`` is ``(small, large)`` or None (skipped).
    """
    pair = cfg.get("sweep_memory_runs")
    if not pair:
        return {}
    res = {}
    for label, runs in zip(("small", "large"), pair, strict=True):
        args = [
            sys.executable,
            "-m",
            "benchmarks.sweep",
            "_memory_one",
            str(runs),
            str(cfg["sweep_workers"]),
        ]
        env = {**os.environ, "NUMBA_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
        p = subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
        res[label] = json.loads(p.stdout.strip().splitlines()[-1])
        log(
            f"  memory: {res[label]['runs']} runs in {res[label]['seconds']:.0f} s, peak "
            f"{res[label]['peak_rss_bytes'] / 2**20:.0f} MiB (all processes)"
        )
    res["memory_ratio"] = res["large"]["peak_rss_bytes"] / res["small"]["peak_rss_bytes"]
    log(f"  memory: large / small = {res['memory_ratio']:.3f}")
    return res


# ---------------------------------------------------------------------- entry point
def main(argv=None) -> int:
    """``python -m benchmarks.sweep [--quick] [--json FILE]`` or ``... memory [...]``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_memory_one"]:  # the child of bench_memory
        print(json.dumps(memory_one(int(argv[1]), int(argv[2]))))
        return 0
    from benchmarks.__main__ import machine
    from benchmarks.configurations import FULL, QUICK

    if argv[:1] == ["memory"]:
        ap = argparse.ArgumentParser(prog="python -m benchmarks.sweep memory")
        ap.add_argument("--runs-small", type=int, default=10_000)
        ap.add_argument("--runs-large", type=int, default=100_000)
        ap.add_argument("--workers", type=int, default=FULL["sweep_workers"])
        ap.add_argument("--json", metavar="FILE")
        args = ap.parse_args(argv[1:])
        mach = machine()
        cfg = {
            "sweep_memory_runs": (args.runs_small, args.runs_large),
            "sweep_workers": args.workers,
        }
        res = bench_memory(cfg)
    else:
        ap = argparse.ArgumentParser(prog="python -m benchmarks.sweep")
        ap.add_argument("--quick", action="store_true")
        ap.add_argument("--json", metavar="FILE")
        ap.add_argument("--no-memory", action="store_true", help="skip the flat-memory pair")
        args = ap.parse_args(argv)
        cfg = QUICK if args.quick else FULL
        if args.no_memory:
            cfg = {**cfg, "sweep_memory_runs": None}
        mach = machine()
        print(
            f"sweep benchmarks on {mach['cpu']}, {mach['cores']} cores, "
            f"load {mach['load_start'][0]:.2f}",
            flush=True,
        )
        res = bench_sweeps(cfg)
        res["memory"] = bench_memory(cfg)
    mach["load_end"] = list(os.getloadavg())
    res["machine"] = mach
    print(f"machine load {mach['load_start']} -> {mach['load_end']}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)
        print(f"wrote {args.json}")
    else:
        print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    from benchmarks.sweep import main as _main  # spawned children import benchmarks.sweep

    sys.exit(_main())
