"""Running a sweep: ``Sweep`` (a sweep file's runs against a store) and the task functions workers run.

Runs are grouped by (experiment, seed): every package of a group shares the parameters,
the seed and — since levers differ only from the plan's first year — the whole 2015–2020
history. A task computes that history once, then forks it for each package
(:meth:`sim.BaodiModel.fork`); the results are the same bits as independent full runs.

Engines share one seam, a ``concurrent.futures`` executor: serial (in this process), a
process pool of warm workers (default; ``NUMBA_NUM_THREADS=1`` each, the kernels' shared
on-disk cache), or a Dask cluster through ``client.get_executor()``. Workers return plain
tables; only this process writes the store, in batches, so a killed sweep loses at most
the batch in memory and a resumed one skips every stored run_id.
"""

import concurrent.futures as cf
import functools
import gc
import itertools
import math
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.ahead import ENV_SWITCH
from sim.indicators import INDICATORS
from sim.model import BaodiModel
from sim.region import load_region

from .errors import ScenarioError, error
from .progress import Progress
from .spec import SweepSpec, model_version
from .store import Store

RUNS_PER_TASK = 24  # runs per task: ~0.3 s of work, far above Dask's ~2 ms a task
FLUSH_RUNS = 512  # results kept in memory before a batch is written
FLUSH_SECONDS = 10.0  # … or after this long
POOL_RESTARTS = 3  # a process pool whose worker died is restarted this often
TASKS_PER_WORKER = 200  # a pool worker is replaced after this many tasks (~4,800 runs)
COLLECT_RUNS = 240  # outside a pool worker, a full garbage collection every this many runs


# ---------------------------------------------------------------------- one group of runs
_SPECS: dict[str, SweepSpec] = {}


def _spec(text: str) -> SweepSpec:
    """The sweep parsed once per process (tasks carry its text)."""
    spec = _SPECS.get(text)
    if spec is None:
        if len(_SPECS) > 4:
            _SPECS.clear()
        spec = _SPECS[text] = SweepSpec.from_text(text)
    return spec


def _outcome(model: BaodiModel, spec: SweepSpec, run_id: str, seconds: float):
    """One finished run's row and its year-end rows.

    The year-end rows are ``{"run_id": run_id, "year": years, "values": array}``: every
    indicator of :data:`~sim.indicators.INDICATORS` (columns, in its order) at the end of
    each year (rows); :func:`_tables` makes a task's columns of them.
    """
    region = model.region
    ts = model._ts
    cols = model._col_index
    y0 = region.first_year
    years = np.arange(y0, spec.horizon + 1)
    ends = ts[4 * (years - y0) + 3]
    year_rows = {"run_id": run_id, "year": years, "values": ends[:, [cols[k] for k in INDICATORS]]}
    row: dict = {"run_id": run_id, "status": "ok", "error": None, "seconds": seconds}
    # the plan's targets are for the calendar's last year (2025 for Baodi): judged only
    # when the run gets there
    judged = spec.horizon == region.last_year
    end = ts[4 * (region.last_year - y0) + 3] if judged else None
    met_all = judged
    for t in region.targets:
        v = float(end[cols[t.indicator]]) if judged else math.nan
        met = bool(judged and v >= t.target)
        row[f"value_{t.indicator}"] = v
        row[f"met_{t.indicator}"] = met
        met_all = met_all and met
    row["met_all"] = bool(met_all)
    cum = ends[:, cols["fiscal_cost_cum"]]
    start = region.plan_start_year
    for y in range(start, spec.horizon + 1):
        k = y - y0
        row[f"cost_{y}"] = float(cum[k] - (cum[k - 1] if y > start else 0.0))
    row["cost_total"] = float(cum[-1])
    return row, year_rows


def _failed(run_id: str, spec: SweepSpec, tb: str, seconds: float) -> dict:
    region = load_region(spec.region)
    row: dict = {"run_id": run_id, "status": "failed", "error": tb, "seconds": seconds}
    for t in region.targets:
        row[f"value_{t.indicator}"] = math.nan
        row[f"met_{t.indicator}"] = False
    row["met_all"] = False
    for y in range(region.plan_start_year, spec.horizon + 1):
        row[f"cost_{y}"] = math.nan
    row["cost_total"] = math.nan
    return row


_INPUTS: dict[tuple, tuple] = {}
INPUTS_KEPT = 1024  # (package, sampled values) whose inputs a process keeps


def _run_inputs(spec: SweepSpec, row: Mapping):
    """``spec.run_inputs(row)``, its lever schedule and parameters made once per process.

    Every seed of a package (and design point) has the same ones: a schedule builds its
    yearly lever vectors when the model first asks (~0.3 ms a run, ~3% of one), and
    neither changes after it is made (runs and forks already share them).
    """
    key = (
        spec.text,
        row["package"],
        *(float(row[f"lever_{k}"]).hex() for k in spec.lever_ranges),
        *(float(row[f"param_{k}"]).hex() for k in spec.param_ranges),
    )
    got = _INPUTS.get(key)
    if got is None:
        if len(_INPUTS) >= INPUTS_KEPT:
            _INPUTS.clear()
        levers, params, _ = spec.run_inputs(row)
        got = _INPUTS[key] = (levers, params)
    return (*got, int(row["seed"]))


def run_group(spec: SweepSpec, rows: list[Mapping], share: bool = True):
    """Run one (experiment, seed) group of design rows.

    The 2015 to ``plan_start - 1`` history is run once and forked for each row but the
    last (which continues it) when ``share`` and the rows agree on everything before the
    plan period.

    Returns
    -------
    (list of run rows, list of year tables)
    """
    region = load_region(spec.region)
    start = region.plan_start_year
    inputs = [_run_inputs(spec, r) for r in rows]
    out_runs, out_years = [], []
    base = None
    if share and len(rows) > 1:
        s0, p0, seed0 = inputs[0]
        same = all(
            p == p0
            and seed == seed0
            and all(
                np.array_equal(s.vector(y), s0.vector(y)) for y in range(region.first_year, start)
            )
            for s, p, seed in inputs[1:]
        )
        if same:
            t0 = time.perf_counter()
            try:
                base = BaodiModel(spec.region, params=p0, levers=s0, seed=seed0).run(start - 1)
            except Exception:
                tb = traceback.format_exc()
                dt = time.perf_counter() - t0
                return [_failed(str(r["run_id"]), spec, tb, dt) for r in rows], []
            share_s = (time.perf_counter() - t0) / len(rows)
    last = len(rows) - 1
    for j, (r, (levers, params, seed)) in enumerate(zip(rows, inputs, strict=True)):
        run_id = str(r["run_id"])
        t0 = time.perf_counter()
        try:
            if base is not None:
                if j < last:
                    m = base.fork(levers)
                else:  # the last row continues the history itself: nothing else needs it
                    m = base
                    m.set_levers(levers)
                m.run(spec.horizon)
            else:
                m = BaodiModel(spec.region, params=params, levers=levers, seed=seed)
                m.run(spec.horizon)
            dt = time.perf_counter() - t0 + (share_s if base is not None else 0.0)
            row, years = _outcome(m, spec, run_id, dt)
        except Exception:
            out_runs.append(_failed(run_id, spec, traceback.format_exc(), time.perf_counter() - t0))
            continue
        out_runs.append(row)
        out_years.append(years)
    return out_runs, out_years


class _Collector:
    """Frees the models a process's tasks leave behind, every ``every`` runs.

    Every model of a task (a group's history and its forks) dies in reference cycles (its
    parks, registered in its Mesa agent sets, point back to it), which only the
    collector reaches. CPython starts one only when the oldest generation has grown
    by a quarter of its long-lived objects: a worker holds ~185,000 of them (modules,
    numba dispatchers) and a task adds ~160, so ~290 tasks pass between collections —
    a pool worker was replaced before it ever collected, and grew ~75 kB a run until
    then (BENCHMARKS.md, Sweeps). A full collection walks every tracked object (~85 ms
    in a worker); with ``freeze``, the first one moves what survives it (imports, caches,
    the loaded kernels) out of the collector's sight (``gc.freeze``), so each later one
    walks only what tasks made since (~1 ms a task).
    """

    def __init__(self, every: int, freeze: bool = False) -> None:
        self.every = every
        self.freeze = freeze
        self.runs = 0

    def add(self, runs: int) -> None:
        """Count a task's runs; collect when ``every`` runs have passed since the last time."""
        self.runs += runs
        if self.runs >= self.every:
            self.runs = 0
            gc.collect()
            if self.freeze:  # once, after the first task: nothing garbage is frozen
                gc.freeze()
                self.freeze = False


# In-process sweeps collect every COLLECT_RUNS runs (~2% of their time) and leave the host
# process's collector as it is. A pool worker, and a Dask worker, collect after every task
# with a one-time freeze: a full collection every COLLECT_RUNS runs walked a Dask worker's
# ~210,000 objects (0.09 s, ~3% of its time at ~12 ms a run); Dask's overhead over the
# pool read +12-17% before, +9.6% after (BENCHMARKS.md, Sweeps).
_collector = _Collector(COLLECT_RUNS)
_dask_collector = _Collector(1, freeze=True)


def _collector_here() -> _Collector:
    """The collector of the process running a task: a Dask worker's, or the in-process one."""
    dist = sys.modules.get("distributed")
    if dist is not None:
        try:
            dist.get_worker()
        except ValueError:  # not in a worker
            return _collector
        return _dask_collector
    return _collector


@functools.cache
def _worker_version() -> str:
    return model_version()


def run_task(text: str, groups: list[list[dict]], share: bool = True, version: str | None = None):
    """A worker's task: several groups of one sweep; returns ``(runs, years)`` tables.

    Each table is a dict of columns (name → 1-d array, see :func:`_tables`).

    ``version`` is the sweep's model version: a worker running other code (a Dask worker
    started from another checkout or install) refuses the task instead of storing results
    of another model under this model's run_ids.
    """
    if version is not None and _worker_version() != version:
        raise ScenarioError(
            f"a worker runs model version {_worker_version()}, the sweep {version}: every "
            "worker must run the same code as the client (same checkout or install)"
        )
    spec = _spec(text)
    runs, years = [], []
    for rows in groups:
        r, y = run_group(spec, rows, share)
        runs += r
        years += y
    _collector_here().add(len(runs))
    return _tables(runs, years)


def _tables(runs: list[dict], years: list[dict]) -> tuple[dict, dict]:
    """A task's run rows and year-end rows as two tables of columns (name → 1-d array).

    What a frame of the rows would hold, column for column (strings and ``None`` as
    objects, floats, bools; the year-end values in the model's dtype), without one: a
    task's two frames cost ≈ 55 µs a run to build (``pd.DataFrame`` of row dicts, a
    column of each run's year-end rows), more to pickle to the parent and to concatenate
    there, where the batch's frame is made once (:class:`_BatchWriter`).
    """
    run_cols = {}
    for k in runs[0] if runs else ():
        values = [r[k] for r in runs]
        first = values[0]
        text = first is None or isinstance(first, str)
        run_cols[k] = np.array(values, dtype=object if text else None)
    if not years:
        return run_cols, {}
    n = len(years[0]["year"])
    ids = np.empty(len(years), dtype=object)
    ids[:] = [y["run_id"] for y in years]
    values = np.concatenate([y["values"] for y in years])
    year_cols = {"run_id": np.repeat(ids, n), "year": np.concatenate([y["year"] for y in years])}
    for j, k in enumerate(INDICATORS):
        year_cols[k] = values[:, j].copy()
    return run_cols, year_cols


def _rows(table: dict) -> int:
    """Rows of a table of columns."""
    return len(next(iter(table.values()))) if table else 0


def _worker_init() -> None:
    """Set up a process-pool worker: Ctrl-C is the parent's, garbage goes after every task.

    The parent stops the workers on Ctrl-C; ``_Collector`` says why a worker collects.
    """
    global _collector
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _collector = _Collector(1, freeze=True)


# ---------------------------------------------------------------------- the sweep
@dataclass
class SweepResult:
    """What a call of :meth:`Sweep.run` did."""

    store: str
    n_runs: int  # distinct runs in the design
    done_before: int  # already in the store when the call started (resumed)
    done: int  # run in this call
    failed: int  # failed runs in the whole store
    seconds: float
    interrupted: bool = False

    @property
    def runs_per_second(self) -> float:
        """Runs made per second of this call."""
        return self.done / self.seconds if self.seconds > 0 else math.nan


class Sweep:
    """A sweep file's experiments, ready to run into a store.

    Parameters
    ----------
    spec : SweepSpec
        The parsed sweep file.

    Examples
    --------
    >>> sweep = Sweep.from_toml("scenarios/examples/packages.toml")  # doctest: +SKIP
    >>> sweep.run("sweeps/packages", workers=2)  # doctest: +SKIP
    >>> scenarios.summarize(scenarios.load("sweeps/packages"))  # doctest: +SKIP
    """

    def __init__(self, spec: SweepSpec) -> None:
        self.spec = spec

    @classmethod
    def from_toml(cls, path) -> "Sweep":
        """Read and validate a sweep file."""
        return cls(SweepSpec.from_toml(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> "Sweep":
        """Validate a sweep file's text."""
        return cls(SweepSpec.from_text(text, source=source))

    def design(self) -> pd.DataFrame:
        """The design table for the current model version (one row per run)."""
        return self.spec.design(model_version())

    # ------------------------------------------------------------------ tasks
    def _tasks(
        self, design: pd.DataFrame, skip: set[str], per_task: int, workers: int = 0
    ) -> Iterator[list]:
        """Groups of (experiment, seed) rows still to run, packed into tasks of ~per_task runs.

        A group is a block of consecutive rows (the design is experiment-major, then seed):
        each is cut out of ``design`` when its task is made, so what this holds besides the
        design is a flag and a boundary per row, not a copy of it or ``skip``. With
        ``workers``, the last tasks get smaller (:func:`_pack`).
        """
        ids = design["run_id"]
        keep = ~(ids.isin(skip) | ids.duplicated()).to_numpy()  # first row of each id to run
        exp = design["experiment"].to_numpy()
        seed = design["seed"].to_numpy()
        cut = np.flatnonzero((exp[1:] != exp[:-1]) | (seed[1:] != seed[:-1])) + 1
        bounds = np.concatenate(([0], cut, [len(design)]))
        return _pack(design, keep, bounds, per_task, workers)

    def run(
        self,
        store,
        workers: int | None = None,
        client=None,
        executor: cf.Executor | None = None,
        runs_per_task: int = RUNS_PER_TASK,
        share_history: bool = True,
        flush_runs: int = FLUSH_RUNS,
        yes: bool = False,
        allow_model_change: bool = False,
        progress: bool | Progress = True,
        cancelled: Callable[[], bool] | None = None,
        lang: str = "en",
    ) -> SweepResult:
        """Run every run of the design not yet in ``store``; stream results into it.

        Parameters
        ----------
        store : str, Path or Store
            The store folder (created, or resumed if it holds this sweep).
        workers : int, optional
            Size of the process pool (default: the machine's cores); 0 runs in this process.
        client : distributed.Client, optional
            Run on this Dask cluster instead (``client.get_executor()``).
        executor : concurrent.futures.Executor, optional
            Run on this executor (tests, other engines).
        runs_per_task : int
            Runs a task carries (whole (experiment, seed) groups).
        share_history : bool
            Run each group's 2015–2020 once and fork it (same results, faster).
        flush_runs : int
            Finished runs held in memory before a batch is written (a killed sweep redoes
            at most these).
        yes : bool
            Allow a design larger than ``spec.MAX_RUNS``.
        allow_model_change : bool
            Resume a store made with another model version.
        progress : bool or Progress
            Report runs done, runs/s, ETA and failures on stderr (a ``Progress`` with a
            ``callback`` also reports them to the caller).
        cancelled : callable, optional
            Asked after each finished task; when it returns True the sweep stops as on
            Ctrl-C: what finished is stored and the result has ``interrupted = True``.
        lang : {"en", "zh"}
            Language of the progress line this method makes (when ``progress`` is a bool).
        """
        spec = self.spec
        spec.check_size(yes)
        st = store if isinstance(store, Store) else Store(store)
        st.check_writable()
        version = model_version()
        design = spec.design(version)
        extra = {
            "region": spec.region,
            "problem": spec.problem(),
            "sampler": spec.sampler,
            "packages": list(spec.packages),
            "seeds": spec.seeds,
            "horizon": spec.horizon,
        }
        st.create_or_open(spec.text, version, design, extra, allow_model_change)
        done_before = st.done_ids()
        n_before = len(done_before)
        unique = design["run_id"].drop_duplicates()
        n_unique = len(unique)
        todo = n_unique - int(unique.isin(done_before).sum())
        del unique
        own_rep = not isinstance(progress, Progress)
        rep = Progress(todo, enabled=progress, lang=lang) if own_rep else progress
        t0 = time.perf_counter()
        own = None
        n = 0  # the pool to start here (0: none)
        if executor is None and client is not None:
            executor = client.get_executor()
        elif executor is None:
            n = (os.cpu_count() or 1) if workers is None else int(workers)
            if n < 0:
                raise error("workers_negative", workers=workers)
        width = n if executor is None else _executor_width(executor)
        tasks = self._tasks(design, done_before, runs_per_task, width)
        del done_before  # the tasks know what to skip; a resumed store's ids are not kept
        if n > 0:
            own = _Pool(n)
        done = 0
        interrupted = False
        writer = _BatchWriter(st, flush_runs)
        try:
            if executor is None and own is None:
                for task in tasks:
                    runs, years = run_task(spec.text, task, share_history, version)
                    n = writer.add(runs, years)
                    done += n
                    rep.update(n, int((runs["status"] != "ok").sum()) if n else 0)
                    if cancelled is not None and cancelled():
                        interrupted = True  # stop as on Ctrl-C
                        break
            else:
                for runs, years in _stream(executor, own, tasks, spec.text, share_history, version):
                    n = writer.add(runs, years)
                    done += n
                    rep.update(n, int((runs["status"] != "ok").sum()) if n else 0)
                    if cancelled is not None and cancelled():
                        interrupted = True  # stop as on Ctrl-C
                        break
        except KeyboardInterrupt:
            interrupted = True
        finally:
            try:
                writer.flush()
            finally:
                if own is not None:
                    own.shutdown()
                rep.close()
        failed = _count_failed(st)
        return SweepResult(
            str(st.path),
            n_unique,
            n_before,
            done,
            failed,
            time.perf_counter() - t0,
            interrupted,
        )


def _pack(
    design: pd.DataFrame, keep: np.ndarray, bounds: np.ndarray, per_task: int, workers: int = 0
):
    """Tasks of whole groups (rows ``bounds[k]:bounds[k+1]`` where ``keep``), ~per_task runs each.

    A group's rows are the records ``design.iloc[rows].to_dict("records")`` gives (Python
    values), made from the columns' arrays (views, not copies): ``iloc`` and ``to_dict``
    cost ≈ 3 ms a group, ≈ 0.1 ms a run of the parent's CPU.

    With ``workers`` > 0 the tasks shrink towards the end (guided self-scheduling): a task
    holds at most ``remaining / (2 · workers)`` runs of the ``remaining`` not yet packed,
    so the workers run out of work at nearly the same time instead of one finishing a
    whole task while the others wait (on 2 workers, ≈ 0.12 s of a 5 s sweep of 999 runs).
    """
    names = list(design.columns)
    arrays = [design[c].to_numpy() for c in names]
    remaining = int(keep.sum())
    task: list[list[dict]] = []
    size = 0

    def target() -> int:  # runs the next task holds
        return per_task if workers <= 0 else min(per_task, -(-remaining // (2 * workers)))

    for a, b in itertools.pairwise(bounds.tolist()):
        rows = np.flatnonzero(keep[a:b]) + a
        if len(rows) == 0:
            continue
        values = [x[rows].tolist() for x in arrays]
        task.append([dict(zip(names, v, strict=True)) for v in zip(*values, strict=True)])
        size += len(rows)
        if size >= target():
            yield task
            remaining -= size
            task, size = [], 0
    if task:
        yield task


def _count_failed(st: Store) -> int:
    """Failed runs in the store, as ``Store.runs()`` has them (a run_id's first row).

    Reads the rows of the run_ids that ever failed, not a row per run of the store.
    """
    bad = st._parts(st.runs_dir, columns=["run_id"], filters=[("status", "!=", "ok")])
    if bad is None or bad.empty:
        return 0
    ids = sorted(set(bad["run_id"]))
    rows = st._parts(st.runs_dir, columns=["run_id", "status"], filters=[("run_id", "in", ids)])
    rows = rows.drop_duplicates("run_id")
    return int((rows["status"] != "ok").sum())


class _BatchWriter:
    """Collects task results (tables of columns, :func:`_tables`) and writes them in batches.

    A batch's columns are joined and made into one frame per table when it is written.
    """

    def __init__(self, store: Store, flush_runs: int = FLUSH_RUNS) -> None:
        self.store = store
        self.flush_runs = max(1, int(flush_runs))
        self.runs: list[dict] = []
        self.years: list[dict] = []
        self.n = 0
        self.since = time.monotonic()

    def add(self, runs: dict, years: dict) -> int:
        """Keep a task's tables (write the batch when it is full or old); its runs."""
        n = _rows(runs)
        if n:
            self.runs.append(runs)
        if _rows(years):
            self.years.append(years)
        self.n += n
        if self.n >= self.flush_runs or time.monotonic() - self.since > FLUSH_SECONDS:
            self.flush()
        return n

    def flush(self) -> None:
        if self.n:
            self.store.write_batch(_frame(self.runs), _frame(self.years))
        self.runs, self.years, self.n = [], [], 0
        self.since = time.monotonic()


def _frame(tables: list[dict]) -> pd.DataFrame:
    """Tables of columns (same columns, in the same order) joined into one frame."""
    if not tables:
        return pd.DataFrame()
    return pd.DataFrame({k: np.concatenate([t[k] for t in tables]) for k in tables[0]})


# The environment of a worker process: serial kernels, no compile-ahead helper.
WORKER_ENV = {"NUMBA_NUM_THREADS": "1", ENV_SWITCH: "0"}


class _Pool:
    """A process pool of warm workers that is restarted if a worker dies."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.restarts = 0
        # Workers are spawned on demand and read the environment when numba is imported,
        # before any initializer runs: serial kernels in every worker (numba's threading
        # layer is slower on a busy 2-core box and hangs a forked process), and no
        # compile-ahead helper per worker (sim.ahead: the workers already fill both cores).
        self._saved_env = {k: os.environ.get(k) for k in WORKER_ENV}
        os.environ.update(WORKER_ENV)
        self.executor = self._new()

    def _new(self) -> cf.ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")
        # A worker collects its runs' garbage after every task (_Collector) and stays flat;
        # replacing it after TASKS_PER_WORKER tasks also bounds whatever a run might leave
        # that the collector cannot free, for ~2% of the time (a restart loads the warm
        # numba cache in ~1 s).
        return cf.ProcessPoolExecutor(
            self.n,
            mp_context=ctx,
            initializer=_worker_init,
            max_tasks_per_child=TASKS_PER_WORKER,
        )

    def restart(self) -> cf.ProcessPoolExecutor:
        self.restarts += 1
        if self.restarts > POOL_RESTARTS:
            raise error("pool_died", n=self.restarts)
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()
        return self.executor

    def shutdown(self) -> None:
        ex = self.executor
        procs = list(getattr(ex, "_processes", {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # a worker busy with a long task is not waited for
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)
        for k, v in self._saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _stream(executor, pool: _Pool | None, tasks: Iterator, text: str, share: bool, version: str):
    """Yield task results as they finish, keeping a bounded number of tasks in flight."""
    ex = pool.executor if pool is not None else executor
    width = 2 * (pool.n if pool is not None else max(2, _executor_width(ex)))
    pending: dict[cf.Future, list] = {}
    it = iter(tasks)
    exhausted = False
    retry: list[list] = []

    def fill():
        nonlocal exhausted
        while len(pending) < width and (retry or not exhausted):
            if retry:
                task = retry.pop()
            else:
                task = next(it, None)
                if task is None:
                    exhausted = True
                    break
            pending[ex.submit(run_task, text, task, share, version)] = task

    fill()
    while pending:
        finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
        for fut in finished:
            task = pending.pop(fut)
            try:
                yield fut.result()
            except cf.process.BrokenProcessPool:
                if pool is None:
                    raise
                retry.append(task)
                retry.extend(pending.values())
                pending.clear()
                ex = pool.restart()
                break
        fill()


def _executor_width(ex) -> int:
    """How many tasks an executor runs at once (Dask: its workers' threads)."""
    client = getattr(ex, "_client", None)
    if client is not None:
        try:
            return sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        except Exception:
            return 2
    return getattr(ex, "_max_workers", 2)


def dask_client(address: str | None):
    """A Dask client: ``"local"`` starts a LocalCluster (one single-threaded worker per core).

    Other values are a scheduler address (``tcp://HOST:8786``); ``None`` reads
    ``DASK_SCHEDULER_ADDRESS``.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # the optional extra
        raise error("no_dask", exc=exc) from None
    address = address or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if not address:
        raise error("dask_address")
    if address == "local":
        import dask

        os.environ.update(WORKER_ENV)  # the cluster's worker processes inherit it
        # Diagnostics for a dashboard nobody reads here, which take CPU from the runs: the
        # stack sampler (every 10 ms), and the event loops' tick (20 ms), system monitor
        # (500 ms) and memory monitor (100 ms) in the scheduler and every worker. Measured
        # on 2 cores, an idle 2-worker cluster took 9.1% of a core with the defaults
        # (sampler off) and 1.4% with these; the nanny still stops a worker over its
        # memory limit, checked every second.
        dask.config.set(
            {
                "distributed.worker.profile.enabled": False,
                "distributed.admin.tick.interval": "1s",
                "distributed.admin.system-monitor.interval": "5s",
                "distributed.worker.memory.monitor-interval": "1s",
            }
        )
        cluster = LocalCluster(
            n_workers=os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
        client._baodi_cluster = cluster  # closed with the client by close_client
        return client
    try:
        return Client(address, timeout="10s")
    except OSError as exc:
        raise error("dask_unreachable", address=address, exc=exc) from None


def close_client(client) -> None:
    """Close a client from :func:`dask_client` (and its LocalCluster, if it started one)."""
    cluster = getattr(client, "_baodi_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()
