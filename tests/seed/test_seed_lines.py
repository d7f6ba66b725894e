"""The seed's pipelines with a route (issue 13): a few, on their own random stream, each
starting at its device's point and lying inside its device's cell."""

from __future__ import annotations

import json

from shapely.geometry import Point, shape

from seed.generator import generate
from seed.geography import LINES_PER_SCALE


def test_a_few_pipelines_get_a_route_inside_their_cell() -> None:
    dataset = generate(scale=1, seed=2026)
    routed = [row for row in dataset.nodes["Equipment"] if row.get("line")]
    assert len(routed) == LINES_PER_SCALE
    assert {row["category"] for row in routed} == {"pipeline"}
    cells = {row["uid"]: row for row in dataset.nodes["Cell"]}
    cell_of = {r["a"]: r["b"] for r in dataset.relationships[("Equipment", "BELONGS_TO", "Cell")]}
    for row in routed:
        route = shape(json.loads(row["line"]))
        assert route.coords[0] == (row["lon"], row["lat"])
        territory = shape(json.loads(cells[cell_of[row["uid"]]]["geometry"]))
        assert territory.covers(route), row["uid"]
        assert territory.covers(Point(row["lon"], row["lat"]))
    again = generate(scale=1, seed=2026)
    assert [r["line"] for r in again.nodes["Equipment"] if r.get("line")] == [
        r["line"] for r in routed
    ]
