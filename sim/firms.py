"""Firms: the synthetic initial population (``init_firms``) and entry of new firms (``entry_plan``).

The plan gives labelled-firm counts, not the population behind them (DOMAIN.md §7), so
the 2015 population is drawn: node by the region's firm shares, industry by what the
node hosts, size lognormal with a Pareto upper tail (Axtell 2001; Kondo, Lewis & Stella
2018), age exponential, R&D intensity lognormal around the industry norm. 2015's HNTE
certificates are then given to eligible firms to match the record (58 in 2015, §一(一)).
"""

import numpy as np

from .fields import (
    FF_CASH,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD_INTENSITY,
    FF_RD_Y1,
    FF_RD_Y2,
    FF_RD_Y3,
    FF_REV_Y1,
    FF_REV_Y2,
    FF_REV_Y3,
    FF_REV_Y4,
    FF_REVENUE,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_DEATH_Q,
    FI_EAGLET_Q,
    FI_FINANCED_Q,
    FI_GAZELLE_Q,
    FI_HNTE_Q,
    FI_INCUBATED_UNTIL,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_LABELS,
    FI_LEADER_Q,
    FI_LISTED_Q,
    FI_NODE,
    FI_ORIGIN,
    FI_PARTNER,
    FI_SME_Q,
    IF_HNTE_FIELD,
    LB_HNTE,
    NO_Q,
    ORIGIN_BACKGROUND,
    ORIGIN_INCUBATOR,
    ORIGIN_INITIAL,
    ORIGIN_SPINOFF,
    ORIGIN_TRANSFER,
)
from .kernels.common import poisson_inv_py
from .kernels.labels import init_hnte_keys
from .kernels.rng import S_APPLY_HNTE, S_ENTRY, S_INIT, uniform_np, uniform_py
from .state import State

INIT_AGE_MEAN = 6.0  # mean firm age in 2015 [years], assumed 4–10
INIT_KN_SPREAD = 0.3  # knowledge spread at start, assumed 0.1–0.5
TAIL_Z = 1.2816  # the top 10% of the size distribution follows the Pareto tail
INIT_CHUNK = 1 << 16  # rows initialised at a time
MAX_INIT_REVENUE = 200_000.0  # largest 2015 firm: 2 bn yuan revenue [10k yuan], assumed


def _normal(key, idx, stream):
    u1 = uniform_np(key, idx, stream)
    u2 = uniform_np(key, idx, stream + 1000)
    return np.sqrt(-2.0 * np.log(np.maximum(1.0 - u1, 1e-300))) * np.cos(2.0 * np.pi * u2)


def _poisson(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Vectorised Poisson inversion (small means)."""
    k = np.zeros(u.shape, dtype=np.int64)
    p = np.exp(-lam)
    s = p.copy()
    for j in range(1, 60):
        more = u > s
        if not more.any():
            break
        k += more
        p = p * lam / j
        s = s + p
    return k


def init_firms(
    state: State, key, n: int, node_cdf, node_rows, host_w, ind_f, ind_rd, ind_median, par
) -> None:
    """Fill rows ``0..n-1`` of ``state`` with the synthetic 2015 population.

    Parameters
    ----------
    node_cdf : float64 (k,)
        Cumulative firm shares of the region's internal nodes ``node_rows``.
    host_w : float64 (n_nodes, n_industries)
        Industry weights per node (rows sum to 1).
    ind_rd, ind_median : float64 (n_industries,)
        Typical R&D intensity and median annual revenue [10k yuan].
    """
    for a in range(0, n, INIT_CHUNK):  # chunks bound the temporaries; draws are by row
        _init_chunk(
            state.firm_f,
            state.firm_i,
            key,
            a,
            min(a + INIT_CHUNK, n),
            node_cdf,
            node_rows,
            host_w,
            ind_f,
            ind_rd,
            ind_median,
            par,
        )
    state.n = n


def _init_chunk(ff, fi, key, a, b, node_cdf, node_rows, host_w, ind_f, ind_rd, ind_median, par):
    idx = np.arange(a, b, dtype=np.int64)
    u = uniform_np(key, idx, S_INIT)
    node = node_rows[np.minimum(np.searchsorted(node_cdf, u, side="right"), len(node_rows) - 1)]
    cdf = np.cumsum(host_w[node], axis=1)
    u = uniform_np(key, idx, S_INIT + 1)
    ind = np.minimum((u[:, None] >= cdf).sum(axis=1), host_w.shape[1] - 1)
    age_y = np.minimum(-INIT_AGE_MEAN * np.log(1.0 - uniform_np(key, idx, S_INIT + 2)), 30.0)
    birth_q = -np.floor(age_y * 4.0).astype(np.int64)
    z = _normal(key, idx, S_INIT + 3)
    sigma = par["size_sigma"]
    annual = ind_median[ind] * np.exp(sigma * z)
    tail = z > TAIL_Z
    pareto = (
        ind_median[ind]
        * np.exp(sigma * TAIL_Z)
        * (1.0 - uniform_np(key, idx, S_INIT + 4)) ** (-1.0 / par["size_tail_alpha"])
    )
    annual = np.where(tail, np.minimum(pareto, MAX_INIT_REVENUE), annual)
    nu = ind_rd[ind] * np.exp(0.45 * _normal(key, idx, S_INIT + 5))
    kn = np.maximum(
        0.05, 0.6 * nu / ind_rd[ind] + 0.4 + INIT_KN_SPREAD * _normal(key, idx, S_INIT + 6)
    )
    ff[:, a:b] = 0.0
    fi[:, a:b] = 0
    ff[FF_REVENUE, a:b] = annual / 4.0
    ff[FF_EMPLOYEES, a:b] = np.maximum(par["employees_per_revenue"] * annual, 1.0)
    ff[FF_RD_INTENSITY, a:b] = nu
    ff[FF_KNOWLEDGE, a:b] = kn
    hnte_field = ind_f[IF_HNTE_FIELD, ind]
    ff[FF_HITECH, a:b] = (
        1.0
        / (1.0 + np.exp(-(kn - par["knowledge_hitech_mid"]) / 0.25))
        * np.where(hnte_field > 0, 1.0, 0.3)
    )
    ff[FF_CASH, a:b] = 0.3 * annual
    g = 4.0 * par["growth_mu"]
    for k, (fr, fd) in enumerate(
        ((FF_REV_Y1, FF_RD_Y1), (FF_REV_Y2, FF_RD_Y2), (FF_REV_Y3, FF_RD_Y3), (FF_REV_Y4, None)),
        start=1,
    ):
        alive_then = age_y >= k
        ff[fr, a:b] = np.where(alive_then, annual * np.exp(-g * k), 0.0)
        if fd is not None:
            ff[fd, a:b] = nu * ff[fr, a:b]
    fi[FI_ALIVE, a:b] = 1
    fi[FI_NODE, a:b] = node
    fi[FI_INDUSTRY, a:b] = ind
    fi[FI_BIRTH_Q, a:b] = birth_q
    fi[FI_IP1, a:b] = _poisson(uniform_np(key, idx, S_INIT + 7), 0.25 * kn)
    fi[FI_IP2, a:b] = _poisson(uniform_np(key, idx, S_INIT + 8), 1.2 * kn)
    fi[FI_PARTNER, a:b] = -1
    fi[FI_ORIGIN, a:b] = ORIGIN_INITIAL
    for f in (
        FI_HNTE_Q,
        FI_SME_Q,
        FI_EAGLET_Q,
        FI_GAZELLE_Q,
        FI_LEADER_Q,
        FI_LISTED_Q,
        FI_COACHED_Q,
        FI_DEATH_Q,
        FI_FINANCED_Q,
        FI_INCUBATED_UNTIL,
    ):
        fi[f, a:b] = NO_Q


def init_hnte(state: State, key, ind_f, target: int, apply_p: float) -> int:
    """Give 2015's HNTE certificates; return how many were given.

    ``target`` firms (the record's count) in :func:`init_hnte_keys` order — the eligible
    first, then those that could have been certified in 2012–14; with ``target < 0``
    each eligible firm holds one with probability ``apply_p``. Certificates are dated in
    the last three year-ends (quarters −1, −5, −9), so they expire on the real cycle.
    """
    n = state.n
    keys = np.empty(n)
    init_hnte_keys(key, n, state.firm_f, state.firm_i, ind_f, target >= 0, keys)
    if target >= 0:
        order = np.argsort(keys)
        chosen = order[: min(target, int((keys < 3.0).sum()))]
    else:
        chosen = np.flatnonzero(keys < apply_p)
    fi = state.firm_i
    fi[FI_LABELS, chosen] |= LB_HNTE
    when = np.floor(3.0 * uniform_np(key, chosen.astype(np.int64), S_APPLY_HNTE + 7))
    fi[FI_HNTE_Q, chosen] = -1 - 4 * when.astype(np.int32)
    return len(chosen)


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
        u = uniform_py(key, slot, S_ENTRY + 1)
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
    k = poisson_inv_py(uniform_py(key, 10_000, S_ENTRY), float(background))
    cdf = np.cumsum(node_w)
    for _ in range(k):
        u = uniform_py(key, 20_000 + slot, S_ENTRY + 2)
        node = int(min(np.searchsorted(cdf, u, side="right"), len(cdf) - 1))
        nodes.append(node)
        inds.append(pick_industry(node))
        origins.append(ORIGIN_BACKGROUND)
    return (
        np.array(nodes, dtype=np.int64),
        np.array(inds, dtype=np.int64),
        np.array(origins, dtype=np.int64),
    )
