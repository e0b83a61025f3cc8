"""Capital phase: VC equity rounds and bank tech loans, screened and budget-limited.

Holds ``run`` (one quarter), its ``Workspace`` and named outputs (``OUT``), the quarter's
budgets (:func:`budgets`) and ``capital_kernel`` (and its threaded twin
``capital_kernel_par``). Investors scan
firms from a random rotating start (no index bias) and fund those passing their screen
while this quarter's budget lasts; unspent budget lapses. VC: young firms in supported
fields whose knowledge leads their industry (§四(五)2 tech finance, guidance funds'
leverage). Banks: labelled firms not yet indebted (科技信贷, 投贷联动, IP pledge). Anchor:
263 firms raised 4.05 bn yuan in 2016–2020 (§一(一)).
"""

from dataclasses import dataclass, field

import numba
import numpy as np
from numba import prange

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
    L_GUIDANCE_FUND,
    L_IP_PLEDGE,
    L_LOAN_SUBSIDY,
    P_BANK_BUDGET,
    P_DEAL_SIZE,
    P_GUIDANCE_LEVERAGE,
    P_LOAN_DEMAND,
    P_LOAN_SHARE,
    P_MAX_DEAL,
    P_MAX_LEVERAGE,
    P_MIN_DEAL,
    P_MIN_LOAN,
    P_VC_BUDGET,
    P_VC_DEAL_RATE,
    P_VC_LADDER_BOOST,
    P_VC_MAX_AGE,
    P_VC_SCREEN,
)
from ..kernels.common import CHUNK
from ..kernels.jit import njit
from ..kernels.rng import S_LOAN, S_VC, S_VC_START, uniform

# The phase's named outputs (one record a quarter).
OUT = np.dtype(
    [
        ("equity", "f8"),  # VC equity invested [10k yuan]
        ("loans", "f8"),  # bank loans made [10k yuan]
        ("rounds", "f8"),  # VC rounds closed
        ("loan_count", "f8"),  # loans made
        ("financed", "f8"),  # firms financed for the first time
    ]
)


@dataclass(eq=False)
class Workspace:
    """The capital phase's buffers and outputs.

    After ``run``: ``out`` (record ``OUT``); ``budgets`` (float64 (2,)) the VC and bank
    money of the quarter left unspent [10k yuan] (it lapses). ``threads`` > 1 runs the
    screen on that many numba threads (same results).
    """

    n_firms: int
    threads: int = 1
    out: np.ndarray = field(init=False)
    budgets: np.ndarray = field(init=False)
    # scratch: each firm's screen result (bit 1 a VC round, bit 2 a loan)
    _wants: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.budgets = np.zeros(2)
        self._wants = np.zeros(self.n_firms, dtype=np.uint8)

    def reserve(self, state) -> None:
        """Room for ``state``'s firm capacity."""
        if state.firm_capacity > self._wants.shape[0]:
            self.n_firms = state.firm_capacity
            self._wants = np.zeros(self.n_firms, dtype=np.uint8)


def budgets(q) -> tuple[float, float]:
    """The quarter's VC and bank money [10k yuan].

    VC: the investors' budget plus the guidance funds times their leverage (引导基金);
    banks: the tech-loan budget plus IP pledge financing (知识产权质押). A quarter of
    the yearly amounts.
    """
    par, pol = q.par, q.pol
    vc = (par[P_VC_BUDGET] + par[P_GUIDANCE_LEVERAGE] * pol[L_GUIDANCE_FUND]) / 4.0
    bank = (par[P_BANK_BUDGET] + pol[L_IP_PLEDGE]) / 4.0
    return vc, bank


def run(state, world, q, ws: Workspace) -> np.void:
    """The quarter's VC rounds and bank loans; returns ``ws.out[0]`` (fields of ``OUT``)."""
    ws.reserve(state)
    ws.budgets[:] = budgets(q)
    kernel = capital_kernel
    if ws.threads > 1:
        numba.set_num_threads(ws.threads)
        kernel = capital_kernel_par
    kernel(
        q.index,
        q.key,
        state.n,
        state.firm_f,
        state.firm_i,
        world.ind_f,
        q.par,
        q.pol,
        ws.budgets,
        ws._wants,
        ws.out,
    )
    return ws.out[0]


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
    equity = 0.0
    loans = 0.0
    rounds = 0.0
    loan_count = 0.0
    financed = 0.0
    start = int(uniform(key, 0, S_VC_START) * n) if n > 0 else 0
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
                equity += deal
                rounds += 1.0
                raised = True
        if w & 2:
            loan = min(max(loan_share * annual, min_loan), max_deal)
            if loan <= budgets[1]:
                budgets[1] -= loan
                firm_f[FF_DEBT, i] += loan
                firm_f[FF_CASH, i] += loan
                loans += loan
                loan_count += 1.0
                raised = True
        if raised and firm_i[FI_FINANCED_Q, i] == NO_Q:
            firm_i[FI_FINANCED_Q, i] = q
            financed += 1.0
    o = out[0]
    o.equity = equity
    o.loans = loans
    o.rounds = rounds
    o.loan_count = loan_count
    o.financed = financed


@njit(cache=True)
def capital_kernel(q, key, n, firm_f, firm_i, ind_f, par, pol, budgets, wants, out):
    """One quarter of VC rounds and bank loans.

    Parameters
    ----------
    budgets : float64 (2,), in/out
        VC and bank money available this quarter [10k yuan]; decreased by what is lent.
    wants : uint8 (cap_firms,)
        Work space: each firm's screen result.
    out : record array (1,) of ``OUT``, out
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
