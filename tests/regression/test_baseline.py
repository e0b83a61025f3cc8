"""Golden output of the default Baodi run at seed 0.

Update on purpose only, with a note in the commit saying why:
    BAODI_UPDATE_GOLDEN=1 python -m pytest tests/regression
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest

from sim import BaodiModel

GOLDEN = Path(__file__).with_name("golden_baodi_seed0.json")
COLUMNS = (
    "hnte",
    "tech_sme",
    "eaglet",
    "gazelle",
    "leader",
    "listed_hnte",
    "rd_sales_above_scale",
    "sei_share",
    "firms_alive",
    "contract_turnover_cum",
    "zgc_registered",
    "zgc_landed",
    "talent_pool",
    "financing_2016_2020",
    "fiscal_cost_cum",
    "people_home",
)


def _snapshot():
    m = BaodiModel("baodi", seed=0).run()
    ts = m.timeseries()
    return {c: [round(float(v), 9) for v in ts[c]] for c in COLUMNS}


def test_baseline_matches_golden():
    got = _snapshot()
    if os.environ.get("BAODI_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(got, indent=0, sort_keys=True), encoding="utf-8")
        pytest.fail("golden file rewritten; re-run without BAODI_UPDATE_GOLDEN")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for c in COLUMNS:
        np.testing.assert_allclose(got[c], want[c], rtol=1e-9, atol=1e-12, err_msg=c)


PLAUSIBLE_SEEDS = range(5)


def test_baseline_is_plausible_against_the_2019_record():
    """Default parameters land near the plan's 2019 figures (§一(一)); calibration comes later.

    Judged on the median over a few seeds: at one seed the test would judge the seed's
    luck (the SEI share is carried by a few large firms; across 40 seeds it is
    0.21 ± 0.04 against the record's 0.28, and a quarter of single seeds miss by > 0.1).
    """
    runs = [BaodiModel("baodi", seed=s).run(2019) for s in PLAUSIBLE_SEEDS]
    rec = runs[0].region.record["2019"]
    c = {k: float(np.median([m.current[k] for m in runs])) for k in runs[0].current}
    assert 0.6 * rec["hnte"] <= c["hnte"] <= 1.4 * rec["hnte"]
    assert 0.6 * rec["tech_sme"] <= c["tech_sme"] <= 1.4 * rec["tech_sme"]
    assert 0.4 * rec["eaglet"] <= c["eaglet"] <= 2.0 * rec["eaglet"]
    assert 0.3 * rec["gazelle"] <= c["gazelle"] <= 2.5 * rec["gazelle"]
    assert 0.3 * rec["leader"] <= c["leader"] <= 3.0 * rec["leader"]
    assert abs(c["sei_share"] - rec["sei_share"]) <= 0.1
    assert 0.5 * rec["zgc_registered"] <= c["zgc_registered"] <= 1.6 * rec["zgc_registered"]
    assert 0.4 * rec["zgc_landed"] <= c["zgc_landed"] <= 2.0 * rec["zgc_landed"]
    assert 0.5 * rec["talent_pool"] <= c["talent_pool"] <= 1.6 * rec["talent_pool"]
    assert c["incubators"] >= rec["incubators"]
