"""Compile ahead: on a cold start, a second process compiles the kernels on the other core.

numba compiles a kernel the first time it is called and keeps the machine code in its
on-disk cache. With an empty cache (a fresh machine, a new numba, an edited phase) the
first model compiles its kernels one after another on one core: ~20 s for the 15 kernels
a default run calls, 125 functions with their helpers. numba compiles one function at a
time in a process, so the only way to use a second core is a second process.

When a process builds its first default model and some of those kernels are missing from
the cache, :func:`start` launches ``python -m sim.ahead``, which compiles the kernels of
:mod:`sim.ahead.kernels` (each with the argument types a default run gives it) into the
same cache, in the *reverse* of the order the run first calls them. The model compiles
from the front, the helper from the back; a kernel the helper has finished when the model
reaches it is loaded from the cache (numba looks there before compiling). Results are the
same bits: the same compiler compiles the same code with the same options.

Off when ``BAODI_COMPILE_AHEAD=0``, with one CPU, with ``NUMBA_DISABLE_JIT``, for a float32
or threaded model (other argument types or kernels: they compile as before), when nothing
is missing, and in the helper itself. The helper is stopped when the process that started
it exits: numba writes a cache file whole (a temporary file renamed), so stopping it loses
at most the kernel it was compiling, which the model has compiled for itself by then.

After changing a kernel's arguments (or adding a kernel), regenerate the table::

    python -m sim.ahead record

``tests/unit/sim/test_ahead.py`` fails while it is stale. A stale entry costs no
correctness: the helper skips a signature numba cannot type and the model compiles what
it calls.
"""

import atexit
import os
import re
import subprocess
import sys
from pathlib import Path

import numba
from numba.core import types

ENV_SWITCH = "BAODI_COMPILE_AHEAD"
TABLE_FILE = Path(__file__).with_name("kernels.py")

_helper: subprocess.Popen | None = None
_tried = False


# ---------------------------------------------------------------------------- starting
def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _index_file(dispatcher) -> Path | None:
    """Where numba keeps the cache index of ``dispatcher`` (None: it caches nothing)."""
    try:
        return Path(dispatcher._cache._cache_file._index_path)
    except AttributeError:  # cache=False, or a numba that lays its cache out otherwise
        return None


def missing(kernels) -> list:
    """The dispatchers of ``kernels`` ((dispatcher, signature) pairs) not in the cache."""
    out = []
    for d, _ in kernels:
        f = _index_file(d)
        if f is not None and not f.exists() and d not in out:
            out.append(d)
    return out


def start(float32: bool = False, threads: int = 1) -> bool:
    """Launch the helper if this is a cold start it can speed up; True if it was launched.

    Called when a model is built; acts once per process (later models find the kernels
    compiled). ``float32`` and ``threads``: the model's (the table holds the kernels of a
    default float64, serial model).
    """
    global _helper, _tried
    if _tried:
        return False
    _tried = True
    if (
        float32
        or threads != 1
        or os.environ.get(ENV_SWITCH, "1") == "0"
        or numba.config.DISABLE_JIT
        or _cpus() < 2
        or not sys.executable  # an embedded interpreter: no Python to start
    ):
        return False
    try:
        from .kernels import KERNELS
    except (ImportError, AttributeError):  # a table naming a kernel that is gone: stale
        return False
    if not missing(KERNELS):
        return False
    root = str(Path(__file__).resolve().parents[2])  # the helper imports this very tree
    path = os.environ.get("PYTHONPATH")
    env = dict(
        os.environ,
        **{ENV_SWITCH: "0", "NUMBA_NUM_THREADS": "1"},
        PYTHONPATH=root if not path else root + os.pathsep + path,
    )
    try:
        _helper = subprocess.Popen(
            [sys.executable, "-m", "sim.ahead"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:  # no process to spare: the model compiles everything itself
        return False
    atexit.register(stop)
    return True


def stop() -> None:
    """Stop the helper if it is still running (at exit; also for tests)."""
    global _helper
    h, _helper = _helper, None
    if h is None or h.poll() is not None:
        return
    h.terminate()
    try:
        h.wait(timeout=5)
    except subprocess.TimeoutExpired:
        h.kill()
        h.wait()


# ---------------------------------------------------------------------------- the helper
def compile_ahead(kernels) -> list[str]:
    """Compile ``kernels`` ((dispatcher, signature) pairs) last first; the names compiled.

    A kernel already in the cache is loaded (milliseconds). A signature numba cannot type
    (a stale table) is skipped.
    """
    done = []
    for d, sig in reversed(kernels):
        try:
            d.compile(sig)
        except Exception:  # a stale entry: the model compiles what it calls
            continue
        done.append(d.py_func.__name__)
    return done


# ---------------------------------------------------------------------------- the table
def record(run=None) -> list[tuple]:
    """(dispatcher, signature) of each kernel a default run calls from Python, first call first.

    Every numba dispatcher held as a global of a loaded ``sim`` module is wrapped for the
    run (and restored); the argument types are the dispatcher's own (``typeof_pyval``).
    ``run``: what to run (default: a default model's whole run). Starts no helper.
    """
    global _tried
    from numba.core.registry import CPUDispatcher

    from .. import model as _model  # loads every module that holds kernels

    _tried = True  # no helper: the table may not exist yet

    seen: list[tuple] = []
    patched = []

    def wrap(d):
        def call(*args):
            sig = tuple(d.typeof_pyval(a) for a in args)
            if (d, sig) not in seen:
                seen.append((d, sig))
            return d(*args)

        return call

    for name, mod in list(sys.modules.items()):
        if name != "sim" and not name.startswith("sim."):
            continue
        for attr, obj in list(vars(mod).items()):
            if isinstance(obj, CPUDispatcher):
                patched.append((mod, attr, obj))
                setattr(mod, attr, wrap(obj))
    try:
        if run is None:
            _model.BaodiModel(seed=0).run()
        else:
            run()
    finally:
        for mod, attr, obj in patched:
            setattr(mod, attr, obj)
    return seen


def _module_ref(d) -> tuple[str, str]:
    """(import line, name) for the module of dispatcher ``d``: ``from .phases import firms``."""
    return _import_line(d.py_func.__module__), d.py_func.__module__.rsplit(".", 1)[-1]


def _import_line(module: str) -> str:
    """``from ..phases import firms`` for ``sim.phases.firms``, relative to ``sim.ahead``."""
    parts = module.split(".")
    if parts[0] != "sim" or len(parts) < 2:
        raise ValueError(f"{module} is not a module of the sim package")
    return f"from ..{'.'.join(parts[1:-1])} import {parts[-1]}"


def _dtype_ref(rec: types.Record, home) -> tuple[str, str]:
    """(import line, expression) naming the module-level numpy dtype of record type ``rec``.

    The kernel's own module first (``firms.OUT``), then the other ``sim`` modules.
    """
    from numba.np.numpy_support import as_dtype

    want = as_dtype(rec)
    mods = [sys.modules[home]] + [m for n, m in sorted(sys.modules.items()) if n.startswith("sim.")]
    for mod in mods:
        for attr, obj in sorted(vars(mod).items()):
            if isinstance(obj, type(want)) and obj == want and not attr.startswith("_"):
                short = mod.__name__.rsplit(".", 1)[-1]
                return _import_line(mod.__name__), f"from_dtype({short}.{attr})"
    raise ValueError(f"no module-level dtype of sim matches the record {rec}")


def _type_expr(t, home: str, imports: set[str], names: set[str]) -> str:
    """Python expression rebuilding numba type ``t`` (its names added to ``names``)."""
    if isinstance(t, types.Array):
        if isinstance(t.dtype, types.Record):
            line, dt = _dtype_ref(t.dtype, home)
            imports.add(line)
            names.add("from_dtype")
        else:
            dt = _type_expr(t.dtype, home, imports, names)
        names.add("Array")
        extra = (", readonly=True" if not t.mutable else "") + (
            ", aligned=False" if not t.aligned else ""
        )
        return f'Array({dt}, {t.ndim}, "{t.layout}"{extra})'
    if isinstance(t, types.Boolean):
        names.add("boolean")
        return "boolean"
    if isinstance(t, types.Integer | types.Float):
        names.add(str(t))
        return str(t)
    raise ValueError(f"no expression for the argument type {t}")


_HEADER = '''"""The kernels a default model calls from Python, first call first, with their argument types.

GENERATED by ``python -m sim.ahead record`` from a default run; do not edit by hand.
:mod:`sim.ahead` compiles them in a second process on a cold start. A test fails when
this file is stale.
"""
'''


def render(recorded) -> str:
    """Source text of ``sim/ahead_kernels.py`` for ``recorded`` (from :func:`record`)."""
    imports: set[str] = set()
    names: set[str] = set()
    rows = []
    for d, sig in recorded:
        line, mod = _module_ref(d)
        imports.add(line)
        home = d.py_func.__module__
        args = "".join(f"            {_type_expr(t, home, imports, names)},\n" for t in sig)
        rows.append(
            f"    (\n        {mod}.{d.py_func.__name__},\n        (\n{args}        ),\n    ),\n"
        )
    numba_names = sorted((n for n in names if n != "from_dtype"), key=_natural)
    head = [_HEADER]
    if "from_dtype" in names:
        head.append("from numba import from_dtype")
    head.append(f"from numba.core.types import {', '.join(numba_names)}")
    head.append("")
    by_pkg: dict[str, list[str]] = {}
    for line in imports:  # one line a package, as the formatter writes it
        pkg, mod = line.removeprefix("from ").split(" import ")
        by_pkg.setdefault(pkg, []).append(mod)
    head += [f"from {pkg} import {', '.join(sorted(m))}" for pkg, m in sorted(by_pkg.items())]
    body = "\n".join(head) + "\n\nKERNELS = (\n" + "".join(rows) + ")\n"
    return body


def _natural(name: str) -> tuple:
    """Sort key putting ``uint8`` before ``uint64`` (the formatter's order)."""
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name))


def stale_entries(recorded, table) -> list[str]:
    """How ``table`` (``KERNELS``) differs from ``recorded``; empty when they agree."""
    out = []
    if [d for d, _ in table] != [d for d, _ in recorded]:
        want = [d.py_func.__name__ for d, _ in recorded]
        got = [d.py_func.__name__ for d, _ in table]
        out.append(f"kernels {got} != {want}")
    for (d, want), (_, got) in zip(recorded, table, strict=False):
        if tuple(want) != tuple(got):
            out.append(f"{d.py_func.__name__}: {tuple(got)} != {tuple(want)}")
    return out


def main(argv: list[str]) -> int:
    """``python -m sim.ahead``: compile ahead. ``record``: rewrite the table. ``check``."""
    if not argv:
        from .kernels import KERNELS

        compile_ahead(KERNELS)
        return 0
    if argv == ["record"] or argv == ["check"]:
        recorded = record()
        text = render(recorded)
        if argv == ["record"]:
            if not TABLE_FILE.exists() or TABLE_FILE.read_text(encoding="utf-8") != text:
                TABLE_FILE.write_text(text, encoding="utf-8")
                print(f"wrote {TABLE_FILE}")
            return 0
        from .kernels import KERNELS

        problems = stale_entries(recorded, KERNELS)
        if TABLE_FILE.read_text(encoding="utf-8") != text:
            problems.insert(0, f"{TABLE_FILE.name} differs from what a default run records")
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print("run `python -m sim.ahead record`", file=sys.stderr)
        return 1 if problems else 0
    print("usage: python -m sim.ahead [record | check]", file=sys.stderr)
    return 2
