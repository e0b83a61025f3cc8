"""``python -m benchmarks [--quick] [--json FILE]``: run the suite, print a table, write JSON.

Sets ``NUMBA_NUM_THREADS=1`` before numba is imported (the kernels are serial).
"""

import os

os.environ["NUMBA_NUM_THREADS"] = "1"

import argparse
import datetime
import json
import platform
import sys
import time


def machine() -> dict:
    """CPU model, core count, load average and versions."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import mesa
    import numba
    import numpy

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_start": list(os.getloadavg()),
        "python": platform.python_version(),
        "numba": numba.__version__,
        "numpy": numpy.__version__,
        "mesa": mesa.__version__,
        "os": platform.platform(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _fmt(v) -> str:
    return f"{v:,.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def main(argv=None) -> int:
    """Run the benchmark suite; return the exit code."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="reduced suite (< 60 s)")
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = ap.parse_args(argv)

    from .configurations import FULL, GOALS, QUICK
    from .suite import (
        PHASES,
        bench_phases,
        bench_runs,
        bench_scale,
        bench_startup,
        bench_sweep,
        bench_viz,
    )
    from .sweep import bench_memory, bench_sweeps

    cfg = QUICK if args.quick else FULL
    mach = machine()
    t_all = time.perf_counter()
    print(
        f"benchmarks ({'quick' if args.quick else 'full'}) on {mach['cpu']}, "
        f"{mach['cores']} cores, load {mach['load_start'][0]:.2f}",
        flush=True,
    )
    startup = bench_startup(cfg)  # first: fresh processes, before this one grows
    phases = bench_phases(cfg)
    runs = bench_runs(cfg)
    sweep = bench_sweep(cfg)
    sweeps = bench_sweeps(cfg)
    memory = bench_memory(cfg)
    scale = bench_scale(cfg)
    viz = bench_viz(cfg)
    mach["load_end"] = list(os.getloadavg())
    small, large = cfg["phase_sizes"]
    res = {
        "kernel_speedup_vs_mesa_20k": phases[large]["speedup"],
        "kernel_speedup_vs_mesa_2k": phases[small]["speedup"],
        "ceiling_fraction": phases[large]["ceiling_fraction"],
        "agent_steps_per_s": runs["20k"]["agent_steps_per_s"],
        "default_run_ms": runs["default"]["min_ms"],
        "run_20k_ms": runs["20k"]["min_ms"],
        "scale_1m_s": scale["scale_1m_s"],
        "scale_1m_s_serial": scale["scale_1m_s_serial"],
        "scale_1m_s_threads": scale["scale_1m_s_threads"],
        "scale_1m_quarters_s_threads": scale["scale_1m_quarters_s_threads"],
        "scale_1m_bytes_per_firm": scale["scale_1m_bytes_per_firm"],
        "warm_start_s": startup["warm_start_s"],
        "cold_start_s": startup["cold_start_s"],
        **(
            {"cold_start_serial_s": startup["cold_start_serial_s"]}
            if startup["cold_start_serial_s"] is not None
            else {}
        ),
        "after_setup_start_s": startup["after_setup_start_s"],
        "runs_per_s_one_core": sweep["runs_per_s_one_core"],
        "mesa_batch_run_runs_per_s": sweep["mesa_batch_run_runs_per_s"],
        "sweep_vs_batch_run": sweep["sweep_vs_batch_run"],
        "sweep_runs_per_s": sweeps["share_runs_per_s"],
        "sweep_runs_per_s_no_share": sweeps["noshare_runs_per_s"],
        "sweep_pool_startup_s": sweeps["pool_startup_s"],
        "sweep_vs_batch_run_baodi": sweeps["sweep_vs_batch_run_baodi"],
        "sweep_vs_ema": sweeps["sweep_vs_ema"],
        **({"sweep_dask_overhead": sweeps["dask_overhead"]} if "dask_overhead" in sweeps else {}),
        "sweep_store_bytes_per_run": sweeps["store_bytes_per_run"],
        **({"sweep_memory_ratio": memory["memory_ratio"]} if memory else {}),
        **viz,
        "machine": mach,
        "quick": bool(args.quick),
        "details": {
            "phases": {str(k): v for k, v in phases.items()},
            "runs": runs,
            "sweep": sweep,
            "sweeps": sweeps,
            "memory": memory,
            "scale": scale,
            "startup": startup,
            "config": {
                k: (v if not isinstance(v, dict) else {str(a): b for a, b in v.items()})
                for k, v in cfg.items()
            },
        },
    }
    goals = {}
    for key, op, thr, what in GOALS:
        if key not in res:  # not measured in this configuration (e.g. memory in --quick)
            continue
        v = res[key]
        goals[key] = {
            "value": v,
            "goal": f"{op} {thr:g}",
            "reached": bool(v >= thr if op == ">=" else v <= thr),
            "what": what,
        }
    res["goals"] = goals
    res["suite_s"] = time.perf_counter() - t_all

    print("\nPer phase (ms; min / median over rounds of best-of-k; speed-up = ref / kernel)")
    print(
        f"{'phase':<11}{'firms':>7}{'kernel min':>12}{'kernel med':>12}{'Mesa ref min':>14}"
        f"{'Mesa ref med':>14}{'speed-up':>10}"
    )
    for size in cfg["phase_sizes"]:
        p = phases[size]
        for name in (*PHASES, "ceiling"):
            row = p[name]
            ref = (
                (
                    f"{_fmt(row['ref_min_ms']):>14}{_fmt(row['ref_median_ms']):>14}"
                    f"{row['speedup_min']:>9.0f}x"
                )
                if "ref_min_ms" in row
                else ""
            )
            print(
                f"{name:<11}{size:>7}{_fmt(row['kernel_min_ms']):>12}"
                f"{_fmt(row['kernel_median_ms']):>12}{ref}"
            )
        print(
            f"{'quarter':<11}{size:>7}{_fmt(p['quarter_kernel_min_ms']):>12}{'':>12}"
            f"{_fmt(p['quarter_ref_min_ms']):>14}{'':>14}{p['speedup']:>9.0f}x"
        )
    print("\nKey figures")
    for k, v in res.items():
        if isinstance(v, int | float) and not isinstance(v, bool):
            print(f"  {k:<28}{_fmt(v):>14}")
    print("\nGoals")
    for g in goals.values():
        print(
            f"  [{'reached' if g['reached'] else 'MISSED '}] {g['what']}: "
            f"{_fmt(g['value'])} (goal {g['goal']})"
        )
    if args.quick:
        print(f"  (quick: scale measured at {cfg['scale_firms']:,} firms, scaled to 1e6)")
    print(
        f"\nmachine load {mach['load_start']} -> {mach['load_end']}; "
        f"suite took {res['suite_s']:.1f} s"
    )
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
