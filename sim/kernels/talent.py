"""Talent kernel: S&T people quit, relocate between the region and its neighbours, and are hired.

Holds ``talent_kernel``, ``hiring_round`` and ``init_people_kernel``. People are rows of
``person_f`` / ``person_i``; a firm's S&T staff is the number of people whose employer it
is, so the S&T-staff share of the HNTE and SME rules follows from who works where.
Relocation is a logit choice on place utilities (wage, the talent-policy package
宝坻人才九条, talent-community housing; §四(五)1, §四(一)5).
"""

import math

import numpy as np
from numba import njit, prange

from ..fields import (
    FF_EMPLOYEES,
    FF_KNOWLEDGE,
    FF_RD_INTENSITY,
    FI_ALIVE,
    FI_INDUSTRY,
    FI_ST_STAFF,
    PF_SKILL,
    PI_EMPLOYER,
    PI_FIELD,
    PI_PLACE,
    PI_RECRUITED,
    PLACE_CAPITAL,
    PLACE_CITY,
    PLACE_HOME,
)
from ..levers import L_TALENT_SUBSIDY
from ..params import (
    P_MOVE_RATE,
    P_MOVE_SENSITIVITY,
    P_QUIT_RATE,
    P_ST_TARGET_SHARE,
    P_TALENT_POOL_SKILL,
)
from .common import threaded_twin
from .firms import CHUNK
from .rng import S_INIT, S_MOVE, S_QUIT, S_SEARCH, uniform

SEARCH_DRAWS = 3  # firms a job seeker samples per quarter, assumed 1–8
KNOWLEDGE_PER_HIRE = 0.01  # knowledge a hire brings per unit of positive skill, assumed 0–0.05
EMPLOYED_MOVE = 0.5  # relocation multiplier for the employed, assumed 0.2–1
UNEMPLOYED_MOVE = 2.0  # relocation multiplier for job seekers, assumed 1–4
REF_INTENSITY = (
    0.035  # R&D/sales at which a firm wants st_target_share S&T staff, assumed 0.02–0.05
)


@njit(cache=True)
def _rates(place_util, par):
    """Relocation rate by (place, destination, employed) and its maximum by (place, employed).

    The same expression as per person, evaluated 18 times instead of once per person.
    """
    rate_tab = np.empty((3, 3, 2))
    for a in range(3):
        for b in range(3):
            du = place_util[b] - place_util[a]
            for emp in range(2):
                mult = EMPLOYED_MOVE if emp == 1 else UNEMPLOYED_MOVE
                rate_tab[a, b, emp] = (
                    par[P_MOVE_RATE] * mult * 2.0 / (1.0 + math.exp(-par[P_MOVE_SENSITIVITY] * du))
                )
    rate_max = np.empty((3, 2))
    for emp in range(2):
        rate_max[PLACE_HOME, emp] = max(
            rate_tab[PLACE_HOME, PLACE_CAPITAL, emp], rate_tab[PLACE_HOME, PLACE_CITY, emp]
        )
        rate_max[PLACE_CAPITAL, emp] = rate_tab[PLACE_CAPITAL, PLACE_HOME, emp]
        rate_max[PLACE_CITY, emp] = rate_tab[PLACE_CITY, PLACE_HOME, emp]
    return rate_tab, rate_max


@njit(cache=True)
def _people_rows(
    lo,
    hi,
    key,
    firm_i,
    person_f,
    person_i,
    par,
    sub,
    hire_on,
    rate_tab,
    rate_max,
    seekers,
    left,
    cnt,
    fsum,
):
    """Steps 1–2 and the counts for people rows ``lo .. hi-1``; writes only those rows.

    1. Quits and releases by exited firms; 2. relocation; then the place counts, the
    talent pool, job seekers at home (into ``seekers[lo:]``), the employers people left
    (into ``left[lo:]``) and the talent subsidy (宝坻人才九条) to recruited, above-median
    people at home. ``cnt`` (10,): moved in, moved out, quits and releases, at home, in
    the capital, in the city, talent pool, subsidised, seekers, employers left;
    ``fsum[0]``: subsidy paid [10k yuan], summed in row order.

    The counting is written without branches (booleans added as 0/1): on an
    unpredictable mix of employed and jobless rows the branches cost more than the work.
    The quit draw stays behind its branch: at 1 person per firm most rows are jobless.
    """
    quit_rate = par[P_QUIT_RATE]
    pool_skill = par[P_TALENT_POOL_SKILL]
    n_in = 0
    n_out = 0
    n_quit = 0
    n_home = 0
    n_cap = 0
    n_city = 0
    n_pool = 0
    n_seek = 0
    n_left = 0
    n_recruited = 0
    paid_sub = 0.0
    for p in range(lo, hi):
        e = person_i[PI_EMPLOYER, p]
        quits = False
        if e >= 0:
            quits = firm_i[FI_ALIVE, e] == 0 or (hire_on and uniform(key, p, S_QUIT) < quit_rate)
        if quits:
            left[lo + n_left] = e
            n_left += 1
            n_quit += 1
            e = -1
        person_i[PI_EMPLOYER, p] = e
        place = person_i[PI_PLACE, p]
        if hire_on:
            emp = 1 if e >= 0 else 0
            # The destination draw is needed only when the move draw is below the larger
            # of the two rates (counter-based draws: skipping one shifts nothing).
            u_move = uniform(key, p, S_MOVE)
            if u_move < rate_max[place, emp]:
                if place == PLACE_HOME:
                    dest = PLACE_CAPITAL if uniform(key, p, S_MOVE + 1) < 0.5 else PLACE_CITY
                else:
                    dest = PLACE_HOME
                if u_move < rate_tab[place, dest, emp]:
                    person_i[PI_PLACE, p] = dest
                    person_i[PI_EMPLOYER, p] = -1
                    place = dest
                    if e >= 0:
                        left[lo + n_left] = e
                        n_left += 1
                        n_quit += 1
                        e = -1
                    if dest == PLACE_HOME:
                        person_i[PI_RECRUITED, p] = 1
                        n_in += 1
                    else:
                        person_i[PI_RECRUITED, p] = 0
                        n_out += 1
        home = place == PLACE_HOME
        n_home += home
        n_cap += place == PLACE_CAPITAL
        n_city += place == PLACE_CITY
        skill = person_f[PF_SKILL, p]
        n_pool += home & (skill >= pool_skill)
        seekers[lo + n_seek] = p
        n_seek += home & (e < 0)
        # Adding 0.0 leaves the sum bit-identical to a sum over recipients only.
        subsidised = home & (person_i[PI_RECRUITED, p] == 1) & (skill > 0.0)
        n_recruited += subsidised
        paid_sub += sub if subsidised else 0.0
    cnt[0] = n_in
    cnt[1] = n_out
    cnt[2] = n_quit
    cnt[3] = n_home
    cnt[4] = n_cap
    cnt[5] = n_city
    cnt[6] = n_pool
    cnt[7] = n_recruited
    cnt[8] = n_seek
    cnt[9] = n_left
    fsum[0] = paid_sub


@njit(cache=True)
def _gather(m, cnt, fsum, firm_i, seekers, left, paid, out):
    """Add the people chunks in order and return the number of job seekers.

    Leavers are taken off their employers' S&T staff, and the job seekers of every chunk
    are put together at the front of ``seekers``, in row order.
    """
    for k in range(out.shape[0]):
        out[k] = 0.0
    n_seek = 0
    paid_sub = 0.0
    for c in range(cnt.shape[0]):
        lo = c * CHUNK
        out[0] += cnt[c, 0]
        out[1] += cnt[c, 1]
        out[2] += cnt[c, 2]
        out[4] += cnt[c, 7]
        out[6] += cnt[c, 3]
        out[7] += cnt[c, 4]
        out[8] += cnt[c, 5]
        out[9] += cnt[c, 6]
        paid_sub += fsum[c]
        for k in range(cnt[c, 9]):
            firm_i[FI_ST_STAFF, left[lo + k]] -= 1
        for k in range(cnt[c, 8]):
            seekers[n_seek] = seekers[lo + k]
            n_seek += 1
    out[5] = paid_sub
    paid[L_TALENT_SUBSIDY] += paid_sub
    return n_seek


@njit(cache=True)
def _vacancies(lo, hi, firm_f, firm_i, par, vac):
    """Step 3 on firm rows ``lo .. hi-1``: each alive firm's open S&T vacancies; their sum."""
    open_total = 0
    for i in range(lo, hi):
        vac[i] = 0
        if firm_i[FI_ALIVE, i] == 1:
            st = firm_i[FI_ST_STAFF, i]
            rel = firm_f[FF_RD_INTENSITY, i] / REF_INTENSITY
            rel = min(max(rel, 0.5), 4.0)
            want = int(firm_f[FF_EMPLOYEES, i] * par[P_ST_TARGET_SHARE] * rel + 0.5)
            if want > st:
                vac[i] = want - st
                open_total += want - st
    return open_total


@njit(cache=True)
def talent_kernel(
    q,
    key,
    n,
    m,
    firm_f,
    firm_i,
    person_f,
    person_i,
    ind_f,
    par,
    pol,
    place_util,
    hire_on,
    vac,
    seekers,
    left,
    paid,
    out,
):
    """One quarter of every person: quit, relocate, be hired; firms' S&T staff follow.

    A firm's S&T staff (``FI_ST_STAFF``) is kept equal to the people employed there: it
    loses those who quit, move away or are released by its exit, and gains its hires.
    People and firms are taken in fixed chunks of ``CHUNK`` rows; :func:`talent_kernel_par`
    runs the chunks on several threads with the same results.

    Parameters
    ----------
    n, m : int
        Firm rows and people rows in use.
    place_util : float64 (3,)
        Utility of home (the region), capital and city for an S&T worker this quarter.
    hire_on : bool
        False during construction's warm-up hiring (no quits or moves).
    vac : int32 (cap_firms,)
        Work space (vacancies).
    seekers, left : int32 (m,)
        Work space: this quarter's job seekers at home (ascending rows), and the employers
        people left.
    out : float64 (12,), out
        moved in, moved out, quits and releases, hires, recruited people at home, subsidy paid,
        then people at home, in the capital, in the city at the end of the quarter, the
        S&T talent pool (people at home with skill ≥ ``talent_pool_skill``), and the job
        seekers and open vacancies left (:func:`hiring_round` goes on from them).
    """
    rate_tab, rate_max = _rates(place_util, par)
    sub = pol[L_TALENT_SUBSIDY] / 4.0 if hire_on else 0.0
    pc = (m + CHUNK - 1) // CHUNK
    cnt = np.zeros((pc, 10), dtype=np.int64)
    fsum = np.zeros(pc)
    for c in prange(pc):
        lo, hi = c * CHUNK, min(m, (c + 1) * CHUNK)
        _people_rows(
            lo,
            hi,
            key,
            firm_i,
            person_f,
            person_i,
            par,
            sub,
            hire_on,
            rate_tab,
            rate_max,
            seekers,
            left,
            cnt[c],
            fsum[c : c + 1],
        )
    n_seek = _gather(m, cnt, fsum, firm_i, seekers, left, paid, out)
    fc = (n + CHUNK - 1) // CHUNK
    opens = np.zeros(fc, dtype=np.int64)
    for c in prange(fc):
        opens[c] = _vacancies(c * CHUNK, min(n, (c + 1) * CHUNK), firm_f, firm_i, par, vac)
    _hire_step(key, n, firm_f, firm_i, person_f, person_i, vac, seekers, n_seek, opens.sum(), out)


talent_kernel_par = threaded_twin(
    talent_kernel,
    "talent_kernel_par",
    ":func:`talent_kernel` on numba's threads (same results); the job search stays serial.",
)


@njit(cache=True)
def _hire_step(key, n, firm_f, firm_i, person_f, person_i, vac, seekers, n_seek, open_total, out):
    """Step 4: this quarter's job seekers at home, in row order, sample firms (:func:`_hire`)."""
    n_hired, n_left, open_left = _hire(
        key, n, firm_f, firm_i, person_f, person_i, vac, seekers, n_seek, open_total
    )
    out[3] = n_hired
    out[10] = n_left
    out[11] = open_left


@njit(cache=True)
def _hire(key, n, firm_f, firm_i, person_f, person_i, vac, seekers, n_seek, open_total):
    """Job seekers ``seekers[:n_seek]`` sample firms in turn; the unhired move to the front.

    A seeker draws ``SEARCH_DRAWS`` firm rows and takes the first with a vacancy, or the
    first in their own field. The search stops once no vacancy is left (draws are
    counter-based, so skipping them shifts nothing). Returns (hired, seekers left, open
    vacancies left).
    """
    n_hired = 0
    n_left = 0
    for s in range(n_seek):
        p = seekers[s]
        best = -1
        if open_total > 0:
            field = person_i[PI_FIELD, p]
            for t in range(SEARCH_DRAWS):
                f = int(uniform(key, p, S_SEARCH + t) * n)
                # vac > 0 only at alive firms (exited firms' vacancies are zeroed above).
                if vac[f] > 0:
                    if best < 0 or (
                        firm_i[FI_INDUSTRY, f] == field and firm_i[FI_INDUSTRY, best] != field
                    ):
                        best = f
        if best >= 0:
            person_i[PI_EMPLOYER, p] = best
            vac[best] -= 1
            open_total -= 1
            firm_i[FI_ST_STAFF, best] += 1
            skill = person_f[PF_SKILL, p]
            if skill > 0.0:
                firm_f[FF_KNOWLEDGE, best] += KNOWLEDGE_PER_HIRE * skill
            n_hired += 1
        else:
            seekers[n_left] = p
            n_left += 1
    return n_hired, n_left, open_total


@njit(cache=True)
def hiring_round(key, n, firm_f, firm_i, person_f, person_i, vac, seekers, out):
    """One more job-search round on the seekers and vacancies a ``talent_kernel`` call left.

    Construction's warm-up (``hire_on`` False: nobody quits or moves) repeats only the
    search: staff recounts and vacancies would come out as the previous round left them.
    Reads and updates ``out[3]`` (hires), ``out[10]`` (seekers left) and ``out[11]`` (open
    vacancies left) of that call.
    """
    n_hired, n_left, open_total = _hire(
        key, n, firm_f, firm_i, person_f, person_i, vac, seekers, int(out[10]), int(out[11])
    )
    out[3] = n_hired
    out[10] = n_left
    out[11] = open_total


@njit(cache=True)
def init_people_kernel(key, lo, hi, counts, field_cdf, person_f, person_i):
    """Fill people rows ``lo .. hi-1`` of the initial S&T population.

    Rows ``0 .. counts[0]-1`` are at home, the next ``counts[1]`` in the capital, the rest
    in the city; skill standard normal (Box–Muller), field by the industries' firm shares
    (``field_cdf``), nobody employed or recruited yet. Draws are keyed by row.
    """
    n_fields = field_cdf.shape[0]
    for p in range(lo, hi):
        place = 0
        edge = counts[0]
        while place < counts.shape[0] - 1 and p >= edge:
            place += 1
            edge += counts[place]
        u1 = uniform(key, p, S_INIT + 20)
        u2 = uniform(key, p, S_INIT + 21)
        person_f[PF_SKILL, p] = math.sqrt(-2.0 * math.log(max(1.0 - u1, 1e-300))) * math.cos(
            2.0 * math.pi * u2
        )
        u = uniform(key, p, S_INIT + 22)
        f = 0
        while f < n_fields - 1 and field_cdf[f] <= u:
            f += 1
        person_i[PI_PLACE, p] = place
        person_i[PI_FIELD, p] = f
        person_i[PI_EMPLOYER, p] = -1
        person_i[PI_RECRUITED, p] = 0


@njit(cache=True, parallel=True)
def init_people_par(key, m, counts, field_cdf, person_f, person_i):
    """:func:`init_people_kernel` on rows ``0 .. m-1`` in chunks over numba's threads."""
    n_chunks = (m + CHUNK - 1) // CHUNK
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(m, (c + 1) * CHUNK)
        init_people_kernel(key, lo, hi, counts, field_cdf, person_f, person_i)
