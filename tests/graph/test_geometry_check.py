"""graph.geometry.unvouched_territories vouches only for texts GeometryProperty stores
unchanged: every text it does not return must come back from ``deflate`` as it was."""

from __future__ import annotations

import json

import pytest

from graph.geometry import GeometryProperty, unvouched_territories
from seed.dataset import Dataset


def _square(x: float, y: float, side: float = 0.5) -> list[list[float]]:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]


def _polygon(*rings: list[list[float]]) -> str:
    return json.dumps({"type": "Polygon", "coordinates": list(rings)}, separators=(",", ":"))


EDGE_NUMBERS = [0.0, -0.0, 1e-7, -1e-7, 5e-05, 1e-05, 3.2e-06, 0.0001, 0.00012, 125.0, 1.5]
EDGE_NUMBERS += [46.4967492, 46.7425998, 179.4999999, -89.4999999, 12.3456789, 12.34567891]

TEXTS = [
    *(_polygon(_square(x, 10.0)) for x in EDGE_NUMBERS),
    *(_polygon(_square(10.0, y)) for y in EDGE_NUMBERS),
    _polygon(_square(1.0, 1.0, 4.0), _square(2.0, 2.0, 1.0)),  # with a hole
    json.dumps(
        {"type": "MultiPolygon", "coordinates": [[_square(1.0, 1.0)], [_square(5.0, 5.0)]]},
        separators=(",", ":"),
    ),
    '{"type":"Polygon","coordinates":[[[1,2],[3,2],[3,4],[1,2]]]}',  # integers
    '{"type": "Polygon", "coordinates": [[[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 2.0]]]}',
    '{"coordinates":[[[1.0,2.0],[3.0,2.0],[3.0,4.0],[1.0,2.0]]],"type":"Polygon"}',
    '{"type":"Polygon","coordinates":[[[1.0,2.0],[3.0,2.0],[3.0,4.0],[1.0,2.0]]],"bbox":[1,2,3,4]}',
    '{"type":"Polygon","coordinates":[[[1.0,2.0,0.0],[3.0,2.0,0.0],[3.0,4.0,0.0],[1.0,2.0,0.0]]]}',
    '{"type":"Polygon","coordinates":[[[1.0,2.0],[3.0,2.0],[3.0,4.0]]]}',  # not closed
    # a bow tie, then a triangle off the map
    '{"type":"Polygon","coordinates":[[[0.0,0.0],[2.0,2.0],[2.0,0.0],[0.0,2.0],[0.0,0.0]]]}',
    '{"type":"Polygon","coordinates":[[[179.0,0.0],[181.0,0.0],[181.0,1.0],[179.0,0.0]]]}',
    '{"type":"Polygon","coordinates":[]}',
    '{"type":"Point","coordinates":[1.0,2.0]}',
    '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1.0,2.0],[3.0,2.0],[3.0,4.0],[1.0,2.0]]]},"properties":{}}',
    " " + _polygon(_square(1.0, 1.0)),
]


def _kept(text: str) -> bool:
    try:
        return bool(GeometryProperty().deflate(text) == text)
    except Exception:
        return False


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_vouched_for_is_stored_unchanged(text: str) -> None:
    vouched = not unvouched_territories([text])
    assert not vouched or _kept(text)


def test_one_unreadable_text_leaves_all_to_the_caller() -> None:
    good = _polygon(_square(1.0, 1.0))
    assert unvouched_territories([good, "not json"]) == [good, "not json"]
    assert unvouched_territories([good]) == []
    assert unvouched_territories([]) == []


def test_nearly_every_seed_territory_is_vouched_for(seeded_dataset: Dataset) -> None:
    texts = [
        row["geometry"]
        for label in ("Net", "Cell", "Area")
        for row in seeded_dataset.nodes[label]
        if row.get("geometry")
    ]
    unvouched = unvouched_territories(texts)
    assert len(unvouched) < len(texts) // 100  # GEOS reads a few one unit in the last place off
    assert all(map(_kept, unvouched))
