"""Scalar helpers shared by kernels, each with its pure-Python twin.

Holds ``CHUNK`` and ``alive_rows`` (the per-firm kernels' row chunks), ``threaded_twin``,
``add_chunk_sums``, ``laplace``, ``hit_1mexp``, ``poisson_inv``, ``hnte_rd_threshold``,
``hnte_score``, ``sme_score``, ``frontier_advance``, ``in_reserve_pool`` (numba) and ``*_py`` twins used by the
Mesa reference and by unit tests.
"""

import math
import types

from ..fields import FI_ALIVE
from ..indices import (
    P_COACH_YEARS,
    P_FRONTIER_GROWTH,
    P_HNTE_FULL_KNOWLEDGE,
    P_HNTE_IP1_POINTS,
    P_HNTE_IP2_POINTS,
    P_HNTE_MGMT_BASE,
)
from .elementary import flog, flog_py
from .jit import njit

# Rows per chunk of the per-firm kernels: fixed, so chunk sums (and results) do not depend
# on the number of threads. Below it (the default region) a sum is one chunk, in row order.
CHUNK = 1 << 14


@njit("float64(int64, float64[::1])", cache=True)
def frontier_advance(q, par):
    """How far the technological frontier has moved since 2015Q1 at quarter ``q`` [knowledge].

    Knowledge is an absolute stock, but what it earns — a high-tech share of sales, the
    HNTE commercialisation points, a contract's value — is read against the frontier:
    ``knowledge − frontier_advance(q)``. A firm that stops innovating falls behind.
    """
    return par[P_FRONTIER_GROWTH] * q / 4.0


def frontier_advance_py(q: int, par) -> float:
    """Pure-Python twin of :func:`frontier_advance`."""
    return par[P_FRONTIER_GROWTH] * q / 4.0


@njit(cache=True)
def in_reserve_pool(q, coached_q, par):
    """Whether a firm coached at quarter ``coached_q`` is still in the HNTE reserve pool at ``q``.

    Coaching (lever ``hnte_cultivation``) holds a firm in the pool for ``coach_years``;
    never coached: ``coached_q`` is ``NO_Q``, far in the past.
    """
    return q - coached_q < 4.0 * par[P_COACH_YEARS]


def in_reserve_pool_py(q: int, coached_q: int, par) -> bool:
    """Pure-Python twin of :func:`in_reserve_pool`."""
    return q - coached_q < 4.0 * par[P_COACH_YEARS]


@njit(cache=True)
def alive_rows(lo, hi, firm_i, live):
    """Put the alive rows among ``lo .. hi-1`` in ``live`` (ascending); return how many.

    Branch-free (a row is stored, then kept by adding its 0/1 alive flag). Dead rows
    are scattered, so a loop that skips them with a branch mispredicts it at every
    turn of the pattern; loops over this list have no such branch.
    """
    alive = firm_i[FI_ALIVE, lo:hi]
    k = 0
    for j in range(hi - lo):
        live[k] = lo + j
        k += alive[j]
    return k


def threaded_twin(fn, name: str, doc: str):
    """``fn`` compiled with ``parallel=True`` under ``name``: its ``prange`` loops on threads.

    ``fn`` is written with ``prange``; compiled without ``parallel`` (the serial kernel),
    ``prange`` is plain ``range`` (numba's documented behaviour), so one body serves both.
    The copy gets its own name so numba caches the two compilations apart.
    """
    fn = getattr(fn, "py_func", fn)  # the Python function behind a numba dispatcher
    code = fn.__code__.replace(co_name=name, co_qualname=name)
    twin = types.FunctionType(code, fn.__globals__, name, fn.__defaults__, fn.__closure__)
    twin.__qualname__ = name
    twin.__module__ = fn.__module__
    twin.__doc__ = doc
    return njit(cache=True, parallel=True)(twin)


@njit(cache=True)
def add_chunk_sums(part, paid, lever_a, lever_b, out):
    """Add per-chunk partial sums in chunk order (the same bits for any thread count).

    ``part`` (chunks, k + 2): columns ``0..k-1`` go to ``out`` (k,), overwritten; the last
    two are payments added to ``paid[lever_a]`` and ``paid[lever_b]``.
    """
    k = out.shape[0]
    for j in range(k):
        out[j] = 0.0
    a = 0.0
    b = 0.0
    for c in range(part.shape[0]):
        for j in range(k):
            out[j] += part[c, j]
        a += part[c, k]
        b += part[c, k + 1]
    paid[lever_a] += a
    paid[lever_b] += b


@njit(cache=True, error_model="numpy")
def laplace(u, scale):
    """Laplace(0, scale) draw from a uniform ``u`` in [0, 1) by inversion.

    Selects and :func:`~sim.kernels.elementary.flog`, no branch or libm call, so loops
    over many draws vectorise (the firms kernel's shock pass).
    """
    c = u - 0.5
    a = 1.0 - 2.0 * abs(c)
    a = a if a > 1e-300 else 1e-300
    x = -scale * flog(a)
    return x if c >= 0.0 else -x


def laplace_py(u: float, scale: float) -> float:
    """Pure-Python twin of :func:`laplace`."""
    c = u - 0.5
    a = 1.0 - 2.0 * abs(c)
    a = a if a > 1e-300 else 1e-300
    x = -scale * flog_py(a)
    return x if c >= 0.0 else -x


@njit(cache=True)
def hit_1mexp(u, x):
    """Return ``u < 1 − exp(−x)`` for ``x ≥ 0``, the K+S success test, mostly without ``exp``.

    x − x²/2 ≤ 1 − exp(−x) ≤ x, so only a draw between the two bounds needs the exact
    value (one firm in several at the model's rates; ``exp`` is the kernel's main cost).
    """
    if u >= x:
        return False
    if u < x - 0.5 * x * x:
        return True
    return u < 1.0 - math.exp(-x)


def hit_1mexp_py(u: float, x: float) -> bool:
    """Pure-Python twin of :func:`hit_1mexp`."""
    if u >= x:
        return False
    if u < x - 0.5 * x * x:
        return True
    return u < 1.0 - math.exp(-x)


@njit(cache=True)
def poisson_inv(u, lam):
    """Poisson(lam) draw from a uniform ``u`` by sequential inversion (lam ≤ ~500)."""
    if lam <= 0.0:
        return 0
    p = math.exp(-lam)
    s = p
    k = 0
    while u > s and k < 10000:
        k += 1
        p *= lam / k
        s += p
        if p < 1e-300 and k > lam:
            break
    return k


def poisson_inv_py(u: float, lam: float) -> int:
    """Pure-Python twin of :func:`poisson_inv`."""
    if lam <= 0.0:
        return 0
    p = math.exp(-lam)
    s = p
    k = 0
    while u > s and k < 10000:
        k += 1
        p *= lam / k
        s += p
        if p < 1e-300 and k > lam:
            break
    return k


# HNTE R&D thresholds, 国科发火〔2016〕32号 第十一条(五): R&D / sales over the last three
# years ≥ 5% (latest sales ≤ 50M yuan), ≥ 4% (50M–200M), ≥ 3% (> 200M). Units 10k yuan.
HNTE_SALES_SMALL = 5000.0
HNTE_SALES_MID = 20000.0
# Maximum points of the innovation score, 国科发火〔2016〕32号 附件: IP 30,
# commercialisation 30, R&D management 20 (growth 20: two 10-point indicators).
HNTE_MAX_IP = 30.0
HNTE_MAX_COMMERCIAL = 30.0
HNTE_MAX_MANAGEMENT = 20.0


@njit(cache=True)
def hnte_rd_threshold(annual_sales):
    """Minimum 3-year R&D/sales of the HNTE rule for latest annual sales [10k yuan]."""
    mid_or_big = 0.04 if annual_sales <= HNTE_SALES_MID else 0.03
    return 0.05 if annual_sales <= HNTE_SALES_SMALL else mid_or_big


def hnte_rd_threshold_py(annual_sales: float) -> float:
    """Pure-Python twin of :func:`hnte_rd_threshold`."""
    if annual_sales <= HNTE_SALES_SMALL:
        return 0.05
    if annual_sales <= HNTE_SALES_MID:
        return 0.04
    return 0.03


@njit(cache=True)
def growth_points(g):
    """Points (of 10) for one growth indicator, 国科发火〔2016〕32号 附件 评价指标: 35/25/15/5/0%."""
    if g >= 0.35:
        return 10.0
    if g >= 0.25:
        return 8.0
    if g >= 0.15:
        return 6.0
    if g >= 0.05:
        return 4.0
    if g > 0.0:
        return 2.0
    return 0.0


@njit(cache=True)
def hnte_score(ip1, ip2, knowledge, intensity, threshold, growth, par):
    """HNTE innovation score (of 100): IP 30, commercialisation 30, R&D management 20, growth 20.

    The official maxima are the rule's; the score is assessed by experts, so how the
    model's state earns the points is assumed (parameters ``hnte_*``): IP =
    min(30, hnte_ip1_points·class-I + hnte_ip2_points·class-II), commercialisation =
    30·min(1, knowledge / hnte_full_knowledge) (knowledge
    relative to the frontier, no points below it), R&D management = hnte_mgmt_base +
    (20 − hnte_mgmt_base)·min(1, R&D intensity / threshold), growth = two 10-point bands
    on sales growth (net-asset growth is taken equal to sales growth). The rule requires
    a score > 70.
    """
    base = par[P_HNTE_MGMT_BASE]
    ip = min(HNTE_MAX_IP, par[P_HNTE_IP1_POINTS] * ip1 + par[P_HNTE_IP2_POINTS] * ip2)
    com = HNTE_MAX_COMMERCIAL * min(1.0, max(knowledge, 0.0) / par[P_HNTE_FULL_KNOWLEDGE])
    mgmt = base + (HNTE_MAX_MANAGEMENT - base) * min(1.0, intensity / threshold)
    gp = 2.0 * growth_points(growth)
    return ip + com + mgmt + gp


def growth_points_py(g: float) -> float:
    """Pure-Python twin of :func:`growth_points`."""
    for lo, pts in ((0.35, 10.0), (0.25, 8.0), (0.15, 6.0), (0.05, 4.0)):
        if g >= lo:
            return pts
    return 2.0 if g > 0.0 else 0.0


def hnte_score_py(ip1, ip2, knowledge, intensity, threshold, growth, par) -> float:
    """Pure-Python twin of :func:`hnte_score`."""
    base = par[P_HNTE_MGMT_BASE]
    ip = min(HNTE_MAX_IP, par[P_HNTE_IP1_POINTS] * ip1 + par[P_HNTE_IP2_POINTS] * ip2)
    com = HNTE_MAX_COMMERCIAL * min(1.0, max(knowledge, 0.0) / par[P_HNTE_FULL_KNOWLEDGE])
    mgmt = base + (HNTE_MAX_MANAGEMENT - base) * min(1.0, intensity / threshold)
    return ip + com + mgmt + 2.0 * growth_points_py(growth)


@njit(cache=True, error_model="numpy")
def sme_score(st_share, rd_ratio, ip1, ip2):
    """Tech-SME score, 国科发政〔2017〕115号 附件: (total, S&T-staff points).

    S&T staff (20): ≥30% 20, 25–30 16, 20–25 12, 15–20 8, 10–15 4, else 0.
    R&D/sales (50): ≥6% 50, 5–6 40, 4–5 30, 3–4 20, 2–3 10, else 0.
    IP (30): ≥ 1 class-I 30; class-II ≥4 24, 3 18, 2 12, 1 6.
    """
    # Counts of thresholds passed, not if/elif chains: the same points, no branches.
    st = 4.0 * (
        (st_share >= 0.10)
        + (st_share >= 0.15)
        + (st_share >= 0.20)
        + (st_share >= 0.25)
        + (st_share >= 0.30)
    )
    rd = 10.0 * (
        (rd_ratio >= 0.02)
        + (rd_ratio >= 0.03)
        + (rd_ratio >= 0.04)
        + (rd_ratio >= 0.05)
        + (rd_ratio >= 0.06)
    )
    ip = 30.0 if ip1 >= 1 else 6.0 * min(ip2, 4)
    return st + rd + ip, st


def sme_score_py(st_share, rd_ratio, ip1, ip2):
    """Pure-Python twin of :func:`sme_score`."""
    st = next(
        (
            p
            for lo, p in ((0.30, 20.0), (0.25, 16.0), (0.20, 12.0), (0.15, 8.0), (0.10, 4.0))
            if st_share >= lo
        ),
        0.0,
    )
    rd = next(
        (
            p
            for lo, p in ((0.06, 50.0), (0.05, 40.0), (0.04, 30.0), (0.03, 20.0), (0.02, 10.0))
            if rd_ratio >= lo
        ),
        0.0,
    )
    ip = 30.0 if ip1 >= 1 else 6.0 * min(ip2, 4)
    return st + rd + ip, st
