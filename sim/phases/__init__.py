"""The phases of a quarter, one module each, in the order the model runs them.

Every phase module holds its numba kernel(s), its workspace (``Workspace``: buffers
reused every quarter and the phase's named outputs) and one entry,
``run(state, world, q, ws)`` (see :mod:`sim.world`), that :class:`sim.model.BaodiModel`
calls in one line. Beside each sits its pure-Python twin, ``<phase>_ref.py``, with the
same ``run`` over the same public arguments: the economics written plainly, one agent
at a time, and the yardstick the kernels are tested against
(``tests/properties/test_phases.py``).

Shared draw helpers and math live in :mod:`sim.kernels` (``rng``, ``common``,
``elementary``).
"""

# The quarter's phases, in order (the model's ``_<name>_phase`` methods).
PHASES = (
    "carriers",
    "transfers",
    "entry",
    "talent",
    "capital",
    "firms",
    "labels",
    "indicators",
)
