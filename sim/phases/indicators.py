"""Indicators phase: one pass of sums over the alive firms, by region, node and industry.

The sums become the quarter's indicators (:meth:`sim.model.BaodiModel._indicators_phase`
assembles the table). The pass also updates what the next quarter reads: the knowledge
frontier of each node and industry (``world.frontier``, which the firms imitate), each
industry's mean knowledge (``world.ind_f[IF_MEAN_KN]``) and the alive firms of each node
(``world.node_f[NF_FIRMS]``). People are counted by the talent phase.
"""

from dataclasses import dataclass, field

import numba
import numpy as np
from numba import prange

from ..fields import (
    FF_CONTRACTS,
    FF_DEBT,
    FF_EMPLOYEES,
    FF_KNOWLEDGE,
    FF_RD_Y1,
    FF_REV_Y1,
    FF_REVENUE,
    FI_INDUSTRY,
    FI_LABELS,
    FI_NODE,
    FI_ST_STAFF,
    IF_MANUF,
    IF_MEAN_KN,
    IF_SALES_KN,
    IF_SEI,
    LB_EAGLET,
    LB_GAZELLE,
    LB_HNTE,
    LB_LEADER,
    LB_LISTED,
    LB_SME,
    NF_FIRMS,
)
from ..kernels.common import CHUNK, alive_rows, threaded_twin
from ..kernels.jit import njit

# 规模以上: annual main-business revenue ≥ 20M yuan (NBS, since 2011) [10k yuan]
ABOVE_SCALE = 2000.0
# Proxy of Tianjin's "new-type entrepreneurs" (新型企业家, §一(一): 47 in 2019): heads of
# gazelles, leaders, listed firms and HNTE-certified eaglets (assumed definition).
ENTREPRENEUR_LABELS = LB_GAZELLE | LB_LEADER | LB_LISTED
# Every set of the six labels (their bits): alive firms are counted by node and label set.
ALL_LABELS = LB_HNTE | LB_SME | LB_EAGLET | LB_GAZELLE | LB_LEADER | LB_LISTED
LABEL_SETS = ALL_LABELS + 1
NODE_LABELS = (LB_HNTE, LB_SME, LB_EAGLET, LB_GAZELLE, LB_LEADER, LB_LISTED)  # BY_NODE_COLS[1:]
BY_NODE_COLS = ("alive", "hnte", "tech_sme", "eaglet", "gazelle", "leader", "listed")
BY_IND_COLS = ("alive", "revenue", "knowledge", "sales_knowledge")

# The phase's named outputs (one record a quarter): sums over the alive firms.
OUT = np.dtype(
    [
        ("alive", "f8"),  # alive firms
        ("hnte", "f8"),  # HNTE-certified firms (高新技术企业)
        ("tech_sme", "f8"),  # registered tech SMEs (科技型中小企业)
        ("eaglet", "f8"),  # eaglets (雏鹰)
        ("gazelle", "f8"),  # gazelles (瞪羚)
        ("leader", "f8"),  # leaders (领军)
        ("listed_hnte", "f8"),  # listed HNTE firms
        ("entrepreneurs", "f8"),  # new-type entrepreneurs (proxy, ENTREPRENEUR_LABELS)
        ("above_scale", "f8"),  # firms above scale (last year's revenue ≥ ABOVE_SCALE)
        ("rd_above", "f8"),  # ... their last year's R&D [10k yuan]
        ("rev_above", "f8"),  # ... their last year's revenue [10k yuan]
        ("manuf_rev", "f8"),  # quarterly revenue of manufacturing [10k yuan]
        ("sei_rev", "f8"),  # ... of strategic emerging manufacturing [10k yuan]
        ("contracts", "f8"),  # technology-contract sales this quarter [10k yuan]
        ("revenue", "f8"),  # quarterly revenue [10k yuan]
        ("employees", "f8"),  # employees
        ("st_staff", "f8"),  # S&T staff
        ("debt", "f8"),  # debt [10k yuan]
    ]
)


@dataclass(eq=False)
class Workspace:
    """The indicators phase's buffers and outputs.

    After ``run``: ``out`` (record ``OUT``); ``by_node`` (float64, (n_nodes, 7)) alive
    firms and label counts of each node (``BY_NODE_COLS``); ``by_ind`` (float64,
    (n_industries, 4)) alive firms, quarterly revenue [10k yuan], knowledge sum and
    sales-weighted knowledge sum of each industry (``BY_IND_COLS``). ``threads`` > 1 runs
    the threaded kernel (same bits).
    """

    n_nodes: int
    n_industries: int
    threads: int = 1
    out: np.ndarray = field(init=False)
    by_node: np.ndarray = field(init=False)
    by_ind: np.ndarray = field(init=False)
    _parts: np.ndarray = field(init=False, repr=False)  # each chunk's sums (record OUT)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.by_node = np.zeros((self.n_nodes, len(BY_NODE_COLS)))
        self.by_ind = np.zeros((self.n_industries, len(BY_IND_COLS)))
        self._parts = np.zeros(1, OUT)

    def fit(self, n: int) -> None:
        """Room for the chunk sums of ``n`` firm rows."""
        chunks = (n + CHUNK - 1) // CHUNK
        if self._parts.shape[0] < chunks:
            self._parts = np.zeros(chunks, OUT)


def run(state, world, q, ws: Workspace) -> np.void:
    """Sum the alive firms; update ``world``'s frontier, mean knowledge and firms per node.

    Returns ``ws.out[0]`` (fields of ``OUT``). ``q`` is not read (the pass has no draws
    and no levers; at construction the model calls it with ``q=None``).
    """
    ws.fit(state.n)
    kernel = indicators_kernel
    if ws.threads > 1:
        numba.set_num_threads(ws.threads)
        kernel = indicators_kernel_par
    kernel(
        state.n,
        state.firm_f,
        state.firm_i,
        world.ind_f,
        world.node_f,
        ws._parts,
        ws.out,
        ws.by_node,
        ws.by_ind,
        world.frontier,
    )
    return ws.out[0]


@njit(cache=True)
def indicators_kernel(n, firm_f, firm_i, ind_f, node_f, parts, out, by_node, by_ind, frontier):
    """Reduce the firms to indicator sums.

    Rows are reduced in fixed chunks of ``CHUNK`` and the chunks added in order, so
    :func:`indicators_kernel_par` (the chunks on several threads) gives the same bits.

    Parameters
    ----------
    parts : record array (≥ chunks,) of ``OUT``
        Work space: each chunk's sums.
    out : record array (1,) of ``OUT``, out
    by_node : float64 (n_nodes, 7), out
        Alive firms and label counts per node (``BY_NODE_COLS``).
    by_ind : float64 (n_industries, 4), out
        Alive firms, quarterly revenue [10k yuan], knowledge sum and revenue × knowledge
        sum per industry.
    frontier : float64 (n_nodes, n_industries), out
        Best knowledge per node and industry (0 where none).

    Also updates ``ind_f[IF_MEAN_KN]`` and ``ind_f[IF_SALES_KN]`` (mean and sales-weighted
    mean knowledge of each industry's alive firms, kept where it has none) and
    ``node_f[NF_FIRMS]`` (alive firms per node).
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    node_c = np.zeros((n_chunks, by_node.shape[0], by_node.shape[1]))
    ind_c = np.zeros((n_chunks, by_ind.shape[0], by_ind.shape[1]))
    front_c = np.zeros((n_chunks, frontier.shape[0], frontier.shape[1]))
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        _reduce_rows(lo, hi, firm_f, firm_i, ind_f, parts[c:], node_c[c], ind_c[c], front_c[c])
    _add_chunks(parts[:n_chunks], node_c, ind_c, front_c, out, by_node, by_ind, frontier)
    for k in range(by_ind.shape[0]):
        if by_ind[k, 0] > 0.0:
            ind_f[IF_MEAN_KN, k] = by_ind[k, 2] / by_ind[k, 0]
        if by_ind[k, 1] > 0.0:
            ind_f[IF_SALES_KN, k] = by_ind[k, 3] / by_ind[k, 1]
    for a in range(by_node.shape[0]):
        node_f[NF_FIRMS, a] = by_node[a, 0]


indicators_kernel_par = threaded_twin(
    indicators_kernel,
    "indicators_kernel_par",
    ":func:`indicators_kernel` on numba's threads (same results).",
)


@njit(cache=True)
def _reduce_rows(lo, hi, firm_f, firm_i, ind_f, part, by_node, by_ind, frontier):
    """Sum rows ``lo .. hi-1`` into the record ``part[0]`` and the (zeroed) ``by_node``, ``by_ind``, ``frontier``.

    The region-wide sums are local variables (LLVM keeps them in registers), each added
    in row order. A firm's labels are one count, of its node and label set (one add where
    seven counts took unpredictable branches); the label counts are read off that table
    after the loop. The industry tests and the frontier are selects.
    """
    n_above = 0
    rd_above = 0.0
    rev_above = 0.0
    manuf_rev = 0.0
    sei_rev = 0.0
    contracts = 0.0
    revenue = 0.0
    employees = 0.0
    st_staff = 0.0
    debt = 0.0
    manuf = ind_f[IF_MANUF]
    sei = ind_f[IF_SEI]
    sets = np.zeros((LABEL_SETS, by_node.shape[0]), dtype=np.int64)
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        node = firm_i[FI_NODE, i]
        ind = firm_i[FI_INDUSTRY, i]
        rev = firm_f[FF_REVENUE, i]
        kn = firm_f[FF_KNOWLEDGE, i]
        sets[firm_i[FI_LABELS, i] & ALL_LABELS, node] += 1
        rev1 = firm_f[FF_REV_Y1, i]
        if rev1 >= ABOVE_SCALE:
            n_above += 1
            rd_above += firm_f[FF_RD_Y1, i]
            rev_above += rev1
        is_manuf = manuf[ind] > 0.0
        manuf_rev += rev if is_manuf else 0.0
        sei_rev += rev if is_manuf & (sei[ind] > 0.0) else 0.0
        contracts += firm_f[FF_CONTRACTS, i]
        revenue += rev
        employees += firm_f[FF_EMPLOYEES, i]
        st_staff += firm_i[FI_ST_STAFF, i]
        debt += firm_f[FF_DEBT, i]
        by_ind[ind, 0] += 1.0
        by_ind[ind, 1] += rev
        by_ind[ind, 2] += kn
        by_ind[ind, 3] += rev * kn
        best = frontier[node, ind]
        frontier[node, ind] = kn if kn > best else best
    # The label counts, from the firms of each label set: whole numbers, so their sums
    # in any order are the per-row counts' (the same bits).
    n_alive = 0
    n_hnte = 0
    n_listed_hnte = 0
    n_sme = 0
    n_eaglet = 0
    n_gazelle = 0
    n_leader = 0
    n_entrepreneurs = 0
    for s in range(LABEL_SETS):
        firms = 0
        for a in range(by_node.shape[0]):
            firms += sets[s, a]
        if firms == 0:
            continue
        n_alive += firms
        n_hnte += firms if s & LB_HNTE else 0
        n_listed_hnte += firms if (s & LB_HNTE) and (s & LB_LISTED) else 0
        n_sme += firms if s & LB_SME else 0
        n_eaglet += firms if s & LB_EAGLET else 0
        n_gazelle += firms if s & LB_GAZELLE else 0
        n_leader += firms if s & LB_LEADER else 0
        if s & ENTREPRENEUR_LABELS or (s & LB_EAGLET and s & LB_HNTE):
            n_entrepreneurs += firms
        for a in range(by_node.shape[0]):
            by_node[a, 0] += sets[s, a]
        for col, bit in enumerate(NODE_LABELS):
            if s & bit:
                for a in range(by_node.shape[0]):
                    by_node[a, 1 + col] += sets[s, a]
    p = part[0]
    p.alive = n_alive
    p.hnte = n_hnte
    p.listed_hnte = n_listed_hnte
    p.tech_sme = n_sme
    p.eaglet = n_eaglet
    p.gazelle = n_gazelle
    p.leader = n_leader
    p.entrepreneurs = n_entrepreneurs
    p.above_scale = n_above
    p.rd_above = rd_above
    p.rev_above = rev_above
    p.manuf_rev = manuf_rev
    p.sei_rev = sei_rev
    p.contracts = contracts
    p.revenue = revenue
    p.employees = employees
    p.st_staff = st_staff
    p.debt = debt


@njit(cache=True)
def _add_chunks(parts, node_c, ind_c, front_c, out, by_node, by_ind, frontier):
    """Add the chunks' sums in chunk order, and take the frontier's maximum."""
    o = out[0]
    o.alive = 0.0
    o.hnte = 0.0
    o.tech_sme = 0.0
    o.eaglet = 0.0
    o.gazelle = 0.0
    o.leader = 0.0
    o.listed_hnte = 0.0
    o.entrepreneurs = 0.0
    o.above_scale = 0.0
    o.rd_above = 0.0
    o.rev_above = 0.0
    o.manuf_rev = 0.0
    o.sei_rev = 0.0
    o.contracts = 0.0
    o.revenue = 0.0
    o.employees = 0.0
    o.st_staff = 0.0
    o.debt = 0.0
    by_node[:, :] = 0.0
    by_ind[:, :] = 0.0
    frontier[:, :] = 0.0
    for c in range(parts.shape[0]):
        p = parts[c]
        o.alive += p.alive
        o.hnte += p.hnte
        o.tech_sme += p.tech_sme
        o.eaglet += p.eaglet
        o.gazelle += p.gazelle
        o.leader += p.leader
        o.listed_hnte += p.listed_hnte
        o.entrepreneurs += p.entrepreneurs
        o.above_scale += p.above_scale
        o.rd_above += p.rd_above
        o.rev_above += p.rev_above
        o.manuf_rev += p.manuf_rev
        o.sei_rev += p.sei_rev
        o.contracts += p.contracts
        o.revenue += p.revenue
        o.employees += p.employees
        o.st_staff += p.st_staff
        o.debt += p.debt
        for a in range(by_node.shape[0]):
            for b in range(by_node.shape[1]):
                by_node[a, b] += node_c[c, a, b]
            for b in range(frontier.shape[1]):
                if front_c[c, a, b] > frontier[a, b]:
                    frontier[a, b] = front_c[c, a, b]
        for a in range(by_ind.shape[0]):
            for b in range(by_ind.shape[1]):
                by_ind[a, b] += ind_c[c, a, b]
