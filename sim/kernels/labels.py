"""Label kernel: firm cultivation and the official labels on their real calendar.

Holds ``labels_kernel`` (and its threaded twin ``labels_kernel_par``), ``hnte_eligible``
and ``sme_qualifies``. Calendar (quarter of the year, 0-based): Q1 cultivation rounds
(consultants' coaching, smart-manufacturing upgrades, 揭榜挂帅 challenge awards); Q2
tech-SME registration (国科发政〔2017〕115号, re-evaluated each year, from 2017); Q3
Tianjin eaglet / gazelle / leader rounds (津科规〔2021〕3号); Q4 year-end close of the
annual accounts, then HNTE certification (国科发火〔2016〕32号, valid three years, then
re-application). Listing any quarter.
"""

import numpy as np
from numba import njit, prange

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
from .common import add_chunk_sums, hnte_rd_threshold, hnte_score, sme_score, threaded_twin
from .firms import CHUNK, alive_rows
from .rng import (
    S_APPLY_EAGLET,
    S_APPLY_GAZELLE,
    S_APPLY_HNTE,
    S_APPLY_SME,
    S_CHALLENGE,
    S_COACH,
    S_LISTING,
    S_UPGRADE,
    uniform,
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


@njit(cache=True)
def rd_ratio3(firm_f, i):
    """R&D / sales over the last three completed years (actual years for young firms)."""
    rev3 = firm_f[FF_REV_Y1, i] + firm_f[FF_REV_Y2, i] + firm_f[FF_REV_Y3, i]
    if rev3 <= 0.0:
        return 0.0
    return (firm_f[FF_RD_Y1, i] + firm_f[FF_RD_Y2, i] + firm_f[FF_RD_Y3, i]) / rev3


@njit(cache=True, inline="always")
def hnte_eligible(q, i, firm_f, firm_i, ind_f, par):
    """True if firm ``i`` meets every HNTE condition of 国科发火〔2016〕32号 第十一条 at quarter ``q``.

    (一) registered ≥ 1 year; (二) owns core IP; (三) field in the supported list;
    (四) S&T staff ≥ 10%; (五) 3-year R&D/sales ≥ 5/4/3% by latest sales; (六) high-tech
    revenue ≥ 60%; (七) innovation score ≥ 70. (八) no violation is assumed.
    """
    if q - firm_i[FI_BIRTH_Q, i] < HNTE_MIN_AGE_Q:
        return False
    if firm_i[FI_IP1, i] + firm_i[FI_IP2, i] < 1:
        return False
    if ind_f[IF_HNTE_FIELD, firm_i[FI_INDUSTRY, i]] == 0.0:
        return False
    if firm_i[FI_ST_STAFF, i] < HNTE_MIN_ST * firm_f[FF_EMPLOYEES, i]:
        return False
    thr = hnte_rd_threshold(firm_f[FF_REV_Y1, i])
    ratio = rd_ratio3(firm_f, i)
    if ratio < thr:
        return False
    if firm_f[FF_HITECH, i] < HNTE_MIN_HITECH:
        return False
    g = 0.0
    if firm_f[FF_REV_Y2, i] > 0.0:
        g = firm_f[FF_REV_Y1, i] / firm_f[FF_REV_Y2, i] - 1.0
    score = hnte_score(
        firm_i[FI_IP1, i], firm_i[FI_IP2, i], firm_f[FF_KNOWLEDGE, i], ratio, thr, g, par
    )
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
def _coachable(i, firm_f, firm_i, ind_f, par):
    """Coaching candidates: supported field, uncertified, uncoached, knowledge ≥ the bar."""
    return (
        (ind_f[IF_HNTE_FIELD, firm_i[FI_INDUSTRY, i]] > 0.0)
        & ((firm_i[FI_LABELS, i] & LB_HNTE) == 0)
        & (firm_i[FI_COACHED_Q, i] == NO_Q)
        & (firm_f[FF_KNOWLEDGE, i] >= par[P_COACH_MIN_KNOWLEDGE])
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
def _cultivation_counts(lo, hi, firm_f, firm_i, ind_f, par, counts):
    """Rows ``lo .. hi-1`` eligible for coaching, upgrades and challenge calls, into ``counts``."""
    n_coach = 0
    n_up = 0
    n_ch = 0
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        n_coach += _coachable(i, firm_f, firm_i, ind_f, par)
        n_up += _upgradable(i, firm_f, firm_i, ind_f)
        n_ch += _challenger(i, firm_f, firm_i, ind_f, par)
    counts[0] = n_coach
    counts[1] = n_up
    counts[2] = n_ch


@njit(cache=True)
def _cultivate(lo, hi, q, key, firm_f, firm_i, ind_f, par, p_coach, p_up, p_ch, acc):
    """Cultivation draws on rows ``lo .. hi-1`` (Q1); counts into ``acc[3:7]``.

    Eligibility is read at the draw, so an upgrade's knowledge counts for the challenge.
    """
    award = par[P_CHALLENGE_AWARD]
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        if _coachable(i, firm_f, firm_i, ind_f, par) and uniform(key, i, S_COACH) < p_coach:
            firm_i[FI_COACHED_Q, i] = q
            acc[3] += 1.0
        if _upgradable(i, firm_f, firm_i, ind_f) and uniform(key, i, S_UPGRADE) < p_up:
            firm_f[FF_KNOWLEDGE, i] += par[P_UPGRADE_KNOWLEDGE]
            firm_f[FF_HITECH, i] = min(1.0, firm_f[FF_HITECH, i] + par[P_UPGRADE_HITECH])
            acc[4] += 1.0
        if _challenger(i, firm_f, firm_i, ind_f, par) and uniform(key, i, S_CHALLENGE) < p_ch:
            firm_f[FF_KNOWLEDGE, i] += par[P_CHALLENGE_KNOWLEDGE]
            firm_f[FF_CASH, i] += award
            firm_f[FF_CONTRACTS, i] += award
            acc[5] += 1.0
            acc[6] += award


@njit(cache=True)
def _close_year(lo, hi, firm_f):
    """Year-end close of the annual accounts on rows ``lo .. hi-1`` (alive or not)."""
    for i in range(lo, hi):
        firm_f[FF_REV_Y4, i] = firm_f[FF_REV_Y3, i]
        firm_f[FF_REV_Y3, i] = firm_f[FF_REV_Y2, i]
        firm_f[FF_REV_Y2, i] = firm_f[FF_REV_Y1, i]
        firm_f[FF_REV_Y1, i] = firm_f[FF_REV_ACC, i]
        firm_f[FF_RD_Y3, i] = firm_f[FF_RD_Y2, i]
        firm_f[FF_RD_Y2, i] = firm_f[FF_RD_Y1, i]
        firm_f[FF_RD_Y1, i] = firm_f[FF_RD_ACC, i]
        firm_f[FF_REV_ACC, i] = 0.0
        firm_f[FF_RD_ACC, i] = 0.0


@njit(cache=True)
def _label_rounds(lo, hi, q, key, qy, firm_f, firm_i, ind_f, par, pol, sme_on, ladder_on, acc):
    """Run the quarter's label rounds on rows ``lo .. hi-1``.

    ``acc`` (10,): ``out`` slots 0, 1, 2 and 7 of :func:`labels_kernel`, then tier grants
    and listing rewards paid [10k yuan], each summed in row order.
    """
    grant = pol[L_TIER_GRANT]
    grant_p = par[P_GRANT_EFFECT] * grant
    renew_p = par[P_RENEW_APPLY]
    sme_round = (qy == 1) & sme_on
    qual = np.empty(hi - lo if sme_round else 0, dtype=np.bool_)
    if sme_round:
        _sme_pass(lo, hi, firm_f, firm_i, qual)
    live = np.empty(hi - lo, dtype=np.int64)
    for t in range(alive_rows(lo, hi, firm_i, live)):
        i = live[t]
        lab = firm_i[FI_LABELS, i]
        if qy == 3:
            holds = (lab & LB_HNTE) != 0
            expired = holds and q - firm_i[FI_HNTE_Q, i] >= HNTE_VALID_Q
            if not holds or expired:
                p = renew_p if holds else par[P_HNTE_APPLY] + grant_p
                if firm_i[FI_COACHED_Q, i] != NO_Q:
                    p += par[P_COACH_BONUS]
                # The draw first: it is cheaper than the rule and fails more often
                # (both are pure, so the order changes nothing).
                if uniform(key, i, S_APPLY_HNTE) < p and hnte_eligible(
                    q, i, firm_f, firm_i, ind_f, par
                ):
                    lab |= LB_HNTE
                    firm_i[FI_HNTE_Q, i] = q
                    if not holds:
                        acc[0] += 1.0
                        acc[8] += grant
                elif expired:
                    lab &= ~LB_HNTE
                    firm_i[FI_HNTE_Q, i] = NO_Q
                    acc[1] += 1.0
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
                        acc[7] += 1.0
                        acc[8] += grant
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
                acc[9] += pol[L_LISTING_REWARD]
                acc[2] += 1.0
        firm_i[FI_LABELS, i] = lab


@njit(cache=True)
def labels_kernel(q, key, qy, n, firm_f, firm_i, ind_f, par, pol, sme_on, ladder_on, paid, out):
    """Cultivation, year-end close and label rounds for quarter ``q`` (``qy`` = 0..3 in year).

    Rows are taken in fixed chunks of ``CHUNK`` and the sums added chunk by chunk, so
    :func:`labels_kernel_par` (the chunks on several threads) gives the same bits.

    Parameters
    ----------
    sme_on, ladder_on : bool
        Whether the tech-SME registry (from 2017) and the Tianjin ladder exist this year.
    paid : float64 (n_levers,), in/out
        Grants and rewards paid [10k yuan].
    out : float64 (8,), out
        new HNTE, lost HNTE, new listings, coached, upgraded, challenge awards,
        challenge contract value [10k yuan], new ladder labels.
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    acc = np.zeros((n_chunks, 10))
    if qy == 0:
        # Cultivation rounds: fill a yearly quota by Bernoulli draws over the eligible.
        counts = np.zeros((n_chunks, 3), dtype=np.int64)
        for c in prange(n_chunks):
            _cultivation_counts(
                c * CHUNK, min(n, (c + 1) * CHUNK), firm_f, firm_i, ind_f, par, counts[c]
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
    add_chunk_sums(acc, paid, L_TIER_GRANT, L_LISTING_REWARD, out)


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
    may have drifted since; everyone else 3. :func:`sim.firms.init_hnte` gives the
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
