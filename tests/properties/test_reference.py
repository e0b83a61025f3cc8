"""The pure-Python Mesa reference (:mod:`sim.reference`) reproduces the numba kernels.

Tolerance: integer fields and people must be equal exactly; float fields and indicator
rows within ``rtol = 1e-9`` (``atol = 0``). Each reference method repeats its kernel's
float operations in the same order, so in practice they agree bit for bit; the
tolerance only leaves room for a libm that rounds ``exp`` / ``log`` / ``pow`` differently
inside numba than in CPython.
"""

import mesa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from states import RTOL, assert_same_state

from sim.fields import FI_LABELS
from sim.model import BaodiModel
from sim.phases.carriers import ParkAgent
from sim.reference import RefModel

REGIONS = ("tiny", "baodi")


def assert_same_row(m: BaodiModel, r: RefModel, where: str) -> None:
    """Fail if the last indicator rows of ``m`` and ``r`` disagree."""
    a, b = m._ts[m.quarter - 1], r._ts[r.quarter - 1]
    bad = np.flatnonzero(~np.isclose(a, b, rtol=RTOL, atol=0.0, equal_nan=True))
    assert bad.size == 0, (
        f"{where}: indicators {[m.cols[j] for j in bad[:5]]} differ: {a[bad[:5]]} vs {b[bad[:5]]}"
    )


@pytest.mark.usefixtures("warm")
@settings(deadline=None, max_examples=10)
@given(seed=st.integers(0, 2**63), region=st.sampled_from(REGIONS), warmup=st.integers(0, 3))
def test_reference_matches_kernels(seed, region, warmup):
    """From 2016Q1 (after ``warmup`` kernel quarters before it) to 2017Q4 the runs agree.

    The eight quarters cover every phase: Q1 cultivation, Q2 tech-SME registration (from
    2017), Q3 ladder rounds (from 2017), Q4 year-end close and HNTE certification.
    """
    m = BaodiModel(region, seed=seed)
    start = 4 * (2016 - m.region.first_year) - warmup
    while m.quarter < start:
        m.step()
    r = RefModel.from_model(m)
    assert_same_state(m.state, r.state, "after from_model")
    labels_before = m.state.firm_i[FI_LABELS, : m.state.n].copy()
    while m.year <= 2017:
        m.step()
        r.step()
        where = f"{region} seed={seed} {m.quarter_label('en')}"
        assert_same_state(m.state, r.state, where)
        assert_same_row(m, r, where)
    assert r.quarter_label("en") == "2017 Q4"
    # The comparison is not vacuous: the run moved firms and labels.
    assert m.state.n > len(labels_before)
    assert (m.state.firm_i[FI_LABELS, : len(labels_before)] != labels_before).any()


def test_direct_construction_and_agents(warm):
    """``RefModel(seed=...)`` equals ``BaodiModel``; its Mesa agents are the parks."""
    m, r = BaodiModel("tiny", seed=11), RefModel("tiny", seed=11)
    assert len(r.agents_by_type[ParkAgent]) == len(r.region.nodes)
    for _ in range(6):
        m.step()
        r.step()
    assert r.state.n == m.state.n > 0
    assert_same_state(m.state, r.state, "tiny seed=11")
    assert_same_row(m, r, "tiny seed=11")


def test_seeds_differ(warm):
    """Another seed gives another state (the equality above would catch a wrong draw)."""
    a, b = RefModel("tiny", seed=1), RefModel("tiny", seed=2)
    a.step()
    b.step()
    with pytest.raises(AssertionError):
        assert_same_state(a.state, b.state, "seed 1 vs 2")


def test_batch_run(warm):
    """``mesa.batch_run`` runs the reference like any Mesa model."""
    rows = mesa.batch_run(
        RefModel,
        {"region": "tiny", "seed": range(2)},
        number_processes=1,
        max_steps=3,
        display_progress=False,
    )
    assert [(row["seed"], row["Step"]) for row in rows] == [(0, 3), (1, 3)]
    m = BaodiModel("tiny", seed=1)
    while m.running and m.steps <= 3:  # batch_run's own loop
        m.step()
    assert rows[1]["hnte"] == m.current["hnte"]


# The assumed numbers that lived in the kernels, the model and (as scale factors) the
# region file until issue 12: each is now a parameter the kernel and its twin read alike.
MOVED = [
    "platform_boost",
    "imitation_share",
    "hitech_slope",
    "stack_growth",
    "scene_growth",
    "smart_margin",
    "repay",
    "shock_to_profit",
    "max_sigma",
    "cross_park",
    "young_drift",
    "young_years",
    "startup_ip2",
    "entry_scale_startup",
    "entry_scale_big",
    "init_age_mean",
    "init_kn_spread",
    "init_tail_z",
    "max_init_revenue",
    "renew_apply",
    "coach_bonus",
    "grant_effect",
    "challenge_award",
    "challenge_lead",
    "challenge_knowledge",
    "upgrade_knowledge",
    "upgrade_hitech",
    "coach_min_knowledge",
    "search_draws",
    "knowledge_per_hire",
    "employed_move",
    "unemployed_move",
    "ref_intensity",
    "annual_wage",
    "city_wage_ratio",
    "housing_utility",
    "housing_half",
    "amenity_per_carrier",
    "vc_deal_rate",
    "vc_max_age",
    "min_deal",
    "max_deal",
    "loan_demand",
    "loan_share",
    "max_leverage",
    "congestion",
    "xingchuang_accredit",
    "upgrade_scale",
    "sigma_min_size",
    "hnte_rd_margin",
    "rd_cut_broke",
    "step_min",
    "contract_base_knowledge",
    "min_revenue",
    "emp_adjust",
    "hitech_nonfield",
    "entry_size_sigma",
    "entry_kn_low",
    "entry_kn_width",
    "transfer_knowledge",
    "entry_rd_factor",
    "entry_hitech",
    "entry_cash",
    "transfer_ip_prob",
    "incubation_quarters",
    "init_max_age",
    "init_rd_sigma",
    "init_kn_min",
    "init_kn_rd_weight",
    "init_kn_base",
    "init_cash",
    "init_ip1_per_kn",
    "init_ip2_per_kn",
    "listing_reward_scale",
    "move_capital_share",
    "vacancy_rel_min",
    "vacancy_rel_max",
    "vc_ladder_boost",
    "min_loan",
    "region_firms_scale",
    "region_people_scale",
    "region_rd_scale",
    "region_revenue_scale",
    "region_capacity_scale",
    "project_nonsei_weight",
    "zgc_attraction_norm",
    "park_attraction_norm",
    "hub_policy_share",
    "park_entry_scale",
    "institute_luck_min",
    "hnte_ip1_points",
    "hnte_ip2_points",
    "hnte_full_knowledge",
    "hnte_mgmt_base",
    "demo_park_entry_share",
]


def _off_default(side: str) -> dict:
    """Every moved parameter halfway from its default to its upper (or lower) bound."""
    from sim.params import PARAM_SPECS

    spec = {s.name: s for s in PARAM_SPECS}
    out = {}
    for name in MOVED:
        s = spec[name]
        v = (s.default + (s.hi if side == "hi" else s.lo)) / 2.0
        out[name] = float(round(v)) if name in ("search_draws", "incubation_quarters") else v
    return out


@pytest.mark.usefixtures("warm")
@pytest.mark.parametrize("side", ["lo", "hi"])
def test_reference_matches_kernels_with_every_moved_parameter_changed(side):
    """Kernel and twin read the moved parameters alike (not just at their defaults)."""
    from sim.params import Params

    m = BaodiModel("baodi", params=Params(**_off_default(side)), seed=11)
    while m.year < 2016:
        m.step()
    r = RefModel.from_model(m)
    while m.year <= 2017:
        m.step()
        r.step()
        where = f"{side} {m.quarter_label('en')}"
        assert_same_state(m.state, r.state, where)
        assert_same_row(m, r, where)


def test_moved_parameters_reach_the_model():
    """grant_effect supplies most eaglet applications (issue 12): at 0, 2019 has far fewer."""
    from sim.params import Params

    base = BaodiModel("baodi", seed=0).run(2019).current["eaglet"]
    none = BaodiModel("baodi", params=Params(grant_effect=0.0), seed=0).run(2019).current["eaglet"]
    assert none < 0.5 * base
