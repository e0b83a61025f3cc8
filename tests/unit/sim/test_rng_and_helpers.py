import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numba import njit

from sim.kernels import common
from sim.kernels.rng import quarter_key, quarter_key_py, uniform, uniform_np, uniform_py
from sim.params import Params


@njit
def _draws(key, agents, stream):
    out = np.empty(agents.shape[0])
    for j in range(agents.shape[0]):
        out[j] = uniform(key, agents[j], stream)
    return out


@given(seed=st.integers(0, 2**63), q=st.integers(-5, 10_000), stream=st.integers(0, 300))
def test_numba_numpy_and_python_draws_are_bit_identical(seed, q, stream):
    key = quarter_key(seed, q)
    agents = np.array([0, 1, 7, 12345, 2**31 - 1], dtype=np.int64)
    a = _draws(key, agents, stream)
    b = uniform_np(key, agents, stream)
    c = np.array([uniform_py(quarter_key_py(seed, q), int(i), stream) for i in agents])
    assert np.array_equal(a, b) and np.array_equal(a, c)
    assert ((a >= 0) & (a < 1)).all()


def test_streams_and_quarters_differ():
    k = quarter_key(1, 0)
    assert uniform_py(int(k), 5, 1) != uniform_py(int(k), 5, 2)
    assert uniform_py(int(quarter_key(1, 1)), 5, 1) != uniform_py(int(k), 5, 1)


def test_uniform_is_roughly_uniform():
    u = uniform_np(quarter_key(3, 4), np.arange(200_000), 9)
    assert abs(u.mean() - 0.5) < 0.005
    assert abs((u < 0.1).mean() - 0.1) < 0.005


@given(u=st.floats(0, 1, exclude_max=True), lam=st.floats(0, 60), s=st.floats(0.01, 2))
def test_scalar_helpers_match_their_python_twins(u, lam, s):
    assert common.poisson_inv(u, lam) == common.poisson_inv_py(u, lam)
    assert common.laplace(u, s) == common.laplace_py(u, s)


@given(
    sales=st.floats(0, 1e6),
    ip1=st.integers(0, 5),
    ip2=st.integers(0, 9),
    kn=st.floats(0, 5),
    nu=st.floats(0, 0.2),
    g=st.floats(-1, 2),
    share=st.floats(0, 1),
    ratio=st.floats(0, 0.2),
)
def test_rule_scores_match_their_python_twins(sales, ip1, ip2, kn, nu, g, share, ratio):
    thr = common.hnte_rd_threshold(sales)
    assert thr == common.hnte_rd_threshold_py(sales)
    par = Params().vector()
    assert common.hnte_score(ip1, ip2, kn, nu, thr, g, par) == common.hnte_score_py(
        ip1, ip2, kn, nu, thr, g, par
    )
    assert common.sme_score(share, ratio, ip1, ip2) == common.sme_score_py(share, ratio, ip1, ip2)


def test_hnte_thresholds_follow_the_2016_rules():
    # 国科发火〔2016〕32号: ≤ 50M yuan 5%, 50–200M 4%, > 200M 3% (units: 10k yuan)
    assert common.hnte_rd_threshold_py(4000) == 0.05
    assert common.hnte_rd_threshold_py(5000) == 0.05
    assert common.hnte_rd_threshold_py(5001) == 0.04
    assert common.hnte_rd_threshold_py(20001) == 0.03


def test_sme_score_table():
    # 国科发政〔2017〕115号: staff 30% → 20, R&D 6% → 50, one class-I IP → 30
    assert common.sme_score_py(0.30, 0.06, 1, 0) == (100.0, 20.0)
    assert common.sme_score_py(0.12, 0.035, 0, 3) == (4.0 + 20.0 + 18.0, 4.0)
    assert common.sme_score_py(0.05, 0.10, 0, 9)[1] == 0.0


@given(u=st.floats(0, 1, exclude_max=True), x=st.floats(0, 50))
def test_hit_1mexp_is_the_k_s_success_test(u, x):
    """The bounds shortcut gives the same answer as u < 1 - exp(-x) (away from rounding)."""
    want = u < 1.0 - np.exp(-x)
    if abs(u - (1.0 - np.exp(-x))) > 1e-12:  # the exact test, outside the rounding band
        assert common.hit_1mexp(u, x) == want
    assert common.hit_1mexp(u, x) == common.hit_1mexp_py(u, x)


def test_hit_1mexp_frequency():
    """Over many draws the success share is 1 - exp(-x), also where the bounds decide."""
    u = uniform_np(quarter_key(3, 1), np.arange(200_000), 0)
    for x in (0.01, 0.3, 1.5):
        share = np.mean([common.hit_1mexp(v, x) for v in u[:50_000]])
        assert abs(share - (1.0 - np.exp(-x))) < 4 * np.sqrt(0.25 / 50_000)
