"""Pure-Python twin of :mod:`sim.phases.indicators`: the same ``run``, one firm at a time."""

import numpy as np

from ..fields import (
    FF_CONTRACTS,
    FF_DEBT,
    FF_EMPLOYEES,
    FF_KNOWLEDGE,
    FF_RD_Y1,
    FF_REV_Y1,
    FF_REVENUE,
    FI_ALIVE,
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
from ..kernels.common import CHUNK
from .indicators import ABOVE_SCALE, ENTREPRENEUR_LABELS, OUT, Workspace

# The labels counted by node, with their record field and ``by_node`` column.
LABEL_COUNTS = (
    (LB_SME, "tech_sme", 2),
    (LB_EAGLET, "eaglet", 3),
    (LB_GAZELLE, "gazelle", 4),
    (LB_LEADER, "leader", 5),
)


def report(i: int, state, world, sums: dict, by_node, by_ind, frontier) -> None:
    """Add alive firm ``i`` to the sums, its node's and industry's rows and the frontier."""
    ff, fi = state.firm_f, state.firm_i
    node, ind, lab = fi[FI_NODE, i], fi[FI_INDUSTRY, i], fi[FI_LABELS, i]
    rev, kn = ff[FF_REVENUE, i], ff[FF_KNOWLEDGE, i]
    sums["alive"] += 1.0
    by_node[node, 0] += 1.0
    if lab & LB_HNTE:
        sums["hnte"] += 1.0
        by_node[node, 1] += 1.0
        if lab & LB_LISTED:
            sums["listed_hnte"] += 1.0
    for bit, name, col in LABEL_COUNTS:
        if lab & bit:
            sums[name] += 1.0
            by_node[node, col] += 1.0
    if lab & LB_LISTED:
        by_node[node, 6] += 1.0
    if lab & ENTREPRENEUR_LABELS or (lab & LB_EAGLET and lab & LB_HNTE):
        sums["entrepreneurs"] += 1.0
    if ff[FF_REV_Y1, i] >= ABOVE_SCALE:
        sums["above_scale"] += 1.0
        sums["rd_above"] += ff[FF_RD_Y1, i]
        sums["rev_above"] += ff[FF_REV_Y1, i]
    if world.ind_f[IF_MANUF, ind] > 0.0:
        sums["manuf_rev"] += rev
        if world.ind_f[IF_SEI, ind] > 0.0:
            sums["sei_rev"] += rev
    sums["contracts"] += ff[FF_CONTRACTS, i]
    sums["revenue"] += rev
    sums["employees"] += ff[FF_EMPLOYEES, i]
    sums["st_staff"] += fi[FI_ST_STAFF, i]
    sums["debt"] += ff[FF_DEBT, i]
    by_ind[ind, 0] += 1.0
    by_ind[ind, 1] += rev
    by_ind[ind, 2] += kn
    by_ind[ind, 3] += rev * kn
    if kn > frontier[node, ind]:
        frontier[node, ind] = kn


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.indicators.run`."""
    # Sums in row order within chunks of CHUNK rows, then chunk by chunk, as the kernel's.
    chunks = []
    for lo in range(0, state.n, CHUNK):
        sums = dict.fromkeys(OUT.names, 0.0)
        by_node, by_ind = np.zeros_like(ws.by_node), np.zeros_like(ws.by_ind)
        frontier = np.zeros_like(world.frontier)
        for i in range(lo, min(state.n, lo + CHUNK)):
            if state.firm_i[FI_ALIVE, i] == 1:
                report(i, state, world, sums, by_node, by_ind, frontier)
        chunks.append((sums, by_node, by_ind, frontier))
    o = ws.out[0]
    for name in OUT.names:
        o[name] = 0.0
    ws.by_node[:] = 0.0
    ws.by_ind[:] = 0.0
    world.frontier[:] = 0.0
    for sums, by_node, by_ind, frontier in chunks:
        for name in OUT.names:
            o[name] += sums[name]
        ws.by_node += by_node
        ws.by_ind += by_ind
        np.maximum(world.frontier, frontier, out=world.frontier)
    count = ws.by_ind[:, 0]
    has_firms = count > 0.0
    world.ind_f[IF_MEAN_KN, has_firms] = ws.by_ind[has_firms, 2] / count[has_firms]
    sales = ws.by_ind[:, 1]
    has_sales = sales > 0.0
    world.ind_f[IF_SALES_KN, has_sales] = ws.by_ind[has_sales, 3] / sales[has_sales]
    world.node_f[NF_FIRMS] = ws.by_node[:, 0]
    return o
