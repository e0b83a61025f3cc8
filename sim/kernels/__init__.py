"""Numba kernels: pure ``@njit(cache=True)`` functions over the model's arrays.

Each kernel module holds the compiled kernel(s) of one phase of the quarter; the
pure-Python yardstick of each phase lives in :mod:`sim.reference`. Kernels never
allocate the state, never read globals that change, and draw every random number
from the counter-based generator in :mod:`sim.kernels.rng`.
"""

import hashlib
import os
from pathlib import Path


def _layout_fingerprint() -> str:
    """Hash of every source a cached kernel depends on beyond its own file.

    numba's on-disk cache is keyed on the kernel's own source file only. Kernels inline
    ``P_*``, ``L_*`` and ``FF_*`` indices from ``sim.indices`` and ``sim.fields`` (and
    read module constants of ``sim.params`` and ``sim.levers``), and call helpers in other
    kernel modules (``rng``, ``common``); when any of those change, cached machine code
    would silently use the old values. So the whole kernel cache is dropped whenever this
    fingerprint changes.
    """
    here = Path(__file__).parent
    files = sorted(here.glob("*.py")) + [
        here.parent / f for f in ("fields.py", "indices.py", "params.py", "levers.py")
    ]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _drop_stale_cache() -> None:
    fp = _layout_fingerprint()
    dirs = [Path(__file__).parent / "__pycache__"]
    if os.environ.get("NUMBA_CACHE_DIR"):
        dirs.append(Path(os.environ["NUMBA_CACHE_DIR"]))
    for d in dirs:
        stamp = d / "baodi_layout.txt"
        try:
            if not d.is_dir() or (stamp.is_file() and stamp.read_text() == fp):
                continue
            for f in d.rglob("*.nb[ic]"):
                if d.name == "__pycache__" or "kernels" in str(f):
                    f.unlink(missing_ok=True)
            stamp.write_text(fp)
        except OSError:  # read-only install: numba falls back to its own cache dir
            pass


_drop_stale_cache()
