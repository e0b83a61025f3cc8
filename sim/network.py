"""The 一城多园 network as Mesa space: the model's parks (``ParkAgent``) on a ``mesa.discrete_space.Network``.

The parks are the model's Mesa agents from its construction (:mod:`sim.phases.carriers`,
where they hold and step their carriers); the space is built from the region's networkx
graph only when asked for (:attr:`sim.model.BaodiModel.space`), and each park is then
placed on its node's cell. Firms and people stay array rows, reached through the park
(``park.firm_rows()``).
"""

from mesa.discrete_space import Network

from .phases.carriers import ParkAgent

__all__ = ["ParkAgent", "build_space"]


def build_space(model) -> Network:
    """Build the Network space from the region graph and put each of ``model``'s parks on its cell."""
    space = Network(model.region.graph(), random=model.random)
    for park in model.parks:
        park.cell = space._cells[park.node_id]
    return space
