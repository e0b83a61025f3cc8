"""The Science City grows by attraction (sim/phases/transfers.py, §四(一)).

Projects come and land where the pull is — policy, agglomeration, talent housing,
application scenes — against rents that rise as a node fills, so the City can stay
flat, take off or saturate depending on parameters and levers.
"""

import numpy as np
import pytest

from sim import BaodiModel, Params
from sim.indices import P_LANDING_PROB
from sim.phases.transfers import landing_probability

SEEDS = range(6)
CITY_LEVERS = {"zgc_attraction": 20000, "policy_stack": 1, "talent_housing": 5000, "app_scenes": 50}


def city_per_year(params=None, levers=None, column="zgc_registered") -> np.ndarray:
    """Mean over seeds of the City's registered (or landed) projects in each year."""
    out = []
    for seed in SEEDS:
        ts = BaodiModel(params=params, levers=levers, seed=seed).run().timeseries()
        cum = ts[ts.qy == 4][column].to_numpy()
        out.append(np.diff(np.r_[0.0, cum]))
    return np.mean(out, axis=0)  # 2015 .. 2025


def from_2021(levers: dict) -> dict:
    return {k: {2021: v} for k, v in levers.items()}


def test_landing_rises_with_the_pull_from_its_base():
    par = Params().vector()
    assert landing_probability(0.0, par) == pytest.approx(par[P_LANDING_PROB])
    p = [landing_probability(x, par) for x in (0.0, 1.0, 3.0)]
    assert p[0] < p[1] < p[2] < 1.0


def test_without_agglomeration_or_levers_the_city_grows_in_a_straight_line():
    y = city_per_year(params={"beta_agglomeration": 0.0})
    early, late = y[1:5].mean(), y[7:11].mean()
    assert 0.7 < late / early < 1.4, y


def test_with_strong_attraction_the_city_takes_off():
    takeoff = {"beta_agglomeration": 1.0, "landing_pull": 1.5, "agglomeration_scale": 10}
    y = city_per_year(params=takeoff, levers=from_2021(CITY_LEVERS))
    assert y[7:11].mean() > 3.0 * y[1:5].mean(), y


def test_small_parks_with_steep_rents_saturate():
    """The City fills up: landings peak after the push and then fall as rents bite."""
    tight = {"region_capacity_scale": 0.5, "rent_curvature": 1, "congestion": 5}
    y = city_per_year(
        params=tight, levers=from_2021({"zgc_attraction": 20000}), column="zgc_landed"
    )
    peak = int(np.argmax(y))
    assert 2021 <= 2015 + peak < 2025 and y[-1] < 0.9 * y[peak], y


@pytest.mark.parametrize("lever", sorted(CITY_LEVERS))
def test_each_city_lever_brings_more_firms_to_the_city(lever):
    base = city_per_year(column="zgc_landed")[6:].sum()
    more = city_per_year(levers=from_2021({lever: CITY_LEVERS[lever]}), column="zgc_landed")[
        6:
    ].sum()
    assert more > base + 2.0, (lever, base, more)
