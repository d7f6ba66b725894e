"""The account check is cached briefly per API process (``account_cache_s``): a change made
elsewhere ends older tokens within that time, never later; a change made through the API ends
them at once; a token newer than the account read is checked against a fresh read at once."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security.passwords import hash_password
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, sign_in
from tests.api.test_accounts import FIRST, SECOND, answers, login
from writes.accounts import add_user, update_user
from writes.audit import Actor

TTL_S = 0.5


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(account_cache_s=TTL_S), engine=engine)) as test_client:
        yield test_client


@pytest.fixture
def planner(engine: FalkorDBEngine) -> str:
    add_user(engine, Actor("tests"), username="zhang.hua", role="planner",
             password_hash=hash_password(FIRST))  # fmt: skip
    return "zhang.hua"


def test_requests_within_the_ttl_read_the_account_once(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    assert answers(client, token) == 200
    start = engine.round_trips
    for _ in range(5):
        assert answers(client, token) == 200
    assert engine.round_trips == start  # `me` reads nothing else


def test_a_change_made_elsewhere_ends_the_token_within_the_ttl(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    assert answers(client, token) == 200
    update_user(engine, Actor("elsewhere"), planner, active=False)  # as the command line does
    changed = time.monotonic()
    while answers(client, token) == 200:
        assert time.monotonic() - changed < TTL_S, "the old token outlived the cache's TTL"
        time.sleep(0.05)
    assert answers(client, token) == 401


def test_a_token_newer_than_the_account_read_is_checked_at_once(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    old = login(client, planner, FIRST)
    assert answers(client, old) == 200
    update_user(engine, Actor("elsewhere"), planner, password_hash=hash_password(SECOND))
    assert answers(client, login(client, planner, SECOND)) == 200
    assert answers(client, old) == 401  # the fresh read is the one kept


def test_a_lock_out_through_the_api_takes_effect_at_once(
    client: TestClient, engine: FalkorDBEngine, planner: str
) -> None:
    token = login(client, planner, FIRST)
    assert answers(client, token) == 200
    sign_in(client, engine)  # as admin
    lock = "mutation($u: String!) { setUserActive(username: $u, active: false) { active } }"
    assert data(client, lock, {"u": planner})["setUserActive"] == {"active": False}
    assert answers(client, token) == 401
