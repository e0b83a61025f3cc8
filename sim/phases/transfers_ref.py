"""Pure-Python twin of :mod:`sim.phases.transfers`: the same ``run``, one project at a time."""

import math

import numpy as np

from ..fields import NF_ATTRACT, NF_CAPACITY, NF_CARRIERS, NF_EXTERNAL, NF_FIRMS, NF_MINUTES
from ..indices import (
    P_BETA_CARRIER,
    P_BETA_FIT,
    P_BETA_MINUTES,
    P_BETA_POLICY,
    P_CONGESTION,
    P_LANDING_PROB,
)
from ..kernels.rng import (
    S_TRANSFER_CHOICE,
    S_TRANSFER_INDUSTRY,
    S_TRANSFER_LAND,
    draw_key_py,
    uniform_py,
)
from .transfers import Workspace, n_projects, node_policy


def choose_site(key: int, j: int, world, policy, par) -> tuple[int, int, bool]:
    """Project ``j``'s industry, chosen node and whether it lands as an entity.

    The industry is drawn from the projects' industry mix; the node maximises utility
    (attractiveness − β_minutes·minutes from Beijing, and for nodes of the region
    + β_fit·hosts the industry + β_carrier·carriers + β_policy·policy − congestion when
    full) plus a Gumbel shock: a multinomial logit. A project registered in the region
    lands as an entity with probability ``landing_prob``.
    """
    u = uniform_py(key, j, S_TRANSFER_INDUSTRY)
    ind = 0
    while ind < len(world.proj_cdf) - 1 and u >= world.proj_cdf[ind]:
        ind += 1
    node_f = world.node_f
    best, best_u = -1, -1e300
    for d in range(world.n_nodes):
        g = uniform_py(draw_key_py(key, d), j, S_TRANSFER_CHOICE)
        util = node_f[NF_ATTRACT, d] - par[P_BETA_MINUTES] * node_f[NF_MINUTES, d]
        util += -math.log(-math.log(max(g, 1e-300)))
        if not node_f[NF_EXTERNAL, d]:
            util += par[P_BETA_FIT] * world.host[d, ind]
            util += par[P_BETA_CARRIER] * node_f[NF_CARRIERS, d]
            util += par[P_BETA_POLICY] * policy[d]
            if node_f[NF_FIRMS, d] >= node_f[NF_CAPACITY, d]:
                util -= par[P_CONGESTION]
        if util > best_u:
            best_u, best = util, d
    lands = (
        not node_f[NF_EXTERNAL, best] and uniform_py(key, j, S_TRANSFER_LAND) < par[P_LANDING_PROB]
    )
    return ind, best, lands


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.transfers.run`."""
    policy = node_policy(world, q.pol, q.par)
    projects = [choose_site(q.key_int, j, world, policy, q.par) for j in range(n_projects(q))]
    ws.registered_by_node[:] = 0
    ws.landed_by_node[:] = 0
    for _, node, lands in projects:
        if not world.node_f[NF_EXTERNAL, node]:
            ws.registered_by_node[node] += 1
        ws.landed_by_node[node] += lands
    landed = [(ind, node) for ind, node, lands in projects if lands]
    ws.reserve(len(projects))
    k = len(landed)
    ws.landed_nodes = ws._nodes[:k]
    ws.landed_inds = ws._inds[:k]
    ws.landed_nodes[:] = [node for _, node in landed]
    ws.landed_inds[:] = [ind for ind, _ in landed]
    o = ws.out[0]
    o["registered"] = ws.registered_by_node.sum()
    o["zgc_registered"] = ws.registered_by_node[world.is_city].sum()
    o["zgc_landed"] = ws.landed_by_node[world.is_city].sum()
    o["landed"] = k
    return o
