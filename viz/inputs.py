"""What users type and upload: ``Problem``, ``parse_number``, ``parse_lever``, ``read_scenario``.

``Problem`` is a bilingual input error; ``read_scenario`` checks a scenario file all at once.

The web app accepts numbers as the CLI prints them: thousands separators (``1,000``),
percentages for share-type levers (``10%`` → 0.10), full-width digits and punctuation
(``１０００``, ``１０％``), a leading ``+``, and a lever phased by year as
``2021: 10; 2023: 20``. Every problem is a :class:`Problem` that words itself in Chinese or
English (:meth:`Problem.text`); the English text of a scenario file's problems is the core's
own message, i.e. what ``baodi-sim run --levers FILE`` prints.

No Solara here: the page calls these functions and shows the text where the input is.
"""

import math
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sim.errors import SimError
from sim.levers import LEVER_IDS, LEVERS, LeverSchedule, read_levers_file

__all__ = [
    "PLAN_END_YEAR",
    "Problem",
    "Scenario",
    "format_value",
    "is_share",
    "lever_text",
    "parse_int",
    "parse_lever",
    "parse_number",
    "read_scenario",
    "scenario_toml",
]

PLAN_END_YEAR = 2025  # last year of the 14th five-year plan: lever years run up to it
_SPEC = {lv.id: lv for lv in LEVERS}

# key: (zh, en) templates, filled with Problem.fields
MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("{label}：请输入数值", "{label}: enter a number"),
    "not_number": (
        "{label}：“{text}”不是数字，应为 {lo}–{hi} {unit} 之间的数",
        "{label}: {text!r} must be a number in [{lo}, {hi}] {unit}",
    ),
    "range": (
        "{label}：{text} 超出允许范围 {lo}–{hi} {unit}",
        "{label}: {text} outside allowed range [{lo}, {hi}] {unit}",
    ),
    "percent": (
        "{label}：只有比例型杠杆可以写百分数（{text}）",
        "{label}: a percentage ({text}) is only allowed for share-type levers",
    ),
    "separator": (
        "{label}：“{text}”的千位分隔符位置不对（例如 1,000 或 12,500）",
        "{label}: {text!r} has misplaced thousands separators (write e.g. 1,000 or 12,500)",
    ),
    "year": (
        "{label}：年份 {year} 不在规划期 {first}–{last} 内",
        "{label}: year {year} outside the plan period [{first}, {last}]",
    ),
    "year_syntax": (
        "{label}：“{text}”应写成“年份: 数值”，各年用分号隔开，例如 2021: 10; 2023: 20",
        "{label}: {text!r} must be 'year: value' steps separated by ';', e.g. 2021: 10; 2023: 20",
    ),
    "integer": (
        "{label}：“{text}”应为 {lo}–{hi} 之间的整数",
        "{label}: {text!r} must be an integer in [{lo}, {hi}]",
    ),
    "year_twice": (
        "{label}：年份 {year} 写了两次",
        "{label}: year {year} given twice",
    ),
    # scenario files: the core's own (en, zh) messages, and what only the web app refuses
    "core": ("{where}{msg}", "{where}{msg}"),
    "toml": ("{where}不是有效的 TOML：{detail}", "{where}not valid TOML: {detail}"),
    "utf8": ("{where}不是 UTF-8 文本", "{where}not UTF-8 text"),
    "region": (
        "{where}region = {text}：网页版只模拟宝坻区（baodi）",
        "{where}region = {text}: the web app simulates Baodi only (baodi)",
    ),
}


class Problem(ValueError):  # noqa: N818 — a problem with input, worded for users
    """One input problem, worded in either language by :meth:`text`.

    Parameters
    ----------
    key : str
        Which problem (a key of :data:`MESSAGES`).
    fields : dict
        The values the message names (label, text, range, unit, year...).
    """

    def __init__(self, key: str, fields: dict | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.fields = dict(fields or {})

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``zh`` or ``en``)."""
        zh, en = MESSAGES[self.key]
        k = 0 if lang == "zh" else 1
        f = {n: v[k] if isinstance(v, tuple) else v for n, v in self.fields.items()}
        return (zh if lang == "zh" else en).format(**f)

    def __str__(self) -> str:
        return self.text("en")


def _normal(text) -> str:
    """Full-width forms to ASCII (NFKC), the minus sign to '-', surrounding spaces gone."""
    s = unicodedata.normalize("NFKC", str(text))
    return s.replace("\u2212", "-").replace("\u3002", ".").replace("\u3001", ",").strip()


_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def is_share(lever: str) -> bool:
    """True for levers whose unit is a share (0–1): they accept ``10%``."""
    return _SPEC[lever].unit.startswith("share")


def _lever_fields(lever: str) -> dict:
    """A lever's name, range and unit for messages; (zh, en) pairs are picked by language."""
    s = _SPEC[lever]
    return {
        "label": (f"{s.zh} ({lever})", f"{s.en} ({lever})"),
        "lo": f"{s.lo:g}",
        "hi": f"{s.hi:g}",
        "unit": (s.text("unit", "zh"), s.unit),
    }


def parse_number(text, percent_ok: bool = True, fields: dict | None = None) -> float:
    """A finite number from what a user typed; :class:`Problem` otherwise.

    Parameters
    ----------
    text : str
        ``"1000"``, ``"1,000"``, ``"１０００"``, ``"2.5e3"``, ``"10%"`` (= 0.1), ...
    percent_ok : bool
        Whether a trailing ``%`` is allowed (share-type levers only).
    fields : dict
        Extra fields for the message (label, lo, hi, unit).
    """
    f = {"label": "", "lo": "", "hi": "", "unit": "", **(fields or {}), "text": str(text).strip()}
    s = _normal(text)
    if not s:
        raise Problem("empty", f)
    scale = 1.0
    if s.endswith("%"):
        if not percent_ok:
            raise Problem("percent", f)
        s, scale = s[:-1].strip(), 0.01
    if "," in s:
        if not _GROUPED.match(s):
            raise Problem("separator", f)
        s = s.replace(",", "")
    s = s.replace(" ", "")
    if "_" in s:  # float() takes "1_000"; nobody types it and the CLI never prints it
        raise Problem("not_number", f)
    try:
        v = float(s)
    except ValueError:
        raise Problem("not_number", f) from None
    if not math.isfinite(v):
        raise Problem("not_number", f)
    return v * scale


def parse_int(text, lo: int, hi: int, label: tuple[str, str] | str = "") -> int:
    """An integer in ``[lo, hi]`` from what a user typed (``1,000``, ``１００`` accepted)."""
    f = {"label": label, "lo": f"{lo:,}", "hi": f"{hi:,}", "unit": "", "text": str(text).strip()}
    try:
        v = parse_number(text, percent_ok=False, fields=f)
    except Problem as exc:
        raise Problem("integer" if exc.key != "empty" else "empty", f) from None
    if v != int(v) or not lo <= v <= hi:
        raise Problem("integer", f)
    return int(v)


def parse_lever(lever: str, text, first_year: int = 2021) -> float | dict[int, float]:
    """A lever's value (or ``{year: value}`` steps) from the app's input box.

    ``"10"``, ``"1,000"``, ``"10%"`` (share levers), or phased by year as
    ``"2021: 10; 2023: 20"`` (``=`` or ``：`` also separate year and value; ``；`` or a
    new line the steps). Years must lie in the plan period ``first_year``–2025. Raises
    :class:`Problem` naming the lever, value and allowed range.
    """
    f = _lever_fields(lever)
    s = _normal(text)
    if re.search(r"[:=]", s):
        steps: dict[int, float] = {}
        for part in (p.strip() for p in re.split(r"[;\n]", s)):
            if not part:
                continue
            m = re.fullmatch(r"(\d{4})\s*[:=]\s*(.+)", part)
            if not m:
                raise Problem("year_syntax", {**f, "text": str(text).strip()})
            year = int(m.group(1))
            if not first_year <= year <= PLAN_END_YEAR:
                raise Problem(
                    "year", {**f, "year": year, "first": first_year, "last": PLAN_END_YEAR}
                )
            if year in steps:
                raise Problem("year_twice", {**f, "year": year})
            steps[year] = _in_range(
                lever, parse_number(m.group(2), is_share(lever), f), m.group(2), f
            )
        if not steps:
            raise Problem("empty", {**f, "text": ""})
        return dict(sorted(steps.items()))
    return _in_range(lever, parse_number(text, is_share(lever), f), text, f)


def _in_range(lever: str, v: float, text, f: dict) -> float:
    s = _SPEC[lever]
    if not s.lo <= v <= s.hi:
        raise Problem("range", {**f, "text": str(text).strip()})
    return v


def format_value(v: float) -> str:
    """A lever value as the input box shows it (``1000``, ``0.1``: no separators)."""
    return f"{v:g}" if abs(v) < 1e6 else f"{v:.0f}"


def lever_text(value: float | Mapping) -> str:
    """The input box's text of a lever value or its year steps (inverse of :func:`parse_lever`)."""
    if isinstance(value, Mapping):
        if len(value) == 1:
            return format_value(next(iter(value.values())))
        return "; ".join(f"{int(y)}: {format_value(v)}" for y, v in sorted(value.items()))
    return format_value(float(value))


# ---------------------------------------------------------------- scenario files
@dataclass
class Scenario:
    """A checked scenario file: its levers, parameters and every problem found."""

    levers: LeverSchedule | None
    params: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    name: str = ""

    def messages(self, lang: str = "zh") -> list[str]:
        """Every problem's text in ``lang``."""
        return [p.text(lang) for p in self.problems]


def read_scenario(
    data: bytes | str, filename: str = "scenario.toml", first_year: int = 2021
) -> Scenario:
    """Check a scenario (levers) file exactly as ``baodi-sim run --levers FILE`` does.

    The file is TOML: ``preset = "plan"``, a ``[levers]`` table (a value, or
    ``{ 2021 = v, 2023 = w }`` by year, years in the plan period ``first_year``–2025) and
    optionally ``[params]``. The checking is the core's own
    (:func:`sim.levers.read_levers_file`, every problem at once, each in English and
    Chinese), run on a temporary copy named ``filename``, so the page shows the CLI's
    messages word for word. Only a ``region`` other than Baodi is refused here in addition
    (the web app simulates Baodi).
    """
    where = f"{filename}: "
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Scenario(None, problems=[Problem("utf8", {"where": where})])
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Scenario(None, problems=[Problem("toml", {"where": where, "detail": str(exc)})])
    problems: list[Problem] = []
    if "region" in doc and doc["region"] != "baodi":
        problems.append(Problem("region", {"where": where, "text": repr(doc["region"])}))
    name = str(doc.get("name", ""))
    safe = Path(filename).name or "scenario.toml"
    with tempfile.TemporaryDirectory(prefix="baodi-scenario-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        try:
            levers, params = read_levers_file(
                path, start_year=first_year, years=(first_year, PLAN_END_YEAR)
            )
        except SimError as exc:
            pairs = getattr(exc, "problems", None) or [(str(exc), getattr(exc, "zh", str(exc)))]
            problems += [Problem("core", {"where": where, "msg": (zh, en)}) for en, zh in pairs]
            return Scenario(None, problems=problems, name=name)
    if problems:
        return Scenario(None, problems=problems, name=name)
    return Scenario(levers, dict(params), [], name)


def scenario_toml(levers: LeverSchedule, params: Mapping | None = None, name: str = "") -> str:
    """A scenario file (TOML) that ``baodi-sim run --levers`` and the app read back as given."""
    d = levers.to_dict()
    out = ["# Baodi simulator scenario / 宝坻科技创新生态模拟情景"]
    if name:
        out.append(f'name = "{name}"')
    out += [f'preset = "{d["preset"]}"', "", "[levers]"]
    for lever in LEVER_IDS:
        steps = d["settings"].get(lever)
        if not steps:
            continue
        if len(steps) == 1 and next(iter(steps)) == d["start_year"]:
            out.append(f"{lever} = {float(next(iter(steps.values())))!r}")
        else:
            inner = ", ".join(f"{int(y)} = {float(v)!r}" for y, v in sorted(steps.items()))
            out.append(f"{lever} = {{ {inner} }}")
    if params:
        out += ["", "[params]"] + [f"{k} = {float(v)!r}" for k, v in params.items()]
    return "\n".join(out) + "\n"
