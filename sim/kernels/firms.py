"""Firm kernels: the quarter's R&D, innovation, spillovers, growth and exit; new-firm rows.

Holds ``group_by_node``, ``firms_kernel`` and ``add_firms_kernel``. Mechanisms:
K+S innovation and imitation (Dosi, Fagiolo & Roventini 2010): success probability
1 − exp(−ζ·R&D_eff); imitation moves a firm towards the knowledge frontier it can reach
through the network (frontier weighted by travel-time proximity); SKIN-style partnering
(Gilbert, Ahrweiler & Pyka 2007) inside a park or with a neighbouring one (the City and
the parks share projects, §四(一)3), keeping the previous partner first;
Gibrat growth with Laplace shocks whose scale falls with size, σ ∝ S^−β (Stanley et al.
1996); exit hazard by age after SAIC (2013), raised by losses, lowered by incubation.
"""

import math

import numpy as np
from numba import njit, prange

from ..fields import (
    FF_CASH,
    FF_CONTRACTS,
    FF_DEBT,
    FF_EMPLOYEES,
    FF_HITECH,
    FF_KNOWLEDGE,
    FF_RD,
    FF_RD_ACC,
    FF_RD_INTENSITY,
    FF_RD_Y1,
    FF_REV_ACC,
    FF_REV_Y1,
    FF_REVENUE,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_DEATH_Q,
    FI_EAGLET_Q,
    FI_FINANCED_Q,
    FI_GAZELLE_Q,
    FI_HNTE_Q,
    FI_INCUBATED_UNTIL,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_LABELS,
    FI_LEADER_Q,
    FI_LISTED_Q,
    FI_NODE,
    FI_ORIGIN,
    FI_PARTNER,
    FI_SME_Q,
    FI_ST_STAFF,
    FI_VC_MAX,
    IF_DIGITAL,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    IF_RD,
    IF_REV_MEDIAN,
    NF_CITY,
    NF_PARK,
    NF_PLATFORMS,
    NO_Q,
    ORIGIN_BACKGROUND,
    ORIGIN_INCUBATOR,
    ORIGIN_INITIAL,
    ORIGIN_SPINOFF,
    ORIGIN_TRANSFER,
)
from ..indices import (
    L_APP_SCENES,
    L_LOAN_SUBSIDY,
    L_POLICY_STACK,
    L_RD_SUBSIDY,
    L_SMART_PARK,
    P_CASH_HAZARD,
    P_CONTRACT_BASE_KNOWLEDGE,
    P_CONTRACT_PROB,
    P_CONTRACT_VALUE,
    P_CROSS_PARK,
    P_DEFAULT_RATE,
    P_EMP_ADJUST,
    P_EMPLOYEES_PER_REVENUE,
    P_ENTRY_CASH,
    P_ENTRY_HITECH,
    P_ENTRY_KN_LOW,
    P_ENTRY_KN_WIDTH,
    P_ENTRY_RD_FACTOR,
    P_ENTRY_SCALE_BIG,
    P_ENTRY_SCALE_STARTUP,
    P_ENTRY_SIZE_SIGMA,
    P_GROWTH_BETA,
    P_GROWTH_MU,
    P_GROWTH_SIGMA,
    P_HITECH_ADJUST,
    P_HITECH_NONFIELD,
    P_HITECH_SLOPE,
    P_HNTE_RD_MARGIN,
    P_HNTE_SEEKING,
    P_IMITATION_SHARE,
    P_INCUBATION_QUARTERS,
    P_INCUBATOR_HAZARD,
    P_INIT_AGE_MEAN,
    P_INIT_CASH,
    P_INIT_IP1_PER_KN,
    P_INIT_IP2_PER_KN,
    P_INIT_KN_BASE,
    P_INIT_KN_MIN,
    P_INIT_KN_RD_WEIGHT,
    P_INIT_KN_SPREAD,
    P_INIT_MAX_AGE,
    P_INIT_RD_SIGMA,
    P_INIT_TAIL_Z,
    P_INNOVATION_GROWTH,
    P_INNOVATION_STEP,
    P_IP_CLASS1_SHARE,
    P_IP_PROB,
    P_KNOWLEDGE_GROWTH,
    P_KNOWLEDGE_HITECH_MID,
    P_LOAN_RATE,
    P_MARGIN,
    P_MAX_INIT_REVENUE,
    P_MAX_SIGMA,
    P_MIN_REVENUE,
    P_PARTNER_KEEP,
    P_PARTNER_SHARE,
    P_PLATFORM_BOOST,
    P_RD_ADJUST,
    P_RD_CUT_BROKE,
    P_RD_SUBSIDY_ELASTICITY,
    P_REPAY,
    P_SCENE_GROWTH,
    P_SHOCK_TO_PROFIT,
    P_SIGMA_MIN_SIZE,
    P_SIZE_SIGMA,
    P_SIZE_TAIL_ALPHA,
    P_SMART_MARGIN,
    P_STACK_GROWTH,
    P_STARTUP_IP2,
    P_STEP_MIN,
    P_TALENT_EFFECT,
    P_TRANSFER_IP_PROB,
    P_TRANSFER_KNOWLEDGE,
    P_YOUNG_DRIFT,
    P_YOUNG_YEARS,
    P_ZETA_IMITATION,
    P_ZETA_INNOVATION,
)
from .common import (
    add_chunk_sums,
    hit_1mexp,
    hnte_rd_threshold,
    laplace,
    poisson_inv,
    threaded_twin,
)
from .elementary import fexp, flog
from .rng import (
    S_BACKGROUND,
    S_BACKGROUND_NODE,
    S_CONTRACT,
    S_DEFAULT,
    S_ENTRY,
    S_ENTRY_INDUSTRY,
    S_EXIT,
    S_GROWTH,
    S_IMIT,
    S_INIT,
    S_INIT_AGE,
    S_INIT_INDUSTRY,
    S_INIT_IP1,
    S_INIT_IP2,
    S_INIT_KNOWLEDGE,
    S_INIT_RD,
    S_INIT_SIZE,
    S_INIT_TAIL,
    S_INNOV,
    S_IP,
    S_IP1,
    S_NEWFIRM,
    S_NEWFIRM_IP2,
    S_NEWFIRM_IP_TRANSFER,
    S_NEWFIRM_KNOWLEDGE,
    S_PARTNER,
    S_PARTNER_CROSS,
    S_PARTNER_CROSS_NODE,
    S_PARTNER_KEEP,
    S_SPINOFF,
    S_STEP,
    normal,
    uniform,
)

# The size at which ``growth_sigma`` is quoted [10k yuan/yr]: the parameter's unit.
SIGMA_REF_SIZE = 1000.0
# Rows per chunk of the firm kernels: fixed, so chunk sums (and results) do not depend on
# the number of threads. Below it (the default region) a sum is one chunk, in row order.
CHUNK = 1 << 14


@njit(cache=True)
def alive_rows(lo, hi, firm_i, live):
    """Put the alive rows among ``lo .. hi-1`` in ``live`` (ascending); return how many.

    Branch-free (a row is stored, then kept by adding its 0/1 alive flag). Dead rows
    are scattered, so a loop that skips them with a branch mispredicts it at every
    turn of the pattern; loops over this list have no such branch.
    """
    alive = firm_i[FI_ALIVE, lo:hi]
    k = 0
    for j in range(hi - lo):
        live[k] = lo + j
        k += alive[j]
    return k


@njit(cache=True)
def group_by_node(n, firm_i, n_nodes, start, rows):
    """Counting sort of alive firm rows by node, in fixed chunks of ``CHUNK`` rows.

    Parameters
    ----------
    n : int
        Rows in use.
    firm_i : int32 (N_FI, cap)
    start : int64 (n_nodes + 1,), out
        ``rows[start[k]:start[k+1]]`` are the alive firms of node ``k``, ascending.
    rows : int32 (cap,), out

    Each chunk counts its alive rows by node, the counts become each chunk's first slot
    in each node's run (node by node, chunks in order), then each chunk fills its
    slots; :func:`group_by_node_par` runs the chunks on threads, with the same result.
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    slot = np.zeros((n_chunks, n_nodes), dtype=np.int64)
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        alive = firm_i[FI_ALIVE, lo:hi]
        node = firm_i[FI_NODE, lo:hi]
        cnt = slot[c]
        for j in range(hi - lo):
            cnt[node[j]] += alive[j]
    s = 0
    for k in range(n_nodes):
        start[k] = s
        for c in range(n_chunks):
            x = slot[c, k]
            slot[c, k] = s
            s += x
    start[n_nodes] = s
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        live = np.empty(hi - lo, dtype=np.int64)
        node = firm_i[FI_NODE]
        fill = slot[c]
        for t in range(alive_rows(lo, hi, firm_i, live)):
            i = live[t]
            k = node[i]
            rows[fill[k]] = i
            fill[k] += 1


group_by_node_par = threaded_twin(
    group_by_node, "group_by_node_par", ":func:`group_by_node` on numba's threads (same result)."
)


@njit(cache=True)
def _known(lo, hi, firm_f, firm_i, known):
    """Pass 0 on rows ``lo .. hi-1``: ``known`` = start-of-quarter knowledge, NaN if exited.

    One array answers both questions the partner pass asks of a random other row (is it
    alive, what does it know) with one load instead of two.
    """
    kn = firm_f[FF_KNOWLEDGE, lo:hi]
    alive = firm_i[FI_ALIVE, lo:hi]
    out = known[lo:hi]
    for j in range(hi - lo):
        out[j] = kn[j] if alive[j] == 1 else np.nan


@njit(cache=True)
def _partners(lo, hi, key, firm_i, known, start, rows, nbr_start, nbr, par, spill):
    """Pass 1 on rows ``lo .. hi-1``: R&D partners (SKIN) and their spillover into ``spill``.

    Reads start-of-quarter knowledge of other rows (``known``, from :func:`_known`) and
    writes only rows ``lo .. hi-1``.
    """
    spill[lo:hi] = 0.0
    live = np.empty(hi - lo, dtype=np.int64)
    n_live = alive_rows(lo, hi, firm_i, live)
    # Loops with independent loads the core can overlap: the keep draws (vectorised);
    # whether the partner is kept (alive, so its knowledge is not NaN); a new partner for
    # the others; the spillover. ``pk`` holds the partner's knowledge, NaN for none.
    keep_p = par[P_PARTNER_KEEP]
    cross_park = par[P_CROSS_PARK]
    u_keep = np.empty(hi - lo)
    for j in range(hi - lo):
        u_keep[j] = uniform(key, lo + j, S_PARTNER_KEEP)
    partner_row = firm_i[FI_PARTNER]
    pk = np.empty(n_live, dtype=known.dtype)
    for t in range(n_live):
        i = live[t]
        old = partner_row[i]
        v = known[max(old, 0)]
        pk[t] = v if (old >= 0) & (v == v) & (u_keep[i - lo] < keep_p) else np.nan
    # The firms that seek a new partner (about one in five), listed without branches:
    # a branch on "kept" inside the loop over every firm mispredicts at random.
    seek = np.empty(n_live, dtype=np.int64)
    n_seek = 0
    for t in range(n_live):
        seek[n_seek] = t
        n_seek += pk[t] != pk[t]
    for s in range(n_seek):
        t = seek[s]
        i = live[t]
        node = firm_i[FI_NODE, i]
        src = node
        deg = nbr_start[node + 1] - nbr_start[node]
        if deg > 0 and uniform(key, i, S_PARTNER_CROSS) < cross_park:
            src = nbr[nbr_start[node] + int(uniform(key, i, S_PARTNER_CROSS_NODE) * deg)]
        cnt = start[src + 1] - start[src]
        p = -1
        if cnt > 0:
            j = rows[start[src] + int(uniform(key, i, S_PARTNER) * cnt)]
            p = j if j != i else -1
        partner_row[i] = p
        v = known[max(p, 0)]
        pk[t] = v if p >= 0 else np.nan
    share = par[P_PARTNER_SHARE]
    for t in range(n_live):
        i = live[t]
        lead = pk[t] - known[i]
        spill[i] = share * lead if lead > 0.0 else 0.0


@njit(cache=True)
def _reach(prox, frontier):
    """reach[a, k] = max over nodes b of prox[a, b] · frontier[b, k]."""
    reach = np.empty(frontier.shape)
    for a in range(prox.shape[0]):
        for k in range(frontier.shape[1]):
            best = prox[a, 0] * frontier[0, k]
            for b in range(1, prox.shape[1]):
                best = max(best, prox[a, b] * frontier[b, k])
            reach[a, k] = best
    return reach


# Rows of the block-local draw buffer of the firm's quarter (see _draws).
D_SIGMA, D_SHOCK, D_INNOV, D_IMIT, D_EXIT, D_STEP, D_IP, D_IP1, D_CONTRACT, D_DEFAULT = range(10)


@njit("void(uint64, int64, int64, float64[::1])", cache=True)
def _uniforms(key, lo, stream, out):
    """``out[j] = uniform(key, lo + j, stream)`` (a vectorised loop)."""
    for j in range(out.shape[0]):
        out[j] = uniform(key, lo + j, stream)


@njit(cache=True)
def _draws(lo, hi, key, firm_f, par, d):
    """Vectorised draws of rows ``lo .. hi-1`` into the block-local buffer ``d`` (10, ≥ hi-lo).

    σ = min(σ₀·(S/1000)^−β, max_sigma) with S = 4·quarterly revenue (at least ``sigma_min_size``), from
    the start-of-quarter revenue, into ``d[D_SIGMA]``; the unit Laplace shock by
    inversion of the ``S_GROWTH`` draw into ``d[D_SHOCK]`` (times σ, it is the firm's
    Laplace(0, σ) shock); the uniform draws of the firm's quarter (innovation,
    imitation, exit, innovation step, IP, IP class, contract, default) into the other
    ``D_*`` rows. Every row (alive or not), without branches, with :func:`flog` and
    :func:`fexp` instead of libm, so LLVM vectorises the loops (0.6 ns a draw).
    """
    p_sigma = par[P_GROWTH_SIGMA]
    p_beta = par[P_GROWTH_BETA]
    p_max_sigma = par[P_MAX_SIGMA]
    min_size = par[P_SIGMA_MIN_SIZE]
    rev = firm_f[FF_REVENUE, lo:hi]
    m = hi - lo
    sig = d[D_SIGMA, :m]
    shock = d[D_SHOCK, :m]
    # Separate loops: LLVM's cost model declines to vectorise them fused (or the Laplace
    # draw with a scale read from an array). The unit shock is scaled by σ in the firm's
    # quarter: σ·(−log a) and (−σ)·log a are the same bits, so this is laplace(u, σ).
    for j in range(hi - lo):
        shock[j] = uniform(key, lo + j, S_GROWTH)
    for j in range(hi - lo):
        shock[j] = laplace(shock[j], 1.0)
    for j in range(hi - lo):
        size = max(4.0 * float(rev[j]), min_size)
        sig[j] = min(p_sigma * fexp(-p_beta * flog(size / SIGMA_REF_SIZE)), p_max_sigma)
    _uniforms(key, lo, S_INNOV, d[D_INNOV, :m])
    _uniforms(key, lo, S_IMIT, d[D_IMIT, :m])
    _uniforms(key, lo, S_EXIT, d[D_EXIT, :m])
    _uniforms(key, lo, S_STEP, d[D_STEP, :m])
    _uniforms(key, lo, S_IP, d[D_IP, :m])
    _uniforms(key, lo, S_IP1, d[D_IP1, :m])
    _uniforms(key, lo, S_CONTRACT, d[D_CONTRACT, :m])
    _uniforms(key, lo, S_DEFAULT, d[D_DEFAULT, :m])


@njit(cache=True, error_model="numpy")
def _hits(u, x, ok, hit, band):
    """``hit[j] = ok[j] and hit_1mexp(u[j], x[j])``, vectorised; the exact test on the band.

    ``hit_1mexp`` settles a draw outside x − x²/2 ≤ u < x by the bounds alone; those
    are decided in a vectorised loop, and the draws in the band (about x²/2 of them)
    are listed without branches and settled by ``hit_1mexp`` in a short scalar loop.
    ``band`` is work space (int64, len(u)). Returns nothing; ``hit`` is 0/1 (float).
    """
    m = u.shape[0]
    for j in range(m):
        xj = x[j]
        sure = u[j] < xj - 0.5 * xj * xj
        hit[j] = 1.0 if ok[j] & sure else 0.0
    k = 0
    for j in range(m):
        xj = x[j]
        band[k] = j
        k += ok[j] & (u[j] < xj) & (u[j] >= xj - 0.5 * xj * xj)
    for t in range(k):
        j = band[t]
        hit[j] = 1.0 if hit_1mexp(u[j], x[j]) else 0.0


# Rows of the block-local work buffer of the firm's quarter (see _own_quarter): the
# per-row values gathered from the industry and node tables, then each step's results.
(
    G_RD,
    G_FIELD,
    G_PLATFORMS,
    G_REACH,
    G_MEAN_KN,
    G_CITY,
    G_DIGITAL,
    G_PARK,
    G_HAZARD,
    W_TARGET,
    W_NU,
    W_RD,
    W_EFF,
    W_X,
    W_INNOV,
    W_KN,
    W_CONTRACTS,
    W_GAP,
    W_IMIT,
    W_DRIFT,
    W_GROW,
    W_LOGIT,
    W_REV,
    W_EMP,
    W_HITECH,
    W_MARGIN,
    W_CASH,
    W_DEBT,
    W_EXIT,
    W_DEFAULTED,
    W_SUBSIDY,
    W_ISUB,
) = range(32)
N_W = 32
BLOCK = 1024  # rows per block of the firm's quarter: its buffers stay in the core's cache


@njit(cache=True)
def _store(dst, src, alive):
    """``dst[j] = src[j]`` where ``alive[j]`` (a vectorised select; dead rows keep theirs)."""
    for j in range(dst.shape[0]):
        dst[j] = src[j] if alive[j] else dst[j]


@njit(cache=True)
def _store_add(dst, src, alive):
    """``dst[j] += src[j]`` where ``alive[j]`` (a vectorised select)."""
    for j in range(dst.shape[0]):
        dst[j] = dst[j] + src[j] if alive[j] else dst[j]


@njit(cache=True, error_model="numpy")
def _own_quarter(
    lo, hi, q, key, firm_f, firm_i, ind_f, node_f, reach, hazard_q, par, pol, spill, acc
):
    """Pass 2 on rows ``lo .. hi-1``: each firm's own quarter; writes only those rows.

    ``acc`` (6,) gets the rows' innovations, exits, defaulted debt, contract sales, R&D
    subsidy and interest subsidy, each summed in row order.

    The rows are taken in blocks of ``BLOCK``. One scalar loop gathers each row's
    industry and node parameters into the block-local buffer ``w``; then each step of
    the quarter is a loop over the block's rows (alive or not: a dead row's results are
    computed and not stored) with one store, a few contiguous loads and no gathers or
    branches, which LLVM vectorises (numba cannot tell it that the state's rows do not
    overlap, so a loop with more stores or loads would need more run-time overlap
    checks than LLVM makes, and stay scalar). As one loop body with branches, the
    firm's quarter was throughput- and misprediction-bound (a third of the firms
    innovate, at random). The results are those of the row-by-row formulation.
    """
    n_innov = 0.0
    n_exit = 0.0
    defaulted = 0.0
    contracts_sum = 0.0
    paid_rd = 0.0
    paid_loan = 0.0
    # Parameters and levers as locals: numba cannot prove the state arrays do not alias
    # them, so indexed reads inside the loops would be reloaded after every store.
    p_cash_hazard = par[P_CASH_HAZARD]
    p_platform_boost = par[P_PLATFORM_BOOST]
    p_imitation_share = par[P_IMITATION_SHARE]
    p_hitech_slope = par[P_HITECH_SLOPE]
    p_stack_growth = par[P_STACK_GROWTH]
    p_scene_growth = par[P_SCENE_GROWTH]
    p_smart_margin = par[P_SMART_MARGIN]
    p_repay = par[P_REPAY]
    p_shock_to_profit = par[P_SHOCK_TO_PROFIT]
    p_young_drift = par[P_YOUNG_DRIFT]
    p_young_years = par[P_YOUNG_YEARS]
    p_hnte_rd_margin = par[P_HNTE_RD_MARGIN]
    p_rd_cut_broke = par[P_RD_CUT_BROKE]
    p_step_min = par[P_STEP_MIN]
    p_contract_base_knowledge = par[P_CONTRACT_BASE_KNOWLEDGE]
    p_min_revenue = par[P_MIN_REVENUE]
    p_emp_adjust = par[P_EMP_ADJUST]
    p_hitech_nonfield = par[P_HITECH_NONFIELD]
    p_contract_prob = par[P_CONTRACT_PROB]
    p_contract_value = par[P_CONTRACT_VALUE]
    p_default_rate = par[P_DEFAULT_RATE]
    p_employees_per_revenue = par[P_EMPLOYEES_PER_REVENUE]
    p_growth_mu = par[P_GROWTH_MU]
    p_hitech_adjust = par[P_HITECH_ADJUST]
    p_hnte_seeking = par[P_HNTE_SEEKING]
    p_incubator_hazard = par[P_INCUBATOR_HAZARD]
    p_innovation_growth = par[P_INNOVATION_GROWTH]
    p_innovation_step = par[P_INNOVATION_STEP]
    p_ip_class1_share = par[P_IP_CLASS1_SHARE]
    p_ip_prob = par[P_IP_PROB]
    p_knowledge_growth = par[P_KNOWLEDGE_GROWTH]
    p_knowledge_hitech_mid = par[P_KNOWLEDGE_HITECH_MID]
    p_loan_rate = par[P_LOAN_RATE]
    p_margin = par[P_MARGIN]
    p_rd_adjust = par[P_RD_ADJUST]
    p_rd_subsidy_elasticity = par[P_RD_SUBSIDY_ELASTICITY]
    p_talent_effect = par[P_TALENT_EFFECT]
    p_zeta_imitation = par[P_ZETA_IMITATION]
    p_zeta_innovation = par[P_ZETA_INNOVATION]
    l_app_scenes = pol[L_APP_SCENES]
    l_loan_subsidy = pol[L_LOAN_SUBSIDY]
    l_policy_stack = pol[L_POLICY_STACK]
    l_rd_subsidy = pol[L_RD_SUBSIDY]
    l_smart_park = pol[L_SMART_PARK]
    rd_scale = 1.0 + p_rd_subsidy_elasticity * l_rd_subsidy
    n_age = hazard_q.shape[0]
    ind_rd = ind_f[IF_RD]
    ind_field = ind_f[IF_HNTE_FIELD]
    ind_mean_kn = ind_f[IF_MEAN_KN]
    ind_digital = ind_f[IF_DIGITAL]
    node_platforms = node_f[NF_PLATFORMS]
    node_city = node_f[NF_CITY]
    node_park = node_f[NF_PARK]
    size = min(hi - lo, BLOCK)
    d = np.empty((10, size))
    w = np.empty((N_W, size))
    band = np.empty(size, dtype=np.int64)
    alive_b = np.empty(size, dtype=np.bool_)
    imit_b = np.empty(size, dtype=np.bool_)
    lost_b = np.empty(size, dtype=np.bool_)
    for b0 in range(lo, hi, BLOCK):
        m = min(hi - b0, BLOCK)
        _draws(b0, b0 + m, key, firm_f, par, d)
        # Views of the block's rows: zero-based indexing, so no negative-index checks.
        rev_r = firm_f[FF_REVENUE, b0 : b0 + m]
        emp_r = firm_f[FF_EMPLOYEES, b0 : b0 + m]
        rd_r = firm_f[FF_RD, b0 : b0 + m]
        nu_r = firm_f[FF_RD_INTENSITY, b0 : b0 + m]
        kn_r = firm_f[FF_KNOWLEDGE, b0 : b0 + m]
        ht_r = firm_f[FF_HITECH, b0 : b0 + m]
        cash_r = firm_f[FF_CASH, b0 : b0 + m]
        debt_r = firm_f[FF_DEBT, b0 : b0 + m]
        rev_y1_r = firm_f[FF_REV_Y1, b0 : b0 + m]
        rev_acc_r = firm_f[FF_REV_ACC, b0 : b0 + m]
        rd_acc_r = firm_f[FF_RD_ACC, b0 : b0 + m]
        contracts_r = firm_f[FF_CONTRACTS, b0 : b0 + m]
        alive_r = firm_i[FI_ALIVE, b0 : b0 + m]
        node_r = firm_i[FI_NODE, b0 : b0 + m]
        ind_r = firm_i[FI_INDUSTRY, b0 : b0 + m]
        birth_r = firm_i[FI_BIRTH_Q, b0 : b0 + m]
        ip1_r = firm_i[FI_IP1, b0 : b0 + m]
        ip2_r = firm_i[FI_IP2, b0 : b0 + m]
        staff_r = firm_i[FI_ST_STAFF, b0 : b0 + m]
        coached_r = firm_i[FI_COACHED_Q, b0 : b0 + m]
        incub_r = firm_i[FI_INCUBATED_UNTIL, b0 : b0 + m]
        death_r = firm_i[FI_DEATH_Q, b0 : b0 + m]
        spill_r = spill[b0 : b0 + m]
        sigma_d, shock_d = d[D_SIGMA, :m], d[D_SHOCK, :m]
        u_innov, u_imit, u_exit = d[D_INNOV, :m], d[D_IMIT, :m], d[D_EXIT, :m]
        u_step, u_ip, u_ip1 = d[D_STEP, :m], d[D_IP, :m], d[D_IP1, :m]
        u_contract, u_default = d[D_CONTRACT, :m], d[D_DEFAULT, :m]
        g_rd, g_field, g_platforms = w[G_RD, :m], w[G_FIELD, :m], w[G_PLATFORMS, :m]
        g_reach, g_mean_kn, g_city = w[G_REACH, :m], w[G_MEAN_KN, :m], w[G_CITY, :m]
        g_digital, g_park, g_hazard = w[G_DIGITAL, :m], w[G_PARK, :m], w[G_HAZARD, :m]
        w_target, w_nu, w_rd, w_eff = w[W_TARGET, :m], w[W_NU, :m], w[W_RD, :m], w[W_EFF, :m]
        w_x, w_innov, w_kn = w[W_X, :m], w[W_INNOV, :m], w[W_KN, :m]
        w_contracts, w_gap, w_imit = w[W_CONTRACTS, :m], w[W_GAP, :m], w[W_IMIT, :m]
        w_drift, w_grow, w_logit = w[W_DRIFT, :m], w[W_GROW, :m], w[W_LOGIT, :m]
        w_rev, w_emp, w_hitech = w[W_REV, :m], w[W_EMP, :m], w[W_HITECH, :m]
        w_margin, w_cash, w_debt = w[W_MARGIN, :m], w[W_CASH, :m], w[W_DEBT, :m]
        w_exit, w_defaulted = w[W_EXIT, :m], w[W_DEFAULTED, :m]
        w_subsidy, w_isub = w[W_SUBSIDY, :m], w[W_ISUB, :m]
        alive = alive_b[:m]
        may_imitate = imit_b[:m]
        lost = lost_b[:m]
        # The industry and node parameters of each row (the only gathers).
        for j in range(m):
            ind = ind_r[j]
            node = node_r[j]
            g_rd[j] = ind_rd[ind]
            g_field[j] = ind_field[ind]
            g_platforms[j] = node_platforms[node]
            g_reach[j] = reach[node, ind]
            g_mean_kn[j] = ind_mean_kn[ind]
            g_city[j] = node_city[node]
            g_digital[j] = ind_digital[ind]
            g_park[j] = node_park[node]
            g_hazard[j] = hazard_q[min((q - birth_r[j]) // 4, n_age - 1)]
        for j in range(m):
            alive[j] = alive_r[j] == 1
        # R&D decision: satisficing towards an industry norm raised by the subsidy and,
        # for firms that could qualify, towards the HNTE threshold (bunching).
        for j in range(m):
            target = g_rd[j] * rd_scale
            goal = p_hnte_rd_margin * hnte_rd_threshold(rev_y1_r[j])
            seek = 1.0 if coached_r[j] != NO_Q else p_hnte_seeking
            seeks = (g_field[j] > 0.0) & (ip1_r[j] + ip2_r[j] > 0) & (goal > target)
            target = target + seek * (goal - target) if seeks else target
            w_target[j] = target * p_rd_cut_broke if cash_r[j] < 0.0 else target
        for j in range(m):
            nu = float(nu_r[j])
            nu += p_rd_adjust * (w_target[j] - nu)
            w_nu[j] = nu
        for j in range(m):
            w_rd[j] = w_nu[j] * float(rev_r[j])
        for j in range(m):
            w_subsidy[j] = l_rd_subsidy * w_rd[j] if alive[j] else 0.0
        # Innovation (K+S): P = 1 − exp(−ζ · R&D_eff).
        for j in range(m):
            st_share = staff_r[j] / max(float(emp_r[j]), 1.0)
            w_eff[j] = (
                w_rd[j]
                * (1.0 + p_talent_effect * st_share)
                * (1.0 + p_platform_boost * g_platforms[j])
            )
        for j in range(m):
            w_x[j] = p_zeta_innovation * w_eff[j]
        _hits(u_innov, w_x, alive, w_innov, band)
        # Innovation's step, IP and contract.
        for j in range(m):
            kn = float(kn_r[j]) + spill_r[j]
            w_kn[j] = kn + p_innovation_step * (p_step_min + u_step[j]) if w_innov[j] > 0.0 else kn
        for j in range(m):
            ip = (w_innov[j] > 0.0) & (u_ip[j] < p_ip_prob)
            ip1_r[j] += ip & (u_ip1[j] < p_ip_class1_share)
        for j in range(m):
            ip = (w_innov[j] > 0.0) & (u_ip[j] < p_ip_prob)
            ip2_r[j] += ip & (u_ip1[j] >= p_ip_class1_share)
        for j in range(m):
            sells = (w_innov[j] > 0.0) & (u_contract[j] < p_contract_prob)
            w_contracts[j] = (
                p_contract_value * (p_contract_base_knowledge + w_kn[j]) if sells else 0.0
            )
        # Imitation towards the frontier reachable through the network.
        for j in range(m):
            w_gap[j] = g_reach[j] - w_kn[j]
        for j in range(m):
            may_imitate[j] = alive[j] & (w_gap[j] > 0.0)
        for j in range(m):
            w_x[j] = p_zeta_imitation * w_eff[j]
        _hits(u_imit, w_x, may_imitate, w_imit, band)
        for j in range(m):
            kn = w_kn[j]
            w_kn[j] = kn + p_imitation_share * w_gap[j] if w_imit[j] > 0.0 else kn
        # Growth: Gibrat with Laplace shocks, scale ∝ size^−β; mean-preserving in levels.
        for j in range(m):
            drift = p_growth_mu + p_knowledge_growth * (w_kn[j] - g_mean_kn[j])
            drift = drift + p_innovation_growth if w_innov[j] > 0.0 else drift
            young = 1.0 - (q - birth_r[j]) / (4.0 * p_young_years)
            drift = drift + p_young_drift * young if young > 0.0 else drift
            city = g_city[j] > 0.0
            drift = drift + p_stack_growth * l_policy_stack if city else drift
            w_drift[j] = drift + p_scene_growth * l_app_scenes * g_digital[j] if city else drift
        for j in range(m):
            w_grow[j] = w_drift[j] + sigma_d[j] * shock_d[j]
        for j in range(m):
            w_logit[j] = -(w_kn[j] - p_knowledge_hitech_mid) / p_hitech_slope
        # fexp, not libm's exp: vectorised, 1.4 against 4.4 ns a call (within 1.2 ulp).
        for j in range(m):
            w_grow[j] = fexp(w_grow[j])
        for j in range(m):
            w_logit[j] = fexp(w_logit[j])
        # Revenue, staff and high-tech share.
        for j in range(m):
            sigma = sigma_d[j]
            w_rev[j] = max(float(rev_r[j]) * w_grow[j] * (1.0 - sigma * sigma), p_min_revenue)
        for j in range(m):
            emp = float(emp_r[j])
            emp += p_emp_adjust * (p_employees_per_revenue * 4.0 * w_rev[j] - emp)
            w_emp[j] = max(emp, 1.0)
        for j in range(m):
            ht_target = 1.0 / (1.0 + w_logit[j])
            ht_target = ht_target if g_field[j] > 0.0 else ht_target * p_hitech_nonfield
            hitech = float(ht_r[j])
            hitech += p_hitech_adjust * (ht_target - hitech)
            w_hitech[j] = hitech
        # Cash: margin (hit by shocks), R&D net of subsidy, interest net of subsidy,
        # contracts, repayment.
        for j in range(m):
            shock = sigma_d[j] * shock_d[j]
            margin = p_margin + p_shock_to_profit * shock
            margin += p_smart_margin * l_smart_park * g_park[j]
            margin += p_smart_margin * l_policy_stack * g_city[j]
            w_margin[j] = margin
        for j in range(m):
            debt = float(debt_r[j])
            rd = w_rd[j]
            interest = p_loan_rate * debt
            isub = l_loan_subsidy * interest
            repay = p_repay * debt
            contracts = w_contracts[j]
            cash = float(cash_r[j])
            cash += (
                w_margin[j] * w_rev[j]
                - rd
                + l_rd_subsidy * rd
                - interest
                + isub
                + contracts
                - repay
            )
            w_cash[j] = cash
        for j in range(m):
            debt = float(debt_r[j])
            w_debt[j] = debt - p_repay * debt
        for j in range(m):
            isub = l_loan_subsidy * (p_loan_rate * float(debt_r[j]))
            w_isub[j] = isub if alive[j] else 0.0
        # Exit (SAIC age hazard × losses × incubation) or default.
        for j in range(m):
            h = g_hazard[j]
            h = h * p_cash_hazard if w_cash[j] < 0.0 else h
            h = h * p_incubator_hazard if q <= incub_r[j] else h
            w_exit[j] = 1.0 if alive[j] & (u_exit[j] < h) else 0.0
        for j in range(m):
            defaults = (
                alive[j]
                & (w_exit[j] == 0.0)
                & (w_cash[j] < 0.0)
                & (w_debt[j] > 0.0)
                & (u_default[j] < p_default_rate)
            )
            lost[j] = defaults | (w_exit[j] > 0.0)
        for j in range(m):
            w_defaulted[j] = w_debt[j] if lost[j] else 0.0
        for j in range(m):
            w_debt[j] = 0.0 if lost[j] else w_debt[j]
        for j in range(m):
            w_contracts[j] = w_contracts[j] if alive[j] else 0.0
        # The rows' new state, stored where they are alive.
        _store(rev_r, w_rev, alive)
        _store_add(rev_acc_r, w_rev, alive)
        _store(emp_r, w_emp, alive)
        _store(rd_r, w_rd, alive)
        _store_add(rd_acc_r, w_rd, alive)
        _store(nu_r, w_nu, alive)
        _store(kn_r, w_kn, alive)
        _store(ht_r, w_hitech, alive)
        _store(cash_r, w_cash, alive)
        _store(debt_r, w_debt, alive)
        _store(contracts_r, w_contracts, alive)
        for j in range(m):
            death_r[j] = q if w_exit[j] > 0.0 else death_r[j]
        for j in range(m):
            alive_r[j] = 0 if w_exit[j] > 0.0 else alive_r[j]
        # The sums, in row order (a dead row adds 0.0, which leaves a sum's bits).
        for j in range(m):
            n_innov += w_innov[j]
            n_exit += w_exit[j]
            defaulted += w_defaulted[j]
            contracts_sum += w_contracts[j]
            paid_rd += w_subsidy[j]
            paid_loan += w_isub[j]
    acc[0] = n_innov
    acc[1] = n_exit
    acc[2] = defaulted
    acc[3] = contracts_sum
    acc[4] = paid_rd
    acc[5] = paid_loan


@njit(cache=True)
def firms_kernel(
    q,
    key,
    n,
    firm_f,
    firm_i,
    ind_f,
    node_f,
    prox,
    frontier,
    start,
    rows,
    nbr_start,
    nbr,
    hazard_q,
    par,
    pol,
    known,
    spill,
    paid,
    out,
):
    """One quarter of every alive firm: R&D, innovation, spillovers, growth, exit (serial).

    Rows are taken in fixed chunks of ``CHUNK``; the sums are added chunk by chunk, so
    :func:`firms_kernel_par` (the chunks on several threads) gives the same bits.

    Parameters
    ----------
    q : int
        Quarter index (0 = first quarter of the calendar).
    key : uint64
        ``quarter_key(seed, q)``.
    n : int
        Firm rows in use.
    firm_f : float (N_FF, cap), in/out
    firm_i : int32 (N_FI, cap), in/out
    ind_f : float64 (N_IF, n_industries)
    node_f : float64 (N_NF, n_nodes)
    prox : float64 (n_nodes, n_nodes)
        Travel-time proximity between nodes.
    frontier : float64 (n_nodes, n_industries)
        Best knowledge per node and industry (from the last indicator pass). The frontier
        a firm of (node, industry) can imitate, ``reach``, is the maximum over nodes of
        proximity × best knowledge there.
    start : int64, rows : int32
        ``group_by_node`` output (partner search inside a park).
    nbr_start, nbr : int64
        Internal network neighbours of each node: ``nbr[nbr_start[k]:nbr_start[k+1]]``.
    hazard_q : float64 (n_age_years,)
        Quarterly exit hazard by age in years.
    par, pol : float64
        Parameter and lever vectors.
    known : float (cap,), same dtype as ``firm_f``
        Work space: start-of-quarter knowledge, NaN for exited rows.
    spill : float64 (cap,)
        Work space: each firm's R&D-partner spillover (from the partner's
        start-of-quarter knowledge, so the firms of other chunks can be stepped meanwhile).
    paid : float64 (n_levers,), in/out
        Fiscal outlays this quarter, by lever [10k yuan].
    out : float64 (4,), out
        innovations, exits, defaulted debt [10k yuan], contract sales [10k yuan].
    """
    reach = _reach(prox, frontier)
    n_chunks = (n + CHUNK - 1) // CHUNK
    for c in prange(n_chunks):
        _known(c * CHUNK, min(n, (c + 1) * CHUNK), firm_f, firm_i, known)
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        _partners(lo, hi, key, firm_i, known, start, rows, nbr_start, nbr, par, spill)
    part = np.zeros((n_chunks, 6))
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        _own_quarter(
            lo,
            hi,
            q,
            key,
            firm_f,
            firm_i,
            ind_f,
            node_f,
            reach,
            hazard_q,
            par,
            pol,
            spill,
            part[c],
        )
    add_chunk_sums(part, paid, L_RD_SUBSIDY, L_LOAN_SUBSIDY, out)


firms_kernel_par = threaded_twin(
    firms_kernel, "firms_kernel_par", ":func:`firms_kernel` on numba's threads (same results)."
)


@njit(cache=True)
def add_firms_kernel(q, key, n, k, nodes, industries, origins, firm_f, firm_i, ind_f, par):
    """Initialise ``k`` new firm rows ``n .. n+k-1`` (start-ups, spin-offs, landed projects).

    Parameters
    ----------
    nodes, industries, origins : int64 (k,)
        Where each new firm sits, its industry and its ``ORIGIN_*``.
    firm_f, firm_i : state arrays with capacity ≥ n + k, out
    """
    for j in range(k):
        i = n + j
        ind = industries[j]
        z = normal(key, i, S_NEWFIRM)  # the entry size's normal
        scale = (
            par[P_ENTRY_SCALE_BIG] if origins[j] >= ORIGIN_TRANSFER else par[P_ENTRY_SCALE_STARTUP]
        )
        annual = ind_f[IF_REV_MEDIAN, ind] * scale * math.exp(par[P_ENTRY_SIZE_SIGMA] * z)
        rev = max(annual / 4.0, par[P_MIN_REVENUE])
        kn = ind_f[IF_MEAN_KN, ind] * (
            par[P_ENTRY_KN_LOW] + par[P_ENTRY_KN_WIDTH] * uniform(key, i, S_NEWFIRM_KNOWLEDGE)
        )
        if origins[j] == ORIGIN_TRANSFER:
            kn += par[
                P_TRANSFER_KNOWLEDGE
            ]  # Beijing R&D brings know-how (北京研发、宝坻转化, §四(一))
        for f in range(firm_f.shape[0]):
            firm_f[f, i] = 0.0
        for f in range(firm_i.shape[0]):
            firm_i[f, i] = 0
        firm_f[FF_REVENUE, i] = rev
        firm_f[FF_EMPLOYEES, i] = max(par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev, 1.0)
        firm_f[FF_RD_INTENSITY, i] = ind_f[IF_RD, ind] * par[P_ENTRY_RD_FACTOR]
        firm_f[FF_KNOWLEDGE, i] = kn
        firm_f[FF_HITECH, i] = par[P_ENTRY_HITECH] * ind_f[IF_HNTE_FIELD, ind]
        firm_f[FF_CASH, i] = par[P_ENTRY_CASH] * rev
        firm_i[FI_ALIVE, i] = 1
        firm_i[FI_NODE, i] = nodes[j]
        firm_i[FI_INDUSTRY, i] = ind
        firm_i[FI_BIRTH_Q, i] = q
        if origins[j] == ORIGIN_TRANSFER:
            if uniform(key, i, S_NEWFIRM_IP_TRANSFER) < par[P_TRANSFER_IP_PROB]:
                firm_i[FI_IP2, i] = 1
        else:
            firm_i[FI_IP2, i] = poisson_inv(uniform(key, i, S_NEWFIRM_IP2), par[P_STARTUP_IP2])
        firm_i[FI_PARTNER, i] = -1
        firm_i[FI_ORIGIN, i] = origins[j]
        firm_i[FI_INCUBATED_UNTIL, i] = (
            q + int(par[P_INCUBATION_QUARTERS]) if origins[j] == ORIGIN_INCUBATOR else NO_Q
        )
        for f in (
            FI_HNTE_Q,
            FI_SME_Q,
            FI_EAGLET_Q,
            FI_GAZELLE_Q,
            FI_LEADER_Q,
            FI_LISTED_Q,
            FI_COACHED_Q,
            FI_DEATH_Q,
            FI_FINANCED_Q,
        ):
            firm_i[f, i] = NO_Q


@njit(cache=True)
def _pick_industry(key, slot, w):
    u = uniform(key, slot, S_ENTRY_INDUSTRY)
    c = 0.0
    last = 0
    for j in range(w.shape[0]):
        c += w[j]
        if w[j] != 0.0:
            last = j
        if u < c:
            return j
    return last


@njit(cache=True)
def entry_kernel(
    key,
    n,
    firm_i,
    lam_node,
    host_w,
    spin_rate,
    landed_nodes,
    landed_inds,
    background,
    node_cdf,
    out_nodes,
    out_inds,
    out_origins,
):
    """Entrants of the quarter, in order: start-ups by node, spin-offs, landed projects, background.

    Numba twin of :func:`sim.firms.entry_plan` (same draws, same order; a test compares them).

    Parameters
    ----------
    lam_node : float64 (n_nodes,)
        Expected start-ups from each node's carriers.
    host_w : float64 (n_nodes, n_industries)
        Industry weights per node.
    spin_rate : float
        Spin-off probability per alive firm.
    landed_nodes, landed_inds : int64
        Landed Beijing projects.
    background : float
        Expected background entrants, placed by ``node_cdf`` (cumulative firm shares).
    out_nodes, out_inds, out_origins : int64 (cap,), out

    Returns
    -------
    int
        Number of entrants written (−1 if ``cap`` was too small).
    """
    cap = out_nodes.shape[0]
    k = 0
    slot = 0
    for node in range(lam_node.shape[0]):
        c = poisson_inv(uniform(key, node, S_ENTRY), lam_node[node])
        for _ in range(c):
            if k >= cap:
                return -1
            out_nodes[k] = node
            out_inds[k] = _pick_industry(key, slot, host_w[node])
            slot += 1
            out_origins[k] = ORIGIN_INCUBATOR
            k += 1
    # Spin-offs, in row order: each chunk's draws in a vectorised loop, the hits listed
    # without branches (one alive firm in a hundred or so spins off).
    hit = np.empty(min(n, CHUNK), dtype=np.int64)
    rows = np.empty(min(n, CHUNK), dtype=np.int64)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        alive = firm_i[FI_ALIVE, lo:hi]
        for j in range(hi - lo):
            hit[j] = (alive[j] == 1) & (uniform(key, lo + j, S_SPINOFF) < spin_rate)
        n_hit = 0
        for j in range(hi - lo):
            rows[n_hit] = lo + j
            n_hit += hit[j]
        for t in range(n_hit):
            if k >= cap:
                return -1
            i = rows[t]
            out_nodes[k] = firm_i[FI_NODE, i]
            out_inds[k] = firm_i[FI_INDUSTRY, i]
            out_origins[k] = ORIGIN_SPINOFF
            k += 1
    for j in range(landed_nodes.shape[0]):
        if k >= cap:
            return -1
        out_nodes[k] = landed_nodes[j]
        out_inds[k] = landed_inds[j]
        out_origins[k] = ORIGIN_TRANSFER
        k += 1
    c = poisson_inv(uniform(key, 0, S_BACKGROUND), background)
    last = node_cdf.shape[0] - 1
    for _ in range(c):
        if k >= cap:
            return -1
        u = uniform(key, slot, S_BACKGROUND_NODE)
        node = 0
        while node < last and node_cdf[node] <= u:
            node += 1
        out_nodes[k] = node
        out_inds[k] = _pick_industry(key, slot, host_w[node])
        slot += 1
        out_origins[k] = ORIGIN_BACKGROUND
        k += 1
    return k


@njit(cache=True)
def init_firms_kernel(key, a, b, firm_f, firm_i, node_cdf, node_rows, host_w, ind_f, par):
    """Fill rows ``a .. b-1`` with the synthetic 2015 population (draws keyed by row).

    Node by the internal nodes' cumulative firm shares ``node_cdf``; industry by the
    node's ``host_w``; age exponential (mean ``init_age_mean``); annual revenue lognormal
    around the industry median with a Pareto tail above ``init_tail_z`` (Axtell 2001);
    R&D intensity lognormal around the industry norm; knowledge and IP follow from it.
    """
    n_nodes = node_rows.shape[0]
    n_ind = host_w.shape[1]
    sigma = par[P_SIZE_SIGMA]
    alpha = par[P_SIZE_TAIL_ALPHA]
    tail_z = par[P_INIT_TAIL_Z]
    g = 4.0 * par[P_GROWTH_MU]
    decay = np.empty(5)  # exp(-g * y): the same for every row, so computed once
    for y in range(1, 5):
        decay[y] = math.exp(-g * y)
    for i in range(a, b):
        u = uniform(key, i, S_INIT)
        k = 0
        while k < n_nodes - 1 and node_cdf[k] <= u:
            k += 1
        node = node_rows[k]
        u = uniform(key, i, S_INIT_INDUSTRY)
        c = 0.0
        ind = 0
        for j in range(n_ind):
            c += host_w[node, j]
            if u >= c:
                ind = j + 1
        ind = min(ind, n_ind - 1)
        age_y = min(
            -par[P_INIT_AGE_MEAN] * math.log(1.0 - uniform(key, i, S_INIT_AGE)), par[P_INIT_MAX_AGE]
        )
        z = normal(key, i, S_INIT_SIZE)
        med = ind_f[IF_REV_MEDIAN, ind]
        if z > tail_z:
            tail = (1.0 - uniform(key, i, S_INIT_TAIL)) ** (-1.0 / alpha)
            annual = min(med * math.exp(sigma * tail_z) * tail, par[P_MAX_INIT_REVENUE])
        else:
            annual = med * math.exp(sigma * z)
        nu = ind_f[IF_RD, ind] * math.exp(par[P_INIT_RD_SIGMA] * normal(key, i, S_INIT_RD))
        kn = max(
            par[P_INIT_KN_MIN],
            par[P_INIT_KN_RD_WEIGHT] * nu / ind_f[IF_RD, ind]
            + par[P_INIT_KN_BASE]
            + par[P_INIT_KN_SPREAD] * normal(key, i, S_INIT_KNOWLEDGE),
        )
        for f in range(firm_f.shape[0]):
            firm_f[f, i] = 0.0
        for f in range(firm_i.shape[0]):
            firm_i[f, i] = NO_Q
        firm_f[FF_REVENUE, i] = annual / 4.0
        firm_f[FF_EMPLOYEES, i] = max(par[P_EMPLOYEES_PER_REVENUE] * annual, 1.0)
        firm_f[FF_RD_INTENSITY, i] = nu
        firm_f[FF_KNOWLEDGE, i] = kn
        ht = 1.0 / (1.0 + math.exp(-(kn - par[P_KNOWLEDGE_HITECH_MID]) / par[P_HITECH_SLOPE]))
        firm_f[FF_HITECH, i] = ht * (
            1.0 if ind_f[IF_HNTE_FIELD, ind] > 0.0 else par[P_HITECH_NONFIELD]
        )
        firm_f[FF_CASH, i] = par[P_INIT_CASH] * annual
        # Past years' accounts, for firms alive then (revenue falling back at the drift).
        for y in range(1, 5):
            rev_y = annual * decay[y] if age_y >= y else 0.0
            firm_f[FF_REV_Y1 + y - 1, i] = rev_y
            if y < 4:
                firm_f[FF_RD_Y1 + y - 1, i] = nu * rev_y
        firm_i[FI_ALIVE, i] = 1
        firm_i[FI_NODE, i] = node
        firm_i[FI_INDUSTRY, i] = ind
        firm_i[FI_BIRTH_Q, i] = -math.floor(age_y * 4.0)
        firm_i[FI_IP1, i] = poisson_inv(uniform(key, i, S_INIT_IP1), par[P_INIT_IP1_PER_KN] * kn)
        firm_i[FI_IP2, i] = poisson_inv(uniform(key, i, S_INIT_IP2), par[P_INIT_IP2_PER_KN] * kn)
        firm_i[FI_ST_STAFF, i] = 0
        firm_i[FI_LABELS, i] = 0
        firm_i[FI_PARTNER, i] = -1
        firm_i[FI_ORIGIN, i] = ORIGIN_INITIAL
        firm_i[FI_VC_MAX, i] = 0


@njit(cache=True, parallel=True)
def init_firms_par(key, n, firm_f, firm_i, node_cdf, node_rows, host_w, ind_f, par):
    """:func:`init_firms_kernel` on rows ``0 .. n-1`` in chunks over numba's threads (same rows)."""
    n_chunks = (n + CHUNK - 1) // CHUNK
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        init_firms_kernel(key, lo, hi, firm_f, firm_i, node_cdf, node_rows, host_w, ind_f, par)
