"""The region file's assumed figures reach the model through parameters (sim/world.py)."""

import numpy as np
import pytest

from sim import BaodiModel, Params, load_region
from sim.fields import FI_ALIVE, FI_NODE, IF_SEI, IF_SHARE, NF_ATTRACT, NF_EXTERNAL, NF_MINUTES
from sim.world import build_world

R = load_region("baodi")


def world(**params):
    return build_world(R, Params(**params))


def test_defaults_are_the_region_file():
    w = world()
    assert np.array_equal(w.node_w, [nd.firm_share for nd in R.nodes])
    assert np.array_equal(w.ind_f[IF_SHARE], [ind.firm_share for ind in R.industries])
    assert np.array_equal(w.node_f[NF_ATTRACT], [nd.attract for nd in R.nodes])


def test_assumed_travel_times_scale_but_the_plans_hsr_circle_does_not():
    base, slow = world(), world(region_minutes_scale=1.5)
    m0, m1 = base.node_f[NF_MINUTES], slow.node_f[NF_MINUTES]
    hsr = R.node_index("hsr_station")
    assert m0[hsr] == m1[hsr] == 20.0  # Beijing -> HSR station: §一(二)
    zgc = R.node_index("zgc_city")
    assert m0[zgc] < m1[zgc] <= 1.5 * m0[zgc]  # assumed roads (or the HSR and a road)
    assert (m1 >= m0).all() and (slow.prox <= base.prox + 1e-15).all()


def test_spillovers_fall_faster_with_a_shorter_decay():
    a, b = world(), world(spillover_decay_minutes=15)
    off = ~np.eye(len(R.nodes), dtype=bool)
    assert (b.prox[off] < a.prox[off]).all() and np.allclose(np.diag(b.prox), 1.0)


def test_attraction_shift_moves_only_the_regions_nodes():
    a, b = world(), world(region_attract_shift=0.3)
    inside = a.node_f[NF_EXTERNAL] == 0
    d = b.node_f[NF_ATTRACT] - a.node_f[NF_ATTRACT]
    assert np.allclose(d[inside], 0.3) and np.allclose(d[~inside], 0.0)


def test_share_tilts_move_firms_and_keep_shares_summing_to_one():
    w = world(region_sei_share_scale=1.4, region_city_share_scale=1.5)
    sei = w.ind_f[IF_SEI] > 0
    assert w.ind_f[IF_SHARE].sum() == pytest.approx(1.0) and w.node_w.sum() == pytest.approx(1.0)
    assert w.ind_f[IF_SHARE][sei].sum() > world().ind_f[IF_SHARE][sei].sum()

    def city_firms(**p):
        m = BaodiModel("baodi", params=p, seed=1)
        fi = m.state.firm_i[:, : m.state.n]
        return (m.world.is_city[fi[FI_NODE]] & (fi[FI_ALIVE] == 1)).sum()

    assert city_firms(region_city_share_scale=1.5) > 1.2 * city_firms()


def test_worlds_share_only_what_no_phase_writes_and_a_run_leaves_it_unchanged():
    """build_world derives the arrays once per (region, parameter values) and shares them."""
    import copy
    import dataclasses

    from sim.world import World, _derive_world, _templates

    own = {"ind_f", "node_f", "frontier"}
    a, b = BaodiModel("baodi", seed=1), BaodiModel("baodi", params=Params(), seed=2)
    other = BaodiModel("baodi", params=Params(hazard_scale=1.5), seed=1)
    before = copy.deepcopy(a.world)
    for f in dataclasses.fields(World):
        x, y = getattr(a.world, f.name), getattr(b.world, f.name)
        assert (x is y) == (f.name not in own), f.name
        if f.name not in own | {"hazard_q"}:  # hazard_scale: the exit hazards only
            assert np.array_equal(getattr(other.world, f.name), x)
    assert not np.array_equal(other.world.hazard_q, a.world.hazard_q)
    a.run(2018)  # every phase has run: none wrote a shared array
    fresh = _derive_world(R, _templates(R), Params())
    for f in dataclasses.fields(World):
        if f.name not in own:
            got = getattr(a.world, f.name)
            assert np.array_equal(got, getattr(before, f.name)), f.name
            assert np.array_equal(got, getattr(fresh, f.name)), f.name
    assert not np.array_equal(a.world.frontier, b.world.frontier)
