"""The model: ``BaodiModel``, a Mesa model of a district's innovation ecosystem, one step per quarter.

State lives in numpy arrays (:class:`sim.state.State`). Each phase of the quarter is a
module of :mod:`sim.phases` (numba kernels, a workspace with named outputs, one
``run(state, world, q, ws)``, and a pure-Python twin beside it); ``step`` calls them in
order, one line each, and records each quarter's outputs for the indicator table. Mesa
supplies the ``Model`` (seeding, ``steps``, ``running``), the parks as ``ParkAgent`` (its
agents, placed on a ``mesa.discrete_space.Network`` when that space is asked for) and the
``DataCollector``. Views of single firms and people are built on demand (:mod:`sim.views`),
never during a run.
"""

import copy
import functools
from collections.abc import Mapping
from pathlib import Path

import mesa
import numba
import numpy as np
import pandas as pd

from . import ahead
from .errors import SimError
from .fields import (
    FF_KNOWLEDGE,
    FF_RD,
    FF_REVENUE,
    FI_ALIVE,
    FI_LABELS,
    FI_ST_STAFF,
    IF_SHARE,
    NF_CARRIERS,
)
from .firms import init_firms
from .indicators import INDICATORS, TARGET_INDICATORS, indicator_columns, target_rows
from .kernels.rng import (
    MASK64,
    S_INSTITUTE_CONTRACTS,
    quarter_key_py,
    uniform_py,
)
from .levers import LEVERS, PRESETS, LeverSchedule
from .network import build_space
from .params import Params
from .phases import PHASES, capital, carriers, entry, firms, indicators, labels, talent, transfers
from .phases.talent import init_people_kernel, init_people_par
from .region import Region, load_region
from .state import State
from .world import Quarter, World, build_world

INIT_QUARTER = 0xFFFF_FFFF  # key of the construction draws (not a calendar quarter)


class RowCollector(mesa.DataCollector):
    """Mesa's ``DataCollector`` over the model's indicator table.

    The reporters are the usual ``name -> lambda model: model.current[name]``, but
    ``collect`` only notes how many quarters the table holds: ``model_vars`` (one list
    per reporter, as in Mesa) is read from the table when asked for. Mesa's own
    ``collect`` calls every lambda each quarter; appending the values instead still cost
    7 µs a quarter, and the table already holds them.
    """

    def __init__(self, names, col_index: dict[str, int]) -> None:
        self._model = None
        self._rows = 0
        super().__init__(model_reporters={name: (lambda m, k=name: m.current[k]) for name in names})
        self._names = list(names)
        self._cols = [col_index[name] for name in names]

    @property
    def model_vars(self) -> dict[str, list]:
        """Every reporter's values, one per collected quarter."""
        if self._model is None:
            return self._given
        table = self._model._ts[: self._rows, self._cols]
        return {name: table[:, k].tolist() for k, name in enumerate(self._names)}

    @model_vars.setter
    def model_vars(self, value: dict[str, list]) -> None:
        # Mesa's constructor (and RefModel.from_model) set it; it stands until a collect.
        self._given = value

    def collect(self, model) -> None:
        """Record that this quarter's row of ``model``'s table is complete."""
        self._model = model
        self._rows = model.quarter + 1


def _as_threads(threads) -> int:
    """Validate ``threads``: 1 (serial kernels) up to numba's thread pool size."""
    limit = numba.config.NUMBA_NUM_THREADS
    if isinstance(threads, bool) or not isinstance(threads, int | np.integer) or threads < 1:
        raise SimError(f"threads = {threads!r} must be an integer >= 1")
    if threads > limit:
        raise SimError(
            f"threads = {threads} exceeds numba's pool of {limit} "
            "(set NUMBA_NUM_THREADS before Python starts to allow more)"
        )
    return int(threads)


def _as_params(params) -> Params:
    if params is None:
        return Params()
    if isinstance(params, Params):
        return params
    if isinstance(params, Mapping):
        return Params(**params)
    raise SimError(
        f"params must be a Params or a mapping of name -> value, got {type(params).__name__}"
    )


@functools.lru_cache(maxsize=16)
def _preset_schedule(preset: str, start_year: int) -> LeverSchedule:
    """One shared schedule per preset: its yearly lever vectors are built once per process.

    A schedule is never changed after construction (``set_levers`` replaces it), so
    models can share it; a sweep of many default runs then skips rebuilding the vectors.
    """
    return LeverSchedule(preset=preset, start_year=start_year)


@functools.lru_cache(maxsize=256)
def _quarter_keys(seed: int, n_quarters: int) -> tuple[tuple[int, np.uint64], ...]:
    """Every quarter's draw key of ``seed``, as a Python int and as ``np.uint64``.

    Computed once per seed: the forks of a sweep, which share their seed, look them up
    instead of hashing again every quarter.
    """
    keys = (quarter_key_py(seed, q) for q in range(n_quarters))
    return tuple((k, np.uint64(k)) for k in keys)


@functools.lru_cache(maxsize=256)
def _institute_luck(seed: int, n_quarters: int, first_plan_quarter: int) -> np.ndarray:
    """Every plan quarter's luck draw of the institutes' contract turnover (0 before).

    Read when the indicator table is derived; drawn once per seed, like the quarter keys
    (a sweep's forks share them). Read-only: every model of the seed shares it.
    """
    keys = _quarter_keys(seed, n_quarters)
    luck = np.array(
        [
            uniform_py(k, 0, S_INSTITUTE_CONTRACTS) if q >= first_plan_quarter else 0.0
            for q, (k, _) in enumerate(keys)
        ]
    )
    luck.flags.writeable = False
    return luck


@functools.lru_cache(maxsize=64)
def _param_vector(params: Params) -> np.ndarray:
    """``params.vector()`` once per parameter values (``Params`` hash and compare by value).

    Building the vector by name took 17 µs of each model's construction; a sweep builds
    thousands with one parameter set. Callers copy it.
    """
    return params.vector()


def _as_levers(levers, start_year: int) -> LeverSchedule:
    if levers is None:
        return _preset_schedule("status_quo", start_year)
    if isinstance(levers, LeverSchedule):
        return levers
    if isinstance(levers, str) and not levers.endswith(".toml"):
        if levers not in PRESETS:
            return LeverSchedule(preset=levers, start_year=start_year)  # raises the error
        return _preset_schedule(levers, start_year)
    if isinstance(levers, str | Path):
        return LeverSchedule.from_toml(levers, start_year=start_year)
    if isinstance(levers, Mapping):
        return LeverSchedule(levers, start_year=start_year)
    raise SimError(
        f"levers must be a LeverSchedule, a preset name, a TOML path or a mapping, "
        f"got {type(levers).__name__}"
    )


# ---------------------------------------------------------------------- forking
# Values a fork shares with its parent: immutable (exact types; a subclass is copied).
_IMMUTABLE = frozenset(
    {
        *(type(None), bool, int, float, complex, str, bytes, range),
        *(np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32),
        *(np.uint64, np.float32, np.float64),
    }
)
# Classes of a model's plain data (no slots, no custom copy): a fork copies them attribute
# by attribute. Another class is deep-copied by ``copy.deepcopy`` (correct, only slower).
_PLAIN = frozenset(
    {
        State,
        World,
        Quarter,
        *(
            m.Workspace
            for m in (carriers, transfers, entry, talent, capital, firms, labels, indicators)
        ),
    }
)


def _copy_array(a: np.ndarray) -> np.ndarray:
    """A copy of ``a`` as ``copy.deepcopy`` makes it (its own memory, the same layout).

    A record array (``dtype`` with fields, a phase's ``out`` and the quarters' records) is
    copied as its bytes: numpy copies such an array field by field, 2-4 µs where its bytes
    take 1, and a fork copies a dozen.
    """
    if a.dtype.names is not None and a.flags.c_contiguous and a.ndim == 1:
        return a.view(np.uint8).copy().view(a.dtype)
    return a.copy(order="K")


def _fork_copy(value, memo: dict):
    """A deep copy of ``value`` (an attribute of a model) for :meth:`BaodiModel.fork`.

    ``copy.deepcopy``, made fast for what a model holds: numpy arrays, the phases'
    workspaces (``_PLAIN``), dicts, lists, tuples, sets and immutable scalars (``_IMMUTABLE``:
    shared). ``memo`` maps the id of every object already copied (or shared, or given its
    copy, like the parks) to its copy, as deepcopy's memo does, so references stay
    references: the entry workspace's ``carriers`` is the fork's carriers workspace, the
    quarter's ``paid`` the fork's ``_paid``. Any other object goes to ``copy.deepcopy``
    with the same memo: a new kind of attribute is copied, never shared by accident (the
    test ``test_a_fork_shares_nothing_mutable_with_its_parent`` checks it).
    """
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    done = memo.get(id(value), memo)
    if done is not memo:
        return done
    if kind is np.ndarray and not value.dtype.hasobject:
        new = _copy_array(value)
    elif kind in _PLAIN:
        new = object.__new__(kind)
        memo[id(value)] = new
        new.__dict__.update(
            {
                k: v if type(v) in _IMMUTABLE else _fork_copy(v, memo)
                for k, v in value.__dict__.items()
            }
        )
        return new
    elif kind is dict:
        new = {}
        memo[id(value)] = new
        for k, v in value.items():  # mostly scalars: tested here, without a call
            k = k if type(k) in _IMMUTABLE else _fork_copy(k, memo)
            new[k] = v if type(v) in _IMMUTABLE else _fork_copy(v, memo)
        return new
    elif kind is list:
        new = []
        memo[id(value)] = new
        new.extend(_fork_copy(v, memo) for v in value)
        return new
    elif kind is tuple:
        new = tuple(_fork_copy(v, memo) for v in value)
    elif kind is set or kind is frozenset:
        new = kind(_fork_copy(v, memo) for v in value)
    else:
        return copy.deepcopy(value, memo)
    memo[id(value)] = new
    return new


class BaodiModel(mesa.Model):
    """Agent-based model of a district's innovation ecosystem (default: Baodi, 2015Q1–2025Q4).

    Parameters
    ----------
    region : str, Path or Region
        Built-in region id (``"baodi"``, ``"tiny"``), a region TOML path, or a loaded Region.
    params : Params or mapping, optional
        Behavioural parameters (defaults from :data:`sim.params.PARAM_SPECS`).
    levers : LeverSchedule, preset name, TOML path or mapping, optional
        Policy levers by year (default: status quo throughout).
    seed : int
        The one seed every random draw flows from (≥ 0).
    float32 : bool
        Store firm floats in float32 (half the memory; for very large synthetic regions).
    history : bool
        Keep per-quarter copies of firm revenue, R&D, staff and labels (for the web app).
    threads : int
        1 (default): serial kernels. More: the per-firm kernels run their fixed chunks of
        rows on this many numba threads (at most ``NUMBA_NUM_THREADS``); results are the
        same bits as serial. For very large regions; sweeps gain more from one process
        per core.

    Notes
    -----
    ``step()`` runs one quarter; ``running`` turns False after the region's last quarter.
    Results: :meth:`timeseries` (one row per quarter) and :meth:`targets` (the plan table).
    """

    def __init__(
        self,
        region="baodi",
        params=None,
        levers=None,
        seed: int = 0,
        float32: bool = False,
        history: bool = False,
        threads: int = 1,
    ) -> None:
        if (
            isinstance(seed, bool)
            or not isinstance(seed, int | np.integer)
            or seed < 0
            or seed > MASK64
        ):
            raise SimError(f"seed = {seed!r} must be an integer in [0, 2**64 - 1]")
        super().__init__(seed=int(seed))
        self.seed_value = int(seed)
        self.region: Region = region if isinstance(region, Region) else load_region(region)
        self.params = _as_params(params)
        self.levers = _as_levers(levers, self.region.plan_start_year)
        self.float32 = bool(float32)
        self.keep_history = bool(history)
        self.threads = _as_threads(threads)
        ahead.start(self.float32, self.threads)  # a cold start: compile on the other core too
        self.quarter = 0  # index of the next quarter to run
        self._par = _param_vector(self.params).copy()  # the model's own (kernels read it)
        self._build_world()
        self._space = None  # the parks' Mesa space, built when first asked for (``space``)
        self.ws_carriers = carriers.Workspace.for_model(self)  # the parks, as Mesa agents
        self.world.node_f[NF_CARRIERS] = [p.total_carriers() for p in self.parks]
        self._init_population()
        self._init_accumulators()
        self.datacollector = RowCollector(
            (*TARGET_INDICATORS, "listed_hnte", "sei_share", "firms_alive", "fiscal_cost_cum"),
            self._col_index,
        )
        self.running = True

    # ------------------------------------------------------------------ construction
    def _build_world(self) -> None:
        self.world = build_world(self.region, self.params)

    def _init_population(self) -> None:
        r, par = self.region, self.params
        n0 = round(r.population["firms_2015"] * par["region_firms_scale"])
        people = [
            round(r.population[k] * par["region_people_scale"])
            for k in ("people_baodi", "people_beijing", "people_tianjin")
        ]
        m = sum(people)
        dtype = np.float32 if self.float32 else np.float64
        # Room for entry over the calendar (Baodi: 1,400 -> 2,500-2,700 rows by 2025):
        # spare rows are not initialised until used, so they cost no time. Growing copies
        # the arrays into fresh pages: 0.2-0.45 ms a time, twice a run from 1.1 x n0 rows.
        self.state = st = State.allocate(2 * n0 + 64, m, dtype=dtype)
        key = np.uint64(quarter_key_py(self.seed_value, INIT_QUARTER))
        threads = self.threads
        if threads > 1:
            numba.set_num_threads(threads)
        init_firms(
            st,
            key,
            n0,
            self.world.node_cdf,
            self.world.internal_rows,
            self.world.host_w,
            self.world.ind_f,
            self._par,
            threads,
        )
        cdf = np.cumsum(self.world.ind_f[IF_SHARE])
        counts = np.array(people, dtype=np.int64)
        if threads > 1:
            init_people_par(key, m, counts, cdf / cdf[-1], st.person_f, st.person_i)
        else:
            init_people_kernel(key, 0, m, counts, cdf / cdf[-1], st.person_f, st.person_i)
        st.m = m
        self._paid = np.zeros(len(LEVERS))
        self.ws_talent = talent.Workspace(m, st.firm_capacity, threads)
        self.ws_capital = capital.Workspace(st.firm_capacity, threads)
        # Job search before 2015Q1 (nobody quits or moves), under the first year's levers.
        pol = self.levers.vector(r.first_year)
        q0 = Quarter(-1, r.first_year, 0, key, pol, self._par, par, self._paid)
        talent.warm_up(st, self.world, q0, self.ws_talent, self.seed_value, INIT_QUARTER - 1)
        # The record's 2015 HNTEs (58, §一(一)) are a year-end count: 2015Q1 holds only the
        # certificates issued before 2015; the model's own 2015 round adds that year's.
        record = r.record.get("2015", {}).get("hnte", -1)
        target = round(record * par["hnte_2015_pre_share"]) if record >= 0 else -1
        labels.init_hnte(st, key, self.world.ind_f, self._par, target, par["hnte_apply"], threads)
        self._paid[:] = 0.0
        self.ws_indicators = indicators.Workspace(len(r.nodes), len(r.industries), threads)
        # The frontier, industries' mean knowledge and firms per node of 2015 (no quarter yet).
        indicators.run(self.state, self.world, None, self.ws_indicators)

    def _init_accumulators(self) -> None:
        r = self.region
        self.cols = indicator_columns(r)
        self._col_index = {c: j for j, c in enumerate(self.cols)}
        # The indicator table, derived from the quarters' records when read (``_ts``).
        self._table = np.full((r.n_quarters, len(self.cols)), np.nan)
        self._table_rows = 0  # rows whose indicators are derived
        self._base_q = -1  # first quarter with the carriers' pre-plan baseline (-1: none yet)
        # The per-unit levers' cost of a quarter (unit cost x level / 4) and the lever
        # vector it is for (a year's; recomputed when the levers change).
        self._unit_cost_q = np.zeros(len(LEVERS))
        self._unit_cost_for = None
        # What each quarter's indicators are computed from: the phases' outputs (one
        # record copy each a quarter) and, in the plan period, each lever's cost; running
        # totals, the plan's contracts and its fiscal cost are derived from them when the
        # table is read.
        nq = r.n_quarters
        self._rec_transfers = np.zeros(nq, transfers.OUT)
        self._rec_capital = np.zeros(nq, capital.OUT)
        self._rec_firms = np.zeros(nq, firms.OUT)
        self._rec_sums = np.zeros(nq, indicators.OUT)
        self._rec_carriers = np.zeros(nq, carriers.OUT)
        self._rec_people = np.zeros(nq, talent.OUT)
        self._rec_cost = np.zeros((nq, len(LEVERS)))  # [10k yuan], 0 before the plan
        self._rec_nodes = np.zeros((nq, len(r.nodes)))  # alive firms by node
        self._rec_inds = np.zeros((nq, len(r.industries)))  # alive firms by industry
        self._current_q = -1  # quarter count ``current`` was built for
        self.ws_transfers = transfers.Workspace(len(r.nodes))
        # The entry phase reads the carriers' entry rates and the transfers phase's landed
        # projects through these references (a fork's deep copy keeps them shared).
        self.ws_entry = entry.Workspace(carriers=self.carriers, transfers=self.ws_transfers)
        self.ws_firms = firms.Workspace(len(r.nodes), self.threads)
        self.history: list[dict[str, np.ndarray]] = []
        self.ws_labels = labels.Workspace(self.threads)
        self._unit_cost = np.array(
            [lv.unit_cost if lv.cost_kind == "per_unit" else 0.0 for lv in LEVERS]
        )

    # Attributes a fork does not copy: Mesa's own machinery (rebuilt by Model.__init__) and
    # the space and collector (rebuilt for the new model). Region, parameters, levers, the
    # table's column names and the levers' unit costs are never written: a fork shares them. The
    # parks are Mesa agents of their model: the fork gets its own (``ParkAgent.copy_to``).
    # Everything else is copied by :func:`_fork_copy` (a deep copy).
    _FORK_REBUILT = frozenset(
        ("running", "steps", "rng", "_rng", "random", "_seed", "_user_step", "step", "_agents",
         "_agents_by_type", "_all_agents", "_space", "datacollector")
    )  # fmt: skip
    _FORK_SHARED = frozenset(("region", "params", "levers", "cols", "_col_index", "_unit_cost"))

    def fork(self, levers=None) -> "BaodiModel":
        """An independent copy of this model at its current quarter, optionally with new levers.

        The copy continues exactly as this model would: draws are a pure function of
        (seed, quarter, agent, stream), so a fork taken at the end of 2020 and given a
        package's levers gives the same bits as a full run of that package from 2015 —
        provided the packages agree before the fork (sweeps share 2015–2020 this way).

        Parameters
        ----------
        levers : LeverSchedule, preset name, TOML path or mapping, optional
            The lever schedule the copy continues with (default: this model's).
        """
        new = object.__new__(type(self))
        mesa.Model.__init__(new, seed=self.seed_value)
        new.steps = self.steps
        memo = {id(self.__dict__[k]): self.__dict__[k] for k in self._FORK_SHARED}
        memo.update({id(p): p.copy_to(new) for p in self.parks})
        for name, value in self.__dict__.items():
            if name not in self._FORK_REBUILT:
                new.__dict__[name] = _fork_copy(value, memo)
        new._space = None
        new.datacollector = RowCollector(self.datacollector._names, new._col_index)
        if self.quarter:
            new.datacollector.collect(new)
        new.running = self.running
        if levers is not None:
            new.set_levers(levers)
        return new

    # ------------------------------------------------------------------ the parks
    # (the carriers phase's run is bound here: below, the ``carriers`` property hides the
    # module's name in the class body)
    _carriers_run = staticmethod(carriers.run)

    @property
    def parks(self) -> list:
        """The ``ParkAgent`` of every node, in region order (the model's Mesa agents)."""
        return self.ws_carriers.parks

    @property
    def carriers(self) -> "carriers.Workspace":
        """The carriers phase's workspace: the parks, the build pipeline, region totals."""
        return self.ws_carriers

    @property
    def space(self) -> "mesa.discrete_space.Network":
        """The 一城多园 network as Mesa space, one ``ParkAgent`` on each cell.

        Built on first use: a run never reads it, and building the Mesa network cost
        about 3 ms a model — an eighth of a run, paid by every run and fork of a sweep.
        """
        if self._space is None:
            self._space = build_space(self)
        return self._space

    @property
    def last_registered(self) -> np.ndarray:
        """Beijing projects registered at each node in the last quarter (int, n_nodes)."""
        return self.ws_transfers.registered_by_node

    @property
    def last_landed(self) -> np.ndarray:
        """Beijing projects landed as entities at each node in the last quarter."""
        return self.ws_transfers.landed_by_node

    @property
    def ind_f(self) -> np.ndarray:
        """Industry fields (``IF_*`` rows, one column per industry) of this model's world."""
        return self.world.ind_f

    @property
    def node_f(self) -> np.ndarray:
        """Node fields (``NF_*`` rows, one column per node) of this model's world."""
        return self.world.node_f

    # ------------------------------------------------------------------ calendar
    @property
    def year(self) -> int:
        """Year of the next quarter to run."""
        return self.region.first_year + self.quarter // 4

    @property
    def qy(self) -> int:
        """0-based quarter of the year of the next quarter to run."""
        return self.quarter % 4

    def quarter_label(self, lang: str = "zh", quarter: int | None = None) -> str:
        """Label of a quarter (default: the last completed one), e.g. 2023年第2季度 / 2023 Q2."""
        q = (self.quarter - 1) if quarter is None else quarter
        if q < 0:
            return (
                f"{self.region.first_year}年初"
                if lang == "zh"
                else f"start of {self.region.first_year}"
            )
        y, k = self.region.first_year + q // 4, q % 4 + 1
        return f"{y}年第{k}季度" if lang == "zh" else f"{y} Q{k}"

    @property
    def current(self) -> dict[str, float]:
        """The last completed quarter's indicators by name (empty before the first)."""
        q = self.quarter
        if self._current_q != q:
            self._current = dict(zip(self.cols, self._ts[q - 1].tolist(), strict=True)) if q else {}
            self._current_q = q
        return self._current

    @property
    def cost_by_lever(self) -> np.ndarray:
        """Each lever's cost since the plan's start [10k yuan] (a new array).

        The quarters' costs added in order, as a running total adds them.
        """
        return self._rec_cost[: self.quarter].sum(axis=0)

    def set_levers(self, levers) -> None:
        """Change the lever schedule; the run continues from the current quarter with it."""
        self.levers = _as_levers(levers, self.region.plan_start_year)

    # ------------------------------------------------------------------ the quarter
    def step(self) -> None:
        """Run one quarter; its phases, in order."""
        if not self.running:
            raise SimError(
                f"the calendar ends at {self.region.last_year}Q4; build a new model "
                "or a region with a later last_year to run further"
            )
        self._begin_quarter()
        self._carriers_phase()
        self._transfers_phase()
        self._entry_phase()
        self._talent_phase()
        self._capital_phase()
        self._firms_phase()
        self._labels_phase()
        self._indicators_phase()
        self.quarter += 1
        self.running = self.quarter < self.region.n_quarters

    def _run_until_phase(self, phase: str) -> None:
        """Begin the next quarter and run its phases before ``phase`` (one of ``PHASES``).

        For tests of one phase: the model is left where ``phase`` would start.
        """
        if phase not in PHASES:
            raise SimError(f"phase = {phase!r} is not one of {', '.join(PHASES)}")
        self._begin_quarter()
        for name in PHASES[: PHASES.index(phase)]:
            getattr(self, f"_{name}_phase")()

    def _begin_quarter(self) -> None:
        self.key_int, self.key = _quarter_keys(self.seed_value, self.region.n_quarters)[
            self.quarter
        ]
        self.pol = self.levers.vector(self.year)
        self._paid.fill(0.0)
        self.q = Quarter(
            self.quarter, self.year, self.qy, self.key, self.pol, self._par, self.params, self._paid
        )

    def _carriers_phase(self) -> None:
        self._carriers_run(self.state, self.world, self.q, self.ws_carriers)

    _transfers_run = staticmethod(transfers.run)

    def _transfers_phase(self) -> None:
        o = self._transfers_run(self.state, self.world, self.q, self.ws_transfers)
        self._rec_transfers[self.quarter] = o

    _entry_run = staticmethod(entry.run)

    def _entry_phase(self) -> None:
        self._entry_run(self.state, self.world, self.q, self.ws_entry)

    _talent_run = staticmethod(talent.run)

    def _talent_phase(self) -> None:
        self._talent_run(self.state, self.world, self.q, self.ws_talent)

    _capital_run = staticmethod(capital.run)

    def _capital_phase(self) -> None:
        o = self._capital_run(self.state, self.world, self.q, self.ws_capital)
        self._rec_capital[self.quarter] = o

    _firms_run = staticmethod(firms.run)

    def _firms_phase(self) -> None:
        o = self._firms_run(self.state, self.world, self.q, self.ws_firms)
        self._rec_firms[self.quarter] = o

    _labels_run = staticmethod(labels.run)

    def _labels_phase(self) -> None:
        self._labels_run(self.state, self.world, self.q, self.ws_labels)

    _indicators_run = staticmethod(indicators.run)

    # Coupling with the talent phase: the indicators read its people counts of the quarter
    # (its named outputs, ``talent.OUT``) from the quarter's record, ``_rec_people``.
    def _indicators_phase(self) -> None:
        o = self._indicators_run(self.state, self.world, self.q, self.ws_indicators)
        c = self.carriers
        q = self.quarter
        if self.year >= self.region.plan_start_year:  # the plan counts the levers' cost
            if self._unit_cost_for is not self.pol:
                self._unit_cost_q = self._unit_cost * self.pol / 4.0
                self._unit_cost_for = self.pol
            np.add(self._paid, self._unit_cost_q, out=self._rec_cost[q])
        if self.keep_history:
            st = self.state
            self.history.append(
                {
                    "revenue": st.firm_f[FF_REVENUE, : st.n].copy(),
                    "rd": st.firm_f[FF_RD, : st.n].copy(),
                    "knowledge": st.firm_f[FF_KNOWLEDGE, : st.n].copy(),
                    "st_staff": st.firm_i[FI_ST_STAFF, : st.n].copy(),
                    "labels": st.firm_i[FI_LABELS, : st.n].copy(),
                    "alive": st.firm_i[FI_ALIVE, : st.n].copy(),
                }
            )
        # The quarter's record; its indicators are derived when the table is read.
        self._rec_sums[q] = o
        self._rec_carriers[q] = c.out[0]
        self._rec_people[q] = self.ws_talent.out[0]
        self._rec_nodes[q] = self.ws_indicators.by_node[:, 0]
        self._rec_inds[q] = self.ws_indicators.by_ind[:, 0]
        if self._base_q < 0 and c.baseline is not None:
            self._base_q = q
        self.datacollector.collect(self)

    def _derive_indicators(self, a: int, b: int) -> None:
        """The indicators of quarters ``a .. b-1`` from their records, into the table.

        Vectorised over the quarters: a run derives its table once, when it is read,
        instead of assembling a row of Python values every quarter.
        """
        o, tot, people = self._rec_sums[a:b], self._rec_carriers[a:b], self._rec_people[a:b]
        transfers, capital = self._rec_transfers[:b], self._rec_capital[:b]
        r, par = self.region, self.params
        years = r.first_year + np.arange(b) // 4
        in_1620 = (years >= 2016) & (years <= 2020)
        # The plan's technology contracts: the firms', and the institutes' with the
        # quarter's luck (none before the plan, nor without institutes).
        plan_q = 4 * (r.plan_start_year - r.first_year)
        luck = _institute_luck(self.seed_value, r.n_quarters, plan_q)[:b]
        inst = self._rec_carriers["institutes"][:b]
        inst_contracts = np.where(
            inst != 0.0,
            inst * par["institute_contracts"] * (par["institute_luck_min"] + luck),
            0.0,
        )
        firm_contracts = self._rec_sums["contracts"][:b]
        contracts = np.where(years >= r.plan_start_year, firm_contracts + inst_contracts, 0.0)

        def cum(x: np.ndarray) -> np.ndarray:  # running totals of quarters 0 .. b-1, from a
            return np.cumsum(x)[a:]  # added quarter by quarter, as a running sum adds

        acc = {
            "contracts": cum(contracts),
            "fiscal": cum(self._rec_cost[:b].sum(axis=1)),
            "equity": cum(capital["equity"]),
            "loans": cum(capital["loans"]),
            "financed": cum(capital["financed"]),
            "fin_1620": cum(np.where(in_1620, capital["equity"] + capital["loans"], 0.0)),
            "fin_firms_1620": cum(np.where(in_1620, capital["financed"], 0.0)),
            "defaulted": cum(self._rec_firms["defaulted"][:b]),
            "zgc_registered": cum(transfers["zgc_registered"]),
            "zgc_landed": cum(transfers["zgc_landed"]),
            "landed": cum(transfers["landed"]),
        }
        base = self.carriers.baseline
        since_base = np.arange(a, b) >= self._base_q if self._base_q >= 0 else None

        def new(kind: str) -> np.ndarray:  # carriers of a kind built since the baseline
            if since_base is None:
                return np.zeros(b - a)
            return np.where(since_base, tot[kind] - base[kind], 0.0)

        def ratio(x: np.ndarray, y: np.ndarray) -> np.ndarray:  # x / y, 0 where y is 0
            return np.divide(x, y, out=np.zeros(b - a), where=y != 0.0)

        e4 = 1e4  # 10k yuan -> 100m yuan
        v = {
            "rd_sales_above_scale": ratio(o["rd_above"], o["rev_above"]),
            "hnte": o["hnte"],
            "tech_sme": o["tech_sme"],
            "leader": o["leader"],
            "gazelle": o["gazelle"],
            "eaglet": o["eaglet"],
            "new_maker_spaces": new("maker_spaces"),
            "new_xingchuang": new("xingchuang"),
            "new_national_incubators": new("national_incubators"),
            "agri_demo_parks": tot["agri_demo_parks"],
            "contract_turnover_cum": acc["contracts"] / e4,
            "listed_hnte": o["listed_hnte"],
            "sei_share": ratio(o["sei_rev"], o["manuf_rev"]),
            "firms_alive": o["alive"],
            "above_scale_firms": o["above_scale"],
            **{
                k: tot[k]
                for k in (
                    "incubators",
                    "national_incubators",
                    "maker_spaces",
                    "xingchuang",
                    "labs",
                    "eng_centres",
                    "institutes",
                    "platforms",
                )
            },
            "zgc_registered": acc["zgc_registered"],
            "zgc_landed": acc["zgc_landed"],
            "transfers_landed_cum": acc["landed"],
            "people_home": people["home"],
            "people_beijing": people["capital"],
            "people_tianjin": people["city"],
            "st_staff": o["st_staff"],
            "talent_pool": people["pool"],
            "new_type_entrepreneurs": o["entrepreneurs"],
            "equity_cum": acc["equity"] / e4,
            "loans_cum": acc["loans"] / e4,
            "capital_deployed_cum": (acc["equity"] + acc["loans"]) / e4,
            "financed_firms_cum": acc["financed"],
            "financing_2016_2020": acc["fin_1620"] / e4,
            "financed_firms_2016_2020": acc["fin_firms_1620"],
            "defaulted_cum": acc["defaulted"] / e4,
            "fiscal_cost_cum": acc["fiscal"] / e4,
            "revenue_total": 4.0 * o["revenue"] / e4,
            "employees": o["employees"],
        }
        table, col = self._table, self._col_index
        for k, values in v.items():
            table[a:b, col[k]] = values
        j0 = len(INDICATORS)
        internal = self.world.internal_rows
        table[a:b, j0 : j0 + len(internal)] = self._rec_nodes[a:b, internal]
        table[a:b, j0 + len(internal) :] = self._rec_inds[a:b]

    @property
    def _ts(self) -> np.ndarray:
        """The indicator table, float64 (n_quarters, columns), rows up to ``quarter`` derived."""
        if self._table_rows < self.quarter:
            self._derive_indicators(self._table_rows, self.quarter)
            self._table_rows = self.quarter
        return self._table

    # ------------------------------------------------------------------ results
    def run(self, until_year: int | None = None) -> "BaodiModel":
        """Step until the end of ``until_year`` (default: the region's last year)."""
        last = self.region.last_year if until_year is None else int(until_year)
        if not self.region.first_year <= last <= self.region.last_year:
            raise SimError(
                f"until = {until_year} outside the calendar "
                f"[{self.region.first_year}, {self.region.last_year}]"
            )
        stop = 4 * (last - self.region.first_year + 1)
        while self.quarter < stop:
            self.step()
        return self

    def timeseries(self) -> pd.DataFrame:
        """One row per completed quarter, one column per indicator."""
        q = np.arange(self.quarter)
        y0 = self.region.first_year
        labels = [f"{y0 + k // 4}Q{k % 4 + 1}" for k in range(self.quarter)]
        head = pd.DataFrame({"quarter": labels, "year": y0 + q // 4, "qy": q % 4 + 1})
        body = pd.DataFrame(self._ts[: self.quarter], columns=self.cols)
        return pd.concat([head, body], axis=1)  # one concat: three inserts cost more

    def indicator_series(self, name: str) -> np.ndarray:
        """One indicator's value in every completed quarter (a read-only view, no copy)."""
        if name not in self._col_index:
            raise SimError(f"indicator = {name!r} is not one of the model's columns")
        view = self._ts[: self.quarter, self._col_index[name]]
        view.flags.writeable = False
        return view

    def targets(self) -> pd.DataFrame:
        """The plan's target table for the last completed year (2025 in a full run)."""
        if self.quarter == 0:
            raise SimError("no quarter has run yet; call step() or run() first")
        return pd.DataFrame(target_rows(self.region, self.timeseries()))

    def firms_frame(self, alive_only: bool = True) -> pd.DataFrame:
        """Firms as a table (one row per firm): node, industry, size, R&D, labels."""
        from .views import firms_frame

        return firms_frame(self, alive_only=alive_only)
