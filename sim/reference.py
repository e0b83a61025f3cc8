"""Pure-Python Mesa reference of the quarter: ``RefFirm``, ``RefPerson`` and ``RefModel``.

The yardstick of the numba core (and of ``benchmarks/``): every firm and person is a plain
``mesa.Agent`` with one Python attribute per state field (named as in
:data:`sim.fields.FIRM_FLOAT_FIELDS` etc.), and each kernel of the quarter is translated
into per-agent methods called through ``model.agents_by_type[...]`` (or, where a kernel
visits agents in another order, a Python loop over them), with the same counter-based
draws (``uniform_py(key, row, stream)``, the row being the agent's id in the arrays) in
the same order of operations, so results equal the kernels' for the same seed.

``RefModel`` subclasses :class:`sim.model.BaodiModel` and overrides only the phases that
call kernels; the orchestration (calendar, carriers, entry plan, node policy, place
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
    IF_HNTE_FIELD,
    IF_MANUF,
    IF_MEAN_KN,
    LB_EAGLET,
    LB_GAZELLE,
    LB_HNTE,
    LB_LEADER,
    LB_LISTED,
    LB_SME,
    N_PF,
    N_PI,
    NO_Q,
    PLACE_CAPITAL,
    PLACE_CITY,
    PLACE_HOME,
)
from .indices import (
    L_CHALLENGE_CALLS,
    L_HNTE_CULTIVATION,
    L_LISTING_REWARD,
    L_LOAN_SUBSIDY,
    L_SMART_UPGRADE,
    L_TALENT_SUBSIDY,
    L_TIER_GRANT,
    P_CHALLENGE_AWARD,
    P_CHALLENGE_KNOWLEDGE,
    P_CHALLENGE_LEAD,
    P_COACH_BONUS,
    P_COACH_MIN_KNOWLEDGE,
    P_DEAL_SIZE,
    P_EAGLET_APPLY,
    P_EMPLOYED_MOVE,
    P_GAZELLE_APPLY,
    P_GAZELLE_GROWTH,
    P_GAZELLE_MAX_AGE,
    P_GAZELLE_MIN_REVENUE,
    P_GRANT_EFFECT,
    P_HNTE_APPLY,
    P_KNOWLEDGE_PER_HIRE,
    P_LEADER_MIN_RD,
    P_LEADER_MIN_REVENUE,
    P_LISTING_MIN_REVENUE,
    P_LISTING_RATE,
    P_LISTING_REWARD_SCALE,
    P_LOAN_DEMAND,
    P_LOAN_SHARE,
    P_MAX_DEAL,
    P_MAX_LEVERAGE,
    P_MIN_DEAL,
    P_MIN_LOAN,
    P_MOVE_CAPITAL_SHARE,
    P_MOVE_RATE,
    P_MOVE_SENSITIVITY,
    P_QUIT_RATE,
    P_REF_INTENSITY,
    P_RENEW_APPLY,
    P_SEARCH_DRAWS,
    P_SME_REGISTER,
    P_ST_TARGET_SHARE,
    P_UNEMPLOYED_MOVE,
    P_UPGRADE_HITECH,
    P_UPGRADE_KNOWLEDGE,
    P_VACANCY_REL_MAX,
    P_VACANCY_REL_MIN,
    P_VC_DEAL_RATE,
    P_VC_LADDER_BOOST,
    P_VC_MAX_AGE,
    P_VC_SCREEN,
)
from .kernels.common import (
    hnte_rd_threshold_py,
    hnte_score_py,
    sme_score_py,
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
    S_LISTING,
    S_LOAN,
    S_MOVE,
    S_MOVE_DEST,
    S_QUIT,
    S_SEARCH,
    S_UPGRADE,
    S_VC,
    S_VC_START,
    draw_key_py,
    uniform_py,
)
from .model import BaodiModel
from .phases import entry_ref, firms_ref, indicators_ref, transfers_ref
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
    _entry_run = staticmethod(entry_ref.run)
    _firms_run = staticmethod(firms_ref.run)
    _indicators_run = staticmethod(indicators_ref.run)

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

    def _load_firms(self, st: State) -> None:
        """Replace the firm agents by those of the arrays ``st`` (the people are kept)."""
        for f in list(self.agents_by_type.get(RefFirm, ())):
            f.remove()
        ff, fi = st.firm_f[:, : st.n].T.tolist(), st.firm_i[:, : st.n].T.tolist()
        self.firms = [RefFirm(self, i, ff[i], fi[i]) for i in range(st.n)]

    def _on_arrays(self, phase) -> None:
        """Run ``phase`` (a :class:`BaodiModel` phase method) on the state as arrays.

        The phases split into :mod:`sim.phases` run their twins over the public state
        arrays: the agents are exported, the phase runs on the arrays, and the firm
        agents are rebuilt from them (those phases do not change people).
        """
        st = self.to_state()
        self._array_state, self._agents_ready = st, False
        try:
            phase()
        finally:
            self._load_firms(st)
            self._array_state, self._agents_ready = None, True

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
        "ws_entry",
        "ws_firms",
        "_ts",
        "ws_indicators",
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
        memo = {}  # one copy: references between them (ws_entry -> carriers) stay shared
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
        self._on_arrays(super()._entry_phase)

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
        self._on_arrays(super()._firms_phase)

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

    def _indicators_phase(self) -> None:
        self._on_arrays(super()._indicators_phase)

    def _people_counts(self) -> tuple[float, float, float, float]:
        """The people at home, in the capital, in the city, and the talent pool (the agents)."""
        pool_skill = self.params["talent_pool_skill"]
        home = capital = city = pool = 0.0
        for p in self.people:
            if p.place == PLACE_HOME:
                home += 1.0
                if p.skill >= pool_skill:
                    pool += 1.0
            elif p.place == PLACE_CAPITAL:
                capital += 1.0
            else:
                city += 1.0
        return home, capital, city, pool
