"""The GraphQL ``trace(uid, asOf)`` and an object's ``cell(asOf)`` field answer with the cell
the object belonged to on that date (issue 12, defect 1): before a move the old cell, its
head and the nets above it; from the move on the new ones. Before issue 12 the past showed
the new cell."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from strawberry import relay

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, sign_in
from tests.queries.factories import add_cell
from tests.writes.test_changes_helpers import ACTOR, AT, build_grid
from writes.changes import move_object

JUST_BEFORE = "2025-06-01T07:59:59Z"
TRACE = """query($uid: String!, $asOf: String) { trace(uid: $uid, asOf: $asOf) {
  chain { role uid } officers { role holder { uid } } } }"""
CELL = """query($id: ID!, $asOf: String) { node(id: $id) {
  ... on Equipment { cell(asOf: $asOf) { uid } } } }"""
EQ_1 = relay.to_base64("Equipment", "eq-1")


@pytest.fixture(scope="module")
def client(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[TestClient]:
    engine = FalkorDBEngine(data_dir, graph_name="api-trace-as-of-moves")
    engine.ensure_schema()
    build_grid(engine)
    add_cell(engine, "cell-c", net="net-l4b", head="p-head-c")
    move_object(engine, ACTOR, "Equipment", "eq-1", "cell-c", at=AT)
    with TestClient(create_app(Settings(), engine=engine)) as test_client:
        sign_in(test_client, engine, role="admin")
        yield test_client
    engine.clear()
    engine.close()


def _chain(client: TestClient, as_of: str | None) -> dict[str, list[str]]:
    answer = data(client, TRACE, {"uid": "eq-1", "asOf": as_of})["trace"]
    found: dict[str, list[str]] = {}
    for link in answer["chain"]:
        found.setdefault(link["role"], []).append(link["uid"])
    found["officers"] = [o["holder"]["uid"] for o in answer["officers"]]
    return found


def test_trace_as_of_before_the_move_answers_with_the_old_cell(client: TestClient) -> None:
    chain = _chain(client, JUST_BEFORE)
    assert chain["cell"] == ["cell-a"] and chain["cell_head"] == ["p-head-a"]
    assert chain["net"] == ["net-l4", "net-l3", "net-l2"]
    assert chain["officers"] == ["p-lead-a"]


@pytest.mark.parametrize("as_of", [AT, None])
def test_trace_from_the_move_on_answers_with_the_new_cell(
    client: TestClient, as_of: str | None
) -> None:
    chain = _chain(client, as_of)
    assert chain["cell"] == ["cell-c"] and chain["cell_head"] == ["p-head-c"]
    assert chain["net"] == ["net-l4b", "net-l3b", "net-l2"]
    assert chain["officers"] == []


@pytest.mark.parametrize(
    ("as_of", "cell"), [(JUST_BEFORE, "cell-a"), (AT, "cell-c"), (None, "cell-c")]
)
def test_the_cell_field_reads_the_membership_of_the_day(
    client: TestClient, as_of: str | None, cell: str
) -> None:
    answer = data(client, CELL, {"id": EQ_1, "asOf": as_of})["node"]
    assert answer == {"cell": {"uid": cell}}
