"""Indicators: the names, units and definitions of what a run reports, and the target table.

Also the shared vocabulary for showing them: ``UNITS_ZH`` (units in Chinese),
``TARGET_STATUS`` (not started / on track / behind / met / not met), ``target_status``
(the pure rule) and ``format_value`` (shares as percentages).

Every 2025 target of the plan (§三(三)) is an indicator, computed each quarter with the
plan's definition: R&D / sales of above-scale firms only (规上, annual revenue ≥ 20M
yuan, NBS) over the last completed year; contract turnover cumulative from the plan's
first year; "new" carriers counted from the end of the year before the plan starts.
"""

import math

TARGET_INDICATORS = (
    "rd_sales_above_scale",
    "hnte",
    "tech_sme",
    "leader",
    "gazelle",
    "eaglet",
    "new_maker_spaces",
    "new_xingchuang",
    "new_national_incubators",
    "agri_demo_parks",
    "contract_turnover_cum",
)

# name: (zh, en, unit)
INDICATORS: dict[str, tuple[str, str, str]] = {
    "rd_sales_above_scale": (
        "规上企业研发投入占销售收入比例",
        "R&D / sales, above-scale firms",
        "share",
    ),
    "hnte": ("国家级高新技术企业", "National high-tech enterprises", "firms"),
    "tech_sme": ("国家入库科技型中小企业", "Registered tech SMEs", "firms"),
    "leader": ("市级科技领军(培育)企业", "S&T leaders (incl. candidates)", "firms"),
    "gazelle": ("瞪羚企业", "Gazelles", "firms"),
    "eaglet": ("雏鹰企业", "Eaglets", "firms"),
    "new_maker_spaces": ("新增众创空间", "New maker spaces", "count"),
    "new_xingchuang": ("新增国家级星创天地", "New national 星创天地", "count"),
    "new_national_incubators": ("新增国家级孵化器", "New national incubators", "count"),
    "agri_demo_parks": ("区级农业科技示范园区", "Agricultural demo parks", "count"),
    "contract_turnover_cum": (
        "技术合同成交额累计",
        "Tech-contract turnover, cumulative",
        "100m yuan",
    ),
    "listed_hnte": ("上市挂牌高企", "Listed HNTEs", "firms"),
    "sei_share": (
        "战略性新兴产业占工业总产值比重",
        "Strategic-emerging share of industrial output",
        "share",
    ),
    "firms_alive": ("企业数", "Firms", "firms"),
    "above_scale_firms": ("规上企业数", "Above-scale firms", "firms"),
    "incubators": ("孵化器", "Incubators", "count"),
    "national_incubators": ("国家级孵化器", "National incubators", "count"),
    "maker_spaces": ("众创空间", "Maker spaces", "count"),
    "xingchuang": ("星创天地", "星创天地 (agri maker spaces)", "count"),
    "labs": ("市级企业重点实验室", "Municipal key labs", "count"),
    "eng_centres": ("市级工程技术中心", "Engineering centres", "count"),
    "institutes": ("新型研发机构", "New-type research institutes", "count"),
    "platforms": ("检验检测与中试平台", "Testing & pilot platforms", "count"),
    "zgc_registered": (
        "科技城累计注册项目",
        "Science City registered projects, cumulative",
        "projects",
    ),
    "zgc_landed": (
        "科技城累计落地实体项目",
        "Science City landed projects, cumulative",
        "projects",
    ),
    "transfers_landed_cum": (
        "北京转移落地项目累计",
        "Beijing projects landed, cumulative",
        "projects",
    ),
    "people_home": ("区内科技人员", "S&T people in the region", "persons"),
    "people_beijing": ("北京科技人员(流动池)", "S&T people in Beijing (mobile pool)", "persons"),
    "people_tianjin": (
        "天津市区科技人员(流动池)",
        "S&T people in Tianjin (mobile pool)",
        "persons",
    ),
    "st_staff": ("企业科技人员", "S&T staff employed", "persons"),
    "talent_pool": ("科技创新人才库", "S&T talent pool", "persons"),
    "new_type_entrepreneurs": (
        "新型企业家(梯度企业负责人)",
        "New-type entrepreneurs (ladder firms)",
        "persons",
    ),
    "equity_cum": ("股权融资累计", "Equity raised, cumulative", "100m yuan"),
    "loans_cum": ("科技贷款累计", "Tech loans, cumulative", "100m yuan"),
    "capital_deployed_cum": ("融资累计", "Capital deployed, cumulative", "100m yuan"),
    "financed_firms_cum": ("获融资企业累计", "Firms financed, cumulative", "firms"),
    "financing_2016_2020": ("2016–2020融资额", "Financing 2016–2020", "100m yuan"),
    "financed_firms_2016_2020": ("2016–2020获融资企业", "Firms financed 2016–2020", "firms"),
    "defaulted_cum": ("违约贷款累计", "Defaulted debt, cumulative", "100m yuan"),
    "fiscal_cost_cum": ("规划期财政投入累计", "Fiscal cost since plan start", "100m yuan"),
    "revenue_total": ("企业营收(年化)", "Firm revenue (annualised)", "100m yuan"),
    "employees": ("从业人员", "Employees", "persons"),
}


def indicator_columns(region) -> list[str]:
    """Every column of the time series for a region, in a fixed order."""
    cols = list(INDICATORS)
    cols += [f"firms_node_{n.id}" for n in region.nodes if not n.external]
    cols += [f"firms_ind_{i.id}" for i in region.industries]
    return cols


def target_rows(region, ts) -> list[dict]:
    """The target table: indicator, baseline_2019 (the plan's figure), value_2025, target, met.

    Parameters
    ----------
    ts : pandas.DataFrame
        The run's time series (needs the last quarter of the target year).
    """
    last_year = 2025 if (ts["year"] == 2025).any() else int(ts["year"].max())
    end = ts[(ts["year"] == last_year) & (ts["qy"] == 4)]
    row = end.iloc[-1] if len(end) else ts.iloc[-1]
    out = []
    for t in region.targets:
        v = float(row[t.indicator])
        out.append(
            {
                "indicator": t.indicator,
                "baseline_2019": t.baseline_2019,
                "value_2025": v,
                "target": t.target,
                "met": bool(v >= t.target and not math.isnan(v)),
            }
        )
    return out


# ---------------------------------------------------------------------------- display
# Units as the core writes them (indicators, levers, parameters) -> Chinese.
UNITS_ZH: dict[str, str] = {
    "share": "%",
    "firms": "家",
    "count": "个",
    "100m yuan": "亿元",
    "projects": "个项目",
    "persons": "人",
    "1": "1",
    "1/[10k yuan]": "1/万元",
    "1/[norm. lever]": "1/（归一化杠杆）",
    "1/carrier": "1/载体",
    "1/min": "1/分钟",
    "1/quarter": "1/季度",
    "1/yr": "1/年",
    "10k yuan": "万元",
    "10k yuan/quarter": "万元/季度",
    "10k yuan/yr": "万元/年",
    "firms/quarter": "家/季度",
    "knowledge": "知识量",
    "knowledge above industry mean": "高于行业均值的知识量",
    "log": "对数",
    "persons/[10k yuan/yr]": "人/（万元/年）",
    "projects/quarter": "项/季度",
    "quarters": "季度",
    "sd": "标准差",
    "year": "年",
    "years": "年",
    "× annual revenue": "× 年营收",
}


def unit_label(unit: str, lang: str = "zh") -> str:
    """A unit as shown to users: ``share`` as ``%``; Chinese from ``UNITS_ZH`` (else as written)."""
    if unit == "share":
        return "%"
    return UNITS_ZH.get(unit, unit) if lang == "zh" else unit


def format_value(v: float, unit: str = "") -> str:
    """An indicator value as shown to users: shares as percentages (0.0156 -> ``1.56%``).

    Counts and money keep thousands separators; ``nan`` is ``—``.
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    v = float(v)
    if unit == "share":
        return f"{100 * v:.2f}".rstrip("0").rstrip(".") + "%"
    if unit in ("year", "years", "quarters"):  # a calendar year is never "2,017"
        return f"{v:g}"
    if v % 1 == 0:
        return f"{v:,.0f}"
    if abs(v) < 0.1:
        return f"{v:.4f}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


# status code: (zh, en)
TARGET_STATUS: dict[str, tuple[str, str]] = {
    "not_started": ("未开始", "not started"),
    "on_track": ("进度正常", "on track"),
    "behind": ("进度滞后", "behind"),
    "met": ("达成", "met"),
    "not_met": ("未达成", "not met"),
}


def target_status(
    value: float,
    target: float,
    *,
    year: int,
    qy: int,
    start_value: float,
    plan_start_year: int,
    target_year: int,
) -> str:
    """Where a target stands at the end of quarter ``qy`` of ``year``: a ``TARGET_STATUS`` code.

    Before the plan period (``year < plan_start_year``) a target has *not started*. During
    it, a target is *on track* when its value has reached the target or lies at or above
    the straight line from ``start_value`` (its value at the end of the year before the plan) to ``target`` at the
    end of ``target_year``, else *behind*. From the last quarter of ``target_year`` on it is
    *met* or *not met* (a ``nan`` value is not met).

    Parameters
    ----------
    value, target, start_value : float
        In the indicator's unit.
    year, qy : int
        The quarter just completed (``qy`` in 1–4).
    plan_start_year, target_year : int
        First and last year of the plan period (2021 and 2025 for Baodi).
    """
    if year < plan_start_year:
        return "not_started"
    reached = not math.isnan(value) and value >= target
    done = 4 * (year - plan_start_year) + qy  # quarters of the plan completed
    total = 4 * (target_year - plan_start_year + 1)
    if done >= total:
        return "met" if reached else "not_met"
    if math.isnan(value):
        return "behind"
    start = target if math.isnan(start_value) else start_value
    need = start + (target - start) * done / total
    return "on_track" if reached or value >= need else "behind"


def status_label(status: str, lang: str = "zh") -> str:
    """Text of a ``TARGET_STATUS`` code in ``zh`` or ``en``."""
    return TARGET_STATUS[status][0 if lang == "zh" else 1]


def target_table(region, ts) -> tuple[list[dict], int, bool]:
    """The target table at the run's last completed year, labelled by that year.

    Returns ``(rows, year, judged)``: each row has ``indicator``, ``baseline_2019``,
    ``value_<year>``, ``target``, ``status`` (a ``TARGET_STATUS`` code) and, only when the
    run reached the targets' year (``region.last_year``, 2025 for Baodi; ``judged``), ``met``.
    A run stopped earlier (``--until 2019``) is not judged against the targets.

    Parameters
    ----------
    ts : pandas.DataFrame
        The run's time series (``year``, ``qy`` and one column per indicator).
    """
    ends = ts[ts["qy"] == 4]
    last = ends.iloc[-1] if len(ends) else ts.iloc[-1]
    year, qy = int(last["year"]), int(last["qy"])
    judged = year >= region.last_year and qy == 4
    before = ts[(ts["year"] == region.plan_start_year - 1) & (ts["qy"] == 4)]
    start_row = before.iloc[-1] if len(before) else ts.iloc[0]
    rows = []
    for t in region.targets:
        v = float(last[t.indicator])
        row = {
            "indicator": t.indicator,
            "baseline_2019": t.baseline_2019,
            f"value_{year}": v,
            "target": t.target,
            "status": target_status(
                v,
                t.target,
                year=year,
                qy=qy,
                start_value=float(start_row[t.indicator]),
                plan_start_year=region.plan_start_year,
                target_year=region.last_year,
            ),
        }
        if judged:
            row["met"] = row["status"] == "met"
        rows.append(row)
    return rows, year, judged
