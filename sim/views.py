"""On-demand views of array rows: ``FirmView``, ``PersonView`` (Mesa agents), ``firms_frame``, ``firm_history``.

Views are built when the web app or a debugger asks for them, never during a run or a
sweep (a million Agent objects cost seconds and half a gigabyte). A view is a snapshot:
it reads the arrays when built and does not write back.
"""

import mesa
import numpy as np
import pandas as pd

from .errors import SimError
from .fields import (
    FI_ALIVE,
    FI_LABELS,
    FIRM_FLOAT_FIELDS,
    FIRM_INT_FIELDS,
    LABELS,
    NO_Q,
    ORIGINS,
    PF_SKILL,
    PI_EMPLOYER,
    PI_FIELD,
    PI_PLACE,
    PI_RECRUITED,
    PLACES,
)

LABEL_DATE_FIELD = {
    "hnte": "hnte_q",
    "tech_sme": "sme_q",
    "eaglet": "eaglet_q",
    "gazelle": "gazelle_q",
    "leader": "leader_q",
    "listed": "listed_q",
}


class _ViewAgent(mesa.Agent):
    """A Mesa agent that is not registered with the model (a detached snapshot)."""

    def __init__(self, model) -> None:
        self.model = model
        self.unique_id = None
        self.pos = None


class FirmView(_ViewAgent):
    """Snapshot of one firm row as a Mesa agent with attributes."""

    def __init__(self, model, row: int) -> None:
        super().__init__(model)
        st = model.state
        if not 0 <= row < st.n:
            raise SimError(f"firm row = {row} outside [0, {st.n - 1}]")
        self.row = row
        self.unique_id = row
        for k, name in enumerate(FIRM_FLOAT_FIELDS):
            setattr(self, name, float(st.firm_f[k, row]))
        for k, name in enumerate(FIRM_INT_FIELDS):
            setattr(self, name, int(st.firm_i[k, row]))
        self.node_id = model.region.nodes[self.node].id
        self.industry_id = model.region.industries[self.industry].id
        self.origin_name = ORIGINS[self.origin]
        self.labels_held = [name for name, bit, *_ in LABELS if st.firm_i[FI_LABELS, row] & bit]
        q0 = model.region.first_year

        def when(q):
            return None if q == NO_Q else f"{q0 + q // 4}Q{q % 4 + 1}"

        self.label_dates = {
            name: when(getattr(self, LABEL_DATE_FIELD[name])) for name in self.labels_held
        }
        self.st_share = self.st_staff / max(self.employees, 1.0)

    def step(self) -> None:
        """Views do not act: the kernels run the firms."""


class PersonView(_ViewAgent):
    """Snapshot of one person row as a Mesa agent with attributes."""

    def __init__(self, model, row: int) -> None:
        super().__init__(model)
        st = model.state
        if not 0 <= row < st.m:
            raise SimError(f"person row = {row} outside [0, {st.m - 1}]")
        self.row = self.unique_id = row
        self.skill = float(st.person_f[PF_SKILL, row])
        self.place = PLACES[int(st.person_i[PI_PLACE, row])][0]
        self.field = model.region.industries[int(st.person_i[PI_FIELD, row])].id
        self.employer = int(st.person_i[PI_EMPLOYER, row])
        self.recruited = bool(st.person_i[PI_RECRUITED, row])

    def step(self) -> None:
        """Views do not act."""


def firms_frame(model, alive_only: bool = True, node: str | None = None) -> pd.DataFrame:
    """Firms as a table: one row per firm with node, industry, size, R&D, staff, labels."""
    st = model.state
    n = st.n
    df = pd.DataFrame({name: st.firm_f[k, :n] for k, name in enumerate(FIRM_FLOAT_FIELDS)})
    for k, name in enumerate(FIRM_INT_FIELDS):
        df[name] = st.firm_i[k, :n]
    df.insert(0, "row", np.arange(n))
    df["node_id"] = [model.region.nodes[i].id for i in df["node"]]
    df["industry_id"] = [model.region.industries[i].id for i in df["industry"]]
    for name, bit, *_ in LABELS:
        df[name] = (st.firm_i[FI_LABELS, :n] & bit) != 0
    mask = np.ones(n, dtype=bool)
    if alive_only:
        mask &= st.firm_i[FI_ALIVE, :n] == 1
    if node is not None:
        mask &= df["node_id"].to_numpy() == node
    return df[mask].reset_index(drop=True)


def firm_history(model, row: int) -> pd.DataFrame:
    """A firm's quarterly history (needs ``BaodiModel(history=True)``)."""
    if not model.history:
        raise SimError("no history kept: build the model with history=True")
    recs = []
    for q, h in enumerate(model.history):
        if row < len(h["revenue"]):
            rec = {"quarter": model.quarter_label("en", q).replace(" ", "")}
            rec.update({k: v[row].item() for k, v in h.items()})
            for name, bit, *_ in LABELS:
                rec[name] = bool(h["labels"][row] & bit)
            recs.append(rec)
    return pd.DataFrame(recs)
