"""Indicators: the names, units and definitions of what a run reports, and the target table.

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
