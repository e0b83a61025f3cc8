"""Pure-Python twin of :mod:`sim.phases.entry`: the same ``run``, one entrant at a time."""

import math

import numpy as np

from ..fields import (
    FF_CASH,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD_INTENSITY,
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
    FI_IP2,
    FI_LEADER_Q,
    FI_LISTED_Q,
    FI_NODE,
    FI_ORIGIN,
    FI_PARTNER,
    FI_SME_Q,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    IF_RD,
    IF_REV_MEDIAN,
    NO_Q,
    ORIGIN_BACKGROUND,
    ORIGIN_INCUBATOR,
    ORIGIN_SPINOFF,
    ORIGIN_TRANSFER,
)
from ..indices import (
    P_EMPLOYEES_PER_REVENUE,
    P_ENTRY_CASH,
    P_ENTRY_HITECH,
    P_ENTRY_KN_LOW,
    P_ENTRY_KN_WIDTH,
    P_ENTRY_RD_FACTOR,
    P_ENTRY_SCALE_BIG,
    P_ENTRY_SCALE_STARTUP,
    P_ENTRY_SIZE_SIGMA,
    P_INCUBATION_QUARTERS,
    P_MIN_REVENUE,
    P_NATIONAL_INCUBATION_EXTRA,
    P_SPINOFF_RATE,
    P_STARTUP_IP2,
    P_TRANSFER_IP_PROB,
    P_TRANSFER_KNOWLEDGE,
)
from ..kernels.common import poisson_inv_py
from ..kernels.rng import (
    S_BACKGROUND,
    S_BACKGROUND_NODE,
    S_ENTRY,
    S_ENTRY_INDUSTRY,
    S_ENTRY_NATIONAL,
    S_NEWFIRM,
    S_NEWFIRM_IP2,
    S_NEWFIRM_IP_TRANSFER,
    S_NEWFIRM_KNOWLEDGE,
    S_SPINOFF,
    normal_py,
    uniform_py,
)
from .entry import Workspace, background_rate, count_entrants

# The dates a new firm does not have yet (labels, coaching, death, financing).
NO_DATES = (
    FI_HNTE_Q,
    FI_SME_Q,
    FI_EAGLET_Q,
    FI_GAZELLE_Q,
    FI_LEADER_Q,
    FI_LISTED_Q,
    FI_COACHED_Q,
    FI_DEATH_Q,
    FI_FINANCED_Q,
)


def entry_plan(
    key: int,
    lam_node: np.ndarray,
    lam_national: np.ndarray,
    host_w: np.ndarray,
    spin_parents: tuple,
    landed: tuple,
    background: float,
    node_w: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The quarter's entrants, in order: (nodes, industries, origins, national) arrays.

    Parameters
    ----------
    key : int
        Quarter key (Python int) for the counter-based draws.
    lam_node : float64 (n_nodes,)
        Expected start-ups from each node's incubators, maker spaces and demo parks.
    lam_national : float64 (n_nodes,)
        Of them, those from the node's national incubators: each start-up is hatched at
        one with probability ``lam_national / lam_node`` (``national`` = 1).
    host_w : float64 (n_nodes, n_industries)
        Industry weights of new firms at each node.
    spin_parents : (nodes, industries)
        Node and industry of spin-off parents, in row order.
    landed : (nodes, industries)
        Landed Beijing projects.
    background : float
        Expected background entrants [firms/quarter], placed by ``node_w``.
    node_w : float64 (n_nodes,)
        Firm shares of the nodes.
    """
    nodes, inds, origins, national = [], [], [], []
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
            at_national = lam_national[node] > 0.0 and (
                uniform_py(key, len(nodes), S_ENTRY_NATIONAL) * lam < lam_national[node]
            )
            national.append(int(at_national))
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
    national += [0] * (len(nodes) - len(national))  # no other entrant is hatched
    return (
        np.array(nodes, dtype=np.int64),
        np.array(inds, dtype=np.int64),
        np.array(origins, dtype=np.int64),
        np.array(national, dtype=np.int64),
    )


def enter(
    state, row: int, node: int, ind: int, origin: int, world, q, national: bool = False
) -> None:
    """Write the new firm at ``row`` (start-up, spin-off, project, background entrant).

    Size lognormal around the industry's median (larger for projects), knowledge
    around the industry mean (plus Beijing know-how for projects), R&D intensity and
    high-tech share from the industry, some class-II IP; incubated start-ups are
    incubated for ``incubation_quarters``, those of a national incubator (``national``)
    ``national_incubation_extra`` quarters longer.
    """
    key, ind_f, par = q.key_int, world.ind_f, q.par
    z = normal_py(key, row, S_NEWFIRM)
    scale = par[P_ENTRY_SCALE_BIG] if origin >= ORIGIN_TRANSFER else par[P_ENTRY_SCALE_STARTUP]
    annual = ind_f[IF_REV_MEDIAN, ind] * scale * math.exp(par[P_ENTRY_SIZE_SIGMA] * z)
    rev = max(annual / 4.0, par[P_MIN_REVENUE])
    u_kn = uniform_py(key, row, S_NEWFIRM_KNOWLEDGE)
    kn = ind_f[IF_MEAN_KN, ind] * (par[P_ENTRY_KN_LOW] + par[P_ENTRY_KN_WIDTH] * u_kn)
    if origin == ORIGIN_TRANSFER:
        kn += par[P_TRANSFER_KNOWLEDGE]  # Beijing R&D brings know-how (§四(一))
    ff, fi = state.firm_f, state.firm_i
    ff[:, row] = 0.0
    fi[:, row] = 0
    ff[FF_REVENUE, row] = rev
    ff[FF_EMPLOYEES, row] = max(par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev, 1.0)
    ff[FF_RD_INTENSITY, row] = ind_f[IF_RD, ind] * par[P_ENTRY_RD_FACTOR]
    ff[FF_KNOWLEDGE, row] = kn
    ff[FF_HITECH, row] = par[P_ENTRY_HITECH] * ind_f[IF_HNTE_FIELD, ind]
    ff[FF_CASH, row] = par[P_ENTRY_CASH] * rev
    fi[FI_ALIVE, row], fi[FI_NODE, row], fi[FI_INDUSTRY, row] = 1, node, ind
    fi[FI_BIRTH_Q, row] = q.index
    if origin == ORIGIN_TRANSFER:
        if uniform_py(key, row, S_NEWFIRM_IP_TRANSFER) < par[P_TRANSFER_IP_PROB]:
            fi[FI_IP2, row] = 1
    else:
        fi[FI_IP2, row] = poisson_inv_py(uniform_py(key, row, S_NEWFIRM_IP2), par[P_STARTUP_IP2])
    fi[FI_PARTNER, row] = -1
    fi[FI_ORIGIN, row] = origin
    incubation = int(par[P_INCUBATION_QUARTERS])
    if national:
        incubation += int(par[P_NATIONAL_INCUBATION_EXTRA])
    incubated = origin == ORIGIN_INCUBATOR
    fi[FI_INCUBATED_UNTIL, row] = q.index + incubation if incubated else NO_Q
    for f in NO_DATES:
        fi[f, row] = NO_Q


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.entry.run`."""
    key, fi = q.key_int, state.firm_i
    alive = [i for i in range(state.n) if fi[FI_ALIVE, i] == 1]
    parents = [i for i in alive if uniform_py(key, i, S_SPINOFF) < q.par[P_SPINOFF_RATE]]
    nodes, inds, origins, national = entry_plan(
        key,
        ws.carriers.entry_rates,
        ws.carriers.national_rates,
        world.host_w,
        (fi[FI_NODE, parents], fi[FI_INDUSTRY, parents]),
        (ws.transfers.landed_nodes, ws.transfers.landed_inds),
        background_rate(q),
        world.node_w,
    )
    k = len(nodes)
    state.reserve_firms(k)
    for j in range(k):
        row, at_national = state.n + j, bool(national[j])
        enter(state, row, int(nodes[j]), int(inds[j]), int(origins[j]), world, q, at_national)
    state.n += k
    ws.nodes, ws.inds, ws.origins, ws.national = nodes, inds, origins, national
    count_entrants(origins, national, ws.out)
    return ws.out[0]
