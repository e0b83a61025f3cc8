"""Knowledge is relative to a moving frontier, and growth moves shares, not the aggregate (issue 10).

Three mechanisms, each tested by what breaks when it is switched off:

* the frontier: what knowledge earns (the high-tech share of sales, HNTE points) is read
  against ``frontier_growth`` × years since 2015, so a faster frontier means fewer HNTEs
  and a lower high-tech share — and a frozen one would loosen the tests year by year;
* the replicator: the knowledge term of growth is measured against the industry's
  sales-weighted mean knowledge at the start of the quarter, so it shifts market shares
  (the leaders' share rises with ``knowledge_growth``) while the aggregate barely moves;
  measured against the plain mean, or after the quarter's innovations, it inflated
  aggregate growth from 3% to 7–11% a year;
* the HNTE reserve pool: a coached firm is helped for ``coach_years``, not for ever.

Paired seeds; an effect counts when it exceeds three standard errors of the paired
differences.
"""

import dataclasses

import numpy as np
import pytest

from calibration import facts
from sim import BaodiModel
from sim.fields import FF_HITECH, FF_REVENUE, FI_ALIVE, FI_INDUSTRY
from sim.levers import LeverSchedule
from sim.params import Params
from sim.phases.firms import hitech_share, hitech_target
from sim.region import load_region

SEEDS = range(10)
SE = 3.0


def year_end_2025(params: Params, seed: int, levers=None) -> dict[str, float]:
    """Indicators, top-firm share and mean high-tech share of live firms at the end of 2025."""
    m = BaodiModel("baodi", params=params, levers=levers, seed=seed).run(2025)
    st = m.state
    alive = st.firm_i[FI_ALIVE, : st.n] == 1
    rev = st.firm_f[FF_REVENUE, : st.n][alive]
    ind = st.firm_i[FI_INDUSTRY, : st.n][alive]
    top = max(rev[ind == k].max() / rev[ind == k].sum() for k in np.unique(ind))
    return {
        "hnte": m.current["hnte"],
        "revenue": float(rev.sum()),
        "top_share": float(top),
        "hitech": float(st.firm_f[FF_HITECH, : st.n][alive].mean()),
    }


def paired(lo: Params, hi: Params, name: str, transform=lambda x: x) -> tuple[float, float]:
    """Mean and standard error of hi − lo for one outcome over SEEDS."""
    d = np.array(
        [
            transform(year_end_2025(hi, s)[name]) - transform(year_end_2025(lo, s)[name])
            for s in SEEDS
        ]
    )
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(len(d)))


def test_the_high_tech_share_reads_knowledge_against_the_frontier():
    """The same knowledge is worth less high-tech sales as the frontier moves on."""
    par = Params().vector()
    now = hitech_share(0.5, hitech_target(1.0, par), 1.0, par)
    later = hitech_share(0.5, hitech_target(1.0 - 2.0, par), 1.0, par)  # frontier 2 units on
    assert later < now


@pytest.mark.parametrize("outcome", ["hnte", "hitech"])
def test_a_faster_frontier_means_fewer_hntes_and_less_high_tech_sales(outcome):
    slow, fast = Params(frontier_growth=0.25), Params(frontier_growth=0.8)
    mean, se = paired(slow, fast, outcome)
    assert mean < -SE * se, f"{outcome}: fast − slow frontier = {mean:+.3g} ± {se:.2g}"


def test_knowledge_growth_moves_market_shares():
    """The replicator works: a stronger knowledge term concentrates each industry."""
    mean, se = paired(Params(knowledge_growth=0.0), Params(knowledge_growth=0.06), "top_share")
    assert mean > SE * se, f"top share: {mean:+.3g} ± {se:.2g}"


def test_knowledge_growth_barely_moves_the_aggregate():
    """Zero-sum in shares: 0 → 0.06 changes 2025 aggregate revenue by under 10% (log).

    Against the plain mean (or this quarter's knowledge) the same change added 35–45%.
    """
    mean, _ = paired(Params(knowledge_growth=0.0), Params(knowledge_growth=0.06), "revenue", np.log)
    assert abs(mean) < 0.1, f"log revenue change {mean:+.3f}"


def test_coaching_helps_for_coach_years_only():
    """Under full cultivation from 2021, a longer stay in the reserve pool certifies more firms.

    If coached firms were helped for ever (or never), ``coach_years`` would change nothing.
    """
    cultivate = LeverSchedule({"hnte_cultivation": 400})
    d = [
        year_end_2025(Params(coach_years=5), s, cultivate)["hnte"]
        - year_end_2025(Params(coach_years=1), s, cultivate)["hnte"]
        for s in SEEDS
    ]
    mean, se = float(np.mean(d)), float(np.std(d, ddof=1) / np.sqrt(len(d)))
    assert mean > SE * se, f"HNTE, 5 − 1 years in the pool: {mean:+.3g} ± {se:.2g}"


def test_imitation_discounts_leads_not_levels():
    """Distance costs the same whatever the knowledge level: reach(x + c) = reach(x) + c.

    Discounting levels (prox × best knowledge) made other parks' leaders fade as knowledge
    grew: the same lead at level 7 was worth less than at level 2.
    """
    from sim.phases.firms import reach

    rng = np.random.default_rng(5)
    prox = np.exp(-rng.uniform(0.0, 60.0, (6, 6)) / 30.0)
    np.fill_diagonal(prox, 1.0)
    frontier = rng.uniform(1.0, 3.0, (6, 4))
    frontier[2, 1] = 0.0  # no firm of industry 1 at node 2
    mean = np.full(4, 1.5)
    for c in (0.0, 5.0):
        got = reach(prox, frontier + c * (frontier > 0), mean + c)
        assert np.allclose(got - c, reach(prox, frontier, mean))
    base = reach(prox, frontier, mean)
    assert (base >= frontier).all()  # a node's own best is always within reach
    # A far node's leader is worth less than the same leader next door.
    far, near = prox.copy(), prox.copy()
    far[0, 3], near[0, 3] = 0.1, 0.9
    lead = frontier.copy()
    lead[3, 0] = 10.0
    assert reach(near, lead, mean)[0, 0] > reach(far, lead, mean)[0, 0]


def test_no_district_firm_outgrows_its_market_by_2044():
    """Run to 2044: aggregate growth stays within 3–6% a year and the largest firm under 100 bn yuan.

    Before the replicator the largest firm reached about 1.5 trillion yuan by 2044.
    """
    region = dataclasses.replace(load_region("baodi"), last_year=2044)
    for seed in range(5):
        m = BaodiModel(region, seed=seed)
        m.run(2015)
        start = live_revenue(m).sum()
        m.run()
        rev = live_revenue(m)
        growth = (rev.sum() / start) ** (1.0 / (2044 - 2015)) - 1.0
        assert facts.AGGREGATE_GROWTH_BAND[0] <= growth <= facts.AGGREGATE_GROWTH_BAND[1], growth
        assert 4.0 * rev.max() < 1e7, f"largest firm {4.0 * rev.max() / 1e4:.0f} × 100m yuan/yr"


def live_revenue(m) -> np.ndarray:
    """Quarterly revenue of the live firms [10k yuan]."""
    st = m.state
    return st.firm_f[FF_REVENUE, : st.n][st.firm_i[FI_ALIVE, : st.n] == 1]
