"""Pure-Python twin of :mod:`sim.phases.transfers`: the same ``run``, one project at a time."""

import math

import numpy as np

from ..fields import NF_EXTERNAL
from ..indices import P_BETA_FIT, P_LANDING_PROB, P_LANDING_PULL
from ..kernels.rng import (
    S_TRANSFER_CHOICE,
    S_TRANSFER_INDUSTRY,
    S_TRANSFER_LAND,
    draw_key_py,
    uniform_py,
)
from .transfers import Workspace, n_projects, node_pull, node_utility


def landing_probability(pull: float, par) -> float:
    """Logistic in the node's pull: ``landing_prob`` with no pull, + ``landing_pull``/unit."""
    p0 = par[P_LANDING_PROB]
    z = math.log(p0 / (1.0 - p0)) + par[P_LANDING_PULL] * pull
    return 1.0 / (1.0 + math.exp(-z))


def choose_site(key: int, j: int, world, util, pull, par) -> tuple[int, int, bool]:
    """Project ``j``'s industry, chosen node and whether it lands as an entity.

    The industry is drawn from the projects' industry mix; the node maximises its
    systematic utility (+ ``beta_fit`` if it hosts the industry, inside the region) plus a
    Gumbel shock: a multinomial logit. A project registered in the region lands as an
    entity with :func:`landing_probability` of its node's pull.
    """
    u = uniform_py(key, j, S_TRANSFER_INDUSTRY)
    ind = 0
    while ind < len(world.proj_cdf) - 1 and u >= world.proj_cdf[ind]:
        ind += 1
    external = world.node_f[NF_EXTERNAL]
    best, best_u = -1, -1e300
    for d in range(world.n_nodes):
        g = uniform_py(draw_key_py(key, d), j, S_TRANSFER_CHOICE)
        v = util[d] - math.log(-math.log(max(g, 1e-300)))
        if not external[d]:
            v += par[P_BETA_FIT] * world.host[d, ind]
        if v > best_u:
            best_u, best = v, d
    lands = not external[best] and uniform_py(key, j, S_TRANSFER_LAND) < landing_probability(
        pull[best], par
    )
    return ind, best, lands


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.transfers.run`."""
    pull = node_pull(world, q.pol, q.par)
    util = node_utility(world, pull, q.par)
    k = n_projects(q, world, pull, ws)
    projects = [choose_site(q.key_int, j, world, util, pull, q.par) for j in range(k)]
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
