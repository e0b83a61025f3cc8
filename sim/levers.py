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
from .errors import SimError, unknown

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
):
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
    )


# fmt: off
LEVERS: tuple[LeverSpec, ...] = (
    # ---- project 1
    _l("zgc_attraction", 1, "科技城招商与成果转化支持", "Science City attraction & transfer support", "10k yuan/yr",
       1000, 3000, 0.0, 20000, "per_unit", 1, "Beijing projects' utility of the City and sub-parks",
       "§四(一)1", "plan: 北京研发、宝坻转化; amount assumed"),
    _l("policy_stack", 1, "京津政策叠加", "Stacked Beijing + Tianjin policies", "share 0–1", 0.0, 1, 0.0, 1,
       "per_unit", 2000, "Transfer utility and margin of City firms", "§四(一)4",
       "plan: 京津政策叠加; cost assumed 2000 [10k yuan/yr] at full"),
    _l("rd_institutes", 1, "新型研发机构", "New-type research institutes", "institutes", 0.0, 3, 0.0, 10,
       "per_unit", 1500, "Contract turnover and knowledge spillover in the City", "§四(一)1",
       "plan names several; count 3 assumed"),
    _l("guidance_fund", 1, "引导基金与天使基金", "Guidance & angel funds", "10k yuan/yr", 3000, 10000, 0.0,
       100000, "per_unit", 1, "VC budget (× leverage)", "§四(一)4", ""),
    _l("talent_housing", 1, "人才社区住房", "Talent-community housing", "units", 0.0, 500, 0.0, 5000,
       "per_unit", 2.4, "Talent's utility of living in Baodi", "§四(一)5",
       "plan: 年轻人的中关村; 500 units assumed"),
    _l("app_scenes", 1, "5G/AI应用场景开放", "5G/AI application scenes", "scenes/yr", 0.0, 10, 0.0, 50,
       "per_unit", 100, "Growth of IT and equipment firms in the City", "§四(一)3", ""),
    # ---- project 2
    _l("park_attraction", 2, "精准招商(补链延链强链)", "Precise investment attraction", "10k yuan/yr", 500, 2000,
       0.0, 20000, "per_unit", 1, "Transfer utility of the four parks; background entry", "§四(二)1", ""),
    _l("testing_platforms", 2, "检验检测与中试平台", "Testing & pilot platforms", "platforms", 0.0, 4, 0.0, 12,
       "per_unit", 800, "Innovation success of firms in host parks", "§四(二)2", ""),
    _l("smart_park", 2, "智慧园区大脑", "Smart-park brain", "share 0–1", 0.0, 1, 0.0, 1, "per_unit", 1000,
       "Operating margin of park firms (lower costs)", "§四(二)3", ""),
    # ---- project 3
    _l("agri_demo_new", 3, "新建农业科技示范园区", "New agricultural demo parks", "parks/yr", 0.0, 0.6, 0.0, 3,
       "per_unit", 300, "Agricultural demo parks (lagged), agri entry", "§四(三)5",
       "target 5 parks by 2025 (§三(三))"),
    _l("xingchuang", 3, "星创天地申报培育", "星创天地 cultivation", "applications/yr", 0.0, 0.5, 0.0, 2, "per_unit",
       200, "National 星创天地 (lagged accreditation)", "§四(三)5", ""),
    # ---- project 4
    _l("rd_subsidy", 4, "企业研发投入后补助", "R&D subsidy", "share of R&D", 0.05, 0.1, 0.0, 0.3, "paid", 0.0,
       "Firms' R&D intensity (user cost)", "§四(四)2", ""),
    _l("hnte_cultivation", 4, "高企培育辅导", "HNTE cultivation (consultants)", "firms/yr", 20, 60, 0.0, 400,
       "per_unit", 5, "HNTE application and R&D targeting of coached firms", "§四(四)2", ""),
    _l("tier_grant", 4, "梯度企业认定奖励", "Post-certification grant", "10k yuan/label", 10, 30, 0.0, 100,
       "paid", 0.0, "Application rates for eaglet/gazelle/leader/HNTE", "§四(四)1", ""),
    _l("loan_subsidy", 4, "科技贷款贴息", "Loan interest subsidy", "share of interest", 0.0, 0.5, 0.0, 1,
       "paid", 0.0, "Loan demand and cash of borrowers", "§四(四)1", ""),
    _l("challenge_calls", 4, "揭榜挂帅", "Challenge calls (揭榜制)", "10k yuan/yr", 0.0, 2000, 0.0, 20000,
       "per_unit", 1, "Knowledge and contracts of winning firms", "§四(四)1", ""),
    _l("listing_reward", 4, "上市挂牌奖励", "Listing reward", "10k yuan/listing", 100, 300, 0.0, 1000, "paid",
       0.0, "Listing rate of large HNTEs", "§四(四)3", ""),
    _l("smart_upgrade", 4, "智能化改造", "Smart-manufacturing upgrades", "firms/yr", 5, 20, 0.0, 200,
       "per_unit", 50, "High-tech share of traditional and equipment firms", "§四(四)4", ""),
    # ---- project 5
    _l("talent_subsidy", 5, "宝坻人才九条补贴", "Talent subsidy (宝坻人才九条)", "10k yuan/person/yr", 1, 3, 0.0, 20,
       "paid", 0.0, "Talent's utility of Baodi", "§四(五)1", ""),
    _l("maker_spaces_new", 5, "新建众创空间", "New maker spaces", "spaces/yr", 0.0, 0.4, 0.0, 3, "per_unit",
       300, "Maker spaces (lagged), start-up entry", "§四(五)3", ""),
    _l("incubator_upgrade", 5, "孵化器提质升级", "Incubator upgrade support", "10k yuan/yr", 0.0, 500, 0.0,
       5000, "per_unit", 1, "National accreditation of incubators", "§四(五)3", ""),
    _l("ip_pledge", 5, "知识产权质押与投贷联动", "IP pledge & investment-loan linkage", "10k yuan/yr", 0.0, 10000,
       0.0, 100000, "per_unit", 0.05, "Bank lending budget", "§四(五)2",
       "cost = assumed 5% expected loss"),
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


def _check_value(lever: str, v, where: str) -> float:
    s = _SPEC[lever]
    try:
        fv = float(v)
    except (TypeError, ValueError):
        raise SimError(
            f"{where}lever '{lever}' = {v!r} must be a number in [{s.lo:g}, {s.hi:g}] {s.unit}"
        ) from None
    if isinstance(v, bool) or math.isnan(fv) or not s.lo <= fv <= s.hi:
        raise SimError(
            f"{where}lever '{lever}' = {v!r} outside allowed range [{s.lo:g}, {s.hi:g}] {s.unit}"
        )
    return fv


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
    """

    def __init__(
        self,
        settings: Mapping | None = None,
        preset: str = "status_quo",
        start_year: int = 2021,
        where: str = "",
    ) -> None:
        if preset not in PRESETS:
            raise unknown("lever preset", preset, PRESETS)
        self.preset = preset
        self.start_year = int(start_year)
        self.settings: dict[str, dict[int, float]] = {}
        for lever, value in (settings or {}).items():
            if lever not in _SPEC:
                raise SimError(where + unknown("lever", lever, LEVER_IDS).args[0])
            if isinstance(value, Mapping):
                steps = {}
                for year, v in value.items():
                    try:
                        y = int(year)
                    except (TypeError, ValueError):
                        raise SimError(
                            f"{where}lever '{lever}': year {year!r} is not an integer year"
                        ) from None
                    if not 1900 <= y <= 2100:
                        raise SimError(f"{where}lever '{lever}': year {y} outside [1900, 2100]")
                    steps[y] = _check_value(lever, v, where)
                if not steps:
                    raise SimError(f"{where}lever '{lever}': empty year table")
                self.settings[lever] = dict(sorted(steps.items()))
            else:
                self.settings[lever] = {self.start_year: _check_value(lever, value, where)}

    @classmethod
    def from_toml(cls, path: str | Path, start_year: int = 2021) -> "LeverSchedule":
        """Load a levers file (TOML): ``preset = "plan"`` and a ``[levers]`` table."""
        data = read_toml(path)
        allowed = {"preset", "levers", "params", "region", "name", "description"}
        for key in data:
            if key not in allowed:
                raise SimError(f"{path}: {unknown('top-level key', key, allowed).args[0]}")
        levers = data.get("levers", {})
        if not isinstance(levers, Mapping):
            raise SimError(f"{path}: [levers] must be a table of lever = value")
        return cls(
            levers,
            preset=data.get("preset", "status_quo"),
            start_year=start_year,
            where=f"{path}: ",
        )

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
            cache[year] = v
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


def lever_table() -> list[dict]:
    """Rows of the lever catalogue shown to users (``baodi-sim levers``)."""
    rows = []
    for s in LEVERS:
        zh_p, en_p, sec_p = PROJECTS[s.project]
        cost = f"{s.unit_cost:g} [10k yuan/yr per unit]" if s.cost_kind == "per_unit" else "as paid"
        rows.append(
            {
                "id": s.id,
                "project": f"{sec_p} {en_p} / {zh_p}",
                "zh": s.zh,
                "en": s.en,
                "unit": s.unit,
                "status_quo": s.status_quo,
                "plan": s.plan,
                "lo": s.lo,
                "hi": s.hi,
                "cost": cost,
                "mechanism": s.mechanism,
                "section": s.section + (f" ({s.plan_note})" if s.plan_note else ""),
            }
        )
    return rows
