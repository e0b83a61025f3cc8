"""Pure-Python twin of :mod:`sim.phases.labels`: the same ``run``, one firm (row) at a time.

``ff`` and ``fi`` are the state's ``firm_f`` and ``firm_i``; ``i`` is a firm's row. Each
rule reads as its official text: HNTE (国科发火〔2016〕32号), tech SME (国科发政〔2017〕115号),
the Tianjin ladder (津科规〔2021〕3号), and the Q1 cultivation rounds.
"""

import numpy as np

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
    frontier_advance_py,
    hnte_rd_threshold_py,
    hnte_score_py,
    in_reserve_pool_py,
    sme_score_py,
)
from ..kernels.rng import (
    S_APPLY_EAGLET,
    S_APPLY_GAZELLE,
    S_APPLY_HNTE,
    S_APPLY_SME,
    S_CHALLENGE,
    S_COACH,
    S_LISTING,
    S_UPGRADE,
    uniform_py,
)
from .labels import (
    EAGLET_MAX_AGE_Y,
    EAGLET_MIN_IP2,
    EAGLET_MIN_REVENUE,
    EAGLET_MIN_VC,
    GAZELLE_MIN_EMPLOYEES,
    HNTE_MIN_AGE_Q,
    HNTE_MIN_HITECH,
    HNTE_MIN_SCORE,
    HNTE_MIN_ST,
    HNTE_VALID_Q,
    OUT,
    SME_MAX_ASSETS,
    SME_MAX_EMPLOYEES,
    SME_MAX_REVENUE,
    SME_MIN_SCORE,
    SME_REGISTRY_OPENS,
    Workspace,
)

LADDER = ((LB_EAGLET, FI_EAGLET_Q), (LB_GAZELLE, FI_GAZELLE_Q), (LB_LEADER, FI_LEADER_Q))


def rd_ratio3(ff, i) -> float:
    """R&D / sales over the last three completed years."""
    rev3 = ff[FF_REV_Y1, i] + ff[FF_REV_Y2, i] + ff[FF_REV_Y3, i]
    if rev3 <= 0.0:
        return 0.0
    return (ff[FF_RD_Y1, i] + ff[FF_RD_Y2, i] + ff[FF_RD_Y3, i]) / rev3


def hnte_eligible(q, i, ff, fi, ind_f, par) -> bool:
    """Every HNTE condition of 国科发火〔2016〕32号 第十一条 at quarter ``q``.

    (一) registered ≥ 1 year; (二) owns core IP; (三) field in the supported list;
    (四) S&T staff ≥ 10%; (五) 3-year R&D/sales ≥ 5/4/3% by latest sales; (六) high-tech
    revenue ≥ 60%; (七) innovation score ≥ 70. (八) no violation is assumed.
    """
    if q - fi[FI_BIRTH_Q, i] < HNTE_MIN_AGE_Q or fi[FI_IP1, i] + fi[FI_IP2, i] < 1:
        return False
    if ind_f[IF_HNTE_FIELD, fi[FI_INDUSTRY, i]] == 0.0:
        return False
    if fi[FI_ST_STAFF, i] < HNTE_MIN_ST * ff[FF_EMPLOYEES, i]:
        return False
    thr = hnte_rd_threshold_py(ff[FF_REV_Y1, i])
    ratio = rd_ratio3(ff, i)
    if ratio < thr or ff[FF_HITECH, i] < HNTE_MIN_HITECH:
        return False
    rev1, rev2 = ff[FF_REV_Y1, i], ff[FF_REV_Y2, i]
    growth = rev1 / rev2 - 1.0 if rev2 > 0.0 else 0.0
    know = ff[FF_KNOWLEDGE, i] - frontier_advance_py(q, par)  # against today's frontier
    score = hnte_score_py(fi[FI_IP1, i], fi[FI_IP2, i], know, ratio, thr, growth, par)
    return score >= HNTE_MIN_SCORE


def sme_qualifies(i, ff, fi) -> bool:
    """Tech-SME conditions (国科发政〔2017〕115号 第六、七条).

    Small (≤ 500 employees, ≤ 200M yuan revenue and assets ≈ revenue + cash), then a
    valid HNTE certificate, or a score ≥ 60 with S&T-staff points.
    """
    emp, rev = ff[FF_EMPLOYEES, i], ff[FF_REV_Y1, i]
    if emp > SME_MAX_EMPLOYEES or rev > SME_MAX_REVENUE:
        return False
    if rev + max(ff[FF_CASH, i], 0.0) > SME_MAX_ASSETS:
        return False
    if fi[FI_LABELS, i] & LB_HNTE:
        return True
    st_share = fi[FI_ST_STAFF, i] / max(emp, 1.0)
    ratio = ff[FF_RD_Y1, i] / rev if rev > 0.0 else 0.0
    score, st = sme_score_py(st_share, ratio, fi[FI_IP1, i], fi[FI_IP2, i])
    return score >= SME_MIN_SCORE and st > 0.0


def coachable(q, i, ff, fi, ind_f, par) -> bool:
    """Coaching candidates: supported field, uncertified, uncoached, ahead of the frontier by the bar."""
    return (
        ind_f[IF_HNTE_FIELD, fi[FI_INDUSTRY, i]] > 0.0
        and not fi[FI_LABELS, i] & LB_HNTE
        and fi[FI_COACHED_Q, i] == NO_Q
        and ff[FF_KNOWLEDGE, i] - frontier_advance_py(q, par) >= par[P_COACH_MIN_KNOWLEDGE]
    )


def upgradable(i, ff, fi, ind_f) -> bool:
    """Smart-manufacturing upgrades go to manufacturers below the HNTE high-tech share."""
    return ind_f[IF_MANUF, fi[FI_INDUSTRY, i]] > 0.0 and ff[FF_HITECH, i] < HNTE_MIN_HITECH


def challenger(i, ff, fi, ind_f, par) -> bool:
    """揭榜挂帅 bidders lead their industry's mean knowledge by ``challenge_lead``."""
    return ff[FF_KNOWLEDGE, i] >= ind_f[IF_MEAN_KN, fi[FI_INDUSTRY, i]] + par[P_CHALLENGE_LEAD]


def cultivate(i, q, ff, fi, ind_f, par, p_coach, p_up, p_ch, out) -> None:
    """Q1: coaching, a smart-manufacturing upgrade and challenge awards for firm ``i``.

    Each round fills its yearly quota by a draw with probability ``p_*``; eligibility is
    read at the draw, so an upgrade's knowledge counts for the challenge.
    """
    key = q.key_int
    if coachable(q.index, i, ff, fi, ind_f, par) and uniform_py(key, i, S_COACH) < p_coach:
        fi[FI_COACHED_Q, i] = q.index
        out["coached"] += 1.0
    if upgradable(i, ff, fi, ind_f) and uniform_py(key, i, S_UPGRADE) < p_up:
        ff[FF_KNOWLEDGE, i] += par[P_UPGRADE_KNOWLEDGE]
        ff[FF_HITECH, i] = min(1.0, ff[FF_HITECH, i] + par[P_UPGRADE_HITECH])
        out["upgraded"] += 1.0
    if challenger(i, ff, fi, ind_f, par) and uniform_py(key, i, S_CHALLENGE) < p_ch:
        award = par[P_CHALLENGE_AWARD]
        ff[FF_KNOWLEDGE, i] += par[P_CHALLENGE_KNOWLEDGE]
        ff[FF_CASH, i] += award
        ff[FF_CONTRACTS, i] += award
        out["challenge_awards"] += 1.0
        out["challenge_value"] += award


def close_year(i, ff) -> None:
    """Q4: the year's revenue and R&D become last year's; the older years shift back."""
    ff[FF_REV_Y4, i], ff[FF_REV_Y3, i], ff[FF_REV_Y2, i] = (
        ff[FF_REV_Y3, i],
        ff[FF_REV_Y2, i],
        ff[FF_REV_Y1, i],
    )
    ff[FF_REV_Y1, i] = ff[FF_REV_ACC, i]
    ff[FF_RD_Y3, i], ff[FF_RD_Y2, i] = ff[FF_RD_Y2, i], ff[FF_RD_Y1, i]
    ff[FF_RD_Y1, i] = ff[FF_RD_ACC, i]
    ff[FF_REV_ACC, i] = 0.0
    ff[FF_RD_ACC, i] = 0.0


def hnte_round(i, q, ff, fi, ind_f, par, grant, out) -> float:
    """Q4: a firm without a valid certificate applies; return the tier grant it earns.

    First-time applicants apply with ``hnte_apply`` (more with the tier grant, more if
    coached), holders of an expiring certificate with ``renew_apply``; a certificate is
    granted if the firm meets every rule, and lapses otherwise after three years.
    """
    lab = fi[FI_LABELS, i]
    holds = (lab & LB_HNTE) != 0
    expired = holds and q.index - fi[FI_HNTE_Q, i] >= HNTE_VALID_Q
    if holds and not expired:
        return 0.0
    p = par[P_RENEW_APPLY] if holds else par[P_HNTE_APPLY] + par[P_GRANT_EFFECT] * grant
    if in_reserve_pool_py(q.index, fi[FI_COACHED_Q, i], par):
        p += par[P_COACH_BONUS]
    if hnte_eligible(q.index, i, ff, fi, ind_f, par) and uniform_py(q.key_int, i, S_APPLY_HNTE) < p:
        fi[FI_LABELS, i] = lab | LB_HNTE
        fi[FI_HNTE_Q, i] = q.index
        if not holds:
            out["new_hnte"] += 1.0
            return grant
    elif expired:
        fi[FI_LABELS, i] = lab & ~LB_HNTE
        fi[FI_HNTE_Q, i] = NO_Q
        out["lost_hnte"] += 1.0
    return 0.0


def sme_round(i, q, ff, fi, par) -> None:
    """Q2: every qualifying firm registers as a tech SME (again each year) with a draw."""
    had = fi[FI_LABELS, i] & LB_SME
    p = par[P_RENEW_APPLY] if had else par[P_SME_REGISTER]
    if sme_qualifies(i, ff, fi) and uniform_py(q.key_int, i, S_APPLY_SME) < p:
        fi[FI_LABELS, i] |= LB_SME
        fi[FI_SME_Q, i] = q.index
    else:
        fi[FI_LABELS, i] &= ~LB_SME
        fi[FI_SME_Q, i] = NO_Q


def ladder_label(i, q, ff, fi, par) -> int:
    """The one Tianjin ladder label firm ``i`` fits (leader, gazelle, eaglet), or 0."""
    lab = fi[FI_LABELS, i]
    age_y = (q.index - fi[FI_BIRTH_Q, i]) / 4.0
    rev1, rev4 = ff[FF_REV_Y1, i], ff[FF_REV_Y4, i]
    if (
        rev1 >= par[P_LEADER_MIN_REVENUE]
        and lab & LB_HNTE
        and rd_ratio3(ff, i) >= par[P_LEADER_MIN_RD]
        and rev1 >= ff[FF_REV_Y2, i]
    ):
        return LB_LEADER
    if (
        age_y <= par[P_GAZELLE_MAX_AGE]
        and rev1 >= par[P_GAZELLE_MIN_REVENUE]
        and rev4 > 0.0
        and ff[FF_EMPLOYEES, i] >= GAZELLE_MIN_EMPLOYEES
        and lab & (LB_HNTE | LB_SME)
        and (rev1 / rev4) ** (1.0 / 3.0) - 1.0 >= par[P_GAZELLE_GROWTH]  # growth a year
    ):
        return LB_GAZELLE
    if (
        age_y <= EAGLET_MAX_AGE_Y
        and rev1 >= EAGLET_MIN_REVENUE
        and (
            fi[FI_IP1, i] >= 1
            or fi[FI_IP2, i] >= EAGLET_MIN_IP2
            or lab & LB_HNTE
            or fi[FI_VC_MAX, i] >= EAGLET_MIN_VC
        )
    ):
        return LB_EAGLET
    return 0


def ladder_round(i, q, ff, fi, par, grant, out) -> float:
    """Q3: the firm applies for the ladder label it fits; return the tier grant it earns.

    A firm holds at most one ladder label: the one granted this year, or none.
    """
    bit = ladder_label(i, q, ff, fi, par)
    lab = fi[FI_LABELS, i]
    had = bit != 0 and (lab & bit) != 0
    apply_p = par[P_EAGLET_APPLY] if bit == LB_EAGLET else par[P_GAZELLE_APPLY]
    p = par[P_RENEW_APPLY] if had else apply_p + par[P_GRANT_EFFECT] * grant
    key = q.key_int
    u = (
        uniform_py(key, i, S_APPLY_GAZELLE)
        if bit == LB_GAZELLE
        else uniform_py(key, i, S_APPLY_EAGLET)
    )
    granted = bit != 0 and u < p
    earned = 0.0
    for b, when in LADDER:
        if granted and b == bit:
            lab |= b
            fi[when, i] = q.index
            if not had:
                out["new_ladder"] += 1.0
                earned = grant
        else:
            lab &= ~b
            fi[when, i] = NO_Q
    fi[FI_LABELS, i] = lab
    return earned


def listing_round(i, q, ff, fi, par, pol, out) -> float:
    """Any quarter: a certified, unlisted firm above the revenue bar may list; return the reward."""
    lab = fi[FI_LABELS, i]
    if not lab & LB_HNTE or lab & LB_LISTED or ff[FF_REV_Y1, i] < par[P_LISTING_MIN_REVENUE]:
        return 0.0
    rate = par[P_LISTING_RATE] * (1.0 + pol[L_LISTING_REWARD] / par[P_LISTING_REWARD_SCALE])
    if uniform_py(q.key_int, i, S_LISTING) < rate:
        fi[FI_LABELS, i] = lab | LB_LISTED
        fi[FI_LISTED_Q, i] = q.index
        out["new_listed"] += 1.0
        return pol[L_LISTING_REWARD]
    return 0.0


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.labels.run`."""
    ff, fi, ind_f, par, pol, qy = state.firm_f, state.firm_i, world.ind_f, q.par, q.pol, q.qy
    alive = [i for i in range(state.n) if fi[FI_ALIVE, i] == 1]
    out = dict.fromkeys(OUT.names, 0.0)
    if qy == 0:  # cultivation rounds: a yearly quota spread over the eligible firms
        n_coach = sum(coachable(q.index, i, ff, fi, ind_f, par) for i in alive)
        n_up = sum(upgradable(i, ff, fi, ind_f) for i in alive)
        n_ch = sum(challenger(i, ff, fi, ind_f, par) for i in alive)
        p_coach = min(1.0, pol[L_HNTE_CULTIVATION] / max(n_coach, 1))
        p_up = min(1.0, pol[L_SMART_UPGRADE] / max(n_up, 1))
        p_ch = min(1.0, pol[L_CHALLENGE_CALLS] / par[P_CHALLENGE_AWARD] / max(n_ch, 1))
        for i in alive:
            cultivate(i, q, ff, fi, ind_f, par, p_coach, p_up, p_ch, out)
    if qy == 3:
        for i in range(state.n):
            close_year(i, ff)
    grant = pol[L_TIER_GRANT]
    grants = rewards = 0.0
    for i in alive:
        if qy == 3:
            grants += hnte_round(i, q, ff, fi, ind_f, par, grant, out)
        if qy == 1 and q.year >= SME_REGISTRY_OPENS:
            sme_round(i, q, ff, fi, par)
        if qy == 2 and q.year >= q.params["label_program_start"]:
            grants += ladder_round(i, q, ff, fi, par, grant, out)
        rewards += listing_round(i, q, ff, fi, par, pol, out)
    q.paid[L_TIER_GRANT] += grants
    q.paid[L_LISTING_REWARD] += rewards
    o = ws.out[0]
    for name in OUT.names:
        o[name] = out[name]
    return o
