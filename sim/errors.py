"""The core's one exception type, ``SimError``, and the helper that names the nearest valid choice."""

import difflib
from collections.abc import Iterable


class SimError(ValueError):
    """Bad input to the simulator core: the message names field, value and what is allowed."""


def nearest(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest valid choice, or ``""``."""
    match = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


def unknown(kind: str, name: str, choices: Iterable[str]) -> SimError:
    """Build the error for an unknown name of some kind, listing what is allowed."""
    choices = sorted(choices)
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return SimError(f"unknown {kind} '{name}'{nearest(name, choices)}; allowed: {shown}")
