"""Parsed documents are kept across requests; a text that does not parse is not kept and its
error keeps its code (strawberry's ParserCache raised it before the error-coding hook)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.graphql.document_cache as document_cache
from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import sign_in


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=engine)) as test_client:
        sign_in(test_client, engine)
        yield test_client


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the cache parsed (it parses only on a miss)."""
    seen: list[str] = []
    real = document_cache.parse

    def counting(query: str, **options: Any) -> Any:
        seen.append(query)
        return real(query, **options)

    monkeypatch.setattr(document_cache, "parse", counting)
    return seen


def _post(client: TestClient, query: str) -> Any:
    return client.post("/graphql", json={"query": query}).json()


def test_a_repeated_text_is_parsed_once(client: TestClient, parses: list[str]) -> None:
    query = "{ me { username role } } # test_a_repeated_text_is_parsed_once"
    answers = [_post(client, query) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2] and "errors" not in answers[0]
    assert parses.count(query) == 1


def test_a_syntax_error_keeps_its_code_every_time(client: TestClient) -> None:
    broken = "{ me { username } # test_a_syntax_error_keeps_its_code_every_time"
    first, second = _post(client, broken), _post(client, broken)
    assert first == second
    (error,) = first["errors"]
    assert error["extensions"]["code"] and "Syntax Error" in error["message"]
