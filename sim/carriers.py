"""Innovation carriers: ``Carriers`` — incubators, maker spaces, 星创天地, labs, institutes, platforms, demo parks.

Carriers are few (tens), so they live in small per-node count arrays updated in Python.
Levers create them with a build lag (``carrier_lag`` quarters); national accreditation
of incubators and 星创天地 is a yearly draw. Their capacity shapes entry (start-ups per
incubator / maker space) and survival (incubated firms' lower hazard), and they make a
node more attractive to Beijing projects.
"""

from dataclasses import dataclass, field

import numpy as np

from .kernels.rng import S_NATIONAL_INCUBATOR, S_XINGCHUANG, draw_key_py, uniform_py
from .levers import LEVER_INDEX

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
_NATIONAL = KIND_INDEX["national_incubators"]


@dataclass
class Carriers:
    """Per-node carrier counts, the build pipeline and the end-of-2020 baseline.

    ``grid`` is the (kind, node) count table in ``KINDS`` order; ``counts[kind]`` is a view
    of its row, so a count changed through either is seen by both.
    """

    grid: np.ndarray
    maker_host: int
    agri_host: int
    city_host: int
    park_hosts: tuple[int, ...]
    pending: dict[str, float] = field(default_factory=dict)
    queue: list = field(default_factory=list)  # (ready quarter, kind, node)
    baseline: dict[str, float] | None = None
    version: int = 0  # bumped by step() whenever it changes grid (derived values key on it)

    @property
    def counts(self) -> dict[str, np.ndarray]:
        """Kind → per-node counts (views of ``grid``)."""
        return dict(zip(KINDS, self.grid, strict=True))

    @classmethod
    def from_region(cls, region) -> "Carriers":
        """Initial carriers from the region file (§一(一) for Baodi)."""
        n = len(region.nodes)
        grid = np.zeros((len(KINDS), n))
        for i, node in enumerate(region.nodes):
            for k, v in node.carriers.items():
                grid[KIND_INDEX[k], i] = v
        internal = [i for i, nd in enumerate(region.nodes) if not nd.external]
        share = {i: region.nodes[i].firm_share for i in internal}

        def first(kinds):
            rows = [i for i in internal if region.nodes[i].kind in kinds]
            return max(rows, key=lambda i: share[i]) if rows else max(internal, key=share.get)

        parks = tuple(i for i in internal if region.nodes[i].kind == "park") or tuple(internal)
        return cls(
            grid=grid,
            maker_host=first(("city", "newtown", "hub")),
            agri_host=first(("agri",)),
            city_host=first(("city",)),
            park_hosts=parks,
        )

    def total(self) -> np.ndarray:
        """Carriers of every kind per node (national incubators are counted once)."""
        return self.grid.sum(axis=0) - self.grid[_NATIONAL]

    def totals(self) -> np.ndarray:
        """Region totals by kind, in ``KINDS`` order."""
        return self.grid.sum(axis=1)

    def entry_rates(self, par) -> np.ndarray:
        """Expected start-ups per node this quarter."""
        g, k = self.grid, KIND_INDEX
        return (
            par["entry_per_incubator"] * g[k["incubators"]]
            + par["entry_per_makerspace"] * (g[k["maker_spaces"]] + g[k["xingchuang"]])
            + par["demo_park_entry_share"] * par["entry_per_makerspace"] * g[k["agri_demo_parks"]]
        )

    def _queue(self, q, kind, node, lag):
        self.queue.append((q + lag, kind, node))

    def _in_pipeline(self, kind):
        return sum(1 for _, k, _ in self.queue if k == kind)

    def step(self, q: int, qy: int, key: int, pol: np.ndarray, par) -> None:
        """Advance the pipeline one quarter under lever values ``pol``."""
        lag = round(par["carrier_lag"])
        for kind, lever, node in (
            ("maker_spaces", "maker_spaces_new", self.maker_host),
            ("agri_demo_parks", "agri_demo_new", self.agri_host),
            ("xingchuang", "xingchuang", self.agri_host),
        ):
            self.pending[kind] = self.pending.get(kind, 0.0) + pol[LEVER_INDEX[lever]] / 4.0
            while self.pending[kind] >= 1.0 - 1e-9:
                self.pending[kind] -= 1.0
                self._queue(q, kind, node, lag)
        # Stock levers: the planner sets how many institutes / platforms should exist.
        for kind, lever, hosts in (
            ("institutes", "rd_institutes", (self.city_host,)),
            ("platforms", "testing_platforms", self.park_hosts),
        ):
            row = self.grid[KIND_INDEX[kind]]
            want = int(pol[LEVER_INDEX[lever]] + 1e-9)
            built = int(row.sum())
            have = built + self._in_pipeline(kind)
            for j in range(have, want):
                self._queue(q, kind, hosts[j % len(hosts)], lag)
            while built > want:
                row[int(np.argmax(row))] -= 1
                built -= 1
                self.version += 1
        if self.queue:
            ready = [item for item in self.queue if item[0] <= q]
            self.queue = [item for item in self.queue if item[0] > q]
            for j, (_, kind, node) in enumerate(ready):
                if (
                    kind == "xingchuang"
                    and uniform_py(key, j, S_XINGCHUANG) >= par["xingchuang_accredit"]
                ):
                    continue
                self.grid[KIND_INDEX[kind], node] += 1
                self.version += 1
        if qy == 3:
            rate = par["national_incubator_rate"] * (
                1.0 + pol[LEVER_INDEX["incubator_upgrade"]] / par["upgrade_scale"]
            )
            inc, nat = self.grid[KIND_INDEX["incubators"]], self.grid[_NATIONAL]
            for node in range(len(inc)):
                for j in range(int(inc[node] - nat[node])):
                    if uniform_py(draw_key_py(key, j), node, S_NATIONAL_INCUBATOR) < rate:
                        nat[node] += 1
                        self.version += 1

    def snapshot(self) -> dict[str, float]:
        """Region totals by kind."""
        return dict(zip(KINDS, self.totals().tolist(), strict=True))
