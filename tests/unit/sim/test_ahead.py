"""Compile ahead (sim.ahead): the table of kernels, the helper process, when it starts."""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from numba.core import types

from sim import ahead
from sim.ahead.kernels import KERNELS
from sim.phases import firms

ROOT = Path(__file__).resolve().parents[3]


def _env(**extra) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
    return env


def test_the_table_is_what_a_default_run_calls_from_python():
    recorded = ahead.record()
    assert [d.py_func.__name__ for d, _ in recorded][:2] == [
        "init_firms_kernel",
        "init_people_kernel",
    ]  # construction's kernels first, as the model calls them
    assert len(recorded) >= 10
    assert ahead.stale_entries(recorded, KERNELS) == [], "run `python -m sim.ahead record`"
    text = ahead.TABLE_FILE.read_text(encoding="utf-8")
    assert ahead.render(recorded) == text, "sim/ahead/kernels.py is stale: run the command"


def test_a_stale_table_is_told_apart():
    recorded = ahead.record()
    d, sig = recorded[3]
    changed = list(recorded)
    changed[3] = (d, (types.float64, *sig[1:]))  # the first argument retyped
    problems = ahead.stale_entries(recorded, changed)
    assert len(problems) == 1 and d.py_func.__name__ in problems[0]
    assert ahead.render(changed) != ahead.render(recorded)
    dropped = recorded[:-1]
    assert any("kernels" in p for p in ahead.stale_entries(recorded, dropped))


def test_the_helper_compiles_into_the_cache_a_plain_call_then_loads(tmp_path):
    """The helper's compilation (here of one small kernel) is what a later call loads."""
    env = _env(NUMBA_CACHE_DIR=str(tmp_path), BAODI_COMPILE_AHEAD="0")
    helper = (
        "from sim import ahead; from sim.ahead.kernels import KERNELS; "
        "print(ahead.compile_ahead([k for k in KERNELS if k[0].py_func.__name__ == 'reach']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", helper], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['reach']"
    call = (
        "import numpy as np; from sim.phases import firms; "
        "r = firms.reach(np.ones((3, 3)) / 2, np.arange(6.0).reshape(3, 2), np.ones(2)); "
        "print(sum(firms.reach.stats.cache_hits.values()), "
        "sum(firms.reach.stats.cache_misses.values()), r.sum())"
    )
    out = subprocess.run(
        [sys.executable, "-c", call], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    hits, misses, total = out.stdout.split()
    assert (hits, misses) == ("1", "0")
    want = firms.reach.py_func(np.ones((3, 3)) / 2, np.arange(6.0).reshape(3, 2), np.ones(2))
    assert float(total) == want.sum()


def test_compile_ahead_skips_what_numba_cannot_type():
    d, sig = next((d, s) for d, s in KERNELS if d.py_func.__name__ == "reach")
    bad = (d, (types.unicode_type,) * len(sig))
    assert ahead.compile_ahead([bad, (d, sig)]) == ["reach"]


class _FakePopen:
    calls: ClassVar[list] = []

    def __init__(self, cmd, **kw):
        _FakePopen.calls.append((cmd, kw))

    def poll(self):
        return 0


@pytest.fixture
def fresh(monkeypatch):
    """``sim.ahead`` as in a new process, with a fake ``Popen`` and one kernel missing."""
    monkeypatch.setattr(ahead, "_tried", False)
    monkeypatch.setattr(ahead, "_helper", None)
    monkeypatch.setattr(ahead.subprocess, "Popen", _FakePopen)
    monkeypatch.setattr(ahead, "missing", lambda kernels: [kernels[0][0]])
    monkeypatch.setattr(ahead, "_cpus", lambda: 2)
    monkeypatch.delenv(ahead.ENV_SWITCH, raising=False)
    _FakePopen.calls = []
    return monkeypatch


def test_a_cold_default_model_starts_one_helper(fresh):
    assert ahead.start() is True
    assert ahead.start() is False  # once a process
    [(cmd, kw)] = _FakePopen.calls
    assert cmd == [sys.executable, "-m", "sim.ahead"]
    env = kw["env"]
    assert env[ahead.ENV_SWITCH] == "0" and env["NUMBA_NUM_THREADS"] == "1"
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)  # this very tree


@pytest.mark.parametrize(
    "why",
    ["switched off", "float32", "threads", "one cpu", "nothing missing", "table gone", "no python"],
)
def test_no_helper_where_it_cannot_help(fresh, why):
    kw = {}
    if why == "switched off":
        fresh.setenv(ahead.ENV_SWITCH, "0")
    elif why == "float32":
        kw = {"float32": True}
    elif why == "threads":
        kw = {"threads": 2}
    elif why == "one cpu":
        fresh.setattr(ahead, "_cpus", lambda: 1)
    elif why == "no python":
        fresh.setattr(ahead.sys, "executable", "")
    elif why == "table gone":  # a table that no longer imports never breaks a model
        fresh.setitem(sys.modules, "sim.ahead.kernels", None)
    else:
        fresh.setattr(ahead, "missing", lambda kernels: [])
    assert ahead.start(**kw) is False
    assert _FakePopen.calls == []


def test_missing_reads_numba_cache_index(tmp_path):
    class Cache:
        pass

    def dispatcher(path):
        d = Cache()
        d._cache = Cache()
        d._cache._cache_file = Cache()
        d._cache._cache_file._index_path = str(path)
        return d

    there, absent, uncached = (
        dispatcher(tmp_path / "a.nbi"),
        dispatcher(tmp_path / "b.nbi"),
        Cache(),
    )
    (tmp_path / "a.nbi").write_bytes(b"")
    got = ahead.missing([(there, ()), (absent, ()), (absent, ()), (uncached, ())])
    assert got == [absent]


def test_the_helper_stops_when_its_process_exits(tmp_path):
    """A process that ends before the helper does takes it down (no orphan compiling)."""
    code = "from sim import ahead; assert ahead.start(); print(ahead._helper.pid, flush=True)"
    env = _env(NUMBA_CACHE_DIR=str(tmp_path))
    env.pop(ahead.ENV_SWITCH, None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    pid = int(out.stdout)
    time.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists(), "the helper outlived the process that started it"
