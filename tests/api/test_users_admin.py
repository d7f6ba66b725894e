"""``users``: admins list every account with its role and person, never a password hash;
nobody else lists them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.queries.factories import add_person

USERS = "{ users { username role personUid active createdAt person { uid name } } }"


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(account_cache_s=0), engine=engine)) as test_client:
        yield test_client


def test_admins_list_every_account_with_role_and_person_and_no_hash(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    add_person(engine, "p-1")
    sign_in(client, engine, role="member", person="p-1")
    admin = sign_in(client, engine, role="admin")
    body = post(client, USERS)
    assert "errors" not in body, body
    rows = {row["username"]: row for row in body["data"]["users"]}
    assert set(rows) == {admin, "test-member-p-1"}
    member = rows["test-member-p-1"]
    assert member["role"] == "member" and member["active"] is True
    assert member["personUid"] == "p-1" and member["person"]["uid"] == "p-1"
    assert rows[admin]["person"] is None and rows[admin]["createdAt"].endswith("Z")
    assert "hash" not in str(body).lower() and "$argon" not in str(body)


@pytest.mark.parametrize("role", ["planner", "investigator", "head", "member"])
def test_only_admins_list_accounts(client: TestClient, engine: FalkorDBEngine, role: str) -> None:
    add_person(engine, "p-1")
    sign_in(client, engine, role=role, person="p-1" if role in ("head", "member") else None)
    error = only_error(post(client, USERS))
    assert error["extensions"]["code"] == "FORBIDDEN"


def test_a_deactivated_account_is_listed_inactive(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    sign_in(client, engine, role="admin")
    created = data(
        client,
        'mutation { createUser(username: "wang.min", role: "planner", '
        'password: "a long enough password") { username } }',
    )
    assert created["createUser"]["username"] == "wang.min"
    data(client, 'mutation { setUserActive(username: "wang.min", active: false) { active } }')
    rows = {row["username"]: row for row in data(client, USERS)["users"]}
    assert rows["wang.min"]["active"] is False
