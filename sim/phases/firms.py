"""Firms phase: each firm's quarter — R&D, innovation, imitation, partners, growth, cash, exit.

Mechanisms: K+S innovation and imitation (Dosi, Fagiolo & Roventini 2010): success
probability 1 − exp(−ζ·R&D_eff); imitation moves a firm towards the knowledge frontier
it can reach through the network (frontier weighted by travel-time proximity);
SKIN-style partnering (Gilbert, Ahrweiler & Pyka 2007) inside a park or with a
neighbouring one (the City and the parks share projects, §四(一)3), keeping the previous
partner first; Gibrat growth with Laplace shocks whose scale falls with size, σ ∝ S^−β
(Stanley et al. 1996); exit hazard by age after SAIC (2013), raised by losses, lowered
by incubation.

The quarter has two passes over the firms: every firm first finds its R&D partner and
notes the spillover from the partner's start-of-quarter knowledge (:func:`partners`),
then lives its own quarter (:func:`own_quarters`), which writes only its own row. Both
go over the alive rows of a chunk listed first (:func:`alive_rows`: exited firms keep
their rows, and a branch skipping them was mispredicted). The
rows are taken in fixed chunks of ``CHUNK`` and the sums added chunk by chunk, so
``firms_kernel_par`` (the chunks on numba's threads) gives the same bits as the serial
``firms_kernel``.
"""

from dataclasses import dataclass, field

import numba
import numpy as np
from numba import prange

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
    FF_REV_ACC,
    FF_REV_Y1,
    FF_REVENUE,
    FI_ALIVE,
    FI_BIRTH_Q,
    FI_COACHED_Q,
    FI_DEATH_Q,
    FI_INCUBATED_UNTIL,
    FI_INDUSTRY,
    FI_IP1,
    FI_IP2,
    FI_NODE,
    FI_PARTNER,
    FI_ST_STAFF,
    IF_DIGITAL,
    IF_HNTE_FIELD,
    IF_MEAN_KN,
    IF_RD,
    IF_SALES_KN,
    NF_CITY,
    NF_PARK,
    NF_PLATFORMS,
)
from ..indices import (
    L_APP_SCENES,
    L_LOAN_SUBSIDY,
    L_POLICY_STACK,
    L_RD_SUBSIDY,
    L_SMART_PARK,
    P_CASH_BUFFER,
    P_CASH_HAZARD,
    P_CASH_PAYOUT,
    P_CONTRACT_BASE_KNOWLEDGE,
    P_CONTRACT_PROB,
    P_CONTRACT_VALUE,
    P_CROSS_PARK,
    P_DEFAULT_RATE,
    P_EMP_ADJUST,
    P_EMPLOYEES_PER_REVENUE,
    P_GROWTH_BETA,
    P_GROWTH_MU,
    P_GROWTH_SIGMA,
    P_HITECH_ADJUST,
    P_HITECH_NONFIELD,
    P_HITECH_SLOPE,
    P_HNTE_RD_MARGIN,
    P_HNTE_SEEKING,
    P_IMITATION_SHARE,
    P_INCUBATOR_HAZARD,
    P_INNOVATION_GROWTH,
    P_INNOVATION_STEP,
    P_IP_CLASS1_SHARE,
    P_IP_PROB,
    P_KNOWLEDGE_GROWTH,
    P_KNOWLEDGE_HITECH_MID,
    P_LOAN_RATE,
    P_MARGIN,
    P_MAX_SIGMA,
    P_MIN_REVENUE,
    P_PARTNER_KEEP,
    P_PARTNER_SHARE,
    P_PLATFORM_BOOST,
    P_RD_ADJUST,
    P_RD_CASH_COVER,
    P_RD_CUT_BROKE,
    P_RD_SUBSIDY_ELASTICITY,
    P_REPAY,
    P_SCENE_GROWTH,
    P_SHOCK_TO_PROFIT,
    P_SIGMA_MIN_SIZE,
    P_SMART_MARGIN,
    P_STACK_GROWTH,
    P_STEP_MIN,
    P_TALENT_EFFECT,
    P_YOUNG_DRIFT,
    P_YOUNG_YEARS,
    P_ZETA_IMITATION,
    P_ZETA_INNOVATION,
)
from ..kernels.common import (
    CHUNK,
    alive_rows,
    frontier_advance,
    hit_1mexp,
    hnte_rd_threshold,
    in_reserve_pool,
    laplace,
    threaded_twin,
)
from ..kernels.elementary import fexp, flog
from ..kernels.jit import njit
from ..kernels.rng import (
    S_CONTRACT,
    S_DEFAULT,
    S_EXIT,
    S_GROWTH,
    S_IMIT,
    S_INNOV,
    S_IP,
    S_IP1,
    S_PARTNER,
    S_PARTNER_CROSS,
    S_PARTNER_CROSS_NODE,
    S_PARTNER_KEEP,
    S_STEP,
    uniform,
)

# The size at which ``growth_sigma`` is quoted [10k yuan/yr]: the parameter's unit.
SIGMA_REF_SIZE = 1000.0

# The phase's named outputs (one record a quarter).
OUT = np.dtype(
    [
        ("innovations", "f8"),  # firms that innovated
        ("exits", "f8"),  # firms that exited
        ("defaulted", "f8"),  # debt lost to exits and defaults [10k yuan]
        ("contracts", "f8"),  # technology-contract sales [10k yuan]
    ]
)
# Columns of a chunk's sums (the OUT fields, then what the levers paid).
INNOVATIONS, EXITS, DEFAULTED, CONTRACTS, PAID_RD, PAID_LOAN = range(6)
N_SUMS = 6
# Rows of the draws buffer (see draws): the firm's uniform draws of the quarter, one stream
# each (S_GROWTH, S_INNOV, ...)...
U_GROWTH, U_INNOV, U_STEP, U_IP, U_IP1, U_CONTRACT, U_IMIT, U_EXIT, U_DEFAULT = range(9)
D_SIGMA, D_SHOCK = 9, 10  # ... and the growth shock's scale and value (see draws)
# ... then the growth exponent (-> factor), knowledge ahead (-> high-tech target), and
# the R&D and contracts (in float64 also when the state is float32) (see own_quarters).
D_GROWTH, D_HITECH, D_RD, D_CONTRACTS = 11, 12, 13, 14
# ... the R&D's effect (see own_quarters), and whether innovation and imitation succeed
# (1.0 or 0.0, see successes).
D_EFF, D_INNOV, D_IMIT = 15, 16, 17
N_D = 18
BLOCK = 1024  # rows whose draws are made at once (the buffer stays in the core's cache)


@dataclass(eq=False)
class Workspace:
    """The firms phase's buffers and outputs.

    After ``run``: ``out`` (record ``OUT``). Scratch: the alive firms grouped by node
    (``_start``, ``_rows``, from :func:`group_by_node`) and each firm's partner
    spillover (``_spill``); the per-firm buffers grow with ``state.firm_capacity``.
    ``threads`` > 1 runs the threaded kernels (same bits).
    """

    n_nodes: int
    threads: int = 1
    out: np.ndarray = field(init=False)
    _start: np.ndarray = field(init=False, repr=False)
    _rows: np.ndarray = field(init=False, repr=False)
    _spill: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self._start = np.zeros(self.n_nodes + 1, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int32)
        self._spill = np.zeros(0)

    def fit(self, capacity: int) -> None:
        """Per-firm buffers for ``capacity`` firm rows."""
        if self._rows.shape[0] < capacity:
            self._rows = np.zeros(capacity, dtype=np.int32)
            self._spill = np.zeros(capacity)


def run(state, world, q, ws: Workspace) -> np.void:
    """Every alive firm's quarter; returns ``ws.out[0]`` (fields of ``OUT``).

    Adds the R&D and loan-interest subsidies to ``q.paid``.
    """
    ws.fit(state.firm_capacity)
    if ws.threads > 1:
        numba.set_num_threads(ws.threads)
        group, kernel = group_by_node_par, firms_kernel_par
    else:
        group, kernel = group_by_node, firms_kernel
    group(state.n, state.firm_i, world.n_nodes, ws._start, ws._rows)
    kernel(
        q.index,
        q.key,
        state.n,
        state.firm_f,
        state.firm_i,
        world.ind_f,
        world.node_f,
        reach(world.prox, world.frontier, world.ind_f[IF_MEAN_KN]),
        ws._start,
        ws._rows,
        world.nbr_start,
        world.nbr,
        world.hazard_q,
        q.par,
        q.pol,
        ws._spill,
        q.paid,
        ws.out,
    )
    return ws.out[0]


@njit(cache=True)
def reach(prox, frontier, mean_kn):
    """The knowledge each (node, industry) can imitate: the best lead within reach.

    ``out[a, k] = mean_kn[k] + max over nodes b with firms of prox[a, b] · (frontier[b, k]
    − mean_kn[k])``: the lead of node b's best firm over its industry's mean, discounted by
    travel time. Leads, not levels, are discounted, so distance costs the same in 2025 as
    in 2015 although knowledge levels grow (discounting levels made every other park's
    best firm look worse each year).

    Parameters
    ----------
    prox : float64 (n_nodes, n_nodes)
        Travel-time proximity between nodes (1 on the diagonal).
    frontier : float64 (n_nodes, n_industries)
        Best knowledge per node and industry (from the last indicators phase; 0: no firm).
    mean_kn : float64 (n_industries,)
        Mean knowledge of each industry's alive firms (the same phase).
    """
    out = np.empty(frontier.shape)
    for a in range(prox.shape[0]):
        for k in range(frontier.shape[1]):
            best = frontier[a, k]
            for b in range(prox.shape[1]):
                if frontier[b, k] > 0.0:
                    lead = mean_kn[k] + prox[a, b] * (frontier[b, k] - mean_kn[k])
                    best = max(best, lead)
            out[a, k] = best
    return out


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
def firms_kernel(
    q,
    key,
    n,
    firm_f,
    firm_i,
    ind_f,
    node_f,
    reach,
    start,
    rows,
    nbr_start,
    nbr,
    hazard_q,
    par,
    pol,
    spill,
    paid,
    out,
):
    """One quarter of every alive firm (serial; ``firms_kernel_par``: the chunks on threads).

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
    reach : float64 (n_nodes, n_industries)
        The frontier a firm of (node, industry) can imitate (:func:`reach`).
    start : int64, rows : int32
        :func:`group_by_node` output (partner search inside a park).
    nbr_start, nbr : int64
        Internal network neighbours of each node: ``nbr[nbr_start[k]:nbr_start[k+1]]``.
    hazard_q : float64 (n_age_years,)
        Quarterly exit hazard by age in years.
    par, pol : float64
        Parameter and lever vectors.
    spill : float64 (cap,)
        Work space: each firm's R&D-partner spillover (from the partner's
        start-of-quarter knowledge, so the firms of other chunks can be stepped meanwhile).
    paid : float64 (n_levers,), in/out
        Fiscal outlays this quarter, by lever [10k yuan].
    out : record array (1,) of ``OUT``, out
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        partners(lo, hi, key, firm_f, firm_i, start, rows, nbr_start, nbr, par, spill)
    sums = np.zeros((n_chunks, N_SUMS))
    for c in prange(n_chunks):
        lo, hi = c * CHUNK, min(n, (c + 1) * CHUNK)
        own_quarters(
            lo, hi, q, key, firm_f, firm_i, ind_f, node_f, reach, hazard_q, par, pol, spill, sums[c]
        )
    # The chunks' sums, added in chunk order (the same bits for any number of threads).
    innovations = 0.0
    exits = 0.0
    defaulted = 0.0
    contracts = 0.0
    paid_rd = 0.0
    paid_loan = 0.0
    for c in range(n_chunks):
        innovations += sums[c, INNOVATIONS]
        exits += sums[c, EXITS]
        defaulted += sums[c, DEFAULTED]
        contracts += sums[c, CONTRACTS]
        paid_rd += sums[c, PAID_RD]
        paid_loan += sums[c, PAID_LOAN]
    o = out[0]
    o.innovations = innovations
    o.exits = exits
    o.defaulted = defaulted
    o.contracts = contracts
    paid[L_RD_SUBSIDY] += paid_rd
    paid[L_LOAN_SUBSIDY] += paid_loan


firms_kernel_par = threaded_twin(
    firms_kernel, "firms_kernel_par", ":func:`firms_kernel` on numba's threads (same results)."
)


@njit("void(uint64, int64[::1], int64, float64[::1])", cache=True)
def uniforms(key, rows, stream, out):
    """``out[t] = uniform(key, rows[t], stream)`` (a vectorised loop)."""
    for t in range(out.shape[0]):
        out[t] = uniform(key, rows[t], stream)


@njit(cache=True)
def draws(live, m, key, firm_f, par, d):
    """The draws of rows ``live[:m]`` (row ``live[t]`` in column t of ``d``, (N_D, ≥ m)).

    ``d[U_*]``: the uniform draw of stream ``S_*``; ``d[D_SIGMA]`` and
    ``d[D_SHOCK]``: the growth shock's scale σ = min(σ₀·(S/1000)^−β, max_sigma), S =
    4·quarterly revenue at the start of the quarter (at least ``sigma_min_size``), and
    the shock σ·Laplace(0, 1) by inversion of the ``S_GROWTH`` draw. Only the rows that
    need them (a draw is a function of its row, so skipping one shifts no other), a loop
    per row of ``d``, which LLVM vectorises (0.6 ns a draw; with :func:`flog` and
    :func:`fexp` instead of libm), against several times that one at a time inside the
    firm's quarter.
    """
    rows = live[:m]
    uniforms(key, rows, S_GROWTH, d[U_GROWTH, :m])
    uniforms(key, rows, S_INNOV, d[U_INNOV, :m])
    uniforms(key, rows, S_STEP, d[U_STEP, :m])
    uniforms(key, rows, S_IP, d[U_IP, :m])
    uniforms(key, rows, S_IP1, d[U_IP1, :m])
    uniforms(key, rows, S_CONTRACT, d[U_CONTRACT, :m])
    uniforms(key, rows, S_IMIT, d[U_IMIT, :m])
    uniforms(key, rows, S_EXIT, d[U_EXIT, :m])
    uniforms(key, rows, S_DEFAULT, d[U_DEFAULT, :m])
    p_sigma = par[P_GROWTH_SIGMA]
    p_beta = par[P_GROWTH_BETA]
    p_max_sigma = par[P_MAX_SIGMA]
    min_size = par[P_SIGMA_MIN_SIZE]
    rev = firm_f[FF_REVENUE]
    sigma = d[D_SIGMA]
    shock = d[D_SHOCK]
    u_growth = d[U_GROWTH]
    # The rows' revenues first: a loop that reads firm_f at scattered rows and writes d
    # does not vectorise (LLVM cannot rule out that the two overlap); the next one does.
    for t in range(m):
        sigma[t] = rev[rows[t]]
    # Separate loops: LLVM's cost model declines to vectorise them fused.
    for t in range(m):
        size = max(4.0 * sigma[t], min_size)
        sigma[t] = min(p_sigma * fexp(-p_beta * flog(size / SIGMA_REF_SIZE)), p_max_sigma)
    for t in range(m):
        shock[t] = sigma[t] * laplace(u_growth[t], 1.0)


@njit(cache=True)
def partners(lo, hi, key, firm_f, firm_i, start, rows, nbr_start, nbr, par, spill):
    """Pass 1 on rows ``lo .. hi-1``: R&D partners (SKIN) and their spillover into ``spill``.

    A firm keeps its partner (if still alive) with probability ``partner_keep``; else it
    draws one among the alive firms of its node — or, with probability ``cross_park``,
    of a neighbouring node. Its spillover is ``partner_share`` × the partner's lead in
    start-of-quarter knowledge. Writes only rows ``lo .. hi-1``. The keep draws of the
    alive firms, and then the search draws of the seekers, are made first, in
    vectorised loops (:func:`uniforms`).
    """
    kn = firm_f[FF_KNOWLEDGE]
    alive = firm_i[FI_ALIVE]
    partner = firm_i[FI_PARTNER]
    node = firm_i[FI_NODE]
    spill[lo:hi] = 0.0
    live = np.empty(hi - lo, dtype=np.int64)
    m = alive_rows(lo, hi, firm_i, live)
    u_keep = np.empty(m)
    uniforms(key, live[:m], S_PARTNER_KEEP, u_keep)
    keep = par[P_PARTNER_KEEP]
    share = par[P_PARTNER_SHARE]
    # The firms that seek a new partner, listed first (as alive_rows: whether a firm
    # keeps its partner is random, so a branch on it would be mispredicted).
    seekers = np.empty(m, dtype=np.int64)
    n_seek = 0
    for t in range(m):
        i = live[t]
        p = partner[i]
        kept = p >= 0 and alive[p] == 1 and u_keep[t] < keep
        seekers[n_seek] = i
        n_seek += not kept
    # Their draws, in vectorised loops; then the search.
    u = np.empty((3, n_seek))
    uniforms(key, seekers[:n_seek], S_PARTNER_CROSS, u[0])
    uniforms(key, seekers[:n_seek], S_PARTNER_CROSS_NODE, u[1])
    uniforms(key, seekers[:n_seek], S_PARTNER, u[2])
    cross = par[P_CROSS_PARK]
    for t in range(n_seek):
        i = seekers[t]
        partner[i] = new_partner(
            i, node[i], u[0, t] < cross, u[1, t], u[2, t], start, rows, nbr_start, nbr
        )
    for t in range(m):
        i = live[t]
        p = partner[i]
        if p >= 0:
            lead = kn[p] - kn[i]
            spill[i] = share * lead if lead > 0.0 else 0.0


@njit(cache=True)
def new_partner(i, node, cross, u_node, u_firm, start, rows, nbr_start, nbr):
    """A random alive firm of ``node`` (or, if ``cross``, of a neighbouring node), −1 if none or itself.

    ``u_node``, ``u_firm``: uniform draws that pick the neighbouring node and the firm.
    """
    src = node
    deg = nbr_start[node + 1] - nbr_start[node]
    if deg > 0 and cross:
        src = nbr[nbr_start[node] + int(u_node * deg)]
    cnt = start[src + 1] - start[src]
    if cnt == 0:
        return -1
    j = rows[start[src] + int(u_firm * cnt)]
    return j if j != i else -1


@njit(cache=True, error_model="numpy")
def own_quarters(
    lo, hi, q, key, firm_f, firm_i, ind_f, node_f, reach, hazard_q, par, pol, spill, sums
):
    """Pass 2 on rows ``lo .. hi-1``: each alive firm's own quarter; writes only those rows.

    ``spill`` holds each firm's partner spillover (pass 1); ``sums`` (N_SUMS,) gets the
    rows' innovations, exits, lost debt, contracts and subsidies, each added in row
    order. For a block of alive rows: their draws (:func:`draws`); each firm's R&D and
    its effect; whether innovation and imitation succeed (:func:`successes`: the draws
    decide at random, and a branch on them per firm was mispredicted, 17 ns a firm);
    each firm's innovation and imitation, which set its knowledge; the block's growth
    factors and high-tech targets, whose exponentials vectorise in loops of their own
    (:func:`growth_factors`, :func:`hitech_targets`); each firm's growth, cash and exit.
    The last loop reads the firm's start-of-quarter revenue, staff, cash and debt,
    which the others leave alone, and the R&D and contracts they noted in ``u``.
    Computes in float64; the same operations in the same order as one loop (and as
    :mod:`sim.phases.firms_ref`), so the same bits.
    """
    u = np.empty((N_D, min(hi - lo, BLOCK)))
    live = np.empty(min(hi - lo, BLOCK), dtype=np.int64)
    work = np.empty(min(hi - lo, BLOCK), dtype=np.int64)
    advance = frontier_advance(q, par)  # the frontier's advance since 2015Q1
    for b0 in range(lo, hi, BLOCK):
        m = alive_rows(b0, min(hi, b0 + BLOCK), firm_i, live)
        draws(live, m, key, firm_f, par, u)
        # R&D and its effect.
        for j in range(m):
            i = live[j]
            ind, node = firm_i[FI_INDUSTRY, i], firm_i[FI_NODE, i]
            rev = float(firm_f[FF_REVENUE, i])
            # R&D: the intensity moves towards its target; the R&D subsidy pays a share.
            has_ip = firm_i[FI_IP1, i] + firm_i[FI_IP2, i] > 0
            could_qualify = (ind_f[IF_HNTE_FIELD, ind] > 0.0) & has_ip  # & (and: a branch)
            nu = rd_intensity(
                float(firm_f[FF_RD_INTENSITY, i]),
                ind_f[IF_RD, ind],
                could_qualify,
                in_reserve_pool(q, firm_i[FI_COACHED_Q, i], par),
                firm_f[FF_REV_Y1, i],
                rev,
                float(firm_f[FF_CASH, i]),
                par,
                pol,
            )
            rd = nu * rev
            subsidy = pol[L_RD_SUBSIDY] * rd
            st_share = firm_i[FI_ST_STAFF, i] / max(float(firm_f[FF_EMPLOYEES, i]), 1.0)
            eff = (
                rd
                * (1.0 + par[P_TALENT_EFFECT] * st_share)
                * (1.0 + par[P_PLATFORM_BOOST] * node_f[NF_PLATFORMS, node])
            )
            u[D_RD, j] = rd
            u[D_EFF, j] = eff
            firm_f[FF_RD, i] = rd
            firm_f[FF_RD_ACC, i] += rd
            firm_f[FF_RD_INTENSITY, i] = nu
            sums[PAID_RD] += subsidy
        # Whether innovation and imitation succeed (K+S: P = 1 − exp(−ζ · R&D_eff)).
        successes(m, par[P_ZETA_INNOVATION], u[D_EFF], u[U_INNOV], u[D_INNOV], work)
        successes(m, par[P_ZETA_IMITATION], u[D_EFF], u[U_IMIT], u[D_IMIT], work)
        # Innovation and imitation; the growth exponent and the knowledge ahead.
        for j in range(m):
            i = live[j]
            ind, node = firm_i[FI_INDUSTRY, i], firm_i[FI_NODE, i]
            age_q = q - firm_i[FI_BIRTH_Q, i]
            kn0 = float(firm_f[FF_KNOWLEDGE, i])
            kn = kn0 + spill[i]
            # Innovation: a step of knowledge, maybe IP, maybe a contract.
            # (Selects and flags, not branches: the draws decide at random, so a branch
            # would be mispredicted, and a mispredicted one discards the next firm's work.
            # Both arms of a select are computed first: a parameter read inside an arm
            # keeps it a branch, as numba's arrays may overlap and the read cannot move.)
            innov = u[D_INNOV, j] > 0.0
            step = par[P_INNOVATION_STEP] * (par[P_STEP_MIN] + u[U_STEP, j])
            kn = kn + step if innov else kn
            patented = innov & (u[U_IP, j] < par[P_IP_PROB])  # class I or class II IP
            class1 = u[U_IP1, j] < par[P_IP_CLASS1_SHARE]
            firm_i[FI_IP1, i] += patented & class1
            firm_i[FI_IP2, i] += patented & (not class1)
            lead = par[P_CONTRACT_BASE_KNOWLEDGE] + kn - advance
            sold = innov & (u[U_CONTRACT, j] < par[P_CONTRACT_PROB])
            value = par[P_CONTRACT_VALUE] * max(lead, 0.0)
            contracts = value if sold else 0.0
            # Imitation towards the frontier reachable through the network.
            gap = reach[node, ind] - kn
            imitates = (gap > 0.0) & (u[D_IMIT, j] > 0.0)
            caught_up = kn + par[P_IMITATION_SHARE] * gap
            kn = caught_up if imitates else kn
            # Sales follow the knowledge the firm had at the start of the quarter (the
            # industry's sales-weighted mean is of the same date).
            city = node_f[NF_CITY, node] > 0.0
            drift = growth_drift(
                kn0, innov, age_q, ind_f[IF_SALES_KN, ind], ind_f[IF_DIGITAL, ind], city, par, pol
            )
            u[D_GROWTH, j] = drift + u[D_SHOCK, j]
            u[D_HITECH, j] = kn - advance  # knowledge against today's frontier
            u[D_CONTRACTS, j] = contracts
            firm_f[FF_KNOWLEDGE, i] = kn
            firm_f[FF_CONTRACTS, i] = contracts
            sums[INNOVATIONS] += 1.0 if innov else 0.0
            sums[CONTRACTS] += contracts
        # The block's exponentials, in vectorised loops (as the draws).
        growth_factors(m, u)
        hitech_targets(m, par, u)
        # Growth (Gibrat, Laplace shock), staff, high-tech share, cash and exit.
        for j in range(m):
            i = live[j]
            node = firm_i[FI_NODE, i]
            age_q = q - firm_i[FI_BIRTH_Q, i]
            rev = float(firm_f[FF_REVENUE, i])
            rd, contracts = u[D_RD, j], u[D_CONTRACTS, j]  # this quarter's (above)
            sigma, shock = u[D_SIGMA, j], u[D_SHOCK, j]
            # E[exp(Laplace(0, σ))] = 1/(1 − σ²): the factor keeps growth mean-preserving.
            rev = max(rev * u[D_GROWTH, j] * (1.0 - sigma * sigma), par[P_MIN_REVENUE])
            emp = float(firm_f[FF_EMPLOYEES, i])
            emp += par[P_EMP_ADJUST] * (par[P_EMPLOYEES_PER_REVENUE] * 4.0 * rev - emp)
            emp = max(emp, 1.0)
            hitech = hitech_share(
                float(firm_f[FF_HITECH, i]),
                u[D_HITECH, j],
                ind_f[IF_HNTE_FIELD, firm_i[FI_INDUSTRY, i]],
                par,
            )
            # Cash: margin (hit by shocks), R&D net of subsidy, interest net of subsidy,
            # contracts, repayment.
            margin = profit_margin(shock, node_f[NF_PARK, node], node_f[NF_CITY, node], par, pol)
            subsidy = pol[L_RD_SUBSIDY] * rd
            cash = float(firm_f[FF_CASH, i])
            debt = float(firm_f[FF_DEBT, i])
            interest = par[P_LOAN_RATE] * debt
            isub = pol[L_LOAN_SUBSIDY] * interest
            repay = par[P_REPAY] * debt
            cash += margin * rev - rd + subsidy - interest + isub + contracts - repay
            cash -= payout(cash, rev, par)  # dividends and fixed investment
            debt = debt - repay
            # Exit (SAIC age hazard × losses × incubation) or default: the debt is lost.
            h = hazard_q[min(age_q // 4, hazard_q.shape[0] - 1)]
            h = h * par[P_CASH_HAZARD] if cash < 0.0 else h
            h = h * par[P_INCUBATOR_HAZARD] if q <= firm_i[FI_INCUBATED_UNTIL, i] else h
            exits = u[U_EXIT, j] < h
            defaults = (
                not exits and cash < 0.0 and debt > 0.0 and u[U_DEFAULT, j] < par[P_DEFAULT_RATE]
            )
            lost = debt if exits or defaults else 0.0
            debt = 0.0 if exits or defaults else debt
            # The new state.
            firm_f[FF_REVENUE, i] = rev
            firm_f[FF_REV_ACC, i] += rev
            firm_f[FF_EMPLOYEES, i] = emp
            firm_f[FF_HITECH, i] = hitech
            firm_f[FF_CASH, i] = cash
            firm_f[FF_DEBT, i] = debt
            if exits:
                firm_i[FI_DEATH_Q, i] = q
                firm_i[FI_ALIVE, i] = 0
            sums[EXITS] += 1.0 if exits else 0.0
            sums[DEFAULTED] += lost
            sums[PAID_LOAN] += isub


@njit(cache=True)
def successes(m, zeta, eff, u, hit, band):
    """``hit[t]`` = 1.0 if ``hit_1mexp(u[t], zeta · eff[t])`` (u < 1 − exp(−ζ·eff)), else 0.0.

    The same test without a branch on the draws (which decide at random): the bounds
    x − x²/2 ≤ 1 − exp(−x) ≤ x decide in a first loop, which lists the draws between
    them (as :func:`alive_rows`, in ``band``); those take :func:`hit_1mexp`'s exact value.
    """
    k = 0
    for t in range(m):
        x = zeta * eff[t]
        hit[t] = 1.0 if u[t] < x - 0.5 * x * x else 0.0
        band[k] = t
        k += (u[t] >= x - 0.5 * x * x) & (u[t] < x)
    for s in range(k):
        t = band[s]
        hit[t] = 1.0 if hit_1mexp(u[t], zeta * eff[t]) else 0.0


@njit(cache=True)
def growth_factors(m, d):
    """``d[D_GROWTH, :m]``: the growth exponent (drift + shock) -> its exponential."""
    g = d[D_GROWTH]
    for j in range(m):
        g[j] = fexp(g[j])


@njit(cache=True, error_model="numpy")
def hitech_targets(m, par, d):
    """``d[D_HITECH, :m]``: knowledge ahead of the frontier -> :func:`hitech_target` of it."""
    x = d[D_HITECH]
    for j in range(m):
        x[j] = hitech_target(x[j], par)


@njit(cache=True)
def rd_intensity(nu, norm, could_qualify, coached, rev_y1, rev, cash, par, pol):
    """The firm's R&D intensity this quarter: ``nu`` moves towards a target (satisficing).

    The target is the industry norm raised by the R&D subsidy; for firms that could
    qualify for HNTE (a field of it, some IP) it moves towards the HNTE threshold
    (bunching; fully for coached firms). Then liquidity (:func:`liquidity_factor`): a
    firm commits only the R&D its cash can fund — so equity and loans, which add cash,
    let constrained firms do the R&D they planned (Hall & Lerner 2010).
    """
    # rd_target's rule, written out: as a call it cost 16 ns of the firm's 63 ns quarter
    # (tests/unit/sim/test_firms_rules.py holds the two together). With a select, not an
    # ``if``: whether a firm bunches varies at random from firm to firm (-4 ns a firm).
    target = norm * (1.0 + par[P_RD_SUBSIDY_ELASTICITY] * pol[L_RD_SUBSIDY])
    goal = par[P_HNTE_RD_MARGIN] * hnte_rd_threshold(rev_y1)
    seeking = par[P_HNTE_SEEKING]
    seek = 1.0 if coached else seeking
    bunches = could_qualify & (goal > target)
    target = target + seek * (goal - target) if bunches else target
    target = target * liquidity_factor(cash, target * rev, par)
    return nu + par[P_RD_ADJUST] * (target - nu)


@njit(cache=True, inline="always")  # inlined: as a call it cost 16 ns a firm
def rd_target(norm, could_qualify, coached, rev_y1, par, pol):
    """The R&D intensity a firm plans before liquidity (see :func:`rd_intensity`)."""
    target = norm * (1.0 + par[P_RD_SUBSIDY_ELASTICITY] * pol[L_RD_SUBSIDY])
    goal = par[P_HNTE_RD_MARGIN] * hnte_rd_threshold(rev_y1)
    if could_qualify and goal > target:
        seek = 1.0 if coached else par[P_HNTE_SEEKING]
        target = target + seek * (goal - target)
    return target


@njit(cache=True)
def liquidity_factor(cash, planned_rd, par):
    """Share of its planned R&D a firm commits: its cash over ``rd_cash_cover`` quarters of it.

    1 when cash covers them, down to ``rd_cut_broke`` with no cash.
    """
    need = par[P_RD_CASH_COVER] * planned_rd
    if cash >= need:
        return 1.0
    return max(cash / need, par[P_RD_CUT_BROKE]) if need > 0.0 else 1.0


@njit(cache=True)
def payout(cash, rev, par):
    """Cash leaving the firm this quarter: ``cash_payout`` of what exceeds its working buffer."""
    excess = cash - par[P_CASH_BUFFER] * rev
    return par[P_CASH_PAYOUT] * excess if excess > 0.0 else 0.0


@njit(cache=True, error_model="numpy")
def growth_drift(kn, innov, age_q, sales_kn, digital, city, par, pol):
    """Expected log growth: base + knowledge over the industry's + innovation + youth.

    The knowledge term is K+S's replicator (Dosi, Fagiolo & Roventini 2010): a firm gains
    market share while its knowledge is above its industry's sales-weighted mean
    ``sales_kn``, and loses it below. Weighted by sales, the term sums to zero over the
    industry's revenue, so it moves shares, not the aggregate; and a leader's lead
    shrinks as its own share pulls the mean towards it, so no firm outgrows its market.
    In the Science City, policy stacking and application scenes (digital industries) add.
    """
    # Terms times 0/1 flags, not ``if``s: the flags vary from firm to firm at random, and
    # branches on them were mispredicted (10 ns a firm). A term that does not apply adds 0.
    drift = par[P_GROWTH_MU] + par[P_KNOWLEDGE_GROWTH] * (kn - sales_kn)
    drift = drift + par[P_INNOVATION_GROWTH] * innov
    young = 1.0 - age_q / (4.0 * par[P_YOUNG_YEARS])
    drift = drift + par[P_YOUNG_DRIFT] * max(young, 0.0)
    drift = drift + par[P_STACK_GROWTH] * pol[L_POLICY_STACK] * city
    drift = drift + par[P_SCENE_GROWTH] * pol[L_APP_SCENES] * digital * city
    return drift


@njit(cache=True, error_model="numpy")
def hitech_target(ahead, par):
    """The high-tech share of sales a firm's knowledge supports: a logistic of knowledge ahead.

    ``ahead``: the firm's knowledge minus the frontier's advance (:func:`frontier_advance`):
    products that were high-tech in 2015 are not in 2025.
    """
    return 1.0 / (1.0 + fexp(-(ahead - par[P_KNOWLEDGE_HITECH_MID]) / par[P_HITECH_SLOPE]))


@njit(cache=True, error_model="numpy")
def hitech_share(hitech, target, hnte_field, par):
    """The high-tech share of sales moves towards ``target`` (:func:`hitech_target`), less outside HNTE fields."""
    nonfield = par[P_HITECH_NONFIELD]  # read before the select, else it is a branch
    target = target if hnte_field > 0.0 else target * nonfield
    return hitech + par[P_HITECH_ADJUST] * (target - hitech)


@njit(cache=True)
def profit_margin(shock, park, city, par, pol):
    """Margin on sales: base, hit by the growth shock, raised by smart parks and policy stacking."""
    margin = par[P_MARGIN] + par[P_SHOCK_TO_PROFIT] * shock
    margin += par[P_SMART_MARGIN] * pol[L_SMART_PARK] * park
    margin += par[P_SMART_MARGIN] * pol[L_POLICY_STACK] * city
    return margin
