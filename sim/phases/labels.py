"""Labels phase: firm cultivation and the official labels on their real calendar.

Holds ``run`` (the phase's entry), its ``Workspace`` and named outputs ``OUT``, the
kernel ``labels_kernel`` (and its threaded twin ``labels_kernel_par``), the rules
``hnte_eligible`` and ``sme_qualifies``, and 2015's certificates (``init_hnte``).

Calendar (quarter of the year, 0-based): Q1 cultivation rounds (consultants' coaching,
smart-manufacturing upgrades, 揭榜挂帅 challenge awards); Q2 tech-SME registration
(国科发政〔2017〕115号, re-evaluated each year, from 2017); Q3 Tianjin eaglet / gazelle /
leader rounds (津科规〔2021〕3号); Q4 year-end close of the annual accounts, then HNTE
certification (国科发火〔2016〕32号, valid three years, then re-application). Listing any
quarter.
"""

from dataclasses import dataclass, field

import numba
import numpy as np
from numba import prange

from ..fields import (
    FF_CASH,
    FF_CONTRACTS,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD_ACC,
    FF_RD_Y1,
    FF_RD_Y2,
    FF_RD_Y3,
    FF_REV_ACC,
    FF_REV_Y1,
    FF_REV_Y2,
    FF_REV_Y3,
    FF_REV_Y4,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_EAGLET_Q,
    FI_GAZELLE_Q,
    FI_HNTE_Q,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_LABELS,
    FI_LEADER_Q,
    FI_LISTED_Q,
    FI_SME_Q,
    FI_ST_STAFF,
    FI_VC_MAX,
    IF_HNTE_FIELD,
    IF_MANUF,
    IF_MEAN_KN,
    LB_EAGLET,
    LB_GAZELLE,
    LB_HNTE,
    LB_LEADER,
    LB_LISTED,
    LB_SME,
    NO_Q,
)
from ..indices import (
    L_CHALLENGE_CALLS,
    L_HNTE_CULTIVATION,
    L_LISTING_REWARD,
    L_SMART_UPGRADE,
    L_TIER_GRANT,
    P_CHALLENGE_AWARD,
    P_CHALLENGE_KNOWLEDGE,
    P_CHALLENGE_LEAD,
    P_COACH_BONUS,
    P_COACH_MIN_KNOWLEDGE,
    P_EAGLET_APPLY,
    P_GAZELLE_APPLY,
    P_GAZELLE_GROWTH,
    P_GAZELLE_MAX_AGE,
    P_GAZELLE_MIN_REVENUE,
    P_GRANT_EFFECT,
    P_HNTE_APPLY,
    P_LEADER_MIN_RD,
    P_LEADER_MIN_REVENUE,
    P_LISTING_MIN_REVENUE,
    P_LISTING_RATE,
    P_LISTING_REWARD_SCALE,
    P_RENEW_APPLY,
    P_SME_REGISTER,
    P_UPGRADE_HITECH,
    P_UPGRADE_KNOWLEDGE,
)
from ..kernels.common import (
    CHUNK,
    add_chunk_sums,
    alive_rows,
    frontier_advance,
    hnte_rd_threshold,
    hnte_score,
    in_reserve_pool,
    sme_score,
    threaded_twin,
)
from ..kernels.jit import njit
from ..kernels.rng import (
    S_APPLY_EAGLET,
    S_APPLY_GAZELLE,
    S_APPLY_HNTE,
    S_APPLY_SME,
    S_CHALLENGE,
    S_COACH,
    S_INIT_HNTE_YEAR,
    S_LISTING,
    S_UPGRADE,
    uniform,
    uniform_np,
)

HNTE_VALID_Q = 12  # 国科发火〔2016〕32号 第十二条: certificate valid 3 years
HNTE_MIN_AGE_Q = 4  # 第十一条(一): registered ≥ 1 year
HNTE_MIN_ST = 0.10  # 第十一条(四): S&T staff ≥ 10% of employees
HNTE_MIN_HITECH = 0.60  # 第十一条(六): high-tech products/services ≥ 60% of revenue
HNTE_MIN_SCORE = 70.0  # 第十一条(七): innovation score ≥ 70 (of 100)
SME_MAX_EMPLOYEES = 500.0  # 国科发政〔2017〕115号 第六条(三): ≤ 500 employees
SME_MAX_REVENUE = 20000.0  # ≤ 200M yuan revenue [10k yuan]
SME_MAX_ASSETS = 20000.0  # ≤ 200M yuan assets [10k yuan]; assets ≈ revenue + cash (assumed)
SME_MIN_SCORE = 60.0  # 第七条: score ≥ 60 with a non-zero S&T-staff score
EAGLET_MAX_AGE_Y = 8  # 津科规〔2021〕3号: ≤ 8 years since registration
EAGLET_MIN_REVENUE = 10.0  # last-year revenue ≥ 100k yuan [10k yuan]
EAGLET_MIN_IP2 = 2  # or ≥ 2 class-II IP (same rule)
EAGLET_MIN_VC = 100.0  # ≥ 1M yuan from one VC [10k yuan]
GAZELLE_MIN_EMPLOYEES = 10.0  # OECD–Eurostat high-growth firm: ≥ 10 employees
SME_REGISTRY_OPENS = 2017  # 国科发政〔2017〕115号: the tech-SME registry opened in 2017

# The phase's named outputs (one record a quarter).
OUT = np.dtype(
    [
        ("new_hnte", "f8"),  # HNTE certificates granted to firms without one
        ("lost_hnte", "f8"),  # expired certificates not renewed
        ("new_listed", "f8"),  # new listings
        ("coached", "f8"),  # firms coached towards HNTE (Q1)
        ("upgraded", "f8"),  # smart-manufacturing upgrades (Q1)
        ("challenge_awards", "f8"),  # 揭榜挂帅 awards (Q1)
        ("challenge_value", "f8"),  # their contract value [10k yuan]
        ("new_ladder", "f8"),  # eaglet / gazelle / leader labels granted to firms without one
    ]
)
# Columns of the kernel's per-chunk sums: the outputs in ``OUT`` order, then two payments.
A_NEW_HNTE, A_LOST_HNTE, A_NEW_LISTED, A_COACHED, A_UPGRADED = 0, 1, 2, 3, 4
A_CHALLENGE_AWARDS, A_CHALLENGE_VALUE, A_NEW_LADDER = 5, 6, 7
A_GRANTS_PAID = 8  # tier grants paid [10k yuan] (lever ``tier_grant``)
A_REWARDS_PAID = 9  # listing rewards paid [10k yuan] (lever ``listing_reward``)
N_SUMS = 10


@dataclass(eq=False)
class Workspace:
    """The labels phase's settings and outputs.

    ``threads`` > 1 runs the kernel's chunks of rows on that many numba threads (the same
    bits). After ``run``: ``out`` (record ``OUT``). The phase keeps no per-firm buffer.
    """

    threads: int = 1
    out: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)


def run(state, world, q, ws: Workspace) -> np.void:
    """Cultivation, year-end close and label rounds; returns ``ws.out[0]`` (fields of ``OUT``).

    The tech-SME registry exists from 2017, the Tianjin ladder from the parameter
    ``label_program_start``; grants and rewards paid are added to ``q.paid``.
    """
    sme_on = q.year >= SME_REGISTRY_OPENS
    ladder_on = q.year >= q.params["label_program_start"]
    kernel = labels_kernel
    if ws.threads > 1:
        numba.set_num_threads(ws.threads)
        kernel = labels_kernel_par
    kernel(
        q.index,
        q.key,
        q.qy,
        state.n,
        state.firm_f,
        state.firm_i,
        world.ind_f,
        q.par,
        q.pol,
        sme_on,
        ladder_on,
        q.paid,
        # the record's fields as floats, in ``OUT`` order (``ws.out.view(np.float64)``
        # costs 1.1 µs, checking in Python that a record may be viewed so; this 0.2)
        np.frombuffer(ws.out, np.float64),
    )
    return ws.out[0]


@njit(cache=True)
def rd_ratio3(firm_f, i):
    """R&D / sales over the last three completed years (actual years for young firms)."""
    rev3 = firm_f[FF_REV_Y1, i] + firm_f[FF_REV_Y2, i] + firm_f[FF_REV_Y3, i]
    if rev3 <= 0.0:
        return 0.0
    return (firm_f[FF_RD_Y1, i] + firm_f[FF_RD_Y2, i] + firm_f[FF_RD_Y3, i]) / rev3


@njit(cache=True, inline="always")
def hnte_basic_conditions(q, i, firm_f, firm_i, ind_f):
    """Conditions (一)–(四) and (六) of :func:`hnte_eligible`, without a branch.

    Necessary for eligibility and cheap (no R&D history, no score): the HNTE round lists
    the firms that pass them before it runs the whole test (:func:`_hnte_round`).
    Written ``not a < b`` where the test reads ``a < b`` fails, so both treat NaN alike.
    """
    return (
        (not q - firm_i[FI_BIRTH_Q, i] < HNTE_MIN_AGE_Q)
        & (not firm_i[FI_IP1, i] + firm_i[FI_IP2, i] < 1)
        & (ind_f[IF_HNTE_FIELD, firm_i[FI_INDUSTRY, i]] != 0.0)
        & (not firm_i[FI_ST_STAFF, i] < HNTE_MIN_ST * firm_f[FF_EMPLOYEES, i])
        & (not firm_f[FF_HITECH, i] < HNTE_MIN_HITECH)
    )


@njit(cache=True, inline="always")
def hnte_eligible(q, i, firm_f, firm_i, ind_f, par):
    """True if firm ``i`` meets every HNTE condition of 国科发火〔2016〕32号 第十一条 at quarter ``q``.

    (一) registered ≥ 1 year; (二) owns core IP; (三) field in the supported list;
    (四) S&T staff ≥ 10%; (五) 3-year R&D/sales ≥ 5/4/3% by latest sales; (六) high-tech
    revenue ≥ 60%; (七) innovation score ≥ 70. (八) no violation is assumed.
    """
    if not hnte_basic_conditions(q, i, firm_f, firm_i, ind_f):
        return False
    thr = hnte_rd_threshold(firm_f[FF_REV_Y1, i])
    ratio = rd_ratio3(firm_f, i)
    if ratio < thr:
        return False
    g = 0.0
    if firm_f[FF_REV_Y2, i] > 0.0:
        g = firm_f[FF_REV_Y1, i] / firm_f[FF_REV_Y2, i] - 1.0
    know = firm_f[FF_KNOWLEDGE, i] - frontier_advance(q, par)  # against today's frontier
    score = hnte_score(firm_i[FI_IP1, i], firm_i[FI_IP2, i], know, ratio, thr, g, par)
    return score >= HNTE_MIN_SCORE


@njit(cache=True, error_model="numpy", inline="always")
def sme_rule(emp, rev, cash, rd, labels, staff, ip1, ip2):
    """The tech-SME conditions (国科发政〔2017〕115号 第六、七条) on one firm's fields.

    Written with ``&`` and selects (see the cultivation rules below): the size limits
    (第六条), then a valid HNTE certificate (第七条) or a score ≥ 60 with S&T-staff
    points. ``emp``, ``rev`` (last year), ``cash``, ``rd`` (last year) as in ``firm_f``;
    ``labels``, ``staff``, ``ip1``, ``ip2`` as in ``firm_i``.
    """
    small = (
        (emp <= SME_MAX_EMPLOYEES)
        & (rev <= SME_MAX_REVENUE)
        & (rev + max(cash, 0.0) <= SME_MAX_ASSETS)
    )
    hnte = (labels & LB_HNTE) != 0
    st_share = staff / max(emp, 1.0)
    ratio = rd / (rev if rev > 0.0 else 1.0)
    ratio = ratio if rev > 0.0 else 0.0
    score, st = sme_score(st_share, ratio, ip1, ip2)
    return small & (hnte | ((score >= SME_MIN_SCORE) & (st > 0.0)))


@njit(cache=True)
def sme_qualifies(i, firm_f, firm_i):
    """True if firm ``i`` may register as a tech SME (:func:`sme_rule` on its fields)."""
    return sme_rule(
        firm_f[FF_EMPLOYEES, i],
        firm_f[FF_REV_Y1, i],
        firm_f[FF_CASH, i],
        firm_f[FF_RD_Y1, i],
        firm_i[FI_LABELS, i],
        firm_i[FI_ST_STAFF, i],
        firm_i[FI_IP1, i],
        firm_i[FI_IP2, i],
    )


@njit(cache=True)
def _sme_pass(lo, hi, firm_f, firm_i, qual):
    """``qual[j]`` = :func:`sme_rule` for row ``lo + j``, alive or not.

    One loop without branches over contiguous fields (one store, eight loads), which
    LLVM can vectorise; the SME round reads the result for its alive rows.
    """
    emp = firm_f[FF_EMPLOYEES, lo:hi]
    rev = firm_f[FF_REV_Y1, lo:hi]
    cash = firm_f[FF_CASH, lo:hi]
    rd = firm_f[FF_RD_Y1, lo:hi]
    labels = firm_i[FI_LABELS, lo:hi]
    staff = firm_i[FI_ST_STAFF, lo:hi]
    ip1 = firm_i[FI_IP1, lo:hi]
    ip2 = firm_i[FI_IP2, lo:hi]
    for j in range(hi - lo):
        qual[j] = sme_rule(emp[j], rev[j], cash[j], rd[j], labels[j], staff[j], ip1[j], ip2[j])


# The three rules are written with ``&`` on booleans, not ``and``: short-circuit chains
# compile to a branch per condition, and on an unpredictable mix of firms the
# mispredictions made the cultivation passes ten times slower (48 -> 4 µs at 2,000 rows).
@njit(cache=True)
def _coachable(q, i, firm_f, firm_i, ind_f, par):
    """Coaching candidates: supported field, uncertified, uncoached, ahead of the frontier by the bar."""
    return (
        (ind_f[IF_HNTE_FIELD, firm_i[FI_INDUSTRY, i]] > 0.0)
        & ((firm_i[FI_LABELS, i] & LB_HNTE) == 0)
        & (firm_i[FI_COACHED_Q, i] == NO_Q)
        & (firm_f[FF_KNOWLEDGE, i] - frontier_advance(q, par) >= par[P_COACH_MIN_KNOWLEDGE])
    )


@njit(cache=True)
def _upgradable(i, firm_f, firm_i, ind_f):
    """Smart-manufacturing upgrades go to manufacturers below the HNTE high-tech share."""
    return (ind_f[IF_MANUF, firm_i[FI_INDUSTRY, i]] > 0.0) & (
        firm_f[FF_HITECH, i] < HNTE_MIN_HITECH
    )


@njit(cache=True)
def _challenger(i, firm_f, firm_i, ind_f, par):
    """揭榜挂帅 bidders lead their industry's mean knowledge by ``challenge_lead``."""
    lead = par[P_CHALLENGE_LEAD]
    return firm_f[FF_KNOWLEDGE, i] >= ind_f[IF_MEAN_KN, firm_i[FI_INDUSTRY, i]] + lead


@njit(cache=True)
def _cultivation_counts(lo, hi, q, firm_f, firm_i, ind_f, par, counts):
    """Rows ``lo .. hi-1`` eligible for coaching, upgrades and challenge calls, into ``counts``."""
    n_coach = 0
    n_up = 0
    n_ch = 0
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        n_coach += _coachable(q, i, firm_f, firm_i, ind_f, par)
        n_up += _upgradable(i, firm_f, firm_i, ind_f)
        n_ch += _challenger(i, firm_f, firm_i, ind_f, par)
    counts[0] = n_coach
    counts[1] = n_up
    counts[2] = n_ch


@njit(cache=True)
def _cultivate(lo, hi, q, key, firm_f, firm_i, ind_f, par, p_coach, p_up, p_ch, acc):
    """Cultivation draws on rows ``lo .. hi-1`` (Q1); counts into ``acc`` (``A_*`` columns).

    Eligibility is read at the draw, so an upgrade's knowledge counts for the challenge.
    """
    award = par[P_CHALLENGE_AWARD]
    n_coached = 0
    n_upgraded = 0
    n_awards = 0
    value = 0.0
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        # Each win is its rule and its draw, both taken for every row (draws are pure),
        # and the win is written by selects: a branch on it (or on the rule) is a coin
        # toss the predictor loses, and LLVM splits a branch on ``rule & draw`` in two.
        coached = _coachable(q, i, firm_f, firm_i, ind_f, par) & (
            uniform(key, i, S_COACH) < p_coach
        )
        firm_i[FI_COACHED_Q, i] = q if coached else firm_i[FI_COACHED_Q, i]
        n_coached += coached
        upgraded = _upgradable(i, firm_f, firm_i, ind_f) & (uniform(key, i, S_UPGRADE) < p_up)
        kn = firm_f[FF_KNOWLEDGE, i]
        hitech = firm_f[FF_HITECH, i]
        kn = kn + par[P_UPGRADE_KNOWLEDGE] if upgraded else kn
        firm_f[FF_KNOWLEDGE, i] = kn
        firm_f[FF_HITECH, i] = min(1.0, hitech + par[P_UPGRADE_HITECH]) if upgraded else hitech
        n_upgraded += upgraded
        awarded = _challenger(i, firm_f, firm_i, ind_f, par) & (uniform(key, i, S_CHALLENGE) < p_ch)
        if awarded:  # no calls in the default run (a predictable branch)
            firm_f[FF_KNOWLEDGE, i] += par[P_CHALLENGE_KNOWLEDGE]
            firm_f[FF_CASH, i] += award
            firm_f[FF_CONTRACTS, i] += award
            n_awards += 1
            value += award
    acc[A_COACHED] += n_coached
    acc[A_UPGRADED] += n_upgraded
    acc[A_CHALLENGE_AWARDS] += n_awards
    acc[A_CHALLENGE_VALUE] += value


@njit(cache=True)
def _close_year(lo, hi, firm_f):
    """Year-end close of the annual accounts on rows ``lo .. hi-1`` (alive or not).

    Each year's column moves back one (oldest first), then this year's sums open at 0.
    One loop per field: a copy between two rows of ``firm_f`` that LLVM vectorises.
    """
    for older, newer in (
        (FF_REV_Y4, FF_REV_Y3),
        (FF_REV_Y3, FF_REV_Y2),
        (FF_REV_Y2, FF_REV_Y1),
        (FF_REV_Y1, FF_REV_ACC),
        (FF_RD_Y3, FF_RD_Y2),
        (FF_RD_Y2, FF_RD_Y1),
        (FF_RD_Y1, FF_RD_ACC),
    ):
        dst = firm_f[older, lo:hi]
        src = firm_f[newer, lo:hi]
        for j in range(hi - lo):
            dst[j] = src[j]
    firm_f[FF_REV_ACC, lo:hi] = 0.0
    firm_f[FF_RD_ACC, lo:hi] = 0.0


@njit(cache=True)
def _hnte_round(q, key, live, firm_f, firm_i, ind_f, par, grant, grant_p, acc):
    """HNTE certification (Q4) of the alive rows ``live``: applications, renewals, expiries.

    Firms without a certificate apply, holders of an expired one re-apply, each by a draw,
    and are certified if :func:`hnte_eligible`; an expired certificate not renewed is lost.
    Few firms have anything to decide (an expiry, or a successful draw and conditions
    (一)–(四), (六) of the rule, ~5% of rows), so a first pass lists them without a branch
    (as :func:`~sim.kernels.common.alive_rows`) and the round runs on the list: its
    conditions were branches on an unpredictable mix of firms.
    """
    renew_p = par[P_RENEW_APPLY]
    apply_p = par[P_HNTE_APPLY] + grant_p
    todo = np.empty(live.shape[0], dtype=np.int64)
    k = 0
    for t in range(live.shape[0]):
        i = live[t]
        holds = (firm_i[FI_LABELS, i] & LB_HNTE) != 0
        expired = holds & (q - firm_i[FI_HNTE_Q, i] >= HNTE_VALID_Q)
        p = renew_p if holds else apply_p
        p += par[P_COACH_BONUS] if in_reserve_pool(q, firm_i[FI_COACHED_Q, i], par) else 0.0
        may_pass = hnte_basic_conditions(q, i, firm_f, firm_i, ind_f)
        todo[k] = i
        k += expired | ((not holds) & may_pass & (uniform(key, i, S_APPLY_HNTE) < p))
    for t in range(k):
        i = todo[t]
        lab = firm_i[FI_LABELS, i]
        holds = (lab & LB_HNTE) != 0
        expired = holds and q - firm_i[FI_HNTE_Q, i] >= HNTE_VALID_Q
        p = renew_p if holds else apply_p
        if in_reserve_pool(q, firm_i[FI_COACHED_Q, i], par):
            p += par[P_COACH_BONUS]
        if uniform(key, i, S_APPLY_HNTE) < p and hnte_eligible(q, i, firm_f, firm_i, ind_f, par):
            lab |= LB_HNTE
            firm_i[FI_HNTE_Q, i] = q
            if not holds:
                acc[A_NEW_HNTE] += 1.0
                acc[A_GRANTS_PAID] += grant
        elif expired:
            lab &= ~LB_HNTE
            firm_i[FI_HNTE_Q, i] = NO_Q
            acc[A_LOST_HNTE] += 1.0
        firm_i[FI_LABELS, i] = lab


@njit(cache=True)
def _label_rounds(lo, hi, q, key, qy, firm_f, firm_i, ind_f, par, pol, sme_on, ladder_on, acc):
    """Run the quarter's label rounds on rows ``lo .. hi-1``.

    ``acc`` (N_SUMS,): new and lost HNTE, new listings and ladder labels, tier grants and
    listing rewards paid [10k yuan] (``A_*`` columns), each summed in row order.
    """
    grant = pol[L_TIER_GRANT]
    grant_p = par[P_GRANT_EFFECT] * grant
    renew_p = par[P_RENEW_APPLY]
    sme_round = (qy == 1) & sme_on
    qual = np.empty(hi - lo if sme_round else 0, dtype=np.bool_)
    if sme_round:
        _sme_pass(lo, hi, firm_f, firm_i, qual)
    live = np.empty(hi - lo, dtype=np.int64)
    n_live = alive_rows(lo, hi, firm_i, live)
    if qy == 3:
        _hnte_round(q, key, live[:n_live], firm_f, firm_i, ind_f, par, grant, grant_p, acc)
    for t in range(n_live):
        i = live[t]
        lab = firm_i[FI_LABELS, i]
        firm_i[FI_LABELS, i] = lab
        if qy == 1 and sme_on:
            had = (lab & LB_SME) != 0
            p = renew_p if had else par[P_SME_REGISTER]
            # Selects: who registers is a coin toss the branch predictor loses.
            registers = qual[i - lo] & (uniform(key, i, S_APPLY_SME) < p)
            lab = lab | LB_SME if registers else lab & ~LB_SME
            firm_i[FI_SME_Q, i] = q if registers else NO_Q
        if qy == 2 and ladder_on:
            age_y = (q - firm_i[FI_BIRTH_Q, i]) / 4.0
            rev1 = firm_f[FF_REV_Y1, i]
            leader = (
                rev1 >= par[P_LEADER_MIN_REVENUE]
                and (lab & LB_HNTE) != 0
                and rd_ratio3(firm_f, i) >= par[P_LEADER_MIN_RD]
                and rev1 >= firm_f[FF_REV_Y2, i]
            )
            gazelle = False
            rev4 = firm_f[FF_REV_Y4, i]
            if (
                not leader
                and age_y <= par[P_GAZELLE_MAX_AGE]
                and rev1 >= par[P_GAZELLE_MIN_REVENUE]
                and rev4 > 0.0
                and firm_f[FF_EMPLOYEES, i] >= GAZELLE_MIN_EMPLOYEES
                and (lab & (LB_HNTE | LB_SME)) != 0
            ):
                gazelle = (rev1 / rev4) ** (1.0 / 3.0) - 1.0 >= par[P_GAZELLE_GROWTH]
            eaglet = (
                not leader
                and not gazelle
                and age_y <= EAGLET_MAX_AGE_Y
                and rev1 >= EAGLET_MIN_REVENUE
                and (
                    firm_i[FI_IP1, i] >= 1
                    or firm_i[FI_IP2, i] >= EAGLET_MIN_IP2
                    or (lab & LB_HNTE) != 0
                    or firm_i[FI_VC_MAX, i] >= EAGLET_MIN_VC
                )
            )
            bit = LB_LEADER if leader else (LB_GAZELLE if gazelle else (LB_EAGLET if eaglet else 0))
            had = (lab & bit) != 0 if bit else False
            apply_p = par[P_EAGLET_APPLY] if bit == LB_EAGLET else par[P_GAZELLE_APPLY]
            p = renew_p if had else apply_p + grant_p
            u = (
                uniform(key, i, S_APPLY_GAZELLE)
                if bit == LB_GAZELLE
                else uniform(key, i, S_APPLY_EAGLET)
            )
            granted = bit != 0 and u < p
            lab &= ~(LB_EAGLET | LB_GAZELLE | LB_LEADER)
            for b, f in (
                (LB_EAGLET, FI_EAGLET_Q),
                (LB_GAZELLE, FI_GAZELLE_Q),
                (LB_LEADER, FI_LEADER_Q),
            ):
                if granted and b == bit:
                    lab |= b
                    firm_i[f, i] = q
                    if not had:
                        acc[A_NEW_LADDER] += 1.0
                        acc[A_GRANTS_PAID] += grant
                else:
                    firm_i[f, i] = NO_Q
        if (
            (lab & LB_HNTE) != 0
            and (lab & LB_LISTED) == 0
            and firm_f[FF_REV_Y1, i] >= par[P_LISTING_MIN_REVENUE]
        ):
            rate = par[P_LISTING_RATE] * (1.0 + pol[L_LISTING_REWARD] / par[P_LISTING_REWARD_SCALE])
            if uniform(key, i, S_LISTING) < rate:
                lab |= LB_LISTED
                firm_i[FI_LISTED_Q, i] = q
                acc[A_REWARDS_PAID] += pol[L_LISTING_REWARD]
                acc[A_NEW_LISTED] += 1.0
        firm_i[FI_LABELS, i] = lab


@njit(cache=True)
def labels_kernel(q, key, qy, n, firm_f, firm_i, ind_f, par, pol, sme_on, ladder_on, paid, sums):
    """Cultivation, year-end close and label rounds for quarter ``q`` (``qy`` = 0..3 in year).

    Rows are taken in fixed chunks of ``CHUNK`` and the sums added chunk by chunk, so
    :func:`labels_kernel_par` (the chunks on several threads) gives the same bits.

    Parameters
    ----------
    sme_on, ladder_on : bool
        Whether the tech-SME registry (from 2017) and the Tianjin ladder exist this year.
    paid : float64 (n_levers,), in/out
        Grants and rewards paid [10k yuan].
    sums : float64 (len(OUT.names),), out
        The quarter's outputs in ``OUT`` order (the ``A_*`` columns before the payments).
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    acc = np.zeros((n_chunks, N_SUMS))
    if qy == 0:
        # Cultivation rounds: fill a yearly quota by Bernoulli draws over the eligible.
        counts = np.zeros((n_chunks, 3), dtype=np.int64)
        for c in prange(n_chunks):
            _cultivation_counts(
                c * CHUNK, min(n, (c + 1) * CHUNK), q, firm_f, firm_i, ind_f, par, counts[c]
            )
        n_coach = 0
        n_up = 0
        n_ch = 0
        for c in range(n_chunks):
            n_coach += counts[c, 0]
            n_up += counts[c, 1]
            n_ch += counts[c, 2]
        p_coach = min(1.0, pol[L_HNTE_CULTIVATION] / max(n_coach, 1))
        p_up = min(1.0, pol[L_SMART_UPGRADE] / max(n_up, 1))
        p_ch = min(1.0, pol[L_CHALLENGE_CALLS] / par[P_CHALLENGE_AWARD] / max(n_ch, 1))
        for c in prange(n_chunks):
            lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
            _cultivate(lo, hi, q, key, firm_f, firm_i, ind_f, par, p_coach, p_up, p_ch, acc[c])
    if qy == 3:
        for c in prange(n_chunks):
            _close_year(c * CHUNK, min(n, (c + 1) * CHUNK), firm_f)
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        _label_rounds(
            lo, hi, q, key, qy, firm_f, firm_i, ind_f, par, pol, sme_on, ladder_on, acc[c]
        )
    add_chunk_sums(acc, paid, L_TIER_GRANT, L_LISTING_REWARD, sums)


labels_kernel_par = threaded_twin(
    labels_kernel, "labels_kernel_par", ":func:`labels_kernel` on numba's threads (same results)."
)


@njit(cache=True)
def _hnte_keys(lo, hi, key, firm_f, firm_i, ind_f, par, past_ok, out_keys):
    """:func:`init_hnte_keys` on rows ``lo .. hi-1``."""
    for i in range(lo, hi):
        out_keys[i] = 3.0
        if firm_i[FI_ALIVE, i] == 0:
            continue
        u = uniform(key, i, S_APPLY_HNTE)
        if hnte_eligible(0, i, firm_f, firm_i, ind_f, par):
            out_keys[i] = u
        elif (
            past_ok
            and -firm_i[FI_BIRTH_Q, i] >= HNTE_MIN_AGE_Q
            and ind_f[IF_HNTE_FIELD, firm_i[FI_INDUSTRY, i]] > 0.0
            and firm_i[FI_IP1, i] + firm_i[FI_IP2, i] >= 1
        ):
            out_keys[i] = 1.0 + u


@njit(cache=True)
def init_hnte_keys(key, n, firm_f, firm_i, ind_f, par, past_ok, out_keys):
    """Priority keys for 2015's HNTE certificates (the record: 58, §一(一)).

    Eligible firms get a random key in [0, 1); with ``past_ok``, firms that could have
    been certified in 2012–14 (registered ≥ 1 year, in a supported field, with core IP)
    get one in [1, 2) — a certificate is checked when it is issued, and a holder's state
    may have drifted since; everyone else 3. :func:`init_hnte` gives the
    certificates in key order (sorting is left to numpy: numba's sort is slow to compile).
    Rows are taken in chunks of ``CHUNK`` (:func:`init_hnte_keys_par` runs them on threads).
    """
    for c in prange((n + CHUNK - 1) // CHUNK):
        _hnte_keys(
            c * CHUNK, min(n, (c + 1) * CHUNK), key, firm_f, firm_i, ind_f, par, past_ok, out_keys
        )


init_hnte_keys_par = threaded_twin(
    init_hnte_keys, "init_hnte_keys_par", ":func:`init_hnte_keys` on numba's threads (same keys)."
)


def init_hnte(state, key, ind_f, par, target: int, apply_p: float, threads: int = 1) -> int:
    """Give 2015's HNTE certificates; return how many were given.

    ``target`` firms (the record's count) in :func:`init_hnte_keys` order — the eligible
    first, then those that could have been certified in 2012–14; with ``target < 0``
    each eligible firm holds one with probability ``apply_p``. Certificates are dated in
    the last three year-ends (quarters −1, −5, −9), so they expire on the real cycle.
    """
    n = state.n
    keys = np.empty(n)
    kernel = init_hnte_keys_par if threads > 1 else init_hnte_keys
    kernel(key, n, state.firm_f, state.firm_i, ind_f, par, target >= 0, keys)
    if target >= 0:
        # The certificates go to the c smallest keys; only the set matters (dates are
        # drawn per row), so a partition does (O(n), against a sort's O(n log n)).
        c = min(target, int((keys < 3.0).sum()))
        chosen = np.argpartition(keys, c - 1)[:c] if c > 0 else np.zeros(0, dtype=np.int64)
    else:
        chosen = np.flatnonzero(keys < apply_p)
    fi = state.firm_i
    fi[FI_LABELS, chosen] |= LB_HNTE
    when = np.floor(3.0 * uniform_np(key, chosen.astype(np.int64), S_INIT_HNTE_YEAR))
    fi[FI_HNTE_Q, chosen] = -1 - 4 * when.astype(np.int32)
    return len(chosen)
