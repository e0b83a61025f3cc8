"""Firms: the synthetic initial population (``init_firms``) and entry of new firms (``entry_plan``).

The plan gives labelled-firm counts, not the population behind them (DOMAIN.md §7), so
the 2015 population is drawn: node by the region's firm shares, industry by what the
node hosts, size lognormal with a Pareto upper tail (Axtell 2001; Kondo, Lewis & Stella
2018), age exponential, R&D intensity lognormal around the industry norm. 2015's HNTE
certificates are then given to eligible firms to match the record (58 in 2015, §一(一);
:func:`sim.phases.labels.init_hnte`).
"""

import numpy as np

from .fields import (
    ORIGIN_BACKGROUND,
    ORIGIN_INCUBATOR,
    ORIGIN_SPINOFF,
    ORIGIN_TRANSFER,
)
from .kernels.common import poisson_inv_py
from .kernels.firms import init_firms_kernel, init_firms_par
from .kernels.rng import (
    S_BACKGROUND,
    S_BACKGROUND_NODE,
    S_ENTRY,
    S_ENTRY_INDUSTRY,
    uniform_py,
)
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
    The draws are keyed by row (:func:`sim.kernels.firms.init_firms_kernel`), so filling
    the rows in pieces, or on threads, gives the same population.
    """
    args = (state.firm_f, state.firm_i, node_cdf, node_rows, host_w, ind_f, par)
    if threads > 1:
        init_firms_par(key, n, *args)
    else:
        init_firms_kernel(key, 0, n, *args)
    state.n = n


def entry_plan(
    key: int,
    n_alive: int,
    lam_node: np.ndarray,
    host_w: np.ndarray,
    ind_f: np.ndarray,
    par,
    spin_parents: tuple,
    landed: tuple,
    background: float,
    node_w: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decide this quarter's entrants: (nodes, industries, origins) arrays — pure Python.

    The model runs its numba twin :func:`sim.kernels.firms.entry_kernel`; this version is
    what the Mesa reference (:mod:`sim.reference`) calls, and a test checks the two agree.

    Parameters
    ----------
    key : int
        Quarter key (Python int) for the counter-based draws.
    lam_node : float64 (n_nodes,)
        Expected start-ups from each node's incubators, maker spaces and demo parks.
    spin_parents : (nodes, industries)
        Node and industry of spin-off parents, in row order.
    landed : (nodes, industries)
        Landed Beijing projects.
    background : float
        Expected background entrants [firms/quarter], placed by ``node_w``.
    """
    nodes, inds, origins = [], [], []
    slot = 0

    def pick_industry(node: int) -> int:
        nonlocal slot
        w = host_w[node]
        u = uniform_py(key, slot, S_ENTRY_INDUSTRY)
        slot += 1
        c = 0.0
        for j, wj in enumerate(w):
            c += wj
            if u < c:
                return j
        return int(np.flatnonzero(w)[-1])

    for node, lam in enumerate(lam_node):
        k = poisson_inv_py(uniform_py(key, node, S_ENTRY), float(lam))
        for _ in range(k):
            nodes.append(node)
            inds.append(pick_industry(node))
            origins.append(ORIGIN_INCUBATOR)
    for node, ind in zip(*spin_parents, strict=True):
        nodes.append(int(node))
        inds.append(int(ind))
        origins.append(ORIGIN_SPINOFF)
    for node, ind in zip(*landed, strict=True):
        nodes.append(int(node))
        inds.append(int(ind))
        origins.append(ORIGIN_TRANSFER)
    k = poisson_inv_py(uniform_py(key, 0, S_BACKGROUND), float(background))
    cdf = np.cumsum(node_w)
    for _ in range(k):
        u = uniform_py(key, slot, S_BACKGROUND_NODE)
        node = int(min(np.searchsorted(cdf, u, side="right"), len(cdf) - 1))
        nodes.append(node)
        inds.append(pick_industry(node))
        origins.append(ORIGIN_BACKGROUND)
    return (
        np.array(nodes, dtype=np.int64),
        np.array(inds, dtype=np.int64),
        np.array(origins, dtype=np.int64),
    )
