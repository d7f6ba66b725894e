"""Answers to costly queries kept while the data stays the same (api.graphql.response_cache):
kept from the third request on, dropped by any change made through RedGrid, never shared
between callers, never for mutations, audited reads, errors, or once too old."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.graphql.http import CACHE_HEADER
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from queries.coverage import data_version
from tests.api.graphql_client import gid, sign_in
from tests.api.test_graphql_analysis import build_grid

CELLS = """query Cells($first: Int) { cells(first: $first) { totalCount
  nodes { uid head { uid } officers { role person { uid } } } } }"""
DEVICE = gid("Equipment", "eq-000001")
OWNER = f'{{ node(id: "{DEVICE}") {{ ... on Equipment {{ owner {{ uid }} }} }} }}'


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def _client(engine: FalkorDBEngine, **settings: Any) -> TestClient:
    kept = {"response_cache_s": 30.0, "response_cache_min_ms": 0.0} | settings
    return TestClient(create_app(Settings(**kept), engine=engine))


@pytest.fixture
def client(grid: FalkorDBEngine) -> Iterator[TestClient]:
    with _client(grid) as test_client:
        sign_in(test_client, grid)
        yield test_client


def ask(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response


def hits(client: TestClient, query: str, times: int, **variables: Any) -> list[bool]:
    """Whether each of ``times`` identical requests was answered from a kept answer."""
    return [ask(client, query, variables).headers.get(CACHE_HEADER) == "hit" for _ in range(times)]


def test_a_costly_query_is_kept_from_its_third_request_with_the_same_answer(
    client: TestClient,
) -> None:
    """First: executed, found costly (a candidate). Second: executed between two reads of
    the data version, kept. Then: answered from the kept answer, identical."""
    answers = [ask(client, CELLS, {"first": 5}) for _ in range(4)]
    assert [a.headers.get(CACHE_HEADER) for a in answers] == [None, None, "hit", "hit"]
    assert len({a.content for a in answers}) == 1
    assert answers[0].json()["data"]["cells"]["nodes"]
    assert hits(client, CELLS, 3, first=2) == [False, False, True], "other variables: own answer"


def test_a_change_through_redgrid_is_seen_at_once(client: TestClient) -> None:
    assert hits(client, OWNER, 3) == [False, False, True]
    before = ask(client, OWNER).json()["data"]["node"]["owner"]["uid"]
    changed = ask(
        client, 'mutation { assignOwner(uid: "eq-000001", person: "p-00001") { uid } }'
    ).json()
    assert "errors" not in changed, changed
    after = ask(client, OWNER)
    assert after.headers.get(CACHE_HEADER) is None
    assert after.json()["data"]["node"]["owner"]["uid"] == "p-00001" != before
    assert hits(client, OWNER, 2) == [True, True], "kept again, read at the new version"


def test_callers_never_share_an_answer(grid: FalkorDBEngine) -> None:
    """An admin's kept page is not a member's: each caller's reach is their own."""
    with _client(grid) as admin, _client(grid) as member:
        sign_in(admin, grid)
        sign_in(member, grid, role="member", person="p-00005")
        assert hits(admin, CELLS, 3, first=5) == [False, False, True]
        mine = [ask(member, CELLS, {"first": 5}) for _ in range(3)]
        assert [m.headers.get(CACHE_HEADER) for m in mine] == [None, None, "hit"]
        theirs = ask(admin, CELLS, {"first": 5}).json()["data"]["cells"]
        assert mine[0].json()["data"]["cells"] != theirs


def test_mutations_are_never_kept(client: TestClient, grid: FalkorDBEngine) -> None:
    """Not even one that succeeds without changing anything (the data version stays)."""
    name = grid.run("MATCH (e:Equipment {uid: 'eq-000001'}) RETURN e.name AS n")[0]["n"]
    same = """mutation($n: JSON!) {
      updateNode(kind: Equipment, uid: "eq-000001", patch: $n) { uid } }"""
    answers = [ask(client, same, {"n": {"name": name}}) for _ in range(3)]
    assert all("errors" not in a.json() for a in answers), answers[0].text
    assert [a.headers.get(CACHE_HEADER) for a in answers] == [None] * 3


def test_an_audited_read_of_health_records_is_never_kept(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    """Each read of health records writes its audit entry, which moves the data version
    while the request runs: such an answer is never kept, and every read is audited."""
    person = gid("Person", "p-00001")
    query = f'{{ node(id: "{person}") {{ ... on Person {{ healthRecords {{ uid }} }} }} }}'
    audited = data_version(grid)[2]
    assert hits(client, query, 4) == [False] * 4
    assert data_version(grid)[2] - audited == 4


def test_answers_with_errors_are_never_kept(client: TestClient) -> None:
    query = '{ cells(first: 2) { nodes { uid head(asOf: "not a date") { uid } } } }'
    assert hits(client, query, 3) == [False, False, False]


def test_an_answer_is_kept_no_longer_than_its_age(grid: FalkorDBEngine) -> None:
    """A change made outside RedGrid (by hand, counts unchanged) is seen once the kept
    answer is older than ``REDGRID_RESPONSE_CACHE_S``."""
    with _client(grid, response_cache_s=0.5) as client:
        sign_in(client, grid)
        names = "{ cells(first: 1) { nodes { uid name } } }"
        assert hits(client, names, 3) == [False, False, True]
        grid.run("MATCH (c:Cell {uid: 'cell-0001'}) SET c.name = 'renamed by hand'")
        kept = ask(client, names)
        assert kept.headers.get(CACHE_HEADER) == "hit" and "renamed" not in kept.text
        time.sleep(0.6)
        fresh = ask(client, names)
        assert fresh.headers.get(CACHE_HEADER) is None and "renamed by hand" in fresh.text


@pytest.mark.parametrize(
    "settings", [{"response_cache_s": 0.0}, {"response_cache_min_ms": 60_000.0}]
)
def test_nothing_is_kept_when_off_or_when_every_query_is_cheap(
    grid: FalkorDBEngine, settings: dict[str, float]
) -> None:
    with _client(grid, **settings) as client:
        sign_in(client, grid)
        assert hits(client, CELLS, 4, first=5) == [False] * 4


def test_variables_the_query_does_not_declare_are_no_part_of_the_key(client: TestClient) -> None:
    """A client sending one variables object with every request (Apollo does) still gets
    the kept answer: only the declared variables decide it."""
    answers = [ask(client, CELLS, {"first": 5, "unused": i}) for i in range(3)]
    assert [a.headers.get(CACHE_HEADER) for a in answers] == [None, None, "hit"]
