"""Real processes: a sweep SIGKILLed five times at random moments, then resumed, loses nothing.

The sweep runs in its own process group (parent and its spawned workers); each kill takes
the whole group down, wherever it is: starting workers, running, or writing a batch.
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from sweep_files import comparable

from scenarios.runner import Sweep
from scenarios.store import Store

# Small batches and tasks: many writes, so kills land inside them too.
SCRIPT = """
import sys
from scenarios.runner import Sweep
Sweep.from_toml(sys.argv[1]).run(sys.argv[2], workers=2, runs_per_task=6, flush_runs=6,
                                 progress=False)
"""

ROOT = Path(__file__).resolve().parents[3]


def _default_sigint() -> None:
    # A shell starts a background job with SIGINT ignored, and a Python started with it
    # ignored never raises KeyboardInterrupt: the sweep gets Ctrl-C as a user's would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(args, **kw):
    return subprocess.Popen(
        args,
        cwd=ROOT,
        start_new_session=True,
        preexec_fn=_default_sigint,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def test_killed_five_times_then_resumed_equals_an_uninterrupted_sweep(tmp_path):
    sweep = tmp_path / "sweep.toml"
    sweep.write_text(
        # 900 runs: more than five lives of at most 3.5 s each can finish at ~200 runs/s
        'seeds = 300\n[packages.status_quo]\n[packages.plan]\npreset = "plan"\n'
        "[packages.grants]\nlevers = { tier_grant = 60 }\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    rng = random.Random(20261129)
    kills = 0
    counts = []
    for _ in range(5):
        p = _start([sys.executable, "-c", SCRIPT, str(sweep), str(store)])
        # spawned workers take ~1-2 s to start; the whole sweep takes several seconds
        time.sleep(rng.uniform(0.3, 3.5))
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            kills += 1
        p.wait(timeout=60)
        counts.append(len(Store(store).done_ids()) if Store(store).exists() else 0)
    assert kills == 5, counts
    assert counts[-1] < 900, "the sweep finished before the last kill: the test proves nothing"
    res = Sweep.from_toml(sweep).run(store, workers=2, progress=False)
    assert res.done_before + res.done == 900
    runs = Store(store).runs()
    design = Store(store).design()
    # every run_id of the design exactly once, and no stray file of a killed batch
    assert sorted(runs["run_id"]) == sorted(design["run_id"].unique())
    raw = pd.concat(pd.read_parquet(f) for f in (store / "runs").glob("part-*.parquet"))
    assert not raw["run_id"].duplicated().any()
    assert not list(store.rglob("*.tmp"))
    years = Store(store).years()
    assert len(years) == 900 * 11 and not years.duplicated(["run_id", "year"]).any()
    # the same results as one uninterrupted sweep
    ref = tmp_path / "ref"
    Sweep.from_toml(sweep).run(ref, workers=0, progress=False)
    pd.testing.assert_frame_equal(comparable(Store(ref).runs()), comparable(runs))


def test_ctrl_c_stops_cleanly_keeps_the_runs_and_prints_the_resume_command(tmp_path):
    sweep = tmp_path / "sweep.toml"
    sweep.write_text(
        'seeds = 400\n[packages.status_quo]\n[packages.plan]\npreset = "plan"\n', encoding="utf-8"
    )
    store = tmp_path / "store"
    cli = [sys.executable, "-m", "sim.cli", "sweep", str(sweep), "--out", str(store)]
    p = _start([*cli, "--workers", "2", "--lang", "en"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (Store(store).exists() and Store(store).done_ids()):
        time.sleep(0.2)
    os.killpg(p.pid, signal.SIGINT)
    _out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "stopped" in err and "--out" in err and str(store) in err
    kept = Store(store).done_ids()
    assert 0 < len(kept) < 800
    # no worker outlives the sweep (multiprocessing's helpers take a moment to exit)
    for _ in range(50):
        left = subprocess.run(["pgrep", "-s", str(p.pid)], capture_output=True, text=True)
        if not left.stdout.strip():
            break
        time.sleep(0.2)
    assert left.stdout.strip() == ""
