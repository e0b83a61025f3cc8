"""Numba kernels: pure ``@njit(cache=True)`` functions over the model's arrays.

The phases' kernels live in :mod:`sim.phases` (one module a phase, its pure-Python twin
beside it); this package holds what they share — the counter-based draws (``rng``),
rule helpers (``common``), vectorisable ``exp``/``log`` (``elementary``) and the ``njit``
every kernel is compiled with (``jit``) — and keeps numba's cache of both directories
honest (below). Kernels never
allocate the state, never read globals that change, and draw every random number
from the counter-based generator in :mod:`sim.kernels.rng`.
"""

import hashlib
import os
from pathlib import Path


def kernel_dirs() -> tuple[Path, Path]:
    """The two source directories of cached kernels: this package and ``sim/phases``."""
    here = Path(__file__).parent
    return here, here.parent / "phases"


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
    files = [f for d in kernel_dirs() for f in sorted(d.glob("*.py"))] + [
        here.parent / f for f in ("fields.py", "indices.py", "params.py", "levers.py", "world.py")
    ]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _numba_subdir(here: Path) -> str:
    """Subdirectory numba gives this package's kernels inside ``NUMBA_CACHE_DIR``.

    Same rule as numba's ``_CacheLocator.get_suitable_cache_subpath``: the source
    directory's name and the SHA-1 of its absolute path (a test checks they agree).
    """
    src = os.path.dirname(os.path.abspath(here / "__init__.py"))
    return "_".join([os.path.basename(src), hashlib.sha1(src.encode()).hexdigest()])


def _ours(f: Path, modules: set[str]) -> bool:
    """True if ``f`` is a cache file numba wrote for one of our kernel modules.

    numba names them ``<module>.<function>-<line>.py<XY>[.<n>].nb[ic]``.
    """
    return f.suffix in (".nbi", ".nbc") and f.name.split(".", 1)[0] in modules


def _drop_stale_cache() -> None:
    """Delete this package's cached kernels when the fingerprint changed — and nothing else.

    The in-tree cache (``sim/kernels/__pycache__``) and, with ``NUMBA_CACHE_DIR`` set,
    numba's subdirectory for this source tree (:func:`_numba_subdir`) each hold a stamp
    of the fingerprint they were built with. Only files named after one of our kernel
    modules in those two directories are deleted: a shared cache directory keeps other
    projects' files, and other checkouts of this project (their own subdirectories).
    """
    fp = _layout_fingerprint()
    for src in kernel_dirs():
        _drop_stale(src, fp)


def _drop_stale(here: Path, fp: str) -> None:
    """:func:`_drop_stale_cache` for the kernels of one source directory ``here``."""
    modules = {f.stem for f in here.glob("*.py")}
    dirs = [here / "__pycache__"]
    if os.environ.get("NUMBA_CACHE_DIR"):
        dirs.append(Path(os.environ["NUMBA_CACHE_DIR"]) / _numba_subdir(here))
    for d in dirs:
        stamp = d / "baodi_layout.txt"
        try:
            # A new directory holds nothing stale: stamp it now, or the next process would
            # find numba's files without a stamp and drop them (every warm start cold).
            d.mkdir(parents=True, exist_ok=True)
            if stamp.is_file() and stamp.read_text() == fp:
                continue
            for f in d.iterdir():
                if _ours(f, modules):
                    f.unlink(missing_ok=True)
            stamp.write_text(fp)
        except OSError:  # read-only install: numba falls back to its own cache dir
            pass


_drop_stale_cache()
