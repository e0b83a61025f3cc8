"""sim/kernels/__init__.py drops stale cached kernels — only its own, never other files."""

import os
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
    _touch(ours_dir / "baodi_layout.txt").write_text("an old fingerprint")
    kernels._drop_stale_cache()
    assert not any(f.exists() for f in ours)
    assert all(f.exists() for f in foreign)
    assert (ours_dir / "baodi_layout.txt").read_text() == kernels._layout_fingerprint()
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
    assert (ours_dir / "baodi_layout.txt").read_text() == kernels._layout_fingerprint()
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
    _touch(tmp_path / kernels._numba_subdir(phases) / "baodi_layout.txt").write_text("old")
    kernels._drop_stale_cache()
    assert not stale.exists()
