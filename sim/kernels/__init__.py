"""Numba kernels: pure ``@njit(cache=True)`` functions over the model's arrays.

The phases' kernels live in :mod:`sim.phases` (one module a phase, its pure-Python twin
beside it); this package holds what they share — the counter-based draws (``rng``),
rule helpers (``common``), vectorisable ``exp``/``log`` (``elementary``) and the ``njit``
every kernel is compiled with (``jit``) — and keeps numba's cache of both directories
honest (below). Kernels never
allocate the state, never read globals that change, and draw every random number
from the counter-based generator in :mod:`sim.kernels.rng`.
"""

import ast
import hashlib
import json
import os
from pathlib import Path


def kernel_dirs() -> tuple[Path, Path]:
    """The two source directories of cached kernels: this package and ``sim/phases``."""
    here = Path(__file__).parent
    return here, here.parent / "phases"


def _sim_root() -> Path:
    return Path(__file__).parent.parent


def _tree_fingerprint() -> str:
    """Hash of every source file of ``sim/``: when it is the stamp's, nothing is stale.

    Reading and hashing the files costs ~1 ms; parsing their imports (below) is only
    needed when one of them changed.
    """
    h = hashlib.sha256()
    for f in sorted(_sim_root().rglob("*.py")):
        h.update(str(f.relative_to(_sim_root())).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _imports(path: Path, root: Path) -> set[Path]:
    """The ``sim`` source files the module at ``path`` imports (anywhere in it).

    Relative imports (``from ..fields import FF_AGE``, ``from .elementary import flog``,
    ``from . import rng``) and absolute ``sim.…`` ones; a package counts as its
    ``__init__.py``. Other packages (numpy, numba, mesa) are not followed: numba tracks
    its own and the libraries' versions in its cache index. ``root``: the ``sim`` directory.
    """
    found: set[Path] = set()

    def add(base: Path, parts: list[str]) -> None:
        target = base.joinpath(*parts)
        for f in (target.with_suffix(".py"), target / "__init__.py"):
            if f.is_file() and root in f.parents:
                found.add(f)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
            elif node.module and node.module.split(".")[0] == "sim":
                base = root.parent
            else:
                continue
            parts = node.module.split(".") if node.module else []
            add(base, parts)
            for alias in node.names:  # ``from . import rng``: a module, not a name
                add(base, [*parts, alias.name])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sim":
                    add(root.parent, alias.name.split("."))
    found.discard(path)
    return found


def _closure(path: Path, imports: dict[Path, set[Path]], root: Path) -> list[Path]:
    """``path`` and every ``sim`` file it imports, directly or through others (sorted)."""
    seen, todo = {path}, [path]
    while todo:
        f = todo.pop()
        if f not in imports:
            imports[f] = _imports(f, root)
        for g in imports[f] - seen:
            seen.add(g)
            todo.append(g)
    return sorted(seen)


def module_fingerprints(here: Path, root: Path | None = None) -> dict[str, str]:
    """Each kernel module of the directory ``here`` → hash of the sources it depends on.

    numba's on-disk cache is keyed on the kernel's own source file only. Kernels inline
    ``P_*``, ``L_*`` and ``FF_*`` indices from ``sim.indices`` and ``sim.fields``, and
    call helpers of other kernel modules (``rng``, ``common``), whose machine code is
    compiled into theirs; when any of those change, cached machine code would silently
    use the old values. A module's fingerprint hashes its own file and every ``sim``
    file it imports, transitively (:func:`_imports`): editing ``labels.py`` recompiles
    the labels kernels only, editing ``rng.py`` every kernel that draws. ``root``: the
    ``sim`` directory (default: this one).
    """
    imports: dict[Path, set[Path]] = {}
    root = _sim_root() if root is None else root
    out = {}
    for f in sorted(here.glob("*.py")):
        h = hashlib.sha256()
        for g in _closure(f, imports, root):
            h.update(str(g.relative_to(root)).encode())
            h.update(g.read_bytes())
        out[f.stem] = h.hexdigest()[:16]
    return out


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
    """Delete the cached kernels whose sources changed — and nothing else.

    The in-tree cache (``sim/kernels/__pycache__``, ``sim/phases/__pycache__``) and,
    with ``NUMBA_CACHE_DIR`` set, numba's subdirectory for each source directory
    (:func:`_numba_subdir`) hold a stamp (``baodi_layout.json``): the fingerprint of the
    whole ``sim`` tree and each kernel module's (:func:`module_fingerprints`). When the
    tree's matches, nothing changed (~1 ms). Otherwise the files of each module whose
    fingerprint differs are deleted — only files named after one of our kernel modules
    in those directories: a shared cache directory keeps other projects' files, and
    other checkouts of this project (their own subdirectories).
    """
    tree = _tree_fingerprint()
    for src in kernel_dirs():
        _drop_stale(src, tree)


def _drop_stale(here: Path, tree: str) -> None:
    """:func:`_drop_stale_cache` for the kernels of one source directory ``here``."""
    dirs = [here / "__pycache__"]
    if os.environ.get("NUMBA_CACHE_DIR"):
        dirs.append(Path(os.environ["NUMBA_CACHE_DIR"]) / _numba_subdir(here))
    modules = None  # computed once, when a stamp is out of date
    for d in dirs:
        stamp = d / "baodi_layout.json"
        try:
            # A new directory holds nothing stale: stamp it now, or the next process would
            # find numba's files without a stamp and drop them (every warm start cold).
            d.mkdir(parents=True, exist_ok=True)
            try:
                old = json.loads(stamp.read_text())
            except (OSError, ValueError):
                old = {}
            if not isinstance(old, dict) or not isinstance(old.get("modules"), dict):
                old = {}
            if old.get("tree") == tree:
                continue
            if modules is None:
                modules = module_fingerprints(here)
            stale = {m for m, fp in modules.items() if old.get("modules", {}).get(m) != fp}
            for f in d.iterdir():
                if _ours(f, stale):
                    f.unlink(missing_ok=True)
            (d / "baodi_layout.txt").unlink(missing_ok=True)  # the stamp before 2026-11-29
            tmp = stamp.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"tree": tree, "modules": modules}, sort_keys=True))
            os.replace(tmp, stamp)  # another process reading it sees the old or the new
        except OSError:  # read-only install: numba falls back to its own cache dir
            pass


_drop_stale_cache()
