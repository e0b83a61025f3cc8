"""Sweeps: same results on every engine, shared history equals full runs, resume, failures."""

import concurrent.futures as cf
import errno
import json

import numpy as np
import pandas as pd
import pytest
from sweep_files import TINY_SWEEP, comparable

from scenarios.errors import ScenarioError
from scenarios.runner import Sweep, run_group
from scenarios.spec import SweepSpec, model_version
from scenarios.store import Store, load, load_years
from sim import BaodiModel


def _run(path, store, **kw):
    kw.setdefault("progress", False)
    return Sweep.from_toml(path).run(store, **kw)


def test_a_sweep_stores_every_run_once_with_its_outcomes(tiny_sweep_file, tmp_path):
    res = _run(tiny_sweep_file, tmp_path / "s", workers=0)
    design = Store(tmp_path / "s").design()
    runs = Store(tmp_path / "s").runs()
    assert res.done == design["run_id"].nunique() == len(runs) == 36
    assert set(runs["run_id"]) == set(design["run_id"])
    assert (runs["status"] == "ok").all() and runs["error"].isna().all()
    # outcomes are the model's own: a run redone by hand gives the stored values
    row = load(tmp_path / "s").iloc[5]
    levers, params, seed = SweepSpec.from_toml(tiny_sweep_file).run_inputs(row)
    m = BaodiModel("tiny", params=params, levers=levers, seed=seed).run()
    t = m.targets().set_index("indicator")
    assert row["value_hnte"] == t.loc["hnte", "value_2025"]
    assert row["met_hnte"] == t.loc["hnte", "met"]
    assert row["cost_total"] == pytest.approx(m.current["fiscal_cost_cum"], rel=1e-12)
    years = load_years(tmp_path / "s")
    one = years[years["run_id"] == row["run_id"]].set_index("year")
    assert list(one.index) == [2015, 2016, 2017, 2018, 2019]
    assert one.loc[2018, "hnte"] == m.timeseries().query("year == 2018 and qy == 4")["hnte"].iloc[0]


def test_shared_history_gives_the_bits_of_independent_runs(tiny_sweep_file, tmp_path):
    spec = SweepSpec.from_toml(tiny_sweep_file)
    design = spec.design(model_version())
    group = design[(design["experiment"] == 1) & (design["seed"] == 2)].to_dict("records")
    assert len(group) == 3
    shared, shared_years = run_group(spec, group, share=True)
    alone, alone_years = run_group(spec, group, share=False)
    a = pd.DataFrame(shared).drop(columns="seconds")
    b = pd.DataFrame(alone).drop(columns="seconds")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    for x, y in zip(shared_years, alone_years, strict=True):
        for k in x:
            assert np.array_equal(np.asarray(x[k]), np.asarray(y[k])), k


def test_serial_pool_and_unshared_runs_agree(tiny_sweep_file, tmp_path):
    _run(tiny_sweep_file, tmp_path / "serial", workers=0)
    _run(tiny_sweep_file, tmp_path / "pool", workers=2, runs_per_task=5)
    _run(tiny_sweep_file, tmp_path / "plain", workers=0, share_history=False)
    ref = comparable(Store(tmp_path / "serial").runs())
    for other in ("pool", "plain"):
        pd.testing.assert_frame_equal(ref, comparable(Store(tmp_path / other).runs()))
    y1 = Store(tmp_path / "serial").years().sort_values(["run_id", "year"], ignore_index=True)
    y2 = Store(tmp_path / "pool").years().sort_values(["run_id", "year"], ignore_index=True)
    pd.testing.assert_frame_equal(y1, y2)


class _StopAfter(cf.Executor):
    """A serial executor that raises KeyboardInterrupt (Ctrl-C) after ``n`` tasks."""

    def __init__(self, n):
        self.n = n

    def submit(self, fn, *args, **kwargs):
        if self.n == 0:
            raise KeyboardInterrupt
        self.n -= 1
        f = cf.Future()
        f.set_result(fn(*args, **kwargs))
        return f


def test_an_interrupted_sweep_keeps_its_runs_and_resumes(tiny_sweep_file, tmp_path):
    full = tmp_path / "full"
    _run(tiny_sweep_file, full, workers=0)
    part = tmp_path / "part"
    res = _run(tiny_sweep_file, part, executor=_StopAfter(5), runs_per_task=4)
    assert res.interrupted and 0 < res.done < 36
    kept = Store(part).done_ids()
    assert len(kept) == res.done  # what was finished before Ctrl-C is stored
    res2 = _run(tiny_sweep_file, part, workers=0)
    assert res2.done_before == len(kept) and res2.done == 36 - len(kept)
    pd.testing.assert_frame_equal(comparable(Store(full).runs()), comparable(Store(part).runs()))
    # and a third call has nothing left to do
    assert _run(tiny_sweep_file, part, workers=0).done == 0


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tiny_sweep_file, tmp_path, monkeypatch):
    real = BaodiModel.run

    def flaky(self, until_year=None):
        if self.seed_value == 2 and until_year is not None and until_year > 2016:
            raise RuntimeError("boom in seed 2")
        return real(self, until_year)

    monkeypatch.setattr(BaodiModel, "run", flaky)
    res = _run(tiny_sweep_file, tmp_path / "s", workers=0)
    runs = load(tmp_path / "s")
    bad = runs[runs["status"] == "failed"]
    assert res.failed == len(bad) == (runs["seed"] == 2).sum() == 9
    assert bad["error"].str.contains("boom in seed 2").all()
    assert bad["value_hnte"].isna().all() and not bad["met_all"].any()
    assert (runs.loc[runs["seed"] != 2, "status"] == "ok").all()


def test_a_tasks_tables_make_the_frames_of_its_rows(tiny_sweep_file, monkeypatch):
    """Workers send columns, not frames: the batch's frame is the row dicts' own, to the dtype."""
    import pyarrow as pa

    from scenarios.runner import _frame, _tables
    from sim.indicators import INDICATORS

    real = BaodiModel.run

    def flaky(self, until_year=None):  # the group's second package fails
        if self.levers.preset == "plan" and until_year == spec.horizon:
            raise RuntimeError("boom")
        return real(self, until_year)

    spec = SweepSpec.from_toml(tiny_sweep_file)
    design = spec.design(model_version())
    monkeypatch.setattr(BaodiModel, "run", flaky)
    runs, years = [], []
    for seed in (0, 1):
        group = design[(design["experiment"] == 0) & (design["seed"] == seed)]
        r, y = run_group(spec, group.to_dict("records"), share=True)
        runs += r
        years += y
    assert [r["status"] for r in runs].count("failed") == 2 and len(years) == 4
    for task in (runs[:1], runs):  # no failure (error all None), and with failures
        n_ok = sum(r["status"] == "ok" for r in task)
        run_cols, year_cols = _tables(task, years[:n_ok])
        ref_years = pd.concat(
            [
                pd.DataFrame(
                    {
                        "run_id": [y["run_id"]] * len(y["year"]),
                        "year": y["year"],
                        **{k: y["values"][:, j] for j, k in enumerate(INDICATORS)},
                    }
                )
                for y in years[:n_ok]
            ],
            ignore_index=True,
        )
        for ours, ref in (
            (_frame([run_cols] * 2), pd.DataFrame(task * 2)),
            (_frame([year_cols] * 2), pd.concat([ref_years] * 2, ignore_index=True)),
        ):
            pd.testing.assert_frame_equal(ours, ref, check_exact=True)
            a = pa.Table.from_pandas(ours, preserve_index=False)
            b = pa.Table.from_pandas(ref, preserve_index=False)
            assert a.schema.equals(b.schema, check_metadata=True)


def test_a_store_refuses_another_sweep_and_another_model_version(tiny_sweep_file, tmp_path):
    store = tmp_path / "s"
    _run(tiny_sweep_file, store, workers=0)
    other = tmp_path / "other.toml"
    other.write_text(TINY_SWEEP.replace("seeds = 4", "seeds = 5"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="another sweep"):
        _run(other, store, workers=0)
    man = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    man["model_version"] = "0123456789abcdef"
    (store / "manifest.json").write_text(json.dumps(man), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"0123456789abcdef.*--allow-model-change"):
        _run(tiny_sweep_file, store, workers=0)
    _run(tiny_sweep_file, store, workers=0, allow_model_change=True)
    man = json.loads((store / "manifest.json").read_text())
    assert man["model_version"] == model_version()
    assert man["history"][-1]["model_version"] == "0123456789abcdef"


def test_bad_store_paths_are_refused_before_any_run(tiny_sweep_file, tmp_path):
    f = tmp_path / "a_file"
    f.write_text("x")
    with pytest.raises(ScenarioError, match="is a file"):
        _run(tiny_sweep_file, f, workers=0)
    with pytest.raises(ScenarioError, match=r"not a folder|not writable"):
        _run(tiny_sweep_file, f / "below", workers=0)
    with pytest.raises(ScenarioError, match="not writable"):
        _run(tiny_sweep_file, "/proc/baodi-store", workers=0)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(ScenarioError, match="no sweep store"):
        _run(tiny_sweep_file, busy, workers=0)
    with pytest.raises(ScenarioError, match="empty"):
        Store("")


def test_disk_full_during_a_write_leaves_a_store_that_resumes(
    tiny_sweep_file, tmp_path, monkeypatch
):
    import pyarrow.parquet as pq

    store = tmp_path / "s"
    real = pq.write_table
    calls = {"n": 0}

    def full_disk(table, where, **kw):
        calls["n"] += 1
        if calls["n"] >= 4:  # design, then a few parts, then the disk is full
            with open(where, "wb") as fh:
                fh.write(b"PAR1 half a file")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, **kw)

    monkeypatch.setattr(pq, "write_table", full_disk)
    with pytest.raises(ScenarioError, match="disk full"):
        _run(tiny_sweep_file, store, workers=0, runs_per_task=4, flush_runs=4)
    monkeypatch.setattr(pq, "write_table", real)
    leftovers = [p for p in store.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    kept = len(Store(store).done_ids())
    assert 0 < kept < 36
    res = _run(tiny_sweep_file, store, workers=0)
    assert res.done_before == kept and len(Store(store).runs()) == 36


def test_leftovers_of_a_killed_batch_are_cleaned_on_open(tiny_sweep_file, tmp_path):
    store = tmp_path / "s"
    _run(tiny_sweep_file, store, workers=0, runs_per_task=4, flush_runs=8)
    s = Store(store)
    parts = sorted(s.runs_dir.glob("part-*.parquet"))
    victim = parts[-1]
    victim.rename(victim.with_name(f".{victim.name}.dead.tmp"))  # killed before the rename
    lost = 36 - len(s.done_ids())
    assert lost > 0
    assert len(load_years(store)["run_id"].unique()) == 36 - lost  # unpaired years not read
    res = _run(tiny_sweep_file, store, workers=0)
    assert res.done == lost
    assert not list(store.rglob("*.tmp"))
    years = s.years()
    assert len(years) == 36 * 5 and not years.duplicated(["run_id", "year"]).any()


def test_duckdb_reads_the_store_folder(tiny_sweep_file, tmp_path):
    import duckdb

    store = tmp_path / "s"
    _run(tiny_sweep_file, store, workers=0)
    n, ok = duckdb.sql(
        f"SELECT count(*), sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) "
        f"FROM '{store}/runs/*.parquet'"
    ).fetchall()[0]
    assert n == ok == 36
    per = duckdb.sql(
        f"SELECT d.package, avg(CAST(r.met_hnte AS INT)) FROM '{store}/design.parquet' d "
        f"JOIN '{store}/runs/*.parquet' r USING (run_id) GROUP BY d.package ORDER BY 1"
    ).fetchall()
    frame = load(store).groupby("package")["met_hnte"].mean()
    assert [p for p, _ in per] == sorted(frame.index)
    assert [v for _, v in per] == pytest.approx([frame[p] for p, _ in per])


def test_a_worker_running_another_model_refuses_the_task(tiny_sweep_file):
    from scenarios.runner import run_task

    spec = SweepSpec.from_toml(tiny_sweep_file)
    rows = spec.design(model_version()).head(3).to_dict("records")
    with pytest.raises(ScenarioError, match="every worker must run the same code"):
        run_task(spec.text, [rows], True, "0123456789abcdef")
    runs, _ = run_task(spec.text, [rows], True, model_version())
    assert (runs["status"] == "ok").all()


def test_pool_workers_replaced_every_few_tasks_give_the_same_results(
    tiny_sweep_file, tmp_path, monkeypatch
):
    import scenarios.runner

    monkeypatch.setattr(scenarios.runner, "TASKS_PER_WORKER", 2)  # 18 tasks: 8+ replacements
    _run(tiny_sweep_file, tmp_path / "recycled", workers=2, runs_per_task=2)
    _run(tiny_sweep_file, tmp_path / "serial", workers=0)
    pd.testing.assert_frame_equal(
        comparable(Store(tmp_path / "serial").runs()),
        comparable(Store(tmp_path / "recycled").runs()),
    )


@pytest.mark.parametrize("workers", [0, 2, 3])
def test_tasks_hold_whole_groups_every_run_once_and_shrink_at_the_end(workers):
    """Guided self-scheduling: with ``workers`` the last tasks get small; groups stay whole."""
    text = (
        'seeds = 60\n[packages.a]\n[packages.b]\npreset = "plan"\n'
        "[packages.c]\nlevers = { talent_subsidy = 5 }\n"
    )
    sweep = Sweep.from_text(text)
    design = sweep.design()
    skip = set(design["run_id"].iloc[7:40])  # a resumed store: some runs done already
    per_task = 24
    tasks = list(sweep._tasks(design, skip, per_task, workers))
    runs = [r["run_id"] for task in tasks for group in task for r in group]
    todo = design.loc[~design["run_id"].isin(skip), "run_id"].tolist()
    assert runs == todo  # every run to do, once, in design order
    groups = [tuple(r["seed"] for r in group) for task in tasks for group in task]
    assert all(len(set(g)) == 1 for g in groups)  # a group is one seed's packages...
    assert len({g[0] for g in groups}) == len(groups)  # ...all of them, in one task
    sizes = [sum(len(g) for g in task) for task in tasks]
    assert max(sizes) < per_task + 3  # a task closes once it holds per_task runs
    if workers == 0:
        assert all(s >= per_task for s in sizes[:-1])
    else:
        # each task at most its share of what was left, whole groups rounding it up
        left = len(todo)
        for s in sizes:
            assert s < max(-(-left // (2 * workers)), 1) + 3
            left -= s
        assert sizes[-1] <= 3 and sizes[0] >= per_task
