"""Field layout of the state arrays: the ``FF_*`` / ``FI_*`` / ``PF_*`` / ``PI_*`` row indices.

Firms and people are structure-of-arrays: ``firm_f[FF_REVENUE, i]`` is firm ``i``'s
quarterly revenue. Two 2-D arrays per population (floats, int32) keep kernel
signatures short and each field contiguous. Units are in brackets.
"""

# ---- firm floats (firm_f, dtype float64 or float32)
FF_REVENUE = 0  # revenue this quarter [10k yuan]
FF_EMPLOYEES = 1  # employees [persons]
FF_RD = 2  # R&D spend this quarter [10k yuan]
FF_RD_INTENSITY = 3  # chosen R&D / sales [1]
FF_KNOWLEDGE = 4  # capability / knowledge stock [knowledge units, mean ≈ 1 in 2015]
FF_HITECH = 5  # high-tech products' share of revenue [1]
FF_CASH = 6  # cash [10k yuan]
FF_DEBT = 7  # outstanding loans [10k yuan]
FF_REV_Y1 = 8  # revenue of the last completed year [10k yuan]
FF_REV_Y2 = 9
FF_REV_Y3 = 10
FF_REV_Y4 = 11
FF_RD_Y1 = 12  # R&D of the last completed year [10k yuan]
FF_RD_Y2 = 13
FF_RD_Y3 = 14
FF_REV_ACC = 15  # revenue so far this year [10k yuan]
FF_RD_ACC = 16  # R&D so far this year [10k yuan]
FF_EQUITY = 17  # equity raised, cumulative [10k yuan]
FF_CONTRACTS = 18  # technology-contract sales this quarter [10k yuan]
N_FF = 19
FIRM_FLOAT_FIELDS = (
    "revenue",
    "employees",
    "rd",
    "rd_intensity",
    "knowledge",
    "hitech_share",
    "cash",
    "debt",
    "rev_y1",
    "rev_y2",
    "rev_y3",
    "rev_y4",
    "rd_y1",
    "rd_y2",
    "rd_y3",
    "rev_acc",
    "rd_acc",
    "equity_raised",
    "contracts",
)

# ---- firm ints (firm_i, int32)
FI_ALIVE = 0  # 1 alive, 0 exited
FI_NODE = 1  # node row (park)
FI_INDUSTRY = 2  # industry row
FI_BIRTH_Q = 3  # quarter of entry (quarter index; negative = before the calendar)
FI_IP1 = 4  # class-I IP (invention patents) [count]
FI_IP2 = 5  # class-II IP (utility models, software copyrights...) [count]
FI_ST_STAFF = 6  # S&T staff employed (people rows with this employer) [persons]
FI_LABELS = 7  # label bit mask (LB_*)
FI_HNTE_Q = 8  # quarter of the current HNTE certificate (NO_Q if none)
FI_SME_Q = 9  # quarter of the current tech-SME registration
FI_EAGLET_Q = 10  # quarter the eaglet label was (re)confirmed
FI_GAZELLE_Q = 11
FI_LEADER_Q = 12
FI_LISTED_Q = 13
FI_PARTNER = 14  # current R&D partner (firm row, -1 none)
FI_ORIGIN = 15  # ORIGIN_*
FI_INCUBATED_UNTIL = 16  # last quarter in an incubator / maker space
FI_COACHED_Q = 17  # quarter coached by HNTE consultants (NO_Q if never)
FI_DEATH_Q = 18  # quarter of exit (NO_Q if alive)
FI_VC_MAX = 19  # largest single VC round [10k yuan]
FI_FINANCED_Q = 20  # first quarter the firm raised money (NO_Q if never)
N_FI = 21
FIRM_INT_FIELDS = (
    "alive",
    "node",
    "industry",
    "birth_q",
    "ip1",
    "ip2",
    "st_staff",
    "labels",
    "hnte_q",
    "sme_q",
    "eaglet_q",
    "gazelle_q",
    "leader_q",
    "listed_q",
    "partner",
    "origin",
    "incubated_until",
    "coached_q",
    "death_q",
    "vc_max",
    "financed_q",
)

NO_Q = -9999

# ---- label bits
LB_HNTE = 1
LB_SME = 2
LB_EAGLET = 4
LB_GAZELLE = 8
LB_LEADER = 16
LB_LISTED = 32
LABELS = (
    ("hnte", LB_HNTE, "国家级高新技术企业", "National high-tech enterprise"),
    ("tech_sme", LB_SME, "国家入库科技型中小企业", "Registered tech SME"),
    ("eaglet", LB_EAGLET, "雏鹰企业", "Eaglet"),
    ("gazelle", LB_GAZELLE, "瞪羚企业", "Gazelle"),
    ("leader", LB_LEADER, "科技领军(培育)企业", "S&T leader (incl. candidate)"),
    ("listed", LB_LISTED, "上市挂牌", "Listed"),
)

# ---- origins
ORIGIN_INITIAL = 0
ORIGIN_INCUBATOR = 1
ORIGIN_SPINOFF = 2
ORIGIN_TRANSFER = 3
ORIGIN_BACKGROUND = 4
ORIGINS = ("initial", "incubator", "spin-off", "beijing-transfer", "background")

# ---- people floats / ints
PF_SKILL = 0  # skill [standard deviations]
N_PF = 1
PI_PLACE = 0  # PLACE_*
PI_FIELD = 1  # industry of training
PI_EMPLOYER = 2  # firm row, -1 none
PI_RECRUITED = 3  # 1 if moved into the region since the start (talent-subsidy eligible)
N_PI = 4
PLACE_HOME = 0  # inside the region
PLACE_CAPITAL = 1  # Beijing
PLACE_CITY = 2  # Tianjin city
PLACES = (
    ("home", "宝坻", "Baodi"),
    ("beijing", "北京", "Beijing"),
    ("tianjin", "天津市区", "Tianjin"),
)

# ---- industry context (ind_f, float64 (N_IF, n_industries))
IF_RD = 0  # typical R&D / sales [1]
IF_SEI = 1  # strategic emerging industry (1/0)
IF_MANUF = 2  # counts in industrial output (1/0)
IF_HNTE_FIELD = 3  # in 《国家重点支持的高新技术领域》 (1/0)
IF_DIGITAL = 4  # served by 5G/AI application scenes (1/0)
IF_MEAN_KN = 5  # mean knowledge of alive firms, last quarter
IF_AGRI = 6  # agriculture (1/0)
IF_SHARE = 7  # share of firm rows (entry weights)
IF_REV_MEDIAN = 8  # median annual revenue at entry scale [10k yuan]
IF_SALES_KN = 9  # sales-weighted mean knowledge of alive firms, last quarter
N_IF = 10

# ---- node context (node_f, float64 (N_NF, n_nodes))
NF_CITY = 0  # Science City or one of its sub-parks (1/0)
NF_PARK = 1  # one of the industrial parks (1/0)
NF_EXTERNAL = 2  # outside the region (1/0)
NF_PLATFORMS = 3  # testing / pilot platforms [count]
NF_FIRMS = 4  # alive firms, last quarter [count]
NF_CAPACITY = 5  # firm capacity [firms]
NF_ATTRACT = 6  # base attractiveness to Beijing projects [utility]
NF_MINUTES = 7  # travel time from the capital [min]
NF_CARRIERS = 8  # innovation carriers hosted [count]
NF_AGRI = 9  # agricultural park (1/0)
N_NF = 10
