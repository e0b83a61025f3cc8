"""``baodi-sim report``: a real store rendered to HTML and PDF, in Chinese and English.

The PDF pages are rasterised with poppler and checked for ink, its fonts with ``pdffonts``;
the HTML is opened in Debian chromium (Playwright) and must neither log an error nor
request anything beyond the page itself.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import scenarios
from scenarios import ScenarioError, Store, Sweep
from sim.cli import main
from sim.region import load_region
from viz import report
from viz.report import (
    discovery,
    read_report_data,
    render_html,
    sensitivity,
    write_report,
)

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"

# two packages × 4 seeds on the tiny region (2015–2019, plan from 2017): 8 runs
PACKAGES = """
name = "report test"
region = "tiny"
seeds = 4
[packages.status_quo]
[packages.grants]
levers = { tier_grant = 60, rd_subsidy = 0.2 }
"""
# the same packages over a Morris design of two parameters: 2 × 3 points × 4 seeds × 2 = 48
MORRIS = (
    PACKAGES
    + """
[params]
growth_mu = "catalogue"
knowledge_growth = "catalogue"
[sampler]
method = "morris"
n = 2
seed = 1
"""
)
SOBOL = MORRIS.replace('method = "morris"\nn = 2', 'method = "sobol"\nn = 4')
LHS = MORRIS.replace('method = "morris"\nn = 2', 'method = "lhs"\nn = 6')


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if IN_CI:
            pytest.fail(f"{tool} not installed (CI=true: the report's checks must run)")
        pytest.skip(f"{tool} not installed")
    return path


def _need_cjk() -> None:
    if report.cjk_font() is None:
        if IN_CI:
            pytest.fail("no Noto Sans CJK (apt-get install fonts-noto-cjk)")
        pytest.skip("no Noto Sans CJK font")


def _sweep(text: str, folder: Path) -> Path:
    Sweep.from_text(text).run(folder, workers=0, progress=False)
    return folder


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    root = tmp_path_factory.mktemp("stores")
    return {
        "packages": _sweep(PACKAGES, root / "packages"),
        "morris": _sweep(MORRIS, root / "morris"),
    }


@pytest.fixture(scope="module")
def rendered(stores, tmp_path_factory):
    """HTML and PDF of the packages store in both languages, glyph warnings recorded."""
    _need_cjk()
    out = tmp_path_factory.mktemp("reports")
    files, caught = {}, {}
    for lang in ("zh", "en"):
        for ext in ("html", "pdf"):
            if ext == "pdf" and not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
                continue
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                files[lang, ext] = write_report(
                    stores["packages"], out / f"report-{lang}.{ext}", lang=lang
                )
            caught[lang, ext] = [str(x.message) for x in w]
    return files, caught


def _text(html_text: str) -> str:
    """What a reader sees: tags and inline data stripped."""
    body = html_text[html_text.index("<body>") :]
    body = re.sub(r"data:[^\"']*", "", body)
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", " ", body))


# ---------------------------------------------------------------- the HTML


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_names_every_package_and_target_in_its_language(rendered, lang):
    files, caught = rendered
    page = files[lang, "html"].read_text(encoding="utf-8")
    text = _text(page)
    # the provenance page quotes the parameter catalogue's citations as written
    before_provenance = _text(page.split('<section id="provenance"')[0])
    region = load_region("tiny")
    for package in ("status_quo", "grants"):
        assert package in text
    for t in region.targets:
        assert (t.zh if lang == "zh" else t.en) in text
        assert (t.en if lang == "zh" else t.zh) not in before_provenance
    headings = (
        ("摘要", "数据来源与模型版本", "敏感性分析") if lang == "zh" else ("Summary", "Provenance")
    )
    for h in headings:
        assert h in text
    if lang == "en":  # no Chinese before the provenance page's quotations
        assert not re.search(r"[\u4e00-\u9fff]", before_provenance)
    assert not [m for m in caught[lang, "html"] if "missing from font" in m or "Glyph" in m]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_is_self_contained(rendered, lang):
    page = rendered[0][lang, "html"].read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)
    assert refs, "the report has images and a table of contents"
    for ref in refs:
        assert ref.startswith(("data:", "#")), ref
    assert not re.search(r"url\(\s*['\"]?(?!data:)", page), "CSS must not load anything"
    assert "@import" not in page
    assert page.count("data:image/png;base64,") >= 2 + len(load_region("tiny").targets)
    assert "@font-face" in page  # the report carries its own CJK font subset


def test_the_summary_table_carries_the_sweeps_numbers(rendered, stores):
    page = rendered[0]["en", "html"].read_text(encoding="utf-8")
    summary = scenarios.summarize(scenarios.load(stores["packages"]), region="tiny")
    heads = summary[summary["target"] == "all"].set_index("package")
    for package, row in heads.iterrows():
        assert report.fmt_p_ci(row["p_met"], row["p_lo"], row["p_hi"]) in page, package
        assert report.fmt_money(row["cost_median"]) in page
    assert "4/0" in page  # 4 ok runs, 0 failed per package


def test_omitted_sections_say_so_and_why(rendered):
    text = _text(rendered[0]["en", "html"].read_text(encoding="utf-8"))
    assert "Sensitivity analysis: omitted." in text and "samples no lever or parameter" in text
    assert "Scenario discovery: omitted." in text
    assert "Calibration: not given" in text
    zh = _text(rendered[0]["zh", "html"].read_text(encoding="utf-8"))
    assert "敏感性分析：未包含。" in zh and "参数校准：未提供" in zh


_CHROMIUM_PROBE = """
import json, sys
from playwright.sync_api import sync_playwright
chromium, url = sys.argv[1], sys.argv[2]
requests, errors = [], []
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    try:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        out = {
            "requests": requests,
            "errors": errors,
            "n_images": page.locator("img").count(),
            "loaded": page.evaluate(
                "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
            ),
            "font_ok": page.evaluate("document.fonts.check('12px \\"Baodi Report Sans\\"', '达成')"),
            "h1": page.locator("h1").inner_text(),
        }
    finally:
        browser.close()
print(json.dumps(out))
"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_in_chromium_has_no_console_error_and_no_request_out(rendered, lang):
    if not Path(CHROMIUM).is_file():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} not found")
        pytest.skip(f"{CHROMIUM} not found")
    path = rendered[0][lang, "html"]
    # In a child process: the browser tests' session-wide Playwright (tests/browser runs
    # first in a whole-suite run) already holds this process's sync event loop.
    probe = subprocess.run(
        [sys.executable, "-c", _CHROMIUM_PROBE, CHROMIUM, path.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    requests, errors = seen["requests"], seen["errors"]
    n_images, loaded, font_ok, h1 = seen["n_images"], seen["loaded"], seen["font_ok"], seen["h1"]
    assert errors == []
    outside = [
        u
        for u in requests
        if not (
            u.startswith(("file:", "data:"))
            or re.match(r"https?://(127\.0\.0\.1|localhost)(:\d+)?/", u)
        )
    ]
    assert outside == []
    assert n_images >= 1 + len(load_region("tiny").targets) and loaded
    assert font_ok
    assert h1 == (
        "规划目标达成情景分析报告" if lang == "zh" else "Plan targets: scenario sweep report"
    )


# ---------------------------------------------------------------- the PDF


def _pages_png(pdf: Path, out: Path) -> list[Path]:
    pdftoppm = _need("pdftoppm")
    subprocess.run([pdftoppm, "-png", "-r", "50", str(pdf), str(out / pdf.stem)], check=True)
    return sorted(out.glob(f"{pdf.stem}*.png"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_pages_render_with_ink(rendered, lang, tmp_path):
    from matplotlib.image import imread

    pdf = rendered[0].get((lang, "pdf"))
    if pdf is None:
        _need("chromium")
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = _pages_png(pdf, tmp_path)
    assert len(pages) >= 5  # summary, fans, bars + cost, sensitivity, provenance
    for png in pages:
        img = imread(png)[..., :3]
        ink = (img.mean(axis=2) < 0.6).mean()
        assert ink > 0.001, f"{png.name} looks blank ({ink:.4f} of pixels dark)"
        assert img.std() > 0.02
    assert not [m for m in rendered[1][lang, "pdf"] if "missing from font" in m]


def test_pdf_in_chinese_embeds_a_cjk_font_and_its_text_is_chinese(rendered):
    pdf = rendered[0].get(("zh", "pdf"))
    if pdf is None:
        _need("chromium")
    fonts = subprocess.run(
        [_need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    for line in cjk:
        *_, emb, _sub, uni, _obj, _gen = line.split()
        assert (emb, uni) == ("yes", "yes"), line
    text = subprocess.run(
        [_need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "规划目标达成情景分析报告" in text
    for t in load_region("tiny").targets:
        assert t.zh in text


# ---------------------------------------------------------------- sensitivity and discovery


def test_a_morris_store_gets_indices_and_a_prim_box(stores):
    data = read_report_data(stores["morris"])
    sens = sensitivity(data, "en")
    assert isinstance(sens, report.Sensitivity) and sens.method == "morris"
    assert set(sens.tables) == {"status_quo", "grants"}
    table = sens.tables["status_quo"]
    assert len(table.columns) == 2  # μ* of growth_mu, knowledge_growth
    values = table.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    assert finite.size and (finite >= 0).all() and (finite <= 1).all()
    varied = np.isfinite(values).any(axis=1)
    assert varied.any() and np.isclose(np.nanmax(values[varied], axis=1), 1).all()
    disc = discovery(data, "en")
    assert isinstance(disc, (report.Discovery, report.Omitted))
    html = render_html(data, "en")
    assert "Elementary-effects screening (Morris)" in html
    assert "Revenue drift" in html  # the sampled parameter, by its English name


@pytest.mark.parametrize(("text", "method"), [(SOBOL, "sobol"), (LHS, "lhs")])
def test_sobol_indices_only_for_a_saltelli_design_prim_for_any(text, method, tmp_path):
    data = read_report_data(_sweep(text, tmp_path / method))
    sens = sensitivity(data, "en")
    if method == "sobol":
        assert isinstance(sens, report.Sensitivity)
        t = sens.tables["grants"]
        assert {c[0] for c in t.columns} == {"S1", "ST"}
    else:
        assert isinstance(sens, report.Omitted)
        assert "Latin hypercube" in sens.reason and "sobol" in sens.reason
    disc = discovery(data, "en", target="hnte")
    if isinstance(disc, report.Discovery):
        assert disc.outcome == "hnte" and 0 <= disc.base_rate <= 1
        if disc.limits is not None:
            assert set(disc.limits.columns) == {"input", "box", "full", "qp"}
    with pytest.raises(ScenarioError, match="did you mean 'hnte'"):
        discovery(data, "en", target="hnet")


def test_prim_finds_the_package_that_meets_a_target(stores):
    """PRIM on made-up outcomes: a target met only under one package is boxed to it."""
    data = read_report_data(stores["morris"])
    frame = data.frame.copy()
    frame["met_hnte"] = frame["package"].eq("grants")
    data.frame = frame
    disc = discovery(data, "en", target="hnte")
    assert isinstance(disc, report.Discovery) and disc.limits is not None
    row = disc.limits.set_index("input").loc["Package"]
    assert row["box"] == "grants"
    r = disc.trajectory.iloc[disc.chosen]
    assert r["density"] == 1 and r["coverage"] == 1


# ---------------------------------------------------------------- calibration


def test_calibration_tables_are_included(stores, tmp_path):
    calib = tmp_path / "calib"
    calib.mkdir()
    pd.DataFrame({"name": ["growth_mu"], "mean": [0.0123], "sd": [0.004]}).to_csv(
        calib / "summary.csv", index=False
    )
    rng = np.random.default_rng(0)
    pd.DataFrame({"growth_mu": rng.normal(0.01, 0.002, 200), "weight": 1.0}).to_parquet(
        calib / "posterior.parquet"
    )
    out = write_report(stores["packages"], tmp_path / "r.html", lang="en", calibration=calib)
    text = _text(out.read_text(encoding="utf-8"))
    assert "Calibration summary (summary.csv)" in text and "0.0123" in text
    assert "Posterior draws (posterior.parquet, 200 draws)" in text
    assert "growth_mu · Revenue drift" in text
    assert "weight" not in text.split("Posterior draws")[1].split("Provenance")[0]
    empty = tmp_path / "empty"
    empty.mkdir()
    out = write_report(stores["packages"], tmp_path / "r2.html", lang="zh", calibration=empty)
    assert "该目录中没有 summary.csv 或 posterior.parquet" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- bad input


def test_bad_input_is_refused_before_anything_is_written(stores, tmp_path, capsys):
    store = str(stores["packages"])
    not_a_store = tmp_path / "plain"
    not_a_store.mkdir()
    (not_a_store / "x.txt").write_text("x")
    empty = tmp_path / "empty-store"
    spec = scenarios.SweepSpec.from_text(PACKAGES)
    Store(empty).create_or_open(
        PACKAGES, scenarios.model_version(), spec.design(scenarios.model_version())
    )
    locked = tmp_path / "locked"
    locked.mkdir()
    cases = [
        (
            [store, "--out", str(tmp_path / "r.docx")],
            "extension '.docx' is not allowed; allowed: .html, .pdf",
        ),
        ([store, "--out", str(tmp_path / "r")], "extension '(none)' is not allowed"),
        ([store, "--out", ""], "--out is empty"),
        ([store, "--out", str(tmp_path / "nope" / "r.html")], "does not exist"),
        ([store, "--out", str(tmp_path)], "is a folder"),
        ([str(not_a_store), "--out", str(tmp_path / "r.html")], "is not a sweep store"),
        ([str(tmp_path / "missing"), "--out", str(tmp_path / "r.html")], "does not exist"),
        ([str(empty), "--out", str(tmp_path / "r.html")], "holds no finished run"),
        (
            [store, "--out", str(tmp_path / "r.html"), "--calibration", str(tmp_path / "nocal")],
            "--calibration",
        ),
        (
            [store, "--out", str(tmp_path / "r.html"), "--prim-target", "hnet"],
            "did you mean 'hnte'",
        ),
    ]
    for args, message in cases:
        assert main(["report", *args, "--lang", "en"]) == 2, args
        err = capsys.readouterr().err
        assert message in err, (args, err)
    # the same refusals in Chinese, the default language
    zh_cases = [
        ([store, "--out", str(tmp_path / "r.docx")], "不允许扩展名 '.docx'；可选：.html, .pdf"),
        ([str(not_a_store), "--out", str(tmp_path / "r.html")], "不是扫描结果目录"),
        ([str(empty), "--out", str(tmp_path / "r.html")], "还没有完成的运行"),
        ([store, "--out", str(tmp_path / "r.html"), "--prim-target", "hnet"], "是否想输入 'hnte'"),
    ]
    for args, message in zh_cases:
        assert main(["report", *args]) == 2, args
        err = capsys.readouterr().err
        assert message in err, (args, err)
    calib_file = tmp_path / "calib.csv"
    calib_file.write_text("a,b\n1,2\n")
    args = ["report", store, "--out", str(tmp_path / "r.html"), "--calibration", str(calib_file)]
    assert main([*args, "--lang", "en"]) == 2
    assert "is a file; give a folder holding summary.csv" in capsys.readouterr().err
    assert main(args) == 2
    assert "是文件；请给出包含 summary.csv / posterior.parquet 的目录" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
    with pytest.raises(SystemExit) as exit_:
        main(["report", store, "--lang", "fr", "--out", str(tmp_path / "r.html")])
    assert exit_.value.code == 2 and "'fr'" in capsys.readouterr().err
    if os.geteuid() != 0:  # root writes anywhere: the probe cannot be refused
        locked.chmod(0o500)
        try:
            assert main(["report", store, "--out", str(locked / "r.html"), "--lang", "en"]) == 2
            assert "not writable" in capsys.readouterr().err
        finally:
            locked.chmod(0o700)


def test_unwritable_folder_is_refused(stores, tmp_path, monkeypatch):
    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(report.tempfile, "mkstemp", refuse)
    with pytest.raises(ScenarioError, match=r"folder '.*' is not writable \(Permission denied\)"):
        write_report(stores["packages"], tmp_path / "r.html", lang="en")


def test_the_write_is_atomic(stores, tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    out.write_text("old report", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(report, "render_html", boom)
    with pytest.raises(RuntimeError):
        write_report(stores["packages"], out, lang="en")
    assert out.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_cli_writes_the_report_and_says_where(stores, tmp_path, capsys):
    _need_cjk()
    out = tmp_path / "r.html"
    assert main(["report", str(stores["packages"]), "--out", str(out)]) == 0
    assert "已写入" in capsys.readouterr().err
    assert '<html lang="zh-CN">' in out.read_text(encoding="utf-8")[:200]


def test_every_text_key_has_both_languages():
    for key, pair in report.TEXT.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert sorted(re.findall(r"{(\w+)}", zh)) == sorted(re.findall(r"{(\w+)}", en)), key
        if zh.strip():
            assert not re.search(r"[\u4e00-\u9fff]", en), (key, en)


@pytest.mark.parametrize(("lang", "words"), [("zh", "扫描结果目录"), ("en", "store folder")])
def test_the_sub_commands_help_is_in_one_language(lang, words):
    import argparse

    from viz.report_cli import HELP, register

    parser = argparse.ArgumentParser(prog="baodi-sim")
    sub = parser.add_subparsers(dest="command")
    register(sub, lang=lang)
    text = sub.choices["report"].format_help()
    assert words in text and "summary.csv" in text
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]", text)
    else:
        for _zh, en in HELP.values():
            assert en.split("{")[0] not in text


def test_a_pdf_without_chromium_is_refused_before_the_work(stores, tmp_path, monkeypatch):
    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    monkeypatch.setattr(report, "CHROMIUM_CANDIDATES", ("chromium",))
    monkeypatch.setattr(report, "read_report_data", lambda *a, **k: pytest.fail("read the store"))
    with pytest.raises(
        ScenarioError, match=r"apt-get install chromium\); or write --out FILE.html"
    ):
        write_report(stores["packages"], tmp_path / "r.pdf", lang="en")
    assert not (tmp_path / "r.pdf").exists()


def test_a_fan_chart_draws_the_bands_the_target_line_and_the_record(stores):
    from matplotlib.collections import LineCollection, PathCollection

    data = read_report_data(stores["packages"])
    region = data.region
    fig = report.fan_chart(data.years, region, "hnte", packages=data.packages, lang="en")
    ax = fig.axes[0]
    # one median line per package, through the median of its runs each year
    medians = data.years.groupby(["package", "year"])["hnte"].median()
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 2]
    assert len(lines) == 2
    for ln, package in zip(lines, data.packages, strict=True):
        np.testing.assert_allclose(ln.get_ydata(), medians.loc[package].to_numpy())
    target = region.target("hnte").target
    hlines = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert any(np.allclose(seg[:, 1], target) for c in hlines for seg in c.get_segments())
    points = np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    assert {(2015, 10.0), (2019, 12.0)} <= {tuple(p) for p in points.tolist()}  # record, baseline
    assert ax.get_title(loc="left") == "HNTEs (firms)"


def test_an_incomplete_design_gets_no_indices_and_says_why(stores):
    data = read_report_data(stores["morris"])
    data.frame = data.frame[
        ~((data.frame["package"] == "grants") & (data.frame["experiment"] == 0))
    ]
    sens = sensitivity(data, "en")
    assert isinstance(sens, report.Omitted)
    assert "without a successful run for package grants: 1," in sens.reason
