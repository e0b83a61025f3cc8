"""Benchmarks of the numba core against the pure-Python Mesa reference (:mod:`sim.reference`).

Run ``python -m benchmarks [--quick] [--json FILE]``; the figures and how to read them are
in ``BENCHMARKS.md``. Sizes, seeds and repetitions are plain data in
:mod:`benchmarks.configurations`; the measurements live in :mod:`benchmarks.suite`.
"""
