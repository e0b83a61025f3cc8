"""Compare two lever packages over several seeds: median and 10–90 % bands per indicator."""

from collections.abc import Callable

import numpy as np

from sim.errors import SimError
from sim.levers import LeverSchedule
from sim.model import BaodiModel

MAX_SEEDS = 20


def run_package(
    levers: LeverSchedule,
    seeds: list[int],
    indicators: list[str],
    region: str = "baodi",
    progress: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, np.ndarray]:
    """Full runs of one package, one per seed: ``{indicator: (n_seeds, n_quarters)}``."""
    out: dict[str, list[np.ndarray]] = {k: [] for k in indicators}
    for s in seeds:
        if cancelled is not None and cancelled():
            break
        m = BaodiModel(region=region, levers=levers, seed=int(s)).run()
        ts = m.timeseries()
        for k in indicators:
            out[k].append(ts[k].to_numpy(dtype=float))
        if progress is not None:
            progress()
    return {k: np.array(v) for k, v in out.items()}


def fan_bands(runs: dict[str, np.ndarray], first_year: int = 2015) -> dict:
    """10th, 50th and 90th percentile across seeds of each indicator, by quarter."""
    out: dict = {}
    for k, arr in runs.items():
        if arr.size == 0:
            continue
        lo, mid, hi = np.percentile(arr, [10, 50, 90], axis=0)
        out[k] = (lo, mid, hi)
        out["t"] = first_year + np.arange(arr.shape[1]) / 4.0 + 0.25
    return out


def check_seeds(text) -> int:
    """Number of seeds from user input, 1–``MAX_SEEDS``; otherwise a ``SimError``."""
    try:
        n = int(str(text).strip())
    except ValueError:
        raise SimError(f"seeds = {text!r} must be an integer in [1, {MAX_SEEDS}]") from None
    if not 1 <= n <= MAX_SEEDS:
        raise SimError(f"seeds = {n} outside allowed range [1, {MAX_SEEDS}]")
    return n


def compare(
    a: LeverSchedule,
    b: LeverSchedule,
    n_seeds: int,
    indicators: list[str],
    region: str = "baodi",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[dict, dict]:
    """Run both packages over seeds ``0..n_seeds-1``; return their fan bands."""
    total, done = 2 * n_seeds, [0]

    def tick():
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    seeds = list(range(n_seeds))
    ra = run_package(a, seeds, indicators, region, tick, cancelled)
    rb = run_package(b, seeds, indicators, region, tick, cancelled)
    return fan_bands(ra), fan_bands(rb)
