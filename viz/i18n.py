"""Bilingual (zh / en) labels of the web app; names of model things come from :mod:`sim`."""

from sim.fields import LABELS
from sim.indicators import INDICATORS, TARGET_STATUS

LANGS = ("zh", "en")

# key: (zh, en)
TEXT: dict[str, tuple[str, str]] = {
    # target status: the core's words (what `baodi-sim run` prints), and "nothing run yet"
    **TARGET_STATUS,
    "not_run": ("尚未运行", "not run yet"),
    "title": (
        "宝坻区科技创新生态模拟 — 一城多园",
        "Baodi innovation ecosystem simulator — one city, many parks",
    ),
    "lang": ("语言", "Language"),
    "quarter": ("当前季度", "Current quarter"),
    "step": ("单步", "Step"),
    "play": ("播放", "Play"),
    "pause": ("暂停", "Pause"),
    "reset": ("重置", "Reset"),
    "seed": ("随机种子", "Seed"),
    "finished": ("已到2025年第4季度，模拟结束", "Reached 2025 Q4: the run is over"),
    "tab_map": ("一城多园网络", "Network map"),
    "tab_targets": ("2025年目标", "2025 targets"),
    "tab_compare": ("方案比较", "Compare"),
    "tab_sources": ("依据与假设", "Sources"),
    "levers": ("政策杠杆", "Policy levers"),
    "preset_sq": ("维持现状", "Status quo"),
    "preset_plan": ("规划值预设(plan)", "Plan preset (plan)"),
    "preset_plan_help": (
        '“规划值预设”= 每个杠杆从2021年起取规划值（baodi-sim 的 preset = "plan"）；'
        "scenarios/plan.toml 在此基础上分年提高研发补助，是另一个情景",
        'Plan preset = every lever at its plan value from 2021 (preset = "plan" in '
        "baodi-sim); scenarios/plan.toml phases the R&D subsidy in on top of it: another scenario",
    ),
    "load_plan_toml": ("载入 scenarios/plan.toml", "Load scenarios/plan.toml"),
    "apply_mode": ("改变杠杆后", "On change"),
    "continue": ("继续运行", "Continue the run"),
    "rebuild": ("从2015年重新运行", "Rebuild from 2015"),
    "apply": ("应用杠杆", "Apply levers"),
    "applied_continue": ("已应用：从当前季度继续运行", "Applied: the run continues from now"),
    "applied_rebuild": ("已应用：模型已从2015年重建", "Applied: the model was rebuilt from 2015"),
    "invalid": ("输入无效", "Invalid input"),
    "range": ("范围", "range"),
    "colour_by": ("节点颜色", "Node colour"),
    "col_firms": ("企业数", "Firms"),
    "col_hnte": ("高新技术企业数", "High-tech enterprises"),
    "col_hnte_share": ("高企占比", "HNTE share"),
    "col_ladder": ("梯度企业(雏鹰+瞪羚+领军)", "Ladder firms (eaglet+gazelle+leader)"),
    "col_mix": ("产业构成", "Industry mix"),
    "legend_size": ("园区圆面积 = 企业数", "Park circle area = number of firms"),
    "legend_links": (
        "园区间规划联系（线宽 = 联系强度）",
        "Planned links between parks (width = strength)",
    ),
    "legend_collab": (
        "企业研发合作（线宽 = 跨园区合作企业数）",
        "Firms' R&D partnerships (width = number of firms)",
    ),
    "legend_registered": (
        "北京转移项目：本季度注册（橙色虚线）",
        "Beijing projects registered this quarter (orange dashed)",
    ),
    "legend_landed": (
        "北京转移项目：本季度落地（红色实线）",
        "Beijing projects landed this quarter (red)",
    ),
    "legend_external": ("外部地点（北京、天津等）", "Places outside Baodi (Beijing, Tianjin...)"),
    "legend_selected": ("已选中的园区", "Selected park"),
    "legend_colour": ("圆的颜色", "Circle colour"),
    "click_hint": ("点击园区查看企业", "Click a park to see its firms"),
    "park": ("园区", "Park"),
    "firms_by_tier": ("按梯度和产业分的企业", "Firms by tier and industry"),
    "industry": ("产业", "Industry"),
    "total": ("合计", "Total"),
    "top_firms": ("营收最高的企业(点击查看历史)", "Largest firms (click for history)"),
    "firm": ("企业", "Firm"),
    "firm_history": ("企业历史", "Firm history"),
    "revenue": ("营收(万元/季)", "Revenue [10k yuan/q]"),
    "rd": ("研发投入(万元/季)", "R&D [10k yuan/q]"),
    "st_staff": ("科技人员(人)", "S&T staff [persons]"),
    "knowledge": ("知识存量", "Knowledge stock"),
    "labels_held": ("资质", "Labels"),
    "no_firms": ("该节点没有企业", "No firms at this node"),
    "external": ("外部节点", "External node"),
    "target": ("目标", "Target"),
    "baseline": ("2019年基数", "2019 baseline"),
    "value": ("当前值", "Value"),
    "package_a": ("方案A", "Package A"),
    "package_b": ("方案B", "Package B"),
    "current_levers": ("当前杠杆设置", "Current lever settings"),
    "seeds": ("种子数", "Seeds"),
    "indicators": ("指标", "Indicators"),
    "run_compare": ("开始比较", "Run comparison"),
    "progress": ("进度", "Progress"),
    "fan_note": ("中位数与10%–90%区间", "Median and 10–90% band"),
    "compare_done": ("比较完成", "Comparison done"),
    "src_targets": ("2025年目标(规划§三(三))", "2025 targets (plan §三(三))"),
    "src_levers": ("政策杠杆(规划§四 五大工程)", "Policy levers (plan §四, five key projects)"),
    "src_params": ("行为参数与假设", "Behavioural parameters and assumptions"),
    "unit": ("单位", "Unit"),
    "tag": ("类别(待校准/文献/结构)", "Tag (calibrated / literature / structural)"),
    "section": ("依据", "Source"),
    "status_quo": ("现状值", "Status quo"),
    "plan": ("规划值", "Plan"),
    "mechanism": ("作用机制", "Mechanism"),
    "default": ("默认值", "Default"),
    "name": ("名称", "Name"),
    "year": ("年份", "Year"),
    "apply_blocked": (
        "有 {n} 项输入有误，改正后才能应用：{names}",
        "{n} input(s) need fixing before the levers can be applied: {names}",
    ),
    "lever_help": (
        "可写 1,000、10%（比例型杠杆）或按年份分阶段：2021: 10; 2023: 20",
        "Accepts 1,000, 10% (share levers) or phased by year: 2021: 10; 2023: 20",
    ),
    "seed_label": ("随机种子", "Seed"),
    "tab_sweeps": ("情景扫描", "Sweeps"),
    "store_folder": ("扫描结果文件夹", "Folder of sweep stores"),
    "store": ("扫描结果(store)", "Sweep store"),
    "store_path": ("或输入store路径", "or a store's path"),
    "open_store": ("打开", "Open"),
    "no_stores": ("该文件夹下没有扫描结果", "No sweep stores in this folder"),
    "not_a_store": ("不是扫描结果文件夹", "is not a sweep store"),
    "runs_done": ("已完成运行", "Runs done"),
    "filter_runs": ("按抽样参数筛选运行", "Filter runs by sampled parameters"),
    "runs_selected": ("选中运行", "Runs selected"),
    "fans_title": (
        "各目标指标：中位数与10%–90%区间（每年末），各方案叠加",
        "Each target: median and 10–90% band at each year end, packages overlaid",
    ),
    "pmet_title": ("2025年目标达成概率", "Probability of meeting each 2025 target"),
    "download_csv": ("下载汇总表(CSV)", "Download summary (CSV)"),
    "download_report": ("下载报告(HTML，全部运行)", "Download report (HTML, all runs)"),
    "summary_table": ("汇总表", "Summary table"),
    "cost": ("财政投入 2021–2025 中位数 [亿元]", "Fiscal cost 2021–2025, median [100m yuan]"),
    "p_met": ("达成概率", "P(met)"),
    "interval": ("95%区间", "95% interval"),
    "package": ("方案", "Package"),
    "how_likely": ("有多大把握？", "How likely?"),
    "how_likely_help": (
        "用扫描引擎把当前杠杆设置与维持现状各运行N个随机种子，结果在“情景扫描”页随运行更新",
        "Runs the current levers and the status quo over N seeds on the sweep engine; "
        "results stream into the Sweeps tab",
    ),
    "how_likely_running": ("正在运行", "Running"),
    "how_likely_done": ("已完成", "Done"),
    "how_likely_stopped": ("已停止（已完成的运行已保存）", "Stopped (finished runs are kept)"),
    "cancel": ("停止", "Stop"),
    "refresh": ("刷新", "Refresh"),
    "scenario_file": ("情景文件(TOML)", "Scenario file (TOML)"),
    "drop_toml": (
        "把情景文件(.toml)拖到这里，与 baodi-sim run --levers 读的文件相同",
        "Drop a scenario file (.toml) here — the file baodi-sim run --levers reads",
    ),
    "choose_file": ("选择文件…", "Choose a file…"),
    "paste_toml": ("或粘贴情景文件内容", "or paste the file's text"),
    "check_load": ("检查并载入", "Check and load"),
    "scenario_loaded": (
        "已载入“{name}”：{n} 个杠杆设置；按“应用杠杆”生效",
        "Loaded '{name}': {n} lever setting(s); press Apply levers to use them",
    ),
    "scenario_problems": ("情景文件有 {n} 个问题，未载入：", "{n} problem(s); nothing was loaded:"),
    "download_toml": ("下载当前情景(TOML)", "Download these levers (TOML)"),
    "params_loaded": ("参数", "parameters"),
    "target_line": ("2025年目标", "2025 target"),
    "record_2019": ("2019年实际", "2019 record"),
    "all_targets": ("全部目标同时达成", "All targets met"),
    "p_met_axis": (
        "达成概率 [%]（黑线：95% Wilson 区间）",
        "P(target met) [%] (black: 95% Wilson interval)",
    ),
    "n_seeds": ("种子数", "Seeds"),
}

UNITS: dict[str, tuple[str, str]] = {
    "share": ("比例", "share"),
    "firms": ("家", "firms"),
    "count": ("个", "count"),
    "100m yuan": ("亿元", "100m yuan"),
    "projects": ("个项目", "projects"),
    "persons": ("人", "persons"),
}

COLOUR_MODES = ("firms", "hnte", "hnte_share", "ladder", "mix")
COLOUR_KEYS = {
    "firms": "col_firms",
    "hnte": "col_hnte",
    "hnte_share": "col_hnte_share",
    "ladder": "col_ladder",
    "mix": "col_mix",
}
TIERS = ("alive", *(name for name, *_ in LABELS))
TIER_LABELS: dict[str, tuple[str, str]] = {"alive": ("企业数", "Firms")}
TIER_LABELS.update({name: (zh, en) for name, _bit, zh, en in LABELS})


def t(key: str, lang: str) -> str:
    """Text of a label key in ``lang`` (``zh`` or ``en``)."""
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def both(key: str) -> str:
    """Both languages at once, ``"中文 / English"`` (for controls whose label never changes)."""
    zh, en = TEXT[key]
    return f"{zh} / {en}"


def name(obj, lang: str) -> str:
    """Zh or en name of anything with ``zh`` and ``en`` attributes (node, industry, lever...)."""
    return obj.zh if lang == "zh" else obj.en


def unit(u: str, lang: str) -> str:
    """Unit of an indicator in ``lang`` (unknown units are shown as written)."""
    return UNITS.get(u, (u, u))[0 if lang == "zh" else 1]


def error_text(exc: Exception, lang: str) -> str:
    """An error's message in ``lang``: the Chinese the project's errors carry in ``.zh``."""
    return str(getattr(exc, "zh", exc)) if lang == "zh" else str(exc)


def indicator(name_: str, lang: str) -> str:
    """Indicator name in ``lang``."""
    if name_ in INDICATORS:
        return INDICATORS[name_][0 if lang == "zh" else 1]
    return name_
