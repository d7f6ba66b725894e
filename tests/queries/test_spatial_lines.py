"""Linear assets (issue 13): a pipeline's route stored as a GeoJSON LineString beside its
point, validated on write, found by ``within`` where it crosses the area asked about, and
carried through the ledgers and GeoJSON in and out (tests/ledgers/test_lines.py)."""

from __future__ import annotations

import json

import pytest

from graph.engine import Engine
from graph.errors import ValidationError
from graph.schema import validate_node
from queries.spatial import within
from tests.queries.factories import add_object

ROUTE = '{"type":"LineString","coordinates":[[125.0,46.0],[125.2,46.0],[125.2,46.2]]}'


def test_a_route_is_validated_and_normalised() -> None:
    wkt_free = {"type": "LineString", "coordinates": [[125, 46], [125.1, 46.1]]}
    stored = validate_node("Equipment", {"line": json.dumps(wkt_free)}, partial=True)
    assert stored == {"line": '{"type":"LineString","coordinates":[[125.0,46.0],[125.1,46.1]]}'}
    for bad, words in [
        ('{"type":"LineString","coordinates":[[125,46],[125,46]]}', "Too few points"),
        ('{"type":"Point","coordinates":[125,46]}', "LineString"),
        ('{"type":"LineString","coordinates":[[125,46],[195,46]]}', "longitude"),
    ]:
        with pytest.raises(ValidationError) as caught:
            validate_node("Equipment", {"line": bad}, partial=True)
        assert words in str(caught.value), (bad, caught.value)


def test_within_finds_a_pipeline_whose_route_crosses_the_area(engine: Engine) -> None:
    add_object(engine, "Equipment", "eq-pipe", category="pipeline", lon=125.0, lat=46.0,
               line=ROUTE)  # fmt: skip
    add_object(engine, "Equipment", "eq-pipe-no-point", category="pipeline", line=ROUTE)
    add_object(engine, "Equipment", "eq-valve", category="valve", lon=125.0, lat=46.0)
    crossed = within(engine, (125.15, 46.05, 125.25, 46.15))  # the route's second leg
    assert sorted(p.uid for p in crossed.items) == ["eq-pipe", "eq-pipe-no-point"]
    spot = next(p for p in crossed.items if p.uid == "eq-pipe")
    assert 125.15 <= spot.lon <= 125.25 and 46.05 <= spot.lat <= 46.15  # where it crosses
    assert within(engine, (125.3, 46.3, 125.4, 46.4)).items == []
    at_start = within(engine, (124.99, 45.99, 125.01, 46.01))  # the point: found once
    assert sorted(p.uid for p in at_start.items) == ["eq-pipe", "eq-pipe-no-point", "eq-valve"]
