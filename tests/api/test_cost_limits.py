"""Limits checked before anything runs (api.graphql.limits, api.graphql.cost,
api.http_errors.BodyLimit): the query-cost budget, string lengths and the body size, with the
budget, weights and limits taken from settings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import parse
from pydantic import ValidationError

from api.app import create_app
from api.graphql.cost import CostModel
from api.graphql.schema import build_schema
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, only_error, post, sign_in

STATS_30 = "{ " + " ".join(f"a{i}: stats {{ totalNodes }}" for i in range(30)) + " }"


@pytest.fixture(scope="module")
def client(seeded: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=seeded)) as test_client:
        sign_in(test_client, seeded, role="member", person="p-00005")
        yield test_client


@pytest.fixture(scope="module")
def model() -> CostModel:
    return CostModel(build_schema(Settings())._schema, {}, max_page_size=100)


def test_thirty_stats_are_refused_before_the_engine_is_asked(
    client: TestClient, seeded: FalkorDBEngine
) -> None:
    post(client, STATS_30)  # the first time validates and caches nothing else
    start, began = seeded.round_trips, time.perf_counter()
    body = post(client, STATS_30)
    elapsed_ms = (time.perf_counter() - began) * 1000
    error = only_error(body)
    assert "data" not in body
    assert error["extensions"] == {"code": "COST_LIMIT", "cost": 150_000, "budget": 10_000}
    assert "Query.stats ×30 = 150000" in error["message"]
    assert "REDGRID_MAX_QUERY_COST" in error["message"]
    assert seeded.round_trips - start <= 1, "at most the account of the token was read"
    print(f"30 × stats refused in {elapsed_ms:.1f} ms (test client, account check included)")


def test_two_stats_are_within_the_default_budget(client: TestClient) -> None:
    assert data(client, "{ a: stats { totalNodes } b: stats { totalNodes } }")["a"]


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        ("{ me { username } }", {}, 1),
        ("{ cells(first: 50) { totalCount nodes { uid head { name } } } }", {}, 1 + 50 * 2),
        ("{ cells { nodes { uid } } }", {}, 1 + 20 * 1),  # the default page
        ("query($n: Int) { cells(first: $n) { nodes { uid } } }", {"n": 7}, 1 + 7),
        ("query($n: Int = 3) { cells(first: $n) { nodes { uid } } }", {}, 1 + 3),
        # a nested list multiplies what it holds by its own page (nested default 20)
        ("{ cells(first: 10) { nodes { equipment { owner { name } } } } }", {}, 1 + 10 * (1 + 21)),
        ('{ nodes(ids: ["a", "b", "c"]) { ... on Cell { head { name } } } }', {}, 1 + 3),
        ("{ ...F } fragment F on Query { stats { totalNodes } }", {}, 5000),
        ('{ trace(uid: "x") { uid } search(text: "y") { uid } }', {}, 100),
    ],
)
def test_cost_follows_page_sizes_nesting_fragments_and_weights(
    model: CostModel, query: str, variables: dict[str, Any], cost: int
) -> None:
    assert model.measure(parse(query), None, variables).total == cost


def test_weights_and_budget_come_from_settings(seeded: FalkorDBEngine) -> None:
    settings = Settings(max_query_cost=50, query_costs={"Query.me": 60})
    with TestClient(create_app(settings, engine=seeded)) as strict:
        sign_in(strict, seeded)
        error = only_error(post(strict, "{ me { username } }"))
        assert error["extensions"] == {"code": "COST_LIMIT", "cost": 60, "budget": 50}
        assert only_error(post(strict, "{ cells(first: 60) { nodes { uid } } }"))
        assert data(strict, "{ cells(first: 40) { totalCount } }")["cells"]["totalCount"] > 0
    with pytest.raises(ValidationError, match=r"Type\.field"):
        Settings(query_costs={"stats": 1})


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        ('{ search(text: "' + "建" * 10_001 + '") { uid } }', {}, "text"),
        ("query($t: String!) { search(text: $t) { uid } }", {"t": "x" * 10_001}, "text"),
        (
            'query($k: [String!]) { search(text: "a", kinds: $k) { uid } }',
            {"k": ["Cell", "y" * 20_000]},
            "kinds",
        ),
    ],
    ids=["literal", "variable", "in-a-list"],
)
def test_long_strings_are_bad_input_naming_the_argument(
    client: TestClient, query: str, variables: dict[str, Any], argument: str
) -> None:
    body = post(client, query, variables)
    error = only_error(body)
    assert "data" not in body and error["extensions"]["code"] == "BAD_INPUT"
    [field] = error["extensions"]["fields"]
    assert field["field"] == argument
    assert "at most 10000 characters" in field["message"], field


def test_a_body_over_the_limit_is_413_json_unread(client: TestClient) -> None:
    declared = client.post("/graphql", json={"query": "{ me { username } }", "x": "y" * 1_100_000})
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "REDGRID_MAX_BODY_BYTES" in declared.json()["errors"][0]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"query": "{ me { username } }", "x": "'
        for _ in range(20):
            yield b"z" * 100_000
        yield b'"}'

    streamed = client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert data(client, "{ me { username } }")["me"]


def test_the_same_document_is_checked_against_each_requests_variables(
    client: TestClient,
) -> None:
    """Where a document's strings can be is worked out once per query text; the variables
    are checked on every request (a short one first does not let a long one through)."""
    query = "query($t: String!) { search(text: $t) { uid } }"
    assert "errors" not in post(client, query, {"t": "泵"})
    error = only_error(post(client, query, {"t": "x" * 10_001}))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "errors" not in post(client, query, {"t": "阀门"})
