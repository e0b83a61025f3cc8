"""Dask: a real scheduler and two workers (the ``dask`` CLI); the same bits as the process pool.

CI starts the cluster (``.ci/run``) and sets ``DASK_SCHEDULER_ADDRESS``; run alone, the
fixture starts one itself, so the tests never skip.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from sweep_files import comparable

from scenarios.cli import cmd_sweep  # noqa: F401  (the CLI module imports cleanly)
from scenarios.runner import Sweep
from scenarios.store import Store
from sim.cli import main

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        yield address
        return
    d = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    file = d / "scheduler.json"
    procs = [
        subprocess.Popen(
            [
                BIN / "dask",
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                file,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    # The scheduler creates its file before it has written it: wait for an address, or
    # workers started on a half-written file die at once.
    deadline = time.monotonic() + 60
    while scheduler_address(file) is None:
        if time.monotonic() > deadline or procs[0].poll() is not None:
            raise RuntimeError(f"dask scheduler wrote no address to {file} in 60 s")
        time.sleep(0.1)
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                [
                    BIN / "dask",
                    "worker",
                    "--scheduler-file",
                    file,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    yield scheduler_address(file)
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def scheduler_address(file: Path) -> str | None:
    """The address in a dask scheduler file, or None while it is missing or half-written."""
    try:
        return json.loads(file.read_text())["address"]
    except (FileNotFoundError, ValueError, KeyError):
        return None


@pytest.fixture
def client(scheduler):
    from distributed import Client

    c = Client(scheduler, timeout="30s")
    c.wait_for_workers(2, timeout=60)
    yield c
    c.close()


def test_dask_gives_the_bits_of_the_process_pool(client, tiny_sweep_file, tmp_path):
    Sweep.from_toml(tiny_sweep_file).run(tmp_path / "dask", client=client, progress=False)
    Sweep.from_toml(tiny_sweep_file).run(tmp_path / "pool", workers=2, progress=False)
    a, b = (comparable(Store(tmp_path / k).runs()) for k in ("dask", "pool"))
    pd.testing.assert_frame_equal(a, b)


def test_a_dask_worker_killed_mid_sweep_has_its_runs_retried(client, tmp_path):
    sweep = tmp_path / "sweep.toml"
    sweep.write_text(
        'seeds = 60\n[packages.status_quo]\n[packages.plan]\npreset = "plan"\n', encoding="utf-8"
    )
    store = tmp_path / "store"
    result = {}

    def go():
        result["res"] = Sweep.from_toml(sweep).run(
            store, client=client, runs_per_task=4, flush_runs=4, progress=False
        )

    t = threading.Thread(target=go)
    t.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (Store(store).exists() and Store(store).done_ids()):
        time.sleep(0.05)
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)  # the worker process, mid-task (its nanny restarts it)
    killed_at = len(Store(store).done_ids())
    t.join(timeout=300)
    assert not t.is_alive()
    assert killed_at < 120, "the sweep finished before the kill: the test proves nothing"
    res = result["res"]
    assert res.failed == 0
    runs = Store(store).runs()
    assert sorted(runs["run_id"]) == sorted(Store(store).design()["run_id"].unique())
    ref = tmp_path / "ref"
    Sweep.from_toml(sweep).run(ref, workers=0, progress=False)
    pd.testing.assert_frame_equal(comparable(Store(ref).runs()), comparable(runs))


def test_the_cli_joins_a_scheduler_by_address(scheduler, tiny_sweep_file, tmp_path, capsys):
    out = tmp_path / "s"
    code = main(["sweep", str(tiny_sweep_file), "--out", str(out), "--dask", scheduler])
    assert code == 0
    assert len(Store(out).runs()) == 36
    ref = tmp_path / "ref"
    Sweep.from_toml(tiny_sweep_file).run(ref, workers=0, progress=False)
    pd.testing.assert_frame_equal(comparable(Store(ref).runs()), comparable(Store(out).runs()))


def test_the_cli_refuses_an_unreachable_scheduler(tiny_sweep_file, tmp_path, capsys):
    args = ["sweep", str(tiny_sweep_file), "--out", str(tmp_path / "s"), "--dask"]
    assert main([*args, "tcp://127.0.0.1:9"]) == 2
    assert "无法连接调度器" in capsys.readouterr().err  # Chinese by default
    assert main([*args, "tcp://127.0.0.1:9", "--lang", "en"]) == 2
    assert "cannot reach the scheduler" in capsys.readouterr().err


def test_dask_local_starts_a_cluster_gives_the_same_bits_and_leaves_nothing(
    tiny_sweep_file, tmp_path
):
    """``--dask local``: a LocalCluster of single-threaded workers, started and stopped here."""
    import psutil

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    out = tmp_path / "s"
    assert main(["sweep", str(tiny_sweep_file), "--out", str(out), "--dask", "local"]) == 0
    ref = tmp_path / "ref"
    Sweep.from_toml(tiny_sweep_file).run(ref, workers=0, progress=False)
    pd.testing.assert_frame_equal(comparable(Store(ref).runs()), comparable(Store(out).runs()))
    deadline = time.monotonic() + 30
    while True:  # the cluster's processes are gone once the command returns (give them 30 s)
        left = [
            p
            for p in psutil.Process().children(recursive=True)
            if p.pid not in before
            and p.is_running()
            and p.status() != psutil.STATUS_ZOMBIE
            # multiprocessing's resource tracker: one per interpreter, ends with it
            and "resource_tracker" not in " ".join(p.cmdline())
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not left, f"--dask local left processes behind: {[p.cmdline() for p in left]}"


def test_the_local_cluster_runs_quiet_diagnostics_in_every_worker():
    """The dashboard's samplers and monitors, which take CPU from the runs, are slowed."""
    import dask

    from scenarios.runner import close_client, dask_client

    client = dask_client("local")
    try:
        client.wait_for_workers(1, timeout=60)
        keys = (
            "distributed.worker.profile.enabled",
            "distributed.admin.tick.interval",
            "distributed.admin.system-monitor.interval",
            "distributed.worker.memory.monitor-interval",
        )
        seen = client.run(lambda: [dask.config.get(k) for k in keys])
        assert seen and all(v == [False, "1s", "5s", "1s"] for v in seen.values()), seen
    finally:
        close_client(client)
