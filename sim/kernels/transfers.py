"""Transfer kernel: Beijing projects choose a site among the region's nodes and competitors.

Holds ``transfers_kernel``. Each project draws an industry and chooses the node of highest
utility (attractiveness, industry fit, carriers, policy, travel time from Beijing,
congestion) plus a Gumbel shock — a multinomial logit by Gumbel-max (McFadden 1974).
Projects that pick a node of the region register there; a share lands as an entity and
becomes a firm (北京研发、宝坻转化, §四(一); 120 registered, 25 landed by 2019, §一(一)).
"""

import math

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
    P_BETA_CARRIER,
    P_BETA_FIT,
    P_BETA_MINUTES,
    P_BETA_POLICY,
    P_CONGESTION,
    P_LANDING_PROB,
)
from .rng import S_TRANSFER_CHOICE, S_TRANSFER_INDUSTRY, S_TRANSFER_LAND, draw_key, uniform


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
        ``out[3]`` entries of ``nodes`` and ``inds`` are the landed projects, in order.
    is_city : bool (n_nodes,)
        Science City nodes (the 京津中关村科技城 record counts these).
    reg_by_node, land_by_node : int64 (n_nodes,), out
        Projects registered / landed at each node of the region.
    out : float64 (4,), out
        registered in the region, registered in the City, landed in the City, landed.
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
    out[0] = n_reg
    out[1] = zgc_reg
    out[2] = zgc_land
    out[3] = n_land
