"""Transfers phase: Beijing projects choose a site among the region's nodes and competitors.

Each quarter a Poisson number of projects leaves Beijing (北京非首都功能疏解). Each draws an
industry and chooses the node of highest utility plus a Gumbel shock — a multinomial logit
by Gumbel-max (McFadden 1974). A node's utility is its base attractiveness, travel time from
Beijing, industry fit, innovation carriers, minus rents that rise as it fills, plus its
*pull*: attraction policy, agglomeration (the firms already there) and, in the Science
City, talent housing and application scenes (§四(一)). Projects that pick a node of the
region register there; the pull also decides how many land as entities and become firms
(北京研发、宝坻转化). So the City can grow slowly, saturate or take off, depending on
parameters and levers; the record (120 registered, 25 landed by 2019, §一(一)) is for
calibration to reproduce, not built in.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..fields import (
    NF_ATTRACT,
    NF_CAPACITY,
    NF_CARRIERS,
    NF_EXTERNAL,
    NF_FIRMS,
    NF_MINUTES,
)
from ..indices import (
    L_APP_SCENES,
    L_PARK_ATTRACTION,
    L_POLICY_STACK,
    L_TALENT_HOUSING,
    L_ZGC_ATTRACTION,
    P_AGGLOMERATION_SCALE,
    P_ARRIVAL_ELASTICITY,
    P_ARRIVAL_MAX_MULTIPLE,
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
    P_PROJECTS_PER_QUARTER,
    P_RENT_CURVATURE,
    P_ZGC_ATTRACTION_NORM,
)
from ..kernels.common import poisson_inv
from ..kernels.jit import njit
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
    city_pull_2015: np.ndarray = field(init=False)  # (1,) first quarter's City pull (NaN before)
    pull: np.ndarray = field(init=False)  # each node's pull this quarter
    utility: np.ndarray = field(init=False)  # each node's systematic utility this quarter

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.registered_by_node = np.zeros(self.n_nodes, dtype=np.int64)
        self.landed_by_node = np.zeros(self.n_nodes, dtype=np.int64)
        self.pull = np.zeros(self.n_nodes)
        self.utility = np.zeros(self.n_nodes)
        self.city_pull_2015 = np.full(1, np.nan)
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


@njit(cache=True)
def node_pull(node_f, is_city, is_park, is_hub, pol, par, out):
    """What draws a project to each node of the region beyond its fixed traits [utility].

    * policy × ``beta_policy``: in the Science City, 中关村 attraction funds over their norm
      plus policy stacking; in the parks, park attraction funds over theirs; at new towns
      and hubs a share (``hub_policy_share``) of the City's funds;
    * agglomeration: ``beta_agglomeration`` × log(1 + firms there / ``agglomeration_scale``)
      — clusters attract more of what they already have, so the City can take off, or
      stall if few firms come;
    * in the Science City, amenities the plan builds for projects (§四(一)3, 5): talent
      housing, ``beta_housing_city`` × H / (H + ``housing_half``) (staff who will live
      nearby), and open application scenes, ``beta_scenes`` per scene.

    Zero at nodes outside the region. The pull also raises the odds that a registered
    project lands as an entity (:func:`landing_probability`) and how many projects look
    at the region (:func:`n_projects`). Writes ``out`` (n_nodes,); returns the mean pull
    of the Science City's nodes (0 without any).
    """
    zgc = pol[L_ZGC_ATTRACTION] / par[P_ZGC_ATTRACTION_NORM]
    park = pol[L_PARK_ATTRACTION] / par[P_PARK_ATTRACTION_NORM]
    housing = pol[L_TALENT_HOUSING]
    amenities = par[P_BETA_HOUSING_CITY] * housing / (housing + par[P_HOUSING_HALF])
    amenities += par[P_BETA_SCENES] * pol[L_APP_SCENES]
    city_sum = 0.0
    n_city = 0
    for d in range(node_f.shape[1]):
        if node_f[NF_EXTERNAL, d] != 0.0:
            out[d] = 0.0
            continue
        policy = 0.0
        if is_city[d]:
            policy = zgc + pol[L_POLICY_STACK]
        elif is_park[d]:
            policy = park
        elif is_hub[d]:
            policy = par[P_HUB_POLICY_SHARE] * zgc
        agglomeration = math.log1p(node_f[NF_FIRMS, d] / par[P_AGGLOMERATION_SCALE])
        pull = par[P_BETA_POLICY] * policy + par[P_BETA_AGGLOMERATION] * agglomeration
        out[d] = pull + amenities if is_city[d] else pull
        if is_city[d]:
            city_sum += out[d]
            n_city += 1
    return city_sum / n_city if n_city else 0.0


@njit(cache=True)
def node_utility(node_f, pull, par, out):
    """Systematic utility of each node for a project, before industry fit and the shock.

    Base attractiveness minus ``beta_minutes`` per minute from Beijing; inside the region
    also ``beta_carrier`` per innovation carrier, the pull, and minus rent: ``congestion``
    × occupancy^``rent_curvature`` (occupancy = firms / capacity: rents rise as a park
    fills and bite at capacity). Writes ``out`` (n_nodes,).
    """
    for d in range(node_f.shape[1]):
        u = node_f[NF_ATTRACT, d] - par[P_BETA_MINUTES] * node_f[NF_MINUTES, d]
        if node_f[NF_EXTERNAL, d] == 0.0:
            occupancy = node_f[NF_FIRMS, d] / node_f[NF_CAPACITY, d]
            rent = par[P_CONGESTION] * occupancy ** par[P_RENT_CURVATURE]
            u += par[P_BETA_CARRIER] * node_f[NF_CARRIERS, d] + pull[d] - rent
        out[d] = u


@njit(cache=True)
def arrival_rate(city, city_2015, par):
    """Expected projects looking at the region this quarter, λ (the mean of a Poisson draw).

    Δ = ``city`` − ``city_2015`` is the Science City's mean pull now minus at the first
    quarter: a City that grows more attractive is heard of by more of Beijing's
    relocating projects, up to a ceiling. λ = λ₀·M / (1 + (M − 1)·e^(−ε·Δ)) with λ₀ =
    ``projects_per_quarter``, ε = ``arrival_elasticity``, M = ``arrival_max_multiple``:
    λ₀ at Δ = 0, growing at rate ε(M − 1)/M at first, towards M·λ₀.
    """
    top = par[P_ARRIVAL_MAX_MULTIPLE]
    rise = math.exp(-par[P_ARRIVAL_ELASTICITY] * (city - city_2015))
    return par[P_PROJECTS_PER_QUARTER] * top / (1.0 + (top - 1.0) * rise)


def n_projects(q, city: float, ws: Workspace) -> int:
    """The number of projects looking at the region this quarter: Poisson(:func:`arrival_rate`).

    The first quarter's ``city`` (the Science City's mean pull) is kept as
    ``ws.city_pull_2015[0]``, the reference of later quarters.
    """
    if math.isnan(ws.city_pull_2015[0]):
        ws.city_pull_2015[0] = city
    lam = arrival_rate(city, ws.city_pull_2015[0], q.par)
    return poisson_inv(uniform_py(q.key_int, 0, S_TRANSFER_N), lam)


def run(state, world, q, ws: Workspace) -> np.void:
    """Site choice of this quarter's projects; returns ``ws.out[0]`` (fields of ``OUT``).

    The steps, a kernel each: every node's pull (:func:`node_pull`) and utility
    (:func:`node_utility`), the number of projects (:func:`n_projects`), their site
    choice (:func:`transfers_kernel`) and their count by node (:func:`tally_transfers`);
    :func:`transfers_quarter` runs them in one call.
    """
    while True:
        k = transfers_quarter(
            q.key,
            world.node_f,
            world.is_city,
            world.is_park,
            world.is_hub,
            world.host,
            world.proj_cdf,
            q.pol,
            q.par,
            ws.city_pull_2015,
            ws.pull,
            ws.utility,
            ws._nodes,
            ws._inds,
            ws._landed,
            ws.registered_by_node,
            ws.landed_by_node,
            ws.out,
        )
        if k >= 0:
            break
        ws.reserve(-k - 1)  # too few buffers: room for the k projects, and again
    o = ws.out[0]
    n_land = int(o["landed"])
    ws.landed_nodes, ws.landed_inds = ws._nodes[:n_land], ws._inds[:n_land]
    return o


@njit(cache=True)
def transfers_quarter(
    key, node_f, is_city, is_park, is_hub, host, ind_cdf, pol, par, city_2015, pull, util, nodes,
    inds, landed, reg_by_node, land_by_node, out
):  # fmt: skip
    """The steps of :func:`run` in one call (a numba dispatch costs as much as a step).

    :func:`node_pull` into ``pull``, :func:`node_utility` into ``util``, the number of
    projects k as :func:`n_projects` does (``city_2015``: float64 (1,), the first
    quarter's City pull, NaN before it), :func:`transfers_kernel` and
    :func:`tally_transfers`. Returns k, or −k − 1 if the buffers ``nodes`` / ``inds`` /
    ``landed`` hold fewer than k projects (then nothing after the utility is written).
    """
    city = node_pull(node_f, is_city, is_park, is_hub, pol, par, pull)
    node_utility(node_f, pull, par, util)
    if math.isnan(city_2015[0]):
        city_2015[0] = city
    k = poisson_inv(uniform(key, 0, S_TRANSFER_N), arrival_rate(city, city_2015[0], par))
    if k > nodes.shape[0]:
        return -k - 1
    transfers_kernel(key, k, util, pull, node_f, host, ind_cdf, par, nodes, inds, landed)
    tally_transfers(
        nodes[:k], inds[:k], landed[:k], node_f, is_city, reg_by_node, land_by_node, out
    )
    return k


@njit(cache=True)
def landing_probability(pull, par):
    """P(a project registered at a node lands as an entity): logistic in the node's pull.

    ``landing_prob`` at a node with no pull; each unit of pull adds ``landing_pull`` to
    the log-odds (the same attractions that bring a project keep it).
    """
    p0 = par[P_LANDING_PROB]
    z = math.log(p0 / (1.0 - p0)) + par[P_LANDING_PULL] * pull
    return 1.0 / (1.0 + math.exp(-z))


@njit(cache=True)
def transfers_kernel(
    key, n_projects, node_util, node_pull, node_f, host, ind_cdf, par, out_node, out_ind, out_landed
):
    """Site choice of ``n_projects`` projects: multinomial logit by Gumbel-max.

    Parameters
    ----------
    node_util, node_pull : float64 (n_nodes,)
        Each node's systematic utility (:func:`node_utility`) and pull (:func:`node_pull`).
    node_f : float64 (N_NF, n_nodes)
    host : uint8 (n_nodes, n_industries)
    ind_cdf : float64 (n_industries,)
        Cumulative distribution of projects' industries.
    out_node, out_ind, out_landed : int64 (≥ n_projects,), out
        Chosen node, industry, and 1 if the project lands as an entity.
    """
    n_nodes = node_f.shape[1]
    for j in range(n_projects):
        u = uniform(key, j, S_TRANSFER_INDUSTRY)
        ind = 0
        while ind < ind_cdf.shape[0] - 1 and u >= ind_cdf[ind]:
            ind += 1
        best = -1
        best_u = -1e300
        for d in range(n_nodes):
            g = uniform(draw_key(key, d), j, S_TRANSFER_CHOICE)
            util = node_util[d] - math.log(-math.log(max(g, 1e-300)))
            if node_f[NF_EXTERNAL, d] == 0.0:
                util += par[P_BETA_FIT] * host[d, ind]
            if util > best_u:
                best_u = util
                best = d
        out_node[j] = best
        out_ind[j] = ind
        out_landed[j] = 0
        if node_f[NF_EXTERNAL, best] == 0.0 and uniform(key, j, S_TRANSFER_LAND) < (
            landing_probability(node_pull[best], par)
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
