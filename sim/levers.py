"""Policy levers: ``LeverSpec`` (the catalogue entry), ``LEVERS`` and ``LeverSchedule`` (values by year).

The catalogue covers the plan's five key projects (§四(一)–(五)). A lever holds one value a
year; a planner phases a policy in by giving values from given years on. Before the plan
period (``plan_start_year``, 2021 for Baodi) every lever is at its status-quo value, which
is what reproduces the 2015–2019 record. Fiscal cost is either ``per_unit`` (value × unit
cost per year) or ``paid`` (what the mechanism actually paid out, counted by the kernels).
"""

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import indices
from .errors import SimError, unknown, unknown_pair
from .indicators import unit_label

PROJECTS = {
    1: ("科技城引领工程", "Science City lead project", "§四(一)"),
    2: ("园区创新升级工程", "Parks' innovation upgrade", "§四(二)"),
    3: ("六大产业创新工程", "Six industries", "§四(三)"),
    4: ("创新型企业培育工程", "Innovative-firm cultivation", "§四(四)"),
    5: ("创新创业生态工程", "Entrepreneurship ecosystem", "§四(五)"),
}


@dataclass(frozen=True)
class LeverSpec:
    """One policy lever of the catalogue."""

    id: str
    project: int
    zh: str
    en: str
    unit: str
    status_quo: float
    plan: float
    lo: float
    hi: float
    cost_kind: str  # "per_unit" or "paid"
    unit_cost: float  # [10k yuan / unit / yr] for per_unit levers
    mechanism: str
    section: str
    plan_note: str = ""
    unit_zh: str = ""  # the unit in Chinese (``unit`` is English)
    mechanism_zh: str = ""
    plan_note_zh: str = ""

    def text(self, field: str, lang: str = "zh") -> str:
        """``unit``, ``mechanism`` or ``plan_note`` in ``lang`` (English when no Chinese)."""
        if lang == "zh":
            return getattr(self, f"{field}_zh") or getattr(self, field)
        return getattr(self, field)


def _l(
    id,
    project,
    zh,
    en,
    unit,
    sq,
    plan,
    lo,
    hi,
    cost_kind,
    unit_cost,
    mechanism,
    section,
    plan_note="",
    *,
    zh_text,
):
    unit_zh, mechanism_zh, plan_note_zh = (*zh_text, "")[:3]
    return LeverSpec(
        id,
        project,
        zh,
        en,
        unit,
        float(sq),
        float(plan),
        float(lo),
        float(hi),
        cost_kind,
        float(unit_cost),
        mechanism,
        section,
        plan_note,
        unit_zh,
        mechanism_zh,
        plan_note_zh,
    )


# fmt: off
LEVERS: tuple[LeverSpec, ...] = (
    # ---- project 1
    _l("zgc_attraction", 1, "科技城招商与成果转化支持", "Science City attraction & transfer support", "10k yuan/yr",
       1000, 3000, 0.0, 20000, "per_unit", 1, "Beijing projects' utility of the City and sub-parks",
       "§四(一)1", "plan: 北京研发、宝坻转化; amount assumed",
       zh_text=("万元/年", "北京外溢项目选择科技城及分园的效用", "规划：北京研发、宝坻转化；金额为假设")),
    _l("policy_stack", 1, "京津政策叠加", "Stacked Beijing + Tianjin policies", "share 0–1", 0.0, 1, 0.0, 1,
       "per_unit", 2000, "Transfer utility and margin of City firms", "§四(一)4",
       "plan: 京津政策叠加; cost assumed 2000 [10k yuan/yr] at full",
       zh_text=("比例 0–1", "转移项目效用与科技城企业利润率", "规划：京津政策叠加；全额时成本假设为 2000 万元/年")),
    _l("rd_institutes", 1, "新型研发机构", "New-type research institutes", "institutes", 0.0, 3, 0.0, 10,
       "per_unit", 1500, "Contract turnover and knowledge spillover in the City", "§四(一)1",
       "plan names several; count 3 assumed",
       zh_text=("家机构", "科技城技术合同成交额与知识溢出", "规划列举多家；数量 3 为假设")),
    _l("guidance_fund", 1, "引导基金与天使基金", "Guidance & angel funds", "10k yuan/yr", 3000, 10000, 0.0,
       100000, "per_unit", 1, "VC budget (× leverage)", "§四(一)4", "",
       zh_text=("万元/年", "风险投资规模（×引导基金杠杆）")),
    _l("talent_housing", 1, "人才社区住房", "Talent-community housing", "units", 0.0, 500, 0.0, 5000,
       "per_unit", 2.4, "Talent's utility of living in Baodi", "§四(一)5",
       "plan: 年轻人的中关村; 500 units assumed",
       zh_text=("套", "人才在宝坻居住的效用", "规划：年轻人的中关村；500 套为假设")),
    _l("app_scenes", 1, "5G/AI应用场景开放", "5G/AI application scenes", "scenes/yr", 0.0, 10, 0.0, 50,
       "per_unit", 100, "Growth of IT and equipment firms in the City", "§四(一)3", "",
       zh_text=("个场景/年", "科技城信息技术与装备企业的增长")),
    # ---- project 2
    _l("park_attraction", 2, "精准招商(补链延链强链)", "Precise investment attraction", "10k yuan/yr", 500, 2000,
       0.0, 20000, "per_unit", 1, "Transfer utility of the four parks; background entry", "§四(二)1", "",
       zh_text=("万元/年", "四个园区对转移项目的吸引力；常规新设企业")),
    _l("testing_platforms", 2, "检验检测与中试平台", "Testing & pilot platforms", "platforms", 0.0, 4, 0.0, 12,
       "per_unit", 800, "Innovation success of firms in host parks", "§四(二)2", "",
       zh_text=("个平台", "所在园区企业的创新成功率")),
    _l("smart_park", 2, "智慧园区大脑", "Smart-park brain", "share 0–1", 0.0, 1, 0.0, 1, "per_unit", 1000,
       "Operating margin of park firms (lower costs)", "§四(二)3", "",
       zh_text=("比例 0–1", "园区企业经营利润率（降低成本）")),
    # ---- project 3
    _l("agri_demo_new", 3, "新建农业科技示范园区", "New agricultural demo parks", "parks/yr", 0.0, 0.6, 0.0, 3,
       "per_unit", 300, "Agricultural demo parks (lagged), agri entry", "§四(三)5",
       "target 5 parks by 2025 (§三(三))",
       zh_text=("个园区/年", "农业科技示范园区（滞后建成）与农业企业新设", "目标：2025 年 5 个园区（§三(三)）")),
    _l("xingchuang", 3, "星创天地申报培育", "星创天地 cultivation", "applications/yr", 0.0, 0.5, 0.0, 2, "per_unit",
       200, "National 星创天地 (lagged accreditation)", "§四(三)5", "",
       zh_text=("项申报/年", "国家级星创天地（滞后认定）")),
    # ---- project 4
    _l("rd_subsidy", 4, "企业研发投入后补助", "R&D subsidy", "share of R&D", 0.05, 0.1, 0.0, 0.3, "paid", 0.0,
       "Firms' R&D intensity (user cost)", "§四(四)2", "",
       zh_text=("占研发投入比例", "企业研发强度（研发使用成本）")),
    _l("hnte_cultivation", 4, "高企培育辅导", "HNTE cultivation (consultants)", "firms/yr", 20, 60, 0.0, 400,
       "per_unit", 5, "HNTE application and R&D targeting of coached firms", "§四(四)2", "",
       zh_text=("家/年", "受辅导企业的高企申报与研发达标")),
    _l("tier_grant", 4, "梯度企业认定奖励", "Post-certification grant", "10k yuan/label", 10, 30, 0.0, 100,
       "paid", 0.0, "Application rates for eaglet/gazelle/leader/HNTE", "§四(四)1", "",
       zh_text=("万元/项认定", "雏鹰、瞪羚、领军与高企的申报率")),
    _l("loan_subsidy", 4, "科技贷款贴息", "Loan interest subsidy", "share of interest", 0.0, 0.5, 0.0, 1,
       "paid", 0.0, "Loan demand and cash of borrowers", "§四(四)1", "",
       zh_text=("占利息比例", "贷款需求与借款企业现金")),
    _l("challenge_calls", 4, "揭榜挂帅", "Challenge calls (揭榜制)", "10k yuan/yr", 0.0, 2000, 0.0, 20000,
       "per_unit", 1, "Knowledge and contracts of winning firms", "§四(四)1", "",
       zh_text=("万元/年", "揭榜企业的知识与技术合同")),
    _l("listing_reward", 4, "上市挂牌奖励", "Listing reward", "10k yuan/listing", 100, 300, 0.0, 1000, "paid",
       0.0, "Listing rate of large HNTEs (counted, not a 2025 target: no path to one before "
       "2025 — listing needs an HNTE certificate and years of preparation, and brings no "
       "money to R&D in the model)", "§四(四)3", "",
       zh_text=("万元/家上市", "大型高企的上市挂牌率（计数指标，非2025年目标；上市须先为高企、"
                "准备需数年，模型中上市不为研发带来资金，故2025年前不影响任何目标）")),
    _l("smart_upgrade", 4, "智能化改造", "Smart-manufacturing upgrades", "firms/yr", 5, 20, 0.0, 200,
       "per_unit", 50, "High-tech share of traditional and equipment firms", "§四(四)4", "",
       zh_text=("家/年", "传统与装备企业的高新技术收入占比")),
    # ---- project 5
    _l("talent_subsidy", 5, "宝坻人才九条补贴", "Talent subsidy (宝坻人才九条)", "10k yuan/person/yr", 1, 3, 0.0, 20,
       "paid", 0.0, "Talent's utility of Baodi", "§四(五)1", "",
       zh_text=("万元/人/年", "人才对宝坻的效用")),
    _l("maker_spaces_new", 5, "新建众创空间", "New maker spaces", "spaces/yr", 0.0, 0.4, 0.0, 3, "per_unit",
       300, "Maker spaces (lagged), start-up entry", "§四(五)3", "",
       zh_text=("个/年", "众创空间（滞后建成）与初创企业新设")),
    _l("incubator_upgrade", 5, "孵化器提质升级", "Incubator upgrade support", "10k yuan/yr", 0.0, 500, 0.0,
       5000, "per_unit", 1,
       "National accreditation of incubators; a national one hatches more start-ups, incubated longer",
       "§四(五)3", "",
       zh_text=("万元/年", "孵化器的国家级认定；国家级孵化器孵化更多初创企业，在孵期更长")),
    _l("ip_pledge", 5, "知识产权质押与投贷联动", "IP pledge & investment-loan linkage", "10k yuan/yr", 0.0, 10000,
       0.0, 100000, "per_unit", 0.05, "Loans against patents (part equity: 投贷联动) to IP holders "
       "whose R&D their cash cannot fund and that banks deny", "§四(五)2",
       "cost = assumed 5% expected loss",
       zh_text=("万元/年", "向有知识产权、研发受现金约束且未获银行贷款的企业发放质押融资（部分为投贷联动股权）",
                "成本 = 假设的 5% 预期损失")),
)
# fmt: on

LEVER_IDS: tuple[str, ...] = tuple(lv.id for lv in LEVERS)
LEVER_INDEX: dict[str, int] = {n: i for i, n in enumerate(LEVER_IDS)}
_SPEC = {lv.id: lv for lv in LEVERS}
# Kernel indices L_<ID> (position in LeverSchedule.vector) are plain constants generated
# into sim/indices.py; a stale file makes vector() raise (regenerate: python sim/codegen.py).
_STALE = [n for n, i in LEVER_INDEX.items() if getattr(indices, f"L_{n.upper()}", None) != i] + (
    ["N_LEVERS"] if getattr(indices, "N_LEVERS", None) != len(LEVER_IDS) else []
)
PRESETS = ("status_quo", "plan")


def _value_problem(lever: str, v) -> tuple[str, str] | None:
    """``(en, zh)`` if ``v`` is not a number in the lever's range, else ``None``."""
    s = _SPEC[lever]
    rng, rng_zh = f"[{s.lo:g}, {s.hi:g}] {s.unit}", f"[{s.lo:g}, {s.hi:g}] {s.text('unit')}"
    try:
        fv = float(v)
    except (TypeError, ValueError):
        return (
            f"lever '{lever}' = {v!r} must be a number in {rng}",
            f"杠杆“{lever}”（{s.zh}）= {v!r} 必须是 {rng_zh} 范围内的数",
        )
    if isinstance(v, bool) or math.isnan(fv) or not s.lo <= fv <= s.hi:
        return (
            f"lever '{lever}' = {v!r} outside allowed range {rng}",
            f"杠杆“{lever}”（{s.zh}）= {v!r} 超出允许范围 {rng_zh}",
        )
    return None


def _check_value(lever: str, v, where: str) -> float:
    problem = _value_problem(lever, v)
    if problem is not None:
        raise SimError(where + problem[0])
    return float(v)


def problems_error(where: str, problems: list[tuple[str, str]]) -> SimError:
    """One ``SimError`` reporting every problem; ``.zh`` holds the Chinese text, ``.problems`` the list.

    A single problem reads ``"<where><problem>"``; several read ``"<where>N problems:"``
    followed by one ``"  - <problem>"`` line each.
    """
    if len(problems) == 1:
        en, zh = where + problems[0][0], where + problems[0][1]
    else:
        en = f"{where}{len(problems)} problems:\n" + "\n".join(f"  - {p}" for p, _ in problems)
        zh = f"{where}{len(problems)} 个问题：\n" + "\n".join(f"  - {p}" for _, p in problems)
    err = SimError(en)
    err.zh = zh
    err.problems = list(problems)
    return err


def _settings_problems(
    settings: Mapping, start_year: int, years: tuple[int, int] | None
) -> tuple[dict[str, dict[int, float]], list[tuple[str, str]]]:
    """Checked ``lever -> {year: value}`` and every problem found, as ``(en, zh)`` pairs."""
    lo_y, hi_y = years if years is not None else (1900, 2100)
    out: dict[str, dict[int, float]] = {}
    problems: list[tuple[str, str]] = []
    for lever, value in settings.items():
        if lever not in _SPEC:
            problems.append(unknown_pair("lever", "杠杆", lever, LEVER_IDS))
            continue
        steps: dict[int, float] = {}
        ok = True
        table = value if isinstance(value, Mapping) else {start_year: value}
        for year, v in table.items():
            try:
                y = int(year)
            except (TypeError, ValueError):
                problems.append(
                    (
                        f"lever '{lever}': year {year!r} is not an integer year",
                        f"杠杆“{lever}”：年份 {year!r} 不是整数年份",
                    )
                )
                ok = False
                continue
            if years is None and not lo_y <= y <= hi_y:
                problems.append(
                    (
                        f"lever '{lever}': year {y} outside [{lo_y}, {hi_y}]",
                        f"杠杆“{lever}”：年份 {y} 超出 [{lo_y}, {hi_y}]",
                    )
                )
                ok = False
            elif y < lo_y:
                problems.append(
                    (
                        f"lever '{lever}': year {y} is before the allowed years {lo_y}–{hi_y}",
                        f"杠杆“{lever}”：年份 {y} 早于允许的年份 {lo_y}–{hi_y}",
                    )
                )
                ok = False
            elif y > hi_y:
                problems.append(
                    (
                        f"lever '{lever}': year {y} is after the allowed years {lo_y}–{hi_y} "
                        "(it would never take effect)",
                        f"杠杆“{lever}”：年份 {y} 晚于允许的年份 {lo_y}–{hi_y}（不会生效）",
                    )
                )
                ok = False
            problem = _value_problem(lever, v)
            if problem is not None:
                problems.append(problem)
                ok = False
                continue
            steps[y] = float(v)
        if isinstance(value, Mapping) and not value:
            problems.append((f"lever '{lever}': empty year table", f"杠杆“{lever}”：年份表为空"))
        elif ok:
            out[lever] = dict(sorted(steps.items()))
    return out, problems


class LeverSchedule:
    """Lever values by year: status quo before ``start_year``, then the planner's settings.

    Parameters
    ----------
    settings : mapping
        ``lever id -> value`` (held from ``start_year`` on) or ``lever id -> {year: value}``
        (each value held from its year until the next given year).
    preset : {"status_quo", "plan"}
        Values of levers the settings do not name, from ``start_year`` on.
    start_year : int
        First year of the planner's policy (the plan period starts in 2021).
    where : str
        Prefix of error messages (the file the settings come from).
    years : (int, int), optional
        Allowed years of year tables, e.g. the plan period ``(2021, 2025)``; by default any
        year in 1900–2100 (a history experiment may rewrite the calibration period).

    Raises
    ------
    SimError
        Naming every problem at once (unknown levers, values out of range, bad years).
    """

    def __init__(
        self,
        settings: Mapping | None = None,
        preset: str = "status_quo",
        start_year: int = 2021,
        where: str = "",
        *,
        years: tuple[int, int] | None = None,
    ) -> None:
        problems: list[tuple[str, str]] = []
        if preset not in PRESETS:
            problems.append(unknown_pair("lever preset", "杠杆预设", preset, PRESETS))
        self.preset = preset
        self.start_year = int(start_year)
        self.settings, more = _settings_problems(settings or {}, self.start_year, years)
        problems += more
        if problems:
            raise problems_error(where, problems)

    @classmethod
    def from_toml(
        cls, path: str | Path, start_year: int = 2021, *, years: tuple[int, int] | None = None
    ) -> "LeverSchedule":
        """Load a levers file (TOML): ``preset = "plan"`` and a ``[levers]`` table.

        Every problem of the file (its ``[params]`` too) is reported at once; see
        :func:`read_levers_file`.
        """
        return read_levers_file(path, start_year, years=years)[0]

    def value(self, lever: str, year: int) -> float:
        """Value of one lever in one year."""
        if lever not in _SPEC:
            raise unknown("lever", lever, LEVER_IDS)
        s = _SPEC[lever]
        v = s.status_quo
        if year >= self.start_year and self.preset == "plan":
            v = s.plan
        for y, val in self.settings.get(lever, {}).items():
            if year >= y:
                v = val
        return v

    def vector(self, year: int) -> np.ndarray:
        """float64 vector of all levers in ``LEVER_IDS`` order for one year (read-only)."""
        if _STALE:
            raise SimError(
                f"sim/indices.py is stale for levers {_STALE[:5]}: run `python sim/codegen.py`"
            )
        cache = self.__dict__.setdefault("_vectors", {})
        if year not in cache:
            v = np.array([self.value(lv, year) for lv in LEVER_IDS], dtype=np.float64)
            v.flags.writeable = False
            # Years with the same levels share one vector: what the phases keep for a
            # lever vector (they check it by identity) then lasts while the levels do.
            cache[year] = self.__dict__.setdefault("_by_levels", {}).setdefault(v.tobytes(), v)
        return cache[year]

    def to_dict(self) -> dict:
        """Plain-data form (round-trips through ``LeverSchedule(**d)``)."""
        return {
            "settings": {k: dict(v) for k, v in self.settings.items()},
            "preset": self.preset,
            "start_year": self.start_year,
        }

    def __eq__(self, other) -> bool:
        return isinstance(other, LeverSchedule) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"LeverSchedule(preset={self.preset!r}, settings={self.settings!r})"


def read_toml(path: str | Path) -> dict:
    """Read a TOML file, turning every failure into a ``SimError`` naming the file."""
    p = Path(path)
    if not p.is_file():
        raise SimError(f"file '{p}' does not exist")
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SimError(f"{p}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SimError(f"{p}: not UTF-8 text: {exc}") from exc


FILE_KEYS = ("preset", "levers", "params", "region", "name", "description")
# Parameters that count whole units (the model rounds them): a fraction is refused. Until
# ``ParamSpec`` says so itself (an ``integer`` field), this list is the catalogue's word.
_INTEGER_PARAMS = frozenset(
    {"carrier_lag", "label_program_start", "incubation_quarters", "search_draws"}
)


def integer_params() -> frozenset[str]:
    """Names of the parameters that take whole numbers only (quarters, calendar years)."""
    from .params import PARAM_SPECS

    return frozenset(
        s.name for s in PARAM_SPECS if getattr(s, "integer", s.name in _INTEGER_PARAMS)
    )


def _params_problems(params: Mapping) -> tuple[dict, list[tuple[str, str]]]:
    """Checked ``[params]`` of a levers file and every problem found, as ``(en, zh)`` pairs."""
    from .params import PARAM_NAMES, PARAM_SPECS, Params

    specs = {s.name: s for s in PARAM_SPECS}
    whole = integer_params()
    out, problems = {}, []
    for name, v in params.items():
        if name not in specs:
            problems.append(unknown_pair("parameter", "参数", name, PARAM_NAMES))
            continue
        s = specs[name]
        unit_zh = getattr(s, "unit_zh", "") or unit_label(s.unit, "zh")
        try:
            Params(**{name: v})
        except SimError as exc:
            rng = f"[{s.lo:g}, {s.hi:g}] {unit_zh}"
            number = isinstance(v, int | float) and not isinstance(v, bool)
            zh = f"超出允许范围 {rng}" if number else f"必须是 {rng} 范围内的数"
            problems.append((str(exc), f"参数“{name}”（{s.zh}）= {v!r} {zh}"))
            continue
        if name in whole and float(v) != int(float(v)):
            problems.append(
                (
                    f"parameter '{name}' = {v!r} must be a whole number of {s.unit} "
                    f"in [{s.lo:g}, {s.hi:g}]",
                    f"参数“{name}”（{s.zh}）= {v!r} 必须是整数（{unit_zh}），范围 [{s.lo:g}, {s.hi:g}]",
                )
            )
            continue
        out[name] = v
    return out, problems


def read_levers_file(
    path: str | Path, start_year: int = 2021, *, years: tuple[int, int] | None = None
) -> tuple[LeverSchedule, dict]:
    """Read a levers file (TOML): ``preset``, ``[levers]`` and ``[params]``.

    Parameters
    ----------
    path : str or Path
        The file.
    start_year : int
        First year of the planner's policy (plain lever values hold from it).
    years : (int, int), optional
        Allowed years of lever year tables (see :class:`LeverSchedule`).

    Returns
    -------
    (LeverSchedule, dict)
        The schedule and the ``[params]`` overrides (parameter name -> value).

    Raises
    ------
    SimError
        Naming every problem of the file at once: unknown keys, levers and parameters,
        values out of range, years outside ``years``, fractions for whole-number parameters.
        The error's ``zh`` attribute holds the Chinese text.
    """
    data = read_toml(path)
    where = f"{path}: "
    problems: list[tuple[str, str]] = []
    for key in data:
        if key not in FILE_KEYS:
            problems.append(unknown_pair("top-level key", "顶层键", key, FILE_KEYS))
    preset = data.get("preset", "status_quo")
    if preset not in PRESETS:
        problems.append(unknown_pair("lever preset", "杠杆预设", preset, PRESETS))
    levers = data.get("levers", {})
    if not isinstance(levers, Mapping):
        problems.append(
            (
                "[levers] must be a table of lever = value",
                "[levers] 必须是“杠杆 = 值”的表",
            )
        )
        levers = {}
    _, more = _settings_problems(levers, int(start_year), years)
    problems += more
    params = data.get("params", {})
    if not isinstance(params, Mapping):
        problems.append(
            (
                "[params] must be a table of parameter = value",
                "[params] 必须是“参数 = 值”的表",
            )
        )
        params = {}
    params, more = _params_problems(params)
    problems += more
    if problems:
        raise problems_error(where, problems)
    schedule = LeverSchedule(levers, preset=preset, start_year=start_year, years=years)
    return schedule, params


def lever_table(lang: str = "en") -> list[dict]:
    """Rows of the lever catalogue shown to users (``baodi-sim levers``), texts in ``lang``.

    ``unit``, ``mechanism``, ``cost`` and ``section`` (the plan § and its note) are in
    ``lang``; ``zh`` and ``en`` are the lever's two names.
    """
    zh = lang == "zh"
    rows = []
    for s in LEVERS:
        zh_p, en_p, sec_p = PROJECTS[s.project]
        if s.cost_kind == "per_unit":
            cost = (
                f"{s.unit_cost:g} 万元/年·单位" if zh else f"{s.unit_cost:g} [10k yuan/yr per unit]"
            )
        else:
            cost = "按实际支付" if zh else "as paid"
        note = s.text("plan_note", lang)
        rows.append(
            {
                "id": s.id,
                "project": f"{sec_p} {zh_p}" if zh else f"{sec_p} {en_p} / {zh_p}",
                "zh": s.zh,
                "en": s.en,
                "unit": s.text("unit", lang),
                "status_quo": s.status_quo,
                "plan": s.plan,
                "lo": s.lo,
                "hi": s.hi,
                "cost": cost,
                "mechanism": s.text("mechanism", lang),
                "section": s.section
                + (f"（{note}）" if zh and note else f" ({note})" if note else ""),
            }
        )
    return rows
