"""The sweep file: ``SweepSpec`` (a validated sweep), ``Package`` (a named lever package), ``run_id``.

A sweep file (TOML) is data, in the spirit of EMA Workbench's parameter declarations and
SALib's problem dictionaries: named **packages** (a preset plus lever settings, phased by
year), **lever ranges** and **uncertain parameters** to explore, a **sampler** that turns the
ranges into design points, the number of **seeds** per experiment and the **horizon**::

    name = "optional title"
    region = "baodi"            # region id or TOML path (default "baodi")
    horizon = 2025              # last simulated year (default: the region's last year)
    seeds = 100                 # required: seeds per experiment, seed_start .. seed_start+seeds-1
    seed_start = 0
    [packages.talent_first]     # zero or more; none -> one package "status_quo"
    preset = "status_quo"       # or "plan"
    levers = { talent_subsidy = 5, rd_subsidy = { 2021 = 0.08, 2023 = 0.1 } }
    [levers]                    # lever ranges, held from the plan start on top of every package
    talent_housing = [0, 2000]
    [params]                    # [lo, hi], "catalogue" (the table's range) or a fixed number
    vc_budget = "catalogue"
    [sampler]                   # or sampler = "lhs"
    method = "lhs"              # factorial | lhs | sobol | morris
    n = 64

The design table has one row per run, ordered by experiment (design point), then seed, then
package, so the runs sharing an (experiment, seed) history sit next to each other. Every run
is keyed by :func:`run_id`, a hash of its lever schedule, parameters, seed, horizon, region
and the :func:`model_version`.

Validation reports every problem of a file at once, in one
:class:`~scenarios.errors.ScenarioError` whose ``problems`` name the field path, the value
and what is allowed (with the nearest valid name on a typo); ``problems_zh`` and ``.zh`` say
the same in Chinese (the path and the value as written, the sentence around them translated).
"""

import hashlib
import itertools
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import sim
from sim.errors import SimError, nearest, nearest_zh, unknown_pair
from sim.indicators import unit_label
from sim.levers import LEVER_IDS, LEVERS, PRESETS, LeverSchedule
from sim.params import PARAM_NAMES, PARAM_SPECS, Params
from sim.region import load_region

from .errors import ScenarioError, error, message

__all__ = [
    "MAX_RUNS",
    "SAMPLERS",
    "Package",
    "SweepSpec",
    "model_version",
    "run_id",
]

MAX_RUNS = 20_000
"""Designs with more runs than this need ``yes=True`` (``--yes`` on the command line)."""

SAMPLERS = ("factorial", "lhs", "sobol", "morris")
CATALOGUE = "catalogue"
DEFAULT_N = 16
DEFAULT_LEVELS = {"factorial": 3, "morris": 4}

TOP_LEVEL_KEYS = (
    "name",
    "description",
    "region",
    "horizon",
    "seeds",
    "seed_start",
    "packages",
    "levers",
    "params",
    "sampler",
)
PACKAGE_KEYS = ("preset", "levers", "description")
SAMPLER_KEYS = ("method", "n", "levels", "seed", "second_order")

_LEVER = {lv.id: lv for lv in LEVERS}
_PARAM = {p.name: p for p in PARAM_SPECS}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PACKAGE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_YEAR = re.compile(r"-?[0-9]{1,6}")
_INT64_MAX = 2**63 - 1


# --------------------------------------------------------------------------- keys and hashes


def model_version() -> str:
    """Hash of the model's sources and region data: 16 hex digits.

    SHA-256 over every ``sim/**/*.py`` and ``sim/data/**/*.toml`` file, in sorted order of
    relative path, each entered as its path, its length and its bytes. Results computed by
    another model version are not comparable; stores refuse to mix them.
    """
    root = Path(sim.__file__).parent
    files = [*root.rglob("*.py"), *(root / "data").rglob("*.toml")]
    h = hashlib.sha256()
    for rel, path in sorted((p.relative_to(root).as_posix(), p) for p in files):
        data = path.read_bytes()
        h.update(rel.encode())
        h.update(b"\0")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:16]


def _context(
    levers: LeverSchedule, params: Params, version: str, horizon: int, region: str
) -> dict:
    """Everything a run's key depends on except the seed (plain JSON data)."""
    d = levers.to_dict()
    settings = {
        lever: {str(y): float(v) for y, v in sorted(steps.items())}
        for lever, steps in sorted(d["settings"].items())
    }
    return {
        "horizon": int(horizon),
        "levers": {"preset": d["preset"], "settings": settings, "start_year": d["start_year"]},
        "model_version": str(version),
        "params": {name: float(params[name]) for name in PARAM_NAMES},
        "region": str(region),
    }


def _canonical(context: dict, seed: int) -> str:
    # Keys sorted, so "seed" is the last key: design() hashes the prefix once per context.
    return json.dumps({**context, "seed": int(seed)}, sort_keys=True, separators=(",", ":"))


def run_id(
    levers: LeverSchedule, params: Params, seed: int, version: str, horizon: int, region: str
) -> str:
    """Key of one run: 16 hex digits of SHA-256 over its canonical JSON.

    Parameters
    ----------
    levers : LeverSchedule
        The run's lever schedule (``to_dict()``, year keys as strings, sorted).
    params : Params
        Every parameter value, not only the overridden ones.
    seed : int
        The model seed.
    version : str
        :func:`model_version` of the model that runs it.
    horizon : int [year]
        Last simulated year.
    region : str
        Region id or path, as the sweep file names it.

    Returns
    -------
    str
        The same inputs give the same id in any process.
    """
    text = _canonical(_context(levers, params, version, horizon, region), seed)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- packages


@dataclass(frozen=True)
class Package:
    """A named lever package: a preset plus lever settings from the plan start on.

    Parameters
    ----------
    name : str
        Letters, digits, ``_`` and ``-``.
    preset : {"status_quo", "plan"}
        Values of the levers the settings do not name, from the plan start on.
    levers : dict
        ``lever id -> value`` (held from the plan start) or ``lever id -> {year: value}``.
    description : str
        Free text.
    """

    name: str
    preset: str = "status_quo"
    levers: dict = field(default_factory=dict)
    description: str = ""

    def schedule(self, start_year: int) -> LeverSchedule:
        """The package's ``LeverSchedule`` with the plan period starting in ``start_year``."""
        return LeverSchedule(self.levers, preset=self.preset, start_year=start_year)


# --------------------------------------------------------------------------- validation helpers


def _key(k) -> str:
    k = str(k)
    return k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def _sub(path: str, key) -> str:
    """The field path of ``key`` inside the table at ``path`` (TOML dotted-key form)."""
    return f"{path}.{_key(key)}" if path else _key(key)


def _span(lo: float, hi: float, unit: str) -> str:
    """``[lo, hi] unit`` (dimensionless units left out)."""
    return f"[{lo:g}, {hi:g}]" + (f" {unit}" if unit not in ("", "1") else "")


def _spans(spec) -> dict:
    """``span`` and ``span_zh`` of a lever's or parameter's range, for :func:`message`."""
    unit_zh = spec.text("unit", "zh") if hasattr(spec, "text") else unit_label(spec.unit, "zh")
    return {"span": _span(spec.lo, spec.hi, spec.unit), "span_zh": _span(spec.lo, spec.hi, unit_zh)}


def _show(v) -> str:
    """A value as the file writes it (TOML-like), shortened."""
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # nan, inf, -inf as TOML writes them
    s = json.dumps(v, ensure_ascii=False, default=str)
    return s if len(s) <= 60 else s[:59] + "…"


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(v) -> float | None:
    """``v`` as a finite float, or None (bools, strings, nan and inf are not numbers here)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


class _Problems:
    """Collects every problem of a file; each names the field path, the value and what is allowed.

    What is allowed comes as ``(en, zh)`` (see :func:`scenarios.errors.message`); the path
    and the value are written the same in both languages.
    """

    def __init__(self) -> None:
        self.items: list[str] = []
        self.items_zh: list[str] = []

    def value(self, path: str, v, allowed: tuple[str, str]) -> None:
        self.items.append(f"{path} = {_show(v)}: {allowed[0]}")
        self.items_zh.append(f"{path} = {_show(v)}：{allowed[1]}")

    def note(self, path: str, text: tuple[str, str]) -> None:
        self.items.append(f"{path}: {text[0]}")
        self.items_zh.append(f"{path}：{text[1]}")

    def unknown_keys(self, path: str, table: Mapping, allowed, kind: str, kind_zh: str) -> None:
        for k in table:
            if k not in allowed:
                self.note(_sub(path, k), unknown_pair(kind, kind_zh, k, allowed))

    def __len__(self) -> int:
        return len(self.items)


def _bounded(v, lo: float, hi: float) -> float | None:
    """``v`` as a float within ``[lo, hi]``, or None."""
    f = _number(v)
    if f is None or not lo <= f <= hi:
        return None
    return f


def _pair_of(exc: Exception) -> tuple[str, str]:
    """An exception's text as ``(en, zh)`` (the core's errors carry their Chinese in ``.zh``)."""
    return str(exc), getattr(exc, "zh", str(exc))


def _range_problem(v, spec) -> tuple[str, str] | None:
    """What is wrong with ``v`` as a range within the catalogue's bounds, as ``(en, zh)``, or None."""
    spans = _spans(spec)
    if not isinstance(v, list) or len(v) != 2:
        return message("range_pair", **spans)
    a, b = (_number(x) for x in v)
    if a is None or b is None:
        return message("range_finite", **spans)
    if not a < b:
        return message("range_order", **spans)
    if a < spec.lo or b > spec.hi:
        return message("range_outside", **spans)
    return None


# --------------------------------------------------------------------------- the sweep


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep file: packages × design points × seeds.

    Build one with :meth:`from_toml` or :meth:`from_text`; they check the whole file and
    raise one :class:`~scenarios.errors.ScenarioError` listing every problem.

    Attributes
    ----------
    name, description : str
        Free text (``name`` defaults to the file's stem).
    region : str
        Region id or TOML path, as written (default ``"baodi"``).
    horizon : int [year]
        Last simulated year, in ``[plan_start_year, region last_year]``.
    seeds, seed_start : int
        Seeds ``seed_start .. seed_start + seeds - 1`` are run for every experiment and
        package (common random numbers across packages).
    packages : dict
        ``name -> Package``, in file order.
    lever_ranges, param_ranges : dict
        ``id -> (lo, hi)`` of the levers and parameters the sampler explores, in file order.
    fixed_params : dict
        ``name -> value`` overrides applied to every run.
    sampler : str or None
        ``"factorial"``, ``"lhs"``, ``"sobol"``, ``"morris"``, or None (no ranges).
    n, levels, sampler_seed, second_order
        Sampler settings (see the module docstring).
    plan_start_year : int [year]
        The region's plan start: package settings and sampled levers apply from it on.
    text, source : str
        The file's text and where it came from (a path or ``"<text>"``).
    """

    seeds: int
    name: str = ""
    description: str = ""
    region: str = "baodi"
    horizon: int = 2025
    seed_start: int = 0
    packages: dict = field(default_factory=dict)
    lever_ranges: dict = field(default_factory=dict)
    param_ranges: dict = field(default_factory=dict)
    fixed_params: dict = field(default_factory=dict)
    sampler: str | None = None
    n: int = DEFAULT_N
    levels: int = 3
    sampler_seed: int = 0
    second_order: bool = False
    plan_start_year: int = 2021
    text: str = ""
    source: str = "<text>"

    # ---- reading

    @classmethod
    def from_toml(cls, path: str | Path) -> "SweepSpec":
        """Read and validate a sweep file.

        Raises
        ------
        ScenarioError
            The file is missing, not UTF-8, not TOML, or breaks any rule (all listed).
        """
        p = Path(path)
        if not p.exists():
            raise error("file_missing", path=p)
        if not p.is_file():
            raise error("file_not_file", path=p)
        try:
            text = p.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error("file_utf8", path=p, exc=exc) from None
        except OSError as exc:
            raise error("file_unreadable", path=p, exc=exc) from None
        return cls.from_text(text, source=str(p))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> "SweepSpec":
        """Validate the text of a sweep file; ``source`` names it in messages."""
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            raise error("file_toml", path=source, exc=exc) from None
        return _parse(data, text, source)

    # ---- the design

    def problem(self) -> dict:
        """The SALib problem: ``num_vars``, ``names`` (``lever_<id>``, ``param_<name>``), ``bounds``."""
        names = [f"lever_{k}" for k in self.lever_ranges] + [
            f"param_{k}" for k in self.param_ranges
        ]
        bounds = [[float(lo), float(hi)] for lo, hi in self.lever_ranges.values()]
        bounds += [[float(lo), float(hi)] for lo, hi in self.param_ranges.values()]
        return {"num_vars": len(names), "names": names, "bounds": bounds}

    @property
    def n_points(self) -> int:
        """Design points (experiments) the sampler makes, without building them."""
        d = len(self.lever_ranges) + len(self.param_ranges)
        if d == 0:
            return 1
        if self.sampler == "factorial":
            return self.levels**d
        if self.sampler == "lhs":
            return self.n
        if self.sampler == "sobol":
            return self.n * (2 * d + 2 if self.second_order else d + 2)
        if self.sampler == "morris":
            return self.n * (d + 1)
        raise error("no_sampler", source=self.source)

    @property
    def n_runs(self) -> int:
        """Runs in the design: packages × design points × seeds (the design is not built)."""
        return len(self.packages) * self.n_points * self.seeds

    def points(self) -> pd.DataFrame:
        """The sampled design points: one row per experiment, columns ``lever_<id>``/``param_<name>``.

        One row and no columns when nothing is sampled. Values lie within the ranges.
        """
        prob = self.problem()
        d = prob["num_vars"]
        if d == 0:
            return pd.DataFrame(index=pd.RangeIndex(1))
        bounds = np.array(prob["bounds"], dtype=np.float64)
        if self.sampler == "factorial":
            axes = [np.linspace(lo, hi, self.levels) for lo, hi in bounds]
            x = np.array(list(itertools.product(*axes)), dtype=np.float64).reshape(-1, d)
        elif self.sampler == "lhs":
            from SALib.sample import latin

            x = latin.sample(prob, self.n, seed=self.sampler_seed)
        elif self.sampler == "sobol":
            from SALib.sample import sobol

            x = sobol.sample(
                prob, self.n, calc_second_order=self.second_order, seed=self.sampler_seed
            )
        elif self.sampler == "morris":
            from SALib.sample import morris

            x = morris.sample(prob, self.n, num_levels=self.levels, seed=self.sampler_seed)
        else:
            raise error("no_sampler", source=self.source)
        # Scaling lo + u·(hi − lo) can overshoot hi by one ulp; the catalogue check is strict.
        x = np.clip(np.asarray(x, dtype=np.float64), bounds[:, 0], bounds[:, 1])
        return pd.DataFrame(x, columns=prob["names"])

    def design(self, version: str) -> pd.DataFrame:
        """The design table: one row per run, experiment-major, then seed, then package.

        Parameters
        ----------
        version : str
            :func:`model_version` of the model that will run it (part of every ``run_id``).

        Returns
        -------
        pandas.DataFrame
            ``run_id`` (str), ``package`` (str), ``experiment`` (int64), ``seed`` (int64), then
            the ``lever_<id>`` and ``param_<name>`` columns (float64).

        Notes
        -----
        ``run_id`` keys a run's inputs, not its row: rows with the same inputs share one id
        (two packages with identical schedules; a design point that a Morris design visits
        twice). A store runs each id once and joins its results back to every such row.
        """
        pts = self.points()
        names = list(self.packages)
        n_exp, n_pkg, n_seed = len(pts), len(names), self.seeds
        seeds = np.arange(self.seed_start, self.seed_start + n_seed, dtype=np.int64)
        per_exp = n_seed * n_pkg
        ids: list[str] = []
        for row in pts.to_dict("records") if len(pts.columns) else [{}] * n_exp:
            prefixes = []
            for pkg in names:
                levers, params = self._inputs(pkg, row)
                ctx = _context(levers, params, version, self.horizon, self.region)
                text = _canonical(ctx, 0)
                assert text.endswith('"seed":0}')
                prefixes.append(hashlib.sha256(text[: -len("0}")].encode()))
            for s in seeds:
                tail = f"{int(s)}}}".encode()
                for h in prefixes:
                    h = h.copy()
                    h.update(tail)
                    ids.append(h.hexdigest()[:16])
        frame = pd.DataFrame(
            {
                "run_id": pd.array(ids, dtype=object),
                "package": np.tile(np.array(names, dtype=object), n_exp * n_seed),
                "experiment": np.repeat(np.arange(n_exp, dtype=np.int64), per_exp),
                "seed": np.tile(np.repeat(seeds, n_pkg), n_exp),
            }
        )
        for col in pts.columns:
            frame[col] = np.repeat(pts[col].to_numpy(dtype=np.float64), per_exp)
        return frame

    def run_inputs(self, row: Mapping) -> tuple[LeverSchedule, Params, int]:
        """The model inputs of one design row: ``(levers, params, seed)``.

        The package's settings, with each sampled lever held from the plan start (replacing
        the package's entry for that lever); parameters are ``fixed_params`` plus the sampled
        ones.
        """
        levers, params = self._inputs(row["package"], row)
        return levers, params, int(row["seed"])

    def _inputs(self, package: str, row: Mapping) -> tuple[LeverSchedule, Params]:
        if package not in self.packages:
            en, zh = unknown_pair("package", "方案", package, self.packages)
            raise ScenarioError(en, zh=zh)
        pkg = self.packages[package]
        settings = dict(pkg.levers)
        for lever in self.lever_ranges:
            settings[lever] = float(row[f"lever_{lever}"])
        sampled = {p: float(row[f"param_{p}"]) for p in self.param_ranges}
        try:
            levers = LeverSchedule(settings, preset=pkg.preset, start_year=self.plan_start_year)
            params = Params(**{**self.fixed_params, **sampled})
        except SimError as exc:
            zh = getattr(exc, "zh", str(exc))
            raise error("package_error", package=package, exc=exc, exc_zh=zh) from None
        return levers, params

    def check_size(self, yes: bool = False) -> None:
        """Refuse a design over :data:`MAX_RUNS` runs unless ``yes``.

        Raises
        ------
        ScenarioError
            Naming the run count, how it is made up, the limit and ``--yes``.
        """
        n = self.n_runs
        if n > MAX_RUNS and not yes:
            raise error(
                "too_many_runs",
                source=self.source,
                n=n,
                packages=len(self.packages),
                points=self.n_points,
                seeds=self.seeds,
                max=MAX_RUNS,
            )


# --------------------------------------------------------------------------- parsing


def _parse(data: dict, text: str, source: str) -> SweepSpec:
    """Check every field of a parsed sweep file, collecting all problems, then build the spec."""
    bad = _Problems()
    bad.unknown_keys("", data, TOP_LEVEL_KEYS, "top-level key", "顶层键")

    meta = {}
    for key in ("name", "description"):
        v = data.get(key, "")
        if not isinstance(v, str):
            bad.value(key, v, message("text"))
            v = ""
        meta[key] = v
    if not meta["name"] and source != "<text>":
        meta["name"] = Path(source).stem

    # region and calendar
    region = data.get("region", "baodi")
    calendar = None  # (plan_start_year, last_year)
    if not isinstance(region, str) or not region:
        bad.value("region", region, message("region"))
        region = "baodi"
    else:
        try:
            reg = load_region(region)
            calendar = (reg.plan_start_year, reg.last_year)
        except (SimError, OSError) as exc:
            bad.value("region", region, _pair_of(exc))

    horizon = calendar[1] if calendar else 0
    if "horizon" in data:
        v = data["horizon"]
        if not _is_int(v):
            en, zh = message("horizon_in", lo=calendar[0], hi=calendar[1]) if calendar else ("", "")
            bad.value("horizon", v, message("horizon_int", allowed=en, allowed_zh=zh))
        elif calendar and not calendar[0] <= v <= calendar[1]:
            span = {"lo": calendar[0], "hi": calendar[1], "region": region}
            bad.value("horizon", v, message("horizon_range", **span))
        else:
            horizon = v
    # years in lever tables lie in [plan start, horizon] (the region's last year if horizon is bad)
    years = (calendar[0], horizon or calendar[1]) if calendar else None

    # seeds
    seeds = data.get("seeds")
    if "seeds" not in data:
        bad.note("seeds", message("seeds_missing"))
    elif not _is_int(seeds) or seeds <= 0:
        bad.value("seeds", seeds, message("seeds"))
        seeds = None
    seed_start = data.get("seed_start", 0)
    if not _is_int(seed_start) or seed_start < 0:
        bad.value("seed_start", seed_start, message("seed_start"))
        seed_start = None
    if seeds and seed_start is not None and seed_start + seeds - 1 > _INT64_MAX:
        bad.value("seed_start", seed_start, message("seed_max", max=_INT64_MAX))

    packages = _parse_packages(data.get("packages"), years, bad)
    lever_ranges = _parse_lever_ranges(data.get("levers"), bad)
    param_ranges, fixed_params = _parse_params(data.get("params"), bad)
    sampler = _parse_sampler(data.get("sampler"), "sampler" in data, bad)
    if (lever_ranges or param_ranges) and "sampler" not in data:
        bad.note("sampler", message("sampler_missing", methods=", ".join(SAMPLERS)))

    # the core's own checks, as a backstop (they should agree with the ones above)
    if not len(bad) and calendar:
        for name, pkg in packages.items():
            try:
                pkg.schedule(calendar[0])
            except SimError as exc:
                bad.note(_sub("packages", name), _pair_of(exc))
        try:
            Params(**fixed_params)
        except SimError as exc:
            bad.note("params", _pair_of(exc))

    if len(bad):
        n = len(bad)
        head, head_zh = message("problems_head", source=source, n=n, s="s" if n > 1 else "")
        raise ScenarioError(
            "\n".join([head, *(f"  - {p}" for p in bad.items)]),
            bad.items,
            zh="\n".join([head_zh, *(f"  - {p}" for p in bad.items_zh)]),
            problems_zh=bad.items_zh,
        )

    return SweepSpec(
        seeds=seeds,
        name=meta["name"],
        description=meta["description"],
        region=region,
        horizon=horizon,
        seed_start=seed_start,
        packages=packages,
        lever_ranges=lever_ranges,
        param_ranges=param_ranges,
        fixed_params=fixed_params,
        plan_start_year=calendar[0],
        text=text,
        source=source,
        **sampler,
    )


def _parse_packages(raw, years: tuple[int, int] | None, bad: _Problems) -> dict:
    if raw is None or raw == {}:
        return {"status_quo": Package("status_quo", "status_quo", {}, "")}
    if not isinstance(raw, dict):
        bad.value("packages", raw, message("packages"))
        return {}
    out = {}
    for name, body in raw.items():
        path = _sub("packages", name)
        ok = True
        if not _PACKAGE_NAME.fullmatch(name):
            bad.note(path, message("package_name", name=_show(name)))
            ok = False
        if not isinstance(body, dict):
            bad.value(path, body, message("package_table"))
            continue
        bad.unknown_keys(path, body, PACKAGE_KEYS, "package key", "方案键")
        preset = body.get("preset", "status_quo")
        if not isinstance(preset, str) or preset not in PRESETS:
            hints = (nearest(preset, PRESETS), nearest_zh(preset, PRESETS))
            en, zh = hints if isinstance(preset, str) else ("", "")
            allowed = message("unknown_preset", hint=en, hint_zh=zh, presets=", ".join(PRESETS))
            bad.value(f"{path}.preset", preset, allowed)
            ok = False
        description = body.get("description", "")
        if not isinstance(description, str):
            bad.value(f"{path}.description", description, message("text"))
            description = ""
        settings = {}
        raw_levers = body.get("levers", {})
        if not isinstance(raw_levers, dict):
            bad.value(f"{path}.levers", raw_levers, message("package_levers"))
            ok = False
        else:
            settings, levers_ok = _parse_settings(f"{path}.levers", raw_levers, years, bad)
            ok = ok and levers_ok
        if ok:
            out[name] = Package(name, preset, settings, description)
    return out


def _parse_settings(path: str, raw: dict, years, bad: _Problems) -> tuple[dict, bool]:
    """Lever settings of a package: ``id -> value`` or ``id -> {year: value}``."""
    out: dict = {}
    n0 = len(bad)
    for lever, value in raw.items():
        lpath = _sub(path, lever)
        if lever not in _LEVER:
            bad.note(lpath, unknown_pair("lever", "杠杆", lever, LEVER_IDS))
            continue
        spec = _LEVER[lever]
        allowed = message("lever_number", **_spans(spec))
        if isinstance(value, dict):
            if not value:
                bad.value(lpath, value, message("years_empty"))
                continue
            steps = {}
            for year, v in value.items():
                ypath = _sub(lpath, year)
                y = int(year) if _YEAR.fullmatch(year) else None
                if y is None:
                    en, zh = message("year_span", lo=years[0], hi=years[1]) if years else ("", "")
                    bad.note(ypath, message("year_int", year=_show(year), span=en, span_zh=zh))
                elif years and not years[0] <= y <= years[1]:
                    bad.note(ypath, message("year_range", year=y, lo=years[0], hi=years[1]))
                    y = None
                f = _bounded(v, spec.lo, spec.hi)
                if f is None:
                    bad.value(ypath, v, allowed)
                if y is not None and f is not None:
                    steps[y] = f
            out[lever] = dict(sorted(steps.items()))
        else:
            f = _bounded(value, spec.lo, spec.hi)
            if f is None:
                or_years = message("or_years")
                bad.value(lpath, value, (allowed[0] + or_years[0], allowed[1] + or_years[1]))
            else:
                out[lever] = f
    return out, len(bad) == n0


def _parse_lever_ranges(raw, bad: _Problems) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        bad.value("levers", raw, message("lever_ranges"))
        return {}
    out = {}
    for lever, v in raw.items():
        path = _sub("levers", lever)
        if lever not in _LEVER:
            bad.note(path, unknown_pair("lever", "杠杆", lever, LEVER_IDS))
            continue
        why = _range_problem(v, _LEVER[lever])
        if why and _number(v) is not None:
            hint = message("range_fixed_hint")
            why = (why[0] + hint[0], why[1] + hint[1])
        if why:
            bad.value(path, v, why)
        else:
            out[lever] = (float(v[0]), float(v[1]))
    return out


def _parse_params(raw, bad: _Problems) -> tuple[dict, dict]:
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):
        bad.value("params", raw, message("params_table"))
        return {}, {}
    ranges, fixed = {}, {}
    for name, v in raw.items():
        path = _sub("params", name)
        if name not in _PARAM:
            bad.note(path, unknown_pair("parameter", "参数", name, PARAM_NAMES))
            continue
        s = _PARAM[name]
        if isinstance(v, list):
            why = _range_problem(v, s)
            if why:
                bad.value(path, v, why)
            else:
                ranges[name] = (float(v[0]), float(v[1]))
        elif v == CATALOGUE:
            ranges[name] = (s.lo, s.hi)
        elif _number(v) is not None:
            f = _number(v)
            if s.lo <= f <= s.hi:
                fixed[name] = f
            else:
                bad.value(path, v, message("range_outside", **_spans(s)))
        else:
            bad.value(path, v, message("param_value", **_spans(s)))
    return ranges, fixed


def _parse_sampler(raw, given: bool, bad: _Problems) -> dict:
    """The sampler settings as ``SweepSpec`` fields (defaults filled in)."""
    out = {"sampler": None, "n": DEFAULT_N, "levels": 3, "sampler_seed": 0, "second_order": False}
    if not given:
        return out
    methods = ", ".join(SAMPLERS)
    if isinstance(raw, str):
        table, mpath = {"method": raw}, "sampler"
    elif isinstance(raw, dict):
        table, mpath = raw, "sampler.method"
        bad.unknown_keys("sampler", raw, SAMPLER_KEYS, "sampler key", "抽样设置键")
    else:
        bad.value("sampler", raw, message("sampler_type", methods=methods))
        return out

    method = table.get("method")
    if "method" not in table:
        bad.note(mpath, message("method_missing", methods=methods))
        method = None
    elif not isinstance(method, str) or method not in SAMPLERS:
        hints = (nearest(method, SAMPLERS), nearest_zh(method, SAMPLERS))
        en, zh = hints if isinstance(method, str) else ("", "")
        bad.value(mpath, method, message("unknown_sampler", hint=en, hint_zh=zh, methods=methods))
        method = None
    out["sampler"] = method

    if "n" in table:
        n = table["n"]
        if not _is_int(n) or n <= 0:
            bad.value("sampler.n", n, message("sampler_n"))
        elif method == "sobol" and n & (n - 1):
            bad.value("sampler.n", n, message("sobol_n"))
        elif method == "factorial":
            bad.value("sampler.n", n, message("factorial_n"))
        else:
            out["n"] = n
    if "levels" in table:
        lv = table["levels"]
        if not _is_int(lv) or lv < 2:
            bad.value("sampler.levels", lv, message("levels"))
        elif method in ("lhs", "sobol"):
            bad.value("sampler.levels", lv, message("levels_only", method=method))
        elif method == "morris" and lv % 2:
            bad.value("sampler.levels", lv, message("morris_levels"))
        else:
            out["levels"] = lv
    elif method in DEFAULT_LEVELS:
        out["levels"] = DEFAULT_LEVELS[method]
    if "seed" in table:
        sd = table["seed"]
        if not _is_int(sd) or sd < 0:
            bad.value("sampler.seed", sd, message("nonneg"))
        else:
            out["sampler_seed"] = sd
    if "second_order" in table:
        so = table["second_order"]
        if not isinstance(so, bool):
            bad.value("sampler.second_order", so, message("bool"))
        elif method not in (None, "sobol"):
            bad.value("sampler.second_order", so, message("sobol_only", method=method))
        else:
            out["second_order"] = so
    return out
