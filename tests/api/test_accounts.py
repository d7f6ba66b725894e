"""Account versions: a token works only while its account stays at the version it was issued
for. A password change, deactivation, reactivation and role change each move the version on,
whichever way in they take (queries, GraphQL, the command line)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.security.passwords import hash_password
from api.security.tokens import issue
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from queries.users import find_user
from tests.api.graphql_client import data, sign_in
from writes.accounts import add_user, update_user
from writes.audit import Actor

FIRST, SECOND = "first long password", "second long password"
ME = {"query": "{ me { username } }"}


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    # account_cache_s=0: every request reads the account (test_account_cache.py: the cache)
    with TestClient(create_app(Settings(account_cache_s=0), engine=engine)) as test_client:
        yield test_client


@pytest.fixture
def planner(engine: FalkorDBEngine) -> str:
    add_user(engine, Actor("tests"), username="zhang.hua", role="planner",
             password_hash=hash_password(FIRST))  # fmt: skip
    return "zhang.hua"


def login(client: TestClient, username: str, password: str) -> str:
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def answers(client: TestClient, token: str) -> int:
    """The HTTP status of a request made with ``token``."""
    headers = {"Authorization": f"Bearer {token}"}
    return client.post("/graphql", json=ME, headers=headers).status_code


def test_a_password_change_ends_the_tokens_issued_before(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    assert answers(client, token) == 200
    update_user(engine, Actor("tests"), planner, password_hash=hash_password(SECOND))
    assert answers(client, token) == 401
    assert answers(client, login(client, planner, SECOND)) == 200


def test_reactivation_does_not_revive_the_tokens_of_before(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    update_user(engine, Actor("tests"), planner, active=False)
    assert answers(client, token) == 401
    update_user(engine, Actor("tests"), planner, active=True)
    assert answers(client, token) == 401
    assert answers(client, login(client, planner, FIRST)) == 200


def test_a_role_change_ends_the_tokens_issued_before(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    update_user(engine, Actor("tests"), planner, role="investigator")
    assert answers(client, token) == 401


def test_an_update_that_changes_nothing_keeps_the_tokens(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    update_user(engine, Actor("tests"), planner, active=True, role="planner")
    assert answers(client, token) == 200


def test_set_user_active_over_graphql_ends_the_tokens(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    sign_in(client, engine)  # as admin
    active = (
        "mutation($u: String!, $a: Boolean!) { setUserActive(username: $u, active: $a) { active } }"
    )
    assert data(client, active, {"u": planner, "a": False})["setUserActive"] == {"active": False}
    assert data(client, active, {"u": planner, "a": True})["setUserActive"] == {"active": True}
    assert answers(client, token) == 401
    issue_token = "mutation($u: String!) { issueToken(username: $u) { token } }"
    issued = data(client, issue_token, {"u": planner})["issueToken"]["token"]
    assert answers(client, issued) == 200


def test_the_command_line_ends_the_tokens(
    client: TestClient, engine: FalkorDBEngine, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDGRID_GRAPH_NAME", engine.graph_name)  # the CLI joins this test's graph
    runner = CliRunner()

    def redgrid(*args: str, stdin: str = "") -> str:
        result = runner.invoke(cli, ["--data", str(data_dir), "users", *args], input=stdin)
        assert result.exit_code == 0, result.output
        return result.output

    redgrid("add", "li.na", "--role", "investigator", "--password-stdin", stdin=FIRST + "\n")
    token = redgrid("token", "li.na").strip()
    assert answers(client, token) == 200
    redgrid("password", "li.na", "--password-stdin", stdin=SECOND + "\n")
    assert answers(client, token) == 401
    token = redgrid("token", "li.na").strip()
    redgrid("deactivate", "li.na")
    redgrid("activate", "li.na")
    assert answers(client, token) == 401
    assert answers(client, redgrid("token", "li.na").strip()) == 200
    account = find_user(engine, "li.na")
    assert account is not None and account.version == 3


def test_an_account_stored_before_versions_is_version_0(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    engine.run(
        "CREATE (u:User:GridNode) SET u = $props",
        {"props": {"uid": "user-old", "username": "old", "role": "planner", "active": True,
                   "password_hash": hash_password(FIRST), "created_at": "2026-01-01T00:00:00Z"}},
    )  # fmt: skip
    account = find_user(engine, "old")
    assert account is not None and account.version == 0
    now = datetime.now(UTC)
    unversioned = jwt.encode(
        {"sub": "old", "iat": now, "exp": now + timedelta(hours=1), "jti": "x"},
        client.app.state.signing_key,  # type: ignore[attr-defined]
        algorithm="HS256",
    )
    versioned, _ = issue(client.app.state.signing_key, account, timedelta(hours=1))  # type: ignore[attr-defined]
    assert answers(client, unversioned) == answers(client, versioned) == 200
    update_user(engine, Actor("tests"), "old", password_hash=hash_password(SECOND))
    assert answers(client, unversioned) == answers(client, versioned) == 401


def test_a_token_with_a_malformed_version_is_refused(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    now = datetime.now(UTC)
    token = jwt.encode(
        {"sub": planner, "ver": "0", "iat": now, "exp": now + timedelta(hours=1), "jti": "x"},
        client.app.state.signing_key,  # type: ignore[attr-defined]
        algorithm="HS256",
    )
    assert answers(client, token) == 401
