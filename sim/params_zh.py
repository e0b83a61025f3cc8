"""Chinese units, mechanisms and sources of the behavioural parameters: ``PARAMS_ZH``.

``PARAMS_ZH[name] = (unit_zh, mechanism_zh, source_zh)`` for every parameter of
:data:`sim.params.PARAM_SPECS` (whose unit, mechanism and source are English); kept apart
from :mod:`sim.params` so the table and its translation can change independently.
Citations of Chinese documents stay in their original form; English papers keep their
citation, with a short Chinese gloss of what is taken from them. ``baodi-sim params --lang zh``
and the web app's Sources page show these; a test fails when a parameter has no entry or an
entry names no parameter.
"""

__all__ = ["PARAMS_ZH", "param_text"]

# name: (unit_zh, mechanism_zh, source_zh)
PARAMS_ZH: dict[str, tuple[str, str, str]] = {
    "region_firms_scale": (
        "× 2015年企业数",
        "地区规模",
        "假设；地区文件 firms_2015（宝坻 800–3000 家）",
    ),
    "region_people_scale": (
        "× 科技人员数",
        "地区规模",
        "假设；地区文件 people_*（宝坻本地 4000–15000 人）",
    ),
    "region_rd_scale": ("× 行业研发强度", "地区规模", "假设；地区文件 rd_intensity（0.01–0.06）"),
    "region_revenue_scale": ("× 行业营收中位数", "地区规模", "假设；地区文件 revenue_median"),
    "region_capacity_scale": ("× 园区容量", "地区规模", "假设；地区文件 capacity"),
    "project_nonsei_weight": ("1", "北京项目转移", "假设"),
    "size_sigma": ("对数", "企业", "企业规模主体服从对数正态分布（Kondo, Lewis & Stella 2018）"),
    "size_tail_alpha": ("1", "企业", "企业规模服从齐夫分布（Axtell 2001, Science 293:1818，α≈1）"),
    "growth_mu": ("1/季度", "企业", "假设；天津规模以上工业产值 2015–19 年增长约 3–6%/年"),
    "growth_sigma": (
        "1/季度",
        "企业",
        "企业增长率分布（Stanley et al. 1996, Nature 379:804；Bottazzi & Secchi 2006）",
    ),
    "growth_beta": ("1", "企业", "增长率波动随规模递减（Stanley et al. 1996，σ ∝ S^-β，β≈0.2）"),
    "knowledge_growth": (
        "1/季度",
        "企业",
        "假设；“凯恩斯+熊彼特”模型：生产率决定市场份额（Dosi et al. 2010）",
    ),
    "innovation_growth": ("1", "企业", "假设"),
    "margin": ("1", "企业", "假设；国家统计局规模以上工业利润率约 6–7%"),
    "employees_per_revenue": (
        "人/（万元/年）",
        "企业",
        "假设（人均营收约 80 万元；国家统计局规模以上工业约 100 万元）",
    ),
    "zeta_innovation": (
        "1/万元",
        "企业",
        "“凯恩斯+熊彼特”模型的创新概率 P = 1 − exp(−ζ·研发)（Dosi, Fagiolo & Roventini 2010）",
    ),
    "zeta_imitation": ("1/万元", "企业", "“凯恩斯+熊彼特”模型的模仿（Dosi et al. 2010）"),
    "talent_effect": ("1", "企业", "假设"),
    "innovation_step": ("知识量", "企业", "假设；“凯恩斯+熊彼特”模型中生产率跃升服从 Beta 分布"),
    "partner_share": ("1/季度", "企业", "SKIN 创新网络模型（Gilbert, Ahrweiler & Pyka）"),
    "partner_keep": ("1/季度", "企业", "SKIN 模型：优先与以往合作伙伴合作"),
    "ip_prob": ("1", "企业", "假设"),
    "ip_class1_share": ("1", "企业", "假设；发明专利约占天津中小企业知识产权的 15%"),
    "rd_adjust": ("1/季度", "企业", "假设；满意即止的决策（Nelson & Winter 1982）"),
    "hnte_seeking": (
        "1",
        "企业",
        "假设；企业研发强度在高企门槛处聚集（Chen et al. 2021, JPE 129:2）",
    ),
    "rd_subsidy_elasticity": (
        "1",
        "企业",
        "研发对使用成本的弹性约为 1（Bloom, Griffith & Van Reenen 2002）",
    ),
    "hitech_adjust": ("1/季度", "企业", "假设"),
    "knowledge_hitech_mid": ("知识量", "企业", "假设"),
    "hazard_scale": (
        "1",
        "企业",
        "国家工商总局 2013《企业生存时间分析报告》（第 1–3 年退出率 1.6%、6.3%、9.5%）",
    ),
    "cash_hazard": ("1", "企业", "假设；连续亏损后退出（Nelson–Winter 模型）"),
    "incubator_hazard": ("1", "企业", "假设；孵化企业存活率更高（Lukeš et al. 2019）"),
    "platform_boost": ("1/个平台", "企业", "假设"),
    "imitation_share": ("1", "企业", "假设；“凯恩斯+熊彼特”模型的模仿"),
    "hitech_slope": ("知识量", "企业", "假设"),
    "stack_growth": ("1/季度", "企业", "假设"),
    "scene_growth": ("1/季度/个场景", "企业", "假设"),
    "smart_margin": (
        "1",
        "企业",
        "假设；规划§四(二)3 智慧园区大脑降低企业运营成本：全面建成时利润率提高 0.5 个百分点"
        "（基准利润率 8%），0（不节省）在范围内",
    ),
    "repay": ("1/季度", "企业", "假设；5 年期贷款"),
    "shock_to_profit": ("1", "企业", "假设"),
    "max_sigma": ("1/季度", "企业", "假设"),
    "cross_park": ("1", "企业", "假设；规划§四(一)3 协同"),
    "young_drift": (
        "1/季度",
        "企业",
        "假设；年轻企业“要么成长、要么退出”（Haltiwanger, Jarmin & Miranda 2013）",
    ),
    "young_years": ("年", "企业", "假设；企业年龄与增长（Haltiwanger, Jarmin & Miranda 2013）"),
    "startup_ip2": ("项知识产权", "企业进入", "假设"),
    "entry_scale_startup": ("1", "企业进入", "假设"),
    "entry_scale_big": ("1", "企业进入", "假设"),
    "init_age_mean": ("年", "企业", "假设"),
    "init_kn_spread": ("知识量", "企业", "假设"),
    "init_tail_z": ("标准差", "企业", "假设；对数正态主体之上的齐夫尾部（Axtell 2001）"),
    "max_init_revenue": ("万元/年", "企业", "假设"),
    "sigma_min_size": ("万元/年", "企业", "假设"),
    "hnte_rd_margin": ("× 高企认定门槛", "企业", "假设"),
    "rd_cut_broke": ("1", "企业", "假设"),
    "rd_cash_cover": (
        "个季度的研发支出",
        "企业",
        "假设；小型和年轻的研发企业受融资约束（Hall & Lerner 2010）；高企认定看三年研发",
    ),
    "cash_buffer": ("个季度的营收", "企业", "假设"),
    "cash_payout": ("1/季度", "企业", "假设；利润不会在企业账户中无限累积"),
    "ip_pledge_value_1": (
        "万元/件Ⅰ类知识产权",
        "资本",
        "假设；国家知识产权局：2021年全国专利商标质押融资3098亿元，1.7万项，惠及企业1.5万家"
        "（平均约1800万元/项，受大额贷款拉高）；科技型中小企业质押贷款多为数百万元",
    ),
    "ip_pledge_value_2": (
        "万元/件Ⅱ类知识产权",
        "资本",
        "假设：Ⅰ类知识产权的五分之一，同科技型中小企业评分（1件Ⅰ类30分，1件Ⅱ类6分；"
        "国科发政〔2017〕115号）",
    ),
    "ip_pledge_equity_share": (
        "1",
        "资本",
        "假设；投贷联动：银行信贷与集团投资子公司股权投资相结合（银监发〔2016〕14号；"
        "天津：津金融局〔2017〕90号）",
    ),
    "ip_pledge_approval": (
        "1/季度",
        "资本",
        "假设；金融机构接受的知识产权有限：国家知识产权局（2021）统计，办理过专利商标质押登记的"
        "高新技术企业、科技型中小企业仅占2.5%",
    ),
    "step_min": (
        "× 创新步长",
        "企业",
        "假设；步长在 [step_min, step_min + 1) × innovation_step 上均匀分布",
    ),
    "contract_base_knowledge": ("知识量", "技术合同", "假设"),
    "min_revenue": ("万元/季度", "企业", "假设"),
    "emp_adjust": ("1/季度", "企业", "假设"),
    "hitech_nonfield": ("1", "企业", "假设"),
    "entry_size_sigma": ("对数", "企业进入", "假设"),
    "entry_kn_low": ("× 行业均值", "企业进入", "假设；在 [low, low + width) × 行业均值 上均匀分布"),
    "entry_kn_width": ("× 行业均值", "企业进入", "假设"),
    "transfer_knowledge": ("知识量", "企业进入", "假设；北京研发、宝坻转化（规划§四(一)）"),
    "entry_rd_factor": ("× 行业常态值", "企业进入", "假设"),
    "entry_hitech": ("1", "企业进入", "假设"),
    "entry_cash": ("个季度的营收", "企业进入", "假设"),
    "transfer_ip_prob": ("1", "企业进入", "假设"),
    "incubation_quarters": ("季度", "企业进入", "假设；孵化协议通常为 2 年"),
    "init_max_age": ("年", "企业", "假设"),
    "init_rd_sigma": ("对数", "企业", "假设"),
    "init_kn_min": ("知识量", "企业", "假设"),
    "init_kn_rd_weight": ("知识量", "企业", "假设"),
    "init_kn_base": ("知识量", "企业", "假设"),
    "init_cash": ("× 年营收", "企业", "假设"),
    "init_ip1_per_kn": ("项知识产权/单位知识量", "企业", "假设"),
    "init_ip2_per_kn": ("项知识产权/单位知识量", "企业", "假设"),
    "hnte_apply": (
        "1/年",
        "资质认定",
        "假设；调至再现 2015–19 年高企由 58 家增至 151 家（规划§一(一)）",
    ),
    "sme_register": ("1/年", "资质认定", "假设；调至再现 2019 年的 179 家（规划§一(一)）"),
    "eaglet_apply": ("1/年", "资质认定", "假设；调至再现 2019 年的 40 家（规划§一(一)）"),
    "hnte_ip1_points": (
        "分/项知识产权",
        "资质认定",
        "假设；国科发火〔2016〕32号 附件只给出分档，未给出数量",
    ),
    "hnte_ip2_points": ("分/项知识产权", "资质认定", "假设；同上"),
    "hnte_full_knowledge": ("知识量", "资质认定", "假设"),
    "hnte_mgmt_base": ("分", "资质认定", "假设（认定办法规定的 20 分之中）"),
    "gazelle_apply": (
        "1/年",
        "资质认定",
        "假设；调至再现 2019 年瞪羚企业 16 家、领军企业 8 家（规划§一(一)）",
    ),
    "gazelle_growth": (
        "1/年",
        "资质认定",
        "OECD–欧盟统计局的高成长企业定义：连续 3 年增长 ≥ 20%/年（未查到津科规〔2021〕3号的门槛）",
    ),
    "gazelle_max_age": ("年", "资质认定", "假设；OECD 瞪羚企业成立 ≤ 5 年，天津实践 ≤ 10 年"),
    "gazelle_min_revenue": ("万元", "资质认定", "假设"),
    "leader_min_revenue": ("万元", "资质认定", "假设；未查到津科规〔2021〕3号的门槛"),
    "leader_min_rd": ("1", "资质认定", "假设；天津 2021 年领军企业研发强度 4.54%（DOMAIN.md §8）"),
    "label_program_start": ("年", "资质认定", "假设；天津科技企业梯度培育始于 2017–18 年"),
    "listing_rate": ("1/季度", "资质认定", "假设；调至再现 2019 年上市高企 7 家（规划§一(一)）"),
    "listing_min_revenue": ("万元", "资质认定", "假设（新三板挂牌）"),
    "renew_apply": ("1/年", "资质认定", "假设"),
    "coach_bonus": ("1/年", "资质认定", "假设"),
    "grant_effect": ("1/万元", "资质认定", "假设；提供大部分雏鹰企业申报（issue 12）"),
    "challenge_award": ("万元", "资质认定", "假设"),
    "challenge_lead": ("知识量", "资质认定", "假设"),
    "challenge_knowledge": ("知识量", "资质认定", "假设"),
    "upgrade_knowledge": ("知识量", "资质认定", "假设"),
    "upgrade_hitech": ("1", "资质认定", "假设"),
    "coach_min_knowledge": ("知识量", "资质认定", "假设"),
    "listing_reward_scale": ("万元", "资质认定", "假设"),
    "entry_per_incubator": ("家/季度", "企业进入", "假设"),
    "entry_per_makerspace": ("家/季度", "企业进入", "假设"),
    "demo_park_entry_share": ("× 每个众创空间的新设企业数", "企业进入", "假设"),
    "spinoff_rate": ("1/季度", "企业进入", "假设"),
    "base_entry": ("家/季度", "企业进入", "假设；补充退出的传统企业"),
    "projects_per_quarter": (
        "项/季度",
        "北京项目转移",
        "假设；调至再现到 2019 年注册 120 个项目（规划§一(一)）",
    ),
    "landing_prob": (
        "1",
        "北京项目转移",
        "假设的先验；规划§一(一)的记录（至2019年注册120个、落地25个）留待校准再现",
    ),
    "beta_minutes": ("1/分钟", "北京项目转移", "假设"),
    "beta_policy": ("1/（归一化杠杆）", "北京项目转移", "假设"),
    "beta_fit": ("1", "北京项目转移", "假设"),
    "zgc_attraction_norm": ("万元/年", "北京项目转移", "假设"),
    "park_attraction_norm": ("万元/年", "北京项目转移", "假设"),
    "hub_policy_share": ("1", "北京项目转移", "假设"),
    "park_entry_scale": ("万元/年", "企业进入", "假设"),
    "institute_luck_min": ("1", "技术合同", "假设"),
    "beta_carrier": ("1/个载体", "北京项目转移", "假设"),
    "wage_ratio_baodi": ("1", "人才", "假设；国家统计局城镇工资：天津约为北京的 0.6–0.7"),
    "move_rate": ("1/季度", "人才", "假设"),
    "move_sensitivity": ("1", "人才", "假设（logit 选择模型）"),
    "quit_rate": ("1/季度", "人才", "假设"),
    "st_target_share": ("1", "人才", "假设；高企认定要求 ≥ 10%"),
    "talent_pool_skill": ("标准差", "人才", "假设；调至再现 2019 年的 652 项（规划§一(一)）"),
    "search_draws": ("家", "人才", "假设"),
    "knowledge_per_hire": ("知识量/标准差", "人才", "假设"),
    "employed_move": ("1", "人才", "假设"),
    "unemployed_move": ("1", "人才", "假设"),
    "ref_intensity": ("1", "人才", "假设"),
    "annual_wage": ("万元/年", "人才", "假设"),
    "city_wage_ratio": ("1", "人才", "假设"),
    "housing_utility": ("1", "人才", "假设"),
    "housing_half": ("套", "人才", "假设"),
    "amenity_per_carrier": ("1/个载体", "人才", "假设"),
    "move_capital_share": ("1", "人才", "假设"),
    "vacancy_rel_min": ("1", "人才", "假设"),
    "vacancy_rel_max": ("1", "人才", "假设"),
    "vc_budget": ("万元/年", "资本", "假设；规划§一(一)：2016–20 年 263 家企业融资 40.5 亿元"),
    "bank_budget": ("万元/年", "资本", "假设；以规划§一(一)的数据为锚"),
    "deal_size": ("× 年营收", "资本", "假设"),
    "vc_screen": ("高于行业均值的知识量", "资本", "假设"),
    "loan_rate": ("1/季度", "资本", "假设；人民银行贷款市场报价利率（LPR）约 4.3–4.8%/年"),
    "default_rate": ("1/季度", "资本", "假设"),
    "guidance_leverage": ("1", "资本", "假设；政府引导基金通常撬动 3–5 倍社会资本"),
    "vc_deal_rate": ("1/季度", "资本", "假设"),
    "vc_max_age": ("年", "资本", "假设"),
    "min_deal": ("万元", "资本", "假设"),
    "max_deal": ("万元", "资本", "假设"),
    "loan_demand": ("1/季度", "资本", "假设"),
    "loan_share": ("× 年营收", "资本", "假设"),
    "max_leverage": ("× 年营收", "资本", "假设"),
    "vc_ladder_boost": ("1", "资本", "假设"),
    "min_loan": ("万元", "资本", "假设"),
    "contract_value": ("万元", "技术合同", "假设"),
    "contract_prob": ("1", "技术合同", "假设"),
    "institute_contracts": ("万元/季度", "技术合同", "假设"),
    "congestion": ("1", "北京项目转移", "假设"),
    "carrier_lag": ("季度", "创新载体", "假设"),
    "national_incubator_rate": (
        "1/年",
        "创新载体",
        "假设；2021–23年全国国家级孵化器 1287、1425、1606 家（国家统计局统计公报），"
        "每年新增约 140–180 家，而非国家级孵化器约 4000 家（2018年末孵化器 4849 家："
        "火炬中心《中国创业孵化发展报告2019》），约 4%/年；有意申报的区（§三(三) 目标 +1）略高",
    ),
    "xingchuang_accredit": (
        "1",
        "创新载体",
        "假设；星创天地由科技部按《发展“星创天地”工作指引》（科技部 2016）分批认定，"
        "未公布通过率：取 0.5，在 0.3–0.8 间扫描",
    ),
    "upgrade_scale": (
        "万元/年",
        "创新载体",
        "假设；提升资金用于国家级认定的要求（孵化场地 ≥ 1 万平方米、孵化资金 ≥ 500 万元："
        "《科技企业孵化器管理办法》国科发区〔2018〕300号）",
    ),
    "spillover_decay_minutes": (
        "分钟",
        "企业",
        "假设；知识溢出随距离衰减（Jaffe, Trajtenberg & Henderson 1993）",
    ),
    "region_minutes_scale": ("× 通勤时间", "地区规模", "假设；地区文件中的通勤时间（±50%）"),
    "region_attract_shift": ("效用", "地区规模", "假设；地区文件 attract（节点吸引力）"),
    "region_sei_share_scale": (
        "× 企业占比",
        "地区规模",
        "假设；地区文件中各产业的 firm_share（企业占比）",
    ),
    "region_city_share_scale": (
        "× 企业占比",
        "地区规模",
        "假设；地区文件中各节点的 firm_share（企业占比）",
    ),
    "beta_agglomeration": (
        "1/对数企业数",
        "北京项目转移",
        "假设；产业集群吸引更多同类企业（Rosenthal & Strange 2004）",
    ),
    "agglomeration_scale": ("家企业", "北京项目转移", "假设"),
    "rent_curvature": ("1", "北京项目转移", "假设"),
    "beta_housing_city": ("1", "北京项目转移", "假设；规划§四(一)5 年轻人的中关村"),
    "beta_scenes": ("1/个场景", "北京项目转移", "假设；规划§四(一)3"),
    "arrival_elasticity": ("1/效用", "北京项目转移", "假设；口碑与产业集群的知名度"),
    "arrival_max_multiple": (
        "× 每季度项目数",
        "北京项目转移",
        "假设；宝坻只是北京外溢项目的众多去向之一",
    ),
    "landing_pull": ("对数几率/效用", "北京项目转移", "假设"),
    "hnte_2015_pre_share": (
        "1",
        "企业标签",
        "高企证书有效期3年；2013–15年全国高企存量年增约20%（中国火炬统计年鉴），"
        "2013–14年认定的约占2015年末存量的0.6",
    ),
    "frontier_growth": (
        "知识量/年",
        "企业",
        "假设；研发强度达行业常态、多数季度创新成功的企业每年约增 4 × innovation_step ≈ 0.5；"
        "K+S 生产率前沿（Dosi, Fagiolo & Roventini 2010）",
    ),
    "coach_years": ("年", "资质认定", "假设；高企培育库的入库培育期一般为数年"),
    "national_entry_premium": (
        "× 每个孵化器季度新增企业",
        "创新载体",
        "假设；国家级认定要求更大的载体（孵化场地 ≥ 1 万平方米、运营满 3 年、孵化资金 ≥ 500 万元、"
        "获投融资在孵企业 ≥ 10%：《科技企业孵化器管理办法》国科发区〔2018〕300号）",
    ),
    "national_incubation_extra": (
        "季度",
        "企业进入",
        "假设；国家级孵化器的种子资金与创业导师（国科发区〔2018〕300号）使企业在孵更久；"
        "孵化对企业存活的作用证据不一（Amezcua, Grimes, Bradley & Wiklund 2013, "
        "Acad. Manage. J. 56:1628；Lukeš, Longo & Zouhar 2019, Technovation 82–83:25）",
    ),
    "maker_space_record": (
        "1",
        "创新载体",
        "假设；规划统计的是获认定的众创空间（§三(三)）；未公布通过率：多数通过，取 1 即确定情形",
    ),
}

# The parameter tags (sim.params.TAGS) as the Chinese tables name them.
TAG_NAMES_ZH = {"calibrated": "待校准", "literature": "文献", "structural": "结构性"}

_FIELDS = ("unit", "mechanism", "source")


def param_text(spec, field: str, lang: str = "zh") -> str:
    """A parameter's ``unit``, ``mechanism`` or ``source`` in ``lang``.

    Parameters
    ----------
    spec : sim.params.ParamSpec
        The parameter.
    field : {"unit", "mechanism", "source"}
        Which text.
    lang : {"zh", "en"}
        ``"en"`` (or a parameter without an entry, which a test forbids) gives the
        parameter's own English text.
    """
    if lang == "zh" and spec.name in PARAMS_ZH:
        return PARAMS_ZH[spec.name][_FIELDS.index(field)]
    return getattr(spec, field)


def tag_text(tag: str, lang: str = "zh") -> str:
    """A parameter's tag in ``lang`` (Chinese: 待校准 / 文献 / 结构性)."""
    return TAG_NAMES_ZH[tag] if lang == "zh" else tag
