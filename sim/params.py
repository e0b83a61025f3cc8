"""Behavioural parameters: ``ParamSpec`` (one documented quantity) and ``Params`` (a validated set).

Every parameter here is a quantity the plan does not give (DOMAIN.md §7), so each is
*assumed*, with a range to sweep or calibrate, and a source for its prior (literature,
an official rule, or an anchor figure of the plan it was tuned to reproduce), and a tag
(``TAGS``): *calibrated* (to be fitted), *literature* (fixed from a cited source, its range
for sensitivity) or *structural* (a modelling choice). Kernels
read the values as one float64 vector, indexed by the ``P_*`` constants of
:mod:`sim.indices` (generated from ``PARAM_SPECS`` by ``python sim/codegen.py``).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import indices
from .errors import SimError, unknown

# What a parameter's value rests on (shown by ``baodi-sim params``):
TAGS = {
    "calibrated": "to be fitted to the record (its range is the prior)",
    "literature": "fixed from a cited source; its range is for sensitivity analysis",
    "structural": "a modelling choice (a rule's shape or threshold), swept, not fitted",
}


@dataclass(frozen=True)
class ParamSpec:
    """One behavioural parameter: default, allowed range, unit, source, mechanism and tag."""

    name: str
    default: float
    lo: float
    hi: float
    unit: str
    zh: str
    en: str
    source: str
    mechanism: str
    tag: str

    def __post_init__(self):
        if self.tag not in TAGS:
            raise SimError(f"parameter '{self.name}': tag {self.tag!r} not one of {sorted(TAGS)}")
        if not self.lo <= self.default <= self.hi:
            raise SimError(
                f"parameter '{self.name}': default {self.default} outside [{self.lo}, {self.hi}]"
            )


def _p(name, default, lo, hi, unit, zh, en, source, mechanism, tag):
    return ParamSpec(
        name, float(default), float(lo), float(hi), unit, zh, en, source, mechanism, tag
    )


# fmt: off
PARAM_SPECS: tuple[ParamSpec, ...] = (
    # ---- the region file's assumed magnitudes (sim/data/regions/*.toml, `assumed`), as
    # scale factors: 1 reproduces the file; each row's range is the file's stated range.
    _p("region_firms_scale", 1, 0.57, 2.14, "× firms_2015", "初始企业数倍数",
       "Scale of the region's 2015 firm count", "assumed; region file firms_2015 (Baodi 800–3000)",
       "region", "calibrated"),
    _p("region_people_scale", 1, 0.4, 1.5, "× people_*", "科技人员数倍数",
       "Scale of the region's S&T people (home, capital, city pools)",
       "assumed; region file people_* (Baodi 4000–15000 at home)", "region", "calibrated"),
    _p("region_rd_scale", 1, 0.3, 1.7, "× rd_intensity", "行业研发强度倍数",
       "Scale of every industry's R&D/sales norm", "assumed; region file rd_intensity (0.01–0.06)",
       "region", "calibrated"),
    _p("region_revenue_scale", 1, 0.5, 2, "× revenue_median", "行业营收中位数倍数",
       "Scale of every industry's revenue median", "assumed; region file revenue_median", "region",
       "calibrated"),
    _p("region_capacity_scale", 1, 0.5, 2, "× capacity", "园区容量倍数", "Scale of every node's firm capacity",
       "assumed; region file capacity", "region", "structural"),
    _p("project_nonsei_weight", 0.15, 0.0, 0.5, "1", "非战略新兴行业项目权重",
       "Weight of non-strategic, non-digital industries among Beijing projects", "assumed",
       "transfers", "calibrated"),
    # ---- mechanism firms
    _p("size_sigma", 1, 0.6, 2, "log", "初始规模对数标准差", "Initial log-revenue spread",
       "lognormal body (Kondo, Lewis & Stella 2018)", "firms", "literature"),
    _p("size_tail_alpha", 1.05, 0.8, 1.6, "1", "规模帕累托尾指数", "Size Pareto tail exponent",
       "Axtell 2001, Science 293:1818 (α≈1)", "firms", "literature"),
    _p("growth_mu", 0.01, -0.01, 0.04, "1/quarter", "营收季度漂移", "Revenue drift",
       "assumed; Tianjin above-scale output growth 2015–19 ≈ 3–6%/yr", "firms", "calibrated"),
    _p("growth_sigma", 0.1, 0.04, 0.25, "1/quarter", "增长率拉普拉斯尺度",
       "Laplace scale of log growth at 1000 [10k yuan]",
       "Stanley et al. 1996, Nature 379:804; Bottazzi & Secchi 2006", "firms", "literature"),
    _p("growth_beta", 0.2, 0.1, 0.35, "1", "增长波动规模弹性", "Growth-spread size exponent β",
       "Stanley et al. 1996 (σ ∝ S^-β, β≈0.2)", "firms", "literature"),
    _p("knowledge_growth", 0.02, 0.0, 0.06, "1/quarter", "知识对增长的作用",
       "Growth per unit of knowledge above the industry's sales-weighted mean (market share)",
       "assumed; K+S replicator: productivity → market share (Dosi et al. 2010)", "firms", "calibrated"),
    _p("innovation_growth", 0.008, 0.0, 0.04, "1", "创新成功的增长奖励", "Growth after innovation", "assumed",
       "firms", "calibrated"),
    _p("margin", 0.08, 0.02, 0.15, "1", "经营利润率", "Operating margin",
       "assumed; NBS above-scale industry profit margin ≈ 6–7%", "firms", "literature"),
    _p("employees_per_revenue", 0.012, 0.005, 0.04, "persons/[10k yuan/yr]", "人均营收倒数",
       "Employees per annual revenue",
       "assumed (≈ 0.8M yuan revenue per worker; NBS above-scale industry ≈ 1M)", "firms", "calibrated"),
    _p("zeta_innovation", 0.03, 0.005, 0.1, "1/[10k yuan]", "创新成功率参数ζ", "Innovation success ζ",
       "K+S: P = 1 − exp(−ζ·R&D) (Dosi, Fagiolo & Roventini 2010)", "firms", "literature"),
    _p("zeta_imitation", 0.02, 0.002, 0.08, "1/[10k yuan]", "模仿成功率参数", "Imitation success ζ₂",
       "K+S imitation (Dosi et al. 2010)", "firms", "literature"),
    _p("talent_effect", 3, 0.0, 8, "1", "科技人员对研发效率的作用", "R&D productivity per S&T-staff share",
       "assumed", "firms", "calibrated"),
    _p("innovation_step", 0.12, 0.02, 0.4, "knowledge", "创新知识增量", "Knowledge step on success",
       "assumed; K+S draws a Beta-distributed productivity jump", "firms", "calibrated"),
    _p("partner_share", 0.05, 0.0, 0.2, "1/quarter", "合作伙伴知识溢出比例",
       "Share of a partner's knowledge lead absorbed", "SKIN (Gilbert, Ahrweiler & Pyka)", "firms", "literature"),
    _p("partner_keep", 0.8, 0.3, 0.98, "1/quarter", "保持原合作伙伴概率", "Keep previous partner",
       "SKIN: partners previous partners first", "firms", "literature"),
    _p("ip_prob", 0.5, 0.1, 0.9, "1", "创新获知识产权概率", "IP per innovation", "assumed", "firms", "calibrated"),
    _p("ip_class1_share", 0.15, 0.05, 0.4, "1", "Ⅰ类知识产权占比", "Class-I share of IP",
       "assumed; invention patents ≈ 15% of Tianjin SME IP", "firms", "calibrated"),
    _p("rd_adjust", 0.25, 0.05, 0.8, "1/quarter", "研发强度调整速度", "R&D intensity adjustment",
       "assumed; satisficing (Nelson & Winter 1982)", "firms", "calibrated"),
    _p("hnte_seeking", 0.67, 0.0, 1, "1", "逐高企门槛调整研发", "HNTE-seeking R&D response",
       "assumed; bunching at HNTE thresholds (Chen et al. 2021, JPE 129:2)", "firms", "literature"),
    _p("rd_subsidy_elasticity", 0.8, 0.2, 1.5, "1", "研发补贴弹性", "R&D response to subsidy",
       "Bloom, Griffith & Van Reenen 2002 (user-cost elasticity ≈ 1)", "firms", "literature"),
    _p("hitech_adjust", 0.08, 0.02, 0.3, "1/quarter", "高新收入占比调整速度",
       "High-tech revenue share adjustment", "assumed", "firms", "calibrated"),
    _p("knowledge_hitech_mid", 1, 0.3, 2, "knowledge", "高新收入占比中点（领先前沿的知识）",
       "Knowledge ahead of the frontier at 50% high-tech revenue", "assumed", "firms", "calibrated"),
    _p("hazard_scale", 1, 0.4, 2, "1", "退出风险倍数", "Exit hazard multiplier",
       "SAIC 2013 企业生存时间分析报告 (1.6%, 6.3%, 9.5% in years 1–3)", "firms", "literature"),
    _p("cash_hazard", 3, 1, 8, "1", "亏损时退出风险倍数", "Hazard multiplier when cash < 0",
       "assumed; Nelson–Winter exit after losses", "firms", "calibrated"),
    _p("incubator_hazard", 0.6, 0.3, 1, "1", "在孵企业退出风险倍数", "Hazard multiplier in incubator",
       "assumed; incubated survival premium (Lukeš et al. 2019)", "firms", "calibrated"),
    # (moved from sim/kernels/firms.py, issue 12: same values)
    _p("platform_boost", 0.1, 0.05, 0.2, "1/platform", "检测平台对研发效率的作用",
       "R&D effectiveness per testing platform in the park", "assumed", "firms", "calibrated"),
    _p("imitation_share", 0.5, 0.2, 1, "1", "成功模仿缩小的差距比例",
       "Share of the knowledge gap closed by an imitation", "assumed; K+S imitation", "firms",
       "calibrated"),
    _p("hitech_slope", 0.25, 0.1, 0.5, "knowledge", "高新收入占比曲线宽度",
       "Knowledge width of the high-tech-share logistic", "assumed", "firms", "structural"),
    _p("stack_growth", 0.004, 0.0, 0.01, "1/quarter", "政策叠加的增长漂移",
       "Extra drift in the City at full policy stacking", "assumed", "firms", "calibrated"),
    _p("scene_growth", 0.0004, 0.0, 0.002, "1/quarter/scene", "应用场景的增长漂移",
       "Extra drift per application scene for digital firms", "assumed", "firms", "calibrated"),
    _p("smart_margin", 0.005, 0.0, 0.01, "1", "智慧园区的利润率增量",
       "Margin gain from the smart-park brain at full (lower operating costs of park firms; "
       "also the margin gain of City firms at full policy stacking)",
       "assumed; §四(二)3 智慧园区大脑 lowers firms' operating costs: 0.5 pp of sales at full "
       "against an 8% margin, 0 (no saving) in range", "firms", "calibrated"),
    _p("repay", 0.05, 0.025, 0.1, "1/quarter", "季度还款比例", "Share of debt repaid each quarter",
       "assumed; 5-year loans", "firms", "structural"),
    _p("shock_to_profit", 0.5, 0.0, 1, "1", "增长冲击对利润率的传导",
       "Share of a growth shock that hits the margin", "assumed", "firms", "calibrated"),
    _p("max_sigma", 0.5, 0.3, 1, "1/quarter", "最小企业的增长波动上限",
       "Cap on the Laplace scale of the tiniest firms", "assumed", "firms", "structural"),
    _p("cross_park", 0.2, 0.0, 0.5, "1", "跨园区寻找合作伙伴比例",
       "Share of new R&D partners sought in a neighbouring park", "assumed; §四(一)3 协同", "firms",
       "calibrated"),
    _p("young_drift", 0.03, 0.0, 0.06, "1/quarter", "新企业额外增长漂移",
       "Extra drift at birth, fading to 0 by young_years",
       "assumed; up or out (Haltiwanger, Jarmin & Miranda 2013)", "firms", "calibrated"),
    _p("young_years", 5, 3, 8, "years", "新企业额外增长年限", "Years over which young firms grow faster",
       "assumed; Haltiwanger, Jarmin & Miranda 2013", "firms", "structural"),
    _p("startup_ip2", 1, 0.0, 3, "IP", "初创企业平均Ⅱ类知识产权", "Mean class-II IP of a start-up",
       "assumed", "entry", "calibrated"),
    _p("entry_scale_startup", 0.2, 0.1, 0.5, "1", "初创企业规模/行业中位数",
       "Start-up revenue relative to the industry median", "assumed", "entry", "calibrated"),
    _p("entry_scale_big", 0.5, 0.2, 1, "1", "落地项目与常规新设企业规模/中位数",
       "Landed project and background entrant revenue relative to the median", "assumed", "entry",
       "calibrated"),
    _p("init_age_mean", 6, 4, 10, "years", "2015年企业平均年龄", "Mean firm age in 2015", "assumed",
       "firms", "calibrated"),
    _p("init_kn_spread", 0.3, 0.1, 0.5, "knowledge", "初始知识离散度", "Knowledge spread at start",
       "assumed", "firms", "calibrated"),
    _p("init_tail_z", 1.2816, 0.8416, 1.6449, "sd", "帕累托尾起点(标准正态分位)",
       "Where the Pareto tail starts (z; 1.2816 = top 10%)", "assumed; Axtell 2001 tail above the body",
       "firms", "structural"),
    _p("max_init_revenue", 200000, 50000, 500000, "10k yuan/yr", "2015年最大企业营收",
       "Largest 2015 firm's revenue (2 bn yuan)", "assumed", "firms", "structural"),
    # (bare numbers of the firm kernels until issue 12: same values)
    _p("sigma_min_size", 10, 1, 100, "10k yuan/yr", "增长波动的最小规模", "Smallest size in the growth-spread law",
       "assumed", "firms", "structural"),
    _p("hnte_rd_margin", 1.1, 1, 1.3, "× HNTE threshold", "逐高企研发目标余量",
       "HNTE seekers aim this far above the R&D threshold", "assumed", "firms", "structural"),
    _p("rd_cut_broke", 0.5, 0.2, 1, "1", "资金耗尽时研发目标倍数",
       "R&D target multiplier of a firm with no cash (the floor of the liquidity cut)",
       "assumed", "firms", "calibrated"),
    _p("step_min", 0.5, 0.0, 1, "× innovation_step", "最小创新步长", "Smallest innovation step",
       "assumed; steps uniform on [step_min, step_min + 1) × innovation_step", "firms", "structural"),
    _p("contract_base_knowledge", 0.5, 0.0, 2, "knowledge", "技术合同额的知识基数",
       "Contract value = contract_value × (this + knowledge ahead of the frontier), at least 0",
       "assumed", "contracts", "structural"),
    _p("min_revenue", 0.5, 0.1, 2, "10k yuan/quarter", "企业最低季度营收", "Floor of a live firm's revenue",
       "assumed", "firms", "structural"),
    _p("emp_adjust", 0.5, 0.1, 1, "1/quarter", "用工调整速度", "Employment adjustment speed", "assumed",
       "firms", "calibrated"),
    _p("hitech_nonfield", 0.3, 0.0, 0.6, "1", "非高新领域高新收入占比倍数",
       "High-tech share factor outside the HNTE fields", "assumed", "firms", "structural"),
    _p("entry_size_sigma", 0.8, 0.4, 1.5, "log", "新企业规模对数标准差", "Entrants' log-revenue spread",
       "assumed", "entry", "calibrated"),
    _p("entry_kn_low", 0.8, 0.5, 1, "× industry mean", "新企业最低知识", "Entrant knowledge, lowest",
       "assumed; uniform on [low, low + width) × industry mean", "entry", "structural"),
    _p("entry_kn_width", 0.4, 0.0, 1, "× industry mean", "新企业知识区间宽度", "Entrant knowledge, width",
       "assumed", "entry", "structural"),
    _p("transfer_knowledge", 0.5, 0.0, 1.5, "knowledge", "北京项目带来的知识",
       "Know-how a landed Beijing project brings", "assumed; 北京研发、宝坻转化 §四(一)", "entry", "calibrated"),
    _p("entry_rd_factor", 1.5, 1, 3, "× industry norm", "新企业研发强度倍数", "Entrants' R&D intensity",
       "assumed", "entry", "calibrated"),
    _p("entry_hitech", 0.3, 0.0, 0.6, "1", "新企业高新收入占比", "Entrants' high-tech share (HNTE fields)",
       "assumed", "entry", "calibrated"),
    _p("entry_cash", 2, 0.5, 4, "quarters of revenue", "新企业初始现金", "Entrants' starting cash",
       "assumed", "entry", "calibrated"),
    _p("transfer_ip_prob", 0.5, 0.0, 1, "1", "落地项目带发明专利概率",
       "A landed project brings an invention patent", "assumed", "entry", "calibrated"),
    _p("incubation_quarters", 8, 4, 12, "quarters", "在孵期", "Time a start-up stays incubated",
       "assumed; typical 2-year incubation contracts", "entry", "structural"),
    _p("init_max_age", 30, 20, 60, "years", "2015年企业最大年龄", "Oldest firm in 2015", "assumed", "firms",
       "structural"),
    _p("init_rd_sigma", 0.45, 0.2, 0.8, "log", "初始研发强度对数标准差", "Initial R&D intensity spread",
       "assumed", "firms", "calibrated"),
    _p("init_kn_min", 0.05, 0.01, 0.2, "knowledge", "初始最低知识", "Floor of initial knowledge",
       "assumed", "firms", "structural"),
    _p("init_kn_rd_weight", 0.6, 0.3, 0.9, "knowledge", "初始知识中研发强度权重",
       "Initial knowledge per relative R&D intensity", "assumed", "firms", "structural"),
    _p("init_kn_base", 0.4, 0.1, 0.7, "knowledge", "初始知识基数", "Initial knowledge at zero R&D",
       "assumed", "firms", "structural"),
    _p("init_cash", 0.3, 0.1, 1, "× annual revenue", "2015年企业现金", "Initial cash", "assumed", "firms",
       "calibrated"),
    _p("init_ip1_per_kn", 0.25, 0.05, 1, "IP/knowledge", "初始Ⅰ类知识产权/知识", "Initial class-I IP per knowledge",
       "assumed", "firms", "calibrated"),
    _p("init_ip2_per_kn", 1.2, 0.3, 3, "IP/knowledge", "初始Ⅱ类知识产权/知识",
       "Initial class-II IP per knowledge", "assumed", "firms", "calibrated"),
    # ---- mechanism labels
    _p("hnte_apply", 0.8, 0.2, 0.99, "1/yr", "合格企业申报高企概率", "HNTE application rate",
       "assumed; tuned to 58 → 151 HNTEs 2015–19 (§一(一))", "labels", "calibrated"),
    _p("sme_register", 0.38, 0.1, 0.95, "1/yr", "科技型中小企业入库意愿", "Tech-SME registration rate",
       "assumed; tuned to 179 in 2019 (§一(一))", "labels", "calibrated"),
    _p("eaglet_apply", 0.008, 0.003, 0.6, "1/yr", "雏鹰申报概率", "Eaglet application rate",
       "assumed; tuned to 40 in 2019 (§一(一))", "labels", "calibrated"),
    _p("hnte_ip1_points", 12, 6, 30, "points/IP", "每项Ⅰ类知识产权得分", "HNTE score points per class-I IP",
       "assumed; 国科发火〔2016〕32号 附件 gives bands, not counts", "labels", "structural"),
    _p("hnte_ip2_points", 4, 1, 8, "points/IP", "每项Ⅱ类知识产权得分", "HNTE score points per class-II IP",
       "assumed; idem", "labels", "structural"),
    _p("hnte_full_knowledge", 1.5, 0.8, 3, "knowledge", "成果转化满分知识（领先前沿）",
       "Knowledge ahead of the frontier earning full commercialisation points", "assumed", "labels", "structural"),
    _p("hnte_mgmt_base", 10, 0.0, 20, "points", "研发管理基础分", "R&D-management points of any R&D firm",
       "assumed (of the rule's 20)", "labels", "structural"),
    _p("gazelle_apply", 0.5, 0.1, 0.95, "1/yr", "瞪羚/领军申报概率", "Gazelle / leader application rate",
       "assumed; tuned to 16 gazelles and 8 leaders in 2019 (§一(一))", "labels", "calibrated"),
    _p("gazelle_growth", 0.15, 0.1, 0.4, "1/yr", "瞪羚营收年均增速门槛", "Gazelle revenue growth threshold",
       "OECD–Eurostat high-growth firm: ≥ 20%/yr over 3 years (津科规〔2021〕3号 thresholds not found)",
       "labels", "literature"),
    _p("gazelle_max_age", 10, 5, 15, "years", "瞪羚最高企业年龄", "Gazelle maximum age",
       "assumed; OECD gazelle ≤ 5 yrs, Tianjin practice ≤ 10", "labels", "structural"),
    _p("gazelle_min_revenue", 500, 200, 5000, "10k yuan", "瞪羚最低营收", "Gazelle minimum revenue",
       "assumed", "labels", "structural"),
    _p("leader_min_revenue", 6500, 1000, 50000, "10k yuan", "领军(培育)最低营收",
       "Leader (candidate) minimum revenue", "assumed; 津科规〔2021〕3号 thresholds not found", "labels", "structural"),
    _p("leader_min_rd", 0.03, 0.02, 0.06, "1", "领军最低研发强度", "Leader minimum R&D/sales",
       "assumed; Tianjin 2021 leader R&D intensity 4.54% (DOMAIN.md §8)", "labels", "calibrated"),
    _p("label_program_start", 2017, 2015, 2019, "year", "雏鹰/瞪羚/领军认定起始年",
       "First year of Tianjin's eaglet/gazelle/leader rounds", "assumed; Tianjin ladder from 2017–18",
       "labels", "structural"),
    _p("listing_rate", 0.03, 0.001, 0.04, "1/quarter", "高企上市挂牌率", "Listing hazard of large HNTEs",
       "assumed; tuned to 7 listed HNTEs in 2019 (§一(一))", "labels", "calibrated"),
    _p("listing_min_revenue", 5000, 1000, 30000, "10k yuan", "挂牌最低营收", "Listing minimum revenue",
       "assumed (NEEQ listing)", "labels", "structural"),
    # (moved from sim/kernels/labels.py, issue 12: same values)
    _p("renew_apply", 0.9, 0.7, 1, "1/yr", "到期企业重新申报概率", "Holders re-apply / re-register",
       "assumed", "labels", "calibrated"),
    _p("coach_bonus", 0.3, 0.1, 0.5, "1/yr", "辅导企业额外申报高企概率",
       "Coached firms' extra HNTE application probability", "assumed", "labels", "calibrated"),
    _p("grant_effect", 0.004, 0.0, 0.01, "1/[10k yuan]", "奖励对申报概率的作用",
       "Extra application probability per 10k yuan of tier grant",
       "assumed; supplies most eaglet applications (issue 12)", "labels", "calibrated"),
    _p("challenge_award", 200, 50, 1000, "10k yuan", "揭榜挂帅单项奖励", "One 揭榜挂帅 award", "assumed",
       "labels", "structural"),
    _p("challenge_lead", 0.3, 0.0, 1, "knowledge", "揭榜企业领先行业知识", "Knowledge lead to bid",
       "assumed", "labels", "structural"),
    _p("challenge_knowledge", 0.2, 0.05, 0.5, "knowledge", "揭榜获得的知识", "Knowledge from a won challenge",
       "assumed", "labels", "calibrated"),
    _p("upgrade_knowledge", 0.3, 0.1, 0.6, "knowledge", "智能化改造带来的知识",
       "Knowledge from a smart-manufacturing upgrade", "assumed", "labels", "calibrated"),
    _p("upgrade_hitech", 0.15, 0.05, 0.3, "1", "改造提高的高新收入占比", "High-tech share gained by an upgrade",
       "assumed", "labels", "calibrated"),
    _p("coach_min_knowledge", 0.8, 0.5, 1.2, "knowledge", "辅导企业最低知识（领先前沿）",
       "Knowledge ahead of the frontier needed for coaching",
       "assumed", "labels", "structural"),
    _p("listing_reward_scale", 300, 100, 1000, "10k yuan", "使上市率翻倍的上市奖励",
       "Listing reward that doubles the listing rate", "assumed", "labels", "calibrated"),
    # ---- mechanism entry
    _p("entry_per_incubator", 0.8, 0.1, 2, "firms/quarter", "每个孵化器季度新增企业", "Start-ups per incubator",
       "assumed", "entry", "calibrated"),
    _p("entry_per_makerspace", 0.3, 0.05, 1.5, "firms/quarter", "每个众创空间季度新增企业",
       "Start-ups per maker space", "assumed", "entry", "calibrated"),
    _p("demo_park_entry_share", 0.2, 0.0, 1, "× entry_per_makerspace", "农业示范园区创业率比例",
       "Start-ups of an agricultural demo park relative to a maker space", "assumed", "entry",
       "calibrated"),
    _p("spinoff_rate", 0.002, 0.0, 0.01, "1/quarter", "衍生创业率", "Spin-off rate per firm", "assumed",
       "entry", "calibrated"),
    _p("base_entry", 10, 0.0, 30, "firms/quarter", "常规新设企业", "Background entry",
       "assumed; replaces exiting traditional firms", "entry", "calibrated"),
    # ---- mechanism transfers
    _p("projects_per_quarter", 17, 5, 60, "projects/quarter", "北京外溢项目流",
       "Beijing projects seeking a site", "assumed; tuned to 120 registered by 2019 (§一(一))",
       "transfers", "calibrated"),
    _p("landing_prob", 0.15, 0.03, 0.5, "1", "无吸引力时注册项目落地实体概率",
       "Probability that a project registered at a node with no pull lands as an entity",
       "assumed prior; the record (25 of 120 by 2019, §一(一)) is for calibration to reproduce",
       "transfers", "calibrated"),
    _p("beta_minutes", 0.02, 0.0, 0.06, "1/min", "通勤时间效用系数", "Utility per travel minute", "assumed",
       "transfers", "calibrated"),
    _p("beta_policy", 0.5, 0.0, 2, "1/[norm. lever]", "政策吸引效用系数", "Utility of attraction policy",
       "assumed", "transfers", "calibrated"),
    _p("beta_fit", 0.8, 0.0, 2, "1", "产业匹配效用系数", "Utility of industry fit", "assumed", "transfers",
       "calibrated"),
    _p("zgc_attraction_norm", 3000, 1000, 10000, "10k yuan/yr", "科技城招商政策归一化",
       "Science City attraction spending counted as one unit of policy", "assumed", "transfers",
       "structural"),
    _p("park_attraction_norm", 2000, 500, 8000, "10k yuan/yr", "园区招商政策归一化",
       "Park attraction spending counted as one unit of policy", "assumed", "transfers", "structural"),
    _p("hub_policy_share", 0.5, 0.0, 1, "1", "高铁站前区享受科技城政策比例",
       "Share of the City's attraction policy the HSR hub gets", "assumed", "transfers", "structural"),
    _p("park_entry_scale", 4000, 1000, 16000, "10k yuan/yr", "使常规新设翻倍的园区招商投入",
       "Park attraction spending that doubles background entry", "assumed", "entry", "calibrated"),
    _p("institute_luck_min", 0.5, 0.0, 1, "1", "研究院合同额随机下限",
       "Institutes' quarterly contracts = institute_contracts × (this + U[0, 1))", "assumed",
       "contracts", "structural"),
    _p("beta_carrier", 0.15, 0.0, 0.6, "1/carrier", "载体效用系数", "Utility per innovation carrier",
       "assumed", "transfers", "calibrated"),
    # ---- mechanism talent
    _p("wage_ratio_baodi", 0.75, 0.5, 1, "1", "宝坻/北京工资比", "Baodi wage relative to Beijing",
       "assumed; NBS urban wages Tianjin ≈ 0.6–0.7 of Beijing", "talent", "literature"),
    _p("move_rate", 0.03, 0.005, 0.1, "1/quarter", "人才流动基础率", "Base relocation rate", "assumed",
       "talent", "calibrated"),
    _p("move_sensitivity", 3, 0.5, 8, "1", "流动对效用差敏感度", "Relocation utility sensitivity",
       "assumed (logit)", "talent", "calibrated"),
    _p("quit_rate", 0.03, 0.005, 0.08, "1/quarter", "科技人员离职率", "Quit rate of S&T staff", "assumed",
       "talent", "calibrated"),
    _p("st_target_share", 0.08, 0.03, 0.2, "1", "企业目标科技人员占比",
       "Target S&T staff share at 3.5% R&D/sales", "assumed; HNTE rule needs ≥ 10%", "talent", "calibrated"),
    _p("talent_pool_skill", 1.45, 0.6, 2.5, "sd", "人才库技能门槛", "Skill threshold of the talent pool",
       "assumed; tuned to 652 in 2019 (§一(一))", "talent", "calibrated"),
    # (moved from sim/kernels/talent.py, sim/model.py, issue 12: same values)
    _p("search_draws", 3, 1, 8, "firms", "求职者每季度考察企业数", "Firms a job seeker samples per quarter",
       "assumed", "talent", "structural"),
    _p("knowledge_per_hire", 0.01, 0.0, 0.05, "knowledge/sd", "每名招聘带来的知识",
       "Knowledge a hire brings per unit of positive skill", "assumed", "talent", "calibrated"),
    _p("employed_move", 0.5, 0.2, 1, "1", "在职者流动倍数", "Relocation multiplier for the employed",
       "assumed", "talent", "calibrated"),
    _p("unemployed_move", 2, 1, 4, "1", "求职者流动倍数", "Relocation multiplier for job seekers",
       "assumed", "talent", "calibrated"),
    _p("ref_intensity", 0.035, 0.02, 0.05, "1", "目标科技人员占比对应的研发强度",
       "R&D/sales at which a firm wants st_target_share S&T staff", "assumed", "talent", "structural"),
    _p("annual_wage", 15, 10, 25, "10k yuan/yr", "北京科技人员年薪", "S&T worker's annual wage in Beijing",
       "assumed", "talent", "literature"),
    _p("city_wage_ratio", 0.85, 0.7, 0.95, "1", "天津市区/北京工资比", "Tianjin city wage relative to Beijing",
       "assumed", "talent", "literature"),
    _p("housing_utility", 0.3, 0.0, 0.6, "1", "人才社区饱和效用", "Utility of the talent community at saturation",
       "assumed", "talent", "calibrated"),
    _p("housing_half", 1000, 300, 3000, "units", "人才社区半饱和住房数", "Housing units giving half that utility",
       "assumed", "talent", "structural"),
    _p("amenity_per_carrier", 0.002, 0.0, 0.01, "1/carrier", "每个创新载体的宜居效用",
       "Utility of each innovation carrier (park amenities)", "assumed", "talent", "calibrated"),
    _p("move_capital_share", 0.5, 0.2, 0.8, "1", "外流人才去北京比例",
       "Share of leavers from Baodi who consider Beijing (rest: Tianjin city)", "assumed", "talent",
       "calibrated"),
    _p("vacancy_rel_min", 0.5, 0.2, 1, "1", "科技岗位需求下限倍数",
       "Lower clamp of S&T demand relative to the norm", "assumed", "talent", "structural"),
    _p("vacancy_rel_max", 4, 2, 8, "1", "科技岗位需求上限倍数", "Upper clamp of S&T demand relative to the norm",
       "assumed", "talent", "structural"),
    # ---- mechanism capital
    _p("vc_budget", 30000, 5000, 100000, "10k yuan/yr", "风险投资年度规模", "VC budget",
       "assumed; §一(一) 263 firms raised 40.5亿 2016–20", "capital", "calibrated"),
    _p("bank_budget", 50000, 10000, 200000, "10k yuan/yr", "科技信贷年度规模", "Tech-loan budget",
       "assumed; §一(一) anchor", "capital", "calibrated"),
    _p("deal_size", 1.0, 0.1, 2, "× annual revenue", "单笔融资规模", "Deal size relative to revenue",
       "assumed", "capital", "calibrated"),
    _p("vc_screen", 0.1, 0.0, 1, "knowledge above industry mean", "风投筛选门槛", "VC knowledge screen",
       "assumed", "capital", "calibrated"),
    _p("loan_rate", 0.012, 0.005, 0.03, "1/quarter", "贷款季度利率", "Loan interest rate",
       "assumed; PBoC LPR ≈ 4.3–4.8%/yr", "capital", "literature"),
    _p("default_rate", 0.05, 0.0, 0.2, "1/quarter", "资金断裂违约率", "Default hazard when cash < 0",
       "assumed", "capital", "calibrated"),
    _p("guidance_leverage", 3, 1, 6, "1", "引导基金杠杆", "Guidance-fund leverage",
       "assumed; guidance funds typically lever 3–5×", "capital", "literature"),
    # (moved from sim/kernels/capital.py, issue 12: same values)
    _p("vc_deal_rate", 0.1, 0.02, 0.1, "1/quarter", "筛选通过企业季度成交概率",
       "Chance a screened firm closes a round", "assumed", "capital", "calibrated"),
    _p("vc_max_age", 10, 5, 15, "years", "风投关注的最大企业年龄", "Oldest firm VC looks at", "assumed",
       "capital", "structural"),
    _p("min_deal", 50, 20, 200, "10k yuan", "最小融资额", "Smallest round (loans: half)", "assumed",
       "capital", "structural"),
    _p("max_deal", 20000, 5000, 50000, "10k yuan", "最大融资额", "Largest round or loan", "assumed",
       "capital", "structural"),
    _p("loan_demand", 0.08, 0.02, 0.2, "1/quarter", "认定企业季度贷款需求",
       "Chance a labelled firm takes a loan", "assumed", "capital", "calibrated"),
    _p("loan_share", 0.5, 0.2, 1, "× annual revenue", "贷款规模/年营收", "Loan size relative to revenue",
       "assumed", "capital", "calibrated"),
    _p("max_leverage", 0.5, 0.3, 1, "× annual revenue", "最高负债/年营收",
       "Labelled firms borrow while debt is below this", "assumed", "capital", "structural"),
    _p("vc_ladder_boost", 2, 1, 4, "1", "雏鹰瞪羚企业风投成交倍数",
       "VC deal-rate multiplier for eaglets, gazelles and leaders", "assumed", "capital", "calibrated"),
    _p("min_loan", 25, 10, 100, "10k yuan", "最小贷款额", "Smallest loan", "assumed", "capital",
       "structural"),
    # ---- mechanism contracts
    _p("contract_value", 15, 3, 100, "10k yuan", "单次创新技术合同额", "Contract per innovation", "assumed",
       "contracts", "calibrated"),
    _p("contract_prob", 0.3, 0.05, 0.8, "1", "创新形成技术合同概率", "Innovation sold as contract", "assumed",
       "contracts", "calibrated"),
    _p("institute_contracts", 150, 20, 600, "10k yuan/quarter", "研究院季度技术合同额",
       "Contracts per research institute", "assumed", "contracts", "calibrated"),
    # (moved from sim/kernels/transfers.py, issue 12: same value)
    _p("congestion", 2, 0.5, 5, "1", "园区满载的效用损失", "Utility lost by a node at its firm capacity",
       "assumed", "transfers", "calibrated"),
    # ---- mechanism carriers
    _p("carrier_lag", 4, 1, 8, "quarters", "载体建设滞后", "Carrier build lag", "assumed", "carriers", "structural"),
    _p("national_incubator_rate", 0.06, 0.0, 0.3, "1/yr", "孵化器升级国家级概率",
       "National accreditation rate per incubator",
       "assumed; nationally ≈ 140–180 incubators a year became national in 2021–23 (1,287, "
       "1,425, 1,606 national incubators: 国家统计局 statistical communiqués 2021–23) out of "
       "≈ 4,000 others (4,849 incubators at end-2018: 火炬中心《中国创业孵化发展报告2019》), "
       "≈ 4%/yr; a district that applies on purpose (§三(三) targets +1) a little more",
       "carriers", "calibrated"),
    # (moved from sim/carriers.py, issue 12: same values)
    _p("xingchuang_accredit", 0.5, 0.3, 0.8, "1", "星创天地国家级认定比例",
       "Share of 星创天地 applications accredited nationally",
       "assumed; 星创天地 are recognised by the Ministry of S&T in batches under 《发展“星创天地”"
       "工作指引》 (科技部 2016), which publishes no acceptance rate: a coin flip, swept 0.3–0.8",
       "carriers", "calibrated"),
    _p("upgrade_scale", 500, 100, 2000, "10k yuan/yr", "使国家级认定率翻倍的提升资金",
       "Incubator-upgrade support that doubles the accreditation rate",
       "assumed; support pays for what national accreditation asks (≥ 10,000 m² of incubation "
       "space, ≥ 5M yuan of incubation funds: 《科技企业孵化器管理办法》国科发区〔2018〕300号)",
       "carriers", "calibrated"),
    # ---- the region file's other assumed figures (issue 12: every assumption visible)
    _p("spillover_decay_minutes", 30, 15, 60, "min", "知识溢出随通勤时间衰减尺度",
       "Travel time over which spillovers between nodes fall by e (proximity = exp(-min/this))",
       "assumed; spillovers fall with distance (Jaffe, Trajtenberg & Henderson 1993)", "firms",
       "literature"),
    _p("region_minutes_scale", 1, 0.5, 1.5, "× minutes", "假定通勤时间倍数",
       "Scale of the region file's assumed travel times (the plan's 20-min HSR edges stay)",
       "assumed; region file edges (±50%)", "region", "structural"),
    _p("region_attract_shift", 0, -0.5, 0.5, "utility", "区内节点基础吸引力平移",
       "Utility added to the base attractiveness of every node of the region (against Beijing's)",
       "assumed; region file attract", "region", "calibrated"),
    _p("region_sei_share_scale", 1, 0.6, 1.4, "× firm_share", "战略性新兴产业企业占比倍数",
       "Scale of strategic-emerging industries' share of firms (shares renormalised)",
       "assumed; region file industries' firm_share", "region", "calibrated"),
    _p("region_city_share_scale", 1, 0.5, 1.5, "× firm_share", "科技城企业占比倍数",
       "Scale of the Science City nodes' share of firms (shares renormalised)",
       "assumed; region file nodes' firm_share", "region", "calibrated"),
    # ---- the Science City grows by attraction (issue 10, §四(一))
    _p("beta_agglomeration", 0.4, 0.0, 1.0, "1/log firm", "集聚效用系数",
       "Projects' utility per log(1 + firms at the node / agglomeration_scale)",
       "assumed; clusters attract more of what they have (Rosenthal & Strange 2004)", "transfers",
       "calibrated"),
    _p("agglomeration_scale", 50, 10, 200, "firms", "集聚效用的企业数尺度",
       "Firms at a node from which agglomeration adds log(2)·beta_agglomeration", "assumed",
       "transfers", "structural"),
    _p("rent_curvature", 4, 1, 8, "1", "租金随入驻率上升的曲率",
       "Rents rise with occupancy: utility lost = congestion × (firms/capacity)^this", "assumed",
       "transfers", "structural"),
    _p("beta_housing_city", 0.5, 0.0, 1.5, "1", "人才社区对项目的效用",
       "Projects' utility of the City's talent housing at saturation (staff who live nearby)",
       "assumed; §四(一)5 年轻人的中关村", "transfers", "calibrated"),
    _p("beta_scenes", 0.02, 0.0, 0.06, "1/scene", "应用场景对项目的效用",
       "Projects' utility per open application scene in the City", "assumed; §四(一)3",
       "transfers", "calibrated"),
    _p("arrival_elasticity", 0.5, 0.0, 1.5, "1/utility", "项目关注度对吸引力的弹性",
       "Growth of the projects looking at the region per unit change of the City's pull since 2015",
       "assumed; word of mouth and visibility of a growing cluster", "transfers", "calibrated"),
    _p("arrival_max_multiple", 3, 1.5, 10, "× projects_per_quarter", "项目关注度上限倍数",
       "Most projects the region can be looked at by, as a multiple of the 2015 flow",
       "assumed; Baodi is one of many destinations of Beijing's relocating projects", "transfers",
       "structural"),
    _p("landing_pull", 0.5, 0.0, 1.5, "log-odds/utility", "吸引力对落地的作用",
       "Log-odds of landing per unit of the node's pull (policy, agglomeration, amenities)",
       "assumed", "transfers", "calibrated"),
    # ---- the 2015 state (issue 10)
    _p("hnte_2015_pre_share", 0.6, 0.45, 0.8, "1", "2015年末高企中2015年前认定的比例",
       "Share of the record's end-2015 HNTE stock certified before 2015 (held at 2015Q1)",
       "certificates last 3 years; with the national stock growing ≈ 20%/yr in 2013–15 "
       "(中国火炬统计年鉴), the 2013–14 cohorts are ≈ 0.6 of an end-2015 stock",
       "labels", "literature"),
    # ---- cash and capital reach innovation (issue 10, §四(一)4, §四(五)2)
    _p("rd_cash_cover", 8, 2, 12, "quarters of R&D", "研发承诺所需现金覆盖",
       "Quarters of planned R&D a firm wants funded from cash before committing to it all; "
       "below, it scales R&D by its cover ratio (down to rd_cut_broke with no cash)",
       "assumed; small and young R&D firms are financially constrained (Hall & Lerner "
       "2010); the HNTE test averages R&D over three years", "firms", "calibrated"),
    _p("cash_buffer", 0.5, 0.1, 2, "quarters of revenue", "企业保留的营运现金",
       "Cash a firm keeps as working capital; above it, cash_payout of the excess leaves "
       "each quarter", "assumed", "firms", "calibrated"),
    _p("cash_payout", 0.25, 0.05, 0.6, "1/quarter", "超额现金的季度分配比例",
       "Share of cash above the buffer paid out (dividends, fixed investment) each quarter",
       "assumed; profits do not pile up in a firm's account", "firms", "calibrated"),
    # ---- knowledge is relative to a moving frontier (issue 10)
    _p("frontier_growth", 0.5, 0.25, 0.8, "knowledge/yr", "技术前沿的年推进",
       "Pace of the technological frontier: the high-tech share of sales, the HNTE "
       "commercialisation points and contract values read a firm's knowledge minus the "
       "frontier's advance since 2015, so a firm must keep innovating to keep its labels",
       "assumed; an R&D-norm firm innovating most quarters gains 4 × innovation_step ≈ 0.5 "
       "a year; K+S productivity frontier (Dosi, Fagiolo & Roventini 2010)", "firms",
       "calibrated"),
    _p("coach_years", 3, 1, 5, "years", "高企培育入库期限",
       "Years a coached firm stays in the HNTE reserve pool: while in it, it aims its R&D "
       "at the HNTE threshold and applies more often (coach_bonus); then it is on its own",
       "assumed; provincial HNTE reserve pools (高企培育库) hold a firm for a few years",
       "labels", "structural"),
    # ---- a national incubator incubates better (issue 10, §四(五)3 孵化器提质升级): what an
    # incubator upgrade buys the firms. Evidence on incubated firms' survival and growth is
    # mixed, so both ranges include no effect (0).
    _p("national_entry_premium", 0.25, 0.0, 1, "× entry_per_incubator", "国家级孵化器的创业企业增量",
       "Extra start-ups a quarter of a national incubator over a municipal one, as a share of "
       "entry_per_incubator (0: the same)",
       "assumed; national accreditation asks for a larger carrier (≥ 10,000 m² of incubation "
       "space, ≥ 3 years in operation, ≥ 5M yuan of incubation funds and ≥ 10% of incubatees "
       "financed: 《科技企业孵化器管理办法》国科发区〔2018〕300号)", "carriers", "calibrated"),
    _p("national_incubation_extra", 2, 0, 8, "quarters", "国家级孵化器在孵期延长",
       "Extra quarters a start-up of a national incubator stays incubated, at incubator_hazard "
       "(0: as long as at a municipal one)",
       "assumed; national incubators' seed funds and mentors (国科发区〔2018〕300号) keep firms "
       "longer; incubation's effect on survival is mixed (Amezcua, Grimes, Bradley & Wiklund "
       "2013, Acad. Manage. J. 56:1628; Lukeš, Longo & Zouhar 2019, Technovation 82–83:25)",
       "entry", "calibrated"),
    # ---- IP pledge financing and 投贷联动 (issue 10, §四(五)2)
    _p("ip_pledge_value_1", 100, 30, 500, "10k yuan per class-I IP", "每件Ⅰ类知识产权可质押融资额",
       "Financing one pledged class-I IP (invention patent) secures: appraised value × the "
       "lender's loan-to-value ratio; an IP pledge package is at most the firm's pledged IP",
       "assumed; CNIPA: 2021 patent and trademark pledges raised 309.8 bn yuan in 17,000 "
       "projects for 15,000 firms (≈ 18M yuan each, skewed by large loans); tech SMEs' pledge "
       "loans are commonly a few million yuan", "capital", "literature"),
    _p("ip_pledge_value_2", 20, 5, 100, "10k yuan per class-II IP", "每件Ⅱ类知识产权可质押融资额",
       "Financing one pledged class-II IP (utility model, software copyright...) secures",
       "assumed: a fifth of a class-I IP, as in the tech-SME score (one class-I IP 30 points, "
       "one class-II 6; 国科发政〔2017〕115号)", "capital", "literature"),
    _p("ip_pledge_equity_share", 0.2, 0.0, 0.5, "1", "投贷联动中股权投资占比",
       "Share of an IP-pledge package the lender's investment arm puts in as equity (投贷联动): "
       "cash that is not repaid and bears no interest",
       "assumed; 投贷联动 pairs a bank loan with equity from the bank group's investment arm "
       "(银监发〔2016〕14号; Tianjin: 津金融局〔2017〕90号)", "capital", "structural"),
    _p("ip_pledge_approval", 0.1, 0.02, 0.5, "1/quarter", "知识产权质押季度获批概率",
       "Chance a lender appraises and accepts the IP of a firm seeking a pledge in a quarter",
       "assumed; lenders accept few firms' IP: CNIPA (2021) found only 2.5% of HNTEs and tech "
       "SMEs had ever registered a patent or trademark pledge", "capital", "literature"),
    _p("maker_space_record", 0.8, 0.5, 1, "1", "新建众创空间获市级认定的比例",
       "Share of funded new maker spaces the municipal S&T bureau recognises (only those "
       "count and incubate)",
       "assumed; the plan counts recognised 众创空间 (§三(三)); no pass rate is published: "
       "most funded spaces pass, 1 is the deterministic case", "carriers", "calibrated"),
)
# fmt: on

PARAM_NAMES: tuple[str, ...] = tuple(s.name for s in PARAM_SPECS)
PARAM_INDEX: dict[str, int] = {n: i for i, n in enumerate(PARAM_NAMES)}
_SPEC = {s.name: s for s in PARAM_SPECS}
# Kernel indices P_<NAME> (position in Params.vector) are plain constants generated into
# sim/indices.py; a stale file makes Params.vector() raise (regenerate: python sim/codegen.py).
_STALE = [n for n, i in PARAM_INDEX.items() if getattr(indices, f"P_{n.upper()}", None) != i] + (
    ["N_PARAMS"] if getattr(indices, "N_PARAMS", None) != len(PARAM_NAMES) else []
)


def check_indices() -> None:
    """Raise ``SimError`` if sim/indices.py does not match ``PARAM_SPECS``."""
    if _STALE:
        raise SimError(
            f"sim/indices.py is stale for parameters {_STALE[:5]}: run `python sim/codegen.py`"
        )


class Params(Mapping):
    """A validated set of parameter values (defaults overridden by keyword).

    Parameters
    ----------
    **overrides : float
        Parameter name → value; unknown names and out-of-range values raise ``SimError``.
    """

    __slots__ = ("_values",)

    def __init__(self, **overrides: float) -> None:
        values = {s.name: s.default for s in PARAM_SPECS}
        for name, v in overrides.items():
            if name not in _SPEC:
                raise unknown("parameter", name, PARAM_NAMES)
            s = _SPEC[name]
            try:
                fv = float(v)
            except (TypeError, ValueError):
                raise SimError(
                    f"parameter '{name}' = {v!r} must be a number in [{s.lo}, {s.hi}] {s.unit}"
                ) from None
            if isinstance(v, bool) or math.isnan(fv) or not s.lo <= fv <= s.hi:
                raise SimError(
                    f"parameter '{name}' = {v!r} outside allowed range [{s.lo}, {s.hi}] {s.unit}"
                )
            values[name] = fv
        object.__setattr__(self, "_values", values)

    def __getitem__(self, key: str) -> float:
        try:  # one dict look-up (phases read a dozen parameters a quarter)
            return self._values[key]
        except KeyError:
            raise unknown("parameter", key, PARAM_NAMES) from None

    def __getattr__(self, key: str) -> float:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self):
        return iter(PARAM_NAMES)

    def __len__(self) -> int:
        return len(PARAM_NAMES)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != _SPEC[k].default}
        return f"Params({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Params) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.values()))

    def replace(self, **overrides: float) -> "Params":
        """A copy with some values changed (validated)."""
        changed = {k: v for k, v in self._values.items() if v != _SPEC[k].default}
        return Params(**{**changed, **overrides})

    def vector(self) -> np.ndarray:
        """float64 vector in ``PARAM_NAMES`` order, as kernels read it (``P_*`` positions)."""
        check_indices()
        return np.array([self._values[n] for n in PARAM_NAMES], dtype=np.float64)


def param_table() -> list[dict]:
    """Rows of the parameter table shown to users (``baodi-sim params``)."""
    return [
        {
            "name": s.name,
            "default": s.default,
            "lo": s.lo,
            "hi": s.hi,
            "unit": s.unit,
            "zh": s.zh,
            "en": s.en,
            "mechanism": s.mechanism,
            "tag": s.tag,
            "source": s.source,
        }
        for s in PARAM_SPECS
    ]
