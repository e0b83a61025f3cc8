"""The 一城多园 network as Mesa space: ``ParkAgent`` (one per node) on a ``mesa.discrete_space.Network``.

Parks are few, so they are real Mesa agents (``CellAgent``) sitting on the cells of a
Network built from the region's networkx graph; firms and people stay array rows and are
reached through the park (``park.firm_rows()``).
"""

import numpy as np
from mesa.discrete_space import CellAgent, Network

from .fields import FI_ALIVE, FI_NODE


class ParkAgent(CellAgent):
    """A node of the network: park, sub-park, hub, new town or external source."""

    def __init__(self, model, index: int, cell) -> None:
        super().__init__(model)
        self.index = index
        self.node = model.region.nodes[index]
        self.cell = cell

    @property
    def node_id(self) -> str:
        """The node's id in the region file."""
        return self.node.id

    def name(self, lang: str = "zh") -> str:
        """The node's name in Chinese (``zh``) or English (``en``)."""
        return self.node.zh if lang == "zh" else self.node.en

    def firm_rows(self, alive_only: bool = True) -> np.ndarray:
        """Rows of the firms sitting at this node."""
        st = self.model.state
        fi = st.firm_i[:, : st.n]
        mask = fi[FI_NODE] == self.index
        if alive_only:
            mask &= fi[FI_ALIVE] == 1
        return np.flatnonzero(mask)

    def neighbours(self) -> list["ParkAgent"]:
        """Parks on adjacent cells of the network."""
        return [a for c in self.cell.neighborhood for a in c.agents]


def build_space(model) -> tuple[Network, list[ParkAgent]]:
    """Build the Network space from the region graph and put one ParkAgent on each cell."""
    space = Network(model.region.graph(), random=model.random)
    parks = [
        ParkAgent(model, i, space._cells[node.id]) for i, node in enumerate(model.region.nodes)
    ]
    return space, parks
