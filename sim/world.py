"""What the phases of a quarter read besides the firms and people: ``World`` and ``Quarter``.

Every phase module (:mod:`sim.phases`) has one entry, ``run(state, world, q, ws)``:

* ``state`` (:class:`sim.state.State`): the firms and people, one array row each;
* ``world`` (:class:`World`): the model's copy of its region's arrays — industries,
  nodes (parks, the Science City, Beijing...), the network — and the knowledge frontier;
* ``q`` (:class:`Quarter`): this quarter's calendar, random key, levers and parameters,
  and what the levers paid out so far this quarter;
* ``ws``: the phase's own workspace (buffers reused every quarter and its named outputs).

All four are public: the phases' pure-Python twins (``sim/phases/*_ref.py``) take the
same arguments, so a test can run a phase and its twin from one model's state.
"""

import dataclasses
import types
from dataclasses import dataclass, field

import numpy as np

from .fields import (
    IF_AGRI,
    IF_DIGITAL,
    IF_HNTE_FIELD,
    IF_MANUF,
    IF_MEAN_KN,
    IF_RD,
    IF_REV_MEDIAN,
    IF_SALES_KN,
    IF_SEI,
    IF_SHARE,
    N_IF,
    N_NF,
    NF_ATTRACT,
    NF_CAPACITY,
    NF_CITY,
    NF_EXTERNAL,
    NF_MINUTES,
    NF_PARK,
)
from .params import Params
from .region import Region

# SAIC (2013) 全国内资企业生存时间分析报告: annual exit hazard by age (years 1–3: 1.6%,
# 6.3%, 9.5%; above 8% to year 7; falling after). Ages ≥ 10 take the last value (assumed).
SAIC_HAZARD = (0.016, 0.063, 0.095, 0.090, 0.086, 0.083, 0.080, 0.065, 0.052, 0.042, 0.035)


@dataclass(eq=False)
class World:
    """A model's region arrays (``ind_f``, ``node_f`` and ``frontier`` are its own; the rest are shared).

    Shared: by every model of the same region and parameter values (:func:`build_world`),
    and never written. A fork copies them all.

    Attributes
    ----------
    ind_f : float64 (N_IF, n_industries)
        Industry fields (``IF_*``): R&D intensity, firm share, median revenue...
    node_f : float64 (N_NF, n_nodes)
        Node fields (``NF_*``): kind, capacity, attraction, carriers, firms, minutes from
        Beijing. Phases write the dynamic rows (carriers, platforms, firms).
    host : uint8 (n_nodes, n_industries)
        1 if the node hosts the industry (the plan's park specialisations).
    host_w : float64 (n_nodes, n_industries)
        Industry weights of new firms at each node (hosted industries by firm share).
    prox : float64 (n_nodes, n_nodes)
        Proximity of nodes (knowledge spillovers).
    nbr_start, nbr : int64
        Internal network neighbours in CSR form (cross-park R&D partners).
    internal_rows : int64
        Rows of the nodes inside the region.
    node_cdf : float64 (len(internal_rows),)
        Cumulative firm shares of the internal nodes (where 2015 firms are).
    node_w, node_w_cdf : float64 (n_nodes,)
        Firm shares of all nodes and their cumulative sums (where new firms enter).
    proj_cdf : float64 (n_industries,)
        Cumulative distribution of Beijing projects' industries.
    hazard_q : float64 (11,)
        Quarterly exit hazard by age in years.
    is_city, is_park, is_hub : bool (n_nodes,)
        Science City nodes, parks, new towns and hubs.
    frontier : float64 (n_nodes, n_industries)
        Best knowledge at each node and industry (the indicators phase updates it).
    """

    ind_f: np.ndarray
    node_f: np.ndarray
    host: np.ndarray
    host_w: np.ndarray
    prox: np.ndarray
    nbr_start: np.ndarray
    nbr: np.ndarray
    internal_rows: np.ndarray
    node_cdf: np.ndarray
    node_w: np.ndarray
    node_w_cdf: np.ndarray
    proj_cdf: np.ndarray
    hazard_q: np.ndarray
    is_city: np.ndarray
    is_park: np.ndarray
    is_hub: np.ndarray
    node_kind: list[str]
    frontier: np.ndarray

    @property
    def n_nodes(self) -> int:
        """Number of nodes (parks, the City's parts, Beijing, Tianjin...)."""
        return self.node_f.shape[1]

    @property
    def n_industries(self) -> int:
        """Number of industries."""
        return self.ind_f.shape[1]


@dataclass(eq=False)
class Quarter:
    """One quarter's calendar, random key, levers and parameters.

    Attributes
    ----------
    index : int
        Quarters since the region's first (0 = 2015Q1 for Baodi).
    year, qy : int
        Calendar year and 0-based quarter of the year.
    key : uint64
        ``quarter_key(seed, index)``: every draw of the quarter derives from it.
    pol : float64 (n_levers,)
        The levers in force this year (``L_*`` order).
    par : float64 (n_params,)
        The parameters (``P_*`` order); ``params`` is the same by name.
    paid : float64 (n_levers,)
        What each lever has paid out so far this quarter [10k yuan]; phases add to it.
    """

    index: int
    year: int
    qy: int
    key: np.uint64
    pol: np.ndarray
    par: np.ndarray
    params: Params
    paid: np.ndarray = field(repr=False)

    @property
    def key_int(self) -> int:
        """``key`` as a Python int (for the pure-Python draws)."""
        return int(self.key)


def _templates(r: Region) -> types.SimpleNamespace:
    """What a world derives from its region alone, computed once per region object.

    Regions are immutable and shared (``load_region`` caches them), so a sweep building
    thousands of models derives these arrays once. ``ind_f`` and ``node_f`` are templates:
    every world works on its own copies.
    """
    hit = _TEMPLATES.get(id(r))
    if hit is not None and hit[0] is r:
        return hit[1]
    c = types.SimpleNamespace()
    n_nodes, n_ind = len(r.nodes), len(r.industries)
    ind_f = np.zeros((N_IF, n_ind))
    for k, ind in enumerate(r.industries):
        ind_f[IF_RD, k] = ind.rd_intensity
        ind_f[IF_SEI, k] = ind.strategic_emerging
        ind_f[IF_MANUF, k] = ind.manufacturing
        ind_f[IF_HNTE_FIELD, k] = ind.hnte_field
        ind_f[IF_DIGITAL, k] = ind.id in ("next_gen_it", "high_end_equipment")
        ind_f[IF_AGRI, k] = "agri" in ind.id
        ind_f[IF_SHARE, k] = ind.firm_share
        ind_f[IF_REV_MEDIAN, k] = ind.revenue_median
        ind_f[IF_MEAN_KN, k] = 1.0
        ind_f[IF_SALES_KN, k] = 1.0
    c.ind_f = ind_f
    c.host = r.node_industry_mask()
    node_f = np.zeros((N_NF, n_nodes))
    for i, nd in enumerate(r.nodes):
        node_f[NF_CITY, i] = nd.kind in ("city", "subpark")
        node_f[NF_PARK, i] = nd.kind == "park"
        node_f[NF_EXTERNAL, i] = nd.external
        node_f[NF_CAPACITY, i] = nd.capacity
        node_f[NF_ATTRACT, i] = nd.attract
    c.node_f = node_f
    capital_rows = [i for i, nd in enumerate(r.nodes) if nd.external]
    c.src = r.node_index("beijing") if "beijing" in r.node_ids else capital_rows[0]
    c.minutes = {}  # travel minutes by minutes scale (region_minutes_scale)
    c.worlds = {}  # derived worlds by parameters (build_world)
    # Internal network neighbours (CSR) for cross-park R&D partnering.
    g = r.graph()
    nbrs = [
        sorted(r.node_index(b) for b in g.neighbors(nd.id) if not r.nodes[r.node_index(b)].external)
        if not nd.external
        else []
        for nd in r.nodes
    ]
    c.nbr_start = np.cumsum([0] + [len(x) for x in nbrs]).astype(np.int64)
    c.nbr = np.array([b for x in nbrs for b in x], dtype=np.int64)
    internal = np.array([i for i, nd in enumerate(r.nodes) if not nd.external])
    c.internal_rows = internal
    c.node_share = np.array([nd.firm_share for nd in r.nodes])
    c.node_kind = [nd.kind for nd in r.nodes]
    c.is_city = np.array([k in ("city", "subpark") for k in c.node_kind])
    c.is_park = np.array([k == "park" for k in c.node_kind])
    c.is_hub = np.array([k in ("newtown", "hub") for k in c.node_kind])
    if len(_TEMPLATES) >= 8:
        _TEMPLATES.clear()
    _TEMPLATES[id(r)] = (r, c)
    return c


_TEMPLATES: dict[int, tuple] = {}


def _minutes(r: Region, c: types.SimpleNamespace, scale: float) -> np.ndarray:
    """Shortest travel times [min] with the region file's assumed edge times × ``scale``.

    Edges whose source cites the plan (``§``, the 20-minute HSR circle) keep their time.
    """
    hit = c.minutes.get(scale)
    if hit is None:
        if scale == 1.0:
            hit = r.travel_minutes()
        else:
            edges = [
                {**e, "minutes": e["minutes"] * (1.0 if e["source"].startswith("§") else scale)}
                for e in r.edges
            ]
            hit = dataclasses.replace(r, edges=edges).travel_minutes()
        c.minutes[scale] = hit
    return hit


def _tilt(w: np.ndarray, where: np.ndarray, scale: float) -> np.ndarray:
    """Shares ``w`` with those at ``where`` × ``scale``, renormalised (``w`` itself at 1)."""
    if scale == 1.0:
        return w  # the file's shares bit for bit
    t = w * np.where(where, scale, 1.0)
    return t / t.sum()


def build_world(region: Region, params: Params) -> World:
    """The world of a model of ``region`` with ``params``.

    The region file's assumed magnitudes are scaled by their parameters (1 = as in the
    file), so sweeps and calibration reach them without editing the region.

    A world depends on its region and parameters alone: the arrays no phase writes are
    derived once per (region, parameter values) and shared by every world of them, as
    the region's own arrays are (a sweep builds thousands of models of one region and
    parameter set; deriving took 50 µs of each). ``ind_f``, ``node_f`` and ``frontier``,
    which phases write, are each world's own copies.
    """
    c = _templates(region)
    if not isinstance(params, Params):  # e.g. a mapping: not hashable, not cached
        return _derive_world(region, c, params)
    shared = c.worlds.get(params)  # Params hash and compare by value
    if shared is None:
        if len(c.worlds) >= 64:  # a calibration tries many parameter sets
            c.worlds.clear()
        shared = c.worlds[params] = _derive_world(region, c, params)
    return dataclasses.replace(
        shared,
        ind_f=shared.ind_f.copy(),
        node_f=shared.node_f.copy(),
        frontier=np.zeros_like(shared.frontier),
    )


def _derive_world(region: Region, c: types.SimpleNamespace, params) -> World:
    """:func:`build_world`'s world, derived from the region's templates ``c`` and ``params``."""
    ind_f = c.ind_f.copy()
    ind_f[IF_RD] *= params["region_rd_scale"]
    ind_f[IF_REV_MEDIAN] *= params["region_revenue_scale"]
    ind_f[IF_SHARE] = _tilt(ind_f[IF_SHARE], ind_f[IF_SEI] > 0, params["region_sei_share_scale"])
    # New firms' industries at each node: the hosted industries by firm share.
    w = c.host * ind_f[IF_SHARE][None, :]
    sums = w.sum(axis=1, keepdims=True)
    host_w = np.divide(w, sums, out=np.zeros_like(w), where=sums > 0)
    minutes = _minutes(region, c, params["region_minutes_scale"])
    node_f = c.node_f.copy()
    node_f[NF_CAPACITY] *= params["region_capacity_scale"]
    node_f[NF_ATTRACT] += (1.0 - node_f[NF_EXTERNAL]) * params["region_attract_shift"]
    node_f[NF_MINUTES] = minutes[c.src]
    # Where firms are: the nodes' firm shares, the Science City's tilted by its parameter.
    node_w = _tilt(c.node_share, c.is_city, params["region_city_share_scale"])
    inner = node_w[c.internal_rows]
    # Beijing projects' industries: the region's firm shares, the industries outside
    # strategic-emerging and digital weighted down.
    sei = ind_f[IF_SEI] + ind_f[IF_DIGITAL] * (1 - ind_f[IF_SEI])
    proj_w = ind_f[IF_SHARE] * np.where(sei > 0, 1.0, params["project_nonsei_weight"])
    h = np.array(SAIC_HAZARD) * params["hazard_scale"]
    return World(
        ind_f=ind_f,
        node_f=node_f,
        host=c.host,
        host_w=host_w,
        # Spillover weight between nodes: falls by e every spillover_decay_minutes.
        prox=np.exp(-minutes / params["spillover_decay_minutes"]),
        nbr_start=c.nbr_start,
        nbr=c.nbr,
        internal_rows=c.internal_rows,
        node_cdf=np.cumsum(inner / inner.sum()),
        node_w=node_w,
        node_w_cdf=np.cumsum(node_w),
        proj_cdf=np.cumsum(proj_w / proj_w.sum()),
        hazard_q=1.0 - (1.0 - np.minimum(h, 0.99)) ** 0.25,
        is_city=c.is_city,
        is_park=c.is_park,
        is_hub=c.is_hub,
        node_kind=c.node_kind,
        frontier=np.zeros((len(region.nodes), len(region.industries))),
    )
