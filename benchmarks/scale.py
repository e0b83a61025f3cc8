"""Run the large synthetic region in this (fresh) process; print one JSON line of figures.

Usage: ``python -m benchmarks.scale FIRMS QUARTERS PEOPLE_PER_FIRM [THREADS]``. The state is
float32; with THREADS > 1 (``NUMBA_NUM_THREADS`` must allow it) the model runs with
``threads=THREADS``.
Peak memory is the process's peak resident set (``VmHWM``, reset after imports and the JIT
warm-up through ``/proc/self/clear_refs`` so the compiler's own peak is not counted) minus
the resident set at that point: it covers construction, every quarter and the indicator
table. Where the reset is unavailable, a 2 ms sampling thread estimates the peak.
"""

import gc
import json
import sys
import threading
import time

import psutil


def _hwm() -> int | None:
    """Peak resident set since the last reset [bytes], or None if not on Linux."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return None


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class _Sampler(threading.Thread):
    """Fallback peak-RSS estimate: sample the resident set every 2 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        proc = psutil.Process()
        while not self.stop.wait(0.002):
            self.peak = max(self.peak, proc.memory_info().rss)


def main(firms: int, quarters: int, people_per_firm: float, threads: int = 1) -> dict:
    """Build and run ``firms`` firms for ``quarters`` quarters; return time and memory."""
    from benchmarks.suite import synthetic_region
    from sim.model import BaodiModel

    # JIT warm-up of the float32 kernels
    w = BaodiModel("tiny", seed=0, float32=True, threads=threads)
    for _ in range(4):
        w.step()
    del w
    region = synthetic_region(firms, people_per_firm)
    gc.collect()
    base = psutil.Process().memory_info().rss
    exact = _reset_hwm() and _hwm() is not None
    sampler = None if exact else _Sampler()
    if sampler:
        sampler.start()
    t0 = time.perf_counter()
    m = BaodiModel(region, seed=0, float32=True, threads=threads)
    t_build = time.perf_counter() - t0
    for _ in range(quarters):
        m.step()
    m.timeseries()
    t = time.perf_counter() - t0
    if sampler:
        sampler.stop.set()
        sampler.join()
    peak = _hwm() if exact else sampler.peak
    return {
        "firms": firms,
        "quarters": quarters,
        "threads": threads,
        "people": m.state.m,
        "firms_end": m.state.n,
        "run_s": t,
        "build_s": t_build,
        "quarters_s": t - t_build,
        "peak_bytes": peak - base,
        "peak_bytes_per_firm": (peak - base) / firms,
        "state_bytes_per_firm": m.state.nbytes() / firms,
        "peak_method": "VmHWM" if exact else "sampled",
    }


if __name__ == "__main__":
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), threads)))
