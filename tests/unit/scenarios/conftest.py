"""Sweep files shared by the scenarios tests: small designs on the tiny and Baodi regions."""

import pytest
from sweep_files import BAODI_SWEEP, TINY_SWEEP


@pytest.fixture
def tiny_sweep_file(tmp_path):
    p = tmp_path / "tiny.toml"
    p.write_text(TINY_SWEEP, encoding="utf-8")
    return p


@pytest.fixture
def baodi_sweep_file(tmp_path):
    p = tmp_path / "baodi.toml"
    p.write_text(BAODI_SWEEP, encoding="utf-8")
    return p
