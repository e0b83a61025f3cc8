"""The model's state: ``State`` holds the firm and people arrays (structure of arrays) and grows them.

One source of truth: every firm is a column of ``firm_f`` / ``firm_i`` (fields in
:mod:`sim.fields`), every person a column of ``person_f`` / ``person_i``. Rows are never
reused: an exited firm keeps its row (and its history) with ``alive = 0``.
"""

import math
import mmap
from dataclasses import dataclass

import numpy as np

from .fields import N_FF, N_FI, N_PF, N_PI

# From this size numpy advises the kernel to back an array with transparent huge pages.
# Where THP defrag honours that advice (``defrag = madvise``, this project's machines),
# the first touch of each 2 MB page may wait for memory compaction: building 10^6 firms
# took 0.44-0.47 s, against a steady 0.24-0.26 s without the advice, while 24 quarters
# ran about 0.05 s slower on small pages (benchmarks/scale.py on 2 threads).
LARGE = 4 << 20


def zeros(shape, dtype=np.float64) -> np.ndarray:
    """``np.zeros``; a large array gets its own anonymous mapping, advised no huge pages.

    An anonymous mapping is zero-filled on first touch, like ``calloc``; the array keeps
    the mapping alive. Below ``LARGE`` (or without ``MADV_NOHUGEPAGE``) it is np.zeros.
    """
    dtype = np.dtype(dtype)
    count = int(math.prod(shape))  # (np.prod: 3 µs of numpy dispatch for a tuple)
    nbytes = count * dtype.itemsize
    if nbytes < LARGE or not hasattr(mmap, "MADV_NOHUGEPAGE"):
        return np.zeros(shape, dtype=dtype)
    buf = mmap.mmap(-1, nbytes)
    buf.madvise(mmap.MADV_NOHUGEPAGE)
    return np.frombuffer(buf, dtype=dtype, count=count).reshape(shape)


@dataclass
class State:
    """Firm and people arrays with their used lengths ``n`` and ``m``."""

    firm_f: np.ndarray
    firm_i: np.ndarray
    person_f: np.ndarray
    person_i: np.ndarray
    n: int = 0
    m: int = 0

    @classmethod
    def allocate(cls, firms: int, people: int, dtype=np.float64) -> "State":
        """Empty state with room for ``firms`` firm rows and ``people`` people."""
        return cls(
            zeros((N_FF, max(firms, 1)), dtype=dtype),
            zeros((N_FI, max(firms, 1)), dtype=np.int32),
            zeros((N_PF, max(people, 1)), dtype=dtype),
            zeros((N_PI, max(people, 1)), dtype=np.int32),
        )

    @property
    def firm_capacity(self) -> int:
        """Firm rows allocated."""
        return self.firm_f.shape[1]

    def reserve_firms(self, extra: int) -> None:
        """Make room for ``extra`` more firm rows (amortised doubling)."""
        need = self.n + extra
        if need <= self.firm_capacity:
            return
        cap = max(need, int(self.firm_capacity * 1.5) + 16)
        f = zeros((N_FF, cap), dtype=self.firm_f.dtype)
        i = zeros((N_FI, cap), dtype=np.int32)
        f[:, : self.n] = self.firm_f[:, : self.n]
        i[:, : self.n] = self.firm_i[:, : self.n]
        self.firm_f, self.firm_i = f, i

    def copy(self) -> "State":
        """Deep copy (used by the reference comparison and by tests)."""
        return State(
            self.firm_f.copy(),
            self.firm_i.copy(),
            self.person_f.copy(),
            self.person_i.copy(),
            self.n,
            self.m,
        )

    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return sum(a.nbytes for a in (self.firm_f, self.firm_i, self.person_f, self.person_i))
