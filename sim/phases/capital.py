"""Capital phase: VC equity rounds and bank tech loans, screened and budget-limited.

Holds ``run`` (one quarter), its ``Workspace`` and named outputs (``OUT``), the quarter's
budgets (:func:`budgets`) and ``capital_kernel`` (and its threaded twin
``capital_kernel_par``). Investors scan
firms from a random rotating start (no index bias) and fund those passing their screen
while this quarter's budget lasts; unspent budget lapses. VC: young firms in supported
fields whose knowledge leads their industry (§四(五)2 tech finance, guidance funds'
leverage). Banks: labelled firms not yet indebted (科技信贷). IP pledge financing
(知识产权质押融资, lever ``ip_pledge``, its own budget): firms whose R&D their cash cannot
fund and that got no bank loan this quarter borrow against their patents, part of it as
the lender's equity (投贷联动). Anchor: 263 firms raised 4.05 bn yuan in 2016–2020 (§一(一)).
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
    FF_REV_Y1,
    FF_REVENUE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_FINANCED_Q,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_LABELS,
    FI_VC_MAX,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    IF_RD,
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
    P_VC_BUDGET,
    P_VC_DEAL_RATE,
    P_VC_LADDER_BOOST,
    P_VC_MAX_AGE,
    P_VC_SCREEN,
)
from ..kernels.common import CHUNK, alive_rows, in_reserve_pool
from ..kernels.jit import njit
from ..kernels.rng import S_LOAN, S_PLEDGE, S_VC, S_VC_START, uniform
from .firms import liquidity_factor, rd_target

# The phase's named outputs (one record a quarter).
OUT = np.dtype(
    [
        ("equity", "f8"),  # equity invested: VC rounds and 投贷联动 stakes [10k yuan]
        ("loans", "f8"),  # loans made: bank loans and IP-pledge loans [10k yuan]
        ("rounds", "f8"),  # VC rounds closed
        ("loan_count", "f8"),  # bank loans made (not IP-pledge ones)
        ("financed", "f8"),  # firms financed for the first time
        ("pledge_loans", "f8"),  # IP-pledge loans made (part of loans) [10k yuan]
        ("pledge_equity", "f8"),  # 投贷联动 equity with them (part of equity) [10k yuan]
        ("pledge_count", "f8"),  # IP-pledge packages made
    ]
)

# Bits of a firm's screen result (``Workspace._wants``).
WANT_VC, WANT_LOAN, WANT_PLEDGE = 1, 2, 4


@dataclass(eq=False)
class Workspace:
    """The capital phase's buffers and outputs.

    After ``run``: ``out`` (record ``OUT``); ``budgets`` (float64 (3,)) the VC, bank and
    IP-pledge money of the quarter left unspent [10k yuan] (it lapses). ``threads`` > 1 runs the
    screen on that many numba threads (same results).
    """

    n_firms: int
    threads: int = 1
    out: np.ndarray = field(init=False)
    budgets: np.ndarray = field(init=False)
    # scratch: each firm's screen result (bits WANT_VC, WANT_LOAN, WANT_PLEDGE)
    _wants: np.ndarray = field(init=False, repr=False)
    # a quarter's money (``budgets(q)``) and the levers and parameters it is for
    _money: np.ndarray = field(init=False, repr=False)
    _money_for: tuple = field(default=(None, None), init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.budgets = np.zeros(3)
        self._wants = np.zeros(self.n_firms, dtype=np.uint8)
        self._money = np.zeros(3)

    def refill(self, q) -> None:
        """Put the quarter's money, :func:`budgets`, into ``budgets``.

        It changes with the levers, by year: kept for the lever and parameter vectors it
        was computed from (new levers — a new year, ``set_levers``, a fork's — are a new
        vector), it is computed again only when they change.
        """
        pol, par = self._money_for
        if pol is not q.pol or par is not q.par:
            self._money[:] = budgets(q)
            self._money_for = (q.pol, q.par)
        self.budgets[:] = self._money

    def reserve(self, state) -> None:
        """Room for ``state``'s firm capacity."""
        if state.firm_capacity > self._wants.shape[0]:
            self.n_firms = state.firm_capacity
            self._wants = np.zeros(self.n_firms, dtype=np.uint8)


def budgets(q) -> tuple[float, float, float]:
    """The quarter's VC, bank and IP-pledge money [10k yuan].

    VC: the investors' budget plus the guidance funds times their leverage (引导基金);
    banks: the tech-loan budget; IP pledge: the lever ``ip_pledge`` (知识产权质押融资 and
    投贷联动), lent only against patents (:func:`pledge_package`). A quarter of the yearly
    amounts.
    """
    par, pol = q.par, q.pol
    vc = (par[P_VC_BUDGET] + par[P_GUIDANCE_LEVERAGE] * pol[L_GUIDANCE_FUND]) / 4.0
    return vc, par[P_BANK_BUDGET] / 4.0, pol[L_IP_PLEDGE] / 4.0


def run(state, world, q, ws: Workspace) -> np.void:
    """The quarter's VC rounds and bank loans; returns ``ws.out[0]`` (fields of ``OUT``)."""
    ws.reserve(state)
    ws.refill(q)
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
    """Rows ``lo .. hi-1``: which firms close a VC round, take a loan or seek an IP pledge.

    Sets the bits ``WANT_VC``, ``WANT_LOAN`` and ``WANT_PLEDGE`` (a seeker,
    :func:`pledge_seeker`, whose IP a lender accepts: chance ``ip_pledge_approval``).
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
    pledge_on = pol[L_IP_PLEDGE] > 0.0
    approval = par[P_IP_PLEDGE_APPROVAL]
    # The alive rows (an exited firm wants nothing), with their draws made up front; then
    # loops without branches over them: the screens are unpredictable firm by firm.
    out = wants[lo:hi]
    out[:] = 0
    live = np.empty(hi - lo, dtype=np.int64)
    m = alive_rows(lo, hi, firm_i, live)
    u_vc = np.empty(m)
    u_loan = np.empty(m)
    for t in range(m):
        u_vc[t] = uniform(key, live[t], S_VC)
    for t in range(m):
        u_loan[t] = uniform(key, live[t], S_LOAN)
    ind_r = firm_i[FI_INDUSTRY]
    lab_r = firm_i[FI_LABELS]
    birth_r = firm_i[FI_BIRTH_Q]
    kn_r = firm_f[FF_KNOWLEDGE]
    debt_r = firm_f[FF_DEBT]
    rev_r = firm_f[FF_REVENUE]
    field = ind_f[IF_HNTE_FIELD]
    mean_kn = ind_f[IF_MEAN_KN]
    for t in range(m):
        i = live[t]
        ind = ind_r[i]
        lab = lab_r[i]
        screened = (
            (field[ind] > 0.0)
            & (q - birth_r[i] <= vc_max_age_q)
            & (kn_r[i] >= mean_kn[ind] + vc_screen)
        )
        rate = vc_deal_rate * (ladder_boost if (lab & ladder) != 0 else 1.0)
        bankable = ((lab & (LB_HNTE | LB_SME)) != 0) & (debt_r[i] < max_leverage * (4.0 * rev_r[i]))
        vc = screened & (u_vc[t] < rate)
        loan = bankable & (u_loan[t] < loan_p)
        pledge = (
            pledge_on
            and uniform(key, i, S_PLEDGE) < approval
            and pledge_seeker(q, i, firm_f, firm_i, ind_f, par, pol)
        )
        out[i - lo] = WANT_VC * vc + WANT_LOAN * loan + WANT_PLEDGE * pledge


@njit(cache=True)
def pledge_seeker(q, i, firm_f, firm_i, ind_f, par, pol):
    """Whether firm ``i`` seeks IP-pledge financing (知识产权质押融资) this quarter.

    It holds IP, its cash cannot fund the R&D it plans (:func:`~sim.phases.firms.
    liquidity_factor` below 1, as the firms phase will find), and its patents secure a
    package of at least ``min_loan`` (:func:`pledge_package`). Whether a bank loan comes
    first is decided in the scan (a firm that gets one is not credit-denied).
    """
    ip1, ip2 = firm_i[FI_IP1, i], firm_i[FI_IP2, i]
    if ip1 + ip2 == 0:
        return False
    ind = firm_i[FI_INDUSTRY, i]
    rev = firm_f[FF_REVENUE, i]
    target = rd_target(
        ind_f[IF_RD, ind],
        ind_f[IF_HNTE_FIELD, ind] > 0.0,
        in_reserve_pool(q, firm_i[FI_COACHED_Q, i], par),
        firm_f[FF_REV_Y1, i],
        par,
        pol,
    )
    if liquidity_factor(firm_f[FF_CASH, i], target * rev, par) >= 1.0:
        return False
    return pledge_package(ip1, ip2, firm_f[FF_DEBT, i], rev, par) >= par[P_MIN_LOAN]


@njit(cache=True)
def pledge_package(ip1, ip2, debt, rev, par):
    """IP-pledge financing a firm can raise [10k yuan]: what its patents secure.

    ``ip_pledge_value_1`` per class-I and ``ip_pledge_value_2`` per class-II IP, at most
    ``max_deal``; the patents add to what revenue supports, so total debt stays below
    ``max_leverage`` × annual revenue + the pledged value (never negative).
    """
    value = par[P_IP_PLEDGE_VALUE_1] * ip1 + par[P_IP_PLEDGE_VALUE_2] * ip2
    room = par[P_MAX_LEVERAGE] * (4.0 * rev) + value - debt
    return max(min(value, room, par[P_MAX_DEAL]), 0.0)


@njit(cache=True)
def _fund(q, key, n, firm_f, firm_i, par, budgets, wants, out):
    """The investors' scan from a random rotating start: fund the screened while money lasts."""
    equity = 0.0
    loans = 0.0
    rounds = 0.0
    loan_count = 0.0
    financed = 0.0
    pledge_loans = 0.0
    pledge_equity = 0.0
    pledge_count = 0.0
    start = int(uniform(key, 0, S_VC_START) * n) if n > 0 else 0
    min_deal = par[P_MIN_DEAL]
    max_deal = par[P_MAX_DEAL]
    loan_share = par[P_LOAN_SHARE]
    min_loan = par[P_MIN_LOAN]
    eq_share = par[P_IP_PLEDGE_EQUITY_SHARE]
    for t in range(n):
        if (budgets[0] < min_deal) & (budgets[1] < min_loan) & (budgets[2] < min_loan):
            break  # no round or loan fits what is left (each is at least its minimum)
        i = start + t
        if i >= n:
            i -= n
        w = wants[i]
        if w == 0:
            continue
        annual = 4.0 * firm_f[FF_REVENUE, i]
        raised = False
        loaned = False
        if w & WANT_VC:
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
        if w & WANT_LOAN:
            loan = min(max(loan_share * annual, min_loan), max_deal)
            if loan <= budgets[1]:
                budgets[1] -= loan
                firm_f[FF_DEBT, i] += loan
                firm_f[FF_CASH, i] += loan
                loans += loan
                loan_count += 1.0
                raised = True
                loaned = True
        if (w & WANT_PLEDGE) and not loaned:  # credit denied: the patents secure it
            package = pledge_package(
                firm_i[FI_IP1, i], firm_i[FI_IP2, i], firm_f[FF_DEBT, i], firm_f[FF_REVENUE, i], par
            )
            if package <= budgets[2]:
                budgets[2] -= package
                stake = eq_share * package  # 投贷联动: the lender's investment arm
                firm_f[FF_EQUITY, i] += stake
                firm_f[FF_DEBT, i] += package - stake
                firm_f[FF_CASH, i] += package
                equity += stake
                loans += package - stake
                pledge_equity += stake
                pledge_loans += package - stake
                pledge_count += 1.0
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
    o.pledge_loans = pledge_loans
    o.pledge_equity = pledge_equity
    o.pledge_count = pledge_count


@njit(cache=True)
def capital_kernel(q, key, n, firm_f, firm_i, ind_f, par, pol, budgets, wants, out):
    """One quarter of VC rounds and bank loans.

    Parameters
    ----------
    budgets : float64 (3,), in/out
        VC, bank and IP-pledge money available this quarter [10k yuan]; decreased by what
        is invested or lent.
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
