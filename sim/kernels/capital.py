"""Capital kernel: VC equity rounds and bank tech loans, screened and budget-limited.

Holds ``capital_kernel`` (and its threaded twin ``capital_kernel_par``). Investors scan
firms from a random rotating start (no index bias) and fund those passing their screen
while this quarter's budget lasts; unspent budget lapses. VC: young firms in supported
fields whose knowledge leads their industry (§四(五)2 tech finance, guidance funds'
leverage). Banks: labelled firms not yet indebted (科技信贷, 投贷联动, IP pledge). Anchor:
263 firms raised 4.05 bn yuan in 2016–2020 (§一(一)).
"""

import numpy as np
from numba import njit, prange

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
from .firms import CHUNK
from .rng import S_LOAN, S_VC, S_VC_START, uniform


@njit(cache=True)
def _screen(lo, hi, q, key, firm_f, firm_i, ind_f, par, pol, wants):
    """Rows ``lo .. hi-1``: which firms close a VC round (bit 1) or take a loan (bit 2).

    The screen and the deal draws depend only on the firm, not on what others got, so
    they run before (and apart from) the budget-limited scan.
    """
    ladder = LB_EAGLET | LB_GAZELLE | LB_LEADER
    loan_p = par[P_LOAN_DEMAND] * (1.0 + pol[L_LOAN_SUBSIDY])
    vc_screen = par[P_VC_SCREEN]
    vc_max_age_q = 4.0 * par[P_VC_MAX_AGE]  # [quarters]
    vc_deal_rate = par[P_VC_DEAL_RATE]
    max_leverage = par[P_MAX_LEVERAGE]
    ladder_boost = par[P_VC_LADDER_BOOST]
    m = hi - lo
    # Every row (an exited one wants nothing) with its draws made up front, all in
    # loops without branches: the screens are unpredictable firm by firm.
    u_vc = np.empty(m)
    u_loan = np.empty(m)
    for j in range(m):
        u_vc[j] = uniform(key, lo + j, S_VC)
    for j in range(m):
        u_loan[j] = uniform(key, lo + j, S_LOAN)
    alive = firm_i[FI_ALIVE, lo:hi]
    ind_r = firm_i[FI_INDUSTRY, lo:hi]
    lab_r = firm_i[FI_LABELS, lo:hi]
    birth_r = firm_i[FI_BIRTH_Q, lo:hi]
    kn_r = firm_f[FF_KNOWLEDGE, lo:hi]
    debt_r = firm_f[FF_DEBT, lo:hi]
    rev_r = firm_f[FF_REVENUE, lo:hi]
    field = ind_f[IF_HNTE_FIELD]
    mean_kn = ind_f[IF_MEAN_KN]
    out = wants[lo:hi]
    for j in range(m):
        ind = ind_r[j]
        lab = lab_r[j]
        screened = (
            (field[ind] > 0.0)
            & (q - birth_r[j] <= vc_max_age_q)
            & (kn_r[j] >= mean_kn[ind] + vc_screen)
        )
        rate = vc_deal_rate * (ladder_boost if (lab & ladder) != 0 else 1.0)
        bankable = ((lab & (LB_HNTE | LB_SME)) != 0) & (debt_r[j] < max_leverage * (4.0 * rev_r[j]))
        vc = screened & (u_vc[j] < rate)
        loan = bankable & (u_loan[j] < loan_p)
        out[j] = (alive[j] == 1) * (vc + 2 * loan)


@njit(cache=True)
def _fund(q, key, n, firm_f, firm_i, par, budgets, wants, out):
    """The investors' scan from a random rotating start: fund the screened while money lasts."""
    for k in range(out.shape[0]):
        out[k] = 0.0
    if n == 0:
        return
    start = int(uniform(key, 0, S_VC_START) * n)
    min_deal = par[P_MIN_DEAL]
    max_deal = par[P_MAX_DEAL]
    loan_share = par[P_LOAN_SHARE]
    min_loan = par[P_MIN_LOAN]
    for t in range(n):
        if (budgets[0] < min_deal) & (budgets[1] < min_loan):
            break  # no round or loan fits what is left (each is at least its minimum)
        i = start + t
        if i >= n:
            i -= n
        w = wants[i]
        if w == 0:
            continue
        annual = 4.0 * firm_f[FF_REVENUE, i]
        raised = False
        if w & 1:
            deal = min(max(par[P_DEAL_SIZE] * annual, min_deal), max_deal)
            if deal <= budgets[0]:
                budgets[0] -= deal
                firm_f[FF_EQUITY, i] += deal
                firm_f[FF_CASH, i] += deal
                if deal > firm_i[FI_VC_MAX, i]:
                    firm_i[FI_VC_MAX, i] = int(deal)
                out[0] += deal
                out[2] += 1.0
                raised = True
        if w & 2:
            loan = min(max(loan_share * annual, min_loan), max_deal)
            if loan <= budgets[1]:
                budgets[1] -= loan
                firm_f[FF_DEBT, i] += loan
                firm_f[FF_CASH, i] += loan
                out[1] += loan
                out[3] += 1.0
                raised = True
        if raised and firm_i[FI_FINANCED_Q, i] == NO_Q:
            firm_i[FI_FINANCED_Q, i] = q
            out[4] += 1.0


@njit(cache=True)
def capital_kernel(q, key, n, firm_f, firm_i, ind_f, par, pol, budgets, wants, out):
    """One quarter of VC rounds and bank loans.

    Parameters
    ----------
    budgets : float64 (2,), in/out
        VC and bank money available this quarter [10k yuan]; decreased by what is lent.
    wants : uint8 (cap_firms,)
        Work space: each firm's screen result.
    out : float64 (5,), out
        equity invested, loans made [10k yuan], rounds, loans, firms financed for the first time.
    """
    for c in range((n + CHUNK - 1) // CHUNK):
        _screen(c * CHUNK, min(n, (c + 1) * CHUNK), q, key, firm_f, firm_i, ind_f, par, pol, wants)
    _fund(q, key, n, firm_f, firm_i, par, budgets, wants, out)


@njit(cache=True, parallel=True)
def capital_kernel_par(q, key, n, firm_f, firm_i, ind_f, par, pol, budgets, wants, out):
    """:func:`capital_kernel` with the screen on numba's threads (the funding scan is serial)."""
    for c in prange((n + CHUNK - 1) // CHUNK):
        _screen(c * CHUNK, min(n, (c + 1) * CHUNK), q, key, firm_f, firm_i, ind_f, par, pol, wants)
    _fund(q, key, n, firm_f, firm_i, par, budgets, wants, out)
