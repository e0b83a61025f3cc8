"""Numba kernels: pure ``@njit(cache=True)`` functions over the model's arrays.

Each kernel module holds the compiled kernel(s) of one phase of the quarter; the
pure-Python yardstick of each phase lives in :mod:`sim.reference`. Kernels never
allocate the state, never read globals that change, and draw every random number
from the counter-based generator in :mod:`sim.kernels.rng`.
"""
