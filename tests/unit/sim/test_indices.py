"""sim/indices.py: the generated P_*/L_* kernel indices match the parameter table and levers."""

import pytest

from sim import codegen, indices
from sim.errors import SimError
from sim.levers import LEVER_IDS, LEVERS, LeverSchedule
from sim.params import PARAM_NAMES, PARAM_SPECS, Params


def test_indices_file_is_what_the_generator_writes():
    want = codegen.render_indices()
    got = codegen.INDICES_FILE.read_text(encoding="utf-8")
    assert got == want, "sim/indices.py is stale: run `python sim/codegen.py`"


def test_every_parameter_and_lever_has_its_index():
    for i, name in enumerate(PARAM_NAMES):
        assert getattr(indices, f"P_{name.upper()}") == i
    for i, lever in enumerate(LEVER_IDS):
        assert getattr(indices, f"L_{lever.upper()}") == i
    names = [n for n in vars(indices) if n[:2] in ("P_", "L_")]
    assert len(names) == len(PARAM_NAMES) + len(LEVER_IDS)
    assert indices.N_PARAMS == len(Params().vector()) == len(PARAM_SPECS)
    assert indices.N_LEVERS == len(LeverSchedule().vector(2021)) == len(LEVERS)


def test_the_generator_reads_the_tables_without_importing_sim(tmp_path):
    """It must work while a stale index file breaks ``import sim`` (a kernel's import)."""
    specs, levers = codegen._load_tables()
    assert [s.name for s in specs] == list(PARAM_NAMES)
    assert [lv.id for lv in levers] == list(LEVER_IDS)
    out = tmp_path / "indices.py"
    assert codegen.write_indices(out) is True
    assert codegen.write_indices(out) is False
    assert out.read_text(encoding="utf-8") == codegen.render_indices()


def test_a_stale_index_file_fails_loudly(monkeypatch):
    from sim import levers, params

    monkeypatch.setattr(params, "_STALE", ["size_sigma"])
    with pytest.raises(SimError, match="codegen"):
        Params().vector()
    monkeypatch.setattr(levers, "_STALE", ["rd_subsidy"])
    with pytest.raises(SimError, match="codegen"):
        LeverSchedule().vector(2030)
