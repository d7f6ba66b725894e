"""Helpers to post GraphQL over FastAPI's test client and read the answer."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from api.security.passwords import hash_password
from api.security.tokens import issue
from graph.engine import Engine
from queries.users import find_user
from writes.accounts import add_user
from writes.audit import Actor


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


def gid(kind: str, uid: str) -> str:
    """The Relay global id of a node (base64 of ``Kind:uid``), as clients receive it."""
    return base64.b64encode(f"{kind}:{uid}".encode()).decode()


def sign_in(
    client: TestClient, engine: Engine, *, role: str = "admin", person: str | None = None
) -> str:
    """Give ``client`` the bearer token of an account with ``role`` (acting as ``person``),
    creating the account in ``engine`` when it is not there yet. Returns the username."""
    username = f"test-{role}" + (f"-{person}" if person else "")
    account = find_user(engine, username)
    if account is None:
        account = add_user(
            engine,
            Actor("tests"),
            username=username,
            role=role,
            person=person,
            password_hash=_TEST_HASH,
        )
    token, _ = issue(client.app.state.signing_key, account, timedelta(hours=1))  # type: ignore[attr-defined]
    client.headers["Authorization"] = f"Bearer {token}"
    return username


TEST_PASSWORD = "correct horse battery staple"
_TEST_HASH = hash_password(TEST_PASSWORD)
