"""The ``search`` root field over HTTP, on the real embedded engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from graph.writer import upsert_nodes
from tests.api.graphql_client import sign_in

QUERY = """query($text: String!, $kinds: [String!], $first: Int!) {
  search(text: $text, kinds: $kinds, first: $first) { uid kind name score }
}"""


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    upsert_nodes(
        engine,
        "Person",
        [
            {"uid": "p-1", "employee_no": "E1", "name": "王建国", "party_member": True},
            {"uid": "p-2", "employee_no": "E2", "name": "李建华", "party_member": False},
        ],
    )
    upsert_nodes(engine, "Cell", [{"uid": "c-1", "name": "苏东集气站先锋格", "mode": "scene"}])
    with TestClient(create_app(Settings(max_page_size=5), engine=engine)) as test_client:
        sign_in(test_client, engine)
        yield test_client


def ask(client: TestClient, text: str, kinds: list[str] | None = None, first: int = 5) -> Any:
    variables = {"text": text, "kinds": kinds, "first": first}
    return client.post("/graphql", json={"query": QUERY, "variables": variables}).json()


def test_search_finds_people_and_units_by_partial_chinese(client: TestClient) -> None:
    assert [h["uid"] for h in ask(client, "建国")["data"]["search"]] == ["p-1"]
    assert {h["uid"] for h in ask(client, "建")["data"]["search"]} == {"p-1", "p-2"}
    hits = ask(client, "集气站")["data"]["search"]
    assert [(h["uid"], h["kind"]) for h in hits] == [("c-1", "Cell")]
    assert ask(client, "建", kinds=["Cell"])["data"]["search"] == []


def test_search_bounds_and_bad_input(client: TestClient) -> None:
    assert len(ask(client, "建", first=5)["data"]["search"]) == 2
    over = ask(client, "建", first=100)["errors"][0]
    assert over["extensions"]["code"] == "BAD_INPUT" and "at most 5" in over["message"]
    body = ask(client, "   ")
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    body = ask(client, "建", kinds=["Spaceship"])
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert "Spaceship" in body["errors"][0]["message"]
