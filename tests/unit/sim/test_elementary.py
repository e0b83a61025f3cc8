"""fexp / flog: accuracy against 50-digit references, libm's special values, bit-identical twins."""

import math
import struct
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numba import njit

from sim.kernels.elementary import fexp, fexp_py, flog, flog_py

ORDINARY_AND_INFINITE = (0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan, 709.5, 709.8)
ORDINARY_AND_INFINITE += (-740.0, -745.1, -746.5)  # around exp's underflow
SUBNORMAL_AND_EXTREMES = (5e-324, 1e-310, 2.2250738585072014e-308, 1.7976931348623157e308)
MAX_ULP = 1.25  # measured worst case: 1.19 (fexp) and 1.19 (flog) over these samples


def _ulp_error(got: float, exact: Decimal) -> float:
    return float(abs(Decimal(got) - exact) / Decimal(math.ulp(float(exact))))


@njit
def _apply(x, log):
    """fexp (or flog if ``log``) of every element, called from numba as the kernels do."""
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = flog(x[i]) if log else fexp(x[i])
    return out


def _samples_exp():
    rng = np.random.default_rng(7)
    return np.concatenate(
        [
            rng.uniform(-700, 700, 1500),
            rng.uniform(-1, 1, 1500),
            rng.uniform(-1e-3, 1e-3, 500),
            rng.normal(0, 3, 1500),
            np.arange(-40, 41) * math.log(2.0) / 64,  # table boundaries
        ]
    )


def _samples_log():
    rng = np.random.default_rng(8)
    return np.concatenate(
        [
            np.exp(rng.uniform(-700, 700, 1500)),
            rng.uniform(0.5, 2, 1500),
            1 + rng.uniform(-1e-6, 1e-6, 1000),
            rng.uniform(0, 1, 1000),
            0.75 + np.arange(97) / 128,  # bucket edges
        ]
    )


@pytest.mark.parametrize(
    ("name", "log", "samples", "exact"),
    [
        ("fexp", False, _samples_exp, Decimal.exp),
        ("flog", True, _samples_log, Decimal.ln),
    ],
)
def test_within_max_ulp_of_the_exact_value(name, log, samples, exact):
    x = samples()
    got = _apply(x, log)
    with localcontext() as ctx:
        ctx.prec = 50
        errors = [_ulp_error(g, exact(Decimal(float(v)))) for g, v in zip(got, x, strict=True)]
    assert max(errors) <= MAX_ULP, f"{name}: {max(errors):.2f} ulp"


@pytest.mark.parametrize(
    "x",
    [*ORDINARY_AND_INFINITE, *SUBNORMAL_AND_EXTREMES],
)
def test_special_arguments_give_libms_results(x):
    try:
        want_exp = math.exp(x)
    except OverflowError:
        want_exp = math.inf
    got = fexp(x)
    assert (math.isnan(got) and math.isnan(want_exp)) or got == want_exp
    if x > 0 and x < math.inf:
        want_log = math.log(x)
    elif x == 0:
        want_log = -math.inf
    elif x == math.inf:
        want_log = math.inf
    else:
        want_log = math.nan
    got = flog(x)
    assert (math.isnan(got) and math.isnan(want_log)) or got == pytest.approx(want_log, rel=3e-16)


def _bits(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


@given(x=st.floats(allow_nan=True, allow_infinity=True))
def test_twins_give_the_same_bits(x):
    a, b = fexp(x), fexp_py(x)
    assert _bits(a) == _bits(b) or (math.isnan(a) and math.isnan(b))
    a, b = flog(x), flog_py(x)
    assert _bits(a) == _bits(b) or (math.isnan(a) and math.isnan(b))
