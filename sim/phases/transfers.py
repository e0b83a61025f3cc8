"""Transfers phase: Beijing projects choose a site among the region's nodes and competitors.

Each quarter a Poisson number of projects leaves Beijing. Each project draws an industry and chooses the node of highest
utility (attractiveness, industry fit, carriers, policy, travel time from Beijing,
congestion) plus a Gumbel shock — a multinomial logit by Gumbel-max (McFadden 1974).
Projects that pick a node of the region register there; a share lands as an entity and
becomes a firm (北京研发、宝坻转化, §四(一); 120 registered, 25 landed by 2019, §一(一)).
"""

import math
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from ..fields import (
    NF_ATTRACT,
    NF_CAPACITY,
    NF_CARRIERS,
    NF_EXTERNAL,
    NF_FIRMS,
    NF_MINUTES,
)
from ..indices import (
    L_PARK_ATTRACTION,
    L_POLICY_STACK,
    L_ZGC_ATTRACTION,
    P_BETA_CARRIER,
    P_BETA_FIT,
    P_BETA_MINUTES,
    P_BETA_POLICY,
    P_CONGESTION,
    P_HUB_POLICY_SHARE,
    P_LANDING_PROB,
    P_PARK_ATTRACTION_NORM,
    P_PROJECTS_PER_QUARTER,
    P_ZGC_ATTRACTION_NORM,
)
from ..kernels.common import poisson_inv
from ..kernels.rng import (
    S_TRANSFER_CHOICE,
    S_TRANSFER_INDUSTRY,
    S_TRANSFER_LAND,
    S_TRANSFER_N,
    draw_key,
    uniform,
    uniform_py,
)

BUFFER_PROJECTS = 64  # projects the buffers hold at first (they double when a quarter needs more)

# The phase's named outputs (one record a quarter).
OUT = np.dtype(
    [
        ("registered", "f8"),  # projects registered at a node of the region
        ("zgc_registered", "f8"),  # ... at a Science City node (京津中关村科技城)
        ("zgc_landed", "f8"),  # landed as an entity in the Science City
        ("landed", "f8"),  # landed as an entity anywhere in the region
    ]
)


@dataclass(eq=False)
class Workspace:
    """The transfers phase's buffers and outputs.

    After ``run``: ``out`` (record ``OUT``); ``registered_by_node`` / ``landed_by_node``
    (int64, n_nodes) this quarter's projects at each node; ``landed_nodes`` /
    ``landed_inds`` the node and industry of each landed project (they become firms in
    the entry phase).
    """

    n_nodes: int
    out: np.ndarray = field(init=False)
    registered_by_node: np.ndarray = field(init=False)
    landed_by_node: np.ndarray = field(init=False)
    # scratch: every project's node, industry and landing (landed ones compacted first)
    _nodes: np.ndarray = field(init=False, repr=False)
    _inds: np.ndarray = field(init=False, repr=False)
    _landed: np.ndarray = field(init=False, repr=False)
    landed_nodes: np.ndarray = field(init=False)
    landed_inds: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.registered_by_node = np.zeros(self.n_nodes, dtype=np.int64)
        self.landed_by_node = np.zeros(self.n_nodes, dtype=np.int64)
        self._allocate(BUFFER_PROJECTS)
        self.landed_nodes = self._nodes[:0]
        self.landed_inds = self._inds[:0]

    def _allocate(self, size: int) -> None:
        self._nodes = np.zeros(size, dtype=np.int64)
        self._inds = np.zeros(size, dtype=np.int64)
        self._landed = np.zeros(size, dtype=np.int64)

    def reserve(self, k: int) -> None:
        """Room for ``k`` projects."""
        if k > self._nodes.shape[0]:
            self._allocate(k + k)


def node_policy(world, pol, par) -> np.ndarray:
    """Normalised attraction policy of each node (a term of the projects' site utility).

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


def n_projects(q) -> int:
    """The number of projects leaving Beijing this quarter: Poisson(``projects_per_quarter``)."""
    return poisson_inv(uniform_py(q.key_int, 0, S_TRANSFER_N), q.par[P_PROJECTS_PER_QUARTER])


def run(state, world, q, ws: Workspace) -> np.void:
    """Site choice of this quarter's projects; returns ``ws.out[0]`` (fields of ``OUT``)."""
    k = n_projects(q)
    ws.reserve(k)
    nodes, inds, landed = ws._nodes[:k], ws._inds[:k], ws._landed[:k]
    pol = node_policy(world, q.pol, q.par)
    transfers_kernel(
        q.key, k, world.node_f, pol, world.host, world.proj_cdf, q.par, nodes, inds, landed
    )
    tally_transfers(
        nodes,
        inds,
        landed,
        world.node_f,
        world.is_city,
        ws.registered_by_node,
        ws.landed_by_node,
        ws.out,
    )
    n_land = int(ws.out[0]["landed"])
    ws.landed_nodes, ws.landed_inds = nodes[:n_land], inds[:n_land]
    return ws.out[0]


@njit(cache=True)
def transfers_kernel(
    key, n_projects, node_f, node_pol, host, ind_cdf, par, out_node, out_ind, out_landed
):
    """Site choice of ``n_projects`` projects.

    Parameters
    ----------
    node_f : float64 (N_NF, n_nodes)
    node_pol : float64 (n_nodes,)
        Normalised attraction policy of each node this quarter.
    host : uint8 (n_nodes, n_industries)
    ind_cdf : float64 (n_industries,)
        Cumulative distribution of projects' industries.
    out_node, out_ind, out_landed : int64 (≥ n_projects,), out
        Chosen node, industry, and 1 if the project lands as an entity.
    """
    n_nodes = node_f.shape[1]
    congestion = par[P_CONGESTION]
    for j in range(n_projects):
        u = uniform(key, j, S_TRANSFER_INDUSTRY)
        ind = 0
        while ind < ind_cdf.shape[0] - 1 and u >= ind_cdf[ind]:
            ind += 1
        best = -1
        best_u = -1e300
        for d in range(n_nodes):
            g = uniform(draw_key(key, d), j, S_TRANSFER_CHOICE)
            gumbel = -math.log(-math.log(max(g, 1e-300)))
            util = node_f[NF_ATTRACT, d] - par[P_BETA_MINUTES] * node_f[NF_MINUTES, d] + gumbel
            if node_f[NF_EXTERNAL, d] == 0.0:
                util += par[P_BETA_FIT] * host[d, ind]
                util += par[P_BETA_CARRIER] * node_f[NF_CARRIERS, d]
                util += par[P_BETA_POLICY] * node_pol[d]
                if node_f[NF_FIRMS, d] >= node_f[NF_CAPACITY, d]:
                    util -= congestion
            if util > best_u:
                best_u = util
                best = d
        out_node[j] = best
        out_ind[j] = ind
        out_landed[j] = 0
        if (
            node_f[NF_EXTERNAL, best] == 0.0
            and uniform(key, j, S_TRANSFER_LAND) < par[P_LANDING_PROB]
        ):
            out_landed[j] = 1


@njit(cache=True)
def tally_transfers(nodes, inds, landed, node_f, is_city, reg_by_node, land_by_node, out):
    """Count the quarter's projects by node; compact the landed ones to the front.

    Parameters
    ----------
    nodes, inds, landed : int64 (k,)
        Each project's node, industry and whether it landed (1/0); on return the first
        ``out[0].landed`` entries of ``nodes`` and ``inds`` are the landed projects, in order.
    is_city : bool (n_nodes,)
        Science City nodes (the 京津中关村科技城 record counts these).
    reg_by_node, land_by_node : int64 (n_nodes,), out
        Projects registered / landed at each node of the region.
    out : record array (1,) of ``OUT``, out
    """
    reg_by_node[:] = 0
    land_by_node[:] = 0
    n_land = 0
    for j in range(nodes.shape[0]):
        node = nodes[j]
        if node_f[NF_EXTERNAL, node] == 0.0:
            reg_by_node[node] += 1
        if landed[j] == 1:
            land_by_node[node] += 1
            nodes[n_land] = node
            inds[n_land] = inds[j]
            n_land += 1
    n_reg = 0
    zgc_reg = 0
    zgc_land = 0
    for node in range(reg_by_node.shape[0]):
        n_reg += reg_by_node[node]
        if is_city[node]:
            zgc_reg += reg_by_node[node]
            zgc_land += land_by_node[node]
    o = out[0]
    o.registered = n_reg
    o.zgc_registered = zgc_reg
    o.zgc_landed = zgc_land
    o.landed = n_land
