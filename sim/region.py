"""The region: ``Region`` (nodes, edges, industries, record, targets) loaded from a TOML file.

A region file (``sim/data/regions/<id>.toml``) is the only place where a place,
an industry, a historical figure or a target is written down; the model is not
hard-wired to Baodi (``tiny.toml`` is a synthetic region used by the tests).
"""

import functools
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np

from .errors import SimError, nearest, unknown

REGION_DIR = Path(__file__).parent / "data" / "regions"
NODE_KINDS = ("city", "subpark", "park", "newtown", "hub", "agri", "external")
CARRIER_KINDS = ("incubators", "maker_spaces", "labs", "eng_centres", "agri_demo_parks")


@dataclass(frozen=True)
class Industry:
    """One industry of the region (§四(三) for Baodi)."""

    id: str
    zh: str
    en: str
    strategic_emerging: bool
    manufacturing: bool
    hnte_field: bool
    firm_share: float
    rd_intensity: float
    revenue_median: float
    section: str


@dataclass(frozen=True)
class Node:
    """A place of the network: park, sub-park, hub or external source of projects."""

    id: str
    zh: str
    en: str
    kind: str
    industries: tuple[str, ...]
    capacity: int
    firm_share: float
    x: float
    y: float
    attract: float
    section: str
    parent: str | None = None
    carriers: dict = field(default_factory=dict)

    @property
    def external(self) -> bool:
        """True for Beijing, Tianjin and other places outside the region."""
        return self.kind == "external"


@dataclass(frozen=True)
class Target:
    """A plan target: the indicator id, its 2025 value and its plan section."""

    indicator: str
    zh: str
    en: str
    target: float
    unit: str
    section: str
    baseline_2019: float = math.nan


@dataclass(frozen=True)
class Region:
    """A validated region; array views are what kernels read."""

    id: str
    zh: str
    en: str
    first_year: int
    last_year: int
    plan_start_year: int
    industries: tuple[Industry, ...]
    nodes: tuple[Node, ...]
    edges: tuple[dict, ...]
    population: dict
    record: dict
    targets: tuple[Target, ...]
    path: str

    # ---- lookups
    @property
    def node_ids(self) -> list[str]:
        """Node ids in file order (the row order of every per-node array)."""
        return [n.id for n in self.nodes]

    @property
    def industry_ids(self) -> list[str]:
        """Industry ids in file order."""
        return [i.id for i in self.industries]

    def node_index(self, node_id: str) -> int:
        """Row of a node id; unknown ids raise ``SimError`` with the nearest name."""
        rows = self.__dict__.get("_node_rows")
        if rows is None:
            rows = {n.id: i for i, n in enumerate(self.nodes)}
            object.__setattr__(self, "_node_rows", rows)  # immutable region: cache it
        if node_id not in rows:
            raise unknown("node", node_id, self.node_ids)
        return rows[node_id]

    @property
    def n_quarters(self) -> int:
        """Quarters in the calendar, first_year Q1 to last_year Q4."""
        return 4 * (self.last_year - self.first_year + 1)

    def graph(self) -> nx.Graph:
        """The network as a networkx graph with node and edge attributes."""
        g = nx.Graph()
        for i, n in enumerate(self.nodes):
            g.add_node(n.id, index=i, zh=n.zh, en=n.en, kind=n.kind, pos=(n.x, n.y))
        for e in self.edges:
            g.add_edge(e["a"], e["b"], minutes=e["minutes"], collab=e["collab"], source=e["source"])
        return g

    def travel_minutes(self) -> np.ndarray:
        """Shortest-path travel time between nodes [min], float64 (n_nodes, n_nodes), read-only."""
        cached = self.__dict__.get("_minutes")
        if cached is not None:
            return cached
        out = self._travel_minutes()
        out.flags.writeable = False
        object.__setattr__(self, "_minutes", out)
        return out

    def _travel_minutes(self) -> np.ndarray:
        g = self.graph()
        n = len(self.nodes)
        out = np.full((n, n), 1e4)
        for a, lengths in nx.all_pairs_dijkstra_path_length(g, weight="minutes"):
            for b, d in lengths.items():
                out[self.node_index(a), self.node_index(b)] = d
        return out

    def node_industry_mask(self) -> np.ndarray:
        """uint8 (n_nodes, n_industries): 1 where a node hosts an industry."""
        ind = self.industry_ids
        out = np.zeros((len(self.nodes), len(ind)), dtype=np.uint8)
        for i, n in enumerate(self.nodes):
            for s in n.industries:
                out[i, ind.index(s)] = 1
        return out

    def target(self, indicator: str) -> Target:
        """The target of an indicator id."""
        for t in self.targets:
            if t.indicator == indicator:
                return t
        raise unknown("target indicator", indicator, [t.indicator for t in self.targets])


def _req(d: dict, key: str, where: str, kind: type | tuple):
    if key not in d:
        raise SimError(f"{where}: missing field '{key}'")
    v = d[key]
    if kind is float and isinstance(v, int) and not isinstance(v, bool):
        v = float(v)
    if not isinstance(v, kind) or (kind is not bool and isinstance(v, bool)):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise SimError(f"{where}: field '{key}' = {v!r} must be {name}")
    return v


def _check_range(v: float, lo: float, hi: float, where: str, key: str) -> None:
    if not (lo <= v <= hi) or math.isnan(v):
        raise SimError(f"{where}: field '{key}' = {v!r} outside allowed range [{lo}, {hi}]")


@functools.lru_cache(maxsize=1)
def _builtin_regions() -> dict[str, Path]:
    """The region files shipped with the package, by id (listed once per process)."""
    return {q.stem: q for q in REGION_DIR.glob("*.toml")}


def resolve_region_path(region: str | Path) -> Path:
    """Map a region id (``baodi``, ``tiny``) or a path to its TOML file."""
    p = Path(region)
    if p.suffix == ".toml":
        if not p.is_file():
            raise SimError(f"region file '{p}' does not exist")
        return p
    builtin = _builtin_regions()
    if str(region) not in builtin:
        raise unknown("region", str(region), builtin)
    return builtin[str(region)]


_CACHE: dict[tuple, Region] = {}


def load_region(region: str | Path = "baodi") -> Region:
    """Load and validate a region file, cached by path and modification time.

    Regions are immutable, so every model built from the same unchanged file shares one
    (a sweep worker builds thousands of models). See :func:`_load_region` for errors.
    """
    path = resolve_region_path(region)
    st = path.stat()
    # The absolute path, not ``Path.resolve``: resolving symlinks took 40 µs of a model's
    # construction (an lstat per directory); a file reached by two links is loaded twice.
    key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _CACHE[key] = _load_region(path)
    return hit


def _load_region(region: str | Path) -> Region:
    """Load and validate a region file; errors name the field, value and what is allowed.

    Parameters
    ----------
    region : str or Path
        A built-in region id (``"baodi"``, ``"tiny"``) or the path of a ``.toml`` file.
    """
    path = resolve_region_path(region)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SimError(f"region file '{path}' is not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SimError(f"region file '{path}' is not UTF-8 text: {exc}") from exc
    head = raw.get("region")
    if not isinstance(head, dict):
        raise SimError(f"region file '{path}': missing table [region]")
    w = f"{path.name} [region]"
    first = _req(head, "first_year", w, int)
    last = _req(head, "last_year", w, int)
    if not first < last <= first + 60:
        raise SimError(
            f"{w}: last_year = {last} must be after first_year = {first} and at most 60 years later"
        )
    plan_start = _req(head, "plan_start_year", w, int)
    _check_range(plan_start, first + 1, last, w, "plan_start_year")

    industries = []
    for k, d in enumerate(raw.get("industries", [])):
        wi = f"{path.name} industries[{k}]"
        ind = Industry(
            id=_req(d, "id", wi, str),
            zh=_req(d, "zh", wi, str),
            en=_req(d, "en", wi, str),
            strategic_emerging=_req(d, "strategic_emerging", wi, bool),
            manufacturing=_req(d, "manufacturing", wi, bool),
            hnte_field=_req(d, "hnte_field", wi, bool),
            firm_share=_req(d, "firm_share", wi, float),
            rd_intensity=_req(d, "rd_intensity", wi, float),
            revenue_median=_req(d, "revenue_median", wi, float),
            section=d.get("section", "assumed"),
        )
        _check_range(ind.firm_share, 0.0, 1.0, wi, "firm_share")
        _check_range(ind.rd_intensity, 0.0, 0.5, wi, "rd_intensity")
        _check_range(ind.revenue_median, 1.0, 1e7, wi, "revenue_median")
        industries.append(ind)
    if not industries:
        raise SimError(f"region file '{path}': needs at least one [[industries]] entry")
    ind_ids = [i.id for i in industries]
    if len(set(ind_ids)) != len(ind_ids):
        raise SimError(f"region file '{path}': duplicate industry ids in {ind_ids}")
    share = sum(i.firm_share for i in industries)
    if abs(share - 1.0) > 1e-6:
        raise SimError(
            f"region file '{path}': industries' firm_share sum to {share:.4f}, must sum to 1"
        )

    nodes = []
    for k, d in enumerate(raw.get("nodes", [])):
        wn = f"{path.name} nodes[{k}]"
        kind = _req(d, "kind", wn, str)
        if kind not in NODE_KINDS:
            raise SimError(
                f"{wn}: field 'kind' = {kind!r}{nearest(kind, NODE_KINDS)}; "
                f"allowed: {', '.join(NODE_KINDS)}"
            )
        inds = tuple(_req(d, "industries", wn, list))
        for s in inds:
            if s not in ind_ids:
                raise SimError(f"{wn}: {unknown('industry', s, ind_ids).args[0]}")
        node = Node(
            id=_req(d, "id", wn, str),
            zh=_req(d, "zh", wn, str),
            en=_req(d, "en", wn, str),
            kind=kind,
            industries=inds,
            capacity=_req(d, "capacity", wn, int),
            firm_share=_req(d, "firm_share", wn, float),
            x=_req(d, "x", wn, float),
            y=_req(d, "y", wn, float),
            attract=_req(d, "attract", wn, float),
            section=d.get("section", "assumed"),
            parent=d.get("parent"),
            carriers={c: int(d.get(c, 0)) for c in CARRIER_KINDS},
        )
        _check_range(node.capacity, 0, 10_000_000, wn, "capacity")
        _check_range(node.firm_share, 0.0, 1.0, wn, "firm_share")
        for c, v in node.carriers.items():
            _check_range(v, 0, 10_000, wn, c)
        if node.external and (node.firm_share > 0 or node.capacity > 0):
            raise SimError(
                f"{wn}: external node '{node.id}' must have capacity = 0 and firm_share = 0"
            )
        if not node.external and not inds:
            raise SimError(f"{wn}: node '{node.id}' hosts no industry; list at least one")
        nodes.append(node)
    node_ids = [n.id for n in nodes]
    if len(set(node_ids)) != len(node_ids):
        raise SimError(f"region file '{path}': duplicate node ids")
    if not any(not n.external for n in nodes):
        raise SimError(f"region file '{path}': needs at least one internal node")
    if not any(n.external for n in nodes):
        raise SimError(
            f"region file '{path}': needs at least one external node "
            "(a source of projects and talent)"
        )
    share = sum(n.firm_share for n in nodes)
    if abs(share - 1.0) > 1e-6:
        raise SimError(f"region file '{path}': nodes' firm_share sum to {share:.4f}, must sum to 1")
    for n in nodes:
        if n.parent is not None and n.parent not in node_ids:
            raise SimError(f"node '{n.id}': parent {unknown('node', n.parent, node_ids).args[0]}")

    edges = []
    for k, d in enumerate(raw.get("edges", [])):
        we = f"{path.name} edges[{k}]"
        a, b = _req(d, "a", we, str), _req(d, "b", we, str)
        for end, v in (("a", a), ("b", b)):
            if v not in node_ids:
                raise SimError(f"{we}: field '{end}': {unknown('node', v, node_ids).args[0]}")
        minutes = _req(d, "minutes", we, float)
        _check_range(minutes, 0.1, 1000.0, we, "minutes")
        collab = _req(d, "collab", we, float)
        _check_range(collab, 0.0, 1.0, we, "collab")
        edges.append(
            {
                "a": a,
                "b": b,
                "minutes": minutes,
                "collab": collab,
                "source": d.get("source", "assumed"),
            }
        )
    g = nx.Graph()
    g.add_nodes_from(node_ids)
    g.add_edges_from((e["a"], e["b"]) for e in edges)
    if not nx.is_connected(g):
        parts = [sorted(c) for c in nx.connected_components(g)]
        raise SimError(f"region file '{path}': the network is not connected: {parts}")

    pop = raw.get("population", {})
    wp = f"{path.name} [population]"
    for key in ("firms_2015", "people_baodi", "people_beijing", "people_tianjin"):
        _check_range(_req(pop, key, wp, int), 1 if key == "firms_2015" else 0, 50_000_000, wp, key)

    targets = []
    for k, d in enumerate(raw.get("targets", [])):
        wt = f"{path.name} targets[{k}]"
        targets.append(
            Target(
                indicator=_req(d, "indicator", wt, str),
                zh=_req(d, "zh", wt, str),
                en=_req(d, "en", wt, str),
                target=_req(d, "target", wt, float),
                unit=_req(d, "unit", wt, str),
                section=d.get("section", "assumed"),
                baseline_2019=float(d.get("baseline_2019", math.nan)),
            )
        )
    return Region(
        id=_req(head, "id", w, str),
        zh=_req(head, "zh", w, str),
        en=_req(head, "en", w, str),
        first_year=first,
        last_year=last,
        plan_start_year=plan_start,
        industries=tuple(industries),
        nodes=tuple(nodes),
        edges=tuple(edges),
        population=dict(pop),
        record={str(k): dict(v) for k, v in raw.get("record", {}).items()},
        targets=tuple(targets),
        path=str(path),
    )
