"""Indicator kernel: one pass of reductions over firms and people per quarter.

Holds ``indicators_kernel`` (and its threaded twin ``indicators_kernel_par``) and the
``O_*`` slots of its output vector.
"""

import numpy as np
from numba import njit, prange

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
    IF_SEI,
    LB_EAGLET,
    LB_GAZELLE,
    LB_HNTE,
    LB_LEADER,
    LB_LISTED,
    LB_SME,
    NF_FIRMS,
)
from .common import threaded_twin
from .firms import CHUNK, alive_rows

ABOVE_SCALE = (
    2000.0  # 规模以上: annual main-business revenue ≥ 20M yuan (NBS, since 2011) [10k yuan]
)

(
    O_ALIVE,
    O_HNTE,
    O_SME,
    O_EAGLET,
    O_GAZELLE,
    O_LEADER,
    O_LISTED_HNTE,
    O_RD_ABOVE,
    O_REV_ABOVE,
    O_N_ABOVE,
    O_SEI_REV,
    O_MANUF_REV,
    O_CONTRACTS,
    O_REVENUE,
    O_EMPLOYEES,
    O_ST_STAFF,
    O_HOME,
    O_CAPITAL,
    O_CITY,
    O_POOL,
    O_ENTREPRENEURS,
    O_DEBT,
) = range(22)
N_O = 22
# Proxy of Tianjin's "new-type entrepreneurs" (新型企业家, §一(一): 47 in 2019): heads of
# gazelles, leaders, listed firms and HNTE-certified eaglets (assumed definition).
ENTREPRENEUR_LABELS = LB_GAZELLE | LB_LEADER | LB_LISTED
BY_NODE_COLS = ("alive", "hnte", "tech_sme", "eaglet", "gazelle", "leader", "listed")


@njit(cache=True)
def _reduce_rows(lo, hi, firm_f, firm_i, ind_f, out, by_node, by_ind, frontier):
    """Add rows ``lo .. hi-1`` into the (zeroed) ``out``, ``by_node``, ``by_ind``, ``frontier``.

    The region-wide sums are local variables (LLVM keeps them in registers; as slots of
    ``out`` each was a load-add-store chain, since ``out`` might alias the other
    outputs), each added in row order, so the bits are those of adding into ``out``.
    The labels are rare (predictable branches); the industry tests are selects.
    """
    n_alive = 0
    n_hnte = 0
    n_listed_hnte = 0
    n_sme = 0
    n_eaglet = 0
    n_gazelle = 0
    n_leader = 0
    n_entrepreneurs = 0
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
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        node = firm_i[FI_NODE, i]
        ind = firm_i[FI_INDUSTRY, i]
        lab = firm_i[FI_LABELS, i]
        rev = firm_f[FF_REVENUE, i]
        kn = firm_f[FF_KNOWLEDGE, i]
        n_alive += 1
        by_node[node, 0] += 1.0
        if lab != 0:
            if lab & LB_HNTE:
                n_hnte += 1
                by_node[node, 1] += 1.0
                if lab & LB_LISTED:
                    n_listed_hnte += 1
            if lab & LB_SME:
                n_sme += 1
                by_node[node, 2] += 1.0
            if lab & LB_EAGLET:
                n_eaglet += 1
                by_node[node, 3] += 1.0
            if lab & LB_GAZELLE:
                n_gazelle += 1
                by_node[node, 4] += 1.0
            if lab & LB_LEADER:
                n_leader += 1
                by_node[node, 5] += 1.0
            if lab & LB_LISTED:
                by_node[node, 6] += 1.0
            if lab & ENTREPRENEUR_LABELS or (lab & LB_EAGLET and lab & LB_HNTE):
                n_entrepreneurs += 1
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
        if kn > frontier[node, ind]:
            frontier[node, ind] = kn
    out[O_ALIVE] = n_alive
    out[O_HNTE] = n_hnte
    out[O_LISTED_HNTE] = n_listed_hnte
    out[O_SME] = n_sme
    out[O_EAGLET] = n_eaglet
    out[O_GAZELLE] = n_gazelle
    out[O_LEADER] = n_leader
    out[O_ENTREPRENEURS] = n_entrepreneurs
    out[O_N_ABOVE] = n_above
    out[O_RD_ABOVE] = rd_above
    out[O_REV_ABOVE] = rev_above
    out[O_MANUF_REV] = manuf_rev
    out[O_SEI_REV] = sei_rev
    out[O_CONTRACTS] = contracts
    out[O_REVENUE] = revenue
    out[O_EMPLOYEES] = employees
    out[O_ST_STAFF] = st_staff
    out[O_DEBT] = debt


@njit(cache=True)
def indicators_kernel(n, firm_f, firm_i, ind_f, node_f, out, by_node, by_ind, frontier):
    """Reduce the firms to indicator sums (people are counted by ``talent_kernel``).

    Rows are reduced in fixed chunks of ``CHUNK`` and the chunks added in order, so
    :func:`indicators_kernel_par` (the chunks on several threads) gives the same bits.

    Parameters
    ----------
    out : float64 (N_O,), out
        Firm slots; ``O_HOME`` … ``O_POOL`` are left at 0 for the caller to fill.
    by_node : float64 (n_nodes, 7), out
        Alive firms and label counts per node (``BY_NODE_COLS``).
    by_ind : float64 (n_industries, 3), out
        Alive firms, quarterly revenue [10k yuan], knowledge sum per industry.
    frontier : float64 (n_nodes, n_industries), out
        Best knowledge per node and industry (0 where none).

    Also updates ``ind_f[IF_MEAN_KN]`` (mean knowledge of each industry's alive firms,
    kept where it has none) and ``node_f[NF_FIRMS]`` (alive firms per node).
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    out_c = np.zeros((n_chunks, out.shape[0]))
    node_c = np.zeros((n_chunks, by_node.shape[0], by_node.shape[1]))
    ind_c = np.zeros((n_chunks, by_ind.shape[0], by_ind.shape[1]))
    front_c = np.zeros((n_chunks, frontier.shape[0], frontier.shape[1]))
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        _reduce_rows(lo, hi, firm_f, firm_i, ind_f, out_c[c], node_c[c], ind_c[c], front_c[c])
    _add_indicator_chunks(out_c, node_c, ind_c, front_c, out, by_node, by_ind, frontier)
    for k in range(by_ind.shape[0]):
        if by_ind[k, 0] > 0.0:
            ind_f[IF_MEAN_KN, k] = by_ind[k, 2] / by_ind[k, 0]
    for a in range(by_node.shape[0]):
        node_f[NF_FIRMS, a] = by_node[a, 0]


indicators_kernel_par = threaded_twin(
    indicators_kernel,
    "indicators_kernel_par",
    ":func:`indicators_kernel` on numba's threads (same results).",
)


@njit(cache=True)
def _add_indicator_chunks(out_c, node_c, ind_c, front_c, out, by_node, by_ind, frontier):
    """Add the chunks in chunk order (sums), and take the frontier's maximum."""
    for k in range(out.shape[0]):
        out[k] = 0.0
    for a in range(by_node.shape[0]):
        for b in range(by_node.shape[1]):
            by_node[a, b] = 0.0
        for b in range(frontier.shape[1]):
            frontier[a, b] = 0.0
    for a in range(by_ind.shape[0]):
        for b in range(by_ind.shape[1]):
            by_ind[a, b] = 0.0
    for c in range(out_c.shape[0]):
        for k in range(out.shape[0]):
            out[k] += out_c[c, k]
        for a in range(by_node.shape[0]):
            for b in range(by_node.shape[1]):
                by_node[a, b] += node_c[c, a, b]
            for b in range(frontier.shape[1]):
                if front_c[c, a, b] > frontier[a, b]:
                    frontier[a, b] = front_c[c, a, b]
        for a in range(by_ind.shape[0]):
            for b in range(by_ind.shape[1]):
                by_ind[a, b] += ind_c[c, a, b]
