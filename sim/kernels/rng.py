"""Counter-based random numbers: splitmix64 of (seed, quarter, agent, stream).

Holds the stream constants ``S_*``; ``splitmix64``, ``uniform``, ``draw_key``, ``normal``
(numba) and their pure-Python twins ``splitmix64_py``, ``uniform_py``, ``draw_key_py``,
``normal_py``; ``quarter_key`` and the vectorised ``uniform_np``.

A draw is a pure function of its coordinates, so results do not depend on thread
count, kernel order or process (numba's ``np.random`` is per thread and is not).
``quarter_key(seed, quarter)`` is computed once per quarter in Python; inside a
kernel ``uniform(key, agent, stream)`` costs one splitmix64 finaliser (~2 ns).
Reference: Steele, Lea & Flood (2014), "Fast splittable pseudorandom number
generators", OOPSLA — the splitmix64 finaliser constants are theirs.
"""

import math

import numpy as np

from .jit import njit

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
STREAM_MUL = 0xD1B54A32D192ED03
M1 = 0xBF58476D1CE4E5B9
M2 = 0x94D049BB133111EB
DRAW_MUL = 0xE7037ED1A0B428DB  # odd; spreads the draw index k of draw_key (wyhash's constant)

_GOLDEN = np.uint64(GOLDEN)
_STREAM = np.uint64(STREAM_MUL)
_M1 = np.uint64(M1)
_M2 = np.uint64(M2)
_DRAW = np.uint64(DRAW_MUL)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_INV53 = 1.0 / 9007199254740992.0  # 2**-53

# Streams: one per kind of draw, declared here and nowhere else, each a distinct value,
# so adding a draw never shifts another and no two kinds of draw share numbers. Never
# compute a stream id (``S_X + 1`` is another kind's stream): add a constant here. A
# test (tests/unit/sim/test_rng_streams.py) reads every draw in ``sim/`` and fails on an
# argument that is not a bare ``S_*`` name, and on duplicate values. Several draws of the
# same kind for the same agent and quarter (the t-th job-search try, the second uniform
# of a Box–Muller pair) take the k-th sub-key ``draw_key(key, k)``, not another stream.
# Firms' quarter
S_INNOV = 0  # innovation success
S_IMIT = 1  # imitation success
S_STEP = 2  # size of the innovation step
S_GROWTH = 3  # revenue growth shock
S_EXIT = 4  # exit
S_IP = 5  # invention patents (IP2) granted
S_IP1 = 6  # class-I IP granted
S_PARTNER = 7  # which firm of the source node becomes the R&D partner
S_PARTNER_KEEP = 8  # whether the old partner is kept
S_CONTRACT = 24  # technology contract signed
S_DEFAULT = 18  # loan default
S_PARTNER_CROSS = 32  # whether the new partner is sought in a neighbouring park
S_PARTNER_CROSS_NODE = 33  # which neighbouring park
# Labels and cultivation
S_APPLY_HNTE = 9  # HNTE application
S_APPLY_SME = 10  # tech-SME registration
S_APPLY_EAGLET = 11  # eaglet application
S_LISTING = 12  # listing
S_COACH = 26  # coached by the cultivation programme
S_UPGRADE = 43  # traditional firm's upgrade
S_CHALLENGE = 27  # wins an open challenge (揭榜挂帅)
S_APPLY_GAZELLE = 28  # gazelle or leader application
# Talent
S_MOVE = 13  # whether a person moves this quarter
S_QUIT = 14  # whether an employed person quits
S_SEARCH = 15  # the firm a job seeker samples (t-th try: sub-key t)
S_MOVE_DEST = 30  # where a person at home moves to (capital or city)
# Capital
S_VC = 16  # venture round granted
S_LOAN = 17  # loan granted
S_VC_START = 45  # where the investors' rotating scan starts
S_PLEDGE = 57  # a lender accepts the firm's IP for a pledge
# Beijing projects
S_TRANSFER_N = 19  # number of projects this quarter
S_TRANSFER_CHOICE = 20  # Gumbel taste of project j for node d (sub-key d)
S_TRANSFER_LAND = 21  # whether the project lands as an entity
S_TRANSFER_INDUSTRY = 31  # the project's industry
# Entry and new firms
S_ENTRY = 22  # number of start-ups from a node's carriers
S_NEWFIRM = 23  # entry size (a normal, Box–Muller)
S_NEWFIRM_KNOWLEDGE = 34  # entrant's knowledge
S_NEWFIRM_IP_TRANSFER = 35  # a landed project brings an invention patent
S_NEWFIRM_IP2 = 36  # start-up's invention patents
S_ENTRY_INDUSTRY = 37  # entrant's industry (agent: its entry slot)
S_BACKGROUND = 38  # number of background entrants
S_BACKGROUND_NODE = 39  # background entrant's node (agent: its entry slot)
S_SPINOFF = 40  # a firm spins off a new one
S_ENTRY_NATIONAL = 56  # a carrier's start-up hatched at a national incubator (agent: entrant)
# Carriers and institutes
S_NATIONAL_INCUBATOR = 25  # j-th municipal incubator of a node accredited national (sub-key j)
S_XINGCHUANG = 42  # a new 星创天地 is accredited
S_MAKER_RECORD = 58  # a new maker space is recognised by the municipal S&T bureau
S_INSTITUTE_CONTRACTS = 41  # the quarter's luck of the institutes' contract turnover
# The synthetic 2015 population
S_INIT = 29  # firm's node
S_INIT_INDUSTRY = 46  # firm's industry
S_INIT_AGE = 47  # firm's age
S_INIT_SIZE = 48  # firm's revenue (a normal)
S_INIT_TAIL = 49  # firm's revenue in the Pareto tail
S_INIT_RD = 50  # firm's R&D intensity (a normal)
S_INIT_KNOWLEDGE = 51  # firm's knowledge (a normal)
S_INIT_IP1 = 52  # firm's class-I IP
S_INIT_IP2 = 53  # firm's invention patents
S_INIT_HNTE_YEAR = 44  # year of a 2015 HNTE certificate
S_INIT_SKILL = 54  # person's skill (a normal)
S_INIT_FIELD = 55  # person's field


# Explicit signatures: numba otherwise compiles a new copy of a helper for every literal
# stream id it is called with (55 copies of ``uniform``, ~14 s of a cold start).
@njit("uint64(uint64)", cache=True)
def splitmix64(x):
    """Return the splitmix64 finaliser of ``x`` (uint64 -> uint64)."""
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit("float64(uint64, int64, int64)", cache=True)
def uniform(key, agent, stream):
    """Uniform draw in [0, 1) for (key, agent, stream).

    Parameters
    ----------
    key : uint64
        ``quarter_key(seed, quarter)``.
    agent : int
        Row of the agent (firm, person, project slot, carrier...).
    stream : int
        One of the ``S_*`` constants.
    """
    z = splitmix64(key + np.uint64(agent) * _GOLDEN + np.uint64(stream) * _STREAM)
    return float(z >> _S11) * _INV53


@njit("uint64(uint64, int64)", cache=True)
def draw_key(key, k):
    """Sub-key of the ``k``-th draw of one kind for one agent in one quarter.

    ``uniform(draw_key(key, k), agent, stream)`` is the k-th draw (k ≥ 0) of kind
    ``stream`` for ``agent``: ``key ^ k·DRAW_MUL`` is distinct for distinct ``k`` (the
    multiplier is odd) and splitmix64 is a bijection, so the sub-keys are distinct and,
    through the finaliser, unrelated to ``key`` and to each other. Hoist it out of the
    loop over agents: it costs one finaliser.
    """
    return splitmix64(key ^ (np.uint64(k) * _DRAW))


@njit("float64(uint64, int64, int64)", cache=True)
def normal(key, agent, stream):
    """Standard normal for (key, agent, stream) by Box–Muller.

    The two uniforms are ``uniform(key, agent, stream)`` and the same kind's second draw
    ``uniform(draw_key(key, 1), agent, stream)``.
    """
    u1 = uniform(key, agent, stream)
    u2 = uniform(draw_key(key, 1), agent, stream)
    return math.sqrt(-2.0 * math.log(max(1.0 - u1, 1e-300))) * math.cos(2.0 * math.pi * u2)


def splitmix64_py(x: int) -> int:
    """Pure-Python splitmix64 finaliser (bit-identical to :func:`splitmix64`)."""
    z = (x + GOLDEN) & MASK64
    z = ((z ^ (z >> 30)) * M1) & MASK64
    z = ((z ^ (z >> 27)) * M2) & MASK64
    return z ^ (z >> 31)


def quarter_key_py(seed: int, quarter: int) -> int:
    """Key of one quarter's draws: splitmix64(splitmix64(seed) ^ quarter)."""
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return splitmix64_py(splitmix64_py(seed & MASK64) ^ (quarter & MASK64))


def quarter_key(seed: int, quarter: int) -> np.uint64:
    """Key of one quarter's draws as ``np.uint64`` (for kernels)."""
    return np.uint64(quarter_key_py(seed, quarter))


def uniform_py(key: int, agent: int, stream: int) -> float:
    """Pure-Python twin of :func:`uniform`."""
    x = (int(key) + (agent * GOLDEN) + (stream * STREAM_MUL)) & MASK64
    return (splitmix64_py(x) >> 11) * _INV53


def draw_key_py(key: int, k: int) -> int:
    """Pure-Python twin of :func:`draw_key` (a Python int)."""
    return splitmix64_py((int(key) ^ (k * DRAW_MUL)) & MASK64)


def normal_py(key: int, agent: int, stream: int) -> float:
    """Pure-Python twin of :func:`normal`."""
    u1 = uniform_py(key, agent, stream)
    u2 = uniform_py(draw_key_py(key, 1), agent, stream)
    return math.sqrt(-2.0 * math.log(max(1.0 - u1, 1e-300))) * math.cos(2.0 * math.pi * u2)


def uniform_np(key: np.uint64, agents: np.ndarray, stream: int) -> np.ndarray:
    """Vectorised numpy twin of :func:`uniform` for many agents (bit-identical)."""
    with np.errstate(over="ignore"):
        x = np.uint64(key) + agents.astype(np.uint64) * _GOLDEN + np.uint64(stream) * _STREAM
        z = x + _GOLDEN
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        z = z ^ (z >> _S31)
    return (z >> _S11).astype(np.float64) * _INV53
