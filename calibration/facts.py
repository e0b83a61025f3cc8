"""Stylized facts of firm dynamics: checks over data, and the model's data to feed them.

Each check is a function over plain arrays that returns a :class:`Fact` — the statistic,
the band it must fall in and why — so the same check runs on the model's firms, on a
monitoring data set, or on synthetic data built to violate it (the tests do all three).
The bands come from the empirical literature on firm dynamics (DOMAIN.md §8):

* **size tail**: the upper tail of firm sizes is Pareto with exponent α near 1
  (Axtell 2001: α ≈ 1.06 for US firms; Hill estimator on the top 10%);
* **tent-shaped growth**: annual log growth rates are Laplace-like *within size classes*
  (Stanley et al. 1996; Bottazzi & Secchi 2003): kurtosis well above a normal's 3 and
  mean absolute deviation / standard deviation near the Laplace's 1/√2 ≈ 0.707 rather
  than the normal's √(2/π) ≈ 0.798;
* **σ falls with size**: the spread of growth rates scales as size^−β, β ≈ 0.15–0.25
  (Stanley et al. 1996; Amaral et al. 1997), estimated by regressing log sd on log size
  over size deciles;
* **young-firm hazard**: the exit hazard rises over the first years and falls after
  (SAIC 2013 全国内资企业生存时间分析报告: 1.6%, 6.3%, 9.5% in years 1–3, then falling);
* **innovation persistence**: a firm that innovated this year is more likely to innovate
  next year than one that did not (Cefis & Orsenigo 2001); innovation = new IP (patents,
  utility models) granted in the year.
"""

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from sim import BaodiModel
from sim.fields import FF_REV_Y1, FI_ALIVE, FI_BIRTH_Q, FI_DEATH_Q, FI_IP1, FI_IP2, NO_Q

# Bands (with the literature above).
HILL_BAND = (0.7, 1.4)  # median over runs of the Hill α of year-end sizes
TAIL_SHARE = 0.1  # Hill estimator on the top 10% of sizes
KURTOSIS_MIN = 4.0  # within every size class (normal: 3, Laplace: 6)
MAD_SD_MAX = 0.78  # within every size class (normal: 0.798, Laplace: 0.707)
SIZE_CLASSES = 5
BETA_BAND = (0.1, 0.35)
SIZE_BINS = 10
Z_MIN = 3.0  # significance of a difference of proportions
HAZARD_EARLY_AGES = (1, 2, 3, 4)  # ages (years) where the hump is looked for
HAZARD_LATE_AGES = (7, 8, 9)
PERSISTENCE_MIN = 0.1  # P(innovate | innovated) − P(innovate | did not)
# Mean annual growth of the firms' aggregate revenue over the run (median over runs):
# Tianjin's above-scale industrial output grew ≈ 3–6% a year in 2015–19 (the source of
# ``growth_mu``); the model's district may not run away from it.
AGGREGATE_GROWTH_BAND = (0.03, 0.06)


@dataclass(frozen=True)
class Fact:
    """One stylized fact checked on data."""

    name: str
    statistic: float
    band: tuple[float, float]
    passed: bool
    detail: str

    def __str__(self) -> str:
        lo, hi = self.band
        mark = "ok" if self.passed else "FAILED"
        return f"{self.name}: {self.statistic:.3g} in [{lo:g}, {hi:g}]? {mark} ({self.detail})"


def _z_two_proportions(k1: int, n1: int, k2: int, n2: int) -> float:
    """Z statistic of p1 − p2 (pooled standard error); 0 if either group is empty."""
    if n1 == 0 or n2 == 0:
        return 0.0
    p = (k1 + k2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return (k1 / n1 - k2 / n2) / se if se > 0 else 0.0


# ----------------------------------------------------------------------------- checks
def hill_alpha(sizes: np.ndarray, tail_share: float = TAIL_SHARE) -> float:
    """Hill estimator of the Pareto exponent on the top ``tail_share`` of ``sizes``."""
    s = np.sort(np.asarray(sizes, dtype=float)[np.asarray(sizes) > 0])[::-1]
    k = max(int(len(s) * tail_share), 2)
    if len(s) <= k:
        return float("nan")
    return float(1.0 / np.mean(np.log(s[:k] / s[k])))


def size_tail(sizes_by_run: list[np.ndarray]) -> Fact:
    """The median over runs of the Hill α of each run's sizes lies in ``HILL_BAND``."""
    alphas = np.array([hill_alpha(s) for s in sizes_by_run])
    a = float(np.nanmedian(alphas))
    return Fact(
        "size_tail_hill_alpha",
        a,
        HILL_BAND,
        bool(HILL_BAND[0] <= a <= HILL_BAND[1]),
        f"{len(alphas)} runs, α from {np.nanmin(alphas):.2f} to {np.nanmax(alphas):.2f}",
    )


def _classes(size: np.ndarray, n: int) -> list[np.ndarray]:
    edges = np.quantile(size, np.linspace(0, 1, n + 1))
    idx = np.clip(np.searchsorted(edges, size, side="right") - 1, 0, n - 1)
    return [np.flatnonzero(idx == c) for c in range(n)]


def tent_shaped_growth(growth: np.ndarray, size: np.ndarray) -> Fact:
    """Within every size class, growth rates have kurtosis ≥ 4 and mad/sd ≤ 0.78.

    The statistic is the smallest within-class kurtosis; a class fails either test.
    """
    kurts, ratios = [], []
    for rows in _classes(size, SIZE_CLASSES):
        g = growth[rows] - growth[rows].mean()
        sd = g.std()
        kurts.append(float(np.mean(g**4) / sd**4))
        ratios.append(float(np.mean(np.abs(g)) / sd))
    ok = min(kurts) >= KURTOSIS_MIN and max(ratios) <= MAD_SD_MAX
    return Fact(
        "growth_tent_min_kurtosis",
        min(kurts),
        (KURTOSIS_MIN, math.inf),
        ok,
        "kurtosis by size class "
        + ", ".join(f"{k:.1f}" for k in kurts)
        + f"; mad/sd {', '.join(f'{r:.3f}' for r in ratios)} (≤ {MAD_SD_MAX})",
    )


def growth_beta(growth: np.ndarray, size: np.ndarray) -> float:
    """β of sd(growth) ∝ size^−β: slope of log sd on mean log size over size deciles."""
    xs, ys = [], []
    for rows in _classes(size, SIZE_BINS):
        xs.append(np.mean(np.log(size[rows])))
        ys.append(np.log(np.std(growth[rows])))
    return float(-np.polyfit(xs, ys, 1)[0])


def sigma_falls_with_size(growth: np.ndarray, size: np.ndarray) -> Fact:
    """β estimated by regression over size deciles lies in ``BETA_BAND``."""
    b = growth_beta(growth, size)
    return Fact(
        "growth_sigma_size_beta",
        b,
        BETA_BAND,
        bool(BETA_BAND[0] <= b <= BETA_BAND[1]),
        f"regression of log sd on log size over {SIZE_BINS} size deciles",
    )


def hazard_by_age(birth_q, death_q, end_q, ages: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Exits and firms at risk by age in years, for firms observed from birth.

    A firm is at risk at age ``y`` if it was alive at its ``y``-th birthday and the
    observation ran a full year past it; it counts as an exit if it left during that year.
    """
    birth_q, death_q, end_q = (np.asarray(a, dtype=np.int64) for a in (birth_q, death_q, end_q))
    born = birth_q >= 0
    died = death_q != NO_Q
    death = np.where(died, death_q, end_q)
    life = (death - birth_q) // 4
    exits, at_risk = np.zeros(ages, dtype=np.int64), np.zeros(ages, dtype=np.int64)
    for y in range(ages):
        risk = born & (life >= y) & (birth_q + 4 * (y + 1) <= end_q)
        at_risk[y] = risk.sum()
        exits[y] = (risk & died & (life == y)).sum()
    return exits, at_risk


def young_firm_hazard(birth_q, death_q, end_q) -> Fact:
    """The hazard peaks in years 1–4: above year 0's and above the late years' (z ≥ 3 each)."""
    exits, at_risk = hazard_by_age(birth_q, death_q, end_q)
    h = exits / np.maximum(at_risk, 1)
    peak = max(HAZARD_EARLY_AGES, key=lambda y: h[y])
    late_k = int(sum(exits[y] for y in HAZARD_LATE_AGES))
    late_n = int(sum(at_risk[y] for y in HAZARD_LATE_AGES))
    z_rise = _z_two_proportions(exits[peak], at_risk[peak], exits[0], at_risk[0])
    z_fall = _z_two_proportions(exits[peak], at_risk[peak], late_k, late_n)
    z = min(z_rise, z_fall)
    return Fact(
        "hazard_rises_then_falls_z",
        z,
        (Z_MIN, math.inf),
        bool(z >= Z_MIN),
        f"annual hazard by age {', '.join(f'{x:.3f}' for x in h)}; peak at {peak} "
        f"(z {z_rise:.1f} over age 0, {z_fall:.1f} over ages 7–9)",
    )


def innovation_persistence(innovated: np.ndarray, innovates_next: np.ndarray) -> Fact:
    """P(innovate next year | innovated) exceeds P(… | did not) by ≥ 0.1, with z ≥ 3."""
    a = np.asarray(innovated, dtype=bool)
    b = np.asarray(innovates_next, dtype=bool)
    k1, n1, k0, n0 = int(b[a].sum()), int(a.sum()), int(b[~a].sum()), int((~a).sum())
    diff = k1 / max(n1, 1) - k0 / max(n0, 1)
    z = _z_two_proportions(k1, n1, k0, n0)
    return Fact(
        "innovation_persistence",
        diff,
        (PERSISTENCE_MIN, 1.0),
        bool(diff >= PERSISTENCE_MIN and z >= Z_MIN),
        f"P(next | innovated) {k1 / max(n1, 1):.3f} vs P(next | not) {k0 / max(n0, 1):.3f}, "
        f"z {z:.1f}",
    )


def aggregate_growth(totals_by_run: np.ndarray) -> Fact:
    """Median over runs of the mean annual growth of aggregate revenue, inside the band.

    ``totals_by_run`` (runs, years): each run's total revenue of its live firms, by year.
    """
    t = np.asarray(totals_by_run, dtype=float)
    years = t.shape[1] - 1
    rate = float(np.median((t[:, -1] / t[:, 0]) ** (1.0 / years) - 1.0))
    lo, hi = AGGREGATE_GROWTH_BAND
    return Fact(
        "aggregate_growth",
        rate,
        AGGREGATE_GROWTH_BAND,
        bool(lo <= rate <= hi),
        f"aggregate revenue {rate:+.1%}/yr over {years} years (median of {t.shape[0]} runs)",
    )


# ----------------------------------------------------------------------------- data
@dataclass
class Panel:
    """Firm data of several runs, as the checks take it.

    ``growth``/``size``: annual log growth of revenue and the starting year's revenue, for
    firms alive both years; ``sizes_by_run``: each run's year-end revenues of live firms
    (last year); ``birth_q``/``death_q``/``end_q``: every firm's entry and exit quarter and
    the run's last quarter; ``innovated``/``innovates_next``: for firms alive three
    year-ends in a row, whether their IP count rose in the first year and in the second;
    ``totals`` (runs, years): each run's aggregate revenue of the year, year by year.
    """

    growth: np.ndarray
    size: np.ndarray
    sizes_by_run: list[np.ndarray] = field(repr=False)
    birth_q: np.ndarray = field(repr=False)
    death_q: np.ndarray = field(repr=False)
    end_q: np.ndarray = field(repr=False)
    innovated: np.ndarray = field(repr=False)
    innovates_next: np.ndarray = field(repr=False)
    totals: np.ndarray = field(repr=False)


def model_panel(region="baodi", seeds=range(10), params=None, levers=None) -> Panel:
    """Run the model once per seed and collect its firms' yearly data."""
    g, s, tails, births, deaths, ends, inn0, inn1, totals = ([] for _ in range(9))
    for seed in seeds:
        m = BaodiModel(region, params=params, levers=levers, seed=seed)
        years = []
        while m.running:
            m.step()
            if m.qy == 0:  # a year has just closed: FF_REV_Y1 is its revenue
                st = m.state
                n = st.n
                ip = st.firm_i[FI_IP1, :n] + st.firm_i[FI_IP2, :n]
                years.append((st.firm_f[FF_REV_Y1, :n].copy(), st.firm_i[FI_ALIVE, :n].copy(), ip))
        for (r0, a0, _), (r1, a1, _) in itertools.pairwise(years):
            k = len(r0)
            both = (a0 == 1) & (a1[:k] == 1) & (r0 > 0) & (r1[:k] > 0)
            g.append(np.log(r1[:k][both] / r0[both]))
            s.append(r0[both])
        for (_, a0, i0), (_, _, i1), (_, a2, i2) in zip(years, years[1:], years[2:], strict=False):
            k = len(i0)
            alive = (a0 == 1) & (a2[:k] == 1)
            inn0.append((i1[:k] > i0)[alive])
            inn1.append((i2[:k] > i1[:k])[alive])
        totals.append([r[a == 1].sum() for r, a, _ in years])
        rev, alive, _ = years[-1]
        tails.append(rev[alive == 1])
        st = m.state
        births.append(st.firm_i[FI_BIRTH_Q, : st.n].copy())
        deaths.append(st.firm_i[FI_DEATH_Q, : st.n].copy())
        ends.append(np.full(st.n, m.quarter))
    cat = np.concatenate
    return Panel(
        cat(g),
        cat(s),
        tails,
        cat(births),
        cat(deaths),
        cat(ends),
        cat(inn0),
        cat(inn1),
        np.array(totals),
    )


def check_all(panel: Panel) -> list[Fact]:
    """Every stylized fact on ``panel``."""
    return [
        size_tail(panel.sizes_by_run),
        tent_shaped_growth(panel.growth, panel.size),
        sigma_falls_with_size(panel.growth, panel.size),
        young_firm_hazard(panel.birth_q, panel.death_q, panel.end_q),
        innovation_persistence(panel.innovated, panel.innovates_next),
        aggregate_growth(panel.totals),
    ]
