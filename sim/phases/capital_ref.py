"""Pure-Python twin of :mod:`sim.phases.capital`: the same ``run``, one firm at a time."""

import numpy as np

from ..fields import (
    FF_CASH,
    FF_DEBT,
    FF_EQUITY,
    FF_KNOWLEDGE,
    FF_REVENUE,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_FINANCED_Q,
    FI_INDUSTRY,
    FI_LABELS,
    FI_VC_MAX,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    LB_EAGLET,
    LB_GAZELLE,
    LB_HNTE,
    LB_LEADER,
    LB_SME,
    NO_Q,
)
from ..indices import (
    L_LOAN_SUBSIDY,
    P_DEAL_SIZE,
    P_LOAN_DEMAND,
    P_LOAN_SHARE,
    P_MAX_DEAL,
    P_MAX_LEVERAGE,
    P_MIN_DEAL,
    P_MIN_LOAN,
    P_VC_DEAL_RATE,
    P_VC_LADDER_BOOST,
    P_VC_MAX_AGE,
    P_VC_SCREEN,
)
from ..kernels.rng import S_LOAN, S_VC, S_VC_START, uniform_py
from .capital import OUT, Workspace, budgets

LADDER = LB_EAGLET | LB_GAZELLE | LB_LEADER


def seek_capital(i: int, state, world, q, money, sums: dict) -> None:
    """Firm ``i`` closes a VC round and takes a bank loan if it qualifies and money is left.

    VC: a young firm (at most ``vc_max_age`` years) in an HNTE field whose knowledge
    leads its industry's mean by ``vc_screen`` closes a round with probability
    ``vc_deal_rate`` (× ``vc_ladder_boost`` with a ladder label); the deal is
    ``deal_size`` × annual revenue within [``min_deal``, ``max_deal``]. Banks: an HNTE or
    tech-SME firm below ``max_leverage`` × annual revenue in debt asks for a loan with
    probability ``loan_demand`` × (1 + loan subsidy); the loan is ``loan_share`` ×
    annual revenue within [``min_loan``, ``max_deal``]. Each is made if the quarter's
    ``money`` (VC, bank) still covers it.
    """
    firm_f, firm_i, par, key = state.firm_f, state.firm_i, q.par, q.key_int
    if firm_i[FI_ALIVE, i] == 0:
        return
    ind, lab = firm_i[FI_INDUSTRY, i], firm_i[FI_LABELS, i]
    annual = 4.0 * firm_f[FF_REVENUE, i]
    raised = False
    if (
        world.ind_f[IF_HNTE_FIELD, ind] > 0.0
        and q.index - firm_i[FI_BIRTH_Q, i] <= 4.0 * par[P_VC_MAX_AGE]
        and firm_f[FF_KNOWLEDGE, i] >= world.ind_f[IF_MEAN_KN, ind] + par[P_VC_SCREEN]
    ):
        rate = par[P_VC_DEAL_RATE] * (par[P_VC_LADDER_BOOST] if lab & LADDER else 1.0)
        if uniform_py(key, i, S_VC) < rate:
            deal = min(max(par[P_DEAL_SIZE] * annual, par[P_MIN_DEAL]), par[P_MAX_DEAL])
            if deal <= money[0]:
                money[0] -= deal
                firm_f[FF_EQUITY, i] += deal
                firm_f[FF_CASH, i] += deal
                if deal > firm_i[FI_VC_MAX, i]:
                    firm_i[FI_VC_MAX, i] = int(deal)
                sums["equity"] += deal
                sums["rounds"] += 1
                raised = True
    if (
        (lab & (LB_HNTE | LB_SME)) != 0
        and firm_f[FF_DEBT, i] < par[P_MAX_LEVERAGE] * annual
        and uniform_py(key, i, S_LOAN) < par[P_LOAN_DEMAND] * (1.0 + q.pol[L_LOAN_SUBSIDY])
    ):
        loan = min(max(par[P_LOAN_SHARE] * annual, par[P_MIN_LOAN]), par[P_MAX_DEAL])
        if loan <= money[1]:
            money[1] -= loan
            firm_f[FF_DEBT, i] += loan
            firm_f[FF_CASH, i] += loan
            sums["loans"] += loan
            sums["loan_count"] += 1
            raised = True
    if raised and firm_i[FI_FINANCED_Q, i] == NO_Q:
        firm_i[FI_FINANCED_Q, i] = q.index
        sums["financed"] += 1


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.capital.run`: the investors scan firms from a random start."""
    ws.reserve(state)
    ws.budgets[:] = budgets(q)
    sums = dict.fromkeys(OUT.names, 0.0)
    n = state.n
    if n:
        start = int(uniform_py(q.key_int, 0, S_VC_START) * n)
        for t in range(n):  # the investors' rotating scan
            seek_capital((start + t) % n, state, world, q, ws.budgets, sums)
    o = ws.out[0]
    for name, v in sums.items():
        o[name] = v
    return o
