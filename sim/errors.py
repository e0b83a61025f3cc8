"""The core's one exception type, ``SimError``, and the helpers that name the nearest valid choice.

Errors are English; the Chinese text, where there is one, rides along in ``err.zh`` (the
command line picks by ``--lang``). :func:`unknown_pair` words an unknown name in both.
"""

import difflib
from collections.abc import Iterable


class SimError(ValueError):
    """Bad input to the simulator core: the message names field, value and what is allowed."""


def nearest(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest valid choice, or ``""``."""
    match = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


def nearest_zh(name: str, choices: Iterable[str]) -> str:
    """Return ``"（是不是“x”？）"`` for the closest valid choice, or ``""``."""
    match = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.5)
    return f"（是不是“{match[0]}”？）" if match else ""


def unknown_pair(kind: str, kind_zh: str, name, choices: Iterable[str]) -> tuple[str, str]:
    """An unknown name of some kind as ``(en, zh)``: the nearest valid choice, what is allowed."""
    choices = sorted(choices)
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    en = unknown(kind, str(name), choices).args[0]
    return en, f"未知{kind_zh}“{name}”{nearest_zh(name, choices)}；可选：{shown}"


def unknown(kind: str, name: str, choices: Iterable[str]) -> SimError:
    """Build the error for an unknown name of some kind, listing what is allowed."""
    choices = sorted(choices)
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return SimError(f"unknown {kind} '{name}'{nearest(name, choices)}; allowed: {shown}")
