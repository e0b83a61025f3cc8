"""Benchmark configurations as plain data: sizes, seeds, repetitions (``FULL`` and ``QUICK``).

Every timing is a best of ``reps`` repetitions per round, summarised by the minimum and
the median over ``rounds`` rounds; kernel (A) and reference (B) alternate A B A B.
"""

FULL = {
    "seed": 0,
    # Per-phase comparison, kernel vs pure-Python Mesa reference.
    "phase_sizes": (2_000, 20_000),  # firm rows at 2015Q1 (people scale like Baodi's)
    "phase_warm_quarters": 7,  # run this many quarters first: the timed quarter is a Q4
    "phase_rounds": 7,
    "phase_reps_kernel": 5,
    "phase_reps_ref": {2_000: 3, 20_000: 1},
    # Whole runs (construction, every quarter, indicator collection).
    "run_20k_firms": 20_000,
    "run_reps": 5,
    # The very large synthetic region (float32 state, in a fresh process).
    "scale_firms": 1_000_000,
    "scale_quarters": 24,
    "scale_people_per_firm": 1.0,
    "scale_threads": 2,  # the threaded run (capped at the machine's cores)
    # Start-up in fresh processes.
    "startup_warm_reps": 3,
    # Many runs in one process.
    "sweep_runs": 100,  # default-size runs, seeds 0..N-1
    "batch_run_runs": 5,  # mesa.batch_run over the pure-Python reference, same seeds
    "viz_steps": 20,
}

QUICK = {
    **FULL,
    "phase_rounds": 3,
    "phase_reps_kernel": 3,
    "phase_reps_ref": {2_000: 1, 20_000: 1},
    "run_reps": 2,
    "scale_firms": 200_000,  # figures are scaled to 1e6 firms linearly (flagged "quick")
    "startup_warm_reps": 1,
    "sweep_runs": 20,
    "batch_run_runs": 1,
    "viz_steps": 5,
}

# Goals of the benchmark issue: key, comparison, threshold, what it means.
GOALS = (
    ("kernel_speedup_vs_mesa_20k", ">=", 100.0, "quarter's kernels vs Mesa reference at 20k firms"),
    ("ceiling_fraction", ">=", 0.40, "firms kernel's share of the memory-bandwidth ceiling"),
    ("default_run_ms", "<=", 20.0, "default Baodi run, construction to indicators [ms]"),
    (
        "scale_1m_s",
        "<=",
        2.0,
        "1e6 firms x 24 quarters, build included, best of serial/threads [s]",
    ),
    ("scale_1m_bytes_per_firm", "<=", 300.0, "peak memory per firm at 1e6 firms [B]"),
    ("warm_start_s", "<=", 1.5, "fresh process to first quarter, warm cache [s]"),
    ("cold_start_s", "<=", 6.0, "fresh process to first quarter, empty cache [s]"),
    ("runs_per_s_one_core", ">=", 100.0, "default runs per second, one core"),
    ("sweep_vs_batch_run", ">=", 50.0, "runs/s against mesa.batch_run of the reference"),
)
