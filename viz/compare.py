"""Compare two lever packages over several seeds: median and 10–90 % bands per indicator.

The runs go through the sweep layer (:mod:`scenarios`), not a loop of their own: the two
packages become a sweep file (:func:`sweep_text`), the sweep runs into a temporary store,
and the bands are read from its year-end table (:func:`scenarios.load_years`). The Compare
tab therefore shows exactly what ``baodi-sim sweep`` and ``scenarios.summarize`` give for
the same packages and seeds.
"""

import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

import scenarios
from scenarios.progress import Progress
from sim.errors import SimError
from sim.levers import LeverSchedule
from sim.region import load_region

MAX_SEEDS = 20
PACKAGES = ("a", "b")  # the packages' names in the sweep file
QUANTILES = (0.1, 0.5, 0.9)  # the fan: 10 %, median, 90 % (as scenarios.summarize)


def _toml_number(v: float) -> str:
    """A finite lever value as a TOML float that reads back to the same bits."""
    f = float(v)
    if not math.isfinite(f):
        raise SimError(f"lever value {v!r} is not a finite number")
    return repr(f)  # shortest round-trip form: 0.1, 1000.0, 1e-05 are valid TOML floats


def _package_toml(name: str, levers: LeverSchedule, plan_start: int) -> str:
    """One ``[packages.NAME]`` table: the schedule's preset and its settings by year."""
    d = levers.to_dict()
    if d["start_year"] != plan_start:
        raise SimError(
            f"package {name}: the lever schedule starts in {d['start_year']}, "
            f"the region's plan period in {plan_start}"
        )
    parts = []
    for lever, steps in d["settings"].items():
        early = [y for y in steps if int(y) < plan_start]
        if early:
            raise SimError(
                f"package {name}: lever '{lever}' is set for {early[0]}, before the plan "
                f"period ({plan_start}); packages differ only from {plan_start} on"
            )
        years = ", ".join(f"{int(y)} = {_toml_number(v)}" for y, v in sorted(steps.items()))
        parts.append(f"{lever} = {{ {years} }}")
    text = f'[packages.{name}]\npreset = "{d["preset"]}"\n'
    if parts:
        text += f"levers = {{ {', '.join(parts)} }}\n"
    return text


def sweep_text(
    a: LeverSchedule, b: LeverSchedule, n_seeds: int, region: str = "baodi", seed_start: int = 0
) -> str:
    """The sweep file (TOML) of packages ``a`` and ``b`` over seeds ``seed_start..+n_seeds-1``.

    Each lever is written as its year table (``lever = { 2021 = v, 2023 = w }``), so the
    packages' runs are the schedules' runs, bit for bit.
    """
    plan_start = load_region(region).plan_start_year
    head = (
        f"# Compare tab: two lever packages over {n_seeds} seeds\n"
        f"region = {json.dumps(str(region), ensure_ascii=False)}\n"
        f"seeds = {int(n_seeds)}\nseed_start = {int(seed_start)}\n"
    )
    tables = [_package_toml(n, s, plan_start) for n, s in zip(PACKAGES, (a, b), strict=True)]
    return "\n".join([head, *tables])


def run_sweep(
    text: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[pd.DataFrame, scenarios.SweepResult]:
    """Run a sweep file's text into a temporary store; its year-end table and the result.

    The store folder is removed afterwards. ``progress(done, total)`` is called after each
    finished task; ``cancelled()`` stops the sweep (the runs finished so far are returned).
    """
    sweep = scenarios.Sweep.from_text(text, source="<compare>")
    total = int(sweep.design()["run_id"].nunique())  # packages with equal levers share runs

    def report(done: int, todo: int, failed: int) -> None:
        if progress is not None:
            progress(done, todo)

    rep = Progress(total, enabled=False, callback=report)  # nothing on the server's stderr
    with tempfile.TemporaryDirectory(prefix="baodi-compare-") as tmp:
        store = Path(tmp) / "store"
        # workers=0: in this process. The web server must not spawn a process pool (and
        # warm its numba kernels) per click. runs_per_task=1: a task is one seed's group
        # (both packages, their shared 2015–2020 history run once), so progress moves and
        # a cancel is seen after every seed.
        result = sweep.run(store, workers=0, runs_per_task=1, progress=rep, cancelled=cancelled)
        if result.failed:
            runs = scenarios.Store(store).runs()
            err = runs.loc[runs["status"] != "ok", "error"].iloc[0]
            last = str(err).strip().splitlines()[-1] if err else "?"
            raise SimError(f"{result.failed} of {result.n_runs} compare runs failed: {last}")
        years = scenarios.load_years(store)
    return years, result


def fan_bands(years: pd.DataFrame, package: str, indicators: list[str]) -> dict:
    """10th, 50th and 90th percentile across seeds of each indicator, by year end.

    Parameters
    ----------
    years : pandas.DataFrame
        A sweep's year-end table (:func:`scenarios.load_years`).
    package : str
        The package whose runs to summarize.
    indicators : list of str

    Returns
    -------
    dict
        ``{"t": years (int), indicator: (p10, p50, p90)}``, linear-interpolated quantiles
        (as :func:`scenarios.summarize`); ``{}`` if the package has no finished run.
    """
    rows = years[years["package"] == package]
    if rows.empty:
        return {}
    out: dict = {}
    for k in indicators:
        table = rows.pivot(index="year", columns="seed", values=k).sort_index()
        lo, mid, hi = np.quantile(table.to_numpy(dtype=float), QUANTILES, axis=1)
        out[k] = (lo, mid, hi)
        out["t"] = table.index.to_numpy()
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
    """Run both packages over seeds ``0..n_seeds-1`` as a sweep; return their fan bands.

    ``progress(done, total)`` counts distinct runs (two equal packages share theirs);
    after a cancel the bands cover the seeds finished so far.
    """
    years, _ = run_sweep(sweep_text(a, b, n_seeds, region), progress, cancelled)
    return tuple(fan_bands(years, p, indicators) for p in PACKAGES)
