"""No assumed number hides in a kernel: every one is a parameter (sim/params.py PARAM_SPECS).

Reads every function of ``sim/kernels/*.py`` and ``sim/phases/*.py`` (ast) and fails on a numeric literal in its
arithmetic that is not 0, 1, a unit conversion or an index. Named module constants are
not literals: those left in the kernels are official rules with their citation (HNTE,
tech-SME, eaglet thresholds) or layout (chunk sizes, field rows). What else is allowed
is listed below, each with its reason.
"""

import ast
from pathlib import Path

import sim.kernels

KERNEL_DIRS = sim.kernels.kernel_dirs()

# Allowed anywhere: 0, 1 and the number of quarters in a year (a unit conversion).
ALWAYS = {0, 1, 4}
# Numerical guards of log/exp: not behaviour.
GUARDS = {1e-300, 1e300}
# Whole modules of numerical methods (their constants are the method's, cited there).
NUMERICAL_MODULES = {
    "elementary.py": "fexp/flog: Cody–Waite reduction and minimax coefficients",
    "rng.py": "splitmix64 constants and Box–Muller's 2π, −2",
}
# (module, function): {value: reason}.
ALLOWED = {
    # Official rule tables, cited in the functions' docstrings.
    ("common.py", "hnte_rd_threshold"): {"*": "国科发火〔2016〕32号 第十一条(五) R&D thresholds"},
    ("common.py", "hnte_rd_threshold_py"): {"*": "twin of hnte_rd_threshold"},
    ("common.py", "growth_points"): {"*": "国科发火〔2016〕32号 附件 growth bands and points"},
    ("common.py", "growth_points_py"): {"*": "twin of growth_points"},
    ("common.py", "hnte_score"): {2.0: "two 10-point growth indicators (rule)"},
    ("common.py", "hnte_score_py"): {2.0: "idem"},
    ("common.py", "sme_score"): {"*": "国科发政〔2017〕115号 附件 score table"},
    ("common.py", "sme_score_py"): {"*": "twin of sme_score"},
    # Numerical methods.
    ("common.py", "laplace"): {0.5: "inverse CDF of the Laplace law", 2.0: "idem"},
    ("common.py", "laplace_py"): {0.5: "idem", 2.0: "idem"},
    ("common.py", "hit_1mexp"): {0.5: "Taylor bounds of 1 − exp(−x)"},
    ("common.py", "hit_1mexp_py"): {0.5: "idem"},
    ("firms.py", "successes"): {0.5: "hit_1mexp's bounds, branch-free"},
    ("common.py", "poisson_inv"): {10000: "iteration cap of the inversion"},
    ("common.py", "poisson_inv_py"): {10000: "idem"},
    ("talent.py", "_rates"): {2.0: "logistic scaled so the rate is move_rate at equal utility"},
    ("talent.py", "_vacancies"): {0.5: "int(x + 0.5): rounding to the nearest whole vacancy"},
    ("talent_ref.py", "quit_and_move"): {2.0: "twin of _rates"},
    ("talent_ref.py", "open_vacancies"): {0.5: "twin of _vacancies"},
    # Bit layouts.
    ("talent.py", "_alive_bits"): {64: "bits per word of the alive bitmap"},
    # Definitions.
    ("labels.py", "_label_rounds"): {3.0: "cube root: growth per year over 3 years (rule)"},
    ("labels.py", "_hnte_keys"): {3.0: "sort key above any uniform draw (not eligible)"},
    ("labels.py", "init_hnte"): {
        3.0: "the keys' not-eligible mark (see _hnte_keys); certificates of the last 3 years"
    },
    ("labels_ref.py", "ladder_label"): {3.0: "cube root: growth per year over 3 years (rule)"},
}
SHAPE_CALLS = {"empty", "zeros", "ones", "full", "range", "prange"}
BIT_OPS = (ast.LShift, ast.RShift, ast.BitAnd, ast.BitOr, ast.BitXor)


def _skipped(fn: ast.FunctionDef) -> set[int]:
    """ids of constants that are indices, array shapes, loop bounds or bit fields."""
    skip: set[int] = set()

    def mark(node):
        skip.update(id(c) for c in ast.walk(node))

    for n in ast.walk(fn):
        if isinstance(n, ast.Subscript):
            mark(n.slice)  # an index
        elif isinstance(n, ast.Call):
            f = n.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
            if name in SHAPE_CALLS:
                for a in n.args:
                    mark(a)  # an array shape or a loop's bounds
        elif isinstance(n, ast.BinOp) and isinstance(n.op, BIT_OPS):
            mark(n.left)
            mark(n.right)
        elif isinstance(n, ast.Compare) and any(
            isinstance(s, ast.Name) and s.id == "qy" for s in [n.left, *n.comparators]
        ):
            mark(n)  # the quarter of the year, an index 0..3
        elif isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant):
            mark(n)  # a docstring
    return skip


def literals(path: Path, allowances=None):
    """(function, line, value) of every numeric literal not allowed in ``path``."""
    allowances = ALLOWED if allowances is None else allowances
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        allowed = allowances.get((path.name, fn.name), {})
        skip = _skipped(fn)
        for n in ast.walk(fn):
            if not isinstance(n, ast.Constant) or id(n) in skip:
                continue
            v = n.value
            if isinstance(v, bool) or not isinstance(v, int | float):
                continue
            if v in ALWAYS or v in GUARDS or "*" in allowed or v in allowed:
                continue
            out.append((fn.name, n.lineno, v))
    return out


def test_no_assumed_number_in_a_kernel():
    found = [
        f"sim/{p.parent.name}/{p.name}:{line} in {fn}(): {v!r}"
        for d in KERNEL_DIRS
        for p in sorted(d.glob("*.py"))
        if p.name not in NUMERICAL_MODULES
        for fn, line, v in literals(p)
    ]
    assert not found, (
        "numeric literals in kernel arithmetic; make each a parameter in sim/params.py "
        "(tag: calibrated / literature / structural) or, if it is a unit conversion or a "
        "numerical method, allow it in this test with its reason:\n" + "\n".join(found)
    )


def test_the_scan_sees_a_hidden_number(tmp_path):
    """Negative control: an assumed number in a kernel's arithmetic is reported."""
    f = tmp_path / "x.py"
    f.write_text(
        "def k(a, par, out):\n"
        "    out[3] = a[0] * 0.3 + par[P_X]\n"  # 0.3 reported; the indices 3, 0 are not
        "    for j in range(4, 8):\n"
        "        out[j] = max(a[j], 2.5)\n",  # 2.5 reported; range bounds are not
        encoding="utf-8",
    )
    assert [v for _, _, v in literals(f)] == [0.3, 2.5]


def test_every_allowance_is_still_needed():
    """An allowance that hides nothing (the function or the number is gone) is stale."""
    for (mod, fn_name), values in ALLOWED.items():
        without = {k: v for k, v in ALLOWED.items() if k != (mod, fn_name)}
        (path,) = [d / mod for d in KERNEL_DIRS if (d / mod).is_file()]
        found = {v for fn, _, v in literals(path, without) if fn == fn_name}
        for v in values:
            assert found if v == "*" else v in found, f"{mod}:{fn_name}: {v} hides nothing"
