"""Firms: the synthetic initial population (``init_firms``) and its 2015 HNTE certificates (``init_hnte``).

The plan gives labelled-firm counts, not the population behind them (DOMAIN.md §7), so
the 2015 population is drawn: node by the region's firm shares, industry by what the
node hosts, size lognormal with a Pareto upper tail (Axtell 2001; Kondo, Lewis & Stella
2018), age exponential, R&D intensity lognormal around the industry norm. 2015's HNTE
certificates are then given to eligible firms to match the record (58 in 2015, §一(一)).
The kernel that draws the rows is :func:`sim.phases.entry.init_firms_kernel`, beside
the quarter's entrants; the entrants themselves are the entry phase's
(:mod:`sim.phases.entry`, twin :func:`sim.phases.entry_ref.entry_plan`).
"""

import numpy as np

from .fields import (
    FI_HNTE_Q,
    FI_LABELS,
    LB_HNTE,
)
from .kernels.labels import init_hnte_keys, init_hnte_keys_par
from .kernels.rng import (
    S_INIT_HNTE_YEAR,
    uniform_np,
)
from .phases.entry import init_firms_kernel, init_firms_par
from .state import State


def init_firms(
    state: State, key, n: int, node_cdf, node_rows, host_w, ind_f, par, threads: int = 1
) -> None:
    """Fill rows ``0..n-1`` of ``state`` with the synthetic 2015 population.

    Parameters
    ----------
    node_cdf : float64 (k,)
        Cumulative firm shares of the region's internal nodes ``node_rows``.
    host_w : float64 (n_nodes, n_industries)
        Industry weights per node (rows sum to 1).
    ind_f : float64 (N_IF, n_industries)
        Industry context (typical R&D intensity, median annual revenue...).
    par : float64 (n_params,)
        Parameter vector.
    threads : int
        More than 1: fill chunks of rows on numba's threads.

    Notes
    -----
    The draws are keyed by row (:func:`sim.phases.entry.init_firms_kernel`), so filling
    the rows in pieces, or on threads, gives the same population.
    """
    args = (state.firm_f, state.firm_i, node_cdf, node_rows, host_w, ind_f, par)
    if threads > 1:
        init_firms_par(key, n, *args)
    else:
        init_firms_kernel(key, 0, n, *args)
    state.n = n


def init_hnte(state: State, key, ind_f, par, target: int, apply_p: float, threads: int = 1) -> int:
    """Give 2015's HNTE certificates; return how many were given.

    ``target`` firms (the record's count) in :func:`init_hnte_keys` order — the eligible
    first, then those that could have been certified in 2012–14; with ``target < 0``
    each eligible firm holds one with probability ``apply_p``. Certificates are dated in
    the last three year-ends (quarters −1, −5, −9), so they expire on the real cycle.
    """
    n = state.n
    keys = np.empty(n)
    kernel = init_hnte_keys_par if threads > 1 else init_hnte_keys
    kernel(key, n, state.firm_f, state.firm_i, ind_f, par, target >= 0, keys)
    if target >= 0:
        # The certificates go to the c smallest keys; only the set matters (dates are
        # drawn per row), so a partition does (O(n), against a sort's O(n log n)).
        c = min(target, int((keys < 3.0).sum()))
        chosen = np.argpartition(keys, c - 1)[:c] if c > 0 else np.zeros(0, dtype=np.int64)
    else:
        chosen = np.flatnonzero(keys < apply_p)
    fi = state.firm_i
    fi[FI_LABELS, chosen] |= LB_HNTE
    when = np.floor(3.0 * uniform_np(key, chosen.astype(np.int64), S_INIT_HNTE_YEAR))
    fi[FI_HNTE_Q, chosen] = -1 - 4 * when.astype(np.int32)
    return len(chosen)
