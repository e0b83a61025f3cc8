"""Pure-Python Mesa reference of the quarter: ``RefFirm``, ``RefPerson`` and ``RefModel``.

The yardstick of the numba core (and of ``benchmarks/``): every firm and person is a plain
``mesa.Agent`` with one Python attribute per state field (named as in
:data:`sim.fields.FIRM_FLOAT_FIELDS` etc.), and each kernel of the quarter is translated
into per-agent methods called through ``model.agents_by_type[...]`` (or, where a kernel
visits agents in another order, a Python loop over them), with the same counter-based
draws (``uniform_py(key, row, stream)``, the row being the agent's id in the arrays) in
the same order of operations, so results equal the kernels' for the same seed.

``RefModel`` subclasses :class:`sim.model.BaodiModel` and overrides only the phases that
call kernels; the orchestration (calendar, entry plan, node policy, place
utilities, indicator assembly, data collection) is inherited. Construction (the
synthetic 2015 population and warm-up hiring) is the numba model's: the reference covers
the quarter. Firm floats are Python floats (IEEE double), so ``float32=True`` is refused.

Examples
--------
>>> ref = RefModel(seed=3)                      # doctest: +SKIP
>>> ref.step(); ref.to_state()                  # doctest: +SKIP
>>> RefModel.from_model(BaodiModel(seed=3))     # doctest: +SKIP
"""

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
    PLACE_CAPITAL,
    PLACE_CITY,
    PLACE_HOME,
)
from .firms import entry_plan
from .indices import (
    L_APP_SCENES,
    L_LOAN_SUBSIDY,
    L_POLICY_STACK,
    L_RD_SUBSIDY,
    L_SMART_PARK,
    L_TALENT_SUBSIDY,
    P_CASH_HAZARD,
    P_CONTRACT_BASE_KNOWLEDGE,
    P_CONTRACT_PROB,
    P_CONTRACT_VALUE,
    P_CROSS_PARK,
    P_DEAL_SIZE,
    P_DEFAULT_RATE,
    P_EMP_ADJUST,
    P_EMPLOYED_MOVE,
    P_EMPLOYEES_PER_REVENUE,
    P_ENTRY_CASH,
    P_ENTRY_HITECH,
    P_ENTRY_KN_LOW,
    P_ENTRY_KN_WIDTH,
    P_ENTRY_RD_FACTOR,
    P_ENTRY_SCALE_BIG,
    P_ENTRY_SCALE_STARTUP,
    P_ENTRY_SIZE_SIGMA,
    P_GROWTH_BETA,
    P_GROWTH_MU,
    P_GROWTH_SIGMA,
    P_HITECH_ADJUST,
    P_HITECH_NONFIELD,
    P_HITECH_SLOPE,
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
    P_KNOWLEDGE_PER_HIRE,
    P_LOAN_DEMAND,
    P_LOAN_RATE,
    P_LOAN_SHARE,
    P_MARGIN,
    P_MAX_DEAL,
    P_MAX_LEVERAGE,
    P_MAX_SIGMA,
    P_MIN_DEAL,
    P_MIN_LOAN,
    P_MIN_REVENUE,
    P_MOVE_CAPITAL_SHARE,
    P_MOVE_RATE,
    P_MOVE_SENSITIVITY,
    P_PARTNER_KEEP,
    P_PARTNER_SHARE,
    P_PLATFORM_BOOST,
    P_QUIT_RATE,
    P_RD_ADJUST,
    P_RD_CUT_BROKE,
    P_RD_SUBSIDY_ELASTICITY,
    P_REF_INTENSITY,
    P_REPAY,
    P_SCENE_GROWTH,
    P_SEARCH_DRAWS,
    P_SHOCK_TO_PROFIT,
    P_SIGMA_MIN_SIZE,
    P_SMART_MARGIN,
    P_ST_TARGET_SHARE,
    P_STACK_GROWTH,
    P_STARTUP_IP2,
    P_STEP_MIN,
    P_TALENT_EFFECT,
    P_TRANSFER_IP_PROB,
    P_TRANSFER_KNOWLEDGE,
    P_UNEMPLOYED_MOVE,
    P_VACANCY_REL_MAX,
    P_VACANCY_REL_MIN,
    P_VC_DEAL_RATE,
    P_VC_LADDER_BOOST,
    P_VC_MAX_AGE,
    P_VC_SCREEN,
    P_YOUNG_DRIFT,
    P_YOUNG_YEARS,
    P_ZETA_IMITATION,
    P_ZETA_INNOVATION,
)
from .kernels.common import (
    hit_1mexp_py,
    hnte_rd_threshold_py,
    laplace_py,
    poisson_inv_py,
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
from .kernels.rng import (
    S_CONTRACT,
    S_DEFAULT,
    S_EXIT,
    S_GROWTH,
    S_IMIT,
    S_INNOV,
    S_IP,
    S_IP1,
    S_LOAN,
    S_MOVE,
    S_MOVE_DEST,
    S_NEWFIRM,
    S_NEWFIRM_IP2,
    S_NEWFIRM_IP_TRANSFER,
    S_NEWFIRM_KNOWLEDGE,
    S_PARTNER,
    S_PARTNER_CROSS,
    S_PARTNER_CROSS_NODE,
    S_PARTNER_KEEP,
    S_QUIT,
    S_SEARCH,
    S_SPINOFF,
    S_STEP,
    S_VC,
    S_VC_START,
    draw_key_py,
    normal_py,
    uniform_py,
)
from .levers import LEVER_INDEX
from .model import BaodiModel
from .phases import carriers_ref, labels_ref, transfers_ref
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
        self.vac = 0  # vacancies (the talent kernel's work space)

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

    # ---------------------------------------------------------------- talent_kernel (firm side)
    def open_vacancies(self) -> None:
        """Step 3 of ``talent_kernel``: S&T staff and open vacancies.

        The reference recounts staff from the people (``vac``); the kernel keeps the count
        as people leave and join. The two must agree (the reference test compares them).
        """
        st = self.vac
        self.st_staff = st
        self.vac = 0
        if self.alive == 1:
            m = self.model
            rel = self.rd_intensity / m._par[P_REF_INTENSITY]
            rel = min(max(rel, m._par[P_VACANCY_REL_MIN]), m._par[P_VACANCY_REL_MAX])
            want = int(self.employees * m._par[P_ST_TARGET_SHARE] * rel + 0.5)
            if want > st:
                self.vac = want - st

    # ---------------------------------------------------------------- capital_kernel
    def seek_capital(self) -> None:
        """One firm of ``capital_kernel``: a VC round and a bank loan, within the budgets."""
        if self.alive == 0:
            return
        m = self.model
        key, par, ind_f, budgets, out = m.key_int, m._par, m.ind_f, m._cap_budget, m._cap_out
        i, q, ind = self.row, m.quarter, self.industry
        annual = 4.0 * self.revenue
        lab = self.labels
        raised = False
        if (
            ind_f[IF_HNTE_FIELD, ind] > 0.0
            and q - self.birth_q <= 4.0 * par[P_VC_MAX_AGE]
            and self.knowledge >= ind_f[IF_MEAN_KN, ind] + par[P_VC_SCREEN]
        ):
            rate = par[P_VC_DEAL_RATE] * (par[P_VC_LADDER_BOOST] if lab & LADDER else 1.0)
            if uniform_py(key, i, S_VC) < rate:
                deal = min(max(par[P_DEAL_SIZE] * annual, par[P_MIN_DEAL]), par[P_MAX_DEAL])
                if deal <= budgets[0]:
                    budgets[0] -= deal
                    self.equity_raised += deal
                    self.cash += deal
                    if deal > self.vc_max:
                        self.vc_max = int(deal)
                    out[0] += deal
                    out[2] += 1.0
                    raised = True
        if (
            (lab & (LB_HNTE | LB_SME)) != 0
            and self.debt < par[P_MAX_LEVERAGE] * annual
            and uniform_py(key, i, S_LOAN) < par[P_LOAN_DEMAND] * (1.0 + m.pol[L_LOAN_SUBSIDY])
        ):
            loan = min(max(par[P_LOAN_SHARE] * annual, par[P_MIN_LOAN]), par[P_MAX_DEAL])
            if loan <= budgets[1]:
                budgets[1] -= loan
                self.debt += loan
                self.cash += loan
                out[1] += loan
                out[3] += 1.0
                raised = True
        if raised and self.financed_q == NO_Q:
            self.financed_q = q
            out[4] += 1.0

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

    def quit_and_move(self) -> None:
        """Quit (or be released), then maybe relocate: steps 1–2 of ``talent_kernel``."""
        m = self.model
        key, par, out, p = m.key_int, m._par, m._talent_out, self.row
        e = self.employer
        if e >= 0 and (m.firms[e].alive == 0 or uniform_py(key, p, S_QUIT) < par[P_QUIT_RATE]):
            self.employer = -1
            e = -1
            out[2] += 1.0
        place = self.place
        if place == PLACE_HOME:
            dest = (
                PLACE_CAPITAL
                if uniform_py(key, p, S_MOVE_DEST) < par[P_MOVE_CAPITAL_SHARE]
                else PLACE_CITY
            )
        else:
            dest = PLACE_HOME
        du = m._util[dest] - m._util[place]
        mult = par[P_EMPLOYED_MOVE] if e >= 0 else par[P_UNEMPLOYED_MOVE]
        rate = par[P_MOVE_RATE] * mult * 2.0 / (1.0 + math.exp(-par[P_MOVE_SENSITIVITY] * du))
        if uniform_py(key, p, S_MOVE) < rate:
            self.place = dest
            self.employer = -1
            if e >= 0:
                out[2] += 1.0
            if dest == PLACE_HOME:
                self.recruited = 1
                out[0] += 1.0
            else:
                self.recruited = 0
                out[1] += 1.0

    def count_at_employer(self) -> None:
        """Step 3 of ``talent_kernel``: count this person in the employer's staff."""
        if self.employer >= 0:
            self.model.firms[self.employer].vac += 1

    def search(self) -> None:
        """Step 4: a job seeker at home samples firms and takes the best match."""
        if self.place != PLACE_HOME or self.employer >= 0:
            return
        m = self.model
        firms, n = m.firms, len(m.firms)
        best = None
        for t in range(int(m._par[P_SEARCH_DRAWS])):
            f = firms[int(uniform_py(draw_key_py(m.key_int, t), self.row, S_SEARCH) * n)]
            if (
                f.alive == 1
                and f.vac > 0
                and (best is None or (f.industry == self.field and best.industry != self.field))
            ):
                best = f
        if best is not None:
            self.employer = best.row
            best.vac -= 1
            best.st_staff += 1
            if self.skill > 0.0:
                best.knowledge += m._par[P_KNOWLEDGE_PER_HIRE] * self.skill
            m._talent_out[3] += 1.0

    def subsidy(self) -> None:
        """Step 5: the talent subsidy to recruited, above-median people at home."""
        if self.place == PLACE_HOME and self.recruited == 1 and self.skill > 0.0:
            m = self.model
            m._talent_out[4] += 1.0
            m._talent_out[5] += m._talent_sub

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

    _carriers_run = staticmethod(carriers_ref.run)
    _transfers_run = staticmethod(transfers_ref.run)

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

    def _store_firms(self, st: State) -> None:
        """Set every firm agent's attributes to its row of the arrays ``st``."""
        ff, fi = st.firm_f[:, : st.n].T.tolist(), st.firm_i[:, : st.n].T.tolist()
        for f in self.firms:
            for name, v in zip(FIRM_FLOAT_FIELDS, ff[f.row], strict=True):
                setattr(f, name, v)
            for name, v in zip(FIRM_INT_FIELDS, fi[f.row], strict=True):
                setattr(f, name, v)

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
        "ws_carriers",
        "world",
        "acc",
        "cost_by_lever",
        "ws_transfers",
        "ws_labels",
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
        # The parks are Mesa agents of their model: ref's own take the model's carriers.
        memo = {}
        for park, own in zip(model.parks, ref.parks, strict=True):
            own.carriers = park.carriers.copy()
            memo[id(park)] = own
        for name in cls._DYNAMIC:
            setattr(ref, name, copy.deepcopy(getattr(model, name), memo))
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
            self.ws_carriers.entry_rates,
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

    def _talent_phase(self) -> None:
        self._talent_out = np.zeros(6)
        self._util = self._place_util(self.pol)
        self._talent_sub = self.pol[L_TALENT_SUBSIDY] / 4.0
        for f in self.firms:
            f.vac = 0
        people = self._person_set()
        people.do("quit_and_move")
        people.do("count_at_employer")
        self._firm_set().do("open_vacancies")
        if self.firms:
            people.do("search")
        people.do("subsidy")
        self._paid[L_TALENT_SUBSIDY] += self._talent_out[5]

    def _invest(self) -> None:
        self._cap_out[:] = 0.0
        n = len(self.firms)
        if n:
            start = int(uniform_py(self.key_int, 0, S_VC_START) * n)
            for f in self.firms[start:] + self.firms[:start]:  # the investors' rotating scan
                f.seek_capital()

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

    _labels_run = staticmethod(labels_ref.run)

    def _labels_phase(self) -> None:
        # The twin works on the public arrays: export the agents, run it, take them back.
        st = self.to_state()
        self._labels_run(st, self.world, self.q, self.ws_labels)
        self._store_firms(st)

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
