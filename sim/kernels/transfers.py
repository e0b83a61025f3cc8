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
from ..params import P_BETA_CARRIER, P_BETA_FIT, P_BETA_MINUTES, P_BETA_POLICY, P_LANDING_PROB
from .rng import S_TRANSFER_CHOICE, S_TRANSFER_LAND, S_TRANSFER_N, uniform

CONGESTION = 2.0  # utility lost by a node at or over its firm capacity, assumed 0.5–5


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
    for j in range(n_projects):
        u = uniform(key, j, S_TRANSFER_N + 1)
        ind = 0
        while ind < ind_cdf.shape[0] - 1 and u >= ind_cdf[ind]:
            ind += 1
        best = -1
        best_u = -1e300
        for d in range(n_nodes):
            g = uniform(key, j * n_nodes + d, S_TRANSFER_CHOICE)
            gumbel = -math.log(-math.log(max(g, 1e-300)))
            util = node_f[NF_ATTRACT, d] - par[P_BETA_MINUTES] * node_f[NF_MINUTES, d] + gumbel
            if node_f[NF_EXTERNAL, d] == 0.0:
                util += par[P_BETA_FIT] * host[d, ind]
                util += par[P_BETA_CARRIER] * node_f[NF_CARRIERS, d]
                util += par[P_BETA_POLICY] * node_pol[d]
                if node_f[NF_FIRMS, d] >= node_f[NF_CAPACITY, d]:
                    util -= CONGESTION
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
