"""The ``baodi-sim`` command line: ``run``, ``levers``, ``params``, plus sub-commands of upper layers.

Sub-commands of the layers above the core (``viz`` …) are discovered through the
``baodi_sim.commands`` entry-point group, so the core never imports them. Every text is in
Chinese (the default) or English (``--lang en``), help included; exit codes are listed in
``EXIT_CODES`` and in ``--help``.

A sub-command's ``register(subparsers)`` words its help in :func:`subcommand_lang`
``(subparsers)``, keeps its texts as ``key: (zh, en)`` like :data:`TEXT`, lists its exit
codes with :func:`exit_codes_help`, and raises :class:`~sim.errors.SimError` (or a subclass)
with the Chinese text in ``.zh``: :func:`main` prints the one ``--lang`` asks for.
"""

import argparse
import hashlib
import math
import os
import pickle
import re
import shutil
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

from .errors import SimError
from .indicators import format_value, status_label, target_table, unit_label
from .levers import lever_table
from .params import PARAM_SPECS, TAGS, Params, param_table
from .params_zh import param_text, tag_text
from .region import load_region

LANGS = ("zh", "en")
TAGS_ZH = {
    "calibrated": "待校准：由校准拟合到记录",
    "literature": "文献：取自所引文献的固定值，区间用于敏感性分析",
    "structural": "结构性：建模选择",
}
DEFAULT_LANG = "zh"

# code: (zh, en) meaning
EXIT_CODES: dict[int, tuple[str, str]] = {
    0: (
        "成功（读取方提前关闭管道，如 | head，也算成功；CSV 照常写入）",
        "success (also when the reader closes the pipe early, as | head does; the CSVs are written)",
    ),
    1: (
        "内部错误（程序缺陷，请附上错误信息报告）",
        "internal error (a bug: please report the traceback)",
    ),
    2: (
        "参数或输入文件有误（运行前检查，不写任何文件）",
        "bad arguments or input files (checked before the run; nothing is written)",
    ),
    3: ("运行完成，但无法写入输出", "the run finished but its output could not be written"),
    130: ("被中断（Ctrl-C）", "interrupted (Ctrl-C)"),
}

# The command line's own texts: key -> (zh, en).
TEXT: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "description": (
        "宝坻区科技创新“十四五”规划 情景模拟（Baodi innovation-ecosystem simulator）。"
        "For English: baodi-sim --lang en --help",
        "Baodi innovation-ecosystem simulator (宝坻区科技创新“十四五”规划 情景模拟). "
        "中文为默认语言。",
    ),
    "usage": ("用法：", "usage: "),
    "options": ("选项", "options"),
    "positionals": ("位置参数", "positional arguments"),
    "commands": ("命令", "commands"),
    "help": ("显示本帮助并退出", "show this help message and exit"),
    "lang": (
        "界面语言：zh（中文，默认）或 en（英文）",
        "language: zh (Chinese, the default) or en",
    ),
    "exit_codes": ("退出码：", "exit codes:"),
    "run": (
        "运行一个情景，显示规划目标表并写出 CSV",
        "run one scenario, print the target table and write CSVs",
    ),
    "levers": ("列出政策杠杆", "list the policy levers"),
    "params": ("列出行为参数", "list the behavioural parameters"),
    "h_levers": (
        "杠杆设置文件（TOML）：preset、[levers]、[params]",
        "lever settings file (TOML): preset, [levers], [params]",
    ),
    "h_seed": ("随机种子（默认 0）", "random seed (default 0)"),
    "h_until": (
        "模拟到哪一年（默认为日历最后一年，宝坻为 2025）；早于目标年时不判定目标",
        "last year to simulate (default: the calendar's last, 2025 for Baodi); "
        "before the targets' year no target is judged",
    ),
    "h_out": ("输出文件夹（默认 ./out）", "output folder (default ./out)"),
    "h_region": ("地区代号或 TOML 文件（默认 baodi）", "region id or TOML file (default baodi)"),
    "h_history": (
        "允许规划期之前的杠杆年份（历史实验：改写校准期，结果不再复现 2015–2019 的记录）",
        "allow lever years before the plan period (a history experiment: it rewrites the "
        "calibration period, so the run no longer reproduces the 2015–2019 record)",
    ),
    "title": ("{region} — 种子 {seed}，至 {until} 年", "{region} — seed {seed}, until {until}"),
    "not_judged": (
        "（至 {year} 年：目标按 {target_year} 年判定，此处只显示进度）",
        "(until {year}: targets are judged at the end of {target_year}; progress shown only)",
    ),
    "wrote": ("已写入", "wrote"),
    "compiling": (
        "首次运行：正在编译数值内核，约需 30 秒（仅此一次）……",
        "first run: compiling the numerical kernels, about 30 s (only once)…",
    ),
    "interrupted": ("已中断", "interrupted"),
    "unavailable": (
        "baodi-sim {name}：不可用（{exc}）；请安装附加组件：pip install -e '.[viz]'",
        "baodi-sim {name}: not available ({exc}); install the extra: pip install -e '.[viz]'",
    ),
    "e_seed": ("--seed = {seed} 必须是非负整数", "--seed = {seed} must be a non-negative integer"),
    "e_until": (
        "--until = {until} 超出日历范围 [{first}, {last}]",
        "--until = {until} outside the calendar [{first}, {last}]",
    ),
    "e_levers_empty": ("--levers 为空：请给出文件路径", "--levers is empty: give a file path"),
    "e_levers_missing": ("--levers：文件“{path}”不存在", "--levers: file '{path}' does not exist"),
    "e_out_empty": ("--out 为空：请给出文件夹路径", "--out is empty: give a folder path"),
    "e_out_file": (
        "--out：“{path}”是文件，不是文件夹",
        "--out: '{path}' is a file, not a folder",
    ),
    "e_out_unwritable": (
        "--out：无法在“{dir}”中写入（{reason}）",
        "--out: cannot write in '{dir}' ({reason})",
    ),
    "e_write": ("无法写入输出“{path}”：{reason}", "could not write the output '{path}': {reason}"),
    "history_hint": (
        "规划期 {start}–{last} 之前，杠杆保持现状值（复现 2015–2019 的记录）；"
        "如确需做历史实验，请加 --allow-history-levers",
        "before the plan period {start}–{last} levers hold their status-quo values (which "
        "reproduces the 2015–2019 record); for a history experiment add --allow-history-levers",
    ),
}

# Column headers of the tables: English key -> Chinese.
HEADERS_ZH: dict[str, str] = {
    "id": "代号",
    "name": "名称",
    "meaning": "含义",
    "unit": "单位",
    "default": "默认值",
    "default (status quo)": "默认（现状）",
    "plan": "规划值",
    "min": "最小值",
    "max": "最大值",
    "fiscal cost": "财政成本",
    "source": "依据",
    "mechanism": "作用机制",
    "tag": "标记",
    "indicator": "指标",
    "2019 baseline (plan)": "2019基数(规划)",
    "model 2019": "模型2019",
    "target": "目标",
    "status": "状态",
}


def _t(key: str, lang: str, **fields) -> str:
    """The command line's text ``key`` in ``lang``, formatted with ``fields``."""
    zh, en = TEXT[key]
    s = zh if lang == "zh" else en
    return s.format(**fields) if fields else s


def _headers(names: list[str], lang: str) -> list[str]:
    """Column headers in ``lang`` (English keys; unknown ones shown as written)."""
    return [HEADERS_ZH.get(n, n) for n in names] if lang == "zh" else names


def _error(message: str, zh: str | None = None) -> SimError:
    err = SimError(message)
    if zh is not None:
        err.zh = zh
    return err


def _err(key: str, **fields) -> SimError:
    """A ``SimError`` with the command line's text ``key`` in both languages."""
    return _error(_t(key, "en", **fields), _t(key, "zh", **fields))


def _table(rows: list[dict], cols: list[str], headers: list[str] | None = None) -> str:
    """Plain-text table (CJK-aware widths)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    def pad(s: str, w: int) -> str:
        return s + " " * (w - width(s))

    headers = headers or cols
    cells = [[str(h) for h in headers]] + [[_fmt(r[c]) for c in cols] for r in rows]
    ws = [max(width(row[j]) for row in cells) for j in range(len(cols))]
    lines = ["  ".join(pad(c, ws[j]) for j, c in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in ws))
    return "\n".join(lines)


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "—"
        if v != 0 and abs(v) < 0.1:
            return f"{v:.4f}"
        return f"{v:,.2f}".rstrip("0").rstrip(".") if v % 1 else f"{v:,.0f}"
    return str(v)


def _kernel_sources() -> list[Path]:
    """The kernel modules that numba caches (``@njit(cache=True)``)."""
    from . import kernels

    here = Path(kernels.__file__).parent
    njit = re.compile(r"^@\S*njit\(.*cache=True", re.M)
    return sorted(f for f in here.glob("*.py") if njit.search(f.read_text(encoding="utf-8")))


def _cache_dirs(source: Path) -> list[Path]:
    """Where numba keeps the cache of a source file (its own locator order)."""
    from numba.core import config

    folder = os.path.dirname(os.path.abspath(source))
    tail = os.path.basename(folder) + "_" + hashlib.sha1(folder.encode()).hexdigest()
    if config.CACHE_DIR:
        return [Path(os.path.abspath(config.CACHE_DIR)) / tail]
    from numba.misc.appdirs import AppDirs

    user = AppDirs(appname="numba", appauthor=False).user_cache_dir
    return [Path(folder) / "__pycache__", Path(user) / tail]


def _index_fresh(index: Path, source: Path) -> bool:
    """Whether a numba index file belongs to this numba and this source text."""
    import numba

    try:
        with open(index, "rb") as f:
            version = pickle.load(f)
            stamp = pickle.loads(f.read())[0]
    except Exception:  # an unreadable index: numba will not use it either
        return False
    if version != numba.__version__:
        return False
    if isinstance(stamp, bytes):  # numba >= 0.68: sha256 of the source
        return stamp == hashlib.sha256(source.read_bytes()).digest()
    st = source.stat()  # older numba: (mtime, size)
    return tuple(stamp) == (st.st_mtime, st.st_size)


def kernel_cache_cold() -> bool:
    """Whether the next run will compile kernels: some kernel module has no fresh cache index.

    Cheap (a few small files are read, nothing is compiled). Importing :mod:`sim.kernels`
    first drops a cache made stale by a change of layout, as the run itself would.
    """
    tag = f".py{sys.version_info[0]}{sys.version_info[1]}"
    for src in _kernel_sources():
        found = False
        for d in _cache_dirs(src):
            for index in d.glob(f"{src.stem}.*{tag}*.nbi") if d.is_dir() else ():
                if _index_fresh(index, src):
                    found = True
                    break
            if found:
                break
        if not found:
            return True
    return False


def _check_out(path: str) -> Path:
    """The output folder, checked before the run: not empty, not a file, writable."""
    if not path.strip():
        raise _err("e_out_empty")
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise _err("e_out_file", path=out)
    for f in ("targets.csv", "timeseries.csv"):
        if (out / f).is_dir():
            raise _err("e_out_file", path=out / f)
    base = out
    while not base.exists() and base != base.parent:
        base = base.parent
    if not base.is_dir():
        raise _err("e_out_file", path=base)
    try:  # the real test of writability (root passes os.access everywhere, /proc refuses)
        os.rmdir(tempfile.mkdtemp(prefix=".baodi-check-", dir=base))
    except OSError as exc:
        raise _err("e_out_unwritable", dir=base, reason=exc.strerror or exc) from None
    return out


def _read_levers(path: str, region, allow_history: bool):
    """The levers file's schedule and ``[params]``; every problem reported at once."""
    from .levers import read_levers_file

    if not path.strip():
        raise _err("e_levers_empty")
    if not Path(path).is_file():
        raise _err("e_levers_missing", path=path)
    first = region.first_year if allow_history else region.plan_start_year
    try:
        return read_levers_file(
            path, start_year=region.plan_start_year, years=(first, region.last_year)
        )
    except SimError as exc:
        if not allow_history and "is before the allowed years" in str(exc):
            fields = {"start": region.plan_start_year, "last": region.last_year}
            raise _error(
                f"{exc}\n{_t('history_hint', 'en', **fields)}",
                f"{getattr(exc, 'zh', exc)}\n{_t('history_hint', 'zh', **fields)}",
            ) from None
        raise


def _write_outputs(out: Path, targets, ts) -> None:
    """Write targets.csv and timeseries.csv through a temporary folder (nothing half-written)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".baodi-", dir=out.parent))
        try:
            targets.to_csv(tmp / "targets.csv", index=False, float_format="%.10g")
            ts.to_csv(tmp / "timeseries.csv", index=False, float_format="%.10g")
            out.mkdir(parents=True, exist_ok=True)
            for f in ("targets.csv", "timeseries.csv"):
                os.replace(tmp / f, out / f)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        raise _OutputError(_t("e_write", "en", path=out, reason=exc.strerror or exc)) from exc


class _OutputError(SimError):
    """The run finished but its output could not be written (exit code 3)."""


def cmd_run(args) -> int:
    """Run one scenario; write targets.csv and timeseries.csv, then print the target table."""
    import pandas as pd

    lang = args.lang
    if args.seed < 0:
        raise _err("e_seed", seed=args.seed)
    out = _check_out(args.out)
    region = load_region(args.region)
    until = args.until if args.until is not None else region.last_year
    if not region.first_year <= until <= region.last_year:
        raise _err("e_until", until=until, first=region.first_year, last=region.last_year)
    levers, overrides = None, {}
    if args.levers is not None:
        levers, overrides = _read_levers(args.levers, region, args.allow_history_levers)
    params = Params(**overrides)
    if kernel_cache_cold():
        print(_t("compiling", lang), file=sys.stderr, flush=True)
    from .model import BaodiModel

    model = BaodiModel(region=region, params=params, levers=levers, seed=args.seed)
    model.run(until)
    ts = model.timeseries()
    rows, year, judged = target_table(region, ts)
    _write_outputs(out, pd.DataFrame(rows), ts)

    y19 = ts[(ts["year"] == 2019) & (ts["qy"] == 4)]
    shown = []
    for r in rows:
        t = region.target(r["indicator"])
        m19 = float(y19[r["indicator"]].iloc[0]) if len(y19) else float("nan")
        shown.append(
            {
                "name": t.zh if lang == "zh" else t.en,
                "unit": unit_label(t.unit, lang),
                "baseline_2019": format_value(r["baseline_2019"], t.unit),
                "model_2019": format_value(m19, t.unit),
                "value": format_value(r[f"value_{year}"], t.unit),
                "target": format_value(r["target"], t.unit),
                "status": status_label(r["status"], lang),
            }
        )
    head = _headers(
        ["indicator", "unit", "2019 baseline (plan)", "model 2019", "", "target", "status"], lang
    )
    head[4] = f"{year}值" if lang == "zh" else f"{year} value"
    region_name = region.zh if lang == "zh" else region.en
    print(_t("title", lang, region=region_name, seed=args.seed, until=until))
    cols = ["name", "unit", "baseline_2019", "model_2019", "value", "target", "status"]
    print(_table(shown, cols, head))
    if not judged:
        print(_t("not_judged", lang, year=year, target_year=region.last_year))
    print(f"\n{_t('wrote', lang)} {out / 'targets.csv'}, {out / 'timeseries.csv'}")
    return 0


def _source(text: str) -> str:
    """A parameter's source without a doubled "assumed; "."""
    while text.startswith("assumed; assumed"):
        text = text[len("assumed; ") :]
    return text


def _param_rows(lang: str) -> list[dict]:
    """The parameter table in ``lang``: units, mechanisms, sources, years without separators.

    The Chinese units, mechanisms and sources are :mod:`sim.params_zh`'s.
    """
    rows = []
    for s, r in zip(PARAM_SPECS, param_table(), strict=True):
        r = dict(r)
        unit = r["unit"]
        for k in ("default", "lo", "hi"):
            r[k] = format_value(r[k], unit) if unit in ("year", "years", "quarters") else r[k]
        for k in ("unit", "mechanism", "source"):
            r[k] = param_text(s, k, lang)
        r["source"] = _source(r["source"])
        r["tag"] = tag_text(r["tag"], lang)
        rows.append(r)
    return rows


def cmd_levers(args) -> int:
    """Print the lever catalogue."""
    rows = lever_table(args.lang)
    name = "zh" if args.lang == "zh" else "en"
    cols = ["id", name, "unit", "status_quo", "plan", "lo", "hi", "cost", "mechanism", "section"]
    head = [
        "id",
        "name",
        "unit",
        "default (status quo)",
        "plan",
        "min",
        "max",
        "fiscal cost",
        "mechanism",
        "source",
    ]
    print(_table(rows, cols, _headers(head, args.lang)))
    return 0


def cmd_params(args) -> int:
    """Print the parameter table."""
    rows = _param_rows(args.lang)
    name = "zh" if args.lang == "zh" else "en"
    print(
        _table(
            rows,
            ["name", name, "default", "lo", "hi", "unit", "tag", "mechanism", "source"],
            _headers(
                ["name", "meaning", "default", "min", "max", "unit", "tag", "mechanism", "source"],
                args.lang,
            ),
        )
    )
    if args.lang == "zh":
        print("\n标记：" + "；".join(TAGS_ZH[k] for k in TAGS))
    else:
        print("\ntags: " + "; ".join(f"{k} = {v}" for k, v in TAGS.items()))
    return 0


def _parser_class(lang: str) -> type:
    """An ``ArgumentParser`` whose own texts (usage, errors, section titles) are in ``lang``."""

    class _Parser(argparse.ArgumentParser):
        def __init__(self, *a, **kw):
            kw.setdefault("formatter_class", _formatter(lang))
            kw.setdefault("add_help", False)
            super().__init__(*a, **kw)
            self._positionals.title = _t("positionals", lang)
            self._optionals.title = _t("options", lang)
            self.add_argument("-h", "--help", action="help", help=_t("help", lang))

        def error(self, message: str):
            self.print_usage(sys.stderr)
            if lang == "zh":
                message = _argparse_zh(message)
            self.exit(2, f"{self.prog}: {_t('error', lang)}: {message}\n")

    return _Parser


def _formatter(lang: str) -> type:
    class _Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            prefix = _t("usage", lang) if prefix is None else prefix
            return super().add_usage(usage, actions, groups, prefix)

    return _Formatter


_ARGPARSE_ZH = (
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1：不是整数：\2"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"参数 \1：无效选项 \2（可选：\3）",
    ),
    (r"argument (\S+): expected one argument", r"参数 \1：需要一个值"),
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"ambiguous option: (.*)", r"有歧义的选项：\1"),
)


def _argparse_zh(message: str) -> str:
    """The usual messages of argparse in Chinese (others as written)."""
    for pattern, zh in _ARGPARSE_ZH:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, zh, message)
    return message


def exit_codes_help(codes: dict[int, tuple[str, str]], lang: str) -> str:
    """The ``--help`` epilog listing ``codes`` (``code: (zh, en)``) in ``lang``."""
    k = 0 if lang == "zh" else 1
    lines = [f"  {code:<4} {text[k]}" for code, text in codes.items()]
    return _t("exit_codes", lang) + "\n" + "\n".join(lines)


def _epilog(lang: str) -> str:
    return exit_codes_help(EXIT_CODES, lang)


def subcommand_lang(subparsers) -> str:
    """The language a sub-command's help is written in: the one ``build_parser`` was given."""
    return getattr(subparsers, "lang", DEFAULT_LANG)


def _lang_of(argv: list[str]) -> str:
    """The ``--lang`` given anywhere on the command line (before parsing: help needs it)."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if a.startswith("--lang=") and a[7:] in LANGS:
            return a[7:]
    return DEFAULT_LANG


def build_parser(lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The argument parser in ``lang``, with plug-in sub-commands from upper layers."""
    cls = _parser_class(lang)
    fmt = _formatter(lang)
    epilog = _epilog(lang)
    p = cls(prog="baodi-sim", description=_t("description", lang), epilog=epilog)
    p.add_argument("--lang", choices=LANGS, default=lang, help=_t("lang", lang))
    sub = p.add_subparsers(
        dest="command",
        required=True,
        parser_class=cls,
        title=_t("commands", lang),
        metavar="COMMAND",
    )
    sub.lang = lang  # for the plug-ins' help texts (subcommand_lang)
    r = sub.add_parser(
        "run", help=_t("run", lang), description=_t("run", lang), epilog=epilog, formatter_class=fmt
    )
    r.add_argument("--levers", metavar="FILE", help=_t("h_levers", lang))
    r.add_argument("--seed", type=int, default=0, help=_t("h_seed", lang))
    r.add_argument("--until", type=int, default=None, metavar="YEAR", help=_t("h_until", lang))
    r.add_argument("--out", default="out", metavar="DIR", help=_t("h_out", lang))
    r.add_argument("--lang", choices=LANGS, default=lang, help=_t("lang", lang))
    r.add_argument("--region", default="baodi", help=_t("h_region", lang))
    r.add_argument("--allow-history-levers", action="store_true", help=_t("h_history", lang))
    r.set_defaults(func=cmd_run)
    for name, fn in (("levers", cmd_levers), ("params", cmd_params)):
        s = sub.add_parser(
            name,
            help=_t(name, lang),
            description=_t(name, lang),
            epilog=epilog,
            formatter_class=fmt,
        )
        s.add_argument("--lang", choices=LANGS, default=lang, help=_t("lang", lang))
        s.set_defaults(func=fn)
    for ep in entry_points(group="baodi_sim.commands"):
        try:
            register = ep.load()
        except ImportError as exc:  # an optional layer that is not installed
            s = sub.add_parser(ep.name, help=f"({exc})")
            s.set_defaults(func=lambda a, e=exc, n=ep.name: _unavailable(n, e, lang))
            continue
        register(sub)
    return p


def _unavailable(name: str, exc: Exception, lang: str = DEFAULT_LANG) -> int:
    print(_t("unavailable", lang, name=name, exc=exc), file=sys.stderr)
    return 2


def _quiet_stdout() -> None:
    """After a closed pipe: send what is left of stdout to /dev/null (no shutdown warning)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file (tests)
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``baodi-sim``; returns the exit code (see ``EXIT_CODES``)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = _lang_of(argv)
    args = build_parser(lang).parse_args(argv)
    lang = getattr(args, "lang", lang) or lang
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # `baodi-sim run | head`: the reader has what it wanted
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        print(f"baodi-sim: {_t('interrupted', lang)}", file=sys.stderr)
        return 130
    except SimError as exc:
        text = getattr(exc, "zh", str(exc)) if lang == "zh" else str(exc)
        print(f"baodi-sim: {_t('error', lang)}: {text}", file=sys.stderr)
        return 3 if isinstance(exc, _OutputError) else 2


if __name__ == "__main__":
    sys.exit(main())
