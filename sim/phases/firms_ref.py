"""Pure-Python twin of :mod:`sim.phases.firms`: the same ``run``, one firm at a time.

Two passes, as in the kernel: every alive firm first keeps or finds its R&D partner and
notes the spillover from the partner's start-of-quarter knowledge (:func:`choose_partner`),
then lives its own quarter (:func:`firm_quarter`).
"""

import numpy as np

from ..fields import (
    FF_CASH,
    FF_CONTRACTS,
    FF_DEBT,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD,
    FF_RD_ACC,
    FF_RD_INTENSITY,
    FF_REV_ACC,
    FF_REV_Y1,
    FF_REVENUE,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_DEATH_Q,
    FI_INCUBATED_UNTIL,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_NODE,
    FI_PARTNER,
    FI_ST_STAFF,
    IF_DIGITAL,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    IF_RD,
    IF_SALES_KN,
    NF_CITY,
    NF_PARK,
    NF_PLATFORMS,
)
from ..indices import (
    L_APP_SCENES,
    L_LOAN_SUBSIDY,
    L_POLICY_STACK,
    L_RD_SUBSIDY,
    L_SMART_PARK,
    P_CASH_BUFFER,
    P_CASH_HAZARD,
    P_CASH_PAYOUT,
    P_CONTRACT_BASE_KNOWLEDGE,
    P_CONTRACT_PROB,
    P_CONTRACT_VALUE,
    P_CROSS_PARK,
    P_DEFAULT_RATE,
    P_EMP_ADJUST,
    P_EMPLOYEES_PER_REVENUE,
    P_GROWTH_BETA,
    P_GROWTH_MU,
    P_GROWTH_SIGMA,
    P_HITECH_ADJUST,
    P_HITECH_NONFIELD,
    P_HITECH_SLOPE,
    P_HNTE_RD_MARGIN,
    P_HNTE_SEEKING,
    P_IMITATION_SHARE,
    P_INCUBATOR_HAZARD,
    P_INNOVATION_GROWTH,
    P_INNOVATION_STEP,
    P_IP_CLASS1_SHARE,
    P_IP_PROB,
    P_KNOWLEDGE_GROWTH,
    P_KNOWLEDGE_HITECH_MID,
    P_LOAN_RATE,
    P_MARGIN,
    P_MAX_SIGMA,
    P_MIN_REVENUE,
    P_PARTNER_KEEP,
    P_PARTNER_SHARE,
    P_PLATFORM_BOOST,
    P_RD_ADJUST,
    P_RD_CASH_COVER,
    P_RD_CUT_BROKE,
    P_RD_SUBSIDY_ELASTICITY,
    P_REPAY,
    P_SCENE_GROWTH,
    P_SHOCK_TO_PROFIT,
    P_SIGMA_MIN_SIZE,
    P_SMART_MARGIN,
    P_STACK_GROWTH,
    P_STEP_MIN,
    P_TALENT_EFFECT,
    P_YOUNG_DRIFT,
    P_YOUNG_YEARS,
    P_ZETA_IMITATION,
    P_ZETA_INNOVATION,
)
from ..kernels.common import (
    CHUNK,
    frontier_advance_py,
    hit_1mexp_py,
    hnte_rd_threshold_py,
    in_reserve_pool_py,
    laplace_py,
)
from ..kernels.elementary import fexp_py, flog_py
from ..kernels.rng import (
    S_CONTRACT,
    S_DEFAULT,
    S_EXIT,
    S_GROWTH,
    S_IMIT,
    S_INNOV,
    S_IP,
    S_IP1,
    S_PARTNER,
    S_PARTNER_CROSS,
    S_PARTNER_CROSS_NODE,
    S_PARTNER_KEEP,
    S_STEP,
    uniform_py,
)
from .firms import SIGMA_REF_SIZE, Workspace

SUMS = ("innovations", "exits", "defaulted", "contracts", "paid_rd", "paid_loan")


def reach(world) -> np.ndarray:
    """The knowledge each (node, industry) can imitate: the best lead over the mean within reach.

    Node b's best firm's lead over its industry's mean, discounted by proximity (nodes with
    no firm of the industry left out), or the node's own best, whichever is higher.
    """
    mean = world.ind_f[IF_MEAN_KN][None, None, :]
    front = world.frontier[None, :, :]
    leads = np.where(front > 0.0, mean + world.prox[:, :, None] * (front - mean), -np.inf)
    return np.maximum(leads.max(axis=1), world.frontier)


def members_by_node(state, world) -> list[list[int]]:
    """The alive firms of each node, in row order."""
    members = [[] for _ in range(world.n_nodes)]
    for i in range(state.n):
        if state.firm_i[FI_ALIVE, i] == 1:
            members[state.firm_i[FI_NODE, i]].append(i)
    return members


def choose_partner(i: int, state, world, q, members) -> int:
    """Firm ``i``'s R&D partner this quarter (−1 for none): SKIN partnering.

    The previous partner is kept, if still alive, with probability ``partner_keep``;
    otherwise a random alive firm of the firm's node — or, with probability
    ``cross_park``, of a random neighbouring node — becomes the partner (none if it
    is the firm itself).
    """
    fi, key, par = state.firm_i, q.key_int, q.par
    p = int(fi[FI_PARTNER, i])
    if p >= 0 and fi[FI_ALIVE, p] == 1 and uniform_py(key, i, S_PARTNER_KEEP) < par[P_PARTNER_KEEP]:
        return p
    src = int(fi[FI_NODE, i])
    lo, hi = world.nbr_start[src], world.nbr_start[src + 1]
    if hi > lo and uniform_py(key, i, S_PARTNER_CROSS) < par[P_CROSS_PARK]:
        src = int(world.nbr[lo + int(uniform_py(key, i, S_PARTNER_CROSS_NODE) * (hi - lo))])
    candidates = members[src]
    if not candidates:
        return -1
    j = candidates[int(uniform_py(key, i, S_PARTNER) * len(candidates))]
    return j if j != i else -1


def spillover(i: int, p: int, state, q) -> float:
    """``partner_share`` × partner ``p``'s lead in knowledge over firm ``i`` (0 if none)."""
    if p < 0:
        return 0.0
    lead = state.firm_f[FF_KNOWLEDGE, p] - state.firm_f[FF_KNOWLEDGE, i]
    return q.par[P_PARTNER_SHARE] * lead if lead > 0.0 else 0.0


def rd_intensity(i: int, state, world, q) -> float:
    """Firm ``i``'s R&D intensity this quarter: satisficing towards a target.

    The target is the industry norm raised by the R&D subsidy; for firms that could
    qualify for HNTE (a field of it, some IP) it moves towards the HNTE threshold
    (bunching; fully for coached firms). A firm commits only what its cash funds: with
    less than ``rd_cash_cover`` quarters of the planned R&D in cash it scales the target by
    its cover ratio (at least ``rd_cut_broke``).
    """
    ff, par = state.firm_f, q.par
    target = rd_target(i, state, world, q)
    cash, need = float(ff[FF_CASH, i]), par[P_RD_CASH_COVER] * target * float(ff[FF_REVENUE, i])
    if need > 0.0 and cash < need:
        target *= max(cash / need, par[P_RD_CUT_BROKE])
    nu = float(ff[FF_RD_INTENSITY, i])
    return nu + par[P_RD_ADJUST] * (target - nu)


def rd_target(i: int, state, world, q) -> float:
    """Firm ``i``'s planned R&D intensity before liquidity (see :func:`rd_intensity`)."""
    ff, fi, par, pol = state.firm_f, state.firm_i, q.par, q.pol
    ind = fi[FI_INDUSTRY, i]
    target = world.ind_f[IF_RD, ind] * (1.0 + par[P_RD_SUBSIDY_ELASTICITY] * pol[L_RD_SUBSIDY])
    if world.ind_f[IF_HNTE_FIELD, ind] > 0.0 and fi[FI_IP1, i] + fi[FI_IP2, i] > 0:
        goal = par[P_HNTE_RD_MARGIN] * hnte_rd_threshold_py(ff[FF_REV_Y1, i])
        seek = 1.0 if in_reserve_pool_py(q.index, fi[FI_COACHED_Q, i], par) else par[P_HNTE_SEEKING]
        if goal > target:
            target += seek * (goal - target)
    return target


def growth_shock(i: int, rev: float, q) -> tuple[float, float]:
    """(σ, shock): Laplace(0, σ), σ = min(σ₀·(S/1000)^−β, max_sigma), S = 4·revenue (≥ sigma_min_size)."""
    par = q.par
    size = max(4.0 * rev, par[P_SIGMA_MIN_SIZE])
    sigma = min(
        par[P_GROWTH_SIGMA] * fexp_py(-par[P_GROWTH_BETA] * flog_py(size / SIGMA_REF_SIZE)),
        par[P_MAX_SIGMA],
    )
    return sigma, sigma * laplace_py(uniform_py(q.key_int, i, S_GROWTH), 1.0)


def firm_quarter(i: int, state, world, q, reach_, spill: float) -> dict[str, float]:
    """Alive firm ``i``'s own quarter: R&D, innovation, imitation, growth, cash, exit.

    Writes the firm's row of ``state``; returns its contributions to the sums.
    """
    ff, fi, ind_f, node_f = state.firm_f, state.firm_i, world.ind_f, world.node_f
    key, par, pol, qi = q.key_int, q.par, q.pol, q.index
    node, ind = int(fi[FI_NODE, i]), int(fi[FI_INDUSTRY, i])
    age_q = qi - int(fi[FI_BIRTH_Q, i])
    rev, emp = float(ff[FF_REVENUE, i]), float(ff[FF_EMPLOYEES, i])
    kn = float(ff[FF_KNOWLEDGE, i]) + spill
    cash, debt = float(ff[FF_CASH, i]), float(ff[FF_DEBT, i])
    # R&D, and what the R&D subsidy pays of it.
    nu = rd_intensity(i, state, world, q)
    rd = nu * rev
    subsidy = pol[L_RD_SUBSIDY] * rd
    st_share = fi[FI_ST_STAFF, i] / max(emp, 1.0)
    eff = (
        rd
        * (1.0 + par[P_TALENT_EFFECT] * st_share)
        * (1.0 + par[P_PLATFORM_BOOST] * node_f[NF_PLATFORMS, node])
    )
    # Innovation (K+S): P = 1 − exp(−ζ · R&D_eff).
    innov = hit_1mexp_py(uniform_py(key, i, S_INNOV), par[P_ZETA_INNOVATION] * eff)
    contracts = 0.0
    if innov:
        kn += par[P_INNOVATION_STEP] * (par[P_STEP_MIN] + uniform_py(key, i, S_STEP))
        if uniform_py(key, i, S_IP) < par[P_IP_PROB]:
            if uniform_py(key, i, S_IP1) < par[P_IP_CLASS1_SHARE]:
                fi[FI_IP1, i] += 1
            else:
                fi[FI_IP2, i] += 1
        if uniform_py(key, i, S_CONTRACT) < par[P_CONTRACT_PROB]:
            lead = par[P_CONTRACT_BASE_KNOWLEDGE] + kn - frontier_advance_py(qi, par)
            contracts = par[P_CONTRACT_VALUE] * max(lead, 0.0)
    # Imitation towards the frontier reachable through the network.
    gap = reach_[node, ind] - kn
    if gap > 0.0 and hit_1mexp_py(uniform_py(key, i, S_IMIT), par[P_ZETA_IMITATION] * eff):
        kn += par[P_IMITATION_SHARE] * gap
    # Growth: Gibrat with a Laplace shock.
    sigma, shock = growth_shock(i, rev, q)
    # Sales follow the start-of-quarter knowledge (the sales-weighted mean's date).
    kn0 = float(ff[FF_KNOWLEDGE, i])
    drift = par[P_GROWTH_MU] + par[P_KNOWLEDGE_GROWTH] * (kn0 - ind_f[IF_SALES_KN, ind])
    if innov:
        drift += par[P_INNOVATION_GROWTH]
    young = 1.0 - age_q / (4.0 * par[P_YOUNG_YEARS])
    if young > 0.0:
        drift += par[P_YOUNG_DRIFT] * young
    if node_f[NF_CITY, node] > 0.0:
        drift += par[P_STACK_GROWTH] * pol[L_POLICY_STACK]
        drift += par[P_SCENE_GROWTH] * pol[L_APP_SCENES] * ind_f[IF_DIGITAL, ind]
    # E[exp(Laplace(0, σ))] = 1/(1 − σ²): the factor keeps growth mean-preserving.
    rev = max(rev * fexp_py(drift + shock) * (1.0 - sigma * sigma), par[P_MIN_REVENUE])
    emp += par[P_EMP_ADJUST] * (par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev - emp)
    emp = max(emp, 1.0)
    ahead = kn - frontier_advance_py(qi, par) - par[P_KNOWLEDGE_HITECH_MID]
    ht_target = 1.0 / (1.0 + fexp_py(-ahead / par[P_HITECH_SLOPE]))
    if not ind_f[IF_HNTE_FIELD, ind] > 0.0:
        ht_target *= par[P_HITECH_NONFIELD]
    hitech = float(ff[FF_HITECH, i])
    hitech += par[P_HITECH_ADJUST] * (ht_target - hitech)
    # Cash: margin (hit by the shock), R&D net of subsidy, interest net of subsidy,
    # contracts, repayment.
    margin = par[P_MARGIN] + par[P_SHOCK_TO_PROFIT] * shock
    margin += par[P_SMART_MARGIN] * pol[L_SMART_PARK] * node_f[NF_PARK, node]
    margin += par[P_SMART_MARGIN] * pol[L_POLICY_STACK] * node_f[NF_CITY, node]
    interest = par[P_LOAN_RATE] * debt
    isub = pol[L_LOAN_SUBSIDY] * interest
    repay = par[P_REPAY] * debt
    cash += margin * rev - rd + subsidy - interest + isub + contracts - repay
    excess = cash - par[P_CASH_BUFFER] * rev  # above the working buffer, a share leaves
    if excess > 0.0:
        cash -= par[P_CASH_PAYOUT] * excess
    debt -= repay
    # Exit (SAIC age hazard × losses × incubation), or default: the debt is lost.
    h = world.hazard_q[min(age_q // 4, len(world.hazard_q) - 1)]
    if cash < 0.0:
        h *= par[P_CASH_HAZARD]
    if qi <= fi[FI_INCUBATED_UNTIL, i]:
        h *= par[P_INCUBATOR_HAZARD]
    exits = uniform_py(key, i, S_EXIT) < h
    defaults = (
        not exits
        and cash < 0.0
        and debt > 0.0
        and uniform_py(key, i, S_DEFAULT) < par[P_DEFAULT_RATE]
    )
    lost = debt if exits or defaults else 0.0
    if exits or defaults:
        debt = 0.0
    ff[FF_REVENUE, i], ff[FF_EMPLOYEES, i], ff[FF_RD, i], ff[FF_RD_INTENSITY, i] = rev, emp, rd, nu
    ff[FF_KNOWLEDGE, i], ff[FF_HITECH, i], ff[FF_CASH, i], ff[FF_DEBT, i] = kn, hitech, cash, debt
    ff[FF_REV_ACC, i] += rev
    ff[FF_RD_ACC, i] += rd
    ff[FF_CONTRACTS, i] = contracts
    if exits:
        fi[FI_ALIVE, i] = 0
        fi[FI_DEATH_Q, i] = qi
    return {
        "innovations": 1.0 if innov else 0.0,
        "exits": 1.0 if exits else 0.0,
        "defaulted": lost,
        "contracts": contracts,
        "paid_rd": subsidy,
        "paid_loan": isub,
    }


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.firms.run`."""
    alive = [i for i in range(state.n) if state.firm_i[FI_ALIVE, i] == 1]
    members = members_by_node(state, world)
    spill = {}
    for i in alive:
        p = choose_partner(i, state, world, q, members)
        state.firm_i[FI_PARTNER, i] = p
        spill[i] = spillover(i, p, state, q)
    reach_ = reach(world)
    # The sums are added in row order within chunks of CHUNK rows, then chunk by chunk,
    # as the kernel's (the same bits for any number of threads).
    chunks = [dict.fromkeys(SUMS, 0.0) for _ in range((state.n + CHUNK - 1) // CHUNK)]
    for i in alive:
        part = chunks[i // CHUNK]
        for name, x in firm_quarter(i, state, world, q, reach_, spill[i]).items():
            part[name] += x
    total = dict.fromkeys(SUMS, 0.0)
    for part in chunks:
        for name in SUMS:
            total[name] += part[name]
    o = ws.out[0]
    for name in ("innovations", "exits", "defaulted", "contracts"):
        o[name] = total[name]
    q.paid[L_RD_SUBSIDY] += total["paid_rd"]
    q.paid[L_LOAN_SUBSIDY] += total["paid_loan"]
    return o
