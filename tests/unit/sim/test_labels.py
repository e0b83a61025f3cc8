"""The official label rules, one firm at a time, through the real kernels."""

import numpy as np
import pytest

from sim import BaodiModel
from sim.fields import (
    FF_CASH,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD_Y1,
    FF_RD_Y2,
    FF_RD_Y3,
    FF_REV_Y1,
    FF_REV_Y2,
    FF_REV_Y3,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_HNTE_Q,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_LABELS,
    FI_ST_STAFF,
    LB_HNTE,
    LB_SME,
    NO_Q,
)
from sim.kernels.common import frontier_advance_py
from sim.params import Params
from sim.phases.labels import hnte_eligible, labels_kernel, sme_qualifies


@pytest.fixture()
def model():
    return BaodiModel("tiny", seed=1)


def _hnte_ready(m, i, q):
    """Make row i a textbook HNTE candidate at quarter q."""
    ff, fi = m.state.firm_f, m.state.firm_i
    fi[FI_ALIVE, i] = 1
    fi[FI_INDUSTRY, i] = 0  # next_gen_it: a supported field
    fi[FI_BIRTH_Q, i] = q - 20
    fi[FI_IP1, i], fi[FI_IP2, i] = 2, 3
    ff[FF_EMPLOYEES, i] = 50.0
    fi[FI_ST_STAFF, i] = 10  # 20% S&T staff
    for f in (FF_REV_Y1, FF_REV_Y2, FF_REV_Y3):
        ff[f, i] = 3000.0  # 30M yuan: 5% threshold
    for f in (FF_RD_Y1, FF_RD_Y2, FF_RD_Y3):
        ff[f, i] = 180.0  # 6%
    ff[FF_REV_Y1, i] = 3600.0  # 20% growth
    ff[FF_RD_Y1, i] = 216.0
    ff[FF_HITECH, i] = 0.8
    ff[FF_KNOWLEDGE, i] = 2.0 + frontier_advance_py(q, m._par)  # 2 ahead of the frontier
    ff[FF_CASH, i] = 100.0
    fi[FI_LABELS, i] = 0
    fi[FI_HNTE_Q, i] = NO_Q


def _year_end(m, q, apply_p=0.99):
    """Run the Q4 label round at quarter q with a given HNTE application probability."""
    par = Params(hnte_apply=apply_p).vector()
    st = m.state
    out = np.zeros(8)
    pol = m.levers.vector(2019)
    labels_kernel(
        q,
        np.uint64(12345),
        3,
        st.n,
        st.firm_f,
        st.firm_i,
        m.ind_f,
        par,
        pol,
        True,
        True,
        np.zeros(len(pol)),
        out,
    )
    return out


def test_a_firm_meeting_every_hnte_rule_is_eligible_and_each_rule_binds(model):
    m, q, i = model, 19, 0
    _hnte_ready(m, i, q)
    args = (m.state.firm_f, m.state.firm_i, m.ind_f, m._par)
    assert hnte_eligible(q, i, *args)
    for field, bad in ((FF_HITECH, 0.5), (FF_EMPLOYEES, 150.0)):  # <60% high-tech; <10% staff
        _hnte_ready(m, i, q)
        m.state.firm_f[field, i] = bad
        assert not hnte_eligible(q, i, *args), field
    _hnte_ready(m, i, q)
    m.state.firm_i[FI_IP1, i] = m.state.firm_i[FI_IP2, i] = 0  # no core IP
    assert not hnte_eligible(q, i, *args)
    _hnte_ready(m, i, q)
    m.state.firm_i[FI_BIRTH_Q, i] = q - 2  # registered < 1 year
    assert not hnte_eligible(q, i, *args)
    _hnte_ready(m, i, q)
    for f in (FF_RD_Y1, FF_RD_Y2, FF_RD_Y3):
        m.state.firm_f[f, i] *= 0.7  # ≈ 4.2% < 5% for sales ≤ 50M
    assert not hnte_eligible(q, i, *args)
    _hnte_ready(m, i, q)
    m.state.firm_i[FI_INDUSTRY, i] = 1  # traditional manufacturing: not a supported field
    assert not hnte_eligible(q, i, *args)


def test_an_eligible_applicant_is_certified_at_year_end(model):
    m, q = model, 19
    _hnte_ready(m, 0, q)
    # After the close the accounts shift one year; set Y0 = accumulators to keep them.
    m.state.firm_f[15, 0] = 3600.0  # rev_acc
    m.state.firm_f[16, 0] = 216.0  # rd_acc
    _year_end(m, q)
    assert m.state.firm_i[FI_LABELS, 0] & LB_HNTE
    assert m.state.firm_i[FI_HNTE_Q, 0] == q


def test_the_certificate_lapses_after_three_years_without_reapplication(model):
    m, q, i = model, 23, 0
    _hnte_ready(m, i, q)
    m.state.firm_i[FI_LABELS, i] = LB_HNTE
    m.state.firm_i[FI_HNTE_Q, i] = q - 8  # two years old: still valid
    m.state.firm_f[FF_HITECH, i] = 0.1  # no longer eligible
    _year_end(m, q)
    assert m.state.firm_i[FI_LABELS, i] & LB_HNTE, "valid certificates are not re-checked"
    m.state.firm_i[FI_HNTE_Q, i] = q + 4 - 12  # three years old at the next year-end
    _year_end(m, q + 4)
    assert not m.state.firm_i[FI_LABELS, i] & LB_HNTE
    assert m.state.firm_i[FI_HNTE_Q, i] == NO_Q


def test_sme_size_limits(model):
    m, i = model, 0
    _hnte_ready(m, i, 19)
    ff, fi = m.state.firm_f, m.state.firm_i
    ff[FF_EMPLOYEES, i] = 40.0
    fi[FI_ST_STAFF, i] = 12  # 30% → 20 pts; R&D 6% → 50; class-I IP → 30
    assert sme_qualifies(i, ff, fi)
    ff[FF_EMPLOYEES, i] = 501.0  # > 500 employees
    fi[FI_ST_STAFF, i] = 160
    assert not sme_qualifies(i, ff, fi)
    ff[FF_EMPLOYEES, i] = 40.0
    fi[FI_ST_STAFF, i] = 12
    ff[FF_REV_Y1, i] = 20001.0  # > 200M yuan revenue
    assert not sme_qualifies(i, ff, fi)
    ff[FF_REV_Y1, i] = 3600.0
    fi[FI_ST_STAFF, i] = 2  # 5% S&T staff: zero staff score disqualifies
    fi[FI_LABELS, i] = 0
    assert not sme_qualifies(i, ff, fi)
    fi[FI_LABELS, i] = LB_HNTE  # a valid HNTE certificate qualifies directly
    assert sme_qualifies(i, ff, fi)
    assert LB_SME == 2
