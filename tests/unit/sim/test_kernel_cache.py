"""sim/kernels/__init__.py drops stale cached kernels — only its own, never other files."""

import json
import os
import shutil
from pathlib import Path

from numba.core.caching import UserProvidedCacheLocator

import sim.kernels as kernels

HERE = Path(kernels.__file__).parent


def test_subdir_is_the_one_numba_uses():
    for mod in ("common.py", "rng.py"):
        assert kernels._numba_subdir(HERE) == UserProvidedCacheLocator.get_suitable_cache_subpath(
            str(HERE / mod)
        )


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_a_shared_cache_dir_loses_only_our_stale_kernels(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    ours_dir = tmp_path / kernels._numba_subdir(HERE)
    ours = [
        _touch(ours_dir / "common.laplace-53.py311.nbi"),
        _touch(ours_dir / "common.laplace-53.py311.1.nbc"),
        _touch(ours_dir / "rng.uniform-80.py311.nbi"),
    ]
    foreign = [
        # another project's kernels, even in a directory called "kernels"
        _touch(tmp_path / "kernels_0123abcd" / "firms.firms_kernel-10.py311.nbi"),
        _touch(tmp_path / "otherproj_4567" / "solver.step-5.py311.1.nbc"),
        _touch(tmp_path / "top_level.f-1.py311.nbi"),
        # a file in our directory that is not one of our modules' cache files
        _touch(ours_dir / "notes.txt"),
        _touch(ours_dir / "othermodule.f-3.py311.nbi"),
    ]
    old_stamp = _touch(ours_dir / "baodi_layout.txt")  # the stamp's form before 2026-11-29
    old_stamp.write_text("an old fingerprint")
    kernels._drop_stale_cache()
    assert not any(f.exists() for f in ours)
    assert all(f.exists() for f in foreign)
    assert _stamp(ours_dir) == _current(HERE)
    assert not old_stamp.exists()
    # a second import with the same fingerprint deletes nothing
    again = _touch(ours_dir / "elementary.fexp-98.py311.nbi")
    kernels._drop_stale_cache()
    assert again.exists() and all(f.exists() for f in foreign)
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path)


def test_a_new_cache_dir_is_stamped_so_the_next_process_keeps_its_kernels(tmp_path, monkeypatch):
    """First process: the directory does not exist yet; numba then writes its kernels.

    The second process must find them under a current stamp, not drop them (which made
    every warm start as slow as a cold one).
    """
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "fresh"))
    ours_dir = tmp_path / "fresh" / kernels._numba_subdir(HERE)
    kernels._drop_stale_cache()  # first import
    assert _stamp(ours_dir) == _current(HERE)
    written = _touch(ours_dir / "common.laplace-53.py311.nbi")  # numba compiles
    kernels._drop_stale_cache()  # second process
    assert written.exists()


def test_the_phases_cache_is_dropped_too(tmp_path, monkeypatch):
    """Kernels in sim/phases are cached in their own numba subdirectory: stale ones go."""
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    phases = kernels.kernel_dirs()[1]
    assert phases.name == "phases" and (phases / "transfers.py").is_file()
    stale = _touch(
        tmp_path / kernels._numba_subdir(phases) / "transfers.transfers_kernel-9.py311.nbi"
    )
    _touch(tmp_path / kernels._numba_subdir(phases) / "baodi_layout.json").write_text("{}")
    kernels._drop_stale_cache()
    assert not stale.exists()


def test_only_the_kernels_whose_sources_changed_are_dropped(tmp_path, monkeypatch):
    """A stamp whose tree differs and whose labels module differs: labels' files go."""
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    phases = kernels.kernel_dirs()[1]
    d = tmp_path / kernels._numba_subdir(phases)
    labels = _touch(d / "labels.labels_kernel-558.py311.nbi")
    labels_data = _touch(d / "labels.labels_kernel-558.py311.1.nbc")
    firms = _touch(d / "firms.firms_kernel-322.py311.nbi")
    stamp = _current(phases)
    stamp["tree"] = "an edit since"
    stamp["modules"]["labels"] = "labels before the edit"
    (d / "baodi_layout.json").write_text(json.dumps(stamp))
    kernels._drop_stale_cache()
    assert not labels.exists() and not labels_data.exists()
    assert firms.exists()
    assert _stamp(d) == _current(phases)


def test_a_modules_fingerprint_follows_what_it_imports(tmp_path):
    """Editing ``rng.py`` changes every drawing module's fingerprint; ``labels.py`` not firms'."""
    root = tmp_path / "sim"
    shutil.copytree(HERE.parent, root, ignore=shutil.ignore_patterns("__pycache__", "data"))
    phases, here = root / "phases", root / "kernels"
    before = kernels.module_fingerprints(phases, root)
    assert before == kernels.module_fingerprints(kernels.kernel_dirs()[1])  # path-independent
    with open(phases / "labels.py", "a", encoding="utf-8") as f:
        f.write("# an edit\n")
    after = kernels.module_fingerprints(phases, root)
    changed = {m for m in before if before[m] != after[m]}
    assert "labels" in changed and "labels_ref" in changed  # the twin imports the kernels
    assert not changed & {"firms", "talent", "entry", "capital", "transfers", "indicators"}
    kernels_before = kernels.module_fingerprints(here, root)
    with open(here / "rng.py", "a", encoding="utf-8") as f:
        f.write("# an edit\n")
    edited = kernels.module_fingerprints(phases, root)
    changed = {m for m in after if after[m] != edited[m]}
    assert {"firms", "labels", "talent", "entry", "capital", "transfers"} <= changed
    assert kernels.module_fingerprints(here, root)["elementary"] == kernels_before["elementary"]
    assert kernels.module_fingerprints(here, root)["rng"] != kernels_before["rng"]


def _stamp(d: Path) -> dict:
    return json.loads((d / "baodi_layout.json").read_text())


def _current(src: Path) -> dict:
    return {"tree": kernels._tree_fingerprint(), "modules": kernels.module_fingerprints(src)}
