"""What users type: numbers as the CLI prints them, levers by year, scenario files."""

import pytest

from sim.levers import LEVERS, LeverSchedule
from viz.inputs import (
    Problem,
    lever_text,
    parse_lever,
    parse_number,
    read_scenario,
    scenario_toml,
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1000", 1000.0),
        ("1,000", 1000.0),
        (" 12,500.5 ", 12500.5),
        ("１０００", 1000.0),
        ("１，０００", 1000.0),
        ("+3", 3.0),
        ("2.5e3", 2500.0),
        ("10%", 0.10),
        ("１０％", 0.10),
        ("12.5 %", 0.125),
        ("\u22121", -1.0),
    ],
)
def test_numbers_as_printed(text, want):
    assert parse_number(text) == pytest.approx(want)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "empty"),
        ("abc", "not_number"),
        ("1,00", "separator"),
        ("1,0000", "separator"),
        ("1_000", "not_number"),
        ("nan", "not_number"),
        ("inf", "not_number"),
    ],
)
def test_bad_numbers(text, key):
    with pytest.raises(Problem) as err:
        parse_number(text)
    assert err.value.key == key


def test_percent_only_for_share_levers():
    assert parse_lever("rd_subsidy", "10%") == pytest.approx(0.10)
    assert parse_lever("policy_stack", "50%") == pytest.approx(0.5)
    with pytest.raises(Problem) as err:
        parse_lever("hnte_cultivation", "10%")
    assert err.value.key == "percent"
    assert "比例型" in err.value.text("zh") and "share-type" in err.value.text("en")


def test_lever_range_message_in_both_languages():
    with pytest.raises(Problem) as err:
        parse_lever("hnte_cultivation", "9,999")
    zh, en = err.value.text("zh"), err.value.text("en")
    assert "高企培育辅导" in zh and "9,999" in zh and "0–400" in zh and "家/年" in zh
    assert "HNTE cultivation" in en and "[0, 400] firms/yr" in en
    assert not any("\u4e00" <= c <= "\u9fff" for c in en)


def test_every_lever_reads_its_own_values():
    for lv in LEVERS:
        for v in (lv.lo, lv.hi, lv.plan, lv.status_quo):
            assert parse_lever(lv.id, lever_text(v)) == pytest.approx(v)
        assert parse_lever(lv.id, f"{lv.hi:,.0f}") == pytest.approx(round(lv.hi))


def test_phased_by_year():
    assert parse_lever("hnte_cultivation", "2021: 10; 2023: 1,00".replace("1,00", "100")) == {
        2021: 10.0,
        2023: 100.0,
    }
    assert parse_lever("rd_subsidy", "２０２１：８％；2024=0.1") == {2021: 0.08, 2024: 0.1}
    assert lever_text({2021: 10.0, 2023: 100.0}) == "2021: 10; 2023: 100"
    for text, key in [
        ("2019: 10", "year"),
        ("2026: 10", "year"),
        ("2021: 10; 2021: 20", "year_twice"),
        ("21: 10", "year_syntax"),
        ("2021: 999", "range"),
    ]:
        with pytest.raises(Problem) as err:
            parse_lever("hnte_cultivation", text)
        assert err.value.key == key, text


GOOD = b"""
name = "my plan"
preset = "plan"
[levers]
hnte_cultivation = 100
rd_subsidy = { 2021 = 0.08, 2023 = 0.1 }
[params]
growth_mu = 0.01
"""

BAD = b"""
preset = "plann"
colour = 1
[levers]
hnte_cultivaton = 3
rd_subsidy = { 2019 = 0.1, 2022 = 5 }
tier_grant = "x"
[params]
growth_mu = 9
"""


def test_scenario_file_ok_and_round_trip():
    sc = read_scenario(GOOD)
    assert not sc.problems and sc.name == "my plan" and sc.params == {"growth_mu": 0.01}
    assert sc.levers == LeverSchedule(
        {"hnte_cultivation": 100, "rd_subsidy": {2021: 0.08, 2023: 0.1}}, preset="plan"
    )
    again = read_scenario(scenario_toml(sc.levers, sc.params, sc.name))
    assert again.levers == sc.levers and again.params == sc.params


def test_scenario_file_every_problem_at_once_as_the_cli(tmp_path):
    """Every problem at once, worded as ``baodi-sim run --levers`` words it, in zh and en."""
    from sim.errors import SimError
    from sim.levers import read_levers_file

    sc = read_scenario(BAD, "bad.toml")
    assert sc.levers is None and len(sc.problems) == 7
    en, zh = sc.messages("en"), sc.messages("zh")
    p = tmp_path / "bad.toml"
    p.write_bytes(BAD)
    with pytest.raises(SimError) as core:
        read_levers_file(p, 2021, years=(2021, 2025))
    assert en == [f"bad.toml: {e}" for e, _ in core.value.problems]
    assert zh == [f"bad.toml: {z}" for _, z in core.value.problems]
    assert any("did you mean 'hnte_cultivation'" in m for m in en)
    assert any("是不是“hnte_cultivation”" in m for m in zh)
    assert any("梯度企业认定奖励" in m for m in zh)


def test_scenario_for_another_region_is_refused():
    sc = read_scenario(b'region = "tiny"\n', "t.toml")
    assert [p.key for p in sc.problems] == ["region"]
    assert "宝坻" in sc.messages("zh")[0]


def test_scenario_file_not_toml():
    sc = read_scenario(b"preset = ", "x.toml")
    assert [p.key for p in sc.problems] == ["toml"]
    assert read_scenario(b"\xff\xfe", "x.toml").problems[0].key == "utf8"


def test_integers():
    from viz.inputs import parse_int

    assert parse_int("１００", 1, 1000) == 100 and parse_int("1,000", 1, 1000) == 1000
    for bad in ("0", "1001", "2.5", "x", "10%"):
        with pytest.raises(Problem) as err:
            parse_int(bad, 1, 1000, ("种子数", "Seeds"))
        assert err.value.key == "integer"
        assert "1–1,000" in err.value.text("zh") and "[1, 1,000]" in err.value.text("en")


def test_state_survives_the_url():
    from urllib.parse import urlparse

    from viz.session import preset_texts, state_from_query, state_query

    texts = {
        **preset_texts("plan"),
        "hnte_cultivation": "2021: 40; 2023: 1,000",
        "rd_subsidy": "8%",
    }
    q = state_query("en", "plan", texts)
    assert "talent_subsidy" not in q  # only what differs from the preset
    assert state_from_query("?" + q) == ("en", "plan", texts)
    assert state_from_query(urlparse("http://x/?" + q).query) == ("en", "plan", texts)
    assert state_from_query(None) == ("zh", "status_quo", preset_texts("status_quo"))
    assert state_from_query("lang=fr&preset=x&nope=1") == (
        "zh",
        "status_quo",
        preset_texts("status_quo"),
    )
