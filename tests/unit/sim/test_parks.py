"""The parks are the model's Mesa agents and hold their carriers (sim/phases/carriers.py)."""

import copy
import gc
import weakref

import numpy as np
import pytest

from sim import BaodiModel, SimError
from sim.fields import NF_ATTRACT, NF_CAPACITY, NF_CARRIERS, NF_PLATFORMS
from sim.levers import LeverSchedule
from sim.phases.carriers import KIND_INDEX, KINDS, ParkAgent


def test_parks_are_agents_from_construction_without_the_space():
    m = BaodiModel("tiny", seed=1)
    assert m._space is None, "the Network is built only when asked for"
    assert list(m.agents_by_type[ParkAgent]) == m.parks
    assert [p.index for p in m.parks] == list(range(len(m.region.nodes)))
    for p in m.parks:  # the region file's carriers, and the park's column of node_f
        for kind, v in p.node.carriers.items():
            assert p.count(kind) == v
        assert m.node_f[NF_CARRIERS, p.index] == p.total_carriers()
        assert p.capacity == m.node_f[NF_CAPACITY, p.index] > 0.0 or p.node.external
        assert p.attractiveness == m.node_f[NF_ATTRACT, p.index]
    space = m.space
    assert all(p.cell is not None and p in p.cell.agents for p in m.parks)
    assert space is m.space


def test_a_park_writes_its_carriers_into_its_column():
    m = BaodiModel(
        "baodi",
        levers=LeverSchedule({"testing_platforms": 6.0}, preset="plan", start_year=2017),
        seed=3,
    ).run(2022)
    totals = m.carriers.totals()
    by_node = m.carriers.carriers_by_node()
    np.testing.assert_array_equal(by_node.sum(axis=1), totals)
    assert totals[KIND_INDEX["platforms"]] == 6.0
    np.testing.assert_array_equal(m.node_f[NF_PLATFORMS], by_node[KIND_INDEX["platforms"]])
    nat = KIND_INDEX["national_incubators"]
    np.testing.assert_array_equal(m.node_f[NF_CARRIERS], by_node.sum(axis=0) - by_node[nat])
    want = [p.expected_startups(m.params) for p in m.parks]
    np.testing.assert_array_equal(m.ws_carriers.entry_rates, want)
    assert m.carriers.baseline is not None and set(m.carriers.baseline) == set(KINDS)


def test_a_fork_has_its_own_parks():
    m = BaodiModel("baodi", levers="plan", seed=2).run(2020)
    _ = m.space  # a parent with its space built
    f = m.fork()
    assert f._space is None
    assert len(f.agents) == len(m.agents) == len(m.parks)
    for p, q in zip(m.parks, f.parks, strict=True):
        assert q is not p and q.model is f and q.cell is None
        np.testing.assert_array_equal(q.carriers, p.carriers)
        assert q.carriers is not p.carriers
    assert list(f.agents_by_type[ParkAgent]) == f.parks
    f.run()
    assert f.carriers.totals().sum() > m.carriers.totals().sum(), "the fork built more"
    assert m.quarter == 24, "the parent is untouched"
    with pytest.raises(SimError, match="fork"):
        copy.deepcopy(m.parks[0])


def test_runs_and_forks_are_freed_with_their_parks():
    """Mesa 3.3's Agent.__init__ keeps every model with agents alive (mesa#3179): not ours."""
    m = BaodiModel("tiny", seed=1).run(2016)
    f = m.fork()
    refs = [weakref.ref(m), weakref.ref(f)]
    del m, f
    gc.collect()
    assert all(r() is None for r in refs), "a model outlived its last reference"
