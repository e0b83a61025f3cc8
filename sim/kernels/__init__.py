"""Numba kernels: pure ``@njit(cache=True)`` functions over the model's arrays.

Each kernel module holds the compiled kernel(s) of one phase of the quarter; the
pure-Python yardstick of each phase lives in :mod:`sim.reference`. Kernels never
allocate the state, never read globals that change, and draw every random number
from the counter-based generator in :mod:`sim.kernels.rng`.
"""

import hashlib
import os
from pathlib import Path

from .. import fields as _fields
from ..levers import LEVER_IDS as _LEVER_IDS
from ..params import PARAM_NAMES as _PARAM_NAMES


def _layout_fingerprint() -> str:
    """Hash of everything kernels freeze at compile time from other modules.

    numba's on-disk cache is keyed on the kernel's own source file only; the ``P_*``,
    ``L_*`` and ``FF_*`` indices it inlines come from ``sim.params``, ``sim.levers`` and
    ``sim.fields``. When those change, cached machine code would silently read the wrong
    slots, so the cache is dropped whenever this fingerprint changes.
    """
    consts = sorted((k, v) for k, v in vars(_fields).items() if k.isupper() and isinstance(v, int))
    return hashlib.sha256(repr((_PARAM_NAMES, _LEVER_IDS, consts)).encode()).hexdigest()[:16]


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
                if d.name == "__pycache__" or "kernels" in f.name:
                    f.unlink(missing_ok=True)
            stamp.write_text(fp)
        except OSError:  # read-only install: numba falls back to its own cache dir
            pass


_drop_stale_cache()
