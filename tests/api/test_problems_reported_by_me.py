"""``problems(filter: {reportedByMe: true})`` (issue 15): 网上直通车's "my reports", listed
and counted in the engine. A member gets the problems they reported by name, and no one
else's; an anonymous problem matches nobody's reporter filter, not even its reporter's, nor
with a stray link to a person; an account acting as no person matches nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, sign_in
from tests.api.test_graphql_analysis import build_grid

REPORT = """mutation($uid: String!, $anonymous: Boolean!) {
  reportProblem(uid: $uid, cell: "cell-0001", title: "阀门渗漏", category: "safety",
                anonymous: $anonymous) { uid } }"""
MINE = """query($first: Int) {
  problems(filter: {reportedByMe: true}, first: $first) { totalCount nodes { uid } } }"""


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    build_grid(engine)  # p-00005 and p-00006: members of cell-0001, p-00004 heads it
    with TestClient(create_app(Settings(), engine=engine)) as test_client:
        yield test_client


def report(client: TestClient, engine: FalkorDBEngine, person: str, uid: str, anon: bool) -> None:
    sign_in(client, engine, role="member", person=person)
    assert data(client, REPORT, {"uid": uid, "anonymous": anon})["reportProblem"]["uid"] == uid


def mine(client: TestClient, engine: FalkorDBEngine, role: str, person: str | None) -> Any:
    sign_in(client, engine, role=role, person=person)
    return data(client, MINE)["problems"]


def test_a_member_lists_only_what_they_reported_by_name(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    report(client, engine, "p-00005", "pb-a1", False)
    report(client, engine, "p-00005", "pb-a2", True)
    report(client, engine, "p-00005", "pb-a3", False)
    report(client, engine, "p-00006", "pb-b1", False)
    report(client, engine, "p-00006", "pb-b2", True)

    assert mine(client, engine, "member", "p-00005") == {
        "totalCount": 2,
        "nodes": [{"uid": "pb-a1"}, {"uid": "pb-a3"}],
    }
    # Counted and paged in the engine: the second one is on the next page, not lost.
    page = data(client, MINE, {"first": 1})["problems"]
    assert page == {"totalCount": 2, "nodes": [{"uid": "pb-a1"}]}
    assert mine(client, engine, "member", "p-00006") == {
        "totalCount": 1,
        "nodes": [{"uid": "pb-b1"}],
    }
    # The cell's head reads these five (and the grid's own one), and reported none of them.
    assert mine(client, engine, "head", "p-00004") == {"totalCount": 0, "nodes": []}
    everything = data(client, "{ problems { totalCount } }")["problems"]["totalCount"]
    assert everything == 6
    # No person behind the account: nothing is "mine".
    assert mine(client, engine, "admin", None) == {"totalCount": 0, "nodes": []}
    # False means no limit.
    unlimited = data(client, "{ problems(filter: {reportedByMe: false}) { totalCount } }")
    assert unlimited["problems"]["totalCount"] == everything


def test_an_anonymous_problem_never_matches_by_reporter(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    report(client, engine, "p-00005", "pb-secret", True)
    # Even a stray link (written around the workflow) does not tie it to a reporter.
    engine.run(
        "MATCH (x:Problem {uid: 'pb-secret'}), (p:Person {uid: 'p-00005'}) "
        "CREATE (x)-[:REPORTED_BY]->(p)"
    )
    assert mine(client, engine, "member", "p-00005") == {"totalCount": 0, "nodes": []}
    assert mine(client, engine, "admin", None) == {"totalCount": 0, "nodes": []}
