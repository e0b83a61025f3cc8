"""Every parameter has its Chinese unit, mechanism and source (sim/params_zh.py), and only those."""

import re

from sim.cli import main
from sim.params import PARAM_NAMES, PARAM_SPECS
from sim.params_zh import PARAMS_ZH, param_text

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_parameter_has_a_chinese_entry_and_every_entry_a_parameter():
    missing = [n for n in PARAM_NAMES if n not in PARAMS_ZH]
    stray = [n for n in PARAMS_ZH if n not in PARAM_NAMES]
    assert not missing, f"add to sim/params_zh.py: {missing}"
    assert not stray, f"sim/params_zh.py names no parameter: {stray}"


def test_entries_are_chinese_text():
    for name, (unit, mechanism, source) in PARAMS_ZH.items():
        assert unit.strip() and mechanism.strip() and source.strip(), name
        assert CJK.search(mechanism) and CJK.search(source), name
        assert "assumed" not in source, name
        spec = next(s for s in PARAM_SPECS if s.name == name)
        if spec.unit not in ("1", "log", "sd"):  # dimensionless or mathematical
            assert CJK.search(unit), (name, unit)


def test_param_text_is_the_specs_own_in_english():
    for s in PARAM_SPECS:
        assert param_text(s, "unit", "en") == s.unit
        assert param_text(s, "source", "en") == s.source
        assert param_text(s, "mechanism", "zh") == PARAMS_ZH[s.name][1]


def test_params_in_chinese_show_the_chinese_unit_mechanism_and_source(capsys):
    assert main(["params", "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    head = text.splitlines()[0]
    assert "单位" in head and "作用机制" in head and "依据" in head
    rows = {ln.split()[0]: ln for ln in text.splitlines() if ln.split()}
    for name, (unit, mechanism, source) in PARAMS_ZH.items():
        assert f"  {unit}  " in rows[name] and f"  {mechanism}  " in rows[name], rows[name]
        assert rows[name].endswith(source), rows[name]
    assert main(["params", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "mechanism" in en.splitlines()[0]
