"""Carriers phase: the parks (``ParkAgent``, the model's Mesa agents) and their innovation carriers.

Carriers — incubators, maker spaces, 星创天地, labs, engineering centres, agricultural
demo parks, institutes, testing platforms — are few (tens), so each park holds its own
counts by kind, as a Mesa agent; firms and people stay array rows. The planner (this
module's ``run``) turns the levers into building projects with a build lag
(``carrier_lag`` quarters) at the parks that host each kind, and hands every finished
carrier to its park; 星创天地 are accredited nationally by a draw as they open. Each year
end every park puts its incubators up for national accreditation. A park whose carriers
changed rewrites its column of ``world.node_f`` (carriers, platforms) and its expected
start-ups; the carriers shape entry (start-ups per incubator / maker space), survival
(incubated firms' lower hazard) and the parks' attraction to Beijing projects. A national
incubator (what incubator upgrades buy, §四(五)3) incubates better than a municipal one:
it hatches ``national_entry_premium`` more start-ups, and keeps them incubated
``national_incubation_extra`` quarters longer (the entry phase reads which start-ups it
hatched from ``national_rates``).

The module is plain Python: it is its own readable form, so it has no ``_ref`` twin.
"""

import functools
from dataclasses import dataclass, field

import numpy as np
from mesa.discrete_space import CellAgent

from ..errors import SimError
from ..fields import FI_ALIVE, FI_NODE, NF_ATTRACT, NF_CAPACITY, NF_CARRIERS, NF_PLATFORMS
from ..kernels.rng import (
    S_MAKER_RECORD,
    S_NATIONAL_INCUBATOR,
    S_XINGCHUANG,
    draw_key_py,
    uniform_py,
)
from ..levers import LEVER_INDEX

KINDS = (
    "incubators",
    "national_incubators",
    "maker_spaces",
    "xingchuang",
    "labs",
    "eng_centres",
    "agri_demo_parks",
    "institutes",
    "platforms",
)
KIND_INDEX = {k: j for j, k in enumerate(KINDS)}
_INCUBATORS = KIND_INDEX["incubators"]
_NATIONAL = KIND_INDEX["national_incubators"]
_MAKER = KIND_INDEX["maker_spaces"]
_XINGCHUANG = KIND_INDEX["xingchuang"]
_AGRI_DEMO = KIND_INDEX["agri_demo_parks"]
_PLATFORMS = KIND_INDEX["platforms"]
WHOLE = 1e-9  # tolerance of a lever's carrier count: 2.999999999 new spaces are 3

# The phase's named outputs: the region's carriers by kind after the quarter.
OUT = np.dtype([(k, "f8") for k in KINDS])

# Flow levers: new carriers a year, built at one host park.
FLOWS = (
    ("maker_spaces", "maker_spaces_new", "maker_host"),
    ("agri_demo_parks", "agri_demo_new", "agri_host"),
    ("xingchuang", "xingchuang", "agri_host"),
)
# Stock levers: how many should exist, spread over the hosts in turn.
STOCKS = (
    ("institutes", "rd_institutes", "city_hosts"),
    ("platforms", "testing_platforms", "park_hosts"),
)
# The same with each kind's and lever's index looked up once, not every quarter.
_FLOWS = tuple((kind, LEVER_INDEX[lever], host) for kind, lever, host in FLOWS)
_STOCKS = tuple((kind, KIND_INDEX[kind], LEVER_INDEX[lever], h) for kind, lever, h in STOCKS)
_UPGRADE = LEVER_INDEX["incubator_upgrade"]


@functools.lru_cache  # a bounded cache (128 keys): one year end needs a few
def _draw_key(key: int, j: int) -> int:
    """``draw_key(key, j)``, remembered: every park draws its ``j``-th candidate with it."""
    return draw_key_py(key, j)


class ParkAgent(CellAgent):
    """A node of the 一城多园 network — park, sub-park, hub, new town or external source.

    A Mesa agent of the model from its construction; it sits on a cell of
    :attr:`sim.model.BaodiModel.space` once that space is built (on first use).

    Attributes
    ----------
    index : int
        The node's row in the region (its column of ``world.node_f``).
    node : sim.region.Node
        The region file's record of the node.
    carriers : float64 (len(KINDS),)
        The park's carriers by kind (``KINDS`` order); national incubators are also
        counted among its incubators.
    """

    def __init__(self, model, index: int, node, carriers: np.ndarray) -> None:
        # Not mesa.Agent.__init__: Mesa 3.3 numbers agents with a counter per model kept
        # in a class attribute (Agent._ids), which holds every model with agents alive
        # for the whole process (mesa#3179) — a sweep's thousands of runs and forks. A
        # park is numbered by its node's row (as sim.views numbers firms by row) and
        # registers itself.
        self.model = model
        self.unique_id = index
        self.pos = None
        model.register_agent(self)
        self.index = index
        self.node = node
        self.carriers = carriers

    @classmethod
    def from_region(cls, model, index: int) -> "ParkAgent":
        """Node ``index`` of ``model``'s region with the carriers of the region file."""
        node = model.region.nodes[index]
        carriers = np.zeros(len(KINDS))
        for k, v in node.carriers.items():
            carriers[KIND_INDEX[k]] = v
        return cls(model, index, node, carriers)

    def copy_to(self, model) -> "ParkAgent":
        """A copy of the park, with its own carriers, as an agent of ``model`` (a fork)."""
        return type(self)(model, self.index, self.node, self.carriers.copy())

    def __deepcopy__(self, memo):
        raise SimError(
            "a ParkAgent belongs to its model's Mesa registry: copy the model with "
            "BaodiModel.fork(), or a park into another model with park.copy_to(model)"
        )

    # -------------------------------------------------------------- the park
    @property
    def node_id(self) -> str:
        """The node's id in the region file."""
        return self.node.id

    def name(self, lang: str = "zh") -> str:
        """The node's name in Chinese (``zh``) or English (``en``)."""
        return self.node.zh if lang == "zh" else self.node.en

    @property
    def capacity(self) -> float:
        """Firms the park can hold before projects see it as congested [firms]."""
        return float(self.model.world.node_f[NF_CAPACITY, self.index])

    @property
    def attractiveness(self) -> float:
        """The park's standing attraction to Beijing projects (a term of their site utility)."""
        return float(self.model.world.node_f[NF_ATTRACT, self.index])

    def firm_rows(self, alive_only: bool = True) -> np.ndarray:
        """Rows of the firms sitting at this node."""
        st = self.model.state
        fi = st.firm_i[:, : st.n]
        mask = fi[FI_NODE] == self.index
        if alive_only:
            mask &= fi[FI_ALIVE] == 1
        return np.flatnonzero(mask)

    def neighbours(self) -> list["ParkAgent"]:
        """Parks on adjacent cells of the network (builds the space if needed)."""
        _ = self.model.space
        return [a for c in self.cell.neighborhood for a in c.agents]

    # -------------------------------------------------------------- its carriers
    def count(self, kind: str) -> float:
        """Carriers of ``kind`` at this park."""
        return float(self.carriers[KIND_INDEX[kind]])

    def total_carriers(self) -> float:
        """Carriers of every kind (a national incubator counts once).

        Summed as Python floats: ``ndarray.sum`` costs more than the nine additions, and
        the counts are whole numbers, so any order of adding gives the same bits.
        """
        return sum(self.carriers.tolist()) - self.carriers[_NATIONAL]

    def expected_startups(self, params) -> float:
        """Start-ups its incubators, maker spaces, 星创天地 and demo parks hatch a quarter.

        A national incubator hatches ``national_entry_premium`` × ``entry_per_incubator``
        more than a municipal one.
        """
        c, per_space = self.carriers.tolist(), params["entry_per_makerspace"]
        return (
            params["entry_per_incubator"]
            * (c[_INCUBATORS] + params["national_entry_premium"] * c[_NATIONAL])
            + per_space * (c[_MAKER] + c[_XINGCHUANG])
            + params["demo_park_entry_share"] * per_space * c[_AGRI_DEMO]
        )

    def national_startups(self, params) -> float:
        """Of :meth:`expected_startups`, those its national incubators hatch a quarter."""
        per_national = params["entry_per_incubator"] * (1.0 + params["national_entry_premium"])
        return per_national * self.carriers[_NATIONAL]

    def accredit_incubators(self, key: int, rate: float) -> int:
        """Year end: each incubator not yet national is accredited with probability ``rate``.

        Returns how many were. The draw of the ``j``-th candidate is keyed by (quarter
        key, ``j``) and the park's row.
        """
        c = self.carriers.tolist()
        won = 0
        for j in range(int(c[_INCUBATORS] - c[_NATIONAL])):
            if uniform_py(_draw_key(key, j), self.index, S_NATIONAL_INCUBATOR) < rate:
                won += 1
        if won:
            self.carriers[_NATIONAL] += won
        return won

    def write_column(
        self, node_f: np.ndarray, expected: np.ndarray, national: np.ndarray, params
    ) -> None:
        """Put the park's carriers and expected start-ups into ``node_f``, ``expected``, ``national``.

        Its column of ``node_f``; ``expected[index]``: its start-ups a quarter;
        ``national[index]``: those of them its national incubators hatch.
        """
        i = self.index
        node_f[NF_PLATFORMS, i] = self.carriers[_PLATFORMS]
        node_f[NF_CARRIERS, i] = self.total_carriers()
        expected[i] = self.expected_startups(params)
        national[i] = self.national_startups(params)


def _hosts(region) -> dict:
    """Where the planner builds each kind: the largest node of the right kind(s)."""
    internal = [i for i, nd in enumerate(region.nodes) if not nd.external]
    share = {i: region.nodes[i].firm_share for i in internal}

    def first(kinds):
        rows = [i for i in internal if region.nodes[i].kind in kinds]
        return max(rows, key=lambda i: share[i]) if rows else max(internal, key=share.get)

    parks = tuple(i for i in internal if region.nodes[i].kind == "park") or tuple(internal)
    return {
        "maker_host": first(("city", "newtown", "hub")),
        "agri_host": first(("agri",)),
        "city_hosts": (first(("city",)),),
        "park_hosts": parks,
    }


@dataclass(eq=False)
class Workspace:
    """The carriers phase's parks, the planner's pipeline and the phase's outputs.

    ``parks`` are the model's ``ParkAgent`` (one per node, region order). After ``run``:
    ``out`` (record ``OUT``: the region's carriers by kind), ``entry_rates`` (float64,
    n_nodes: each park's expected start-ups a quarter), ``national_rates`` (float64,
    n_nodes: those of them its national incubators hatch) and ``baseline`` (the region's
    carriers by kind at the end of the year before the plan, or ``None`` before then).
    The pipeline: ``pending`` (kind → a flow lever's fraction of a carrier not yet
    started), ``queue`` (projects under construction: ready quarter, kind, node).

    Most quarters nothing opens, closes or is accredited, so the phase does no work per
    park: the region's totals are summed over the parks once, at construction, and
    afterwards move with each change (``_count``, Python floats the planner reads
    cheaply; the counts are whole numbers, so the running totals stay exactly the parks'
    sums), and only the parks in ``_changed`` rewrite their columns, and ``out``, at the
    end of the quarter.
    """

    parks: list
    hosts: dict
    plan_start_year: int
    out: np.ndarray = field(init=False)
    entry_rates: np.ndarray = field(init=False)
    national_rates: np.ndarray = field(init=False)
    baseline: dict | None = None
    # every flow kind from the start, so a quarter without a flow lever needn't touch it
    pending: dict = field(default_factory=lambda: {kind: 0.0 for kind, _, _ in FLOWS})
    queue: list = field(default_factory=list)
    _changed: set = field(init=False, repr=False)  # parks whose column is out of date
    _count: list = field(init=False, repr=False)  # the region's carriers by kind, running
    # the planner's reading of the lever vector ``_plan_for`` (``yearly_plan``)
    _plan: tuple = field(default=((), ()), init=False, repr=False)
    _plan_for: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = np.zeros(1, OUT)
        self.entry_rates = np.zeros(len(self.parks))
        self.national_rates = np.zeros(len(self.parks))
        self._changed = {p.index for p in self.parks}  # the first quarter writes them all
        self._total()

    @classmethod
    def for_model(cls, model) -> "Workspace":
        """The parks of ``model``'s region, with the region file's carriers."""
        r = model.region
        parks = [ParkAgent.from_region(model, i) for i in range(len(r.nodes))]
        return cls(parks, _hosts(r), r.plan_start_year)

    def _total(self) -> None:
        # ``OUT``'s fields are the kinds in ``KINDS`` order, all float64
        self._count = np.sum([p.carriers for p in self.parks], axis=0).tolist()
        self.out[0] = tuple(self._count)

    def _add(self, park: ParkAgent, k: int, n: int) -> None:
        """``n`` more carriers of kind ``k`` (its index in ``KINDS``) at ``park``.

        The park's column is out of date now, and the region's total moves with it.
        """
        park.carriers[k] += n
        self._count[k] += n
        self._changed.add(park.index)

    def totals(self) -> np.ndarray:
        """Region totals by kind, in ``KINDS`` order."""
        return np.array(self.out[0].tolist())

    def snapshot(self) -> dict[str, float]:
        """Region totals by kind."""
        return dict(zip(KINDS, self.out[0].tolist(), strict=True))

    def carriers_by_node(self) -> np.ndarray:
        """float64 (len(KINDS), n_nodes): every park's carriers (a copy)."""
        return np.array([p.carriers for p in self.parks]).T


def _in_pipeline(ws: Workspace, kind: str) -> int:
    return sum(1 for _, k, _ in ws.queue if k == kind)


def yearly_plan(ws: Workspace, pol: np.ndarray) -> tuple[tuple, tuple]:
    """What the planner reads from the lever vector ``pol`` (a year's levers).

    Flows: (kind, new carriers a quarter, host park) of each flow lever above zero, the
    quarter's number a Python float. Stocks: (kind, its index in ``KINDS``, how many
    should exist, host parks). Kept in ``ws`` for the vector it was read from: a year's
    quarters share one vector, and new levers (a new year, ``set_levers``, a fork's
    levers) are a new vector, read afresh.
    """
    if ws._plan_for is not pol:
        level = pol.tolist()
        flows = tuple(
            (kind, level[lever] / 4.0, ws.hosts[host])
            for kind, lever, host in _FLOWS
            if level[lever]
        )
        stocks = tuple(
            (kind, k, int(level[lever] + WHOLE), ws.hosts[hosts])
            for kind, k, lever, hosts in _STOCKS
        )
        ws._plan, ws._plan_for = (flows, stocks), pol
    return ws._plan


def start_projects(ws: Workspace, q, lag: int) -> None:
    """The planner turns this year's levers into projects ready in ``lag`` quarters.

    Flow levers add a quarter of their yearly number to the kind's pending fraction; each
    whole carrier becomes a project at the kind's host. Stock levers set how many should
    exist: the missing ones become projects, spread over the hosts in turn, and above the
    target the park with the most closes one. A flow lever at zero leaves its fraction as
    it is, and a stock already at its target (counting those being built) starts nothing.
    """
    flows, stocks = yearly_plan(ws, q.pol)
    ready = q.index + lag
    for kind, per_quarter, host in flows:
        pending = ws.pending.get(kind, 0.0) + per_quarter
        while pending >= 1.0 - WHOLE:
            pending -= 1.0
            ws.queue.append((ready, kind, host))
        ws.pending[kind] = pending
    for kind, k, want, at in stocks:
        built = int(ws._count[k])
        if want > built:
            for j in range(built + _in_pipeline(ws, kind), want):
                ws.queue.append((ready, kind, at[j % len(at)]))
        while built > want:
            park = max(ws.parks, key=lambda p: (p.carriers[k], -p.index))
            ws._add(park, k, -1)
            built -= 1


def open_finished(ws: Workspace, q, params) -> None:
    """Hand this quarter's finished projects to their parks.

    A 星创天地 opens only if accredited nationally (``xingchuang_accredit``), a maker
    space only if the municipal S&T bureau recognises it (``maker_space_record``): the
    plan counts recognised 众创空间, and a funded space can fail the conditions. The
    draws of the ``j``-th project finished this quarter are keyed by ``j``.
    """
    ready = [item for item in ws.queue if item[0] <= q.index]
    if not ready:
        return
    ws.queue = [item for item in ws.queue if item[0] > q.index]
    accredit = params["xingchuang_accredit"]
    record = params["maker_space_record"]
    for j, (_, kind, node) in enumerate(ready):
        if kind == "xingchuang" and uniform_py(q.key_int, j, S_XINGCHUANG) >= accredit:
            continue
        if kind == "maker_spaces" and uniform_py(q.key_int, j, S_MAKER_RECORD) >= record:
            continue
        ws._add(ws.parks[node], KIND_INDEX[kind], 1)


def accredit_incubators(ws: Workspace, q) -> None:
    """Year end: every park puts its incubators up for national accreditation.

    The rate rises with the ``incubator_upgrade`` lever. A park counts its own new
    national incubators (``ParkAgent.accredit_incubators``); the region's total follows.
    """
    par = q.params
    rate = par["national_incubator_rate"] * (1.0 + q.pol[_UPGRADE] / par["upgrade_scale"])
    key = q.key_int
    for park in ws.parks:
        c = park.carriers
        if c[_INCUBATORS] <= c[_NATIONAL]:  # no candidate (most parks have no incubator)
            continue
        won = park.accredit_incubators(key, rate)
        if won:
            ws._count[_NATIONAL] += won
            ws._changed.add(park.index)


def run(state, world, q, ws: Workspace) -> np.void:
    """Build, open and accredit the quarter's carriers; returns ``ws.out[0]`` (fields of ``OUT``).

    The parks whose carriers changed rewrite their column of ``world.node_f`` and their
    entries in ``ws.entry_rates`` and ``ws.national_rates``. A quarter without projects
    under construction skips looking for finished ones.
    """
    par, qy = q.params, q.qy
    start_projects(ws, q, round(par["carrier_lag"]))
    if ws.queue:
        open_finished(ws, q, par)
    if qy == 3:
        accredit_incubators(ws, q)
    if ws._changed:
        for i in sorted(ws._changed):
            ws.parks[i].write_column(world.node_f, ws.entry_rates, ws.national_rates, par)
        ws._changed.clear()
        ws.out[0] = tuple(ws._count)
    if qy == 3 and q.year == ws.plan_start_year - 1:
        ws.baseline = ws.snapshot()
    return ws.out[0]
