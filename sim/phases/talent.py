"""Talent phase: S&T people quit, relocate between the region and its neighbours, and are hired.

Holds ``run`` (one quarter), its ``Workspace`` and named outputs (``OUT``), the place
utilities (:func:`place_utilities`), construction's warm-up job search (:func:`warm_up`),
the kernels (``talent_kernel``, ``hiring_round``) and the initial population
(``init_people_kernel``). People are rows of
``person_f`` / ``person_i``; a firm's S&T staff is the number of people whose employer it
is, so the S&T-staff share of the HNTE and SME rules follows from who works where.
Relocation is a logit choice on place utilities (wage, the talent-policy package
宝坻人才九条, talent-community housing; §四(五)1, §四(一)5).
"""

import math
from dataclasses import dataclass, field

import numba
import numpy as np
from numba import prange
from numba.cpython.unsafe.numbers import trailing_zeros

from ..fields import (
    FF_EMPLOYEES,
    FF_KNOWLEDGE,
    FF_RD_INTENSITY,
    FI_ALIVE,
    FI_INDUSTRY,
    FI_ST_STAFF,
    NF_CARRIERS,
    PF_SKILL,
    PI_EMPLOYER,
    PI_FIELD,
    PI_PLACE,
    PI_RECRUITED,
    PLACE_CAPITAL,
    PLACE_CITY,
    PLACE_HOME,
)
from ..indices import (
    L_TALENT_HOUSING,
    L_TALENT_SUBSIDY,
    P_AMENITY_PER_CARRIER,
    P_ANNUAL_WAGE,
    P_CITY_WAGE_RATIO,
    P_EMPLOYED_MOVE,
    P_HOUSING_HALF,
    P_HOUSING_UTILITY,
    P_KNOWLEDGE_PER_HIRE,
    P_MOVE_CAPITAL_SHARE,
    P_MOVE_RATE,
    P_MOVE_SENSITIVITY,
    P_QUIT_RATE,
    P_REF_INTENSITY,
    P_SEARCH_DRAWS,
    P_ST_TARGET_SHARE,
    P_TALENT_POOL_SKILL,
    P_UNEMPLOYED_MOVE,
    P_VACANCY_REL_MAX,
    P_VACANCY_REL_MIN,
    P_WAGE_RATIO_BAODI,
)
from ..kernels.common import CHUNK, threaded_twin
from ..kernels.jit import njit
from ..kernels.rng import (
    S_INIT_FIELD,
    S_INIT_SKILL,
    S_MOVE,
    S_MOVE_DEST,
    S_QUIT,
    S_SEARCH,
    draw_key,
    normal,
    quarter_key_py,
    uniform,
)

WARMUP_ROUNDS = 6  # job-search rounds before the first quarter (they fill the 2015 staff)

# The phase's named outputs (one record a quarter; people counts at the end of the quarter).
OUT = np.dtype(
    [
        ("moved_in", "f8"),  # people who moved into the region (home)
        ("moved_out", "f8"),  # people who left for the capital or the city
        ("quits", "f8"),  # employees who quit, moved away or were released by an exit
        ("hires", "f8"),  # job seekers hired
        ("subsidised", "f8"),  # recruited people at home with skill > 0 (the subsidy's recipients)
        ("subsidy_paid", "f8"),  # the talent subsidy paid [10k yuan]
        ("home", "f8"),  # people in the region
        ("capital", "f8"),  # ... in the capital (Beijing)
        ("city", "f8"),  # ... in the city (Tianjin)
        ("pool", "f8"),  # the S&T talent pool: at home with skill ≥ talent_pool_skill
        ("seekers_left", "f8"),  # job seekers not hired
        ("vacancies_left", "f8"),  # open vacancies not filled
    ]
)


@dataclass(eq=False)
class Workspace:
    """The talent phase's buffers and outputs.

    After ``run``: ``out`` (record ``OUT``); ``vacancies`` (int32, firm capacity) each
    firm's open S&T vacancies left (rows ``0 .. n-1``); the unhired job seekers at home,
    in ascending rows, in ``_seekers[: out.seekers_left]`` (construction's later
    job-search rounds go on from them). ``threads`` > 1 runs the kernel on that many
    numba threads (same results).
    """

    n_people: int
    n_firms: int
    threads: int = 1
    out: np.ndarray = field(init=False)
    vacancies: np.ndarray = field(init=False)
    # scratch (people rows): job seekers, candidate rows, employers left; bitmaps (64 rows
    # a word) of the candidates and the job seekers
    _seekers: np.ndarray = field(init=False, repr=False)
    _cand: np.ndarray = field(init=False, repr=False)
    _left: np.ndarray = field(init=False, repr=False)
    _flags: np.ndarray = field(init=False, repr=False)
    _seeking: np.ndarray = field(init=False, repr=False)
    # the policy part of the home utility and the lever vector it is for (changes yearly)
    _home_policy: float = field(init=False, repr=False, default=0.0)
    _home_policy_for: object = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.vacancies = np.zeros(self.n_firms, dtype=np.int32)
        self._allocate_people(self.n_people)

    def _allocate_people(self, m: int) -> None:
        self._seekers = np.zeros(m, dtype=np.int32)
        self._cand = np.zeros(m, dtype=np.int32)
        self._left = np.zeros(m, dtype=np.int32)
        self._flags = np.zeros((m + 63) // 64, dtype=np.uint64)
        self._seeking = np.zeros((m + 63) // 64, dtype=np.uint64)

    def reserve(self, state) -> None:
        """Room for ``state``'s firm capacity (people buffers: its people rows)."""
        if state.firm_capacity > self.vacancies.shape[0]:
            self.n_firms = state.firm_capacity
            self.vacancies = np.zeros(self.n_firms, dtype=np.int32)
        if state.m > self._seekers.shape[0]:
            self.n_people = state.m
            self._allocate_people(state.m)


def place_utilities(world, q, ws: Workspace) -> np.ndarray:
    """Utility of home (the region), the capital and the city for an S&T worker this quarter.

    float64 (3,) in ``PLACE_*`` order, the capital's 0 (the reference). Home: the log
    wage ratio to the capital, the talent subsidy (宝坻人才九条) over the annual wage,
    talent-community housing (saturating: ``housing_utility`` × units / (units +
    ``housing_half``)) and the amenities of every innovation carrier. City: the log of
    its wage ratio.
    """
    par, pol = q.par, q.pol
    if ws._home_policy_for is not pol:  # the policy part changes once a year
        ws._home_policy = (
            math.log(par[P_WAGE_RATIO_BAODI])
            + pol[L_TALENT_SUBSIDY] / par[P_ANNUAL_WAGE]
            + par[P_HOUSING_UTILITY]
            * pol[L_TALENT_HOUSING]
            / (pol[L_TALENT_HOUSING] + par[P_HOUSING_HALF])
        )
        ws._home_policy_for = pol
    # Carriers are whole numbers: their sum as Python floats has numpy's bits, in less time.
    carriers = sum(world.node_f[NF_CARRIERS].tolist())
    home = ws._home_policy + par[P_AMENITY_PER_CARRIER] * carriers
    return np.array([home, 0.0, math.log(par[P_CITY_WAGE_RATIO])])


def _talent_call(state, world, q, key, ws: Workspace, hire_on: bool) -> None:
    """One call of the talent kernel (threaded if ``ws.threads`` > 1)."""
    kernel = talent_kernel
    if ws.threads > 1:
        numba.set_num_threads(ws.threads)
        kernel = talent_kernel_par
    kernel(
        key,
        state.n,
        state.m,
        state.firm_f,
        state.firm_i,
        state.person_f,
        state.person_i,
        q.par,
        q.pol,
        place_utilities(world, q, ws),
        hire_on,
        ws.vacancies,
        ws._seekers,
        ws._flags,
        ws._seeking,
        ws._cand,
        ws._left,
        q.paid,
        ws.out,
    )


def run(state, world, q, ws: Workspace) -> np.void:
    """One quarter of every person: quit, relocate, be hired; returns ``ws.out[0]`` (``OUT``).

    Firms' S&T staff follow who works where; the talent subsidy paid is added to
    ``q.paid``.
    """
    ws.reserve(state)
    _talent_call(state, world, q, q.key, ws, True)
    return ws.out[0]


def warm_up(state, world, q, ws: Workspace, seed: int, counter: int) -> None:
    """Construction's job search before the first quarter: nobody quits or moves.

    ``WARMUP_ROUNDS`` rounds, round ``k`` drawing from ``quarter_key_py(seed, counter - k)``:
    the first counts staff and opens vacancies, the next ones only search again.
    """
    ws.reserve(state)
    _talent_call(state, world, q, np.uint64(quarter_key_py(seed, counter)), ws, False)
    for k in range(1, WARMUP_ROUNDS):
        hiring_round(
            np.uint64(quarter_key_py(seed, counter - k)),
            state.n,
            state.firm_f,
            state.firm_i,
            state.person_f,
            state.person_i,
            q.par,
            ws.vacancies,
            ws._seekers,
            ws.out,
        )


@njit(cache=True)
def _rates(place_util, par):
    """Relocation rate by (place, destination, employed) and its maximum by (place, employed).

    The same expression as per person, evaluated 18 times instead of once per person.
    """
    rate_tab = np.empty((3, 3, 2))
    employed_move = par[P_EMPLOYED_MOVE]
    unemployed_move = par[P_UNEMPLOYED_MOVE]
    for a in range(3):
        for b in range(3):
            du = place_util[b] - place_util[a]
            for emp in range(2):
                mult = employed_move if emp == 1 else unemployed_move
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
def _alive_bits(lo, hi, firm_i, bits):
    """Words of the alive bitmap for firm rows ``lo .. hi-1`` (``lo`` a multiple of 64).

    Bit ``i & 63`` of ``bits[i >> 6]`` is 1 when firm row ``i`` is alive: 10⁶ firms in
    125 kB, against 4 MB for the alive row itself.
    """
    alive = firm_i[FI_ALIVE, lo:hi]
    w0 = lo >> 6
    for w in range((hi - lo + 63) >> 6):
        base = w * 64
        word = np.uint64(0)
        for b in range(min(64, hi - lo - base)):
            word |= np.uint64(alive[base + b] & 1) << np.uint64(b)
        bits[w0 + w] = word


@njit(cache=True, inline="always")
def _is_alive(bits, i):
    """Whether firm row ``i`` is alive, from the bitmap of :func:`_alive_bits`."""
    return ((bits[i >> 6] >> np.uint64(i & 63)) & np.uint64(1)) == np.uint64(1)


@njit(cache=True)
def _flag_rows(lo, hi, key, alive_bits, person_i, quit_rate, rate_max, hire_on, words):
    """Pass 1 on people rows ``lo .. hi-1`` (``lo`` a multiple of 64): the candidate rows.

    Bit ``j & 63`` of ``words[j >> 6]`` is 1 for row ``j`` if its employer has exited, or
    (``hire_on``) if its quit or move draw hits. Every other row is left as it is by the
    quarter (employed by an alive firm and not quitting, and the move draw at or above
    its largest relocation rate). The loop has no branches, so LLVM vectorises the two
    splitmix64 hashes and the reads of the alive bitmap (:func:`_alive_bits`); the bits
    are packed 64 rows to a word (read by :func:`_set_rows`).
    """
    r_home = rate_max[PLACE_HOME, 0]
    r_home_emp = rate_max[PLACE_HOME, 1]
    r_cap = rate_max[PLACE_CAPITAL, 0]
    r_cap_emp = rate_max[PLACE_CAPITAL, 1]
    r_city = rate_max[PLACE_CITY, 0]
    r_city_emp = rate_max[PLACE_CITY, 1]
    # Zero-based loops over slices: LLVM then knows the index is not negative (no
    # wraparound test per access), which keeps the loops vectorised.
    place_row = person_i[PI_PLACE, lo:hi]
    employer_row = person_i[PI_EMPLOYER, lo:hi]
    w0 = lo >> 6
    for w in range((hi - lo + 63) >> 6):
        base = w << 6
        word = np.uint64(0)
        for b in range(min(64, hi - lo - base)):
            j = base + b
            p = lo + j
            e = employer_row[j]
            emp = e >= 0
            released = emp & (not _is_alive(alive_bits, max(e, 0)))
            place = place_row[j]
            t_home = r_home_emp if emp else r_home
            t_cap = r_cap_emp if emp else r_cap
            t_city = r_city_emp if emp else r_city
            thr = t_home if place == PLACE_HOME else (t_cap if place == PLACE_CAPITAL else t_city)
            quits = emp & (uniform(key, p, S_QUIT) < quit_rate)
            hit = hire_on & (quits | (uniform(key, p, S_MOVE) < thr))
            word |= np.uint64(released | hit) << np.uint64(b)
        words[w0 + w] = word


@njit(cache=True)
def _set_rows(lo, hi, words, rows):
    """The rows among ``lo .. hi-1`` whose bit is set in ``words`` into ``rows[lo:]``.

    Returns how many, in row order: each word's set bits, lowest first (``lo`` a multiple
    of 64). Visits the set bits instead of every row: a few percent of the rows are
    candidates, a quarter job seekers.
    """
    out = rows[lo:hi]
    k = 0
    w0 = lo >> 6
    for w in range((hi - lo + 63) >> 6):
        word = words[w0 + w]
        while word != 0:
            out[k] = lo + (w << 6) + np.int64(trailing_zeros(word))
            k += 1
            word &= word - np.uint64(1)  # clear the lowest set bit
    return k


@njit(cache=True)
def _count_rows(lo, hi, person_f, person_i, pool_skill, cnt, seeking):
    """Pass 4 (vectorised): end-of-quarter counts of rows ``lo .. hi-1`` into ``cnt[3:8]``.

    At home, in the capital, in the city, the talent pool (at home with skill ≥
    ``pool_skill``) and the subsidy's recipients (recruited people at home with skill > 0).
    The job seekers (at home, no employer) are marked in the bitmap ``seeking`` (bit
    ``j & 63`` of word ``j >> 6`` for row ``j``; ``lo`` a multiple of 64).
    """
    place_row = person_i[PI_PLACE, lo:hi]
    employer_row = person_i[PI_EMPLOYER, lo:hi]
    recruited_row = person_i[PI_RECRUITED, lo:hi]
    skill_row = person_f[PF_SKILL, lo:hi]
    n_home = 0
    n_cap = 0
    n_pool = 0
    n_sub = 0
    w0 = lo >> 6
    for w in range((hi - lo + 63) >> 6):
        base = w << 6
        word = np.uint64(0)
        for b in range(min(64, hi - lo - base)):
            j = base + b
            place = place_row[j]
            home = place == PLACE_HOME
            skill = skill_row[j]
            n_home += home
            n_cap += place == PLACE_CAPITAL
            n_pool += home & (skill >= pool_skill)
            n_sub += home & (recruited_row[j] == 1) & (skill > 0.0)
            word |= np.uint64(home & (employer_row[j] < 0)) << np.uint64(b)
        seeking[w0 + w] = word
    cnt[3] = n_home
    cnt[4] = n_cap
    cnt[5] = (hi - lo) - n_home - n_cap
    cnt[6] = n_pool
    cnt[7] = n_sub


@njit(cache=True)
def _move_rows(lo, k, key, alive_bits, person_i, par, hire_on, rate_tab, cand, left, cnt):
    """Pass 3, steps 1–2 for the candidate rows ``cand[lo : lo+k]`` of one chunk, in row order.

    1. Quits and releases by exited firms; 2. relocation. ``cnt``: moved in, moved out,
    quits and releases (leavers); the leavers' employers go into ``left[lo:]``, one each.
    Every candidate's three draws are taken up front, in a loop LLVM vectorises
    (counter-based: drawing more shifts nothing). The steps are then without branches:
    whether a candidate quits, moves and where to are coin tosses the branch predictor
    loses, so every store is made, with the old value where nothing changes.
    """
    quit_rate = par[P_QUIT_RATE]
    capital_share = par[P_MOVE_CAPITAL_SHARE]
    rows = cand[lo : lo + k]
    u_quit = np.empty(k)
    u_dest = np.empty(k)
    u_move = np.empty(k)
    for j in range(k):
        p = rows[j]
        u_quit[j] = uniform(key, p, S_QUIT)
        u_dest[j] = uniform(key, p, S_MOVE_DEST)
        u_move[j] = uniform(key, p, S_MOVE)
    place_row = person_i[PI_PLACE]
    employer_row = person_i[PI_EMPLOYER]
    recruited_row = person_i[PI_RECRUITED]
    moved_in = 0
    moved_out = 0
    n_left = 0
    for j in range(k):
        p = rows[j]
        e = employer_row[p]
        place = place_row[p]
        # Read up front, not in the store below: a load in the 'else' of a select made
        # LLVM branch on whether the candidate moves (13.9 -> 10.2 us for 937 candidates).
        recruited = recruited_row[p]
        # 1. An employee quits, or is released by an exited employer.
        emp = e >= 0
        released = emp & (not _is_alive(alive_bits, max(e, 0)))
        quits = released | (emp & hire_on & (u_quit[j] < quit_rate))
        stays = emp & (not quits)  # still employed
        # 2. Someone at home considers the capital or the city, someone away home; the
        # rate is by place, destination and (still) employed.
        away = PLACE_CAPITAL if u_dest[j] < capital_share else PLACE_CITY
        dest = away if place == PLACE_HOME else PLACE_HOME
        moves = hire_on & (u_move[j] < rate_tab[place, dest, int(stays)])
        # A leaver is taken off their employer's staff (in _gather); arrivals at home are
        # recruited (eligible for the talent subsidy).
        left[lo + n_left] = e
        n_left += quits | (moves & stays)
        employer_row[p] = -1 if quits | moves else e
        place_row[p] = dest if moves else place
        arrives = dest == PLACE_HOME
        recruited_row[p] = int(arrives) if moves else recruited
        moved_in += moves & arrives
        moved_out += moves & (not arrives)
    cnt[0] = moved_in
    cnt[1] = moved_out
    cnt[2] = n_left


@njit(cache=True)
def _gather(cnt, sub, firm_i, left, paid, out):
    """Add the people chunks in order; leavers are taken off their employers' S&T staff.

    The subsidy is summed as ``sub`` once per recipient, in row order within a chunk and
    then chunk by chunk (the same bits as a sum over the rows). Writes every field of
    ``out[0]`` but the job search's (hires, seekers and vacancies left).
    """
    moved_in = 0.0
    moved_out = 0.0
    quits = 0.0
    subsidised = 0.0
    home = 0.0
    capital = 0.0
    city = 0.0
    pool = 0.0
    paid_sub = 0.0
    for c in range(cnt.shape[0]):
        lo = c * CHUNK
        moved_in += cnt[c, 0]
        moved_out += cnt[c, 1]
        quits += cnt[c, 2]
        subsidised += cnt[c, 7]
        home += cnt[c, 3]
        capital += cnt[c, 4]
        city += cnt[c, 5]
        pool += cnt[c, 6]
        chunk_sub = 0.0
        for _ in range(cnt[c, 7]):
            chunk_sub += sub
        paid_sub += chunk_sub
        for k in range(cnt[c, 2]):
            firm_i[FI_ST_STAFF, left[lo + k]] -= 1
    o = out[0]
    o.moved_in = moved_in
    o.moved_out = moved_out
    o.quits = quits
    o.subsidised = subsidised
    o.subsidy_paid = paid_sub
    o.home = home
    o.capital = capital
    o.city = city
    o.pool = pool
    paid[L_TALENT_SUBSIDY] += paid_sub


@njit(cache=True)
def _vacancies(lo, hi, firm_f, firm_i, par, vac):
    """Step 3 on firm rows ``lo .. hi-1``: each alive firm's open S&T vacancies; their sum.

    Every row in one loop without branches (an exited firm has none), so LLVM vectorises it.
    """
    target = par[P_ST_TARGET_SHARE]
    alive = firm_i[FI_ALIVE, lo:hi]
    staff = firm_i[FI_ST_STAFF, lo:hi]
    emp = firm_f[FF_EMPLOYEES, lo:hi]
    nu = firm_f[FF_RD_INTENSITY, lo:hi]
    out = vac[lo:hi]
    open_total = 0
    ref_intensity = par[P_REF_INTENSITY]
    rel_min = par[P_VACANCY_REL_MIN]
    rel_max = par[P_VACANCY_REL_MAX]
    for j in range(hi - lo):
        rel = nu[j] / ref_intensity
        rel = min(max(rel, rel_min), rel_max)
        want = int(emp[j] * target * rel + 0.5)
        open_j = max(want - staff[j], 0) if alive[j] == 1 else 0
        out[j] = open_j
        open_total += open_j
    return open_total


@njit(cache=True)
def talent_kernel(
    key,
    n,
    m,
    firm_f,
    firm_i,
    person_f,
    person_i,
    par,
    pol,
    place_util,
    hire_on,
    vac,
    seekers,
    flags,
    seeking,
    cand,
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
    seekers : int32 (m,), out
        This call's unhired job seekers at home, in ascending rows, in
        ``seekers[: out[0].seekers_left]``.
    flags, seeking : uint64 ((m + 63) // 64,); cand, left : int32 (m,)
        Work space: bitmaps of the candidate rows and of the job seekers, candidate rows,
        employers people left.
    paid : float64 (n_levers,), in/out
        What each lever paid this quarter [10k yuan]: the talent subsidy is added.
    out : record array (1,) of ``OUT``, out
        The quarter's counts; the job seekers and open vacancies left are where
        :func:`hiring_round` goes on from.
    """
    rate_tab, rate_max = _rates(place_util, par)
    sub = pol[L_TALENT_SUBSIDY] / 4.0 if hire_on else 0.0
    fc = (n + CHUNK - 1) // CHUNK
    alive_bits = np.empty((n + 63) // 64 + 1, dtype=np.uint64)
    for c in prange(fc):
        _alive_bits(c * CHUNK, min(n, (c + 1) * CHUNK), firm_i, alive_bits)
    pc = (m + CHUNK - 1) // CHUNK
    cnt = np.zeros((pc, 8), dtype=np.int64)
    for c in prange(pc):
        # Steps 1–2 and the counts of one chunk of people rows. Most rows are left as they
        # are in a quarter, so the rows are flagged in a vectorised pass and only the
        # flagged ones (a few percent) are stepped; the counts are taken after, and the
        # job seekers marked. ``cnt[c]``: moved in, moved out, quits and releases (their
        # employers in ``left[lo:]``), at home, in the capital, in the city, talent pool,
        # subsidised (at the end of the quarter).
        lo, hi = c * CHUNK, min(m, (c + 1) * CHUNK)
        _flag_rows(lo, hi, key, alive_bits, person_i, par[P_QUIT_RATE], rate_max, hire_on, flags)
        k = _set_rows(lo, hi, flags, cand)
        _move_rows(lo, k, key, alive_bits, person_i, par, hire_on, rate_tab, cand, left, cnt[c])
        _count_rows(lo, hi, person_f, person_i, par[P_TALENT_POOL_SKILL], cnt[c], seeking)
    _gather(cnt, sub, firm_i, left, paid, out)
    # The job seekers, in row order. The first row is an int64 value, not a literal:
    # numba compiles a helper once per literal argument.
    n_seek = _set_rows(np.int64(0), m, seeking, seekers)
    opens = np.zeros(fc, dtype=np.int64)
    for c in prange(fc):
        opens[c] = _vacancies(c * CHUNK, min(n, (c + 1) * CHUNK), firm_f, firm_i, par, vac)
    # Step 4: this quarter's job seekers at home, in row order, sample firms.
    o = out[0]
    o.seekers_left = n_seek
    o.vacancies_left = opens.sum()
    hiring_round(key, n, firm_f, firm_i, person_f, person_i, par, vac, seekers, out)


talent_kernel_par = threaded_twin(
    talent_kernel,
    "talent_kernel_par",
    ":func:`talent_kernel` on numba's threads (same results); the job search stays serial.",
)


@njit(cache=True)
def hiring_round(key, n, firm_f, firm_i, person_f, person_i, par, vac, seekers, out):
    """One job-search round: the job seekers and open vacancies of ``out[0]`` meet.

    The seekers are ``seekers[: out[0].seekers_left]`` (at home, in row order), the open
    vacancies ``vac`` (``out[0].vacancies_left`` in all). A seeker draws ``search_draws``
    firm rows and takes the first with a vacancy, or the first in their own field; the
    unhired move to the front of ``seekers``. The search stops once no vacancy is left
    (draws are counter-based, so skipping them shifts nothing). Sets the hires, seekers
    left and open vacancies left of ``out[0]``. ``talent_kernel`` ends with one round;
    construction's warm-up (``hire_on`` False: nobody quits or moves) repeats only the
    search, as staff recounts and vacancies would come out as the previous round left them.
    """
    o = out[0]
    n_seek = int(o.seekers_left)
    open_total = int(o.vacancies_left)
    if open_total <= 0:
        o.hires = 0  # nobody can be hired; the seekers stay in order
        return
    n_hired = 0
    search_draws = int(par[P_SEARCH_DRAWS])
    knowledge_per_hire = par[P_KNOWLEDGE_PER_HIRE]
    # The firms each seeker samples, drawn up front in a loop LLVM vectorises (the
    # draws do not depend on who was hired before). Unsigned: firm rows index without a
    # wraparound test for negative indices.
    picks = np.empty((search_draws, n_seek), dtype=np.uint32)
    for t in range(search_draws):
        row = picks[t]
        key_t = draw_key(key, t)  # the t-th try of every seeker
        for s in range(n_seek):
            row[s] = int(uniform(key_t, seekers[s], S_SEARCH) * n)
    # Vacancies only fall during the round, so a seeker none of whose firms has one now
    # is not hired: most seekers, as few firms have vacancies. Only the others (in
    # ``hopeful``, in order) search below. Flags as uint8, not bool: numba's bool |=
    # vectorises worse (3 passes over 3,700 seekers: 7.5 -> 4.6 us).
    has_open = np.zeros(n_seek, dtype=np.uint8)
    for t in range(search_draws):
        row = picks[t]
        for s in range(n_seek):
            has_open[s] |= np.uint8(vac[row[s]] > 0)
    hopeful = np.empty(n_seek, dtype=np.int32)
    n_hopeful = 0
    for s in range(n_seek):
        hopeful[n_hopeful] = s
        n_hopeful += has_open[s]
    field_row = person_i[PI_FIELD]
    employer_row = person_i[PI_EMPLOYER]
    skill_row = person_f[PF_SKILL]
    ind_row = firm_i[FI_INDUSTRY]
    staff_row = firm_i[FI_ST_STAFF]
    kn_row = firm_f[FF_KNOWLEDGE]
    for i in range(n_hopeful):
        s = hopeful[i]
        p = seekers[s]
        field = field_row[p]
        # The first sampled firm with a vacancy, unless a later one is in the seeker's
        # field: a vacancy scores 1, in the field 2, and only a higher score replaces
        # the best so far. vac > 0 only at alive firms (exited firms have none).
        best = -1
        best_score = 0
        for t in range(search_draws):
            f = picks[t, s]
            score = (vac[f] > 0) * (1 + (ind_row[f] == field))
            take = score > best_score
            best = np.int64(f) if take else best
            best_score = max(score, best_score)
        # Without branches: whether the seeker is hired is a coin toss the branch
        # predictor loses. An unhired seeker "hires" into nobody: employer −1 (as
        # before), and firm 0 gains 0 of everything.
        hired = best >= 0
        b = max(best, 0)
        employer_row[p] = best
        vac[b] -= hired
        staff_row[b] += hired
        skill = skill_row[p]
        kn_row[b] += knowledge_per_hire * skill if hired & (skill > 0.0) else 0.0
        n_hired += hired
        seekers[s] = -1 if hired else p  # −1: hired
    # The unhired move to the front of ``seekers``, in order.
    n_left = 0
    for s in range(n_seek):
        p = seekers[s]
        seekers[n_left] = p
        n_left += p >= 0
    o.hires = n_hired
    o.seekers_left = n_left
    o.vacancies_left = open_total - n_hired


@njit(cache=True)
def init_people_kernel(key, lo, hi, counts, field_cdf, person_f, person_i):
    """Fill people rows ``lo .. hi-1`` of the initial S&T population.

    Rows ``0 .. counts[0]-1`` are at home, the next ``counts[1]`` in the capital, the rest
    in the city; skill standard normal (Box–Muller), field by the industries' firm shares
    (``field_cdf``), nobody employed or recruited yet. Draws are keyed by row.
    """
    # A loop for each row of the state: the skill's (Box–Muller: log and cos, library
    # calls) stays scalar, the others LLVM vectorises.
    skill_row = person_f[PF_SKILL, lo:hi]
    place_row = person_i[PI_PLACE, lo:hi]
    field_row = person_i[PI_FIELD, lo:hi]
    for j in range(hi - lo):
        skill_row[j] = normal(key, lo + j, S_INIT_SKILL)
    for j in range(hi - lo):
        # Place and field by counting the edges below (cumulative counts and the field
        # CDF are non-decreasing): no data-dependent branch.
        place = 0
        edge = 0
        for k in range(counts.shape[0] - 1):
            edge += counts[k]
            place += lo + j >= edge
        place_row[j] = place
    for j in range(hi - lo):
        u = uniform(key, lo + j, S_INIT_FIELD)
        f = 0
        for k in range(field_cdf.shape[0] - 1):
            f += field_cdf[k] <= u
        field_row[j] = f
    person_i[PI_EMPLOYER, lo:hi] = -1
    person_i[PI_RECRUITED, lo:hi] = 0


@njit(cache=True, parallel=True)
def init_people_par(key, m, counts, field_cdf, person_f, person_i):
    """:func:`init_people_kernel` on rows ``0 .. m-1`` in chunks over numba's threads."""
    n_chunks = (m + CHUNK - 1) // CHUNK
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(m, (c + 1) * CHUNK)
        init_people_kernel(key, lo, hi, counts, field_cdf, person_f, person_i)
