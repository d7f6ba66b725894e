"""GraphQL over HTTP (api.graphql.http, api.http_errors): media types and status codes,
request-level errors as JSON with codes, nullable `node`, compression, automatic persisted
queries and CORS preflights, on the seeded scale-1 graph."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.graphql.http import GRAPHQL_RESPONSE, wants_graphql_response
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, gid, sign_in

NEW = {"accept": f"{GRAPHQL_RESPONSE}, application/json;q=0.9"}


@pytest.fixture(scope="module")
def client(seeded: FalkorDBEngine) -> Iterator[TestClient]:
    settings = Settings(cors_origins=["http://console.intranet"])
    with TestClient(create_app(settings, engine=seeded)) as test_client:
        sign_in(test_client, seeded)
        yield test_client


def _error(response: Any) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/"), response.headers
    body = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    return dict(error)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", False),
        (GRAPHQL_RESPONSE, True),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", True),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", False),
        (f"{GRAPHQL_RESPONSE};q=0", False),
    ],
)
def test_the_accept_header_chooses_the_media_type(accept: str | None, expected: bool) -> None:
    assert wants_graphql_response(accept) is expected


def test_graphql_response_json_is_answered_in_kind(client: TestClient) -> None:
    ok = client.post("/graphql", json={"query": "{ me { username } }"}, headers=NEW)
    assert ok.status_code == 200
    assert ok.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert ok.json() == {"data": {"me": {"username": "test-admin"}}}
    plain = client.post("/graphql", json={"query": "{ me { username } }"})
    assert plain.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{"}, "BAD_QUERY"),
        ({"query": "{ noSuchField }"}, "BAD_QUERY"),
        ({"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": None}}, None),
    ],
    ids=["parse", "validation", "variable-coercion"],
)
def test_errors_before_execution_have_no_data_and_400_under_the_new_type(
    client: TestClient, body: dict[str, Any], code: str | None
) -> None:
    new = client.post("/graphql", json=body, headers=NEW)
    assert new.status_code == 400
    assert "data" not in new.json() and new.json()["errors"]
    old = client.post("/graphql", json=body)
    assert old.status_code == 200, "application/json keeps 200, as the spec asks"
    assert "data" not in old.json()
    if code:
        assert new.json()["errors"][0]["extensions"]["code"] == code


def test_an_execution_error_keeps_data_and_200(client: TestClient) -> None:
    answer = client.post(
        "/graphql", json={"query": '{ trace(uid: "nope") { uid } me { username } }'}, headers=NEW
    )
    assert answer.status_code == 200
    assert answer.json()["data"] == {"trace": None, "me": {"username": "test-admin"}}


@pytest.mark.parametrize(
    ("request_", "status", "code"),
    [
        ({"content": b'{"query": "{ me', "headers": {"content-type": "application/json"}},
         400, "BAD_REQUEST"),
        ({"content": b'"{ me { username } }"', "headers": {"content-type": "application/json"}},
         400, "BAD_REQUEST"),
        ({"json": {"variables": {}}}, 400, "BAD_REQUEST"),
        ({"json": [{"query": "{ me { username } }"}]}, 400, "BATCHING_NOT_SUPPORTED"),
        ({"content": b'{"query": "{ me }"}', "headers": {"content-type": "text/plain"}},
         415, "UNSUPPORTED_MEDIA_TYPE"),
    ],
    ids=["broken-json", "not-an-object", "no-query", "batch", "content-type"],
)  # fmt: skip
def test_request_level_errors_are_json_with_a_code(
    client: TestClient, request_: dict[str, Any], status: int, code: str
) -> None:
    response = client.post("/graphql", **request_)
    assert response.status_code == status
    assert _error(response)["extensions"]["code"] == code


def test_wrong_methods_are_json_405_with_allow(client: TestClient) -> None:
    put = client.put("/graphql", json={"query": "{ me { username } }"})
    assert put.status_code == 405 and put.headers["allow"] == "GET, POST"
    assert _error(put)["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    mutation = client.get("/graphql", params={"query": "mutation { __typename }"})
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"
    assert _error(mutation)["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    get = client.get("/graphql", params={"query": "{ me { username } }"})
    assert get.json() == {"data": {"me": {"username": "test-admin"}}}


def test_one_stale_node_id_does_not_blank_the_response(client: TestClient) -> None:
    stale, known = gid("Cell", "cell-9999"), gid("Cell", "cell-0001")
    body = client.post(
        "/graphql",
        json={"query": f'{{ node(id: "{stale}") {{ id }} me {{ username }} }}'},
    ).json()
    assert body["data"] == {"node": None, "me": {"username": "test-admin"}}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    nodes = data(client, f'{{ nodes(ids: ["{stale}", "{known}"]) {{ id }} }}')["nodes"]
    assert nodes == [None, {"id": known}]


def test_answers_over_a_kilobyte_are_gzipped_and_still_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    query = {"query": "{ cells(first: 50) { nodes { uid name } } }"}
    with caplog.at_level(logging.INFO, logger="redgrid.api"):
        big = client.post("/graphql", json=query, headers={"accept-encoding": "gzip"})
    small = client.post(
        "/graphql", json={"query": "{ me { username } }"}, headers={"accept-encoding": "gzip"}
    )
    assert big.headers["content-encoding"] == "gzip" and "x-request-id" in big.headers
    compressed = int(big.headers["content-length"])
    assert compressed < len(big.content) / 3, (compressed, len(big.content))
    assert len(big.json()["data"]["cells"]["nodes"]) == 50
    assert "content-encoding" not in small.headers
    logged = [r.http for r in caplog.records if hasattr(r, "http")]
    assert logged[-1]["status"] == 200 and logged[-1]["request_id"] == big.headers["x-request-id"]


def test_automatic_persisted_queries_follow_apollos_protocol(client: TestClient) -> None:
    query = "{ me { username role } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = client.post("/graphql", json={"extensions": extensions})
    assert unknown.status_code == 200
    error = _error(unknown)
    assert (error["message"], error["extensions"]["code"]) == (
        "PersistedQueryNotFound",
        "PERSISTED_QUERY_NOT_FOUND",
    )
    expected = {"data": {"me": {"username": "test-admin", "role": "admin"}}}
    sent = client.post("/graphql", json={"query": query, "extensions": extensions})
    assert sent.json() == expected
    assert client.post("/graphql", json={"extensions": extensions}).json() == expected
    by_get = client.get("/graphql", params={"extensions": json.dumps(extensions)})
    assert by_get.json() == expected
    wrong = client.post(
        "/graphql", json={"query": "{ me { role } }", "extensions": extensions}, headers=NEW
    )
    assert wrong.status_code == 400 and _error(wrong)["extensions"]["code"] == "BAD_REQUEST"


def test_cors_preflights_follow_the_settings(client: TestClient, seeded: FalkorDBEngine) -> None:
    asked = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
    }
    allowed = client.options("/graphql", headers={"origin": "http://console.intranet", **asked})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://console.intranet"
    foreign = client.options("/graphql", headers={"origin": "http://elsewhere", **asked})
    assert foreign.status_code == 403
    assert _error(foreign)["extensions"]["code"] == "CORS_REJECTED"
    assert "http://elsewhere" in _error(foreign)["message"]
    with TestClient(create_app(Settings(), engine=seeded)) as unconfigured:
        refused = unconfigured.options("/graphql", headers={"origin": "http://x", **asked})
    assert refused.status_code == 403, "not a bare 405"
    assert _error(refused)["extensions"]["code"] == "CORS_REJECTED"
