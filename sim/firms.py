"""Firms: the synthetic initial population (``init_firms``).

The plan gives labelled-firm counts, not the population behind them (DOMAIN.md §7), so
the 2015 population is drawn: node by the region's firm shares, industry by what the
node hosts, size lognormal with a Pareto upper tail (Axtell 2001; Kondo, Lewis & Stella
2018), age exponential, R&D intensity lognormal around the industry norm. 2015's HNTE
certificates are then given to eligible firms to match the record (58 in 2015, §一(一);
:func:`sim.phases.labels.init_hnte`). The kernel that draws the rows is
:func:`sim.phases.entry.init_firms_kernel`, beside the quarter's entrants (the entry phase,
:mod:`sim.phases.entry`, twin :func:`sim.phases.entry_ref.entry_plan`).
"""

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
