"""The labels phase and its twin agree in each quarter of the year (each has its rounds).

``test_phases`` draws random quarters; here every round of the calendar is run once:
Q1 cultivation, Q2 tech SMEs, Q3 the Tianjin ladder, Q4 the year-end close and HNTE.
"""

import pytest
from test_phases import compare_phase

from sim.fields import FI_SME_Q
from sim.model import BaodiModel
from sim.phases import labels_ref


@pytest.fixture(scope="module")
def model_2021():
    return BaodiModel("baodi", levers="plan", seed=11).run(2020)


@pytest.mark.parametrize("qy", range(4))
def test_labels_twin_in_each_quarter_of_the_year(model_2021, qy):
    m = model_2021.fork()
    while m.qy != qy:
        m.step()
    compare_phase(m, "labels", labels_ref)  # leaves m where the phase starts
    m._labels_phase()
    if qy == 1:  # registrations are not an output: read them in the state
        st = m.state
        assert (st.firm_i[FI_SME_Q, : st.n] == m.quarter).any(), "Q2 should register tech SMEs"
    else:
        busy = {0: "coached", 2: "new_ladder", 3: "new_hnte"}[qy]
        assert m.ws_labels.out[0][busy] > 0, f"the rounds of Q{qy + 1} should give some {busy}"


def test_a_broken_labels_twin_is_caught(model_2021, monkeypatch):
    """Negative control: a twin that never certifies disagrees with the kernel at Q4."""
    m = model_2021.fork()
    while m.qy != 3:
        m.step()
    monkeypatch.setattr(labels_ref, "hnte_eligible", lambda *a: False)
    with pytest.raises(AssertionError, match="labels"):
        compare_phase(m, "labels", labels_ref)
