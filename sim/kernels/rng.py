"""Counter-based random numbers: splitmix64 of (seed, quarter, agent, stream).

Holds ``splitmix64``, ``quarter_key``, ``uniform`` (numba) and their pure-Python twins
``splitmix64_py``, ``quarter_key_py``, ``uniform_py``.

A draw is a pure function of its coordinates, so results do not depend on thread
count, kernel order or process (numba's ``np.random`` is per thread and is not).
``quarter_key(seed, quarter)`` is computed once per quarter in Python; inside a
kernel ``uniform(key, agent, stream)`` costs one splitmix64 finaliser (~2 ns).
Reference: Steele, Lea & Flood (2014), "Fast splittable pseudorandom number
generators", OOPSLA — the splitmix64 finaliser constants are theirs.
"""

import numpy as np
from numba import njit

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
STREAM_MUL = 0xD1B54A32D192ED03
M1 = 0xBF58476D1CE4E5B9
M2 = 0x94D049BB133111EB

_GOLDEN = np.uint64(GOLDEN)
_STREAM = np.uint64(STREAM_MUL)
_M1 = np.uint64(M1)
_M2 = np.uint64(M2)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_INV53 = 1.0 / 9007199254740992.0  # 2**-53

# Streams: one per kind of draw, so adding a draw never shifts another.
(
    S_INNOV,
    S_IMIT,
    S_STEP,
    S_GROWTH,
    S_EXIT,
    S_IP,
    S_IP1,
    S_PARTNER,
    S_PARTNER_KEEP,
    S_APPLY_HNTE,
    S_APPLY_SME,
    S_APPLY_EAGLET,
    S_LISTING,
    S_MOVE,
    S_QUIT,
    S_SEARCH,
    S_VC,
    S_LOAN,
    S_DEFAULT,
    S_TRANSFER_N,
    S_TRANSFER_CHOICE,
    S_TRANSFER_LAND,
    S_ENTRY,
    S_NEWFIRM,
    S_CONTRACT,
    S_CARRIER,
    S_COACH,
    S_CHALLENGE,
    S_APPLY_GAZELLE,
    S_INIT,
) = range(30)


@njit(cache=True)
def splitmix64(x):
    """Return the splitmix64 finaliser of ``x`` (uint64 -> uint64)."""
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True)
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


def uniform_np(key: np.uint64, agents: np.ndarray, stream: int) -> np.ndarray:
    """Vectorised numpy twin of :func:`uniform` for many agents (bit-identical)."""
    with np.errstate(over="ignore"):
        x = np.uint64(key) + agents.astype(np.uint64) * _GOLDEN + np.uint64(stream) * _STREAM
        z = x + _GOLDEN
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        z = z ^ (z >> _S31)
    return (z >> _S11).astype(np.float64) * _INV53
