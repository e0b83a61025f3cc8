import dataclasses
from pathlib import Path

import mesa
import numpy as np
import pytest

from sim import BaodiModel, LeverSchedule, SimError, load_region
from sim.fields import FI_ALIVE
from sim.levers import LEVERS
from sim.params import PARAM_SPECS, Params
from sim.region import load_region as _lr
from sim.state import State
from sim.views import FirmView, PersonView, firm_history, firms_frame


def test_every_target_of_the_plan_is_an_indicator():
    r = load_region("baodi")
    assert len(r.targets) == 11
    m = BaodiModel("baodi", seed=0)
    m.step()
    for t in r.targets:
        assert t.indicator in m.current and t.section.startswith("§")


def test_every_parameter_and_lever_has_range_unit_and_source():
    for s in PARAM_SPECS:
        assert s.lo <= s.default <= s.hi and s.unit and s.source and s.zh and s.en
    for lv in LEVERS:
        assert lv.lo <= lv.status_quo <= lv.hi and lv.lo <= lv.plan <= lv.hi
        assert lv.section.startswith("§四") and lv.zh and lv.en and lv.unit


def test_model_is_not_hard_wired_to_baodi():
    m = BaodiModel("tiny", seed=2).run()
    assert m.quarter == 20 and not m.running
    assert [p.node_id for p in m.parks] == ["alpha", "beta", "capital"]
    with pytest.raises(SimError, match="calendar ends"):
        m.step()


def test_batch_run_with_seed_as_parameter():
    res = mesa.batch_run(
        BaodiModel,
        {"region": "tiny", "seed": [0, 1]},
        number_processes=1,
        max_steps=100,
        display_progress=False,
    )
    assert len(res) == 2 and {r["seed"] for r in res} == {0, 1}
    assert res[0]["hnte"] != res[1]["hnte"] or res[0]["firms_alive"] != res[1]["firms_alive"]


def test_levers_change_the_outcome_and_cost_money():
    sq = BaodiModel("tiny", seed=3).run()
    plan = BaodiModel(
        "tiny",
        seed=3,
        levers=LeverSchedule({"maker_spaces_new": 2.0}, preset="plan", start_year=2017),
    ).run()
    assert plan.current["fiscal_cost_cum"] > sq.current["fiscal_cost_cum"] > 0
    assert plan.current["new_maker_spaces"] >= 1 > sq.current["new_maker_spaces"]


def test_lever_schedules_phase_in_by_year():
    s = LeverSchedule({"rd_subsidy": {2022: 0.2, 2024: 0.0}}, start_year=2021)
    assert [s.value("rd_subsidy", y) for y in (2019, 2021, 2022, 2023, 2024)] == [
        0.05,
        0.05,
        0.2,
        0.2,
        0.0,
    ]
    with pytest.raises(SimError, match="year 'soon'"):
        LeverSchedule({"rd_subsidy": {"soon": 0.1}})


def test_views_are_built_on_demand():
    m = BaodiModel("tiny", seed=1, history=True).run(2016)
    n_agents = len(m.agents)  # parks only
    assert n_agents == len(m.region.nodes)
    v = FirmView(m, 0)
    assert v.node_id in ("alpha", "beta") and isinstance(v, mesa.Agent)
    assert len(m.agents) == n_agents, "views do not register as model agents"
    assert PersonView(m, 0).place in ("home", "beijing", "tianjin")
    df = firms_frame(m, node="alpha")
    assert (df["node_id"] == "alpha").all() and len(df) == len(m.parks[0].firm_rows())
    h = firm_history(m, 0)
    assert len(h) == 8 and {"rd", "st_staff", "hnte"} <= set(h.columns)
    with pytest.raises(SimError, match="outside"):
        FirmView(m, 10**6)


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"params": {"margin": 9}}, "margin"),
        ({"levers": {"nope": 1}}, "unknown lever 'nope'"),
        ({"region": "nowhere"}, "region"),
        ({"threads": 0}, r"threads = 0 must be an integer >= 1"),
        ({"threads": "2"}, r"threads = '2' must be an integer >= 1"),
        ({"threads": 10**6}, r"threads = 1000000 exceeds numba's pool"),
    ],
)
def test_bad_constructor_input(kwargs, needle):
    with pytest.raises(SimError, match=needle):
        BaodiModel(**{"region": "tiny", **kwargs})


def test_region_validation_names_field_and_value(tmp_path):
    r = _lr("tiny")
    assert dataclasses.is_dataclass(r)
    src = Path(r.path).read_text(encoding="utf-8")
    for old, new, needle in (
        ("minutes = 15", "minutes = -1", "'minutes' = -1.0 outside"),
        ('kind = "park"', 'kind = "prak"', "did you mean 'park'"),
        ("firm_share = 0.6", "firm_share = 0.7", "sum to 1.1000"),
    ):
        p = tmp_path / "x.toml"
        p.write_text(src.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(SimError, match=needle.replace("(", r"\(").replace(".", r"\.")):
            _lr(p)


def test_float32_state_runs_and_stays_close():
    a = BaodiModel("tiny", seed=1).run(2016)
    b = BaodiModel("tiny", seed=1, float32=True).run(2016)
    assert b.state.firm_f.dtype == np.float32
    assert (
        abs(a.current["firms_alive"] - b.current["firms_alive"]) <= 0.1 * a.current["firms_alive"]
    )


def test_initial_population_is_keyed_by_row():
    """Rows filled in two pieces equal rows filled at once (draws are keyed by row)."""
    from sim.phases.entry import init_firms_kernel

    m = BaodiModel("baodi", seed=3)
    n = 5000
    whole = State.allocate(n, 1)
    pieces = State.allocate(n, 1)
    w = m.world
    args = (w.node_cdf, w.internal_rows, w.host_w, w.ind_f, m._par)
    key = np.uint64(99)
    init_firms_kernel(key, 0, n, whole.firm_f, whole.firm_i, *args)
    init_firms_kernel(key, 777, n, pieces.firm_f, pieces.firm_i, *args)
    init_firms_kernel(key, 0, 777, pieces.firm_f, pieces.firm_i, *args)
    assert np.array_equal(whole.firm_f, pieces.firm_f)
    assert np.array_equal(whole.firm_i, pieces.firm_i)
    # and the population is drawn, not constant
    assert len(np.unique(whole.firm_f[0])) > n // 2
    assert (whole.firm_i[FI_ALIVE] == 1).all()


def test_entry_kernel_matches_its_python_twin():
    from sim.kernels.rng import S_SPINOFF, uniform_np
    from sim.phases.entry import entry_kernel
    from sim.phases.entry_ref import entry_plan

    m = BaodiModel("baodi", seed=5).run(2016)
    st = m.state
    fi = st.firm_i[:, : st.n]
    for q in range(8):
        key = np.uint64(1234567 + q)
        lam = m.ws_carriers.entry_rates * 3
        lam_national = lam * 0.4  # some start-ups hatched at national incubators
        landed = (np.array([0, 5], dtype=np.int64), np.array([1, 2], dtype=np.int64))
        u = uniform_np(key, np.arange(st.n, dtype=np.int64), S_SPINOFF)
        parents = np.flatnonzero((fi[0] == 1) & (u < 0.01))
        want = entry_plan(
            int(key),
            lam,
            lam_national,
            m.world.host_w,
            (fi[1, parents], fi[2, parents]),
            landed,
            7.0,
            m.world.node_w,
        )
        out = [np.zeros(4096, dtype=np.int64) for _ in range(4)]
        k = entry_kernel(
            key,
            st.n,
            st.firm_i,
            lam,
            lam_national,
            m.world.host_w,
            0.01,
            *landed,
            7.0,
            np.cumsum(m.world.node_w),
            *out,
        )
        assert k == len(want[0]) > 0
        assert 0 < want[3].sum() < (want[2] == 1).sum(), "some start-ups, not all, national"
        for got, exp in zip(out, want, strict=True):
            assert np.array_equal(got[:k], exp)


def test_a_fork_at_the_plan_start_equals_a_full_run_of_its_levers():
    """Sweeps share 2015–2020: a fork given new levers continues as a full run would."""
    import numpy as np

    from sim import BaodiModel

    base = BaodiModel("baodi", seed=11).run(2020)
    fork = base.fork("plan").run()
    full = BaodiModel("baodi", seed=11, levers="plan").run()
    assert np.array_equal(fork._ts, full._ts, equal_nan=True)
    assert fork.targets().equals(full.targets())
    assert np.array_equal(fork.cost_by_lever, full.cost_by_lever)
    # the parent is untouched by its fork and still continues as the status quo
    base.run()
    assert np.array_equal(base._ts, BaodiModel("baodi", seed=11).run()._ts, equal_nan=True)
    assert not np.array_equal(base._ts, full._ts, equal_nan=True)


def test_levers_changed_mid_year_are_costed_from_that_quarter_on():
    """The model keeps a quarter's per-unit lever cost for the lever vector in force.

    Levers changed mid-year (``set_levers``, or a fork given new levers) must be costed
    at once: a twin whose kept cost is dropped before every quarter (computed afresh,
    as without the cache) gives the same bits.
    """
    plan = LeverSchedule({"talent_housing": 800.0}, preset="plan", start_year=2021)
    cached = BaodiModel("baodi", seed=7).run(2021)
    for _ in range(2):  # to 2022Q3
        cached.step()
    fresh, forked = cached.fork(), cached.fork(plan)
    cached.set_levers(plan)
    fresh.set_levers(plan)
    while fresh.running:
        fresh._unit_cost_for = None  # nothing kept: computed every quarter
        fresh.step()
    cached.run()
    forked.run()
    assert cached.cost_by_lever.sum() > 0.0
    for m in (cached, forked):
        assert np.array_equal(m.cost_by_lever, fresh.cost_by_lever)
        assert np.array_equal(m._ts, fresh._ts, equal_nan=True)


def _forget_kept_values(m) -> None:
    """Drop what the model keeps for a lever vector: the next quarter computes it afresh."""
    m._unit_cost_for = None  # the per-unit levers' cost
    m.ws_carriers._plan_for = None  # the planner's flows and stocks
    m.ws_capital._money_for = (None, None)  # the quarter's VC, bank and pledge money


def test_values_kept_for_a_year_follow_new_levers_mid_year():
    """What the phases keep for a year's levers is dropped when the levers change.

    Levers changed mid-year (``set_levers``) or given to a fork: the model, and a fork,
    give the same bits as a twin that keeps nothing (computes every quarter afresh).
    """
    plan = LeverSchedule(
        {
            "maker_spaces_new": 3.0,
            "rd_institutes": 4.0,
            "guidance_fund": 3000.0,
            "ip_pledge": 900.0,
        },
        preset="plan",
        start_year=2021,
    )
    kept = BaodiModel("baodi", seed=5).run(2021)
    for _ in range(2):  # to 2022Q3: the status quo's vectors are kept for 2022
        kept.step()
    fresh, forked = kept.fork(), kept.fork(plan)
    kept.set_levers(plan)
    fresh.set_levers(plan)
    while fresh.running:
        _forget_kept_values(fresh)
        fresh.step()
    kept.run()
    forked.run()
    for m in (kept, forked):
        assert np.array_equal(m._ts, fresh._ts, equal_nan=True)
        for a, b in zip(
            (m.state.firm_f, m.state.firm_i, m.carriers.carriers_by_node(), m.cost_by_lever),
            (
                fresh.state.firm_f,
                fresh.state.firm_i,
                fresh.carriers.carriers_by_node(),
                fresh.cost_by_lever,
            ),
            strict=True,
        ):
            assert np.array_equal(a, b)
        assert m.carriers.queue == fresh.carriers.queue
        assert m.carriers.pending == fresh.carriers.pending
    # the levers matter here: the status quo kept for 2022 would give other results
    sq = BaodiModel("baodi", seed=5).run()
    assert not np.array_equal(sq._ts, fresh._ts, equal_nan=True)


def test_the_plans_contracts_and_costs_are_derived_as_each_quarter_counted_them():
    """The plan's contracts and fiscal cost are derived from the quarters' records.

    Against the quarter-by-quarter bookkeeping they replaced: each plan quarter adds
    the firms' contracts plus the institutes' (with the quarter's luck draw) and the
    levers' cost (what they paid plus the per-unit levers' unit cost x level / 4).
    """
    from sim.kernels.rng import S_INSTITUTE_CONTRACTS, uniform_py

    m = BaodiModel("baodi", seed=3, levers="plan")
    par, unit = (
        m.params,
        np.array([lv.unit_cost if lv.cost_kind == "per_unit" else 0.0 for lv in LEVERS]),
    )
    cost, contracts, fiscal = np.zeros(len(LEVERS)), [], []
    total_c, total_f = 0.0, 0.0
    while m.running:
        m.step()
        if m.q.year >= m.region.plan_start_year:
            inst = m.carriers.out[0]["institutes"]
            luck = par["institute_luck_min"] + uniform_py(m.q.key_int, 0, S_INSTITUTE_CONTRACTS)
            inst_c = inst * par["institute_contracts"] * luck if inst else 0.0
            total_c += m.ws_indicators.out[0]["contracts"] + inst_c
            cost_q = m._paid + unit * m.pol / 4.0
            cost += cost_q
            total_f += cost_q.sum()
        contracts.append(total_c / 1e4)
        fiscal.append(total_f / 1e4)
        assert np.array_equal(m.cost_by_lever, cost)
    ts = m.timeseries()
    assert total_c > 0.0 and total_f > 0.0
    assert np.array_equal(ts["contract_turnover_cum"].to_numpy(), contracts)
    assert np.array_equal(ts["fiscal_cost_cum"].to_numpy(), fiscal)


def _shared_with(fork, parent) -> list[str]:
    """What ``fork`` shares with ``parent``: mutable objects, or memory of arrays.

    Walks every attribute a fork copies (not Mesa's machinery, not the region, parameters,
    levers and the table's columns, which are never written), through workspaces, dicts,
    lists, tuples, sets and objects' attributes, down to the arrays.
    """
    from sim.levers import LeverSchedule
    from sim.region import Industry, Node, Region, Target

    immutable = (str, bytes, int, float, complex, bool, type(None), np.generic)
    not_walked = (Region, Node, Industry, Target, Params, LeverSchedule, mesa.Model)
    skip = BaodiModel._FORK_REBUILT | BaodiModel._FORK_SHARED

    def reachable(model):
        found, stack = {}, [(k, v) for k, v in vars(model).items() if k not in skip]
        while stack:
            path, o = stack.pop()
            if isinstance(o, immutable + not_walked) or id(o) in found:
                continue
            found[id(o)] = (path, o)
            if isinstance(o, dict):
                stack += [(f"{path}[{k!r}]", v) for k, v in o.items()]
                stack += [(f"{path} key", k) for k in o]
            elif isinstance(o, list | tuple | set | frozenset):
                stack += [(f"{path}[{j}]", v) for j, v in enumerate(o)]
            elif not isinstance(o, np.ndarray) and hasattr(o, "__dict__"):
                stack += [(f"{path}.{k}", v) for k, v in vars(o).items()]
        return found

    mine, theirs = reachable(fork), reachable(parent)
    assert len(mine) > 100, "the walk reaches the workspaces' arrays"
    shared = [
        path
        for key, (path, o) in mine.items()
        if key in theirs and not isinstance(o, tuple | frozenset)  # immutable themselves
    ]
    arrays = [(path, a) for path, a in mine.values() if isinstance(a, np.ndarray)]
    theirs_arrays = [(path, a) for path, a in theirs.values() if isinstance(a, np.ndarray)]
    shared += [
        f"{path} (memory of {other})"
        for path, a in arrays
        for other, b in theirs_arrays
        if np.may_share_memory(a, b)
    ]
    return shared


def test_a_fork_shares_nothing_mutable_with_its_parent():
    """A fork is independent of its parent: no array, container or object in common.

    Also for attributes a later change adds (to the model or to a workspace, of any
    class): a fork copies what it does not know, it never shares it.
    """
    import types

    m = BaodiModel("tiny", seed=3).run(2016)
    m._run_until_phase("firms")  # mid-quarter: the quarter's key, levers and payments
    m.new_attribute = types.SimpleNamespace(values=[np.zeros(2)], table={"a": [1.0]})
    m.ws_labels.new_buffer = np.zeros(3)
    f = m.fork()
    assert _shared_with(f, m) == []
    # references between the parts stay references within the fork
    assert f.ws_entry.carriers is f.ws_carriers and f.ws_entry.transfers is f.ws_transfers
    assert f.q.paid is f._paid and f.q.par is f._par and f.q.pol is f.pol
    assert f.q.params is m.params and f.region is m.region and f.levers is m.levers
    assert all(p.model is f for p in f.parks) and f.parks[0] is not m.parks[0]
    # a copy: equal values, the same types and layouts
    assert np.array_equal(f.state.firm_f, m.state.firm_f)
    assert np.array_equal(f._rec_sums, m._rec_sums) and f._rec_sums.dtype == m._rec_sums.dtype
    assert f.new_attribute.table == m.new_attribute.table
    assert type(f.ws_labels.out) is np.ndarray and f.ws_labels.out.dtype == m.ws_labels.out.dtype
    # the classes a fork copies attribute by attribute have no copy of their own to honour
    from sim.model import _PLAIN

    own_copy = ("__deepcopy__", "__copy__", "__reduce__", "__reduce_ex__", "__getstate__")
    for cls in _PLAIN:
        for base in cls.__mro__[:-1]:  # not object
            assert not {*own_copy, "__slots__", "__setstate__"} & set(vars(base)), cls


def test_region_assumptions_are_reachable_as_parameters():
    """The region file's assumed magnitudes scale with their parameters (1 = the file)."""
    from sim.fields import FF_RD_INTENSITY, NF_CAPACITY

    base = BaodiModel("baodi", seed=4)
    more = BaodiModel(
        "baodi",
        params=Params(
            region_firms_scale=1.5,
            region_people_scale=0.5,
            region_rd_scale=1.5,
            region_capacity_scale=2.0,
        ),
        seed=4,
    )
    assert more.state.n == round(1.5 * base.state.n)
    assert more.state.m == sum(round(0.5 * v) for v in _people(base))
    rd = base.state.firm_f[FF_RD_INTENSITY, : base.state.n].mean()
    assert more.state.firm_f[FF_RD_INTENSITY, : more.state.n].mean() > 1.3 * rd
    np.testing.assert_array_equal(more.node_f[NF_CAPACITY], 2.0 * base.node_f[NF_CAPACITY])


def _people(m):
    return [m.region.population[k] for k in ("people_baodi", "people_beijing", "people_tianjin")]


def test_the_2015_hnte_record_is_a_year_end_count():
    """2015Q1 holds the certificates issued before 2015; 2015's own round brings the rest.

    The record (58, §一(一)) is the stock at end-2015: the initial stock is its pre-2015
    share (hnte_2015_pre_share), and the year-end count lands near the record, not ~84
    as when all 58 were loaded at 2015Q1.
    """
    import numpy as np

    from sim.fields import FI_LABELS, LB_HNTE

    q1, end = [], []
    for seed in range(8):
        m = BaodiModel("baodi", seed=seed)
        q1.append(int((m.state.firm_i[FI_LABELS, : m.state.n] & LB_HNTE > 0).sum()))
        end.append(m.run(2015).current["hnte"])
    assert q1 == [round(58 * m.params["hnte_2015_pre_share"])] * 8
    assert 0.8 * 58 <= np.mean(end) <= 1.35 * 58, end
    loaded_all = BaodiModel("baodi", params={"hnte_2015_pre_share": 0.8}, seed=0)
    assert loaded_all.run(2015).current["hnte"] > np.mean(end)  # more at Q1, more at year end


def test_indicator_series_is_a_read_only_view_of_completed_quarters():
    import numpy as np
    import pytest

    from sim.errors import SimError

    m = BaodiModel("tiny", seed=2).run(2016)
    s = m.indicator_series("hnte")
    assert len(s) == m.quarter and np.array_equal(s, m.timeseries()["hnte"].to_numpy())
    with pytest.raises(ValueError):
        s[0] = 1.0
    with pytest.raises(SimError, match="not one of"):
        m.indicator_series("nope")
