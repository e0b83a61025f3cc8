"""The measurements: phases vs the Mesa reference, ceiling, whole runs, scale, start-up, sweeps.

Each ``bench_*`` function returns a dict of figures. Timings use ``time.perf_counter``;
JIT compilation is excluded (kernels are warmed first) and reported apart by the start-up
figures. Random-number counters advance between repetitions (a new quarter key each
time), so no repetition replays the branches of the one before.
"""

import dataclasses
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from numba import njit

from sim.ahead import ENV_SWITCH
from sim.fields import (
    FF_CASH,
    FF_CONTRACTS,
    FF_DEBT,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD,
    FF_RD_ACC,
    FF_RD_INTENSITY,
    FF_REV_ACC,
    FF_REV_Y1,
    FF_REVENUE,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_INCUBATED_UNTIL,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_NODE,
    FI_PARTNER,
    FI_ST_STAFF,
)
from sim.kernels.rng import quarter_key_py
from sim.model import BaodiModel
from sim.reference import RefModel
from sim.region import Region, load_region

ROOT = Path(__file__).resolve().parent.parent
PHASES = {
    "firms": "_firms_phase",
    "talent": "_talent_phase",
    "capital": "_capital_phase",
    "transfers": "_transfers_phase",
    "labels": "_labels_phase",
    "indicators": "_indicators_phase",
}
PEOPLE_KEYS = ("people_baodi", "people_beijing", "people_tianjin")


def synthetic_region(firms: int, people_per_firm: float | None = None) -> Region:
    """Baodi with ``firms`` firm rows at 2015Q1 and people scaled alike (or per firm)."""
    r = load_region("baodi")
    pop = r.population
    people = [int(pop[k]) for k in PEOPLE_KEYS]
    total = (
        sum(people) * firms / pop["firms_2015"]
        if people_per_firm is None
        else people_per_firm * firms
    )
    scaled = {
        k: max(1, round(total * p / sum(people))) for k, p in zip(PEOPLE_KEYS, people, strict=True)
    }
    return dataclasses.replace(r, population={**pop, "firms_2015": int(firms), **scaled})


def _new_key(model, counter: int) -> None:
    """Give ``model`` a fresh quarter key (the counter of the random numbers advances)."""
    model.key_int = quarter_key_py(model.seed_value, 1_000_000 + counter)
    model.key = np.uint64(model.key_int)
    if getattr(model, "q", None) is not None:
        model.q.key = model.key


def _best_of(fn, model, reps: int, counter: list) -> float:
    best = float("inf")
    for _ in range(reps):
        counter[0] += 1
        _new_key(model, counter[0])
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# ---------------------------------------------------------------------------- ceiling
@njit(cache=True)
def ceiling_kernel(n, firm_f, firm_i, scratch):
    """Stream the bytes ``firms_kernel`` reads and writes per firm, with trivial arithmetic.

    Reads 10 float fields, 10 int fields and the scratch slot; writes 11 float fields,
    the partner and the scratch slot: the firms kernel's traffic, without its work.
    """
    acc = 0.0
    for i in range(n):
        a = (
            firm_i[FI_ALIVE, i]
            + firm_i[FI_NODE, i]
            + firm_i[FI_INDUSTRY, i]
            + firm_i[FI_ST_STAFF, i]
            + firm_i[FI_IP1, i]
            + firm_i[FI_IP2, i]
            + firm_i[FI_COACHED_Q, i]
            + firm_i[FI_BIRTH_Q, i]
            + firm_i[FI_INCUBATED_UNTIL, i]
        )
        p = firm_i[FI_PARTNER, i]
        x = (
            firm_f[FF_REVENUE, i]
            + firm_f[FF_EMPLOYEES, i]
            + firm_f[FF_KNOWLEDGE, i]
            + firm_f[FF_CASH, i]
            + firm_f[FF_DEBT, i]
            + firm_f[FF_REV_Y1, i]
            + firm_f[FF_RD_INTENSITY, i]
            + firm_f[FF_HITECH, i]
            + scratch[i]
        )
        y = x * 1e-9 + a * 1e-12
        firm_f[FF_REVENUE, i] += y
        firm_f[FF_EMPLOYEES, i] += y
        firm_f[FF_RD, i] = y
        firm_f[FF_RD_INTENSITY, i] += y
        firm_f[FF_KNOWLEDGE, i] += y
        firm_f[FF_HITECH, i] += y
        firm_f[FF_CASH, i] += y
        firm_f[FF_DEBT, i] += y
        firm_f[FF_REV_ACC, i] += y
        firm_f[FF_RD_ACC, i] += y
        firm_f[FF_CONTRACTS, i] = y
        firm_i[FI_PARTNER, i] = p
        scratch[i] = y
        acc += y
    return acc


# ---------------------------------------------------------------------------- phases
def bench_phases(cfg: dict, log=print) -> dict:
    """Each phase, numba kernel (A) vs pure-Python Mesa reference (B), at each size."""
    out = {}
    for size in cfg["phase_sizes"]:
        m = BaodiModel(synthetic_region(size), seed=cfg["seed"])
        for _ in range(cfg["phase_warm_quarters"]):
            m.step()
        m._begin_quarter()
        m._carriers_phase()
        r = RefModel.from_model(m)
        r._begin_quarter()
        r._carriers_phase()
        m._transfers_phase()
        r._transfers_phase()
        # JIT warm-up of every timed kernel (excluded from the timings).
        for ph in PHASES.values():
            getattr(m, ph)()
        spill = np.zeros(m.state.firm_capacity)  # the firms kernel's per-firm scratch
        ceiling_kernel(m.state.n, m.state.firm_f, m.state.firm_i, spill)
        reps_k, reps_r = cfg["phase_reps_kernel"], cfg["phase_reps_ref"][size]
        times = {name: {"kernel": [], "ref": []} for name in PHASES}
        times["ceiling"] = {"kernel": []}
        counter = [0]
        for _ in range(cfg["phase_rounds"]):
            for name, ph in PHASES.items():
                times[name]["kernel"].append(_best_of(getattr(m, ph), m, reps_k, counter))
                times[name]["ref"].append(_best_of(getattr(r, ph), r, reps_r, counter))
            st, scratch = m.state, spill
            times["ceiling"]["kernel"].append(
                _best_of(
                    lambda st=st, s=scratch: ceiling_kernel(st.n, st.firm_f, st.firm_i, s),
                    m,
                    reps_k,
                    counter,
                )
            )
        res = {"firms": m.state.n, "people": m.state.m}
        for name, t in times.items():
            row = {f"{k}_min_ms": 1e3 * min(v) for k, v in t.items()}
            row.update({f"{k}_median_ms": 1e3 * statistics.median(v) for k, v in t.items()})
            if "ref" in t:
                row["speedup_min"] = min(t["ref"]) / min(t["kernel"])
                row["speedup_median"] = statistics.median(t["ref"]) / statistics.median(t["kernel"])
            res[name] = row
        res["quarter_kernel_min_ms"] = sum(res[p]["kernel_min_ms"] for p in PHASES)
        res["quarter_ref_min_ms"] = sum(res[p]["ref_min_ms"] for p in PHASES)
        res["speedup"] = res["quarter_ref_min_ms"] / res["quarter_kernel_min_ms"]
        # Ceiling kernel time over the firms kernel's: 1 = at the bandwidth ceiling.
        res["ceiling_fraction"] = res["ceiling"]["kernel_min_ms"] / res["firms"]["kernel_min_ms"]
        out[size] = res
        log(f"  phases at {size} firms: quarter speed-up {res['speedup']:.0f}x")
    return out


# ---------------------------------------------------------------------------- whole runs
def _one_run(region, seed: int) -> BaodiModel:
    m = BaodiModel(region, seed=seed)
    m.run()
    m.timeseries()
    return m


def bench_runs(cfg: dict, log=print) -> dict:
    """Whole runs: default Baodi and 20k firms (construction, 44 quarters, indicators)."""
    _one_run("baodi", 0)  # warm
    out = {}
    for name, region in (("default", "baodi"), ("20k", synthetic_region(cfg["run_20k_firms"]))):
        ts = []
        for k in range(cfg["run_reps"]):
            t0 = time.perf_counter()
            m = _one_run(region, cfg["seed"] + k)
            ts.append(time.perf_counter() - t0)
        steps = m.quarter * (m.state.n + m.state.m)  # upper bound: rows incl. exited firms
        out[name] = {
            "min_ms": 1e3 * min(ts),
            "median_ms": 1e3 * statistics.median(ts),
            "agent_steps_per_s": steps / min(ts),
            "firms_end": m.state.n,
            "people": m.state.m,
            "quarters": m.quarter,
        }
        log(f"  run {name}: {out[name]['min_ms']:.1f} ms")
    return out


def bench_sweep(cfg: dict, log=print) -> dict:
    """Default-size runs per second in one process vs ``mesa.batch_run`` of the reference.

    The sweep (seeds 0..N-1, a new model each run, as a sweep worker would) and
    ``mesa.batch_run(RefModel, ...)`` (seeds 0..M-1, ``number_processes=1``) alternate in
    M rounds, so both see the same machine load and their ratio is one run's figure.
    """
    import mesa

    _one_run("baodi", 0)
    n, nb = cfg["sweep_runs"], cfg["batch_run_runs"]
    chunks = np.array_split(np.arange(n), nb)
    t_k = t_b = 0.0
    for b, chunk in enumerate(chunks):
        t0 = time.perf_counter()
        for s in chunk:
            _one_run("baodi", int(s))
        t_k += time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = mesa.batch_run(RefModel, {"seed": [b]}, number_processes=1, display_progress=False)
        t_b += time.perf_counter() - t0
        assert len(rows) == 1 and rows[0]["seed"] == b
    out = {
        "runs_per_s_one_core": n / t_k,
        "mesa_batch_run_runs_per_s": nb / t_b,
        "sweep_runs": n,
        "batch_run_runs": nb,
    }
    out["sweep_vs_batch_run"] = out["runs_per_s_one_core"] / out["mesa_batch_run_runs_per_s"]
    log(
        f"  sweep: {out['runs_per_s_one_core']:.1f} runs/s; batch_run "
        f"{out['mesa_batch_run_runs_per_s']:.3f} runs/s"
    )
    return out


# ---------------------------------------------------------------------------- subprocesses
def _env(cache_dir: str | None = None) -> dict:
    env = {**os.environ, "NUMBA_NUM_THREADS": "1", "PYTHONPATH": str(ROOT), ENV_SWITCH: "1"}
    if cache_dir:
        env["NUMBA_CACHE_DIR"] = cache_dir
    return env


STARTUP_CODE = "from sim.model import BaodiModel; BaodiModel(seed=0).step()"


def setup_warm_code() -> str:
    """The Python command ``.ci/setup`` runs to warm the numba cache (read from the script)."""
    text = (ROOT / ".ci" / "setup").read_text(encoding="utf-8")
    m = re.search(r'^\S*python -c "(.*BaodiModel.*)"\s*$', text, re.MULTILINE)
    if m is None:
        raise RuntimeError(".ci/setup no longer warms the cache with a python -c line")
    return m.group(1)


def bench_startup(cfg: dict, log=print) -> dict:
    """Fresh process to the first completed quarter: cold (empty numba cache) and warm."""
    with tempfile.TemporaryDirectory(prefix="baodi-numba-") as cache:

        def once() -> float:
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", STARTUP_CODE], env=_env(cache), check=True, cwd=ROOT
            )
            return time.perf_counter() - t0

        cold = once()
        warm = min(once() for _ in range(cfg["startup_warm_reps"]))
    # The same cold start with the compile-ahead helper off (sim.ahead): one core compiles all.
    serial = None
    if cfg["startup_cold_serial"]:
        with tempfile.TemporaryDirectory(prefix="baodi-numba-") as cache:
            t0 = time.perf_counter()
            env = {**_env(cache), ENV_SWITCH: "0"}
            subprocess.run([sys.executable, "-c", STARTUP_CODE], env=env, check=True, cwd=ROOT)
            serial = time.perf_counter() - t0
    # A fresh machine after set-up: the cache holds what .ci/setup's warm-up compiled.
    with tempfile.TemporaryDirectory(prefix="baodi-numba-") as cache:
        code = setup_warm_code()
        subprocess.run([sys.executable, "-c", code], env=_env(cache), check=True, cwd=ROOT)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", STARTUP_CODE], env=_env(cache), check=True, cwd=ROOT)
        after_setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sim.model"], env=_env(), check=True, cwd=ROOT)
    imp = time.perf_counter() - t0
    log(
        f"  start-up: cold {cold:.2f} s"
        + (f" (compile-ahead off: {serial:.2f} s)" if serial is not None else "")
        + f", warm {warm:.2f} s, first run after set-up {after_setup:.2f} s"
        f" (import alone {imp:.2f} s)"
    )
    return {
        "cold_start_s": cold,
        "cold_start_serial_s": serial,
        "warm_start_s": warm,
        "after_setup_start_s": after_setup,
        "import_s": imp,
        "jit_compile_s": cold - warm,
    }


def bench_scale(cfg: dict, log=print) -> dict:
    """The large synthetic region in fresh processes (float32): serial, then threaded.

    The threaded run uses ``threads = min(cfg["scale_threads"], cores)`` numba threads
    (same results as serial, see ``BaodiModel(threads=...)``); the goal is read on the
    faster of the two. Peak memory is the serial run's.
    """
    runs = {}
    threads = max(1, min(cfg["scale_threads"], os.cpu_count() or 1))
    for t in sorted({1, threads}):
        args = [
            sys.executable,
            "-m",
            "benchmarks.scale",
            str(cfg["scale_firms"]),
            str(cfg["scale_quarters"]),
            str(cfg["scale_people_per_firm"]),
            str(t),
        ]
        env = {**_env(), "NUMBA_NUM_THREADS": str(t)}
        res = subprocess.run(args, env=env, check=True, cwd=ROOT, capture_output=True, text=True)
        runs[t] = json.loads(res.stdout.strip().splitlines()[-1])
        r = runs[t]
        log(
            f"  scale, {t} thread(s): {cfg['scale_firms']} firms x {cfg['scale_quarters']} "
            f"quarters in {r['run_s']:.2f} s (build {r['build_s']:.2f} s), "
            f"peak {r['peak_bytes_per_firm']:.0f} B/firm"
        )
    f = 1_000_000 / cfg["scale_firms"]
    serial, best = runs[1], runs[threads]
    return {
        "serial": serial,
        "threaded": best,
        "threads": threads,
        "scale_1m_s": min(serial["run_s"], best["run_s"]) * f,
        "scale_1m_s_serial": serial["run_s"] * f,
        "scale_1m_s_threads": best["run_s"] * f,
        "scale_1m_quarters_s_threads": best["quarters_s"] * f,
        "scale_1m_bytes_per_firm": serial["peak_bytes_per_firm"],
    }


def bench_viz(cfg: dict, log=print) -> dict:
    """Web app render time per step at default size, if the viz package provides it."""
    try:
        from viz.render import render_step_ms
    except Exception as e:
        log(f"  viz: skipped ({type(e).__name__}: {e})")
        return {}
    try:
        ms = render_step_ms(n_steps=cfg["viz_steps"])
    except Exception as e:
        log(f"  viz: skipped ({type(e).__name__}: {e})")
        return {}
    log(f"  viz: {ms:.1f} ms per rendered step")
    return {"viz_step_render_ms": ms}
