"""IP pledge financing (lever ``ip_pledge``) reaches the firms it is meant for (issue 10).

知识产权质押融资 lends against patents to firms whose R&D their cash cannot fund and that
banks deny. The tests follow the causal path: from 2021, over paired seeds, the lever at
its maximum puts money into the firms that were cash-constrained IP holders when it
started, and they spend more on R&D than the same firms under the status quo. Negative
control: with the pledge money taken away, the same lever changes nothing at all.
"""

import numpy as np
import pytest
from test_phases import compare_phase

from sim.fields import FF_DEBT, FF_EQUITY, FF_RD, FI_ALIVE
from sim.levers import LEVERS, LeverSchedule
from sim.model import BaodiModel
from sim.phases import capital, capital_ref

TOP = next(lv.hi for lv in LEVERS if lv.id == "ip_pledge")
SEEDS = range(12)


def seekers(base: BaodiModel) -> np.ndarray:
    """Rows of the firms that seek an IP pledge at the start of 2021 (the lever's cohort)."""
    m = base.fork(LeverSchedule({"ip_pledge": TOP}))
    m._run_until_phase("capital")
    fi = m.state.firm_i
    return np.array(
        [
            i
            for i in range(m.state.n)
            if fi[FI_ALIVE, i] == 1 and capital_ref.pledge_seeker(i, m.state, m.world, m.q)
        ],
        dtype=np.int64,
    )


def follow(base: BaodiModel, levers, cohort: np.ndarray) -> dict[str, float]:
    """Run ``base`` to 2025 with ``levers``: the cohort's R&D and money raised, the packages."""
    m = base.fork(levers)
    ff = m.state.firm_f
    raised0 = ff[FF_DEBT, cohort].sum() + ff[FF_EQUITY, cohort].sum()
    rd = packages = 0.0
    while m.running:
        m.step()
        rd += m.state.firm_f[FF_RD, cohort].sum()
        packages += m.ws_capital.out[0]["pledge_count"]
    ff = m.state.firm_f
    equity = ff[FF_EQUITY, cohort].sum()
    return {"rd": rd, "equity": equity, "raised": ff[FF_DEBT, cohort].sum() + equity - raised0,
            "packages": packages}  # fmt: skip


def paired(budget_patch=None, monkeypatch=None) -> list[tuple[dict, dict, int]]:
    """(status quo, lever at its maximum, cohort size) for each seed of ``SEEDS``."""
    if budget_patch is not None:
        monkeypatch.setattr(capital, "budgets", budget_patch)
    out = []
    for seed in SEEDS:
        base = BaodiModel("baodi", seed=seed).run(2020)
        cohort = seekers(base)
        sq = follow(base, None, cohort)
        top = follow(base, LeverSchedule({"ip_pledge": TOP}), cohort)
        out.append((sq, top, len(cohort)))
    return out


def mean_se(x: np.ndarray) -> tuple[float, float]:
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(len(x)))


@pytest.mark.usefixtures("warm")
def test_pledges_fund_the_constrained_ip_holders_and_their_rd_rises():
    runs = paired()
    assert all(n > 0 for *_, n in runs), "no cash-constrained IP holder in 2021: vacuous"
    assert all(top["packages"] > 0 and sq["packages"] == 0 for sq, top, _ in runs)
    # The cohort raises more (loans and 投贷联动 equity) and spends more on R&D.
    more_money = np.array([top["raised"] - sq["raised"] for sq, top, _ in runs])
    more_equity = np.array([top["equity"] - sq["equity"] for sq, top, _ in runs])
    more_rd = np.array([top["rd"] / sq["rd"] - 1.0 for sq, top, _ in runs])
    for name, x in (("money raised", more_money), ("R&D", more_rd)):
        m, se = mean_se(x)
        assert m > 3.0 * se, f"cohort {name}: {m:.4g} ± {se:.2g} over {len(x)} seeds"
    assert (more_equity > 0).mean() >= 0.75  # the lender's stake, in most seeds


@pytest.mark.usefixtures("warm")
def test_without_pledge_money_the_lever_changes_nothing(monkeypatch):
    """Negative control: the effect runs through the pledge budget and nothing else."""
    real = capital.budgets

    def no_pledge_money(q):
        vc, bank, _ = real(q)
        return vc, bank, 0.0

    for sq, top, _ in paired(no_pledge_money, monkeypatch):
        assert top["packages"] == 0
        assert top["rd"] == sq["rd"] and top["raised"] == sq["raised"]


@pytest.mark.usefixtures("warm")
def test_the_kernel_and_its_twin_agree_on_a_quarter_with_pledges():
    m = pledging_model()
    compare_phase(m, "capital", capital_ref)


@pytest.mark.usefixtures("warm")
def test_a_twin_whose_lenders_take_no_ip_is_caught(monkeypatch):
    """Negative control of the comparison: pledges the twin does not make are seen."""
    m = pledging_model()
    monkeypatch.setattr(capital_ref, "pledge_seeker", lambda *a: False)
    with pytest.raises(AssertionError, match=r"budgets|debt|cash|equity|loans|differs"):
        compare_phase(m, "capital", capital_ref)


def pledging_model() -> BaodiModel:
    """The lever at its maximum from 2021, at the first quarter in which pledges are made."""
    m = BaodiModel("baodi", seed=3).run(2020).fork(LeverSchedule({"ip_pledge": TOP}))
    while True:
        f = m.fork()
        f._run_until_phase("capital")
        f._capital_phase()
        if f.ws_capital.out[0]["pledge_count"] > 0:
            return m
        m.step()


@pytest.mark.usefixtures("warm")
def test_only_cash_constrained_ip_holders_seek_a_pledge():
    """Every firm the screen marks for a pledge holds IP and its cash falls short of
    ``rd_cash_cover`` quarters of the R&D it plans (the firms phase's own rule)."""
    from sim.fields import FF_CASH, FF_REVENUE, FI_IP1, FI_IP2
    from sim.indices import P_RD_CASH_COVER
    from sim.phases.firms_ref import rd_target

    m = pledging_model()
    marked = 0
    for _ in range(8):
        f = m.fork()
        f._run_until_phase("capital")
        st, fi, ff = f.state, f.state.firm_i, f.state.firm_f
        cash = ff[FF_CASH, : st.n].copy()
        f._capital_phase()
        for i in np.flatnonzero(f.ws_capital._wants[: st.n] & capital.WANT_PLEDGE):
            need = f.q.par[P_RD_CASH_COVER] * rd_target(i, st, f.world, f.q) * ff[FF_REVENUE, i]
            assert fi[FI_IP1, i] + fi[FI_IP2, i] > 0 and cash[i] < need, i
            marked += 1
        m.step()
    assert marked > 0
