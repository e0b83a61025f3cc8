"""The pure-Python reference model: ``RefModel``, the model with every kernel replaced by its twin.

Each phase of the quarter has, beside its numba kernel in :mod:`sim.phases`, a pure-Python
twin (``sim/phases/<phase>_ref.py``) with the same ``run(state, world, q, ws)`` over the
same public arguments, written one agent (row) at a time so the economics can be read,
with the same counter-based draws in the same order of operations. ``RefModel`` is
:class:`sim.model.BaodiModel` with each phase's ``_<phase>_run`` bound to its twin; the
orchestration (calendar, accumulators, indicator assembly, data collection) is inherited,
and so is construction (the synthetic 2015 population and warm-up hiring are the numba
model's: the reference covers the quarter). It is a Mesa model like ``BaodiModel`` (its
agents are the parks), so ``mesa.batch_run(RefModel, ...)`` works; it is the yardstick of
``tests/properties/test_reference.py`` (whole quarters against the kernels) and of
``benchmarks/`` (kernels against plain Python).

Examples
--------
>>> ref = RefModel(seed=3)                      # doctest: +SKIP
>>> ref.step(); ref.state                       # doctest: +SKIP
>>> RefModel.from_model(BaodiModel(seed=3))     # doctest: +SKIP
"""

from .errors import SimError
from .model import BaodiModel
from .phases import (
    capital_ref,
    carriers_ref,
    entry_ref,
    firms_ref,
    indicators_ref,
    labels_ref,
    talent_ref,
    transfers_ref,
)


class RefModel(BaodiModel):
    """``BaodiModel`` whose quarter runs the pure-Python twins of its phases.

    Same constructor as :class:`sim.model.BaodiModel`; ``float32``, ``history`` and
    ``threads`` > 1 are refused (the twins compute in Python doubles, one row at a time).
    """

    _carriers_run = staticmethod(carriers_ref.run)
    _transfers_run = staticmethod(transfers_ref.run)
    _entry_run = staticmethod(entry_ref.run)
    _talent_run = staticmethod(talent_ref.run)
    _capital_run = staticmethod(capital_ref.run)
    _firms_run = staticmethod(firms_ref.run)
    _labels_run = staticmethod(labels_ref.run)
    _indicators_run = staticmethod(indicators_ref.run)

    def __init__(
        self,
        region="baodi",
        params=None,
        levers=None,
        seed: int = 0,
        float32: bool = False,
        history: bool = False,
        threads: int = 1,
    ) -> None:
        if float32 or history or threads != 1:
            raise SimError(
                "RefModel computes in Python doubles, one row at a time, without history: "
                "float32 and history must be False and threads 1"
            )
        super().__init__(region=region, params=params, levers=levers, seed=seed)

    @classmethod
    def from_model(cls, model: BaodiModel) -> "RefModel":
        """A reference continuing from ``model``'s current quarter (a fork of it)."""
        if model.float32 or model.keep_history or model.threads != 1:
            raise SimError("RefModel.from_model needs a float64 serial model without history")
        ref = model.fork()
        ref.__class__ = cls  # a fork is the model's state; the class decides the phases
        return ref
