"""scenarios.summary: Wilson intervals, the per-package summary, its table, file and EMA shape."""

import os
import re
import unicodedata
import warnings

import numpy as np
import pandas as pd
import pytest

from scenarios.errors import ScenarioError
from scenarios.summary import (
    SUMMARY_COLUMNS,
    TARGETS,
    format_summary,
    summarize,
    to_ema,
    wilson_interval,
    write_summary,
)
from sim.indicators import TARGET_INDICATORS
from sim.region import load_region

Z = 1.959963984540054
COST_YEARS = range(2021, 2026)


# ---------------------------------------------------------------- synthetic run frames


def run_frame(packages, seed=0):
    """A run frame of the store's shape.

    ``packages`` maps a name to a dict with ``n`` (ok runs), ``failed`` (failed runs),
    ``met`` (target -> number of ok runs meeting it, "all" included; default 0) and
    ``cost`` (a list of n cost_total values, or a float for all of them).
    """
    rng = np.random.default_rng(seed)
    targets = {t.indicator: t.target for t in load_region("baodi").targets}
    rows = []
    for name, spec in packages.items():
        n, failed = spec["n"], spec.get("failed", 0)
        met = spec.get("met", {})
        cost = np.broadcast_to(np.asarray(spec.get("cost", 1.0), dtype=float), (n,))
        for i in range(n + failed):
            ok = i < n
            row = {
                "run_id": f"{name}-{i:04d}",
                "package": name,
                "experiment": i // 4,
                "seed": i % 4,
                "lever_talent_subsidy": float(rng.uniform(0, 5)),
                "param_spillover": float(rng.uniform(0.1, 0.9)),
                "status": "ok" if ok else "failed",
                "error": None if ok else "Traceback ...\nRuntimeError: boom",
                "seconds": float(rng.uniform(0.01, 0.05)),
            }
            for t in TARGET_INDICATORS:
                hit = ok and i < met.get(t, 0)
                target = targets[t]
                row[f"value_{t}"] = (target * (1.1 if hit else 0.9)) if ok else np.nan
                row[f"met_{t}"] = bool(hit)
            row["met_all"] = bool(ok and i < met.get("all", 0))
            total = float(cost[i]) if ok else np.nan
            for y in COST_YEARS:
                row[f"cost_{y}"] = total / 5
            row["cost_total"] = total
            rows.append(row)
    frame = pd.DataFrame(rows)
    # shuffle the packages' rows together: order of first appearance must still hold
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


# ---------------------------------------------------------------- Wilson


def test_wilson_hand_computed():
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0
    assert hi == pytest.approx(Z**2 / (10 + Z**2), abs=1e-12)  # 0.27753
    assert hi == pytest.approx(0.27753, abs=1e-5)
    lo, hi = wilson_interval(5, 10)
    assert (lo, hi) == pytest.approx((0.23659, 0.76341), abs=1e-5)
    lo, hi = wilson_interval(100, 100)
    assert hi == 1.0
    assert lo == pytest.approx(100 / (100 + Z**2), abs=1e-12)  # 0.96301
    assert lo == pytest.approx(0.96301, abs=1e-5)
    # 1 of 20 (Newcombe 1998, table I: 0.0089–0.2361)
    assert wilson_interval(1, 20) == pytest.approx((0.0089, 0.2361), abs=1e-4)


def test_wilson_vectorised_and_edges():
    k = np.array([0, 5, 100, 0])
    n = np.array([10, 10, 100, 0])
    lo, hi = wilson_interval(k, n)
    assert lo.shape == hi.shape == (4,)
    for i in range(3):
        assert (lo[i], hi[i]) == pytest.approx(wilson_interval(int(k[i]), int(n[i])))
    assert np.isnan(lo[3]) and np.isnan(hi[3])
    assert all(np.isnan(v) for v in wilson_interval(0, 0))
    assert isinstance(wilson_interval(3, 7)[0], float)
    # every k of every n up to 60: 0 <= lo <= k/n <= hi <= 1, symmetric, widening with z
    for n_ in range(1, 61):
        ks = np.arange(n_ + 1)
        lo, hi = wilson_interval(ks, n_)
        assert np.all((lo >= 0) & (lo <= ks / n_) & (ks / n_ <= hi) & (hi <= 1))
        assert np.allclose(lo, 1 - hi[::-1])
        lo1, hi1 = wilson_interval(ks, n_, z=1.0)
        assert np.all((lo1 >= lo) & (hi1 <= hi))
    with pytest.raises(ScenarioError, match="k=11, n=10"):
        wilson_interval(11, 10)
    with pytest.raises(ScenarioError, match="0 <= k <= n"):
        wilson_interval(np.array([1, -1]), 5)


def coverage(interval, p, n, draws=200_000, seed=1):
    """Fraction of simulated binomial draws whose interval covers p."""
    k = np.random.default_rng(seed).binomial(n, p, size=draws)
    lo, hi = interval(k, np.full_like(k, n))
    return float(np.mean((lo <= p) & (p <= hi)))


def covers_95(interval, p, n):
    return abs(coverage(interval, p, n) - 0.95) <= 0.02


def wald(k, n, z=Z):
    p = k / n
    half = z * np.sqrt(p * (1 - p) / n)
    return p - half, p + half


# Coverage of any interval for a binomial oscillates with p and n (Brown, Cai & DasGupta 2001,
# Stat. Sci. 16:101): Wilson's exact coverage is 0.979 at n=10, p=0.5 and 0.930 at n=30,
# p=0.3. These points are a spread of p and n where it is within 0.01 of 0.95.
@pytest.mark.parametrize(
    ("p", "n"), [(0.2, 20), (0.5, 30), (0.2, 50), (0.5, 100), (0.3, 200), (0.1, 400)]
)
def test_wilson_coverage_near_95(p, n):
    assert covers_95(wilson_interval, p, n), coverage(wilson_interval, p, n)


@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param((wald, 0.05, 10), id="wald-n10-p0.05"),
        pytest.param((wald, 0.1, 20), id="wald-n20-p0.1"),
        pytest.param((lambda k, n: wilson_interval(k, n, z=1.0), 0.3, 30), id="wilson-z1"),
    ],
)
def test_coverage_check_rejects_a_wrong_interval(wrong):
    # negative control: the same check must fail for intervals known to under-cover
    interval, p, n = wrong
    with np.errstate(divide="ignore", invalid="ignore"):
        assert not covers_95(interval, p, n)


# ---------------------------------------------------------------- summarize


def test_summarize_known_proportions():
    frame = run_frame(
        {
            "status_quo": {"n": 40, "failed": 2, "met": {"hnte": 10, "leader": 40, "all": 4}},
            "plan": {"n": 20, "failed": 0, "met": {"hnte": 15, "tech_sme": 1, "all": 5}},
        }
    )
    first = frame["package"].iloc[0]
    s = summarize(frame)
    assert list(s.columns) == list(SUMMARY_COLUMNS)
    assert len(s) == 2 * len(TARGETS) == 24
    order = [first, "plan" if first == "status_quo" else "status_quo"]
    assert list(s["package"]) == [p for p in order for _ in TARGETS]
    assert list(s["target"]) == list(TARGETS) * 2
    got = s.set_index(["package", "target"])
    assert got.loc[("status_quo", "hnte"), "p_met"] == 0.25
    assert got.loc[("status_quo", "leader"), "p_met"] == 1.0
    assert got.loc[("status_quo", "gazelle"), "p_met"] == 0.0
    assert got.loc[("status_quo", "all"), "p_met"] == 0.1
    assert got.loc[("plan", "hnte"), "p_met"] == 0.75
    assert got.loc[("plan", "tech_sme"), "p_met"] == 0.05
    assert got.loc[("plan", "all"), "p_met"] == 0.25
    assert (got.loc["status_quo", "n_runs"] == 40).all()
    assert (got.loc["status_quo", "n_failed"] == 2).all()
    assert (got.loc["plan", "n_failed"] == 0).all()
    lo, hi = wilson_interval(10, 40)
    assert got.loc[("status_quo", "hnte"), ["p_lo", "p_hi"]].tolist() == [lo, hi]
    # plan figures from the region; none for "all"
    assert got.loc[("plan", "hnte"), "target_value"] == 280
    assert got.loc[("plan", "rd_sales_above_scale"), "target_value"] == 0.028
    assert np.isnan(got.loc[("plan", "all"), ["target_value", "value_median"]].astype(float)).all()
    # 2025 values: 15 of 20 at 1.1 x 280, 5 at 0.9 x 280
    v = got.loc[("plan", "hnte")]
    assert v["value_median"] == pytest.approx(308)
    assert v["value_p10"] == pytest.approx(252)
    assert v["value_p90"] == pytest.approx(308)
    assert s["n_runs"].dtype == np.int64


def test_summarize_cost_and_extra_p_per_100m_by_hand():
    # reference: 10 ok runs, P_all 0.2, mean cost 3; failed runs' costs are ignored
    ref_cost = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    new_cost = [5.5] * 5 + [4.5, 6.5, 5.0, 6.0, 5.5]
    frame = run_frame(
        {
            "status_quo": {"n": 10, "failed": 3, "met": {"all": 2}, "cost": ref_cost},
            "talent_first": {"n": 10, "met": {"all": 7}, "cost": new_cost},
            "cheap": {"n": 10, "met": {"all": 9}, "cost": 2.0},
        }
    )
    frame.loc[frame["status"] == "failed", "cost_total"] = 1000.0
    frame = frame.sort_values("package", key=lambda c: c.map({"status_quo": 0})).reset_index()
    s = summarize(frame).set_index(["package", "target"])
    # (0.7 - 0.2) / (5.5 - 3.0) = 0.2 per 100m yuan, on every row of the package
    assert np.allclose(s.loc["talent_first", "extra_p_all_per_100m"], (0.7 - 0.2) / (5.5 - 3.0))
    assert s.loc["status_quo", "extra_p_all_per_100m"].isna().all()
    assert s.loc["cheap", "extra_p_all_per_100m"].isna().all()  # costs less: not defined
    sq = s.loc[("status_quo", "hnte")]
    assert sq["cost_median"] == 3.0
    assert sq["cost_p10"] == pytest.approx(np.quantile(ref_cost, 0.1))
    assert sq["cost_p90"] == pytest.approx(np.quantile(ref_cost, 0.9))
    assert (s.loc["talent_first", "cost_median"] == 5.5).all()


def test_summarize_package_order_is_first_appearance():
    frame = run_frame({"b": {"n": 3}, "a": {"n": 3}, "c": {"n": 3}})
    expected = list(pd.unique(frame["package"]))
    assert list(pd.unique(summarize(frame)["package"])) == expected


def test_summarize_package_with_only_failed_runs():
    frame = run_frame({"ref": {"n": 5, "met": {"all": 1}}, "broken": {"n": 0, "failed": 4}})
    frame = frame.sort_values("package", ascending=False, kind="stable")  # ref first
    s = summarize(frame).set_index(["package", "target"])
    b = s.loc[("broken", "all")]
    assert b["n_runs"] == 0 and b["n_failed"] == 4
    assert np.isnan([b["p_met"], b["p_lo"], b["p_hi"], b["cost_median"]]).all()
    assert np.isnan(b["extra_p_all_per_100m"])
    text = format_summary(s.reset_index(), "en")
    assert "no successful runs" in text


def test_summarize_bad_frames():
    frame = run_frame({"a": {"n": 3}})
    with pytest.raises(ScenarioError, match="no runs"):
        summarize(frame.iloc[:0])
    with pytest.raises(ScenarioError, match="no runs"):
        summarize(pd.DataFrame())
    broken = frame.drop(columns=["met_hnte", "cost_total"]).rename(
        columns={"value_eaglet": "value_eaglett"}
    )
    with pytest.raises(ScenarioError) as e:
        summarize(broken)
    msg = str(e.value)
    for col in ("met_hnte", "cost_total", "value_eaglet"):
        assert col in msg
    assert any("did you mean 'value_eaglett'" in p for p in e.value.problems)
    assert len(e.value.problems) == 3
    odd = frame.assign(status="crashed")
    with pytest.raises(ScenarioError, match=r"'crashed'.*allowed: 'ok', 'failed'"):
        summarize(odd)
    with pytest.raises(ScenarioError, match="DataFrame"):
        summarize({"package": ["a"]})


# ---------------------------------------------------------------- the terminal table


def _width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _is_cjk(c):
    return unicodedata.east_asian_width(c) in "WF"


@pytest.fixture(scope="module")
def mixed_summary():
    frame = run_frame(
        {
            "status_quo": {"n": 100, "failed": 3, "met": {"hnte": 60, "all": 20}, "cost": 2.5},
            "plan": {"n": 100, "met": {"hnte": 83, "all": 55}, "cost": np.linspace(4, 9, 100)},
            "人才优先": {"n": 98, "failed": 2, "met": {"all": 100}, "cost": 1.0},
        }
    )
    order = {"status_quo": 0, "plan": 1, "人才优先": 2}
    frame = frame.sort_values("package", key=lambda c: c.map(order), kind="stable")
    return summarize(frame)


def test_format_summary_zh_has_no_english(mixed_summary):
    text = format_summary(mixed_summary, "zh")
    body = text
    for name in ("status_quo", "plan", "人才优先"):
        assert name in text
        body = body.replace(name, "")
    for word in ("Package", "Target", "median", "runs", "cost", "yuan", "P(", "CI"):
        assert word not in body
    assert not re.search("[A-Za-z]", body), re.findall(".{10}[A-Za-z]+.{10}", body)
    assert "亿元" in text and "规划目标" in text
    assert "国家级高新技术企业" in text


def test_format_summary_en_has_no_cjk_but_package_names(mixed_summary):
    text = format_summary(mixed_summary, "en")
    assert "人才优先" in text
    body = text.replace("人才优先", "")
    assert not any(_is_cjk(c) for c in body), [c for c in body if _is_cjk(c)]
    assert "100m yuan" in text and "National high-tech enterprises" in text
    assert "New national agri maker spaces" in text  # region's name minus "(星创天地)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_format_summary_content_and_width(mixed_summary, lang):
    text = format_summary(mixed_summary, lang)
    assert max(_width(line) for line in text.splitlines()) <= 120
    # years never with thousands separators, nor any other number
    assert "2,0" not in text and "2021–2025" in text
    assert not re.search(r"\d,\d{3}", text)
    s = mixed_summary.set_index(["package", "target"])
    # P(all) with its interval, as whole percentages
    lo, hi = s.loc[("plan", "all"), ["p_lo", "p_hi"]]
    assert f"55% [{100 * lo:.0f}–{100 * hi:.0f}%]" in text
    assert f"83% [{100 * s.loc[('plan', 'hnte'), 'p_lo']:.0f}–" in text
    # R&D / sales as a percentage: plan's target 2.8%, values 0.9 x 2.8% = 2.52%
    assert "2.8%" in text and "2.52% [2.52–2.52%]" in text
    # counts: the HNTE target, values 1.1 x 280 and 0.9 x 280
    assert "308 [252–308]" in text
    # fiscal cost of plan: median 6.5, 10–90% 4.5–8.5 (100m yuan)
    assert "6.50" in text and "4.50" in text and "8.50" in text
    # extra P(all) per 100m yuan of plan: (0.55 - 0.2) / (6.5 - 2.5) = 8.75 pp
    assert "+8.8" in text
    # runs and failures
    assert "100/3" in text and "98/2" in text
    # a cheaper package has no per-100m figure; the reference is marked
    assert ("不适用" if lang == "zh" else "n/a: costs no more than status_quo") in text
    assert ("本方案即比较基准" if lang == "zh" else "this package is the reference") in text
    assert ">99%" not in text and "100% [96–100%]" in text


def test_format_summary_bad_input(mixed_summary):
    with pytest.raises(ScenarioError, match="did you mean 'en'"):
        format_summary(mixed_summary, "eng")
    with pytest.raises(ScenarioError, match="p_lo"):
        format_summary(mixed_summary.drop(columns="p_lo"))


# ---------------------------------------------------------------- the file


def test_write_summary_round_trips_csv_and_parquet(tmp_path, mixed_summary):
    csv = write_summary(mixed_summary, tmp_path / "summary.csv")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    back = pd.read_csv(csv, encoding="utf-8-sig", float_precision="round_trip")
    pd.testing.assert_frame_equal(back, mixed_summary)
    pq = write_summary(mixed_summary, tmp_path / "summary.PARQUET")
    pd.testing.assert_frame_equal(pd.read_parquet(pq), mixed_summary)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.PARQUET", "summary.csv"]
    # overwriting works too
    write_summary(mixed_summary.iloc[:3], csv)
    assert len(pd.read_csv(csv, encoding="utf-8-sig")) == 3


def test_write_summary_refuses_bad_paths(tmp_path, mixed_summary):
    with pytest.raises(ScenarioError, match=r"summary\.xlsx.*allowed: \.csv, \.parquet"):
        write_summary(mixed_summary, tmp_path / "summary.xlsx")
    with pytest.raises(ScenarioError, match=r"'\(none\)'"):
        write_summary(mixed_summary, tmp_path / "summary")
    with pytest.raises(ScenarioError, match="does not exist"):
        write_summary(mixed_summary, tmp_path / "nowhere" / "s.csv")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ScenarioError, match="is not a folder"):
        write_summary(mixed_summary, tmp_path / "file" / "s.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ScenarioError, match="it is a folder"):
        write_summary(mixed_summary, tmp_path / "dir.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.csv", "file"]


def test_write_summary_unwritable_folder(tmp_path, mixed_summary, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    monkeypatch.setattr(os, "access", lambda p, mode: False)  # root ignores chmod
    with pytest.raises(ScenarioError, match="not writable"):
        write_summary(mixed_summary, ro / "s.csv")
    monkeypatch.undo()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ScenarioError, match="Permission denied"):
        write_summary(mixed_summary, ro / "s.csv")
    monkeypatch.undo()
    assert list(ro.iterdir()) == []


@pytest.mark.parametrize("name", ["s.csv", "s.parquet"])
def test_write_summary_leaves_nothing_behind_on_failure(tmp_path, mixed_summary, monkeypatch, name):
    target = tmp_path / name
    target.write_bytes(b"old")

    def disk_full(self, *args, **kwargs):
        with open(args[0], "wb") as fh:  # half a file, then the disk fills
            fh.write(b"half")
        raise OSError(28, "No space left on device")

    method = "to_csv" if name.endswith(".csv") else "to_parquet"
    monkeypatch.setattr(pd.DataFrame, method, disk_full)
    with pytest.raises(ScenarioError, match="No space left on device"):
        write_summary(mixed_summary, target)
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert target.read_bytes() == b"old"


def test_write_summary_unwritable_content_leaves_nothing(tmp_path):
    bad = pd.DataFrame({"x": [1, "a", 2.5]})  # mixed objects: pyarrow refuses
    with pytest.raises(ScenarioError, match="cannot write"):
        write_summary(bad, tmp_path / "s.parquet")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- EMA Workbench


def decided_by_one_parameter(n=400, seed=3):
    """A frame where met_all is exactly param_threshold > 0.6; the other inputs are noise."""
    rng = np.random.default_rng(seed)
    frame = run_frame({"status_quo": {"n": n // 2, "failed": 5}, "plan": {"n": n // 2}}, seed)
    frame["param_threshold"] = rng.uniform(0, 1, len(frame))
    frame["param_noise"] = rng.uniform(0, 1, len(frame))
    frame["lever_talent_subsidy"] = rng.uniform(0, 5, len(frame))
    ok = frame["status"] == "ok"
    frame["met_all"] = ok & (frame["param_threshold"] > 0.6)
    frame["value_hnte"] = np.where(ok, 200 + 150 * frame["param_threshold"], np.nan)
    return frame


def test_to_ema_shape():
    frame = decided_by_one_parameter()
    experiments, outcomes = to_ema(frame)
    ok = frame[frame["status"] == "ok"]
    n = len(ok)
    assert n == 400 and len(frame) == 405  # failed runs dropped
    assert list(experiments.columns) == [
        "spillover",
        "threshold",
        "noise",
        "talent_subsidy",
        "seed",
        "scenario",
        "policy",
        "model",
    ]
    assert list(experiments.index) == list(range(n))
    assert experiments["threshold"].tolist() == ok["param_threshold"].tolist()
    assert experiments["policy"].astype(str).tolist() == ok["package"].tolist()
    assert list(experiments["policy"].cat.categories) == list(pd.unique(frame["package"]))
    assert experiments["scenario"].tolist() == ok["experiment"].tolist()
    assert set(experiments["model"]) == {"baodi"}
    assert experiments["seed"].dtype == np.int64
    expected = {f"value_{t}" for t in TARGET_INDICATORS} | {f"met_{t}" for t in TARGET_INDICATORS}
    assert set(outcomes) == expected | {"met_all", "cost_total"}
    for name, arr in outcomes.items():
        assert isinstance(arr, np.ndarray) and arr.shape == (n,), name
    assert outcomes["met_all"].dtype == bool
    assert np.array_equal(outcomes["met_all"], ok["param_threshold"].to_numpy() > 0.6)
    assert np.array_equal(outcomes["value_hnte"], ok["value_hnte"].to_numpy())


def test_to_ema_years_as_time_series():
    frame = run_frame({"a": {"n": 3, "failed": 1}, "b": {"n": 2}})
    runs = frame["run_id"].tolist()
    long = pd.DataFrame(
        [
            {"run_id": r, "year": y, "hnte": 100 * i + y - 2015, "tech_sme": float(i)}
            for i, r in enumerate(runs)
            for y in range(2025, 2014, -1)  # out of order on purpose
        ]
    )
    _, outcomes = to_ema(frame, years=long)
    ok_index = [i for i, r in enumerate(runs) if frame["status"].iloc[i] == "ok"]
    assert outcomes["hnte"].shape == (5, 11)
    assert outcomes["TIME"][0].tolist() == list(range(2015, 2026))
    assert outcomes["hnte"][:, 0].tolist() == [100 * i for i in ok_index]
    assert outcomes["hnte"][0].tolist() == [100 * ok_index[0] + k for k in range(11)]
    assert outcomes["tech_sme"][:, 3].tolist() == [float(i) for i in ok_index]
    with pytest.raises(ScenarioError, match=r"misses 1 \(run, year\)"):
        to_ema(frame, years=long.iloc[1:])
    with pytest.raises(ScenarioError, match="more than once"):
        to_ema(frame, years=pd.concat([long, long.iloc[:1]]))
    with pytest.raises(ScenarioError, match="year"):
        to_ema(frame, years=long.drop(columns="year"))


def test_to_ema_bad_frames():
    frame = run_frame({"a": {"n": 3}})
    with pytest.raises(ScenarioError, match="seed"):
        to_ema(frame.drop(columns="seed"))
    with pytest.raises(ScenarioError, match="no runs"):
        to_ema(frame.iloc[:0])
    with pytest.raises(ScenarioError, match=r"clash.*spillover"):
        to_ema(frame.assign(lever_spillover=1.0))
    with pytest.raises(ScenarioError, match=r"clash.*seed"):
        to_ema(frame.assign(param_seed=1.0))


@pytest.fixture(scope="module")
def ema_analysis():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import feature_scoring, prim
    return prim, feature_scoring


def test_ema_prim_finds_the_deciding_parameter(ema_analysis):
    prim, _ = ema_analysis
    experiments, outcomes = to_ema(decided_by_one_parameter())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = prim.Prim(experiments, outcomes["met_all"], threshold=0.8).find_box()
    limits = box.box_lim  # rows: lower, upper limit; one column per input
    assert box.density >= 0.95 and box.coverage >= 0.9
    assert limits.loc[0, "threshold"] == pytest.approx(0.6, abs=0.05)
    assert limits.loc[1, "threshold"] == pytest.approx(1.0, abs=0.01)
    full = experiments[["noise", "spillover"]].agg(["min", "max"])
    # the noise inputs are left (almost) unrestricted
    assert limits.loc[0, "noise"] <= full.loc["min", "noise"] + 0.1
    assert limits.loc[1, "noise"] >= full.loc["max", "noise"] - 0.1


def test_ema_feature_scoring_ranks_the_deciding_parameter_first(ema_analysis):
    _, feature_scoring = ema_analysis
    experiments, outcomes = to_ema(decided_by_one_parameter())
    chosen = {k: outcomes[k] for k in ("met_all", "value_hnte", "cost_total")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = feature_scoring.get_feature_scores_all(experiments, chosen)
    assert scores["met_all"].idxmax() == "threshold"
    assert scores["value_hnte"].idxmax() == "threshold"
    assert scores.loc["threshold", "met_all"] > 0.5
