"""Entry phase: the quarter's new firms — start-ups, spin-offs, landed projects, background entry.

Start-ups come from each node's carriers (incubators, maker spaces, demo parks: their
expected numbers are the carriers' ``entry_rates``; each is hatched at a national
incubator with the share of the node's rate that its national incubators hatch,
``national_rates``, and then stays incubated ``national_incubation_extra`` quarters
longer), spin-offs from alive firms (rate
``spinoff_rate``), landed Beijing projects from the transfers phase (北京研发、宝坻转化,
§四(一)), and background entry, raised by park attraction funds, placed by the nodes'
firm shares. Each entrant gets a new row (:func:`add_firms_kernel`): size lognormal
around its industry's median (large for projects), knowledge around the industry mean
(plus Beijing know-how for projects), some IP.

The phase reads two other phases' results, through references its workspace is built
with (``Workspace(carriers=..., transfers=...)``): the carriers' entry rates and the
transfers phase's landed projects of this quarter. Firms also come into being once, at
construction: the synthetic 2015 population (:func:`init_firms_kernel`, called by
:func:`sim.firms.init_firms`) is here, beside the quarter's entrants.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from numba import prange

from ..fields import (
    FF_CASH,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD_INTENSITY,
    FF_RD_Y1,
    FF_REV_Y1,
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
    FI_ST_STAFF,
    FI_VC_MAX,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    IF_RD,
    IF_REV_MEDIAN,
    NO_Q,
    ORIGIN_BACKGROUND,
    ORIGIN_INCUBATOR,
    ORIGIN_INITIAL,
    ORIGIN_SPINOFF,
    ORIGIN_TRANSFER,
)
from ..indices import (
    L_PARK_ATTRACTION,
    P_BASE_ENTRY,
    P_EMPLOYEES_PER_REVENUE,
    P_ENTRY_CASH,
    P_ENTRY_HITECH,
    P_ENTRY_KN_LOW,
    P_ENTRY_KN_WIDTH,
    P_ENTRY_RD_FACTOR,
    P_ENTRY_SCALE_BIG,
    P_ENTRY_SCALE_STARTUP,
    P_ENTRY_SIZE_SIGMA,
    P_GROWTH_MU,
    P_HITECH_NONFIELD,
    P_HITECH_SLOPE,
    P_INCUBATION_QUARTERS,
    P_INIT_AGE_MEAN,
    P_INIT_CASH,
    P_INIT_IP1_PER_KN,
    P_INIT_IP2_PER_KN,
    P_INIT_KN_BASE,
    P_INIT_KN_MIN,
    P_INIT_KN_RD_WEIGHT,
    P_INIT_KN_SPREAD,
    P_INIT_MAX_AGE,
    P_INIT_RD_SIGMA,
    P_INIT_TAIL_Z,
    P_KNOWLEDGE_HITECH_MID,
    P_MAX_INIT_REVENUE,
    P_MIN_REVENUE,
    P_NATIONAL_INCUBATION_EXTRA,
    P_PARK_ENTRY_SCALE,
    P_SIZE_SIGMA,
    P_SIZE_TAIL_ALPHA,
    P_SPINOFF_RATE,
    P_STARTUP_IP2,
    P_TRANSFER_IP_PROB,
    P_TRANSFER_KNOWLEDGE,
)
from ..kernels.common import CHUNK, poisson_inv
from ..kernels.jit import njit
from ..kernels.rng import (
    S_BACKGROUND,
    S_BACKGROUND_NODE,
    S_ENTRY,
    S_ENTRY_INDUSTRY,
    S_ENTRY_NATIONAL,
    S_INIT,
    S_INIT_AGE,
    S_INIT_INDUSTRY,
    S_INIT_IP1,
    S_INIT_IP2,
    S_INIT_KNOWLEDGE,
    S_INIT_RD,
    S_INIT_SIZE,
    S_INIT_TAIL,
    S_NEWFIRM,
    S_NEWFIRM_IP2,
    S_NEWFIRM_IP_TRANSFER,
    S_NEWFIRM_KNOWLEDGE,
    S_SPINOFF,
    normal,
    uniform,
)

BUFFER_ENTRANTS = 1024  # entrants the buffers hold at first (they double when a quarter needs more)

# The phase's named outputs (one record a quarter).
OUT = np.dtype(
    [
        ("entrants", "f8"),  # new firms this quarter
        ("startups", "f8"),  # ... from the carriers (incubated start-ups)
        ("national_startups", "f8"),  # ... of which hatched at national incubators
        ("spinoffs", "f8"),  # ... spun off alive firms
        ("transfers", "f8"),  # ... landed Beijing projects
        ("background", "f8"),  # ... background entry
    ]
)


@dataclass(eq=False)
class Workspace:
    """The entry phase's inputs from other phases, buffers and outputs.

    Parameters
    ----------
    carriers : sim.phases.carriers.Workspace
        The carriers phase's workspace: its ``entry_rates`` (kept current by the parks)
        are the expected start-ups per node, its ``national_rates`` those of them the
        node's national incubators hatch.
    transfers : sim.phases.transfers.Workspace
        The transfers phase's workspace: its ``landed_nodes`` / ``landed_inds`` (this
        quarter's landed projects, once the transfers phase has run) become firms.

    After ``run``: ``out`` (record ``OUT``); ``nodes``, ``inds``, ``origins``, ``national``
    (int64, k) the node, industry and ``ORIGIN_*`` of each entrant and whether it was
    hatched at a national incubator (1/0), in row order (the new rows are
    ``state.n - k .. state.n - 1``).
    """

    carriers: object
    transfers: object
    out: np.ndarray = field(init=False)
    nodes: np.ndarray = field(init=False)
    inds: np.ndarray = field(init=False)
    origins: np.ndarray = field(init=False)
    national: np.ndarray = field(init=False)
    _buffers: tuple = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self._allocate(BUFFER_ENTRANTS)
        self.nodes, self.inds, self.origins, self.national = (b[:0] for b in self._buffers)

    def _allocate(self, size: int) -> None:
        self._buffers = tuple(np.zeros(size, dtype=np.int64) for _ in range(4))


def background_rate(q) -> float:
    """Expected background entrants this quarter: ``base_entry`` raised by park attraction funds."""
    par = q.par
    return par[P_BASE_ENTRY] * (1.0 + q.pol[L_PARK_ATTRACTION] / par[P_PARK_ENTRY_SCALE])


def run(state, world, q, ws: Workspace) -> np.void:
    """Add this quarter's entrants to ``state``; returns ``ws.out[0]`` (fields of ``OUT``)."""
    landed = ws.transfers
    while True:
        k = entry_kernel(
            q.key,
            state.n,
            state.firm_i,
            ws.carriers.entry_rates,
            ws.carriers.national_rates,
            world.host_w,
            q.par[P_SPINOFF_RATE],
            landed.landed_nodes,
            landed.landed_inds,
            background_rate(q),
            world.node_w_cdf,
            *ws._buffers,
        )
        if k >= 0:
            break
        size = ws._buffers[0].shape[0]
        ws._allocate(size + size)  # too few: twice the room, and again
    nodes, inds, origins, national = ws._buffers
    ws.nodes, ws.inds, ws.origins, ws.national = nodes[:k], inds[:k], origins[:k], national[:k]
    if k:
        state.reserve_firms(k)
        add_firms_kernel(
            q.index,
            q.key,
            state.n,
            k,
            ws.nodes,
            ws.inds,
            ws.origins,
            ws.national,
            state.firm_f,
            state.firm_i,
            world.ind_f,
            q.par,
        )
        state.n += k
    count_entrants(ws.origins, ws.national, ws.out)
    return ws.out[0]


@njit(cache=True)
def count_entrants(origins, national, out):
    """Fill the record ``out[0]`` with the entrants by origin (and start-ups of national incubators)."""
    o = out[0]
    o.entrants = origins.shape[0]
    o.startups = 0
    o.national_startups = 0
    o.spinoffs = 0
    o.transfers = 0
    o.background = 0
    for j in range(origins.shape[0]):
        origin = origins[j]
        o.startups += origin == ORIGIN_INCUBATOR
        o.national_startups += national[j]
        o.spinoffs += origin == ORIGIN_SPINOFF
        o.transfers += origin == ORIGIN_TRANSFER
        o.background += origin == ORIGIN_BACKGROUND


@njit(cache=True)
def add_firms_kernel(
    q, key, n, k, nodes, industries, origins, national, firm_f, firm_i, ind_f, par
):
    """Initialise ``k`` new firm rows ``n .. n+k-1`` (start-ups, spin-offs, landed projects).

    Parameters
    ----------
    nodes, industries, origins : int64 (k,)
        Where each new firm sits, its industry and its ``ORIGIN_*``.
    national : int64 (k,)
        1 if the start-up was hatched at a national incubator: it stays incubated
        ``national_incubation_extra`` quarters longer.
    firm_f, firm_i : state arrays with capacity ≥ n + k, out
    """
    for j in range(k):
        i = n + j
        ind = industries[j]
        z = normal(key, i, S_NEWFIRM)  # the entry size's normal
        scale = (
            par[P_ENTRY_SCALE_BIG] if origins[j] >= ORIGIN_TRANSFER else par[P_ENTRY_SCALE_STARTUP]
        )
        annual = ind_f[IF_REV_MEDIAN, ind] * scale * math.exp(par[P_ENTRY_SIZE_SIGMA] * z)
        rev = max(annual / 4.0, par[P_MIN_REVENUE])
        kn = ind_f[IF_MEAN_KN, ind] * (
            par[P_ENTRY_KN_LOW] + par[P_ENTRY_KN_WIDTH] * uniform(key, i, S_NEWFIRM_KNOWLEDGE)
        )
        if origins[j] == ORIGIN_TRANSFER:
            kn += par[
                P_TRANSFER_KNOWLEDGE
            ]  # Beijing R&D brings know-how (北京研发、宝坻转化, §四(一))
        for f in range(firm_f.shape[0]):
            firm_f[f, i] = 0.0
        for f in range(firm_i.shape[0]):
            firm_i[f, i] = 0
        firm_f[FF_REVENUE, i] = rev
        firm_f[FF_EMPLOYEES, i] = max(par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev, 1.0)
        firm_f[FF_RD_INTENSITY, i] = ind_f[IF_RD, ind] * par[P_ENTRY_RD_FACTOR]
        firm_f[FF_KNOWLEDGE, i] = kn
        firm_f[FF_HITECH, i] = par[P_ENTRY_HITECH] * ind_f[IF_HNTE_FIELD, ind]
        firm_f[FF_CASH, i] = par[P_ENTRY_CASH] * rev
        firm_i[FI_ALIVE, i] = 1
        firm_i[FI_NODE, i] = nodes[j]
        firm_i[FI_INDUSTRY, i] = ind
        firm_i[FI_BIRTH_Q, i] = q
        if origins[j] == ORIGIN_TRANSFER:
            if uniform(key, i, S_NEWFIRM_IP_TRANSFER) < par[P_TRANSFER_IP_PROB]:
                firm_i[FI_IP2, i] = 1
        else:
            firm_i[FI_IP2, i] = poisson_inv(uniform(key, i, S_NEWFIRM_IP2), par[P_STARTUP_IP2])
        firm_i[FI_PARTNER, i] = -1
        firm_i[FI_ORIGIN, i] = origins[j]
        incubation = int(par[P_INCUBATION_QUARTERS])
        if national[j] == 1:
            incubation += int(par[P_NATIONAL_INCUBATION_EXTRA])
        firm_i[FI_INCUBATED_UNTIL, i] = q + incubation if origins[j] == ORIGIN_INCUBATOR else NO_Q
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
        ):
            firm_i[f, i] = NO_Q


@njit(cache=True)
def pick_industry(key, slot, w):
    """An industry by the weights ``w`` (draw ``slot`` of ``S_ENTRY_INDUSTRY``; the last weighted if none)."""
    u = uniform(key, slot, S_ENTRY_INDUSTRY)
    c = 0.0
    last = 0
    for j in range(w.shape[0]):
        c += w[j]
        if w[j] != 0.0:
            last = j
        if u < c:
            return j
    return last


@njit(cache=True)
def entry_kernel(
    key,
    n,
    firm_i,
    lam_node,
    lam_national,
    host_w,
    spin_rate,
    landed_nodes,
    landed_inds,
    background,
    node_cdf,
    out_nodes,
    out_inds,
    out_origins,
    out_national,
):
    """Entrants of the quarter, in order: start-ups by node, spin-offs, landed projects, background.

    Numba twin of :func:`sim.phases.entry_ref.entry_plan` (same draws, same order).

    Parameters
    ----------
    lam_node : float64 (n_nodes,)
        Expected start-ups from each node's carriers.
    lam_national : float64 (n_nodes,)
        Of them, those from the node's national incubators: a start-up is hatched at one
        with probability ``lam_national / lam_node`` (draw ``S_ENTRY_NATIONAL`` of its
        entry position), so their count is Poisson(``lam_national``).
    host_w : float64 (n_nodes, n_industries)
        Industry weights per node.
    spin_rate : float
        Spin-off probability per alive firm.
    landed_nodes, landed_inds : int64
        Landed Beijing projects.
    background : float
        Expected background entrants, placed by ``node_cdf`` (cumulative firm shares).
    out_nodes, out_inds, out_origins, out_national : int64 (cap,), out

    Returns
    -------
    int
        Number of entrants written (−1 if ``cap`` was too small).
    """
    cap = out_nodes.shape[0]
    k = 0
    slot = 0
    for node in range(lam_node.shape[0]):
        c = poisson_inv(uniform(key, node, S_ENTRY), lam_node[node])
        for _ in range(c):
            if k >= cap:
                return -1
            out_nodes[k] = node
            out_inds[k] = pick_industry(key, slot, host_w[node])
            slot += 1
            out_origins[k] = ORIGIN_INCUBATOR
            out_national[k] = 0
            if lam_national[node] > 0.0:
                u = uniform(key, k, S_ENTRY_NATIONAL)
                out_national[k] = 1 if u * lam_node[node] < lam_national[node] else 0
            k += 1
    # Spin-offs, in row order: each chunk's draws in a vectorised loop, the hits listed
    # without branches (one alive firm in a hundred or so spins off).
    hit = np.empty(min(n, CHUNK), dtype=np.int64)
    rows = np.empty(min(n, CHUNK), dtype=np.int64)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        alive = firm_i[FI_ALIVE, lo:hi]
        for j in range(hi - lo):
            hit[j] = (alive[j] == 1) & (uniform(key, lo + j, S_SPINOFF) < spin_rate)
        n_hit = 0
        for j in range(hi - lo):
            rows[n_hit] = lo + j
            n_hit += hit[j]
        for t in range(n_hit):
            if k >= cap:
                return -1
            i = rows[t]
            out_nodes[k] = firm_i[FI_NODE, i]
            out_inds[k] = firm_i[FI_INDUSTRY, i]
            out_origins[k] = ORIGIN_SPINOFF
            out_national[k] = 0
            k += 1
    for j in range(landed_nodes.shape[0]):
        if k >= cap:
            return -1
        out_nodes[k] = landed_nodes[j]
        out_inds[k] = landed_inds[j]
        out_origins[k] = ORIGIN_TRANSFER
        out_national[k] = 0
        k += 1
    c = poisson_inv(uniform(key, 0, S_BACKGROUND), background)
    last = node_cdf.shape[0] - 1
    for _ in range(c):
        if k >= cap:
            return -1
        u = uniform(key, slot, S_BACKGROUND_NODE)
        node = 0
        while node < last and node_cdf[node] <= u:
            node += 1
        out_nodes[k] = node
        out_inds[k] = pick_industry(key, slot, host_w[node])
        slot += 1
        out_origins[k] = ORIGIN_BACKGROUND
        out_national[k] = 0
        k += 1
    return k


@njit(cache=True)
def init_firms_kernel(key, a, b, firm_f, firm_i, node_cdf, node_rows, host_w, ind_f, par):
    """Fill rows ``a .. b-1`` with the synthetic 2015 population (draws keyed by row).

    Node by the internal nodes' cumulative firm shares ``node_cdf``; industry by the
    node's ``host_w``; age exponential (mean ``init_age_mean``); annual revenue lognormal
    around the industry median with a Pareto tail above ``init_tail_z`` (Axtell 2001);
    R&D intensity lognormal around the industry norm; knowledge and IP follow from it.
    """
    n_nodes = node_rows.shape[0]
    n_ind = host_w.shape[1]
    sigma = par[P_SIZE_SIGMA]
    alpha = par[P_SIZE_TAIL_ALPHA]
    tail_z = par[P_INIT_TAIL_Z]
    g = 4.0 * par[P_GROWTH_MU]
    decay = np.empty(5)  # exp(-g * y): the same for every row, so computed once
    for y in range(1, 5):
        decay[y] = math.exp(-g * y)
    for i in range(a, b):
        u = uniform(key, i, S_INIT)
        k = 0
        while k < n_nodes - 1 and node_cdf[k] <= u:
            k += 1
        node = node_rows[k]
        u = uniform(key, i, S_INIT_INDUSTRY)
        c = 0.0
        ind = 0
        for j in range(n_ind):
            c += host_w[node, j]
            if u >= c:
                ind = j + 1
        ind = min(ind, n_ind - 1)
        age_y = min(
            -par[P_INIT_AGE_MEAN] * math.log(1.0 - uniform(key, i, S_INIT_AGE)), par[P_INIT_MAX_AGE]
        )
        z = normal(key, i, S_INIT_SIZE)
        med = ind_f[IF_REV_MEDIAN, ind]
        if z > tail_z:
            tail = (1.0 - uniform(key, i, S_INIT_TAIL)) ** (-1.0 / alpha)
            annual = min(med * math.exp(sigma * tail_z) * tail, par[P_MAX_INIT_REVENUE])
        else:
            annual = med * math.exp(sigma * z)
        nu = ind_f[IF_RD, ind] * math.exp(par[P_INIT_RD_SIGMA] * normal(key, i, S_INIT_RD))
        kn = max(
            par[P_INIT_KN_MIN],
            par[P_INIT_KN_RD_WEIGHT] * nu / ind_f[IF_RD, ind]
            + par[P_INIT_KN_BASE]
            + par[P_INIT_KN_SPREAD] * normal(key, i, S_INIT_KNOWLEDGE),
        )
        for f in range(firm_f.shape[0]):
            firm_f[f, i] = 0.0
        for f in range(firm_i.shape[0]):
            firm_i[f, i] = NO_Q
        firm_f[FF_REVENUE, i] = annual / 4.0
        firm_f[FF_EMPLOYEES, i] = max(par[P_EMPLOYEES_PER_REVENUE] * annual, 1.0)
        firm_f[FF_RD_INTENSITY, i] = nu
        firm_f[FF_KNOWLEDGE, i] = kn
        ht = 1.0 / (1.0 + math.exp(-(kn - par[P_KNOWLEDGE_HITECH_MID]) / par[P_HITECH_SLOPE]))
        firm_f[FF_HITECH, i] = ht * (
            1.0 if ind_f[IF_HNTE_FIELD, ind] > 0.0 else par[P_HITECH_NONFIELD]
        )
        firm_f[FF_CASH, i] = par[P_INIT_CASH] * annual
        # Past years' accounts, for firms alive then (revenue falling back at the drift).
        for y in range(1, 5):
            rev_y = annual * decay[y] if age_y >= y else 0.0
            firm_f[FF_REV_Y1 + y - 1, i] = rev_y
            if y < 4:
                firm_f[FF_RD_Y1 + y - 1, i] = nu * rev_y
        firm_i[FI_ALIVE, i] = 1
        firm_i[FI_NODE, i] = node
        firm_i[FI_INDUSTRY, i] = ind
        firm_i[FI_BIRTH_Q, i] = -math.floor(age_y * 4.0)
        firm_i[FI_IP1, i] = poisson_inv(uniform(key, i, S_INIT_IP1), par[P_INIT_IP1_PER_KN] * kn)
        firm_i[FI_IP2, i] = poisson_inv(uniform(key, i, S_INIT_IP2), par[P_INIT_IP2_PER_KN] * kn)
        firm_i[FI_ST_STAFF, i] = 0
        firm_i[FI_LABELS, i] = 0
        firm_i[FI_PARTNER, i] = -1
        firm_i[FI_ORIGIN, i] = ORIGIN_INITIAL
        firm_i[FI_VC_MAX, i] = 0


@njit(cache=True, parallel=True)
def init_firms_par(key, n, firm_f, firm_i, node_cdf, node_rows, host_w, ind_f, par):
    """:func:`init_firms_kernel` on rows ``0 .. n-1`` in chunks over numba's threads (same rows)."""
    n_chunks = (n + CHUNK - 1) // CHUNK
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        init_firms_kernel(key, lo, hi, firm_f, firm_i, node_cdf, node_rows, host_w, ind_f, par)
