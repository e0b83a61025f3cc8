"""Each phase's numba kernel agrees with its pure-Python twin (``sim/phases/<phase>_ref.py``).

For a random seed, region and quarter, the model runs up to the start of the phase; two
forks then run the phase, one through ``<phase>.run`` and one through the twin's ``run``,
on the same public arguments (state, world, quarter, workspace). States, worlds and the
phases' named outputs must agree (tolerance: :mod:`states`).
"""

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from states import RTOL, assert_same_state

from sim.model import BaodiModel
from sim.phases import PHASES

# Phases split into a module with a twin (the others still run in sim/model.py).
TWINNED = tuple(p for p in PHASES if importlib.util.find_spec(f"sim.phases.{p}_ref"))


def run_phase(model, phase: str, module) -> object:
    return module.run(model.state, model.world, model.q, getattr(model, f"ws_{phase}"))


def assert_same_arrays(a, b, where: str) -> None:
    """Every public array attribute of the dataclasses ``a`` and ``b`` agrees (not scratch)."""
    for name, x in vars(a).items():
        if isinstance(x, np.ndarray) and not name.startswith("_"):
            y = getattr(b, name)
            assert x.shape == y.shape, f"{where}: {name} shapes {x.shape} != {y.shape}"
            if x.dtype.names:  # a record of named outputs
                for f in x.dtype.names:
                    np.testing.assert_allclose(
                        x[f], y[f], rtol=RTOL, err_msg=f"{where}: {name}.{f}"
                    )
            else:
                np.testing.assert_allclose(x, y, rtol=RTOL, err_msg=f"{where}: {name}")


def test_every_phase_module_follows_the_pattern():
    assert "transfers" in TWINNED
    for phase in TWINNED:
        mod = importlib.import_module(f"sim.phases.{phase}")
        assert callable(mod.run) and hasattr(mod, "Workspace"), phase


def compare_phase(m, phase: str, twin) -> None:
    """Run ``phase`` on two forks of ``m`` (kernel, ``twin``); fail where they disagree."""
    kernel = importlib.import_module(f"sim.phases.{phase}")
    m._run_until_phase(phase)
    a, b = m.fork(), m.fork()  # each with its copy of the begun quarter
    out_a = run_phase(a, phase, kernel)
    out_b = run_phase(b, phase, twin)
    where = f"{phase} {m.region.id} seed={m.seed_value} quarter={m.quarter}"
    assert_same_state(a.state, b.state, where)
    assert_same_arrays(a.world, b.world, where)
    assert_same_arrays(getattr(a, f"ws_{phase}"), getattr(b, f"ws_{phase}"), where)
    np.testing.assert_allclose(a.q.paid, b.q.paid, rtol=RTOL, err_msg=where)
    for f in out_a.dtype.names:
        assert np.isclose(out_a[f], out_b[f], rtol=RTOL), f"{where}: output {f}"


@pytest.mark.usefixtures("warm")
@pytest.mark.parametrize("phase", TWINNED)
@settings(max_examples=6)
@given(
    seed=st.integers(0, 2**63),
    region=st.sampled_from(("tiny", "baodi")),
    quarter=st.integers(0, 43),
)
def test_kernel_matches_its_twin(phase, seed, region, quarter):
    m = BaodiModel(region, levers="plan", seed=seed)
    while m.quarter < quarter % m.region.n_quarters:
        m.step()
    compare_phase(m, phase, importlib.import_module(f"sim.phases.{phase}_ref"))


def test_a_broken_twin_is_caught(monkeypatch):
    """Negative control: a twin whose projects never land disagrees with the kernel."""
    from sim.phases import transfers_ref

    m = BaodiModel("baodi", levers="plan", seed=5).run(2018)
    while True:  # a quarter in which projects land
        f = m.fork()
        f._run_until_phase("transfers")
        f._transfers_phase()
        if f.ws_transfers.out[0]["landed"] > 0:
            break
        m.step()
    real = transfers_ref.choose_site
    monkeypatch.setattr(transfers_ref, "choose_site", lambda *x: (*real(*x)[:2], False))
    with pytest.raises(AssertionError, match="landed"):
        compare_phase(m, "transfers", transfers_ref)


def test_the_talent_kernel_goes_on_from_its_twin():
    """The twin leaves the job seekers where the next quarter's kernel reads them."""
    from sim.phases import talent_ref

    m = BaodiModel("baodi", levers="plan", seed=7).run(2017)
    a, b = m.fork(), m.fork()
    b._talent_run = talent_ref.run  # one quarter with the twin, then the kernel again
    a.step()
    b.step()
    del b._talent_run
    for _ in range(2):
        a.step()
        b.step()
    assert_same_state(a.state, b.state, "twin then kernel")
    assert_same_arrays(a.ws_talent, b.ws_talent, "twin then kernel")
    assert a.ws_talent.out[0]["hires"] > 0


def test_a_broken_capital_twin_is_caught(monkeypatch):
    """Negative control: a twin whose banks lend a tenth more than the kernel's disagrees."""
    from sim.phases import capital, capital_ref

    m = BaodiModel("baodi", levers="plan", seed=5).run(2018)

    def more_bank_money(q):
        vc, bank, pledge = capital.budgets(q)
        return vc, 1.1 * bank, pledge

    monkeypatch.setattr(capital_ref, "budgets", more_bank_money)
    with pytest.raises(AssertionError, match=r"financed_q|debt|budgets|loans"):
        compare_phase(m, "capital", capital_ref)


def test_a_twin_without_spillovers_is_caught(monkeypatch):
    """Negative control of the firms phase: partners that teach nothing change knowledge."""
    from sim.phases import firms_ref

    m = BaodiModel("baodi", levers="plan", seed=7).run(2017)
    monkeypatch.setattr(firms_ref, "spillover", lambda *x: 0.0)
    with pytest.raises(AssertionError, match="differs at rows"):
        compare_phase(m, "firms", firms_ref)
