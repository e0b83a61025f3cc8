"""Pure-Python twin of :mod:`sim.phases.talent`: the same ``run``, one person at a time.

Each person, in row order, may quit (or be released by an exited firm) and relocate;
firms then count their S&T staff and open vacancies; the job seekers at home, in row
order, sample firms; recruited people at home draw the talent subsidy.
"""

import math

import numpy as np

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
from ..indices import (
    L_TALENT_SUBSIDY,
    P_EMPLOYED_MOVE,
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
)
from ..kernels.common import CHUNK
from ..kernels.rng import S_MOVE, S_MOVE_DEST, S_QUIT, S_SEARCH, draw_key_py, uniform_py
from .talent import OUT, Workspace, place_utilities

PLACE_NAMES = {PLACE_HOME: "home", PLACE_CAPITAL: "capital", PLACE_CITY: "city"}


def quit_and_move(p: int, state, q, util, sums: dict) -> None:
    """Person ``p`` quits (or is released by an exited firm), then maybe relocates.

    An employee quits with probability ``quit_rate``. Someone at home considers the
    capital (with probability ``move_capital_share``) or the city, someone away
    considers home; they move at the rate ``move_rate`` × (employed or unemployed
    multiplier) × 2 / (1 + exp(−sensitivity × utility gain)) — ``move_rate`` when the two
    places are worth the same. Movers leave their employer; arrivals at home are
    recruited (eligible for the talent subsidy).
    """
    person_i, par, key = state.person_i, q.par, q.key_int
    e = person_i[PI_EMPLOYER, p]
    if e >= 0 and (state.firm_i[FI_ALIVE, e] == 0 or uniform_py(key, p, S_QUIT) < par[P_QUIT_RATE]):
        e = -1
        sums["quits"] += 1
    person_i[PI_EMPLOYER, p] = e
    place = person_i[PI_PLACE, p]
    if place == PLACE_HOME:
        capital = uniform_py(key, p, S_MOVE_DEST) < par[P_MOVE_CAPITAL_SHARE]
        dest = PLACE_CAPITAL if capital else PLACE_CITY
    else:
        dest = PLACE_HOME
    du = util[dest] - util[place]
    mult = par[P_EMPLOYED_MOVE] if e >= 0 else par[P_UNEMPLOYED_MOVE]
    rate = par[P_MOVE_RATE] * mult * 2.0 / (1.0 + math.exp(-par[P_MOVE_SENSITIVITY] * du))
    if uniform_py(key, p, S_MOVE) < rate:
        person_i[PI_PLACE, p] = dest
        person_i[PI_EMPLOYER, p] = -1
        if e >= 0:
            sums["quits"] += 1
        person_i[PI_RECRUITED, p] = 1 if dest == PLACE_HOME else 0
        sums["moved_in" if dest == PLACE_HOME else "moved_out"] += 1


def open_vacancies(i: int, state, par) -> int:
    """Firm ``i``'s open S&T vacancies: its target staff less its staff (none if exited).

    The target is ``st_target_share`` of its employees, scaled by its R&D intensity
    relative to ``ref_intensity`` (clipped to the vacancy bounds), rounded.
    """
    if state.firm_i[FI_ALIVE, i] != 1:
        return 0
    rel = state.firm_f[FF_RD_INTENSITY, i] / par[P_REF_INTENSITY]
    rel = min(max(rel, par[P_VACANCY_REL_MIN]), par[P_VACANCY_REL_MAX])
    want = int(state.firm_f[FF_EMPLOYEES, i] * par[P_ST_TARGET_SHARE] * rel + 0.5)
    return max(want - state.firm_i[FI_ST_STAFF, i], 0)


def search(p: int, state, q, vacancies, try_keys) -> bool:
    """Job seeker ``p`` samples ``search_draws`` firms and joins the best with a vacancy.

    The first sampled firm with a vacancy, or the first in the seeker's own field (try
    ``t`` draws from ``try_keys[t]``). A hire brings the firm ``knowledge_per_hire`` × the
    seeker's skill (if above the median). Returns whether ``p`` was hired.
    """
    firm_i, n = state.firm_i, state.n
    field = state.person_i[PI_FIELD, p]
    best = -1
    for key in try_keys:
        f = int(uniform_py(key, p, S_SEARCH) * n)
        in_field = firm_i[FI_INDUSTRY, f] == field
        if vacancies[f] > 0 and (best < 0 or (in_field and firm_i[FI_INDUSTRY, best] != field)):
            best = f
    if best < 0:
        return False
    state.person_i[PI_EMPLOYER, p] = best
    vacancies[best] -= 1
    firm_i[FI_ST_STAFF, best] += 1
    skill = state.person_f[PF_SKILL, p]
    if skill > 0.0:
        state.firm_f[FF_KNOWLEDGE, best] += q.par[P_KNOWLEDGE_PER_HIRE] * skill
    return True


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.talent.run`."""
    ws.reserve(state)
    n, m = state.n, state.m
    person_f, person_i = state.person_f, state.person_i
    util = place_utilities(world, q, ws)
    sums = dict.fromkeys(OUT.names, 0)
    for p in range(m):
        quit_and_move(p, state, q, util, sums)
    # A firm's S&T staff is the people it employs.
    staff = [0] * n
    for p in range(m):
        if person_i[PI_EMPLOYER, p] >= 0:
            staff[person_i[PI_EMPLOYER, p]] += 1
    for i in range(n):
        state.firm_i[FI_ST_STAFF, i] = staff[i]
        ws.vacancies[i] = open_vacancies(i, state, q.par)
    opened = int(ws.vacancies[:n].sum())
    seekers = [
        p for p in range(m) if person_i[PI_PLACE, p] == PLACE_HOME and person_i[PI_EMPLOYER, p] < 0
    ]
    try_keys = [draw_key_py(q.key_int, t) for t in range(int(q.par[P_SEARCH_DRAWS]))]
    unhired = [
        p for p in seekers if not (opened > 0 and search(p, state, q, ws.vacancies, try_keys))
    ]
    sums["hires"] = len(seekers) - len(unhired)
    sums["seekers_left"] = len(unhired)
    sums["vacancies_left"] = opened - sums["hires"]
    ws._seekers[: len(unhired)] = unhired  # where the kernel leaves its unhired
    # Places, the talent pool and the subsidy's recipients (recruited, skill above the
    # median, at home), paid a quarter of the yearly subsidy each.
    sub = q.pol[L_TALENT_SUBSIDY] / 4.0
    paid = 0.0
    for lo in range(0, m, CHUNK):  # summed in the kernel's chunks of people (same bits)
        chunk = 0.0
        for p in range(lo, min(m, lo + CHUNK)):
            place, skill = person_i[PI_PLACE, p], person_f[PF_SKILL, p]
            sums[PLACE_NAMES[place]] += 1
            if place == PLACE_HOME:
                sums["pool"] += skill >= q.par[P_TALENT_POOL_SKILL]
                if person_i[PI_RECRUITED, p] == 1 and skill > 0.0:
                    sums["subsidised"] += 1
                    chunk += sub
        paid += chunk
    sums["subsidy_paid"] = paid
    q.paid[L_TALENT_SUBSIDY] += paid
    o = ws.out[0]
    for name, v in sums.items():
        o[name] = v
    return o
