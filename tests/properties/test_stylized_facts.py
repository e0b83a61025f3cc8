"""Stylized facts of firm dynamics on a long synthetic run (DOMAIN.md §8)."""

import dataclasses
import itertools

import numpy as np
import pytest

from sim import BaodiModel, load_region
from sim.fields import FF_REVENUE, FI_ALIVE, FI_BIRTH_Q, FI_DEATH_Q, NO_Q


@pytest.fixture(scope="module")
def long_run():
    r = load_region("baodi")
    r = dataclasses.replace(r, last_year=2044, population={**r.population, "firms_2015": 4000})
    m = BaodiModel(r, seed=7)
    revs = []
    while m.running:
        m.step()
        if m.qy == 0:  # year end just passed
            n = m.state.n
            revs.append(
                (m.state.firm_f[FF_REVENUE, :n].copy(), m.state.firm_i[FI_ALIVE, :n].copy())
            )
    return m, revs


def test_size_distribution_has_a_heavy_upper_tail(long_run):
    m, _ = long_run
    n = m.state.n
    alive = m.state.firm_i[FI_ALIVE, :n] == 1
    s = np.sort(4 * m.state.firm_f[FF_REVENUE, :n][alive])[::-1]
    k = len(s) // 10
    hill = 1.0 / np.mean(np.log(s[:k] / s[k]))  # Hill estimator of the tail exponent
    assert 0.6 <= hill <= 1.8, hill  # Axtell (2001): α ≈ 1


def test_growth_rates_are_tent_shaped_and_spread_falls_with_size(long_run):
    _, revs = long_run
    g, size = [], []
    for (r0, a0), (r1, a1) in itertools.pairwise(revs):
        k = len(r0)
        both = (a0 == 1) & (a1[:k] == 1)
        g.append(np.log(r1[:k][both] / r0[both]))
        size.append(r0[both])
    g, size = np.concatenate(g), np.concatenate(size)
    g = g - np.median(g)
    kurt = np.mean(g**4) / np.mean(g**2) ** 2
    assert kurt > 4.0, kurt  # Laplace has kurtosis 6, a normal 3 (Stanley et al. 1996)
    small, big = size < np.quantile(size, 0.2), size > np.quantile(size, 0.8)
    assert np.std(g[small]) > 1.3 * np.std(g[big])  # σ ∝ S^−β


def test_young_firm_hazard_rises_then_falls(long_run):
    m, _ = long_run
    n = m.state.n
    fi = m.state.firm_i[:, :n]
    born = fi[FI_BIRTH_Q] >= 0  # entrants observed from birth
    death = np.where(fi[FI_DEATH_Q] == NO_Q, m.quarter, fi[FI_DEATH_Q])
    life_y = (death - fi[FI_BIRTH_Q]) // 4
    died = fi[FI_DEATH_Q] != NO_Q

    def hazard(y):
        at_risk = born & (life_y >= y) & (fi[FI_BIRTH_Q] + 4 * (y + 1) <= m.quarter)
        return (at_risk & died & (life_y == y)).sum() / max(at_risk.sum(), 1)

    h = [hazard(y) for y in range(12)]
    assert h[2] > h[0], h  # SAIC (2013): 1.6% in year 1, peak ≈ 9.5% in year 3
    assert h[2] > h[10], h
