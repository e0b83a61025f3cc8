"""Progress reaches a caller through a callback; a caller can cancel a sweep."""

import concurrent.futures as cf
import io

import pytest

from scenarios.progress import Progress
from scenarios.runner import Sweep
from scenarios.store import Store, load_years


@pytest.mark.parametrize("enabled", [True, False])
def test_progress_calls_back_on_every_update_and_keeps_its_stream(enabled):
    calls = []
    out = io.StringIO()  # not a terminal: plain lines
    rep = Progress(10, enabled=enabled, stream=out, every=0.0, callback=lambda *a: calls.append(a))
    rep.update(4)
    rep.update(3, failed=1)
    rep.update(3)
    rep.close()
    assert calls == [(4, 10, 0), (7, 10, 1), (10, 10, 1)]
    lines = out.getvalue().splitlines()
    if enabled:
        assert len(lines) == 4 and lines[-1].startswith("runs 10/10 (100%)")
        assert lines[-1].endswith("failed 1")
    else:
        assert lines == []


def test_progress_without_callback_is_unchanged():
    out = io.StringIO()
    rep = Progress(2, stream=out, every=0.0)
    rep.update(2)
    assert rep.callback is None and out.getvalue().startswith("runs 2/2 (100%)")


@pytest.mark.parametrize("engine", ["serial", "executor"])
def test_a_cancelled_sweep_stops_like_ctrl_c_and_resumes(tiny_sweep_file, tmp_path, engine):
    sweep = Sweep.from_toml(tiny_sweep_file)
    n = sweep.design()["run_id"].nunique()
    seen = []
    rep = Progress(n, enabled=False, callback=lambda d, t, f: seen.append((d, t, f)))
    kw = {"workers": 0} if engine == "serial" else {"executor": cf.ThreadPoolExecutor(1)}
    try:
        # one (experiment, seed) group of 3 packages a task; cancelled once 2 tasks finished
        res = sweep.run(
            tmp_path / "s",
            runs_per_task=1,
            progress=rep,
            cancelled=lambda: len(seen) >= 2,
            **kw,
        )
    finally:
        if "executor" in kw:
            kw["executor"].shutdown(wait=True, cancel_futures=True)
    assert res.interrupted
    assert seen[:2] == [(3, n, 0), (6, n, 0)] and len(seen) == 2
    assert res.done == 6 < n
    # what finished is stored, and only that
    runs = Store(tmp_path / "s").runs()
    assert len(runs) == 6 and runs["run_id"].is_unique
    assert load_years(tmp_path / "s")["run_id"].nunique() == 6
    # the same call without cancel resumes and completes
    again = sweep.run(tmp_path / "s", workers=0, progress=False, cancelled=lambda: False)
    assert not again.interrupted and again.done_before == 6 and again.done == n - 6
