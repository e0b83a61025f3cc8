"""Pure-Python twin of :mod:`sim.phases.transfers`: the same ``run``, one project at a time."""

import math

import numpy as np

from ..fields import NF_ATTRACT, NF_CAPACITY, NF_CARRIERS, NF_EXTERNAL, NF_FIRMS, NF_MINUTES
from ..indices import (
    L_APP_SCENES,
    L_PARK_ATTRACTION,
    L_POLICY_STACK,
    L_TALENT_HOUSING,
    L_ZGC_ATTRACTION,
    P_AGGLOMERATION_SCALE,
    P_BETA_AGGLOMERATION,
    P_BETA_CARRIER,
    P_BETA_FIT,
    P_BETA_HOUSING_CITY,
    P_BETA_MINUTES,
    P_BETA_POLICY,
    P_BETA_SCENES,
    P_CONGESTION,
    P_HOUSING_HALF,
    P_HUB_POLICY_SHARE,
    P_LANDING_PROB,
    P_LANDING_PULL,
    P_PARK_ATTRACTION_NORM,
    P_RENT_CURVATURE,
    P_ZGC_ATTRACTION_NORM,
)
from ..kernels.rng import (
    S_TRANSFER_CHOICE,
    S_TRANSFER_INDUSTRY,
    S_TRANSFER_LAND,
    draw_key_py,
    uniform_py,
)
from .transfers import Workspace, n_projects


def node_policy(world, pol, par) -> np.ndarray:
    """Normalised attraction policy of each node (twin of the policy term of ``node_pull``).

    Science City nodes: 中关村 attraction funds over their norm plus policy stacking;
    parks: park attraction funds over theirs; new towns and hubs a share of the City's.
    """
    zgc = pol[L_ZGC_ATTRACTION] / par[P_ZGC_ATTRACTION_NORM]
    park = pol[L_PARK_ATTRACTION] / par[P_PARK_ATTRACTION_NORM]
    stack = pol[L_POLICY_STACK]
    return (
        world.is_city * (zgc + stack)
        + world.is_park * park
        + world.is_hub * par[P_HUB_POLICY_SHARE] * zgc
    )


def node_pull(world, pol, par) -> np.ndarray:
    """Twin of :func:`sim.phases.transfers.node_pull`, over whole arrays.

    * policy: attraction funds and stacking (:func:`node_policy`) × ``beta_policy``;
    * agglomeration: ``beta_agglomeration`` × log(1 + firms there / ``agglomeration_scale``)
      — clusters attract more of what they already have, so the City can take off, or
      stall if few firms come;
    * in the Science City, amenities the plan builds for projects (§四(一)3, 5): talent
      housing, ``beta_housing_city`` × H / (H + ``housing_half``) (staff who will live
      nearby), and open application scenes, ``beta_scenes`` per scene.

    Zero at nodes outside the region. The pull also raises the odds that a registered
    project lands as an entity (:func:`landing_probability`).
    """
    node_f = world.node_f
    inside = node_f[NF_EXTERNAL] == 0.0
    housing = pol[L_TALENT_HOUSING]
    amenities = par[P_BETA_HOUSING_CITY] * housing / (housing + par[P_HOUSING_HALF])
    amenities += par[P_BETA_SCENES] * pol[L_APP_SCENES]
    pull = par[P_BETA_POLICY] * node_policy(world, pol, par)
    pull += par[P_BETA_AGGLOMERATION] * np.log1p(node_f[NF_FIRMS] / par[P_AGGLOMERATION_SCALE])
    pull += world.is_city * amenities
    return np.where(inside, pull, 0.0)


def node_utility(world, pull, par) -> np.ndarray:
    """Twin of :func:`sim.phases.transfers.node_utility`, over whole arrays.

    Base attractiveness minus ``beta_minutes`` per minute from Beijing; inside the region
    also ``beta_carrier`` per innovation carrier, the pull, and minus rent: ``congestion``
    × occupancy^``rent_curvature`` (occupancy = firms / capacity: rents rise as a park
    fills and bite at capacity).
    """
    node_f = world.node_f
    inside = node_f[NF_EXTERNAL] == 0.0
    occupancy = np.divide(
        node_f[NF_FIRMS], node_f[NF_CAPACITY], out=np.zeros(world.n_nodes), where=inside
    )
    rent = par[P_CONGESTION] * occupancy ** par[P_RENT_CURVATURE]
    local = par[P_BETA_CARRIER] * node_f[NF_CARRIERS] + pull - rent
    return (
        node_f[NF_ATTRACT] - par[P_BETA_MINUTES] * node_f[NF_MINUTES] + np.where(inside, local, 0.0)
    )


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
    ws.pull[:] = pull = node_pull(world, q.pol, q.par)
    ws.utility[:] = util = node_utility(world, pull, q.par)
    city = float(pull[world.is_city].mean()) if world.is_city.any() else 0.0
    k = n_projects(q, city, ws)
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
