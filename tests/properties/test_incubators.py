"""Incubator upgrades reach the firms (issue 10): a national incubator incubates better.

``incubator_upgrade`` raises the national accreditation rate of incubators; a national
incubator hatches ``national_entry_premium`` more start-ups than a municipal one and
keeps them incubated (at ``incubator_hazard``) ``national_incubation_extra`` quarters
longer (``sim/phases/carriers.py``, ``sim/phases/entry.py``). Over paired seeds, the
upgrade at its maximum must raise the start-ups of 2021–2025 and a longer incubation the
survival of incubated firms, each by more than three standard errors of the paired
differences. Negative control: with both effects at 0, the upgrade still buys national
incubators but leaves every firm exactly as it was, so the same statistic finds nothing.
"""

import numpy as np
import pytest

from sim import BaodiModel
from sim.fields import FI_ALIVE, FI_BIRTH_Q, FI_INCUBATED_UNTIL, FI_ORIGIN, ORIGIN_INCUBATOR
from sim.levers import LEVERS, LeverSchedule

SEEDS = range(12)
SIGNIFICANT_SE = 3.0
PLAN_START_Q = 24  # 2021Q1: quarters since 2015Q1
UPGRADE_MAX = next(lv.hi for lv in LEVERS if lv.id == "incubator_upgrade")
NO_EFFECT = {"national_entry_premium": 0.0, "national_incubation_extra": 0.0}


def status_quo() -> LeverSchedule:
    return LeverSchedule({}, preset="status_quo")


def upgraded() -> LeverSchedule:
    return LeverSchedule({"incubator_upgrade": UPGRADE_MAX}, preset="status_quo")


def finish(model) -> dict:
    """Run a fork to end-2025, adding up the entry phase's start-ups on the way."""
    startups = national = 0.0
    while model.quarter < 4 * (model.region.last_year - model.region.first_year + 1):
        model.step()
        out = model.ws_entry.out[0]
        startups += out["startups"]
        national += out["national_startups"]
    return {"model": model, "startups": startups, "national_startups": national}


def incubated_since_2021(model) -> np.ndarray:
    """Rows of the carriers' start-ups born in the plan period."""
    fi = model.state.firm_i[:, : model.state.n]
    return np.flatnonzero((fi[FI_ORIGIN] == ORIGIN_INCUBATOR) & (fi[FI_BIRTH_Q] >= PLAN_START_Q))


def paired(runs, quantity) -> tuple[float, float]:
    """Mean and standard error of ``quantity(upgraded) − quantity(status quo)`` over seeds."""
    d = np.array([quantity(b) - quantity(a) for a, b in runs], dtype=float)
    return d.mean(), d.std(ddof=1) / np.sqrt(len(d))


def raised(runs, quantity) -> bool:
    mean, se = paired(runs, quantity)
    return mean > 0.0 and mean > SIGNIFICANT_SE * se


def upgrade_runs(params=None) -> list[tuple[dict, dict]]:
    """(status quo, upgrade at its maximum) from 2021, forked from one 2015–2020 per seed."""
    runs = []
    for seed in SEEDS:
        history = BaodiModel("baodi", params=params, seed=seed).run(2020)
        runs.append((finish(history.fork(status_quo())), finish(history.fork(upgraded()))))
    return runs


@pytest.fixture(scope="module")
def runs():
    return upgrade_runs()


def national_incubators(run) -> float:
    return run["model"].carriers.snapshot()["national_incubators"]


def alive_firms(run) -> float:
    st = run["model"].state
    return float(st.firm_i[FI_ALIVE, : st.n].sum())


def test_the_upgrade_buys_national_incubators_that_hatch_more_startups(runs):
    assert raised(runs, national_incubators)
    assert raised(runs, lambda r: r["national_startups"])
    assert raised(runs, lambda r: r["startups"]), "upgraded incubators hatch no more start-ups"


def test_startups_of_national_incubators_stay_incubated_longer(runs):
    """Bookkeeping: each start-up's incubation is the municipal one or that plus the extra."""
    _, run = runs[0]
    m = run["model"]
    rows = incubated_since_2021(m)
    fi = m.state.firm_i
    length = fi[FI_INCUBATED_UNTIL, rows] - fi[FI_BIRTH_Q, rows]
    base = int(m.params["incubation_quarters"])
    longer = base + int(m.params["national_incubation_extra"])
    assert set(np.unique(length)) == {base, longer}
    assert (length == longer).sum() == run["national_startups"]


def test_a_longer_incubation_at_national_incubators_raises_survival():
    """Same entrants (the extra changes no entry draw), longer incubation: more survive."""

    def survivors(extra: float, seed: int) -> dict:
        params = {"national_incubation_extra": extra}
        m = BaodiModel("baodi", params=params, levers=upgraded(), seed=seed).run()
        return {"alive": float(m.state.firm_i[FI_ALIVE, incubated_since_2021(m)].sum())}

    pairs = [(survivors(0.0, seed), survivors(8.0, seed)) for seed in SEEDS]
    assert raised(pairs, lambda r: r["alive"]), paired(pairs, lambda r: r["alive"])


def test_without_the_effects_the_upgrade_changes_no_firm():
    """Negative control: both effects at 0 — national incubators, but every firm the same."""
    runs = upgrade_runs(NO_EFFECT)
    assert raised(runs, national_incubators), "the upgrade still buys national incubators"
    for a, b in runs:
        sa, sb = a["model"].state, b["model"].state
        assert sa.n == sb.n
        assert np.array_equal(sa.firm_i[:, : sa.n], sb.firm_i[:, : sb.n])
        assert np.array_equal(sa.firm_f[:, : sa.n], sb.firm_f[:, : sb.n])
    assert not raised(runs, lambda r: r["startups"])
    assert not raised(runs, alive_firms)
