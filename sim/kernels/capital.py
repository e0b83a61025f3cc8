"""Capital kernel: VC equity rounds and bank tech loans, screened and budget-limited.

Holds ``capital_kernel``. Investors scan firms from a random rotating start (no index
bias) and fund those passing their screen while this quarter's budget lasts; unspent
budget lapses. VC: young firms in supported fields whose knowledge leads their industry
(§四(五)2 tech finance, guidance funds' leverage). Banks: labelled firms not yet indebted
(科技信贷, 投贷联动, IP pledge). Anchor: 263 firms raised 4.05 bn yuan in 2016–2020 (§一(一)).
"""

from numba import njit

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
from ..levers import L_LOAN_SUBSIDY
from ..params import P_DEAL_SIZE, P_VC_SCREEN
from .rng import S_LOAN, S_VC, uniform

VC_DEAL_RATE = 0.10  # chance a screened firm closes a round this quarter, assumed 0.02–0.1
VC_MAX_AGE_Q = 40  # VC looks at firms ≤ 10 years old, assumed 5–15 years
MIN_DEAL = 50.0  # smallest round [10k yuan], assumed 20–200
MAX_DEAL = 20000.0  # largest round [10k yuan], assumed 5000–50000
LOAN_DEMAND = 0.08  # chance a labelled firm takes a loan this quarter, assumed 0.02–0.2
LOAN_SHARE = 0.5  # loan size / annual revenue, assumed 0.2–1
MAX_LEVERAGE = 0.5  # labelled firms borrow while debt < this share of annual revenue, assumed 0.3–1


@njit(cache=True)
def capital_kernel(q, key, n, firm_f, firm_i, ind_f, par, pol, budgets, out):
    """One quarter of VC rounds and bank loans.

    Parameters
    ----------
    budgets : float64 (2,), in/out
        VC and bank money available this quarter [10k yuan]; decreased by what is lent.
    out : float64 (5,), out
        equity invested, loans made [10k yuan], rounds, loans, firms financed for the first time.
    """
    for k in range(out.shape[0]):
        out[k] = 0.0
    if n == 0:
        return
    start = int(uniform(key, 0, S_VC + 1000) * n)
    ladder = LB_EAGLET | LB_GAZELLE | LB_LEADER
    for t in range(n):
        i = start + t
        if i >= n:
            i -= n
        if firm_i[FI_ALIVE, i] == 0:
            continue
        ind = firm_i[FI_INDUSTRY, i]
        annual = 4.0 * firm_f[FF_REVENUE, i]
        lab = firm_i[FI_LABELS, i]
        raised = False
        if (
            ind_f[IF_HNTE_FIELD, ind] > 0.0
            and q - firm_i[FI_BIRTH_Q, i] <= VC_MAX_AGE_Q
            and firm_f[FF_KNOWLEDGE, i] >= ind_f[IF_MEAN_KN, ind] + par[P_VC_SCREEN]
        ):
            rate = VC_DEAL_RATE * (2.0 if lab & ladder else 1.0)
            if uniform(key, i, S_VC) < rate:
                deal = min(max(par[P_DEAL_SIZE] * annual, MIN_DEAL), MAX_DEAL)
                if deal <= budgets[0]:
                    budgets[0] -= deal
                    firm_f[FF_EQUITY, i] += deal
                    firm_f[FF_CASH, i] += deal
                    if deal > firm_i[FI_VC_MAX, i]:
                        firm_i[FI_VC_MAX, i] = int(deal)
                    out[0] += deal
                    out[2] += 1.0
                    raised = True
        if (lab & (LB_HNTE | LB_SME)) != 0 and firm_f[FF_DEBT, i] < MAX_LEVERAGE * annual:
            if uniform(key, i, S_LOAN) < LOAN_DEMAND * (1.0 + pol[L_LOAN_SUBSIDY]):
                loan = min(max(LOAN_SHARE * annual, MIN_DEAL / 2.0), MAX_DEAL)
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
