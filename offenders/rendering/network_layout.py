"""Where each node of a network sits in its SVG picture (templates/offenders/network_svg.html).

The centre in the middle, each hop on a ring around it, each node near its parent's angle.
"""
from __future__ import annotations

import math
from collections import defaultdict

from ..selectors.network import KIND_ORDER, Network, Node, NodeKey

RING = 170  # distance between rings, in SVG units


MARGIN = 110


def _angle_gap(a: float, b: float) -> float:
    gap = abs(a - b) % (2 * math.pi)
    return min(gap, 2 * math.pi - gap)


def layout_radial(network: Network) -> None:
    """Place the centre in the middle and each hop on a ring; a node sits near its parent's angle."""
    rings: dict[int, list[Node]] = defaultdict(list)
    for node in network.nodes.values():
        rings[node.hop].append(node)
    radius_max = RING * max(rings) if rings else 0
    size = 2 * (radius_max + MARGIN)
    network.width = network.height = int(size)
    centre_xy = size / 2
    angles: dict[NodeKey, float] = {network.centre: 0.0}
    for hop in sorted(rings):
        members = rings[hop]
        if hop == 0:
            for node in members:
                node.x = node.y = centre_xy
            continue
        members.sort(key=lambda n: (angles.get(n.parent, 0.0) % (2 * math.pi), KIND_ORDER[n.kind], n.label.casefold(), n.key))
        count = len(members)
        wanted = [angles.get(n.parent, 0.0) for n in members]
        # Evenly spaced slots, turned so that each node sits as near as possible to its parent's angle.
        best = min(range(count), key=lambda shift: sum(
            _angle_gap(2 * math.pi * ((i + shift) % count) / count - math.pi / 2, wanted[i]) for i in range(count)
        ))
        for index, node in enumerate(members):
            angle = 2 * math.pi * ((index + best) % count) / count - math.pi / 2
            angles[node.id] = angle
            node.x = round(centre_xy + RING * hop * math.cos(angle), 1)
            node.y = round(centre_xy + RING * hop * math.sin(angle), 1)

