"""scenarios.lever_effects: each lever alone at its maximum, paired against the status quo."""

import numpy as np
import pandas as pd
import pytest

from scenarios.lever_effects import format_markdown, lever_effects, sweep_text
from scenarios.spec import SweepSpec
from sim.levers import LEVERS
from sim.region import load_region

TARGETS = [t.indicator for t in load_region("baodi").targets]


def test_the_sweep_has_the_status_quo_and_every_lever_at_its_top():
    spec = SweepSpec.from_text(sweep_text(3))
    design = spec.design("v")
    assert set(design["package"]) == {"status_quo", *(lv.id for lv in LEVERS)}
    assert design.groupby("package")["seed"].nunique().eq(3).all()


def frame(shift: dict[str, float], seeds: int = 12) -> pd.DataFrame:
    """status_quo and one lever package whose targets differ by ``shift`` plus seed noise."""
    rng = np.random.default_rng(0)
    rows = []
    for seed in range(seeds):
        base = {f"value_{t}": 100.0 + 10.0 * rng.normal() for t in TARGETS}
        for package, extra in (("status_quo", {}), ("rd_subsidy", shift)):
            row = {"package": package, "seed": seed, "status": "ok", "cost_total": 1.0}
            row.update({k: v + extra.get(k[6:], 0.0) for k, v in base.items()})
            if package != "status_quo":
                row["cost_total"] = 3.0 + 0.1 * rng.normal()
            rows.append(row)
    return pd.DataFrame(rows)


def test_a_shift_is_significant_and_no_shift_shows_as_no_change():
    e = lever_effects(frame({"hnte": 5.0})).set_index("target")
    assert e.at["hnte", "delta"] == pytest.approx(5.0) and e.at["hnte", "significant"]
    assert e.at["tech_sme", "delta"] == 0 and not e.at["tech_sme", "significant"]
    assert e["cost"].iloc[0] == pytest.approx(2.0, abs=0.1)  # the lever's own cost
    table = format_markdown(lever_effects(frame({"hnte": 5.0})), "en")
    assert "**+5.0**" in table and "| · |" in table


def test_without_pairing_noise_would_hide_the_effect():
    """Seed noise (sd 10) is far larger than the shift (0.5); pairing by seed removes it."""
    e = lever_effects(frame({"hnte": 0.5}, seeds=6)).set_index("target")
    assert e.at["hnte", "significant"] and e.at["hnte", "se"] < 1e-9


def test_a_store_without_the_status_quo_is_refused_in_both_languages():
    from scenarios.errors import ScenarioError

    f = frame({"hnte": 1.0})
    with pytest.raises(ScenarioError) as err:
        lever_effects(f[f["package"] != "status_quo"])
    assert "status_quo" in str(err.value) and "没有已完成" in err.value.zh
