"""The planning-meeting report: ``ReportData`` (a sweep store read once), its figures, its HTML.

``baodi-sim report STORE [--calibration DIR] [--lang zh|en] --out FILE.html|FILE.pdf`` turns
a sweep store (``baodi-sim sweep``) into one self-contained document a planner can hand
round:

1. a one-page summary: each package's P(all targets), P(each target) with 95% (Wilson)
   intervals, fiscal cost by year and in total;
2. fan charts per target: 10–50–90% of the runs by year, packages overlaid, the target line
   and the record figures the region gives (2015, 2019);
3. P(met) bars with interval whiskers; fiscal cost against P(all targets);
4. sensitivity and discovery, where the store supports them: SALib's Sobol or Morris indices
   when the sweep used that design, EMA Workbench's PRIM when it sampled levers or
   parameters (each section says plainly when, and why, it is left out);
5. the calibration summary, when ``--calibration DIR`` is given (:data:`CALIBRATION_FILES`);
6. provenance: model version, runs, seeds, dates, the sweep file, parameters with sources.

The layers exchange data: :func:`read_report_data` reads the store into frames; every
figure is a function of those frames (never of a live model); :func:`render_html` lays
them out; :func:`write_report` writes HTML, or prints that HTML to PDF with headless
chromium, atomically. Everything the reader sees is in Chinese or in English; every
figure is drawn with Noto Sans CJK, pointed at explicitly (:func:`cjk_font`). The HTML
holds its images (base64 PNG) and CSS inline and requests nothing from anywhere.
"""

import base64
import contextlib
import html
import io
import math
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import textwrap
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from scenarios import ScenarioError, Store, load, load_years, model_version, summarize
from sim.indicators import INDICATORS
from sim.indicators import UNITS_ZH as CORE_UNITS_ZH
from sim.levers import LEVERS
from sim.params import PARAM_SPECS, param_table
from sim.params_zh import param_text
from sim.region import Region, load_region

matplotlib.use("Agg")

__all__ = [
    "CALIBRATION_FILES",
    "FORMATS",
    "LANGS",
    "ReportData",
    "cjk_font",
    "cost_scatter",
    "discovery",
    "fan_chart",
    "p_met_bars",
    "read_report_data",
    "render_html",
    "sensitivity",
    "write_report",
]

LANGS = ("zh", "en")
FORMATS = (".html", ".pdf")
CALIBRATION_FILES = ("summary.csv", "posterior.parquet")
"""What ``--calibration DIR`` reads (each optional; anything else in DIR is ignored):

- ``summary.csv``: one row per calibrated parameter, any columns (e.g. ``name``, ``mean``,
  ``sd``, ``q05``, ``q50``, ``q95``, ``prior_lo``, ``prior_hi``); shown as it is (60 rows at most).
- ``posterior.parquet``: one row per posterior draw, one numeric column per parameter (a
  ``weight`` column, if any, is not a parameter); shown as mean, sd and 5/50/95% per column.
"""
MAX_CALIBRATION_ROWS = 60
PRIM_MIN_CASES = 5  # fewer runs of either class and PRIM has nothing to separate
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
PDF_TIMEOUT_S = 180

PACKAGE_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#d62728",
)
TARGET_COLOUR = "#c62828"
RECORD_COLOUR = "#111111"
DPI = 150

# ---------------------------------------------------------------------------- the words

# key: (zh, en); formatted with str.format where they hold {fields}
TEXT: dict[str, tuple[str, str]] = {
    "title": ("规划目标达成情景分析报告", "Plan targets: scenario sweep report"),
    "subtitle": (
        "{region}科技创新“十四五”规划 · {n} 次模拟运行 · 生成于 {date}",
        "{region} 14th Five-Year S&T plan · {n} simulated runs · generated {date}",
    ),
    "contents": ("目录", "Contents"),
    "sec_summary": ("摘要", "Summary"),
    "sec_fans": ("各指标的模拟路径", "Paths of each target indicator"),
    "sec_bars": ("各目标的达成概率", "Probability of meeting each target"),
    "sec_cost": ("财政投入与全部达成概率", "Fiscal cost against P(all targets)"),
    "sec_sens": ("敏感性分析与情景发现", "Sensitivity and scenario discovery"),
    "sec_calib": ("参数校准", "Calibration"),
    "sec_prov": ("数据来源与模型版本", "Provenance"),
    "lead": (
        "每个方案在相同的 {seeds} 个随机种子下运行{design}；下表给出到 {year} 年达成规划目标的概率"
        "（括号内为 95% 威尔逊置信区间）以及 {y0}–{y1} 年的财政投入。",
        "Each package was run with the same {seeds} random seeds{design}; the tables give the "
        "probability of meeting the plan's targets by {year} (95% Wilson interval in brackets) "
        "and the fiscal cost {y0}–{y1}.",
    ),
    "lead_design": ("，覆盖 {n} 个参数组合", ", over {n} sampled design points"),
    "best": (
        "全部目标达成概率最高的方案：{package}（{p}）。",
        "Highest probability of meeting all targets: {package} ({p}).",
    ),
    "none_all": (
        "没有任何方案在任何一次运行中同时达成全部目标；各目标的达成概率见下表。",
        "No package meets all targets in any run; the table below gives each target's chances.",
    ),
    "item": ("项目", "Item"),
    "value_col": ("内容", "Value"),
    "failed_note": (
        "注意：{n} 次运行失败，未计入概率（错误信息保存在扫描结果的 runs/ 中）。",
        "Note: {n} runs failed and are not counted (their tracebacks are in the store's runs/).",
    ),
    "package": ("方案", "Package"),
    "runs": ("成功/失败运行", "Runs ok/failed"),
    "p_all": ("全部目标达成概率", "P(all targets)"),
    "cost_total": (
        "财政投入 {y0}–{y1}（亿元）中位数 [10–90%]",
        "Fiscal cost {y0}–{y1}, 100m yuan: median [10–90%]",
    ),
    "extra": ("相对 {ref} 每亿元增加的全部达成概率", "Extra P(all) per 100m yuan vs {ref}"),
    "reference": ("比较基准", "reference"),
    "not_costlier": ("不适用（投入不高于基准）", "n/a (not costlier)"),
    "pp": ("{x} 个百分点", "{x} pp"),
    "tab_targets": ("各目标达成概率 [95% 区间]", "P(each target met) [95% interval]"),
    "target": ("指标", "Target"),
    "unit": ("单位", "Unit"),
    "plan_value": ("{year} 年目标", "{year} target"),
    "all_targets": ("全部目标", "All targets"),
    "tab_cost": ("财政投入（亿元/年，中位数）", "Fiscal cost by year (100m yuan, median)"),
    "total": ("合计", "Total"),
    "year": ("年份", "Year"),
    "summary_note": (
        "达成概率 = 达成目标的运行数 / 成功运行数；区间为威尔逊 95% 置信区间；投入为各次运行的中位数与 "
        "10%–90% 分位。全部目标达成 = 同一次运行中 {n} 项目标全部达成。",
        "P(met) = runs meeting the target / successful runs; intervals are Wilson 95%; cost is "
        "the median and 10th–90th percentile over runs. All targets = all {n} targets met in "
        "the same run.",
    ),
    "fans_lead": (
        "实线为各方案运行的中位数，色带为 10%–90% 分位；红色虚线为规划目标，黑点为规划文本记载的历史数据；"
        "灰色背景为规划期。",
        "Lines: the median of each package's runs; bands: 10th–90th percentile; red dashed line: "
        "the plan's target; black dots: the record the plan gives; grey background: the plan "
        "period.",
    ),
    "target_line": ("{year} 年目标 {value}", "{year} target {value}"),
    "record": ("历史记录", "Record"),
    "plan_period": ("规划期", "Plan period"),
    "bars_lead": (
        "条形为达成概率，误差线为 95% 威尔逊区间；最上方为全部目标同时达成的概率。",
        "Bars: probability of meeting each target; whiskers: 95% Wilson interval; top row: "
        "all targets met in the same run.",
    ),
    "p_axis": ("达成概率（%）", "Probability of meeting the target (%)"),
    "cost_lead": (
        "每个点为一个方案：横轴为 {y0}–{y1} 年财政投入的中位数（误差线 10–90%），纵轴为全部目标达成概率"
        "（误差线 95% 区间）。越靠左上越好。",
        "Each point is a package: fiscal cost {y0}–{y1}, median with 10–90% whiskers, against "
        "the probability of meeting all targets with its 95% interval. Up and to the left is "
        "better.",
    ),
    "cost_axis": ("财政投入 {y0}–{y1}（亿元）", "Fiscal cost {y0}–{y1} (100m yuan)"),
    "p_all_axis": ("全部目标达成概率（%）", "P(all targets met) (%)"),
    "sens_sobol": ("方差分解（Sobol 指数）", "Variance decomposition (Sobol indices)"),
    "sens_sobol_lead": (
        "扫描采用 Saltelli（Sobol）设计：对每个方案、每个目标，以每个参数组合下 {seeds} 个随机种子的平均值为"
        "输出，用 SALib 计算一阶指数 S1（单个输入单独解释的方差份额）和总效应指数 ST（含交互作用）。"
        "“全部目标”一行为全部达成的比例。灰格：该输出在设计中不变。估计值截断到 [0, 1]；设计点较少时置信区间较宽。",
        "The sweep used a Saltelli (Sobol) design: for each package and target, the output is "
        "the mean over {seeds} seeds at each design point; SALib gives the first-order index "
        "S1 (share of variance explained by one input alone) and the total index ST (with its "
        "interactions). The 'All targets' row is the share of runs meeting all. Grey: the "
        "output does not vary over the design. Estimates are clipped to [0, 1]; with few "
        "design points their confidence intervals are wide.",
    ),
    "sens_morris": ("基本效应筛选（Morris 方法）", "Elementary-effects screening (Morris)"),
    "sens_morris_lead": (
        "扫描采用 Morris 设计：对每个方案、每个目标，以 {seeds} 个随机种子的平均值为输出，用 SALib 计算 "
        "μ*（基本效应绝对值的均值）；各行除以该行最大值，1 表示对该目标影响最大的输入。灰格：该输出在设计中不变。",
        "The sweep used a Morris design: for each package and target, the output is the mean "
        "over {seeds} seeds; SALib gives μ* (mean absolute elementary effect). Each row is "
        "divided by its largest μ*, so 1 marks the input that moves that target most. Grey: "
        "the output does not vary over the design.",
    ),
    "sens_omitted": ("敏感性分析：未包含。", "Sensitivity analysis: omitted."),
    "sens_no_sampler": (
        "本次扫描没有抽样的杠杆或参数（只有方案 × 随机种子），无法计算敏感性指数。"
        "如需敏感性分析，请在扫描文件中加入 [params] 或 [levers] 的取值范围，并使用 "
        'sampler = "sobol" 或 "morris"。',
        "This sweep samples no lever or parameter (packages × seeds only), so there is nothing "
        "to attribute variance to. For sensitivity indices, give [params] or [levers] ranges "
        'in the sweep file with sampler = "sobol" or "morris".',
    ),
    "sens_wrong_sampler": (
        "本次扫描的抽样方法为{sampler}；Sobol 指数需要 Saltelli 设计、Morris 指数需要 Morris 设计，"
        '因此不计算敏感性指数（如需要，请使用 sampler = "sobol" 或 "morris"）。下面的情景发现不受此限制。',
        "This sweep's sampler is {sampler}: Sobol indices need a Saltelli design and Morris "
        "indices a Morris design, so no sensitivity indices are computed (use sampler = "
        '"sobol" or "morris" for them). The scenario discovery below does not need either.',
    ),
    "sens_incomplete": (
        "扫描尚未完成：{n} 个参数组合在方案 {package} 下没有成功运行，SALib 需要完整的设计。完成扫描后再生成报告。",
        "The sweep is incomplete: design points without a successful run for package "
        "{package}: {n}, and SALib needs the whole design. Finish the sweep, then make the "
        "report again.",
    ),
    "sens_package": ("方案 {package}", "Package {package}"),
    "disc": ("情景发现（PRIM）", "Scenario discovery (PRIM)"),
    "disc_omitted": ("情景发现：未包含。", "Scenario discovery: omitted."),
    "disc_no_sampled": (
        "本次扫描没有抽样的杠杆或参数，各方案之间的比较已在前几节给出；PRIM 需要抽样的输入才能寻找"
        "“在什么条件下能达成目标”。",
        "This sweep samples no lever or parameter; the packages are compared in the sections "
        "above. PRIM needs sampled inputs to find the conditions under which targets are met.",
    ),
    "disc_no_contrast": (
        "没有一个目标在足够多的运行中既有达成也有未达成（每类至少 {k} 次），PRIM 没有可区分的对象。",
        "No target is both met and missed in enough runs (at least {k} of each), so PRIM has "
        "nothing to separate.",
    ),
    "disc_lead": (
        "用 EMA Workbench 的 PRIM 在全部 {n} 次成功运行中寻找一个输入区域（“盒子”），使该区域内“{outcome}”"
        "的比例尽量高。{why}覆盖率 = 盒内达成的运行 / 全部达成的运行；密度 = 盒内达成的比例。",
        "EMA Workbench's PRIM searches the {n} successful runs for a region of the inputs (a "
        "'box') where '{outcome}' is as frequent as possible. {why}Coverage = runs in the box "
        "that meet it / all runs that meet it; density = share of the box's runs that meet it.",
    ),
    "disc_why_all": ("", ""),
    "disc_why_other": (
        "全部目标同时达成的运行太少（{k} 次），因此改用达成与未达成最均衡的目标。",
        "Too few runs meet all targets at once ({k}), so the most balanced target is used "
        "instead. ",
    ),
    "disc_why_chosen": (
        "所分析的目标由 --prim-target 指定。",
        "The target was chosen with --prim-target. ",
    ),
    "disc_met": ("达成：{name}", "met: {name}"),
    "disc_stats": (
        "所选盒子：覆盖率 {coverage}，密度 {density}（全部运行中为 {base}），包含 {mass} 的运行，限制 {k} 个输入。",
        "Chosen box: coverage {coverage}, density {density} (against {base} over all runs), "
        "holding {mass} of the runs, restricting {k} inputs.",
    ),
    "disc_nobox": (
        "PRIM 没有找到比全部运行密度更高的盒子：没有哪个输入区域明显更有利于达成该目标。",
        "PRIM found no box denser than the runs as a whole: no region of the inputs clearly "
        "favours meeting this target.",
    ),
    "disc_traj": ("PRIM 剥离轨迹", "PRIM peeling trajectory"),
    "coverage": ("覆盖率", "Coverage"),
    "density": ("密度", "Density"),
    "res_dim": ("受限输入个数", "Restricted inputs"),
    "chosen": ("所选盒子", "Chosen box"),
    "input": ("输入", "Input"),
    "box_range": ("盒内范围", "Range in the box"),
    "full_range": ("抽样范围", "Sampled range"),
    "qp": ("显著性（qp 值）", "Significance (qp value)"),
    "calib_lead": ("校准结果目录：{dir}", "Calibration results folder: {dir}"),
    "calib_none": (
        "该目录中没有 summary.csv 或 posterior.parquet，因此没有校准表格。",
        "The folder holds neither summary.csv nor posterior.parquet, so there is no "
        "calibration table.",
    ),
    "calib_summary": ("校准摘要（summary.csv）", "Calibration summary (summary.csv)"),
    "calib_posterior": (
        "后验样本（posterior.parquet，{n} 个样本）",
        "Posterior draws (posterior.parquet, {n} draws)",
    ),
    "calib_more": ("（只显示前 {k} 行，共 {n} 行）", "(first {k} of {n} rows shown)"),
    "calib_not_given": (
        "参数校准：未提供（使用 --calibration DIR 可加入校准结果）。",
        "Calibration: not given (add it with --calibration DIR).",
    ),
    "column": ("列", "Column"),
    "mean": ("均值", "Mean"),
    "sd": ("标准差", "SD"),
    "q05": ("5% 分位", "5%"),
    "q50": ("中位数", "Median"),
    "q95": ("95% 分位", "95%"),
    "prov_model": ("模型版本（扫描时）", "Model version (of the runs)"),
    "prov_model_now": ("模型版本（当前）", "Model version (now)"),
    "prov_model_changed": (
        "模型在扫描之后已修改：下方参数表为当前版本，可能与扫描时不同。",
        "The model has changed since the sweep: the tables below are today's and may differ "
        "from the ones the runs used.",
    ),
    "prov_region": ("地区", "Region"),
    "prov_created": ("扫描创建时间（UTC）", "Sweep created (UTC)"),
    "prov_generated": ("报告生成时间（UTC）", "Report generated (UTC)"),
    "prov_runs": ("运行次数", "Runs"),
    "prov_runs_value": (
        "设计 {design} 次，已完成 {done} 次（成功 {ok}，失败 {failed}）",
        "{design} in the design, {done} finished ({ok} ok, {failed} failed)",
    ),
    "prov_seeds": ("随机种子", "Seeds"),
    "prov_seeds_value": (
        "每个方案与参数组合 {n} 个（{lo}–{hi}）",
        "{n} per package and design point ({lo}–{hi})",
    ),
    "prov_horizon": ("模拟期", "Simulated years"),
    "prov_sampler": ("抽样方法", "Sampler"),
    "prov_sampler_none": ("无（只有方案 × 随机种子）", "none (packages × seeds)"),
    "prov_packages": ("方案", "Packages"),
    "prov_store": ("扫描结果目录", "Store folder"),
    "prov_sweep": ("扫描文件", "Sweep file"),
    "prov_ranges": ("抽样的输入与范围", "Sampled inputs and ranges"),
    "prov_params": (
        "行为参数（取值、范围与来源）",
        "Behavioural parameters (values, ranges, sources)",
    ),
    "prov_levers": ("政策杠杆目录", "Policy lever catalogue"),
    "name": ("名称", "Name"),
    "id": ("代号", "Id"),
    "default": ("默认值", "Default"),
    "range": ("范围", "Range"),
    "source": ("来源", "Source"),
    "sampled": ("（本次抽样）", " (sampled)"),
    "status_quo": ("现状值", "Status quo"),
    "plan": ("规划值", "Plan"),
    "section": ("规划条目", "Plan §"),
    "kind_lever": ("杠杆", "lever"),
    "kind_param": ("参数", "parameter"),
    "kind": ("类别", "Kind"),
    "omitted_calib": ("", ""),
    "assumed": ("假设；", "assumed; "),
    "yes": ("是", "yes"),
}

# Units of indicators in Chinese: the core's glossary (sim.indicators.UNITS_ZH) and the
# report's short form of a share. Levers' and parameters' units in Chinese are their own
# (LeverSpec.unit_zh, sim.params_zh).
UNITS_ZH = {**CORE_UNITS_ZH, "share": "%"}
UNITS_EN = {"share": "%", "100m yuan": "100m yuan"}
SAMPLERS = {
    "factorial": ("全因子设计", "full factorial"),
    "lhs": ("拉丁超立方抽样", "Latin hypercube"),
    "sobol": ("Sobol（Saltelli）设计", "Sobol (Saltelli)"),
    "morris": ("Morris 设计", "Morris"),
}


def tr(key: str, lang: str, **fields) -> str:
    """The text ``key`` in ``lang`` (``"zh"`` or ``"en"``), formatted with ``fields``."""
    zh, en = TEXT[key]
    s = zh if lang == "zh" else en
    return s.format(**fields) if fields else s


# key: (zh, en) — every refusal names the value and what is allowed, in both languages
ERRORS: dict[str, tuple[str, str]] = {
    "lang": (
        "--lang = {lang!r} 不是报告语言；可选：zh、en",
        "--lang = {lang!r} is not a report language; allowed: zh, en",
    ),
    "no_font": (
        "中文报告需要 Noto Sans CJK 字体，但未安装（Debian：apt-get install fonts-noto-cjk）；或使用 --lang en",
        "a Chinese report needs the Noto Sans CJK font, which is not installed "
        "(Debian: apt-get install fonts-noto-cjk); or use --lang en",
    ),
    "calib_empty": (
        "--calibration 为空；请给出参数校准结果目录",
        "--calibration is empty; give the calibration results folder",
    ),
    "calib_missing": (
        "--calibration '{dir}' 不存在；请给出包含 {files} 的目录",
        "--calibration '{dir}' does not exist; give a folder holding {files}",
    ),
    "calib_file": (
        "--calibration '{dir}' 是文件；请给出包含 {files} 的目录",
        "--calibration '{dir}' is a file; give a folder holding {files}",
    ),
    "calib_unreadable": (
        "--calibration：无法读取 {file}：{reason}",
        "--calibration: cannot read {file}: {reason}",
    ),
    "store_empty_arg": (
        "STORE 为空；请给出 baodi-sim sweep 写出的目录",
        "STORE is empty; give a folder written by baodi-sim sweep",
    ),
    "store_missing": (
        "STORE '{store}' 不存在；请给出 baodi-sim sweep 写出的目录",
        "STORE '{store}' does not exist; give a folder written by baodi-sim sweep",
    ),
    "not_store": (
        "STORE '{store}' 不是扫描结果目录（没有 manifest.json）；请给出 baodi-sim sweep FILE --out STORE 写出的目录",
        "STORE '{store}' is not a sweep store (no manifest.json); give a folder written by "
        "baodi-sim sweep FILE --out STORE",
    ),
    "no_runs": (
        "STORE '{store}' 还没有完成的运行（设计共 {n} 次）；请先运行或续跑扫描：baodi-sim sweep FILE --out STORE",
        "STORE '{store}' holds no finished run yet ({n} in its design); run or resume the sweep "
        "first: baodi-sim sweep FILE --out STORE",
    ),
    "prim_target": (
        "--prim-target = {target!r} 不是地区 '{region}' 的目标{hint}；可选：all、{allowed}",
        "--prim-target = {target!r} is not a target of region '{region}'{hint}; allowed: all, {allowed}",
    ),
    "out_empty": (
        "--out 为空；请给出以 .html 或 .pdf 结尾的文件名",
        "--out is empty; give a file ending in .html or .pdf",
    ),
    "out_folder": (
        "--out '{path}' 是目录；请给出以 .html 或 .pdf 结尾的文件名",
        "--out '{path}' is a folder; give a file name ending in .html or .pdf",
    ),
    "out_ext": (
        "--out '{path}'：不允许扩展名 '{ext}'；可选：{allowed}",
        "--out '{path}': extension '{ext}' is not allowed; allowed: {allowed}",
    ),
    "out_parent_missing": (
        "--out '{path}'：目录 '{parent}' 不存在",
        "--out '{path}': folder '{parent}' does not exist",
    ),
    "out_parent_file": (
        "--out '{path}'：'{parent}' 不是目录",
        "--out '{path}': folder '{parent}' is not a folder",
    ),
    "out_unwritable": (
        "--out '{path}'：目录 '{parent}' 不可写（{reason}）",
        "--out '{path}': folder '{parent}' is not writable ({reason})",
    ),
    "no_chromium": (
        "PDF 报告由无界面 chromium 打印，但未安装 chromium（Debian：apt-get install chromium）；或改写 --out FILE.html",
        "a PDF report is printed by headless chromium, which is not installed "
        "(Debian: apt-get install chromium); or write --out FILE.html",
    ),
    "pdf_timeout": (
        "chromium 未能在 {s} 秒内打印 PDF",
        "chromium did not print the PDF within {s} s",
    ),
    "pdf_failed": (
        "chromium 无法打印 PDF（退出码 {code}）：{tail}",
        "chromium could not print the PDF (exit {code}): {tail}",
    ),
    "write_failed": (
        "无法写入报告 '{path}'：{reason}",
        "cannot write the report to '{path}': {reason}",
    ),
}


def _error(key: str, **fields) -> ScenarioError:
    """A ``ScenarioError`` in English with its Chinese text in ``.zh`` (the CLI picks by --lang)."""
    zh, en = ERRORS[key]
    zh_fields = {**fields, **{k[:-3]: v for k, v in fields.items() if k.endswith("_zh")}}
    err = ScenarioError(en.format(**fields))
    err.zh = zh.format(**zh_fields)
    return err


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise _error("lang", lang=lang)


def _is_wide(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"


def _latin(name: str) -> str:
    """An English label without CJK: drop parentheses holding CJK, then any CJK left."""
    out = re.sub(
        r"\s*[(（][^()（）]*[)）]", lambda m: "" if any(map(_is_wide, m[0])) else m[0], name
    )
    out = "".join(c for c in out if not _is_wide(c))
    return re.sub(r"\s+", " ", out).strip(" ,;")


def unit_label(unit: str, lang: str) -> str:
    """A unit as the reader's language writes it (``"10k yuan/yr"`` -> ``"万元/年"``)."""
    return (UNITS_ZH if lang == "zh" else UNITS_EN).get(unit, unit)


def target_name(region: Region, indicator: str, lang: str) -> str:
    """A target's name in ``lang`` (the region's, else the indicator table's)."""
    by_id = {t.indicator: t for t in region.targets}
    if indicator in by_id:
        zh, en = by_id[indicator].zh, by_id[indicator].en
    else:
        zh, en, _ = INDICATORS.get(indicator, (indicator, indicator, ""))
    return zh if lang == "zh" else (_latin(en) or indicator)


_LEVER = {lv.id: lv for lv in LEVERS}
_PARAM = {p.name: p for p in PARAM_SPECS}


def input_name(column: str, lang: str) -> str:
    """A sampled column (``lever_<id>``, ``param_<name>``, ``package``) named in ``lang``."""
    if column == "package":
        return tr("package", lang)
    kind, _, key = column.partition("_")
    spec = _LEVER.get(key) if kind == "lever" else _PARAM.get(key) if kind == "param" else None
    if spec is None:
        return column
    return spec.zh if lang == "zh" else (_latin(spec.en) or key)


# ---------------------------------------------------------------------------- numbers


def _finite(v) -> bool:
    try:
        return v is not None and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def fmt_pct(p) -> str:
    """A probability as a whole percentage; ``<1%`` / ``>99%`` rather than a false 0 or 100."""
    if not _finite(p):
        return "—"
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def fmt_p_ci(p, lo, hi) -> str:
    """``42% [33–52%]``."""
    if not _finite(p):
        return "—"
    return f"{fmt_pct(p)} [{100 * lo:.0f}–{100 * hi:.0f}%]"


def fmt_money(v) -> str:
    """[100m yuan]: 2 decimals below 10, 1 above."""
    if not _finite(v):
        return "—"
    return f"{v:.{2 if abs(v) < 10 else 1}f}"


def fmt_value(v, unit: str) -> str:
    """A target indicator's value in its unit's style (shares as percentages)."""
    if not _finite(v):
        return "—"
    v = float(v)
    if unit == "share":
        return f"{100 * v:.2f}".rstrip("0").rstrip(".") + "%"
    if unit == "100m yuan":
        return fmt_money(v)
    return f"{v:.0f}" if v.is_integer() else f"{v:.1f}"


def fmt_num(v) -> str:
    """A catalogue number: ``g`` format, no thousands separators."""
    if not _finite(v):
        return "—"
    return f"{float(v):g}"


# ---------------------------------------------------------------------------- fonts


CJK_FAMILY = "Noto Sans CJK SC"
REPORT_FONT = "Baodi Report Sans"  # the HTML's own font: a subset of Noto Sans CJK SC


@lru_cache(maxsize=1)
def cjk_faces() -> dict[int, tuple[str, int]]:
    """Noto Sans CJK SC's faces on this machine: ``{weight: (collection file, face index)}``.

    Found with ``fc-list`` (Debian's ``fonts-noto-cjk``), then at the package's usual paths;
    each file is added to matplotlib's font manager, and the face used is the ``SC`` one of
    the collection (Simplified-Chinese glyph forms, not the Japanese face that comes first).
    """
    files: list[str] = []
    fc = shutil.which("fc-list")
    if fc:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [fc, ":", "family", "file"], capture_output=True, text=True, timeout=30
            ).stdout
            files += [
                line.partition(":")[0].strip()
                for line in out.splitlines()
                if "Noto Sans CJK" in line
            ]
    for folder in ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto"):
        files += [f"{folder}/NotoSansCJK-Regular.ttc", f"{folder}/NotoSansCJK-Bold.ttc"]
    faces: dict[int, tuple[str, int]] = {}
    for path in dict.fromkeys(files):
        if not Path(path).is_file():
            continue
        with contextlib.suppress(Exception):
            font_manager.fontManager.addfont(path)
        for entry in font_manager.fontManager.ttflist:
            if entry.fname == path and entry.name == CJK_FAMILY:
                w = (
                    700
                    if str(entry.weight) in ("700", "bold")
                    else 400
                    if str(entry.weight) in ("400", "normal", "regular")
                    else None
                )
                if w is not None and w not in faces:
                    faces[w] = (path, int(getattr(entry, "index", 0) or 0))
    return faces


def cjk_font() -> tuple[str, str] | None:
    """The Noto Sans CJK SC regular font file and family name every figure uses, or None."""
    face = cjk_faces().get(400)
    return (face[0], CJK_FAMILY) if face else None


def _truetype_subset(path: str, index: int, text: str) -> bytes:
    """The glyphs of ``text`` from one face of a CFF font collection, as a new TrueType font.

    Chromium prints CFF (PostScript-outline) fonts to PDF as unnamed Type 3 fonts; with
    quadratic (TrueType) outlines it embeds a named CID TrueType subset, which readers,
    copy-paste and ``pdffonts`` all handle. Only the characters shown are drawn (each
    outline converted with cu2qu), so the HTML stays small; layout tables (kerning,
    vertical forms) are not carried, which horizontal Chinese and plain Latin do not need.
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap()
        chars = sorted({ord(c) for c in text} & set(cmap))
        names = [".notdef", *dict.fromkeys(cmap[c] for c in chars)]
        source = font.getGlyphSet()
        hmtx = font["hmtx"]
        glyphs, metrics = {}, {}
        for name in names:
            pen = TTGlyphPen(None)
            source[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyphs[name] = pen.glyph()
            width, _ = hmtx[name]
            g = glyphs[name]
            g.recalcBounds(None)
            metrics[name] = (width, getattr(g, "xMin", 0))
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        family = font["name"].getDebugName(1) or CJK_FAMILY
        style = font["name"].getDebugName(2) or "Regular"
        ps_name = font["name"].getDebugName(6) or family.replace(" ", "") + "-" + style
        fb = FontBuilder(head.unitsPerEm, isTTF=True)
        fb.setupGlyphOrder(names)
        fb.setupCharacterMap({c: cmap[c] for c in chars})
        fb.setupGlyf(glyphs)
        fb.setupHorizontalMetrics(metrics)
        fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
        fb.setupNameTable(
            {"familyName": family, "styleName": style, "psName": ps_name}, windows=True, mac=False
        )
        fb.setupOS2(
            usWeightClass=os2.usWeightClass,
            sTypoAscender=os2.sTypoAscender,
            sTypoDescender=os2.sTypoDescender,
            sTypoLineGap=os2.sTypoLineGap,
            usWinAscent=os2.usWinAscent,
            usWinDescent=os2.usWinDescent,
            fsSelection=os2.fsSelection,
        )
        fb.setupPost()
        fb.font["head"].macStyle = head.macStyle
        buf = io.BytesIO()
        fb.save(buf)
        return buf.getvalue()


def font_face_css(text: str) -> str:
    """``@font-face`` rules carrying the report's own font (regular and bold), inline.

    The HTML then renders its Chinese the same on any machine, with no font request, and
    its PDF embeds the font by name. Empty (the page falls back to the system's Noto Sans
    CJK) when no such font is installed.
    """
    chars = "".join(sorted(set(text) | {chr(c) for c in range(32, 127)} | set("–—·“”‘’…×≥≤μ")))
    rules = []
    for weight, (path, index) in sorted(cjk_faces().items()):
        data = base64.b64encode(_truetype_subset(path, index, chars)).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{REPORT_FONT}"; font-weight: {weight}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
        )
    return "\n".join(rules)


def _rc(lang: str) -> dict:
    """RcParams of every report figure: Noto Sans CJK SC first, explicitly."""
    found = cjk_font()
    if found is None and lang == "zh":
        raise _error("no_font")
    family = [found[1]] if found else []
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [*family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "pdf.fonttype": 42,
        "svg.fonttype": "path",
    }


def _figure_fn(fn: Callable) -> Callable:
    """Build a figure inside the report's font settings (text objects take them when made)."""

    def wrapped(*args, lang: str = "zh", **kwargs) -> Figure:
        with matplotlib.rc_context(_rc(lang)):
            fig = fn(*args, lang=lang, **kwargs)
        fig._report_lang = lang  # so that to_png renders with the same settings
        return fig

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    wrapped.__wrapped__ = fn
    return wrapped


def to_png(fig: Figure) -> bytes:
    """PNG bytes of a report figure, rendered with the CJK font settings it was built with."""
    buf = io.BytesIO()
    with matplotlib.rc_context(_rc(getattr(fig, "_report_lang", "en"))):
        fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _wrap(s: str, lang: str, width_en: int = 30, width_zh: int = 14) -> str:
    if lang == "zh":  # break between characters, never inside a run of Latin letters or digits
        lines, line, width = [], "", 0.0
        for token in re.findall(r"[A-Za-z0-9.,%/–\-]+|.", s):
            w = sum(1.0 if _is_wide(c) else 0.55 for c in token)
            if line and width + w > width_zh:
                lines.append(line)
                line, width = "", 0.0
            line, width = line + token, width + w
        return "\n".join([*lines, line]) if line else "\n".join(lines)
    return "\n".join(textwrap.wrap(s, width_en)) or s


ZH_NUMERALS = "一二三四五六七八九十"


def numbered(i: int, title: str, lang: str) -> str:
    """A section title numbered as each language does: "三、…" / "3. …" (``i`` from 1)."""
    return f"{ZH_NUMERALS[i - 1]}、{title}" if lang == "zh" else f"{i}. {title}"


def _year_axis(ax) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}"))


def _colours(packages: list[str]) -> dict[str, str]:
    return {p: PACKAGE_COLOURS[i % len(PACKAGE_COLOURS)] for i, p in enumerate(packages)}


# ---------------------------------------------------------------------------- the data


@dataclass
class ReportData:
    """Everything the report shows, read from a store (and a calibration folder) once.

    Attributes
    ----------
    store : Path
        The store folder.
    manifest : dict
        The store's manifest (``scenarios.Store.manifest()``).
    frame : DataFrame
        One row per run (``scenarios.load``).
    years : DataFrame
        One row per (run, year) of the ok runs with every indicator (``scenarios.load_years``).
    summary : DataFrame
        ``scenarios.summarize(frame)``.
    region : sim.region.Region
        The store's region (target figures, names, record).
    packages : list of str
        In the sweep file's order.
    calibration_dir : Path or None
        ``--calibration DIR``.
    calibration : dict of str to DataFrame
        The tables found there, by file name.
    """

    store: Path
    manifest: dict
    frame: pd.DataFrame
    years: pd.DataFrame
    summary: pd.DataFrame
    region: Region
    packages: list[str]
    calibration_dir: Path | None = None
    calibration: dict = field(default_factory=dict)

    @property
    def targets(self) -> list[str]:
        """The region's target indicators, in its order."""
        return [t.indicator for t in self.region.targets]

    @property
    def cost_years(self) -> list[int]:
        """Years with a ``cost_<year>`` column (the plan period)."""
        return sorted(int(c[5:]) for c in self.frame.columns if re.fullmatch(r"cost_\d{4}", c))

    @property
    def target_year(self) -> int:
        """The year the targets are judged (the horizon)."""
        return int(self.manifest.get("horizon") or self.region.last_year)

    @property
    def sampled(self) -> list[str]:
        """The sampled columns (``lever_<id>``, ``param_<name>``) of the design."""
        return [str(n) for n in (self.manifest.get("problem") or {}).get("names", [])]

    @property
    def ok(self) -> pd.DataFrame:
        """The successful runs."""
        return self.frame[self.frame["status"] == "ok"]


def read_calibration(path) -> dict[str, pd.DataFrame]:
    """The tables of a calibration folder (see :data:`CALIBRATION_FILES`), by file name.

    Raises
    ------
    ScenarioError
        If ``path`` is not an existing folder, or a file there cannot be read.
    """
    d = Path(path)
    if str(path).strip() == "":
        raise _error("calib_empty")
    files = " / ".join(CALIBRATION_FILES)
    if not d.exists():
        raise _error("calib_missing", dir=d, files=files)
    if not d.is_dir():
        raise _error("calib_file", dir=d, files=files)
    out = {}
    for name in CALIBRATION_FILES:
        f = d / name
        if not f.is_file():
            continue
        try:
            if name.endswith(".csv"):
                out[name] = pd.read_csv(f, encoding="utf-8-sig")
            else:
                out[name] = pd.read_parquet(f)
        except Exception as exc:
            raise _error("calib_unreadable", file=f, reason=exc) from exc
    return out


def read_report_data(store, calibration=None) -> ReportData:
    """Read a sweep store (and a calibration folder) into a :class:`ReportData`.

    Raises
    ------
    ScenarioError
        If ``store`` is not a sweep store, holds no finished run, or the calibration
        folder is missing.
    """
    if str(store).strip() == "":
        raise _error("store_empty_arg")
    s = Store(store)
    if not s.path.exists():
        raise _error("store_missing", store=s.path)
    if not s.exists():
        raise _error("not_store", store=s.path)
    calib = read_calibration(calibration) if calibration is not None else {}
    manifest = s.manifest()
    frame = load(s)
    if frame.empty:
        raise _error("no_runs", store=s.path, n=manifest.get("n_runs", "?"))
    region = load_region(manifest.get("region", "baodi"))
    summary = summarize(frame, region=region)
    ok_ids = set(frame.loc[frame["status"] == "ok", "run_id"])
    years = load_years(s)
    years = years[years["run_id"].isin(ok_ids)]
    packages = [str(p) for p in pd.unique(frame["package"])]
    return ReportData(
        store=s.path,
        manifest=manifest,
        frame=frame,
        years=years,
        summary=summary,
        region=region,
        packages=packages,
        calibration_dir=Path(calibration) if calibration is not None else None,
        calibration=calib,
    )


# ---------------------------------------------------------------------------- figures


def _record_points(region: Region, indicator: str) -> list[tuple[int, float]]:
    """(year, value) of the record figures the region gives for an indicator."""
    pts = {}
    for key, figures in region.record.items():
        if re.fullmatch(r"\d{4}", str(key)) and indicator in figures:
            pts[int(key)] = float(figures[indicator])
    with contextlib.suppress(Exception):
        b = region.target(indicator).baseline_2019
        if _finite(b) and 2019 not in pts and region.first_year <= 2019 <= region.last_year:
            pts[2019] = float(b)
    return sorted(pts.items())


@_figure_fn
def fan_chart(
    years: pd.DataFrame,
    region: Region,
    indicator: str,
    packages: list[str] | None = None,
    target_year: int | None = None,
    lang: str = "zh",
) -> Figure:
    """10–50–90% of an indicator by year, one band per package, target line and record.

    Parameters
    ----------
    years : DataFrame
        One row per (run, year) of the ok runs: ``package``, ``year`` and ``indicator``.
    region : Region
        Target value, names and record.
    indicator : str
        The target indicator.
    packages : list of str, optional
        Packages to draw, in order (default: as they appear).
    target_year : int, optional
        The year of the target (default: the region's last year).
    lang : {"zh", "en"}
    """
    packages = packages or [str(p) for p in pd.unique(years["package"])]
    colours = _colours(packages)
    target = next((t for t in region.targets if t.indicator == indicator), None)
    unit = target.unit if target else INDICATORS.get(indicator, ("", "", ""))[2]
    scale = 100.0 if unit == "share" else 1.0
    target_year = target_year or region.last_year
    fig = Figure(figsize=(3.55, 2.9), layout="constrained")
    ax = fig.add_subplot()
    ax.tick_params(labelsize=7)
    ax.axvspan(region.plan_start_year - 0.5, target_year + 0.3, color="#eeeeee", zorder=0)
    handles, labels = [], []
    q = (
        years.groupby(["package", "year"])[indicator]
        .quantile([0.1, 0.5, 0.9])
        .unstack()
        .rename(columns={0.1: "p10", 0.5: "p50", 0.9: "p90"})
    )
    for p in packages:
        if p not in q.index.get_level_values(0):
            continue
        d = q.loc[p].sort_index()
        x = d.index.to_numpy(dtype=float)
        band = ax.fill_between(
            x, d["p10"] * scale, d["p90"] * scale, color=colours[p], alpha=0.18, lw=0
        )
        (line,) = ax.plot(x, d["p50"] * scale, color=colours[p], lw=1.8)
        handles.append((band, line))
        labels.append(p)  # line = median, band = 10–90%: said once, in the section's lead
    if target is not None:
        tv = target.target * scale
        ax.hlines(tv, region.plan_start_year - 1, target_year, color=TARGET_COLOUR, ls="--", lw=1.3)
        (mark,) = ax.plot([target_year], [tv], marker="D", color=TARGET_COLOUR, ms=5, ls="none")
        handles.append((Line2D([], [], color=TARGET_COLOUR, ls="--"), mark))
        labels.append(
            tr("target_line", lang, year=target_year, value=fmt_value(target.target, unit))
        )
    rec = _record_points(region, indicator)
    if rec:
        ry, rv = zip(*rec, strict=True)
        pts = ax.scatter(ry, np.asarray(rv) * scale, color=RECORD_COLOUR, s=22, zorder=5)
        handles.append(pts)
        labels.append(tr("record", lang) + " " + "/".join(str(y) for y in ry))
    handles.append(Patch(color="#eeeeee"))
    labels.append(tr("plan_period", lang) + f" {region.plan_start_year}–{target_year}")
    u = unit_label(unit, lang)
    name = target_name(region, indicator, lang) + (
        (f"（{u}）" if lang == "zh" else f" ({u})") if u else ""
    )
    ax.set_title(_wrap(name, lang, 44, 20), loc="left", fontsize=8.5)
    ax.set_xlim(region.first_year - 0.3, target_year + 0.3)
    _year_axis(ax)
    if unit in ("firms", "count"):  # counts: whole-number ticks
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    from matplotlib.legend_handler import HandlerTuple

    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncol=2,
        fontsize=6.5,
        handlelength=1.6,
        columnspacing=1.0,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
    )
    return fig


@_figure_fn
def p_met_bars(
    summary: pd.DataFrame, region: Region, packages: list[str] | None = None, lang: str = "zh"
) -> Figure:
    """P(met) per target and package as horizontal bars with Wilson-interval whiskers.

    Parameters
    ----------
    summary : DataFrame
        ``scenarios.summarize``'s table.
    region : Region
        Target names.
    packages : list of str, optional
        Packages in order.
    lang : {"zh", "en"}
    """
    packages = packages or [str(p) for p in pd.unique(summary["package"])]
    colours = _colours(packages)
    targets = ["all", *[t for t in pd.unique(summary["target"]) if t != "all"]]
    n_t, n_p = len(targets), len(packages)
    h = 0.8 / n_p
    fig = Figure(figsize=(7.2, 1.0 + n_t * (0.16 + 0.16 * n_p)), layout="constrained")
    ax = fig.add_subplot()
    s = summary.set_index(["package", "target"])
    for j, p in enumerate(packages):
        ys, ps, lo, hi = [], [], [], []
        for i, t in enumerate(targets):
            if (p, t) not in s.index:
                continue
            r = s.loc[(p, t)]
            if not _finite(r["p_met"]):
                continue
            ys.append(i - 0.4 + h * (j + 0.5))
            ps.append(100 * r["p_met"])
            lo.append(100 * (r["p_met"] - r["p_lo"]))
            hi.append(100 * (r["p_hi"] - r["p_met"]))
        ax.barh(
            ys,
            ps,
            height=h * 0.9,
            color=colours[p],
            xerr=[lo, hi],
            error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333333"},
            label=p,
        )
        for y, v, up in zip(ys, ps, hi, strict=True):  # the value, so 0% reads as 0%, not "no bar"
            ax.text(v + up + 1.2, y, fmt_pct(v / 100), va="center", fontsize=6, color="#444444")
    names = [
        tr("all_targets", lang) if t == "all" else _wrap(target_name(region, t, lang), lang, 34, 16)
        for t in targets
    ]
    ax.set_yticks(range(n_t), names)
    ax.get_yticklabels()[0].set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, 109)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_xlabel(tr("p_axis", lang))
    ax.axhline(0.5, color="#999999", lw=0.6)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    fig.legend(loc="outside lower center", ncol=min(n_p, 4), fontsize=8)
    return fig


@_figure_fn
def cost_scatter(
    summary: pd.DataFrame,
    cost_years: list[int],
    packages: list[str] | None = None,
    lang: str = "zh",
) -> Figure:
    """Fiscal cost (median, 10–90%) against P(all targets) (Wilson 95%), one point per package.

    Parameters
    ----------
    summary : DataFrame
        ``scenarios.summarize``'s table (its ``"all"`` rows are read).
    cost_years : list of int
        The years the cost covers (for the axis label).
    packages : list of str, optional
        Packages in order.
    lang : {"zh", "en"}
    """
    packages = packages or [str(p) for p in pd.unique(summary["package"])]
    colours = _colours(packages)
    y0, y1 = (cost_years[0], cost_years[-1]) if cost_years else ("", "")
    fig = Figure(figsize=(6.0, 3.4), layout="constrained")
    ax = fig.add_subplot()
    heads = summary[summary["target"] == "all"].set_index("package")
    for p in packages:
        if p not in heads.index:
            continue
        r = heads.loc[p]
        if not (_finite(r["cost_median"]) and _finite(r["p_met"])):
            continue
        x, y = r["cost_median"], 100 * r["p_met"]
        ax.errorbar(
            [x],
            [y],
            xerr=[[x - r["cost_p10"]], [r["cost_p90"] - x]],
            yerr=[[y - 100 * r["p_lo"]], [100 * r["p_hi"] - y]],
            fmt="o",
            ms=7,
            color=colours[p],
            ecolor=colours[p],
            elinewidth=1.2,
            capsize=3,
            label=p,
        )
        ax.annotate(
            p, (x, y), xytext=(6, 6), textcoords="offset points", fontsize=8, color=colours[p]
        )
    ax.set_xlabel(tr("cost_axis", lang, y0=y0, y1=y1))
    ax.set_ylabel(tr("p_all_axis", lang))
    ax.set_ylim(-3, 103)
    lo, hi = ax.get_xlim()
    ax.set_xlim(min(0.0, lo), hi + 0.08 * (hi - min(0.0, lo)))
    ax.grid(color="#dddddd", lw=0.6)
    return fig


@_figure_fn
def heatmap(
    table: pd.DataFrame,
    title: str,
    vmax: float = 1.0,
    cmap: str = "Blues",
    lang: str = "zh",
) -> Figure:
    """A rows × columns table of indices in [0, vmax], annotated; nan cells grey.

    Parameters
    ----------
    table : DataFrame
        Index: row labels (targets); columns: panel name at level 0, input label at level 1
        (a two-level column index draws one panel per level-0 value).
    title : str
    vmax : float
    cmap : str
    lang : {"zh", "en"}
    """
    panels = list(pd.unique(table.columns.get_level_values(0)))
    n_rows = len(table.index)
    n_cols = len(pd.unique(table.columns.get_level_values(1)))
    fig = Figure(
        figsize=(min(7.2, 2.8 + 1.0 * n_cols * len(panels)), 1.2 + 0.3 * n_rows),
        layout="constrained",
    )
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    cm = matplotlib.colormaps[cmap].with_extremes(bad="#d9d9d9")
    for ax, panel in zip(axes, panels, strict=True):
        sub = table[panel]
        vals = sub.to_numpy(dtype=float)
        im = ax.imshow(np.ma.masked_invalid(vals), cmap=cm, vmin=0, vmax=vmax, aspect="auto")
        for (i, j), v in np.ndenumerate(vals):
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{v:.2f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if v > 0.6 * vmax else "#222222",
                )
        ax.set_xticks(
            range(sub.shape[1]), [_wrap(str(c), lang, 14, 9) for c in sub.columns], fontsize=7
        )
        ax.set_title(str(panel), loc="center", fontsize=9)
        ax.tick_params(length=0)
        for s in ax.spines.values():
            s.set_visible(False)
    axes[0].set_yticks(
        range(n_rows), [_wrap(str(r), lang, 34, 16) for r in table.index], fontsize=7
    )
    fig.colorbar(im, ax=list(axes), shrink=0.8, pad=0.02)
    fig.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    return fig


@_figure_fn
def prim_trajectory(trajectory: pd.DataFrame, chosen: int, lang: str = "zh") -> Figure:
    """PRIM's peeling trajectory: coverage against density, coloured by restricted inputs.

    Parameters
    ----------
    trajectory : DataFrame
        ``PrimBox.peeling_trajectory`` (``coverage``, ``density``, ``res_dim``).
    chosen : int
        Row of the chosen box.
    lang : {"zh", "en"}
    """
    fig = Figure(figsize=(4.8, 3.0), layout="constrained")
    ax = fig.add_subplot()
    sc = ax.scatter(
        trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"], cmap="viridis", s=18
    )
    r = trajectory.iloc[chosen]
    ax.scatter(
        [r["coverage"]],
        [r["density"]],
        s=120,
        facecolors="none",
        edgecolors=TARGET_COLOUR,
        lw=1.6,
        label=tr("chosen", lang),
    )
    ax.set_xlabel(tr("coverage", lang))
    ax.set_ylabel(tr("density", lang))
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1.05)
    ax.grid(color="#dddddd", lw=0.6)
    cb = fig.colorbar(sc, ax=ax)
    cb.set_label(tr("res_dim", lang))
    cb.locator = MaxNLocator(integer=True)
    cb.update_ticks()
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(tr("disc_traj", lang), loc="left")
    return fig


# ---------------------------------------------------------------------------- analyses


@dataclass
class Omitted:
    """A section left out, and why (shown in the report)."""

    reason: str


@dataclass
class Sensitivity:
    """SALib indices: one table per package, rows = outputs, columns = (index, input)."""

    method: str  # "sobol" or "morris"
    tables: dict  # package -> DataFrame
    seeds: int


def _sampler_settings(manifest: dict) -> dict:
    """``second_order`` and ``levels`` of the store's sampler, from its sweep file text."""
    from scenarios.spec import DEFAULT_LEVELS

    out = {"second_order": False, "levels": DEFAULT_LEVELS.get("morris", 4)}
    with contextlib.suppress(tomllib.TOMLDecodeError, TypeError):
        raw = tomllib.loads(manifest.get("sweep_text") or "").get("sampler")
        if isinstance(raw, dict):
            out["second_order"] = bool(raw.get("second_order", False))
            if raw.get("levels") is not None:
                out["levels"] = int(raw["levels"])
    return out


def _outputs(data: ReportData) -> list[tuple[str, str]]:
    """(column, label) of the outputs analysed: all targets met, then each target's value."""
    return [("met_all", "all")] + [(f"value_{t}", t) for t in data.targets]


def sensitivity(data: ReportData, lang: str = "zh") -> Sensitivity | Omitted:
    """SALib's Sobol or Morris indices of every target, per package, where the design allows.

    The output at a design point is the mean over its seeds (P(met) for "all targets").
    Omitted, with the reason, when nothing is sampled, the sampler is neither ``sobol`` nor
    ``morris``, or a design point has no successful run.
    """
    method = data.manifest.get("sampler")
    problem = data.manifest.get("problem") or {}
    if not problem.get("num_vars"):
        return Omitted(tr("sens_no_sampler", lang))
    if method not in ("sobol", "morris"):
        name = SAMPLERS.get(method, (str(method), str(method)))[0 if lang == "zh" else 1]
        return Omitted(tr("sens_wrong_sampler", lang, sampler=name))
    prob = {k: problem[k] for k in ("num_vars", "names", "bounds")}
    settings = _sampler_settings(data.manifest)
    design = Store(data.store).design()
    points = design.groupby("experiment")[prob["names"]].first().sort_index()
    labels = [input_name(n, lang) for n in prob["names"]]
    tables = {}
    for package in data.packages:
        ok = data.ok[data.ok["package"] == package]
        means = ok.groupby("experiment")[[c for c, _ in _outputs(data)]].mean(numeric_only=False)
        means = means.reindex(points.index)
        missing = int(means.isna().all(axis=1).sum())
        if missing:
            return Omitted(tr("sens_incomplete", lang, n=missing, package=package))
        rows = {}
        for col, label in _outputs(data):
            y = means[col].astype(float).to_numpy()
            name = (
                tr("all_targets", lang) if label == "all" else target_name(data.region, label, lang)
            )
            rows[name] = _indices(method, prob, points.to_numpy(), y, settings, labels)
        tables[package] = pd.DataFrame(rows).T
    seeds = int(data.manifest.get("seeds") or data.frame["seed"].nunique())
    return Sensitivity(method=method, tables=tables, seeds=seeds)


def _indices(method, prob, x, y, settings, labels) -> dict:
    """One output's indices as {(panel, input label): value}; nan when y does not vary."""
    if method == "sobol":
        keys = [("S1", lab) for lab in labels] + [("ST", lab) for lab in labels]
    else:
        keys = [("μ*", lab) for lab in labels]
    if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
        return dict.fromkeys(keys, math.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "sobol":
            from SALib.analyze import sobol

            si = sobol.analyze(
                prob, y, calc_second_order=settings["second_order"], print_to_console=False, seed=0
            )
            s1 = np.clip(np.asarray(si["S1"], dtype=float), 0, 1)
            st = np.clip(np.asarray(si["ST"], dtype=float), 0, 1)
            return dict(zip(keys, [*s1, *st], strict=True))
        from SALib.analyze import morris

        si = morris.analyze(
            prob, x, y, num_levels=settings["levels"], print_to_console=False, seed=0
        )
        mu = np.asarray(si["mu_star"], dtype=float)
        top = np.nanmax(mu)
        mu = mu / top if top > 0 else np.full_like(mu, math.nan)
        return dict(zip(keys, mu, strict=True))


@dataclass
class Discovery:
    """A PRIM box: the outcome, the chosen box's statistics and limits, the trajectory."""

    outcome: str  # "all" or a target indicator
    label: str
    why: str
    n_runs: int
    base_rate: float
    trajectory: pd.DataFrame | None
    chosen: int | None
    limits: pd.DataFrame | None  # input label, box range, sampled range, qp


def _prim_outcome(data: ReportData, requested: str | None) -> tuple[str, str] | None:
    """(outcome id, reason key) PRIM explains; None when no target splits the runs."""
    ok = data.ok

    def split(col):
        k = int(ok[col].eq(True).sum())
        return min(k, len(ok) - k)

    if requested:
        col = "met_all" if requested == "all" else f"met_{requested}"
        return (requested, "disc_why_chosen") if split(col) >= 1 else None
    if split("met_all") >= PRIM_MIN_CASES:
        return "all", "disc_why_all"
    shares = {t: ok[f"met_{t}"].eq(True).mean() for t in data.targets}
    cands = [t for t in data.targets if split(f"met_{t}") >= PRIM_MIN_CASES]
    if not cands:
        return None
    return min(cands, key=lambda t: abs(shares[t] - 0.5)), "disc_why_other"


def discovery(data: ReportData, lang: str = "zh", target: str | None = None) -> Discovery | Omitted:
    """EMA Workbench's PRIM on the sampled inputs: the region where ``target`` is met most.

    Parameters
    ----------
    data : ReportData
    lang : {"zh", "en"}
    target : str, optional
        ``"all"`` or a target indicator; default: all targets when at least
        :data:`PRIM_MIN_CASES` runs meet them and as many miss them, else the most
        balanced target.

    Returns
    -------
    Discovery or Omitted
        The box with the largest coverage among those with density at least
        ``min(0.8, 0.9 × the best density)`` on the peeling trajectory.
    """
    if target is not None and target != "all" and target not in data.targets:
        from sim.errors import nearest

        hint = nearest(target, [*data.targets, "all"])
        raise _error(
            "prim_target",
            target=target,
            region=data.region.id,
            hint=hint,
            hint_zh=re.sub(r" \(did you mean '(.*)'\?\)", r"（是否想输入 '\1'？）", hint),
            allowed=", ".join(data.targets),
        )
    if not data.sampled:
        return Omitted(tr("disc_no_sampled", lang))
    chosen = _prim_outcome(data, target)
    if chosen is None:
        return Omitted(tr("disc_no_contrast", lang, k=PRIM_MIN_CASES))
    outcome, why_key = chosen
    ok = data.ok.reset_index(drop=True)
    y = ok["met_all" if outcome == "all" else f"met_{outcome}"].eq(True).to_numpy()
    cols = list(data.sampled)
    x = ok[cols].astype(float).copy()
    if len(data.packages) > 1:
        x["package"] = pd.Categorical(ok["package"].astype(str), categories=data.packages)
        cols.append("package")
    label = tr("all_targets", lang) if outcome == "all" else target_name(data.region, outcome, lang)
    why = tr(why_key, lang, k=int(ok["met_all"].eq(True).sum()))
    base = float(y.mean())
    with warnings.catch_warnings():  # EMA warns about optional extras it does not need here
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        p = prim.Prim(x, y, threshold=base)
        box = p.find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    if len(traj) < 2 or traj["density"].max() <= base + 1e-12:
        return Discovery(outcome, label, why, len(ok), base, None, None, None)
    best = traj["density"].max()
    i = int(traj[traj["density"] >= min(0.8, 0.9 * best)]["coverage"].idxmax())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats_lims = box.inspect(i, style="data")
    lims = stats_lims[0][1] if isinstance(stats_lims, list) else stats_lims[1]
    rows = []
    for name in lims.index:
        lo, hi = lims.iloc[lims.index.get_loc(name), 0], lims.iloc[lims.index.get_loc(name), 1]
        qps = [v for v in lims.loc[name].iloc[2:].tolist() if _finite(v)]
        if name == "package":
            box_range = ", ".join(sorted(lo)) if isinstance(lo, set) else str(lo)
            full = ", ".join(data.packages)
        else:
            j = data.sampled.index(name)
            blo, bhi = data.manifest["problem"]["bounds"][j]
            box_range, full = (
                f"{fmt_num(_sig(lo))} – {fmt_num(_sig(hi))}",
                f"{fmt_num(blo)} – {fmt_num(bhi)}",
            )
        rows.append(
            {
                "input": input_name(name, lang),
                "box": box_range,
                "full": full,
                "qp": ", ".join(f"{v:.2g}" for v in qps) if qps else "—",
            }
        )
    # A box that restricts no input (the target is met nearly everywhere) has no rows.
    limits = pd.DataFrame(rows, columns=["input", "box", "full", "qp"])
    return Discovery(outcome, label, why, len(ok), base, traj, i, limits)


def _sig(v, digits: int = 4) -> float:
    v = float(v)
    return float(f"{v:.{digits}g}")


# ---------------------------------------------------------------------------- HTML

CSS = """
@page { size: A4; margin: 14mm 13mm 14mm 13mm; }
* { box-sizing: border-box; }
html { font-family: "Baodi Report Sans", "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
  font-size: 10pt; color: #1a1a1a; line-height: 1.45; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm 0; }
h2 { font-size: 13pt; margin: 0 0 3mm 0; padding-bottom: 1mm; border-bottom: 1.5px solid #1f4e79;
  color: #1f4e79; }
h3 { font-size: 11pt; margin: 5mm 0 2mm 0; }
.subtitle { color: #555; margin: 0 0 4mm 0; }
section { margin: 0 0 8mm 0; }
section.page { break-before: page; }
/* nothing after the last table: a full last page must not spill a blank one */
section:last-child, section:last-child > :last-child { margin-bottom: 0; }
@media print { body { padding-bottom: 0; } }
p { margin: 0 0 2.5mm 0; }
.note { color: #555; font-size: 8.5pt; }
.omitted { background: #fff7e0; border-left: 3px solid #e0a800; padding: 2mm 3mm; }
.headline { font-size: 11pt; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm 0; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 0.9mm 1.4mm; text-align: left;
  vertical-align: top; }
th { background: #eef3f8; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
tr.all td { font-weight: bold; border-top: 1.5px solid #888; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 4mm; }
figure { margin: 0; break-inside: avoid; }
figure img { max-width: 100%; height: auto; display: block; }
section.keep { break-inside: avoid; }
pre { font-family: inherit; font-size: 8pt; background: #f6f6f6; padding: 2mm 3mm; white-space: pre-wrap;
  word-break: break-all; }
ul.toc { margin: 1mm 0 2mm 0; padding: 0; list-style: none; font-size: 9pt; display: flex;
  flex-wrap: wrap; gap: 0 5mm; }
ul.toc li { white-space: nowrap; }
nav { margin-bottom: 4mm; }
td.pkg { white-space: nowrap; }
a { color: #1f4e79; text-decoration: none; }
.swatch { display: inline-block; flex: none; width: 3mm; height: 3mm; margin-right: 1.5mm;
  vertical-align: middle; }
"""


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _img(fig: Figure, alt: str, cls: str = "") -> str:
    width_mm = fig.get_figwidth() * 25.4  # printed at its own size: 8 pt text stays 8 pt
    data = base64.b64encode(to_png(fig)).decode("ascii")
    fig.clear()
    c = f' class="{cls}"' if cls else ""
    return (
        f'<figure{c}><img alt="{_e(alt)}" style="width:{width_mm:.0f}mm" '
        f'src="data:image/png;base64,{data}"></figure>'
    )


def _table(
    headers: list[str], rows: list[list[str]], num: set[int] = frozenset(), row_cls=None
) -> str:
    head = "".join(
        f"<th{' class=num' if j in num else ''}>{_e(h)}</th>" for j, h in enumerate(headers)
    )
    body = []
    for i, r in enumerate(rows):
        cls = f' class="{row_cls[i]}"' if row_cls and row_cls[i] else ""
        cells = "".join(
            f"<td{' class=num' if j in num else ''}>{c if isinstance(c, _Raw) else _e(c)}</td>"
            for j, c in enumerate(r)
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Raw(str):
    """Cell HTML that is already escaped."""


def _swatch(colour: str, text: str) -> "_Raw":
    return _Raw(
        f'<span style="white-space:nowrap"><span class="swatch" style="background:{colour}"></span>'
        f"{_e(text)}</span>"
    )


def _cell_bg(p) -> str:
    """A soft background for a probability: red (0) through amber to green (1)."""
    if not _finite(p):
        return ""
    r, g, b = (
        (248, 215, 218)
        if p < 0.2
        else (255, 236, 179)
        if p < 0.5
        else (220, 237, 200)
        if p < 0.8
        else (183, 223, 185)
    )
    return f"background:rgb({r},{g},{b})"


def _section_summary(data: ReportData, lang: str) -> str:
    s = data.summary
    heads = s[s["target"] == "all"].set_index("package")
    cy = data.cost_years
    y0, y1 = (cy[0], cy[-1]) if cy else (data.region.plan_start_year, data.target_year)
    ref = data.packages[0]
    colours = _colours(data.packages)
    n_points = int(data.frame["experiment"].nunique())
    seeds = int(data.frame["seed"].nunique())
    parts = [f'<section id="summary"><h2>{_e(tr("sec_summary", lang))}</h2>']
    design = tr("lead_design", lang, n=n_points) if n_points > 1 else ""
    parts.append(
        "<p>"
        + _e(tr("lead", lang, seeds=seeds, design=design, year=data.target_year, y0=y0, y1=y1))
        + "</p>"
    )
    best = heads["p_met"].astype(float)
    if best.notna().any() and best.max() > 0:
        top = [p for p in data.packages if best[p] == best.max()]
        r = heads.loc[top[0]]
        parts.append(
            f'<p class="headline">'
            f"{_e(tr('best', lang, package=', '.join(top), p=fmt_p_ci(r['p_met'], r['p_lo'], r['p_hi'])))}</p>"
        )
    elif best.notna().any():
        parts.append(f'<p class="headline">{_e(tr("none_all", lang))}</p>')
    rows = []
    for i, p in enumerate(data.packages):
        h = heads.loc[p]
        x = h["extra_p_all_per_100m"]
        if i == 0:
            extra = tr("reference", lang)
        elif _finite(x):
            extra = tr("pp", lang, x=f"{100 * x:+.1f}")
        else:
            extra = tr("not_costlier", lang) if h["n_runs"] else "—"
        rows.append(
            [
                _swatch(colours[p], p),
                f"{int(h['n_runs'])}/{int(h['n_failed'])}",
                fmt_p_ci(h["p_met"], h["p_lo"], h["p_hi"]),
                f"{fmt_money(h['cost_median'])} [{fmt_money(h['cost_p10'])}–{fmt_money(h['cost_p90'])}]",
                extra,
            ]
        )
    parts.append(
        _table(
            [
                tr("package", lang),
                tr("runs", lang),
                tr("p_all", lang),
                tr("cost_total", lang, y0=y0, y1=y1),
                tr("extra", lang, ref=ref),
            ],
            rows,
            num={1, 2, 3},
        )
    )
    # P(each target) matrix
    parts.append(f"<h3>{_e(tr('tab_targets', lang))}</h3>")
    by = s.set_index(["package", "target"])
    rows, cls = [], []
    for t in [*data.targets, "all"]:
        if t == "all":
            name, unit, plan = tr("all_targets", lang), "", ""
        else:
            tg = data.region.target(t)
            name, unit, plan = (
                target_name(data.region, t, lang),
                tg.unit,
                fmt_value(tg.target, tg.unit),
            )
        shown_unit = unit_label(unit, lang) if unit not in ("", "share") else ""
        cells = [name, shown_unit.replace(" ", "\u00a0"), plan]
        for p in data.packages:
            r = by.loc[(p, t)] if (p, t) in by.index else None
            if r is None:
                cells.append("—")
                continue
            cells.append(
                _Raw(
                    f'<span style="{_cell_bg(r["p_met"])};padding:0.3mm 1mm;border-radius:1mm">'
                    f"{_e(fmt_p_ci(r['p_met'], r['p_lo'], r['p_hi']))}</span>"
                )
            )
        rows.append(cells)
        cls.append("all" if t == "all" else "")
    parts.append(
        _table(
            [
                tr("target", lang),
                tr("unit", lang),
                tr("plan_value", lang, year=data.target_year),
                *data.packages,
            ],
            rows,
            num=set(range(2, 3 + len(data.packages))),
            row_cls=cls,
        )
    )
    # cost by year
    parts.append(f"<h3>{_e(tr('tab_cost', lang))}</h3>")
    ok = data.ok
    rows = []
    for p in data.packages:
        sub = ok[ok["package"] == p]
        rows.append(
            [_swatch(colours[p], p)]
            + [fmt_money(sub[f"cost_{y}"].median()) if len(sub) else "—" for y in cy]
            + [fmt_money(sub["cost_total"].median()) if len(sub) else "—"]
        )
    parts.append(
        _table(
            [tr("package", lang), *[str(y) for y in cy], tr("total", lang)],
            rows,
            num=set(range(1, len(cy) + 2)),
        )
    )
    failed = int((data.frame["status"] != "ok").sum())
    if failed:
        parts.append(f'<p class="omitted">{_e(tr("failed_note", lang, n=failed))}</p>')
    parts.append(f'<p class="note">{_e(tr("summary_note", lang, n=len(data.targets)))}</p>')
    parts.append("</section>")
    return "".join(parts)


def _section_fans(data: ReportData, lang: str) -> str:
    parts = [f'<section id="fans" class="page"><h2>{_e(tr("sec_fans", lang))}</h2>']
    parts.append(f'<p class="note">{_e(tr("fans_lead", lang))}</p><div class="grid">')
    for t in data.targets:
        fig = fan_chart(
            data.years,
            data.region,
            t,
            packages=data.packages,
            target_year=data.target_year,
            lang=lang,
        )
        parts.append(_img(fig, target_name(data.region, t, lang)))
    parts.append("</div></section>")
    return "".join(parts)


def _section_bars(data: ReportData, lang: str) -> str:
    fig = p_met_bars(data.summary, data.region, packages=data.packages, lang=lang)
    return (
        f'<section id="bars" class="page"><h2>{_e(tr("sec_bars", lang))}</h2>'
        f'<p class="note">{_e(tr("bars_lead", lang))}</p>'
        + _img(fig, tr("sec_bars", lang), "wide")
        + "</section>"
    )


def _section_cost(data: ReportData, lang: str) -> str:
    cy = data.cost_years
    y0, y1 = (cy[0], cy[-1]) if cy else ("", "")
    fig = cost_scatter(data.summary, cy, packages=data.packages, lang=lang)
    return (
        f'<section id="cost" class="keep"><h2>{_e(tr("sec_cost", lang))}</h2>'
        f'<p class="note">{_e(tr("cost_lead", lang, y0=y0, y1=y1))}</p>'
        + _img(fig, tr("sec_cost", lang), "wide")
        + "</section>"
    )


def _section_sensitivity(data: ReportData, lang: str, prim_target: str | None) -> str:
    parts = [f'<section id="sensitivity" class="page"><h2>{_e(tr("sec_sens", lang))}</h2>']
    sens = sensitivity(data, lang)
    if isinstance(sens, Omitted):
        parts.append(
            f'<p class="omitted"><b>{_e(tr("sens_omitted", lang))}</b> {_e(sens.reason)}</p>'
        )
    else:
        key = "sens_sobol" if sens.method == "sobol" else "sens_morris"
        parts.append(f"<h3>{_e(tr(key, lang))}</h3>")
        parts.append(f'<p class="note">{_e(tr(key + "_lead", lang, seeds=sens.seeds))}</p>')
        for package, table in sens.tables.items():
            title = tr("sens_package", lang, package=package)
            table = table.copy()
            table.columns = pd.MultiIndex.from_tuples(table.columns)
            parts.append(_img(heatmap(table, title, lang=lang), title, "wide"))
    disc = discovery(data, lang, prim_target)
    parts.append(f"<h3>{_e(tr('disc', lang))}</h3>")
    if isinstance(disc, Omitted):
        parts.append(
            f'<p class="omitted"><b>{_e(tr("disc_omitted", lang))}</b> {_e(disc.reason)}</p>'
        )
    else:
        outcome = tr("disc_met", lang, name=disc.label)
        parts.append(
            f'<p class="note">{_e(tr("disc_lead", lang, n=disc.n_runs, outcome=outcome, why=disc.why))}</p>'
        )
        if disc.trajectory is None:
            parts.append(f'<p class="omitted">{_e(tr("disc_nobox", lang))}</p>')
        else:
            r = disc.trajectory.iloc[disc.chosen]
            parts.append(
                "<p><b>"
                + _e(
                    tr(
                        "disc_stats",
                        lang,
                        coverage=fmt_pct(r["coverage"]),
                        density=fmt_pct(r["density"]),
                        base=fmt_pct(disc.base_rate),
                        mass=fmt_pct(r["mass"]),
                        k=int(r["res_dim"]),
                    )
                )
                + "</b></p>"
            )
            rows = [
                [row["input"], row["box"], row["full"], row["qp"]]
                for _, row in disc.limits.iterrows()
            ]
            parts.append(
                _table(
                    [
                        tr("input", lang),
                        tr("box_range", lang),
                        tr("full_range", lang),
                        tr("qp", lang),
                    ],
                    rows,
                    num={3},
                )
            )
            parts.append(
                _img(
                    prim_trajectory(disc.trajectory, disc.chosen, lang=lang), tr("disc_traj", lang)
                )
            )
    parts.append("</section>")
    return "".join(parts)


def _fmt_cell(v) -> str:
    if isinstance(v, float | np.floating):
        return "—" if not math.isfinite(v) else f"{float(v):.4g}"
    return str(v)


def _section_calibration(data: ReportData, lang: str) -> str:
    parts = [f'<section id="calibration" class="page"><h2>{_e(tr("sec_calib", lang))}</h2>']
    parts.append(f"<p>{_e(tr('calib_lead', lang, dir=data.calibration_dir))}</p>")
    if not data.calibration:
        parts.append(f'<p class="omitted">{_e(tr("calib_none", lang))}</p>')
    if "summary.csv" in data.calibration:
        t = data.calibration["summary.csv"]
        parts.append(f"<h3>{_e(tr('calib_summary', lang))}</h3>")
        shown = t.head(MAX_CALIBRATION_ROWS)
        num = {j for j, c in enumerate(shown.columns) if pd.api.types.is_numeric_dtype(shown[c])}
        parts.append(
            _table(
                [str(c) for c in shown.columns],
                [[_fmt_cell(v) for v in r] for r in shown.itertuples(index=False)],
                num,
            )
        )
        if len(t) > MAX_CALIBRATION_ROWS:
            parts.append(
                f'<p class="note">{_e(tr("calib_more", lang, k=MAX_CALIBRATION_ROWS, n=len(t)))}</p>'
            )
    if "posterior.parquet" in data.calibration:
        t = data.calibration["posterior.parquet"]
        parts.append(f"<h3>{_e(tr('calib_posterior', lang, n=len(t)))}</h3>")
        rows = []
        for c in t.columns:
            if c == "weight" or not pd.api.types.is_numeric_dtype(t[c]):
                continue
            v = t[c].astype(float)
            q = v.quantile([0.05, 0.5, 0.95])
            label = str(c)
            if c in _PARAM:
                label = f"{c} · {input_name('param_' + c, lang)}"
            rows.append(
                [label, *[_fmt_cell(x) for x in (v.mean(), v.std(), q[0.05], q[0.5], q[0.95])]]
            )
        parts.append(
            _table(
                [tr(k, lang) for k in ("column", "mean", "sd", "q05", "q50", "q95")],
                rows,
                num={1, 2, 3, 4, 5},
            )
        )
    parts.append("</section>")
    return "".join(parts)


def _source(s: str, lang: str) -> str:
    """A parameter's source with its "assumed" said once, in the reader's language."""
    rest = re.sub(r"^(?:assumed\s*[;,]?\s*)+", "", s)
    if rest == s:
        return s
    word = tr("assumed", lang).rstrip("；; ")
    return f"{word}{'；' if lang == 'zh' else '; '}{rest}" if rest else word


def _section_provenance(data: ReportData, lang: str, now: str) -> str:
    m = data.manifest
    parts = [f'<section id="provenance" class="page"><h2>{_e(tr("sec_prov", lang))}</h2>']
    current = model_version()
    seeds = sorted(int(s) for s in pd.unique(data.frame["seed"]))
    sampler = m.get("sampler")
    sampler_text = (
        SAMPLERS.get(sampler, (sampler, sampler))[0 if lang == "zh" else 1]
        if sampler
        else tr("prov_sampler_none", lang)
    )
    n_ok = int((data.frame["status"] == "ok").sum())
    region = data.region
    rows = [
        [tr("prov_model", lang), str(m.get("model_version", "—"))],
        [tr("prov_model_now", lang), current],
        [
            tr("prov_region", lang),
            f"{region.zh if lang == 'zh' else _latin(region.en)} ({region.id})",
        ],
        [tr("prov_created", lang), str(m.get("created", "—"))],
        [tr("prov_generated", lang), now],
        [
            tr("prov_runs", lang),
            tr(
                "prov_runs_value",
                lang,
                design=m.get("n_runs", "—"),
                done=len(data.frame),
                ok=n_ok,
                failed=len(data.frame) - n_ok,
            ),
        ],
        [
            tr("prov_seeds", lang),
            tr("prov_seeds_value", lang, n=len(seeds), lo=seeds[0], hi=seeds[-1]),
        ],
        [tr("prov_horizon", lang), f"{region.first_year}–{data.target_year}"],
        [tr("prov_sampler", lang), sampler_text],
        [tr("prov_packages", lang), ", ".join(data.packages)],
        [tr("prov_store", lang), str(data.store)],
    ]
    parts.append(_table([tr("item", lang), tr("value_col", lang)], rows))
    if m.get("model_version") and m.get("model_version") != current:
        parts.append(f'<p class="omitted">{_e(tr("prov_model_changed", lang))}</p>')
    prob = m.get("problem") or {}
    if prob.get("num_vars"):
        parts.append(f"<h3>{_e(tr('prov_ranges', lang))}</h3>")
        rows = []
        for n, (lo, hi) in zip(prob["names"], prob["bounds"], strict=True):
            kind = tr("kind_lever" if n.startswith("lever_") else "kind_param", lang)
            rows.append(
                [n.partition("_")[2], input_name(n, lang), kind, f"{fmt_num(lo)} – {fmt_num(hi)}"]
            )
        parts.append(
            _table(
                [tr("id", lang), tr("name", lang), tr("kind", lang), tr("range", lang)],
                rows,
                num={3},
            )
        )
    parts.append(f"<h3>{_e(tr('prov_sweep', lang))}</h3><pre>{_e(m.get('sweep_text', ''))}</pre>")
    parts.append(f"<h3>{_e(tr('prov_params', lang))}</h3>")
    sampled = {n.partition("_")[2] for n in prob.get("names", []) if n.startswith("param_")}
    rows = []
    for spec, r in zip(PARAM_SPECS, param_table(), strict=True):
        name = r["zh"] if lang == "zh" else _latin(r["en"])
        unit, source = param_text(spec, "unit", lang), param_text(spec, "source", lang)
        if r["name"] in sampled:
            name += tr("sampled", lang)
        rows.append(
            [
                r["name"],
                name,
                fmt_num(r["default"]),
                f"{fmt_num(r['lo'])} – {fmt_num(r['hi'])}",
                unit,
                _source(source, lang),
            ]
        )
    parts.append(
        _table(
            [tr(k, lang) for k in ("id", "name", "default", "range", "unit", "source")],
            rows,
            num={2, 3},
        )
    )
    parts.append(f"<h3>{_e(tr('prov_levers', lang))}</h3>")
    rows = [
        [
            lv.id,
            lv.zh if lang == "zh" else _latin(lv.en),
            lv.text("unit", lang),
            fmt_num(lv.status_quo),
            fmt_num(lv.plan),
            f"{fmt_num(lv.lo)} – {fmt_num(lv.hi)}",
            lv.section,
        ]
        for lv in LEVERS
    ]
    parts.append(
        _table(
            [tr(k, lang) for k in ("id", "name", "unit", "status_quo", "plan", "range", "section")],
            rows,
            num={3, 4, 5},
        )
    )
    parts.append("</section>")
    return "".join(parts)


def render_html(data: ReportData, lang: str = "zh", prim_target: str | None = None) -> str:
    """The whole report as one self-contained HTML document (images and CSS inline).

    Parameters
    ----------
    data : ReportData
        From :func:`read_report_data`.
    lang : {"zh", "en"}
    prim_target : str, optional
        What PRIM explains (``"all"`` or a target indicator; default chosen by the data).
    """
    _check_lang(lang)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    region = data.region.zh if lang == "zh" else _latin(data.region.en)
    sections = [
        ("summary", "sec_summary", _section_summary(data, lang)),
        ("fans", "sec_fans", _section_fans(data, lang)),
        ("bars", "sec_bars", _section_bars(data, lang)),
        ("cost", "sec_cost", _section_cost(data, lang)),
        ("sensitivity", "sec_sens", _section_sensitivity(data, lang, prim_target)),
    ]
    if data.calibration_dir is not None:
        sections.append(("calibration", "sec_calib", _section_calibration(data, lang)))
    sections.append(("provenance", "sec_prov", _section_provenance(data, lang, now)))
    numbered_sections, toc = [], []
    for i, (sid, key, text) in enumerate(sections, start=1):
        title = numbered(i, tr(key, lang), lang)
        numbered_sections.append(
            text.replace(f"<h2>{_e(tr(key, lang))}</h2>", f"<h2>{_e(title)}</h2>", 1)
        )
        toc.append(f'<li><a href="#{sid}">{_e(title)}</a></li>')
    name = ""
    with contextlib.suppress(tomllib.TOMLDecodeError, TypeError):
        name = str(tomllib.loads(data.manifest.get("sweep_text") or "").get("name", ""))
    title = tr("title", lang)
    sub = tr("subtitle", lang, region=region, n=len(data.frame), date=now[:10])
    calib_note = (
        ""
        if data.calibration_dir is not None
        else f'<p class="note">{_e(tr("calib_not_given", lang))}</p>'
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    head_title = f"{_e(title)}{' — ' + _e(name) if name else ''}"
    body = (
        f'<header><h1>{_e(title)}</h1><p class="subtitle">{_e(sub)}'
        f"{'<br>' + _e(name) if name else ''}</p></header>"
        f'<nav><b>{_e(tr("contents", lang))}</b><ul class="toc">{"".join(toc)}</ul>{calib_note}</nav>'
        + "".join(numbered_sections)
    )
    shown = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"data:[^\"]*", "", body + head_title)))
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{head_title}</title><style>{font_face_css(shown)}\n{CSS}</style></head>"
        f"<body>{body}</body></html>"
    )


# ---------------------------------------------------------------------------- writing


def _check_out(out) -> Path:
    """The output path, checked before anything is computed."""
    if out is None or str(out).strip() == "":
        raise _error("out_empty")
    path = Path(out)
    if path.is_dir():
        raise _error("out_folder", path=path)
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise _error("out_ext", path=path, ext=path.suffix or "(none)", allowed=", ".join(FORMATS))
    parent = path.parent
    if not parent.is_dir():
        raise _error(
            "out_parent_file" if parent.exists() else "out_parent_missing", path=path, parent=parent
        )
    try:  # a real probe: permission bits say nothing to root, nor to read-only mounts
        fd, probe = tempfile.mkstemp(prefix=".baodi-probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _error(
            "out_unwritable", path=path, parent=parent, reason=exc.strerror or exc
        ) from None
    return path


def _replace_atomically(tmp: Path, path: Path) -> None:
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def find_chromium() -> str:
    """The headless browser that prints the PDF (``ScenarioError`` when none is installed)."""
    for c in CHROMIUM_CANDIDATES:
        found = shutil.which(c)
        if found:
            return found
    raise _error("no_chromium")


def html_to_pdf(html_text: str, pdf: Path) -> None:
    """Print HTML to ``pdf`` with headless chromium (fonts embedded, no network)."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="baodi-report-") as work:
        page = Path(work) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        out = Path(work) / "report.pdf"
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=PDF_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise _error("pdf_timeout", s=PDF_TIMEOUT_S) from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = (res.stderr or "").strip().splitlines()[-3:]
            raise _error("pdf_failed", code=res.returncode, tail=" | ".join(tail))
        shutil.copyfile(out, pdf)


def write_report(
    store,
    out,
    lang: str = "zh",
    calibration=None,
    prim_target: str | None = None,
) -> Path:
    """Write the report of a sweep store to ``out`` (.html or .pdf), atomically.

    Parameters
    ----------
    store : str or Path
        A folder written by ``baodi-sim sweep``.
    out : str or Path
        ``FILE.html`` (self-contained) or ``FILE.pdf`` (printed by headless chromium); its
        folder must exist and be writable. An existing file is replaced only once the new
        one is complete.
    lang : {"zh", "en"}
    calibration : str or Path, optional
        A folder of calibration results (:data:`CALIBRATION_FILES`).
    prim_target : str, optional
        What PRIM explains: ``"all"`` or a target indicator (default: chosen by the data).

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    ScenarioError
        On a bad ``lang`` or ``out`` (checked first), a non-store or empty store, a missing
        calibration folder, a missing CJK font (zh) or chromium (PDF), or a failed write.
    """
    _check_lang(lang)
    path = _check_out(out)
    if path.suffix.lower() == ".pdf":
        find_chromium()
    data = read_report_data(store, calibration)
    text = render_html(data, lang, prim_target)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        if path.suffix.lower() == ".html":
            tmp.write_text(text, encoding="utf-8")
        else:
            html_to_pdf(text, tmp)
        _replace_atomically(tmp, path)
    except OSError as exc:
        raise _error("write_failed", path=path, reason=exc.strerror or exc) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path
