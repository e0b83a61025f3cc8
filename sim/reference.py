"""Pure-Python Mesa reference of the quarter: ``RefFirm``, ``RefPerson`` and ``RefModel``.

The yardstick of the numba core (and of ``benchmarks/``): every firm and person is a plain
``mesa.Agent`` with one Python attribute per state field (named as in
:data:`sim.fields.FIRM_FLOAT_FIELDS` etc.), and each kernel of the quarter is translated
into per-agent methods called through ``model.agents_by_type[...]`` (or, where a kernel
visits agents in another order, a Python loop over them), with the same counter-based
draws (``uniform_py(key, row, stream)``, the row being the agent's id in the arrays) in
the same order of operations, so results equal the kernels' for the same seed.

``RefModel`` subclasses :class:`sim.model.BaodiModel` and overrides only the phases that
call kernels; the orchestration (calendar, carriers, entry plan, indicator assembly,
data collection) is inherited. Phases split into :mod:`sim.phases` run their twins
(``<phase>_ref.run``), on the agents' state as arrays. Construction (the
synthetic 2015 population and warm-up hiring) is the numba model's: the reference covers
the quarter. Firm floats are Python floats (IEEE double), so ``float32=True`` is refused.

Examples
--------
>>> ref = RefModel(seed=3)                      # doctest: +SKIP
>>> ref.step(); ref.to_state()                  # doctest: +SKIP
>>> RefModel.from_model(BaodiModel(seed=3))     # doctest: +SKIP
"""

import contextlib
import copy
import math

import mesa
import numpy as np

from .errors import SimError
from .fields import (
    FIRM_FLOAT_FIELDS,
    FIRM_INT_FIELDS,
    IF_DIGITAL,
    IF_HNTE_FIELD,
    IF_MANUF,
    IF_MEAN_KN,
    IF_RD,
    IF_REV_MEDIAN,
    IF_SEI,
    LB_EAGLET,
    LB_GAZELLE,
    LB_HNTE,
    LB_LEADER,
    LB_LISTED,
    LB_SME,
    N_FF,
    N_FI,
    N_PF,
    N_PI,
    NF_CITY,
    NF_FIRMS,
    NF_PARK,
    NF_PLATFORMS,
    NO_Q,
    ORIGIN_INCUBATOR,
    ORIGIN_TRANSFER,
)
from .firms import entry_plan
from .indices import (
    L_APP_SCENES,
    L_CHALLENGE_CALLS,
    L_HNTE_CULTIVATION,
    L_LISTING_REWARD,
    L_LOAN_SUBSIDY,
    L_POLICY_STACK,
    L_RD_SUBSIDY,
    L_SMART_PARK,
    L_SMART_UPGRADE,
    L_TIER_GRANT,
    P_CASH_HAZARD,
    P_CHALLENGE_AWARD,
    P_CHALLENGE_KNOWLEDGE,
    P_CHALLENGE_LEAD,
    P_COACH_BONUS,
    P_COACH_MIN_KNOWLEDGE,
    P_CONTRACT_BASE_KNOWLEDGE,
    P_CONTRACT_PROB,
    P_CONTRACT_VALUE,
    P_CROSS_PARK,
    P_DEFAULT_RATE,
    P_EAGLET_APPLY,
    P_EMP_ADJUST,
    P_EMPLOYEES_PER_REVENUE,
    P_ENTRY_CASH,
    P_ENTRY_HITECH,
    P_ENTRY_KN_LOW,
    P_ENTRY_KN_WIDTH,
    P_ENTRY_RD_FACTOR,
    P_ENTRY_SCALE_BIG,
    P_ENTRY_SCALE_STARTUP,
    P_ENTRY_SIZE_SIGMA,
    P_GAZELLE_APPLY,
    P_GAZELLE_GROWTH,
    P_GAZELLE_MAX_AGE,
    P_GAZELLE_MIN_REVENUE,
    P_GRANT_EFFECT,
    P_GROWTH_BETA,
    P_GROWTH_MU,
    P_GROWTH_SIGMA,
    P_HITECH_ADJUST,
    P_HITECH_NONFIELD,
    P_HITECH_SLOPE,
    P_HNTE_APPLY,
    P_HNTE_RD_MARGIN,
    P_HNTE_SEEKING,
    P_IMITATION_SHARE,
    P_INCUBATION_QUARTERS,
    P_INCUBATOR_HAZARD,
    P_INNOVATION_GROWTH,
    P_INNOVATION_STEP,
    P_IP_CLASS1_SHARE,
    P_IP_PROB,
    P_KNOWLEDGE_GROWTH,
    P_KNOWLEDGE_HITECH_MID,
    P_LEADER_MIN_RD,
    P_LEADER_MIN_REVENUE,
    P_LISTING_MIN_REVENUE,
    P_LISTING_RATE,
    P_LISTING_REWARD_SCALE,
    P_LOAN_RATE,
    P_MARGIN,
    P_MAX_SIGMA,
    P_MIN_REVENUE,
    P_PARTNER_KEEP,
    P_PARTNER_SHARE,
    P_PLATFORM_BOOST,
    P_RD_ADJUST,
    P_RD_CUT_BROKE,
    P_RD_SUBSIDY_ELASTICITY,
    P_RENEW_APPLY,
    P_REPAY,
    P_SCENE_GROWTH,
    P_SHOCK_TO_PROFIT,
    P_SIGMA_MIN_SIZE,
    P_SMART_MARGIN,
    P_SME_REGISTER,
    P_STACK_GROWTH,
    P_STARTUP_IP2,
    P_STEP_MIN,
    P_TALENT_EFFECT,
    P_TRANSFER_IP_PROB,
    P_TRANSFER_KNOWLEDGE,
    P_UPGRADE_HITECH,
    P_UPGRADE_KNOWLEDGE,
    P_YOUNG_DRIFT,
    P_YOUNG_YEARS,
    P_ZETA_IMITATION,
    P_ZETA_INNOVATION,
)
from .kernels.common import (
    hit_1mexp_py,
    hnte_rd_threshold_py,
    hnte_score_py,
    laplace_py,
    poisson_inv_py,
    sme_score_py,
)
from .kernels.elementary import fexp_py, flog_py
from .kernels.firms import SIGMA_REF_SIZE
from .kernels.indicators import (
    ABOVE_SCALE,
    ENTREPRENEUR_LABELS,
    O_ALIVE,
    O_CAPITAL,
    O_CITY,
    O_CONTRACTS,
    O_DEBT,
    O_EAGLET,
    O_EMPLOYEES,
    O_ENTREPRENEURS,
    O_GAZELLE,
    O_HNTE,
    O_HOME,
    O_LEADER,
    O_LISTED_HNTE,
    O_MANUF_REV,
    O_N_ABOVE,
    O_POOL,
    O_RD_ABOVE,
    O_REV_ABOVE,
    O_REVENUE,
    O_SEI_REV,
    O_SME,
    O_ST_STAFF,
)
from .kernels.labels import (
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
    SME_MAX_ASSETS,
    SME_MAX_EMPLOYEES,
    SME_MAX_REVENUE,
    SME_MIN_SCORE,
)
from .kernels.rng import (
    S_APPLY_EAGLET,
    S_APPLY_GAZELLE,
    S_APPLY_HNTE,
    S_APPLY_SME,
    S_CHALLENGE,
    S_COACH,
    S_CONTRACT,
    S_DEFAULT,
    S_EXIT,
    S_GROWTH,
    S_IMIT,
    S_INNOV,
    S_IP,
    S_IP1,
    S_LISTING,
    S_NEWFIRM,
    S_NEWFIRM_IP2,
    S_NEWFIRM_IP_TRANSFER,
    S_NEWFIRM_KNOWLEDGE,
    S_PARTNER,
    S_PARTNER_CROSS,
    S_PARTNER_CROSS_NODE,
    S_PARTNER_KEEP,
    S_SPINOFF,
    S_STEP,
    S_UPGRADE,
    normal_py,
    uniform_py,
)
from .levers import LEVER_INDEX
from .model import BaodiModel
from .phases import capital_ref, talent_ref, transfers_ref
from .state import State

PERSON_FLOAT_FIELDS = ("skill",)
PERSON_INT_FIELDS = ("place", "field", "employer", "recruited")
LADDER = LB_EAGLET | LB_GAZELLE | LB_LEADER


class RefFirm(mesa.Agent):
    """A firm as a plain Mesa agent: one attribute per field of ``firm_f`` / ``firm_i``.

    Parameters
    ----------
    model : RefModel
    row : int
        The firm's row in the state arrays (its id in the random-number counter).
    floats, ints : sequence
        Values of :data:`FIRM_FLOAT_FIELDS` and :data:`FIRM_INT_FIELDS`, in that order.
    """

    def __init__(self, model, row: int, floats, ints) -> None:
        super().__init__(model)
        self.row = row
        for name, v in zip(FIRM_FLOAT_FIELDS, floats, strict=True):
            setattr(self, name, float(v))
        for name, v in zip(FIRM_INT_FIELDS, ints, strict=True):
            setattr(self, name, int(v))
        self.spill = 0.0  # partner spillover this quarter (the kernel's scratch)

    # ---------------------------------------------------------------- entry (add_firms_kernel)
    @classmethod
    def enter(cls, model, row: int, node: int, ind: int, origin: int) -> "RefFirm":
        """Create the new firm at ``row`` (start-up, spin-off, project): ``add_firms_kernel``."""
        key, ind_f, par = model.key_int, model.ind_f, model._par
        z = normal_py(key, row, S_NEWFIRM)
        scale = par[P_ENTRY_SCALE_BIG] if origin >= ORIGIN_TRANSFER else par[P_ENTRY_SCALE_STARTUP]
        annual = ind_f[IF_REV_MEDIAN, ind] * scale * math.exp(par[P_ENTRY_SIZE_SIGMA] * z)
        rev = max(annual / 4.0, par[P_MIN_REVENUE])
        u_kn = uniform_py(key, row, S_NEWFIRM_KNOWLEDGE)
        kn = ind_f[IF_MEAN_KN, ind] * (par[P_ENTRY_KN_LOW] + par[P_ENTRY_KN_WIDTH] * u_kn)
        if origin == ORIGIN_TRANSFER:
            kn += par[P_TRANSFER_KNOWLEDGE]  # Beijing R&D brings know-how (§四(一))
        q = model.quarter
        f = cls(model, row, [0.0] * N_FF, [0] * N_FI)
        f.revenue = rev
        f.employees = max(par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev, 1.0)
        f.rd_intensity = ind_f[IF_RD, ind] * par[P_ENTRY_RD_FACTOR]
        f.knowledge = kn
        f.hitech_share = par[P_ENTRY_HITECH] * ind_f[IF_HNTE_FIELD, ind]
        f.cash = par[P_ENTRY_CASH] * rev
        f.alive, f.node, f.industry, f.birth_q = 1, int(node), int(ind), q
        if origin == ORIGIN_TRANSFER:
            if uniform_py(key, row, S_NEWFIRM_IP_TRANSFER) < par[P_TRANSFER_IP_PROB]:
                f.ip2 = 1
        else:
            f.ip2 = poisson_inv_py(uniform_py(key, row, S_NEWFIRM_IP2), par[P_STARTUP_IP2])
        f.partner = -1
        f.origin = int(origin)
        f.incubated_until = (
            q + int(par[P_INCUBATION_QUARTERS]) if origin == ORIGIN_INCUBATOR else NO_Q
        )
        for name in (
            "hnte_q",
            "sme_q",
            "eaglet_q",
            "gazelle_q",
            "leader_q",
            "listed_q",
            "coached_q",
            "death_q",
            "financed_q",
        ):
            setattr(f, name, NO_Q)
        return f

    # ---------------------------------------------------------------- firms_kernel
    def choose_partner(self) -> None:
        """Pass 1 of ``firms_kernel``: keep or redraw the R&D partner, note its spillover."""
        m = self.model
        self.spill = 0.0
        if self.alive == 0:
            return
        key, par, i = m.key_int, m._par, self.row
        p = self.partner
        keep = False
        if p >= 0 and m.firms[p].alive == 1:
            keep = uniform_py(key, i, S_PARTNER_KEEP) < par[P_PARTNER_KEEP]
        if not keep:
            src = self.node
            lo, hi = m.world.nbr_start[src], m.world.nbr_start[src + 1]
            if hi > lo and uniform_py(key, i, S_PARTNER_CROSS) < par[P_CROSS_PARK]:
                src = int(
                    m.world.nbr[lo + int(uniform_py(key, i, S_PARTNER_CROSS_NODE) * (hi - lo))]
                )
            members = m._node_members[src]
            cnt = len(members)
            p = -1
            if cnt > 0:
                j = members[int(uniform_py(key, i, S_PARTNER) * cnt)]
                if j != i:
                    p = j
            self.partner = p
        if p >= 0:
            lead = m.firms[p].knowledge - self.knowledge
            if lead > 0.0:
                self.spill = par[P_PARTNER_SHARE] * lead

    def quarter_step(self) -> None:
        """Pass 2 of ``firms_kernel``: R&D, innovation, imitation, growth, cash and exit."""
        if self.alive == 0:
            return
        m = self.model
        key, par, pol, ind_f, node_f = m.key_int, m._par, m.pol, m.ind_f, m.node_f
        i, q, node, ind = self.row, m.quarter, self.node, self.industry
        rev, emp = self.revenue, self.employees
        kn = self.knowledge + self.spill
        cash, debt = self.cash, self.debt
        st_share = self.st_staff / max(emp, 1.0)
        target = ind_f[IF_RD, ind] * (1.0 + par[P_RD_SUBSIDY_ELASTICITY] * pol[L_RD_SUBSIDY])
        if ind_f[IF_HNTE_FIELD, ind] > 0.0 and self.ip1 + self.ip2 > 0:
            goal = par[P_HNTE_RD_MARGIN] * hnte_rd_threshold_py(self.rev_y1)
            seek = 1.0 if self.coached_q != NO_Q else par[P_HNTE_SEEKING]
            if goal > target:
                target += seek * (goal - target)
        if cash < 0.0:
            target *= par[P_RD_CUT_BROKE]
        nu = self.rd_intensity
        nu += par[P_RD_ADJUST] * (target - nu)
        rd = nu * rev
        subsidy = pol[L_RD_SUBSIDY] * rd
        m._paid[L_RD_SUBSIDY] += subsidy
        eff = (
            rd
            * (1.0 + par[P_TALENT_EFFECT] * st_share)
            * (1.0 + par[P_PLATFORM_BOOST] * node_f[NF_PLATFORMS, node])
        )
        innov = hit_1mexp_py(uniform_py(key, i, S_INNOV), par[P_ZETA_INNOVATION] * eff)
        contracts = 0.0
        if innov:
            m._fk_sums[0] += 1.0
            kn += par[P_INNOVATION_STEP] * (par[P_STEP_MIN] + uniform_py(key, i, S_STEP))
            if uniform_py(key, i, S_IP) < par[P_IP_PROB]:
                if uniform_py(key, i, S_IP1) < par[P_IP_CLASS1_SHARE]:
                    self.ip1 += 1
                else:
                    self.ip2 += 1
            if uniform_py(key, i, S_CONTRACT) < par[P_CONTRACT_PROB]:
                contracts = par[P_CONTRACT_VALUE] * (par[P_CONTRACT_BASE_KNOWLEDGE] + kn)
        gap = m._reach[node, ind] - kn
        if gap > 0.0 and hit_1mexp_py(uniform_py(key, i, S_IMIT), par[P_ZETA_IMITATION] * eff):
            kn += par[P_IMITATION_SHARE] * gap
        size = max(4.0 * rev, par[P_SIGMA_MIN_SIZE])
        sigma = min(
            par[P_GROWTH_SIGMA] * fexp_py(-par[P_GROWTH_BETA] * flog_py(size / SIGMA_REF_SIZE)),
            par[P_MAX_SIGMA],
        )
        shock = laplace_py(uniform_py(key, i, S_GROWTH), sigma)
        drift = par[P_GROWTH_MU] + par[P_KNOWLEDGE_GROWTH] * (kn - ind_f[IF_MEAN_KN, ind])
        if innov:
            drift += par[P_INNOVATION_GROWTH]
        young = 1.0 - (q - self.birth_q) / (4.0 * par[P_YOUNG_YEARS])
        if young > 0.0:
            drift += par[P_YOUNG_DRIFT] * young
        if node_f[NF_CITY, node] > 0.0:
            drift += par[P_STACK_GROWTH] * pol[L_POLICY_STACK]
            drift += par[P_SCENE_GROWTH] * pol[L_APP_SCENES] * ind_f[IF_DIGITAL, ind]
        # E[exp(Laplace(0, σ))] = 1/(1 − σ²): the factor keeps growth mean-preserving.
        rev = max(rev * fexp_py(drift + shock) * (1.0 - sigma * sigma), par[P_MIN_REVENUE])
        emp += par[P_EMP_ADJUST] * (par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev - emp)
        emp = max(emp, 1.0)
        ht_target = 1.0 / (1.0 + fexp_py(-(kn - par[P_KNOWLEDGE_HITECH_MID]) / par[P_HITECH_SLOPE]))
        if ind_f[IF_HNTE_FIELD, ind] == 0.0:
            ht_target *= par[P_HITECH_NONFIELD]
        hitech = self.hitech_share
        hitech += par[P_HITECH_ADJUST] * (ht_target - hitech)
        margin = par[P_MARGIN] + par[P_SHOCK_TO_PROFIT] * shock
        margin += par[P_SMART_MARGIN] * pol[L_SMART_PARK] * node_f[NF_PARK, node]
        margin += par[P_SMART_MARGIN] * pol[L_POLICY_STACK] * node_f[NF_CITY, node]
        interest = par[P_LOAN_RATE] * debt
        isub = pol[L_LOAN_SUBSIDY] * interest
        m._paid[L_LOAN_SUBSIDY] += isub
        repay = par[P_REPAY] * debt
        cash += margin * rev - rd + subsidy - interest + isub + contracts - repay
        debt -= repay
        m._fk_sums[3] += contracts
        hazard = m.world.hazard_q
        age_y = min((q - self.birth_q) // 4, len(hazard) - 1)
        h = hazard[age_y]
        if cash < 0.0:
            h *= par[P_CASH_HAZARD]
        if q <= self.incubated_until:
            h *= par[P_INCUBATOR_HAZARD]
        if uniform_py(key, i, S_EXIT) < h:
            self.alive = 0
            self.death_q = q
            m._fk_sums[1] += 1.0
            m._fk_sums[2] += debt
            debt = 0.0
        elif cash < 0.0 and debt > 0.0 and uniform_py(key, i, S_DEFAULT) < par[P_DEFAULT_RATE]:
            m._fk_sums[2] += debt
            debt = 0.0
        self.revenue, self.employees, self.rd, self.rd_intensity = rev, emp, rd, nu
        self.knowledge, self.hitech_share, self.cash, self.debt = kn, hitech, cash, debt
        self.rev_acc += rev
        self.rd_acc += rd
        self.contracts = contracts

    # ---------------------------------------------------------------- labels_kernel
    def rd_ratio3(self) -> float:
        """R&D / sales over the last three completed years."""
        rev3 = self.rev_y1 + self.rev_y2 + self.rev_y3
        if rev3 <= 0.0:
            return 0.0
        return (self.rd_y1 + self.rd_y2 + self.rd_y3) / rev3

    def hnte_eligible(self, q: int) -> bool:
        """Every HNTE condition of 国科发火〔2016〕32号 第十一条 (kernel ``hnte_eligible``)."""
        if q - self.birth_q < HNTE_MIN_AGE_Q or self.ip1 + self.ip2 < 1:
            return False
        if self.model.ind_f[IF_HNTE_FIELD, self.industry] == 0.0:
            return False
        if self.st_staff < HNTE_MIN_ST * self.employees:
            return False
        thr = hnte_rd_threshold_py(self.rev_y1)
        ratio = self.rd_ratio3()
        if ratio < thr or self.hitech_share < HNTE_MIN_HITECH:
            return False
        g = self.rev_y1 / self.rev_y2 - 1.0 if self.rev_y2 > 0.0 else 0.0
        score = hnte_score_py(self.ip1, self.ip2, self.knowledge, ratio, thr, g, self.model._par)
        return score >= HNTE_MIN_SCORE

    def sme_qualifies(self) -> bool:
        """Tech-SME registration conditions (kernel ``sme_qualifies``)."""
        if self.employees > SME_MAX_EMPLOYEES:
            return False
        rev = self.rev_y1
        if rev > SME_MAX_REVENUE or rev + max(self.cash, 0.0) > SME_MAX_ASSETS:
            return False
        if self.labels & LB_HNTE:
            return True
        st_share = self.st_staff / max(self.employees, 1.0)
        ratio = self.rd_y1 / rev if rev > 0.0 else 0.0
        score, st = sme_score_py(st_share, ratio, self.ip1, self.ip2)
        return score >= SME_MIN_SCORE and st > 0.0

    def _coachable(self) -> bool:
        return (
            self.model.ind_f[IF_HNTE_FIELD, self.industry] > 0.0
            and not self.labels & LB_HNTE
            and self.coached_q == NO_Q
            and self.knowledge >= self.model._par[P_COACH_MIN_KNOWLEDGE]
        )

    def _upgradable(self) -> bool:
        return (
            self.model.ind_f[IF_MANUF, self.industry] > 0.0 and self.hitech_share < HNTE_MIN_HITECH
        )

    def _challenger(self) -> bool:
        return (
            self.knowledge
            >= self.model.ind_f[IF_MEAN_KN, self.industry] + self.model._par[P_CHALLENGE_LEAD]
        )

    def count_cultivation(self) -> None:
        """Q1, first pass of ``labels_kernel``: count the firms each round may pick."""
        if self.alive == 0:
            return
        c = self.model._cult_counts
        c[0] += self._coachable()
        c[1] += self._upgradable()
        c[2] += self._challenger()

    def cultivate(self) -> None:
        """Q1, second pass: coaching, smart-manufacturing upgrade and challenge awards."""
        if self.alive == 0:
            return
        m = self.model
        key, i, out = m.key_int, self.row, m._lab_out
        p_coach, p_up, p_ch = m._cult_p
        if self._coachable() and uniform_py(key, i, S_COACH) < p_coach:
            self.coached_q = m.quarter
            out[3] += 1.0
        if self._upgradable() and uniform_py(key, i, S_UPGRADE) < p_up:
            self.knowledge += m._par[P_UPGRADE_KNOWLEDGE]
            self.hitech_share = min(1.0, self.hitech_share + m._par[P_UPGRADE_HITECH])
            out[4] += 1.0
        if self._challenger() and uniform_py(key, i, S_CHALLENGE) < p_ch:
            self.knowledge += m._par[P_CHALLENGE_KNOWLEDGE]
            self.cash += m._par[P_CHALLENGE_AWARD]
            self.contracts += m._par[P_CHALLENGE_AWARD]
            out[5] += 1.0
            out[6] += m._par[P_CHALLENGE_AWARD]

    def close_year(self) -> None:
        """Q4: year-end close of the annual accounts (every firm, alive or not)."""
        self.rev_y4, self.rev_y3, self.rev_y2, self.rev_y1 = (
            self.rev_y3,
            self.rev_y2,
            self.rev_y1,
            self.rev_acc,
        )
        self.rd_y3, self.rd_y2, self.rd_y1 = self.rd_y2, self.rd_y1, self.rd_acc
        self.rev_acc = 0.0
        self.rd_acc = 0.0

    def label_rounds(self) -> None:
        """HNTE (Q4), tech-SME (Q2), Tianjin ladder (Q3) and listing (any quarter)."""
        if self.alive == 0:
            return
        m = self.model
        key, par, pol, out, paid = m.key_int, m._par, m.pol, m._lab_out, m._paid
        i, q, qy = self.row, m.quarter, m.qy
        grant = pol[L_TIER_GRANT]
        lab = self.labels
        if qy == 3:
            holds = (lab & LB_HNTE) != 0
            expired = holds and q - self.hnte_q >= HNTE_VALID_Q
            if not holds or expired:
                p = par[P_RENEW_APPLY] if holds else par[P_HNTE_APPLY] + par[P_GRANT_EFFECT] * grant
                if self.coached_q != NO_Q:
                    p += par[P_COACH_BONUS]
                if self.hnte_eligible(q) and uniform_py(key, i, S_APPLY_HNTE) < p:
                    lab |= LB_HNTE
                    self.hnte_q = q
                    if not holds:
                        out[0] += 1.0
                        paid[L_TIER_GRANT] += grant
                elif expired:
                    lab &= ~LB_HNTE
                    self.hnte_q = NO_Q
                    out[1] += 1.0
        self.labels = lab
        if qy == 1 and m._sme_on:
            p = par[P_RENEW_APPLY] if lab & LB_SME else par[P_SME_REGISTER]
            if self.sme_qualifies() and uniform_py(key, i, S_APPLY_SME) < p:
                lab |= LB_SME
                self.sme_q = q
            else:
                lab &= ~LB_SME
                self.sme_q = NO_Q
        if qy == 2 and m._ladder_on:
            lab = self._ladder_round(lab, grant)
        if (
            (lab & LB_HNTE) != 0
            and (lab & LB_LISTED) == 0
            and self.rev_y1 >= par[P_LISTING_MIN_REVENUE]
        ):
            rate = par[P_LISTING_RATE] * (1.0 + pol[L_LISTING_REWARD] / par[P_LISTING_REWARD_SCALE])
            if uniform_py(key, i, S_LISTING) < rate:
                lab |= LB_LISTED
                self.listed_q = q
                paid[L_LISTING_REWARD] += pol[L_LISTING_REWARD]
                out[2] += 1.0
        self.labels = lab

    def _ladder_round(self, lab: int, grant: float) -> int:
        """Q3 Tianjin round: the one ladder label (leader, gazelle or eaglet) the firm fits."""
        m = self.model
        par, q = m._par, m.quarter
        age_y = (q - self.birth_q) / 4.0
        rev1 = self.rev_y1
        leader = (
            rev1 >= par[P_LEADER_MIN_REVENUE]
            and (lab & LB_HNTE) != 0
            and self.rd_ratio3() >= par[P_LEADER_MIN_RD]
            and rev1 >= self.rev_y2
        )
        gazelle = False
        rev4 = self.rev_y4
        if (
            not leader
            and age_y <= par[P_GAZELLE_MAX_AGE]
            and rev1 >= par[P_GAZELLE_MIN_REVENUE]
            and rev4 > 0.0
            and self.employees >= GAZELLE_MIN_EMPLOYEES
            and (lab & (LB_HNTE | LB_SME)) != 0
        ):
            gazelle = (rev1 / rev4) ** (1.0 / 3.0) - 1.0 >= par[P_GAZELLE_GROWTH]
        eaglet = (
            not leader
            and not gazelle
            and age_y <= EAGLET_MAX_AGE_Y
            and rev1 >= EAGLET_MIN_REVENUE
            and (
                self.ip1 >= 1
                or self.ip2 >= EAGLET_MIN_IP2
                or (lab & LB_HNTE) != 0
                or self.vc_max >= EAGLET_MIN_VC
            )
        )
        bit = LB_LEADER if leader else (LB_GAZELLE if gazelle else (LB_EAGLET if eaglet else 0))
        had = (lab & bit) != 0 if bit else False
        apply_p = par[P_EAGLET_APPLY] if bit == LB_EAGLET else par[P_GAZELLE_APPLY]
        p = par[P_RENEW_APPLY] if had else apply_p + par[P_GRANT_EFFECT] * grant
        if bit == LB_GAZELLE:
            u = uniform_py(m.key_int, self.row, S_APPLY_GAZELLE)
        else:
            u = uniform_py(m.key_int, self.row, S_APPLY_EAGLET)
        granted = bit != 0 and u < p
        lab &= ~LADDER
        for b, name in (
            (LB_EAGLET, "eaglet_q"),
            (LB_GAZELLE, "gazelle_q"),
            (LB_LEADER, "leader_q"),
        ):
            if granted and b == bit:
                lab |= b
                setattr(self, name, q)
                if not had:
                    m._lab_out[7] += 1.0
                    m._paid[L_TIER_GRANT] += grant
            else:
                setattr(self, name, NO_Q)
        return lab

    # ---------------------------------------------------------------- indicators_kernel
    def report(self) -> None:
        """Add this firm to the quarter's indicator sums (``indicators_kernel``)."""
        if self.alive == 0:
            return
        m = self.model
        out, by_node, by_ind, frontier = m._out, m._by_node, m._by_ind, m.world.frontier
        node, ind, lab = self.node, self.industry, self.labels
        rev, kn = self.revenue, self.knowledge
        out[O_ALIVE] += 1.0
        by_node[node, 0] += 1.0
        if lab & LB_HNTE:
            out[O_HNTE] += 1.0
            by_node[node, 1] += 1.0
            if lab & LB_LISTED:
                out[O_LISTED_HNTE] += 1.0
        for bit, slot, col in (
            (LB_SME, O_SME, 2),
            (LB_EAGLET, O_EAGLET, 3),
            (LB_GAZELLE, O_GAZELLE, 4),
            (LB_LEADER, O_LEADER, 5),
        ):
            if lab & bit:
                out[slot] += 1.0
                by_node[node, col] += 1.0
        if lab & LB_LISTED:
            by_node[node, 6] += 1.0
        if lab & ENTREPRENEUR_LABELS or (lab & LB_EAGLET and lab & LB_HNTE):
            out[O_ENTREPRENEURS] += 1.0
        if self.rev_y1 >= ABOVE_SCALE:
            out[O_N_ABOVE] += 1.0
            out[O_RD_ABOVE] += self.rd_y1
            out[O_REV_ABOVE] += self.rev_y1
        if m.ind_f[IF_MANUF, ind] > 0.0:
            out[O_MANUF_REV] += rev
            if m.ind_f[IF_SEI, ind] > 0.0:
                out[O_SEI_REV] += rev
        out[O_CONTRACTS] += self.contracts
        out[O_REVENUE] += rev
        out[O_EMPLOYEES] += self.employees
        out[O_ST_STAFF] += self.st_staff
        out[O_DEBT] += self.debt
        by_ind[ind, 0] += 1.0
        by_ind[ind, 1] += rev
        by_ind[ind, 2] += kn
        if kn > frontier[node, ind]:
            frontier[node, ind] = kn


class RefPerson(mesa.Agent):
    """An S&T worker as a plain Mesa agent (skill, place, field, employer, recruited).

    Parameters
    ----------
    model : RefModel
    row : int
        The person's row in the state arrays (id in the random-number counter).
    """

    def __init__(
        self, model, row: int, skill: float, place: int, field: int, employer: int, recruited: int
    ) -> None:
        super().__init__(model)
        self.row = row
        self.skill = float(skill)
        self.place, self.field = int(place), int(field)
        self.employer, self.recruited = int(employer), int(recruited)

    def report(self) -> None:
        """Add this person to the quarter's place counts and talent pool."""
        out = self.model._out
        if self.place == 0:
            out[O_HOME] += 1.0
            if self.skill >= self.model._pool_skill:
                out[O_POOL] += 1.0
        elif self.place == 1:
            out[O_CAPITAL] += 1.0
        else:
            out[O_CITY] += 1.0


class RefModel(BaodiModel):
    """The model with every kernel of the quarter replaced by plain Python on Mesa agents.

    Phases already split into :mod:`sim.phases` run their pure-Python twins.

    Same constructor as :class:`sim.model.BaodiModel` (so ``mesa.batch_run(RefModel, ...)``
    works); ``float32`` and ``history`` are not supported. The state lives in the agents;
    ``state`` / :meth:`to_state` export it as arrays comparable with a ``BaodiModel``'s.
    """

    def __init__(
        self,
        region="baodi",
        params=None,
        levers=None,
        seed: int = 0,
        float32: bool = False,
        history: bool = False,
    ) -> None:
        if float32 or history:
            raise SimError(
                "RefModel computes in Python doubles without history: "
                "float32 and history must be False"
            )
        self._agents_ready = False
        super().__init__(region=region, params=params, levers=levers, seed=seed)
        self._load_state(self._array_state)

    _transfers_run = staticmethod(transfers_ref.run)
    _talent_run = staticmethod(talent_ref.run)
    _capital_run = staticmethod(capital_ref.run)

    # ---------------------------------------------------------------- state <-> agents
    @property
    def state(self) -> State:
        """The state as arrays (built from the agents once they exist)."""
        if self._agents_ready:
            return self.to_state()
        return self._array_state

    @state.setter
    def state(self, value: State) -> None:
        self._array_state = value

    def _load_state(self, st: State) -> None:
        """Replace the firm and person agents by those of the arrays ``st``."""
        for cls in (RefFirm, RefPerson):
            if cls in self.agents_by_type:
                for a in list(self.agents_by_type[cls]):
                    a.remove()
        ff, fi = st.firm_f[:, : st.n].T.tolist(), st.firm_i[:, : st.n].T.tolist()
        self.firms = [RefFirm(self, i, ff[i], fi[i]) for i in range(st.n)]
        pf, pi = st.person_f[:, : st.m].T.tolist(), st.person_i[:, : st.m].T.tolist()
        self.people = [RefPerson(self, p, pf[p][0], *pi[p]) for p in range(st.m)]
        self._array_state = None
        self._agents_ready = True

    def to_state(self) -> State:
        """Export the agents' attributes as a :class:`sim.state.State` (float64, n = capacity)."""
        n, m = len(self.firms), len(self.people)
        st = State.allocate(n, m)
        if n:
            st.firm_f[:, :n] = np.array(
                [[getattr(f, k) for k in FIRM_FLOAT_FIELDS] for f in self.firms]
            ).T
            st.firm_i[:, :n] = np.array(
                [[getattr(f, k) for k in FIRM_INT_FIELDS] for f in self.firms]
            ).T
        if m:
            st.person_f[:, :m] = np.array([[p.skill] for p in self.people]).T
            st.person_i[:, :m] = np.array(
                [[getattr(p, k) for k in PERSON_INT_FIELDS] for p in self.people]
            ).T
        st.n, st.m = n, m
        assert st.person_f.shape[0] == N_PF and st.person_i.shape[0] == N_PI
        return st

    # Attributes a quarter changes (besides the agents): copied by ``from_model``.
    _DYNAMIC = (
        "quarter",
        "running",
        "levers",
        "carriers",
        "world",
        "acc",
        "cost_by_lever",
        "ws_transfers",
        "ws_talent",
        "ws_capital",
        "_ts",
        "_out",
        "_by_node",
        "_by_ind",
        "_paid",
        "steps",
    )

    @classmethod
    def from_model(cls, model: BaodiModel) -> "RefModel":
        """Build a reference continuing from ``model``'s current quarter (its state is copied)."""
        if model.float32 or model.keep_history:
            raise SimError("RefModel.from_model needs a float64 model without history")
        ref = cls(
            region=model.region, params=model.params, levers=model.levers, seed=model.seed_value
        )
        for name in cls._DYNAMIC:
            setattr(ref, name, copy.deepcopy(getattr(model, name)))
        ref.datacollector.model_vars = copy.deepcopy(model.datacollector.model_vars)
        ref._load_state(model.state)
        return ref

    # ---------------------------------------------------------------- the quarter's phases
    def _firm_set(self):
        return self.agents_by_type[RefFirm]

    def _person_set(self):
        return self.agents_by_type[RefPerson]

    def _entry_phase(self) -> None:
        key, rate = self.key_int, self.params["spinoff_rate"]
        alive = [f for f in self.firms if f.alive == 1]
        parents = [f for f in alive if uniform_py(key, f.row, S_SPINOFF) < rate]
        bg = self.params["base_entry"] * (
            1.0 + self.pol[LEVER_INDEX["park_attraction"]] / self.params["park_entry_scale"]
        )
        nodes, inds, origins = entry_plan(
            key,
            len(alive),
            self.carriers.entry_rates(self.params),
            self.world.host_w,
            self.world.ind_f,
            self.params,
            (
                np.array([f.node for f in parents], dtype=np.int64),
                np.array([f.industry for f in parents], dtype=np.int64),
            ),
            (self.ws_transfers.landed_nodes, self.ws_transfers.landed_inds),
            bg,
            self.world.node_w,
        )
        n = len(self.firms)
        for j in range(len(nodes)):
            self.firms.append(RefFirm.enter(self, n + j, nodes[j], inds[j], origins[j]))
        self.acc["entries"] += len(nodes)

    @contextlib.contextmanager
    def _on_arrays(self):
        """Let a phase's twin (written over the state's rows) run on the agents' state.

        Inside, ``state`` is the agents' state as arrays; on leaving, the agents whose
        rows the twin changed take the new values.
        """
        st = self._array_state = self.to_state()
        before = (st.firm_f.copy(), st.firm_i.copy(), st.person_f.copy(), st.person_i.copy())
        self._agents_ready = False
        try:
            yield
        finally:
            self._store_state(st, before)

    def _store_state(self, st: State, before) -> None:
        """Give the agents the values of the rows of ``st`` that differ from ``before``."""
        if (st.n, st.m) != (len(self.firms), len(self.people)):
            self._load_state(st)  # rows were added: rebuild the agents
            return
        ff0, fi0, pf0, pi0 = before
        rows = np.flatnonzero((st.firm_f != ff0).any(axis=0) | (st.firm_i != fi0).any(axis=0))
        for i in rows.tolist():
            f = self.firms[i]
            f.__dict__.update(zip(FIRM_FLOAT_FIELDS, st.firm_f[:, i].tolist(), strict=True))
            f.__dict__.update(zip(FIRM_INT_FIELDS, st.firm_i[:, i].tolist(), strict=True))
        rows = np.flatnonzero((st.person_f != pf0).any(axis=0) | (st.person_i != pi0).any(axis=0))
        for p in rows.tolist():
            a = self.people[p]
            a.__dict__.update(zip(PERSON_FLOAT_FIELDS, st.person_f[:, p].tolist(), strict=True))
            a.__dict__.update(zip(PERSON_INT_FIELDS, st.person_i[:, p].tolist(), strict=True))
        self._array_state = None
        self._agents_ready = True

    def _talent_phase(self) -> None:
        with self._on_arrays():
            super()._talent_phase()

    def _capital_phase(self) -> None:
        with self._on_arrays():
            super()._capital_phase()

    def _firms_phase(self) -> None:
        members = [[] for _ in self.world.node_kind]
        for f in self.firms:
            if f.alive == 1:
                members[f.node].append(f.row)
        self._node_members = members
        self._reach = (self.world.prox[:, :, None] * self.world.frontier[None, :, :]).max(axis=1)
        self._fk_sums = [0.0, 0.0, 0.0, 0.0]
        firms = self._firm_set()
        firms.do("choose_partner")
        firms.do("quarter_step")
        self._fk_out[:] = self._fk_sums
        self.acc["innovations"] += self._fk_out[0]
        self.acc["exits"] += self._fk_out[1]
        self.acc["defaulted"] += self._fk_out[2]

    def _labels_phase(self) -> None:
        self._sme_on = self.year >= 2017
        self._ladder_on = self.year >= self.params["label_program_start"]
        self._lab_out[:] = 0.0
        firms = self._firm_set()
        if self.qy == 0:
            self._cult_counts = [0, 0, 0]
            firms.do("count_cultivation")
            n_coach, n_up, n_ch = self._cult_counts
            pol = self.pol
            self._cult_p = (
                min(1.0, pol[L_HNTE_CULTIVATION] / max(n_coach, 1)),
                min(1.0, pol[L_SMART_UPGRADE] / max(n_up, 1)),
                min(1.0, pol[L_CHALLENGE_CALLS] / self._par[P_CHALLENGE_AWARD] / max(n_ch, 1)),
            )
            firms.do("cultivate")
        if self.qy == 3:
            firms.do("close_year")
        firms.do("label_rounds")

    def _reduce(self) -> None:
        if not self._agents_ready:  # during construction the arrays are the state
            super()._reduce()
            return
        self._out[:] = 0.0
        self._by_node[:, :] = 0.0
        self._by_ind[:, :] = 0.0
        self.world.frontier[:, :] = 0.0
        self._pool_skill = self.params["talent_pool_skill"]
        self._firm_set().do("report")
        self._person_set().do("report")
        cnt = self._by_ind[:, 0]
        self.world.ind_f[IF_MEAN_KN] = np.where(
            cnt > 0, self._by_ind[:, 2] / np.maximum(cnt, 1), self.world.ind_f[IF_MEAN_KN]
        )
        self.world.node_f[NF_FIRMS] = self._by_node[:, 0]
