"""The parks are the model's Mesa agents and hold their carriers (sim/phases/carriers.py)."""

import copy
import gc
import weakref

import numpy as np
import pytest

from sim import BaodiModel, SimError
from sim.fields import NF_ATTRACT, NF_CAPACITY, NF_CARRIERS, NF_PLATFORMS
from sim.levers import LeverSchedule
from sim.phases import carriers
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


def _mutables(ws):
    """Every mutable object reachable from a carriers workspace, and its writable arrays.

    Parks are followed into their attributes except ``model`` (the model they belong to)
    and ``node`` (the region file's frozen record, shared by every model of the region).
    Immutable values (numbers, strings, tuples of them, read-only arrays) are skipped.
    """
    objects, arrays, todo, seen = [], [], [ws], set()
    while todo:
        x = todo.pop()
        if id(x) in seen or x is None or isinstance(x, int | float | str | np.generic):
            continue
        seen.add(id(x))
        if isinstance(x, np.ndarray):
            if x.flags.writeable:
                arrays.append(x)
        elif isinstance(x, tuple):
            todo.extend(x)
        elif isinstance(x, list | set):
            objects.append(x)
            todo.extend(x)
        elif isinstance(x, dict):
            objects.append(x)
            todo.extend(x.keys())
            todo.extend(x.values())
        elif isinstance(x, carriers.Workspace | ParkAgent):
            objects.append(x)
            todo.extend(v for k, v in vars(x).items() if k not in ("model", "node"))
        else:
            raise AssertionError(f"teach _mutables about {type(x).__name__}")
    return objects, arrays


def _shared(a, b) -> list:
    """What the workspaces ``a`` and ``b`` share that either could write."""
    objs_a, arrays_a = _mutables(a)
    objs_b, arrays_b = _mutables(b)
    ids_a = {id(x) for x in objs_a}
    shared = [x for x in objs_b if id(x) in ids_a]
    shared += [x for x in arrays_b if any(np.shares_memory(x, y) for y in arrays_a)]
    return shared


def test_a_forks_carriers_workspace_shares_nothing_it_writes():
    """A fork copies the parks and every container of the carriers phase."""
    m = BaodiModel("baodi", levers="plan", seed=2).run(2020)
    ws = m.ws_carriers
    while not ws.queue:  # projects under construction, fractions pending, the baseline set
        m.step()
    ws._changed.add(3)  # a park whose column is out of date
    assert ws.queue and ws.baseline and any(ws.pending.values())
    f = m.fork()
    new = f.ws_carriers
    assert _shared(ws, new) == []
    assert _shared(ws, copy.copy(ws)), "negative control: a shallow copy shares"
    # the same contents, the parks now agents of the fork
    assert new.queue == ws.queue and new.pending == ws.pending and new.baseline == ws.baseline
    assert new._changed == ws._changed and new.hosts == ws.hosts and new._count == ws._count
    np.testing.assert_array_equal(new.out, ws.out)
    np.testing.assert_array_equal(new.entry_rates, ws.entry_rates)
    np.testing.assert_array_equal(new.national_rates, ws.national_rates)
    np.testing.assert_array_equal(new.carriers_by_node(), ws.carriers_by_node())
    assert list(f.agents_by_type[ParkAgent]) == new.parks
    assert all(p.model is f for p in new.parks)
    assert all(p.model is m for p in ws.parks)
