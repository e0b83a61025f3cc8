"""Twin of :mod:`sim.phases.carriers`: the same ``run``, every park brought up to date every quarter.

The phase is already plain Python, so its twin shares the planner and the parks' rules;
what it checks is the bookkeeping the module does for speed — rewriting only the
columns of the parks whose carriers changed, and the region totals only then.
"""

import numpy as np

from ..levers import LEVER_INDEX
from .carriers import KINDS, Workspace, open_finished, start_projects


def run(state, world, q, ws: Workspace) -> np.void:
    """Same as :func:`sim.phases.carriers.run`."""
    par, qy = q.params, q.qy
    start_projects(ws, q, round(par["carrier_lag"]))
    open_finished(ws, q, par)
    if qy == 3:  # year end: national accreditation of incubators
        rate = par["national_incubator_rate"] * (
            1.0 + q.pol[LEVER_INDEX["incubator_upgrade"]] / par["upgrade_scale"]
        )
        for park in ws.parks:
            park.accredit_incubators(q.key_int, rate)
    for park in ws.parks:
        park.write_column(world.node_f, ws.entry_rates, ws.national_rates, par)
    ws._changed.clear()
    o = ws.out[0]
    for k, kind in enumerate(KINDS):
        o[kind] = sum(park.carriers[k] for park in ws.parks)
    if qy == 3 and q.year == ws.plan_start_year - 1:
        ws.baseline = dict(zip(KINDS, o.tolist(), strict=True))
    return o
