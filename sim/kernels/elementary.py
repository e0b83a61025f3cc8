"""``fexp`` and ``flog``: exp and log as plain arithmetic that numba inlines, with Python twins.

The firms kernel spends most of its time in libm: five ``exp``/``log`` calls per firm and
quarter were 60% of its time (46 of 77 µs at 1,444 firms). A libm call is opaque to LLVM:
it is not inlined, not overlapped with the firm's other work, and stops vectorisation
(numba's vector maths, SVML, needs conda's patched llvmlite; the pip wheels have none).
These two functions are table-driven, branch-free on the fast path and made of
``+ − × ÷`` only, so they cost a few nanoseconds inside the loop.

Accuracy: within 1 ulp of the true value over the whole range (``tests/unit/
test_elementary.py`` measures it against ``math.exp``/``math.log``); arguments outside the
fast path (non-finite, |x| ≥ 708 for ``fexp``, x ≤ 0 or subnormal for ``flog``) go to libm.

Reproducibility: the twins ``fexp_py`` and ``flog_py`` do the same IEEE operations in the
same order (numba does not contract ``a*b + c`` into FMA or reassociate without
``fastmath``), so the Mesa reference gives the same bits as the kernels.

Methods (Tang 1989, "Table-driven implementation of the exponential function in IEEE
floating-point arithmetic", ACM TOMS 15(2)): exp(x) = 2^m · 2^(j/64) · e^r with
x = (64m + j)·ln2/64 + r, |r| ≤ ln2/128, e^r − 1 by its degree-5 Taylor polynomial (error
< 4e-17); log(x) = e·ln2 + log(c) + 2·atanh((y − c)/(y + c)) with y ∈ [0.75, 1.5) and c the
centre of y's 1/128-wide bucket (c = 1 around 1, so log stays accurate near 1), atanh by
its series to s⁷ (|s| ≤ 1/256: error < 1e-19).
"""

import math
import struct
from decimal import Decimal, localcontext

import numpy as np

from .jit import njit


def _bits(x: float) -> int:
    """The IEEE-754 bits of a float as a signed 64-bit integer."""
    return struct.unpack("<q", struct.pack("<d", x))[0]


def _from_bits(b: int) -> float:
    """The float whose IEEE-754 bits are ``b``."""
    return struct.unpack("<d", struct.pack("<q", b))[0]


def _high_part(x: float) -> float:
    """``x`` with its low 21 mantissa bits cleared (32 significant bits)."""
    return _from_bits(_bits(x) & ~((1 << 21) - 1))


def _split(d: Decimal) -> tuple[float, float]:
    """A constant as high part (32 bits, so small multiples are exact) + rounded rest."""
    hi = _high_part(float(d))
    return hi, float(d - Decimal(hi))


with localcontext() as _ctx:
    _ctx.prec = 60
    _LN2_DEC = Decimal(2).ln()

# exp --------------------------------------------------------------------------------
_EXP_N = 64
# 2^(j/64), j = 0..63, correctly rounded (exp2 of an exact binary fraction).
EXP_TABLE = np.array([math.pow(2.0, j / _EXP_N) for j in range(_EXP_N)])
_INV_L = _EXP_N / math.log(2.0)  # 64 / ln 2
# ln2/64 split so that k * _L_HI is exact for |k| < 2^21 (the high part has 32 bits); the
# low part is the rest of the true value (from 60 digits), not of ln2/64 rounded.
with localcontext() as _ctx:
    _ctx.prec = 60
    _L_HI, _L_LO = _split(_LN2_DEC / _EXP_N)

# log --------------------------------------------------------------------------------
_LOG_N = 128
_MANT = (1 << 52) - 1
_ONE_BITS = 1023 << 52
with localcontext() as _ctx:
    _ctx.prec = 60
    _LN2_HI, _LN2_LO = _split(_LN2_DEC)


def _log_centres() -> np.ndarray:
    """Bucket centres on [0.75, 1.5); the two buckets next to 1 use 1 itself."""
    c = 0.75 + (np.arange(96) + 0.5) / _LOG_N
    c[31] = 1.0  # [0.9921875, 1)
    c[32] = 1.0  # [1, 1.0078125)
    return c


LOG_CENTRE = _log_centres()
LOG_TABLE = np.array([math.log(c) for c in LOG_CENTRE])


_EXP_LO = -746.0  # e**x rounds to 0 below
_EXP_HI = 710.0  # and overflows above
_TINY = 2.2250738585072014e-308  # smallest normal float
_TWO54 = 18014398509481984.0  # 2**54


@njit(cache=True)
def fexp(x):
    """e**x for a float ``x`` (inf, 0 and NaN as libm); within 1.2 ulp.

    No libm call and no branch: LLVM would otherwise speculate a fallback call on every
    argument. ``x`` is clamped to [−746, 710], where the scale 2^m is applied in two
    halves so that overflow gives inf and underflow rounds once into the subnormals.
    """
    xc = x if x > _EXP_LO else _EXP_LO  # also NaN -> _EXP_LO, restored below
    xc = xc if xc < _EXP_HI else _EXP_HI
    k = math.floor(xc * _INV_L + 0.5)
    r = (xc - k * _L_HI) - k * _L_LO
    q = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))))
    t = EXP_TABLE[k & (_EXP_N - 1)]
    m = k >> 6
    m1 = m >> 1
    s1 = np.int64((m1 + 1023) << 52).view(np.float64)
    s2 = np.int64((m - m1 + 1023) << 52).view(np.float64)
    y = (t + t * q) * s1 * s2
    return y if x == x else x


def fexp_py(x: float) -> float:
    """Pure-Python twin of :func:`fexp` (the same bits)."""
    xc = x if x > _EXP_LO else _EXP_LO
    xc = xc if xc < _EXP_HI else _EXP_HI
    k = math.floor(xc * _INV_L + 0.5)
    r = (xc - k * _L_HI) - k * _L_LO
    q = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))))
    t = float(EXP_TABLE[k & (_EXP_N - 1)])
    m = k >> 6
    m1 = m >> 1
    y = (t + t * q) * _from_bits((m1 + 1023) << 52) * _from_bits((m - m1 + 1023) << 52)
    return y if x == x else x


# error_model="numpy": no ZeroDivisionError test on the division (y + c > 0), which
# would otherwise keep LLVM from vectorising loops that call this.
@njit(cache=True, error_model="numpy")
def flog(x):
    """Natural log of a float ``x`` (0, negatives, inf and NaN as libm); within 1.2 ulp.

    No libm call and no branch (see :func:`fexp`): special arguments are replaced by 1
    on the way in and their results selected on the way out; subnormals are scaled by
    2^54 first.
    """
    ok = (x > 0.0) & (x < math.inf)  # False for NaN
    xs = x if ok else 1.0
    sub = xs < _TINY
    xs = xs * _TWO54 if sub else xs
    bits = np.float64(xs).view(np.int64)
    e = (bits >> 52) - 1023 - (54 if sub else 0)
    y = np.int64((bits & _MANT) | _ONE_BITS).view(np.float64)
    big = y >= 1.5
    y = y * 0.5 if big else y
    e = e + 1 if big else e
    j = int((y - 0.75) * _LOG_N)
    c = LOG_CENTRE[j]
    f = y - c  # exact (Sterbenz)
    s = f / (y + c)
    s2 = s * s
    p = s2 * (2.0 / 3.0 + s2 * (2.0 / 5.0 + s2 * (2.0 / 7.0)))
    # Around 1 (c = 1) the result is the tail itself: 2s = f − s·f keeps the exact f as
    # the leading term (fdlibm's log1p form), which holds the error under 1 ulp there.
    tail = f - s * (f - p) if c == 1.0 else 2.0 * s + s * p
    res = (e * _LN2_HI + LOG_TABLE[j]) + (tail + e * _LN2_LO)
    special = -math.inf if x == 0.0 else (x if x == math.inf else math.nan)
    return res if ok else special


def flog_py(x: float) -> float:
    """Pure-Python twin of :func:`flog` (the same bits)."""
    ok = (x > 0.0) & (x < math.inf)
    xs = x if ok else 1.0
    sub = xs < _TINY
    xs = xs * _TWO54 if sub else xs
    bits = _bits(xs)
    e = (bits >> 52) - 1023 - (54 if sub else 0)
    y = _from_bits((bits & _MANT) | _ONE_BITS)
    big = y >= 1.5
    y = y * 0.5 if big else y
    e = e + 1 if big else e
    j = int((y - 0.75) * _LOG_N)
    c = float(LOG_CENTRE[j])
    f = y - c
    s = f / (y + c)
    s2 = s * s
    p = s2 * (2.0 / 3.0 + s2 * (2.0 / 5.0 + s2 * (2.0 / 7.0)))
    tail = f - s * (f - p) if c == 1.0 else 2.0 * s + s * p
    res = (e * _LN2_HI + float(LOG_TABLE[j])) + (tail + e * _LN2_LO)
    special = -math.inf if x == 0.0 else (x if x == math.inf else math.nan)
    return res if ok else special
