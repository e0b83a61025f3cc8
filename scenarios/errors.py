"""The scenarios layer's one exception type, ``ScenarioError``, and its messages in zh and en.

A subclass of :class:`sim.errors.SimError`, so the command line reports both the same way
(message on stderr, exit code 2) and in the same two languages: the English text is the
message, the Chinese one is in ``.zh`` (as for the core's errors; ``baodi-sim`` picks by
``--lang``). A message names the field, the value and what is allowed; a file with several
problems raises one error listing all of them (``problems`` in English, ``problems_zh``).

The texts are :data:`MESSAGES`, ``key -> (zh, en)`` templates as in :mod:`sim.cli`; build an
error with :func:`error` and a single text pair with :func:`message`.
"""

from sim.errors import SimError

# key: (zh, en) templates, filled by message()/error()
MESSAGES: dict[str, tuple[str, str]] = {
    # ---- the sweep file: what is allowed, after "path = value: "
    "problems_head": (
        "{source}：扫描文件有 {n} 个问题：",
        "{source}: {n} problem{s} in the sweep file:",
    ),
    "file_missing": ("扫描文件“{path}”不存在", "sweep file '{path}' does not exist"),
    "file_not_file": ("扫描文件“{path}”不是文件", "sweep file '{path}' is not a file"),
    "file_utf8": ("{path}：不是 UTF-8 文本：{exc}", "{path}: not UTF-8 text: {exc}"),
    "file_unreadable": (
        "无法读取扫描文件“{path}”：{exc}",
        "sweep file '{path}' cannot be read: {exc}",
    ),
    "file_toml": ("{path}：不是有效的 TOML：{exc}", "{path}: not valid TOML: {exc}"),
    "no_sampler": ("{source}：给出了范围，但没有抽样方法", "{source}: ranges given but no sampler"),
    "text": ("必须是文本字符串", "must be a text string"),
    "region": (
        '必须是地区代号（如 "baodi"）或地区 TOML 文件的路径',
        'must be a region id (e.g. "baodi") or the path of a region TOML file',
    ),
    "horizon_int": (
        "必须是整数年份{allowed}（最后模拟的年份）",
        "must be an integer year{allowed} (the last simulated year)",
    ),
    "horizon_in": ("，范围 [{lo}, {hi}]", " in [{lo}, {hi}]"),
    "horizon_range": (
        "超出 [{lo}, {hi}]（地区“{region}”的规划起始年到最后一年）",
        "outside [{lo}, {hi}] (plan start to the last year of region '{region}')",
    ),
    "seeds_missing": (
        "缺少；请给出每个试验的种子数，如 seeds = 100",
        "missing; give the number of seeds per experiment, e.g. seeds = 100",
    ),
    "seeds": (
        "必须是正整数（每个试验的种子数）",
        "must be a positive integer (seeds per experiment)",
    ),
    "seed_start": (
        "必须是非负整数（第一个种子）",
        "must be a non-negative integer (the first seed)",
    ),
    "seed_max": (
        "seed_start + seeds - 1 不得超过 {max}",
        "seed_start + seeds - 1 must be at most {max}",
    ),
    "sampler_missing": (
        '缺少，但 [levers] 或 [params] 给出了范围；请加上 sampler = "lhs"'
        "（或 [sampler] 表，method 取 {methods} 之一）",
        'missing, but [levers] or [params] give ranges; add sampler = "lhs" (or a '
        "[sampler] table with method one of {methods})",
    ),
    "packages": (
        "必须是 [packages.名称] 表（preset、levers、description）",
        "must be tables [packages.NAME] (preset, levers, description)",
    ),
    "package_name": (
        "方案名 {name} 必须由 1–64 个字母、数字、“_”或“-”组成（如 talent_first）",
        "package name {name} must be 1–64 letters, digits, '_' or '-' (e.g. talent_first)",
    ),
    "package_table": (
        "必须是表（preset、levers、description）",
        "must be a table (preset, levers, description)",
    ),
    "package_levers": (
        "必须是“杠杆 = 值”或“杠杆 = {{年份 = 值}}”的表",
        "must be a table of lever = value or {{year = value}}",
    ),
    "lever_number": ("必须是 {span} 范围内的数", "must be a number in {span}"),
    "or_years": ("，或表 {{ 年份 = 值, … }}", " or a table {{ YEAR = value, … }}"),
    "years_empty": (
        "年份表为空；请给出 {{ 年份 = 值, … }} 或一个数",
        "empty year table; give {{ YEAR = value, … }} or a number",
    ),
    "year_int": ("年份 {year} 不是整数年份{span}", "year {year} is not an integer year{span}"),
    "year_span": ("，范围 [{lo}, {hi}]", " in [{lo}, {hi}]"),
    "year_range": (
        "年份 {year} 超出 [{lo}, {hi}]（规划起始年到模拟终止年）",
        "year {year} outside [{lo}, {hi}] (the plan start to the horizon)",
    ),
    "lever_ranges": (
        "必须是“杠杆 = [下限, 上限]”的表",
        "must be a table of lever = [lo, hi] ranges",
    ),
    "range_pair": (
        "必须是由两个数组成的范围 [下限, 上限]，在 {span} 之内",
        "must be a range [lo, hi] of two numbers within {span}",
    ),
    "range_finite": (
        "必须是由两个有限数（不是 true/false 或文本）组成的范围 [下限, 上限]，在 {span} 之内",
        "must be a range [lo, hi] of two finite numbers (not true/false or text) within {span}",
    ),
    "range_order": ("下限必须小于上限，在 {span} 之内", "lo must be below hi, within {span}"),
    "range_outside": ("超出目录范围 {span}", "outside the catalogue's range {span}"),
    "range_fixed_hint": (
        "；要在每次运行中设定杠杆，请在各 [packages.名称] 的 levers 中给出",
        "; to set a lever in every run, give it in each [packages.NAME] levers",
    ),
    "params_table": (
        '必须是“名称 = [下限, 上限]”、"catalogue" 或数值的表',
        'must be a table of name = [lo, hi], "catalogue" or a number',
    ),
    "param_value": (
        '必须是 {span} 范围内的数、其中的范围 [下限, 上限]，或 "catalogue"',
        'must be a number in {span}, a range [lo, hi] within it, or "catalogue"',
    ),
    "sampler_type": (
        '必须是抽样方法名（如 "lhs"）或 [sampler] 表；方法：{methods}',
        'must be a method name (e.g. "lhs") or a [sampler] table; methods: {methods}',
    ),
    "method_missing": ("缺少；可选：{methods}", "missing; one of {methods}"),
    "sampler_n": (
        "必须是正整数（lhs 点数、sobol 基数 N、morris 轨迹数）",
        "must be a positive integer (lhs points, sobol base N, morris trajectories)",
    ),
    "sobol_n": (
        "sobol 的基数 N 必须是 2 的幂（如 16、32、64）",
        "sobol's base N must be a power of 2 (e.g. 16, 32, 64)",
    ),
    "factorial_n": ("全因子设计用 levels，不用 n", "factorial designs take levels, not n"),
    "levels": (
        "必须是 ≥ 2 的整数（每个因子的水平数）",
        "must be an integer ≥ 2 (levels per factor)",
    ),
    "levels_only": (
        "只适用于 factorial 和 morris，不适用于 {method}",
        "applies to factorial and morris only, not {method}",
    ),
    "morris_levels": (
        "morris 的水平数必须是偶数（SALib：奇数水平数会使样本有偏）",
        "morris levels must be even (SALib: odd levels bias the sample)",
    ),
    "nonneg": ("必须是非负整数", "must be a non-negative integer"),
    "bool": ("必须是 true 或 false", "must be true or false"),
    "sobol_only": ("只适用于 sobol，不适用于 {method}", "applies to sobol only, not {method}"),
    "package_error": ("方案“{package}”：{exc}", "package '{package}': {exc}"),
    "too_many_runs": (
        "{source}：设计共 {n:,} 次运行（{packages} 个方案 × {points:,} 个设计点 × {seeds:,} 个种子），"
        "超过上限 {max:,}；如确需运行，请加 --yes（yes=True）",
        "{source}: the design has {n:,} runs ({packages} packages × {points:,} design points × "
        "{seeds:,} seeds), more than the limit of {max:,}; pass --yes (yes=True) to run it anyway",
    ),
    # ---- unknown choices (unknown names in general: sim.errors.unknown_pair)
    "unknown_preset": (
        "未知预设{hint}；可选：{presets}",
        "unknown preset{hint}; allowed: {presets}",
    ),
    "unknown_sampler": (
        "未知抽样方法{hint}；可选：{methods}",
        "unknown sampler{hint}; allowed: {methods}",
    ),
    # ---- the command line's options
    "out_empty": (
        "--out 为空；请给出扫描结果文件夹，如 --out sweeps/packages",
        "--out is empty; give a store folder, e.g. --out sweeps/packages",
    ),
    "workers": (
        "--workers = {workers} 必须是 0（本进程）或更大",
        "--workers = {workers} must be 0 (this process) or more",
    ),
    "workers_dask": (
        "请给出 --workers（进程池）或 --dask（集群），不能同时给出",
        "give --workers (a process pool) or --dask (a cluster), not both",
    ),
    "summary_out_empty": (
        "--out 为空；请给出 .csv 或 .parquet 文件",
        "--out is empty; give a .csv or .parquet file",
    ),
    "store_empty": (
        "扫描结果“{store}”中还没有完成的运行",
        "store '{store}' holds no finished run yet",
    ),
    # ---- stores
    "not_a_store": (
        "“{path}”不是扫描结果文件夹（没有 manifest.json）",
        "'{path}' is not a sweep store (no manifest.json)",
    ),
    "store_path_empty": (
        "扫描结果路径为空；请给出文件夹，如 --out sweeps/plan",
        "store path is empty; give a folder, e.g. --out sweeps/plan",
    ),
    "store_is_file": (
        "扫描结果路径“{path}”是文件；请给出文件夹（新建的或已有的扫描结果）",
        "store path '{path}' is a file; give a folder (new or a store)",
    ),
    "store_parent": (
        "扫描结果路径“{path}”：“{parent}”不是文件夹",
        "store path '{path}': '{parent}' is not a folder",
    ),
    "store_unwritable": (
        "扫描结果路径“{path}”：文件夹“{parent}”不可写（{reason}）",
        "store path '{path}': folder '{parent}' is not writable ({reason})",
    ),
    "store_foreign": (
        "扫描结果路径“{path}”是一个含有其他文件、但不是扫描结果的文件夹（没有 manifest.json）；"
        "请给出新的或空的文件夹",
        "store path '{path}' is a folder that holds other files but no sweep store "
        "(no manifest.json); give a new or empty folder",
    ),
    "manifest": ("{path}：无法读取清单：{exc}", "{path}: unreadable manifest: {exc}"),
    "other_sweep": (
        "扫描结果“{path}”属于另一个扫描（其文件哈希 {theirs}，本文件 {ours}）；请为本扫描给出新的 --out 文件夹",
        "store '{path}' holds another sweep (its file hash {theirs}, this file {ours}); "
        "give a new --out folder for this sweep",
    ),
    "other_model": (
        "扫描结果“{path}”由模型版本 {theirs} 生成，本模型为 {ours}：两种模型的运行会混在一起。"
        "请给出新的 --out 文件夹，或加 --allow-model-change 把本模型的运行加进去",
        "store '{path}' was made with model version {theirs}, this model is {ours}: its runs "
        "would mix two models. Give a new --out folder, or pass --allow-model-change to add "
        "this model's runs to it",
    ),
    "disk_full": (
        "写入 {path} 时磁盘已满：没有写一半的文件，已保存的运行都在；请腾出空间后重新运行同一命令以继续",
        "disk full while writing {path}: nothing was half-written and the runs already stored "
        "are kept; free some space and run the same command again to resume",
    ),
    "cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    # ---- runners
    "workers_negative": (
        "workers = {workers} 必须是 0（在本进程中）或更大",
        "workers = {workers} must be 0 (in this process) or more",
    ),
    "pool_died": (
        "扫描的工作进程已崩溃 {n} 次；已完成的运行已保存：重新运行同一命令即可继续",
        "the sweep's worker processes died {n} times; the runs so far are stored: run the "
        "same command again to resume",
    ),
    "no_dask": (
        "--dask 需要 Dask 的 distributed 包（{exc}）；请安装附加组件：pip install -e '.[dask]'",
        "--dask needs Dask's distributed package ({exc}); install the extra: "
        "pip install -e '.[dask]'",
    ),
    "dask_address": (
        "--dask 需要 'local' 或调度器地址，如 tcp://HOST:8786",
        "--dask needs 'local' or a scheduler address like tcp://HOST:8786",
    ),
    "dask_unreachable": (
        "--dask {address}：无法连接调度器（{exc}）",
        "--dask {address}: cannot reach the scheduler ({exc})",
    ),
    # ---- summaries
    "summary_ext": (
        "无法把汇总表写入“{path}”：不允许扩展名“{ext}”；可选：{allowed}",
        "cannot write the summary to '{path}': extension '{ext}' is not allowed; allowed: {allowed}",
    ),
    "summary_no_folder": (
        "无法把汇总表写入“{path}”：文件夹“{parent}”{what_zh}",
        "cannot write the summary to '{path}': folder '{parent}' {what}",
    ),
    "summary_is_folder": (
        "无法把汇总表写入“{path}”：这是文件夹；请给出以 {allowed_zh} 结尾的文件名",
        "cannot write the summary to '{path}': it is a folder; give a file name ending in {allowed}",
    ),
    "summary_unwritable": (
        "无法把汇总表写入“{path}”：文件夹“{parent}”不可写",
        "cannot write the summary to '{path}': folder '{parent}' is not writable",
    ),
    "summary_failed": (
        "无法把汇总表写入“{path}”：{reason}",
        "cannot write the summary to '{path}': {reason}",
    ),
    # ---- scenarios.lever_effects
    "levers_no_base": (
        "lever_effects：存储中没有已完成的“{base}”运行",
        "lever_effects: the store has no finished '{base}' runs",
    ),
}


def message(key: str, **fields) -> tuple[str, str]:
    """The text ``key`` of :data:`MESSAGES` as ``(en, zh)``, filled with ``fields``.

    A field ``x_zh`` replaces ``x`` in the Chinese text (a unit or a reason in Chinese).
    """
    zh, en = MESSAGES[key]
    zh_fields = {**fields, **{k[:-3]: v for k, v in fields.items() if k.endswith("_zh")}}
    return en.format(**fields), zh.format(**zh_fields)


class ScenarioError(SimError):
    """Bad input to a sweep (file, store, options); ``problems`` lists every one found.

    Parameters
    ----------
    message : str
        The English text (``str(err)``).
    problems : list of str, optional
        Every problem in English (default: ``[message]``).
    zh : str, optional
        The Chinese text (``err.zh``; default: the English one).
    problems_zh : list of str, optional
        Every problem in Chinese, in the order of ``problems``.
    """

    def __init__(
        self,
        message: str,
        problems: list[str] | None = None,
        zh: str | None = None,
        problems_zh: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]
        self.zh = zh if zh is not None else message
        self.problems_zh = list(problems_zh or (problems if problems else [self.zh]))


def error(key: str, **fields) -> ScenarioError:
    """A ``ScenarioError`` with the text ``key`` of :data:`MESSAGES` in both languages."""
    en, zh = message(key, **fields)
    return ScenarioError(en, zh=zh)
