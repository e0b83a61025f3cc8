"""The rules the firms kernel writes out for speed, held to the helpers they copy.

The firm's planned R&D (``rd_target``, which the IP-pledge screen reads) is the target
``rd_intensity`` moves towards; ``successes`` is ``hit_1mexp`` over a block of firms."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.indices import P_RD_ADJUST
from sim.kernels.common import hit_1mexp
from sim.levers import LEVER_INDEX, LeverSchedule
from sim.params import Params
from sim.phases.firms import rd_intensity, rd_target, successes


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


@settings(max_examples=200, deadline=None)
@given(
    zeta=st.floats(0.0, 50.0),
    pairs=st.lists(
        st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.floats(0.0, 10.0)), max_size=40
    ),
)
def test_successes_is_hit_1mexp(zeta, pairs):
    """Firm by firm the same answer as ``hit_1mexp(u, ζ·eff)``, also between its bounds."""
    u = np.array([p[0] for p in pairs] + [0.3, 0.45, 0.0, 0.5])
    eff = np.array([p[1] for p in pairs] + [0.5, 0.5, 0.0, 1.0])  # the last two: bounds
    hit = np.full(u.shape, -1.0)
    successes(u.shape[0], zeta, eff, u, hit, np.empty(u.shape[0], dtype=np.int64))
    want = [1.0 if hit_1mexp(u[t], zeta * eff[t]) else 0.0 for t in range(u.shape[0])]
    assert hit.tolist() == want
