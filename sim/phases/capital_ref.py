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
    FI_IP1,
    FI_IP2,
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
    L_IP_PLEDGE,
    L_LOAN_SUBSIDY,
    P_DEAL_SIZE,
    P_IP_PLEDGE_APPROVAL,
    P_IP_PLEDGE_EQUITY_SHARE,
    P_IP_PLEDGE_VALUE_1,
    P_IP_PLEDGE_VALUE_2,
    P_LOAN_DEMAND,
    P_LOAN_SHARE,
    P_MAX_DEAL,
    P_MAX_LEVERAGE,
    P_MIN_DEAL,
    P_MIN_LOAN,
    P_RD_CASH_COVER,
    P_RD_CUT_BROKE,
    P_VC_DEAL_RATE,
    P_VC_LADDER_BOOST,
    P_VC_MAX_AGE,
    P_VC_SCREEN,
)
from ..kernels.rng import S_LOAN, S_PLEDGE, S_VC, S_VC_START, uniform_py
from .capital import OUT, Workspace, budgets
from .firms_ref import rd_target

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
    ``money`` (VC, bank) still covers it. A firm denied a bank loan that seeks an IP
    pledge (:func:`pledge_seeker`), if a lender accepts its IP (chance
    ``ip_pledge_approval``), raises :func:`pledge_package` from the IP-pledge money
    (``money[2]``), ``ip_pledge_equity_share`` of it as equity (投贷联动), the rest as debt.
    """
    firm_f, firm_i, par, key = state.firm_f, state.firm_i, q.par, q.key_int
    if firm_i[FI_ALIVE, i] == 0:
        return
    ind, lab = firm_i[FI_INDUSTRY, i], firm_i[FI_LABELS, i]
    annual = 4.0 * firm_f[FF_REVENUE, i]
    raised = loaned = False
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
            raised = loaned = True
    if (
        not loaned
        and q.pol[L_IP_PLEDGE] > 0.0
        and pledge_seeker(i, state, world, q)
        and uniform_py(key, i, S_PLEDGE) < par[P_IP_PLEDGE_APPROVAL]
    ):
        package = pledge_package(i, state, q)
        if package <= money[2]:
            money[2] -= package
            stake = par[P_IP_PLEDGE_EQUITY_SHARE] * package
            firm_f[FF_EQUITY, i] += stake
            firm_f[FF_DEBT, i] += package - stake
            firm_f[FF_CASH, i] += package
            sums["equity"] += stake
            sums["loans"] += package - stake
            sums["pledge_equity"] += stake
            sums["pledge_loans"] += package - stake
            sums["pledge_count"] += 1
            raised = True
    if raised and firm_i[FI_FINANCED_Q, i] == NO_Q:
        firm_i[FI_FINANCED_Q, i] = q.index
        sums["financed"] += 1


def pledge_seeker(i: int, state, world, q) -> bool:
    """Firm ``i`` holds IP, its cash cannot fund its planned R&D, and its IP secures a loan.

    Cash-constrained as the firms phase judges it: cash below ``rd_cash_cover`` quarters
    of the planned R&D (:func:`sim.phases.firms_ref.rd_target` × revenue), so it would
    commit less than planned (unless ``rd_cut_broke`` is 1).
    """
    ff, fi, par = state.firm_f, state.firm_i, q.par
    if fi[FI_IP1, i] + fi[FI_IP2, i] == 0:
        return False
    need = par[P_RD_CASH_COVER] * rd_target(i, state, world, q) * float(ff[FF_REVENUE, i])
    if not (need > 0.0 and ff[FF_CASH, i] < need and par[P_RD_CUT_BROKE] < 1.0):
        return False  # it commits all the R&D it plans
    return pledge_package(i, state, q) >= par[P_MIN_LOAN]


def pledge_package(i: int, state, q) -> float:
    """What firm ``i``'s patents secure [10k yuan]: their value, within its debt room.

    ``ip_pledge_value_1`` × class-I + ``ip_pledge_value_2`` × class-II IP, at most
    ``max_deal`` and at most ``max_leverage`` × annual revenue + that value − debt (≥ 0).
    """
    ff, fi, par = state.firm_f, state.firm_i, q.par
    value = par[P_IP_PLEDGE_VALUE_1] * fi[FI_IP1, i] + par[P_IP_PLEDGE_VALUE_2] * fi[FI_IP2, i]
    room = par[P_MAX_LEVERAGE] * (4.0 * ff[FF_REVENUE, i]) + value - ff[FF_DEBT, i]
    return max(min(value, room, par[P_MAX_DEAL]), 0.0)


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
