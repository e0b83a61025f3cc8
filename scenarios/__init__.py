"""Scenario sweeps: lever packages × uncertain parameters × seeds, streamed into Parquet stores.

Layers exchange data (EMA Workbench's and scikit-learn's spirit)::

    sweep = scenarios.Sweep.from_toml("scenarios/examples/packages.toml")
    sweep.run("sweeps/packages", workers=2)        # or client=distributed.Client(...)
    frame = scenarios.load("sweeps/packages")      # one row per run: design + outcomes
    scenarios.summarize(frame)                     # P(each target met) per package, cost
    experiments, outcomes = scenarios.to_ema("sweeps/packages")   # EMA's analysis shape
"""

from pathlib import Path

from .errors import ScenarioError
from .runner import Sweep, SweepResult, dask_client
from .spec import MAX_RUNS, SweepSpec, model_version, run_id
from .store import Store, load, load_years
from .summary import format_summary, summarize, wilson_interval, write_summary
from .summary import to_ema as _frame_to_ema


def to_ema(store, years: bool = True):
    """A store's runs as EMA Workbench's ``(experiments, outcomes)``.

    Parameters
    ----------
    store : str, Path, Store or DataFrame
        A sweep store (or a frame from :func:`load`).
    years : bool
        Also give every indicator's year-end series as an (n_runs, n_years) outcome.
    """
    if isinstance(store, str | Path | Store):
        frame = load(store)
        return _frame_to_ema(frame, years=load_years(store) if years else None)
    return _frame_to_ema(store)


__all__ = [
    "MAX_RUNS",
    "ScenarioError",
    "Store",
    "Sweep",
    "SweepResult",
    "SweepSpec",
    "dask_client",
    "format_summary",
    "load",
    "load_years",
    "model_version",
    "run_id",
    "summarize",
    "to_ema",
    "wilson_interval",
    "write_summary",
]
