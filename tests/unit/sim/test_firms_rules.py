"""The firm's planned R&D (``rd_target``, which the IP-pledge screen reads) is the target
``rd_intensity`` moves towards: the firms kernel writes the rule out for speed, so this
test holds the two copies together."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.indices import P_RD_ADJUST
from sim.levers import LEVER_INDEX, LeverSchedule
from sim.params import Params
from sim.phases.firms import rd_intensity, rd_target


@settings(max_examples=200, deadline=None)
@given(
    norm=st.floats(0.001, 0.1),
    could_qualify=st.booleans(),
    coached=st.booleans(),
    rev_y1=st.floats(0.0, 1e5),
    rd_subsidy=st.floats(0.0, 0.3),
)
def test_rd_intensity_moves_towards_rd_target(norm, could_qualify, coached, rev_y1, rd_subsidy):
    par = Params().vector()
    pol = LeverSchedule().vector(2021).copy()
    pol[LEVER_INDEX["rd_subsidy"]] = rd_subsidy
    rich = 1e12  # cash that funds any R&D: no liquidity cut
    target = rd_target(norm, could_qualify, coached, rev_y1, par, pol)
    step = rd_intensity(0.0, norm, could_qualify, coached, rev_y1, 100.0, rich, par, pol)
    assert np.isclose(step, par[P_RD_ADJUST] * target, rtol=1e-12, atol=0.0)
