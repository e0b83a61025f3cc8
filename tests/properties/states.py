"""Comparison of two models' states, shared by the kernel-vs-twin tests."""

import numpy as np

from sim.fields import FIRM_FLOAT_FIELDS, FIRM_INT_FIELDS

# Integer fields and people must be equal exactly; float fields within RTOL (atol = 0).
# Twins repeat their kernel's float operations in the same order, so in practice they
# agree bit for bit; RTOL leaves room for a libm that rounds exp / log / pow differently
# inside numba than in CPython.
RTOL = 1e-9


def assert_same_state(a, b, where: str) -> None:
    """Fail with the first differing field if the states ``a`` and ``b`` disagree."""
    assert (a.n, a.m) == (b.n, b.m), f"{where}: sizes {(a.n, a.m)} != {(b.n, b.m)}"
    n, m = a.n, a.m
    for k, name in enumerate(FIRM_INT_FIELDS):
        bad = np.flatnonzero(a.firm_i[k, :n] != b.firm_i[k, :n])
        assert bad.size == 0, (
            f"{where}: firm int '{name}' differs at rows {bad[:5]}: "
            f"{a.firm_i[k, bad[:5]]} vs {b.firm_i[k, bad[:5]]}"
        )
    for k, name in enumerate(FIRM_FLOAT_FIELDS):
        x, y = a.firm_f[k, :n], b.firm_f[k, :n]
        bad = np.flatnonzero(~np.isclose(x, y, rtol=RTOL, atol=0.0))
        assert bad.size == 0, (
            f"{where}: firm float '{name}' differs at rows {bad[:5]}: {x[bad[:5]]} vs {y[bad[:5]]}"
        )
    np.testing.assert_array_equal(a.person_i[:, :m], b.person_i[:, :m], err_msg=where)
    np.testing.assert_array_equal(a.person_f[:, :m], b.person_f[:, :m], err_msg=where)
