"""Helpers to post GraphQL over FastAPI's test client and read the answer."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The JSON body of a GraphQL request (HTTP 200 asserted)."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response.json()


def data(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The ``data`` of a request that must succeed without errors."""
    body = post(client, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def only_error(body: Any) -> dict[str, Any]:
    """The single error of a body."""
    assert len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    return error
