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
    "startup_cold_serial": True,  # also a cold start with the compile-ahead helper off
    # Many runs in one process.
    "sweep_runs": 100,  # default-size runs, seeds 0..N-1
    "batch_run_runs": 5,  # mesa.batch_run over the pure-Python reference, same seeds
    "viz_steps": 20,
    # Sweeps (benchmarks/sweep.py): the example's 3 packages x seeds, default Baodi region.
    "sweep_workers": 2,  # pool processes, Dask workers (1 thread each), EMA/batch_run processes
    "sweep_pool_runs": 3_000,  # runs per variant (pool shared history / not / Dask), warm
    "sweep_rounds": 3,  # the variants alternate in this many rounds
    "sweep_dask": True,  # also a Dask LocalCluster
    "sweep_ema_runs": 600,  # EMA MultiprocessingEvaluator, and a sweep of the same runs
    "sweep_batch_run_runs": 300,  # mesa.batch_run(BaodiModel), and a sweep of the same runs
    "sweep_batch_run_processes": 2,
    "sweep_cold": True,  # also a sweep with workers=n (its pool start included) of those runs
    "sweep_profile_seeds": 8,  # one task (8 groups of 3 runs) timed step by step
    "sweep_memory_runs": (1_000, 10_000),  # peak memory, small vs large sweep (None: skip)
}

QUICK = {
    **FULL,
    "phase_rounds": 3,
    "phase_reps_kernel": 3,
    "phase_reps_ref": {2_000: 1, 20_000: 1},
    "run_reps": 2,
    "scale_firms": 200_000,  # figures are scaled to 1e6 firms linearly (flagged "quick")
    "startup_warm_reps": 1,
    "startup_cold_serial": False,
    "sweep_runs": 20,
    "batch_run_runs": 1,
    "viz_steps": 5,
    "sweep_pool_runs": 150,  # x 2 (history shared, not); with EMA, batch_run, warm-ups ≈ 600
    "sweep_rounds": 1,
    "sweep_dask": False,  # a LocalCluster takes 10-25 s to start here; CI tests Dask apart
    "sweep_ema_runs": 60,
    "sweep_batch_run_runs": 30,
    "sweep_cold": False,
    "sweep_profile_seeds": 4,
    "sweep_memory_runs": None,
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
    (
        "after_setup_start_s",
        "<=",
        1.5,
        "fresh process to first quarter after .ci/setup's cache warm-up [s]",
    ),
    ("runs_per_s_one_core", ">=", 100.0, "default runs per second, one core"),
    ("sweep_vs_batch_run", ">=", 50.0, "runs/s against mesa.batch_run of the reference"),
    ("sweep_runs_per_s", ">=", 200.0, "packages x seeds sweep, 2-worker pool, steady [runs/s]"),
    (
        "sweep_vs_batch_run_baodi",
        ">=",
        50.0,
        "sweep vs mesa.batch_run(BaodiModel, 2 processes), same runs",
    ),
    ("sweep_vs_ema", ">=", 2.0, "sweep vs EMA MultiprocessingEvaluator(2), same runs"),
    ("sweep_dask_overhead", "<=", 0.15, "Dask LocalCluster's time over the pool's, minus 1"),
    ("sweep_store_bytes_per_run", "<=", 4096.0, "store runs/ + years/ Parquet per run [B]"),
    ("sweep_memory_ratio", "<=", 1.10, "peak memory, all processes, large / small sweep"),
)
