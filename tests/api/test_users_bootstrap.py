"""``redgrid users bootstrap``: the first admin account, made once with a one-time password
that signs in; run again it makes nothing; an inactive ``admin`` is not revived."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from api.app import create_app
from api.cli import app as cli
from api.security.passwords import hash_password
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from queries.users import list_users
from writes.accounts import add_user, update_user
from writes.audit import Actor

type Redgrid = Callable[..., Result]


@pytest.fixture
def redgrid(engine: FalkorDBEngine, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Redgrid:
    monkeypatch.setenv("REDGRID_GRAPH_NAME", engine.graph_name)  # the CLI joins this test's graph
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, ["--data", str(data_dir), "users", *args])

    return run


def test_bootstrap_creates_the_first_admin_once_and_its_password_signs_in(
    redgrid: Redgrid, engine: FalkorDBEngine
) -> None:
    first = redgrid("bootstrap")
    assert first.exit_code == 0, first.output
    found = re.search(r"first admin account: admin / (\S+) — sign in and change it with "
                      r"`redgrid users password admin`", first.output)  # fmt: skip
    assert found, first.output
    password = found.group(1)
    assert len(password) >= 16
    again = redgrid("bootstrap", "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.output) == {"created": False, "username": "admin"}
    assert "nothing to do" in redgrid("bootstrap").output
    assert [(a.username, a.role) for a in list_users(engine)] == [("admin", "admin")]
    with TestClient(create_app(Settings(account_cache_s=0), engine=engine)) as client:
        response = client.post("/auth/session", json={"username": "admin", "password": password})
        assert response.status_code == 200, response.text
        assert response.json()["role"] == "admin"


def test_bootstrap_json_gives_the_one_time_password(
    redgrid: Redgrid, engine: FalkorDBEngine
) -> None:
    created = json.loads(redgrid("bootstrap", "--json").output)
    assert created["created"] is True and created["username"] == "admin"
    assert isinstance(created["password"], str) and len(created["password"]) >= 16


def test_an_active_admin_of_another_name_is_enough(
    redgrid: Redgrid, engine: FalkorDBEngine
) -> None:
    add_user(engine, Actor("tests"), username="wang.admin", role="admin",
             password_hash=hash_password("the admin's long password"))  # fmt: skip
    result = redgrid("bootstrap", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["created"] is False
    assert [a.username for a in list_users(engine)] == ["wang.admin"]


def test_an_inactive_admin_named_admin_is_not_revived(
    redgrid: Redgrid, engine: FalkorDBEngine
) -> None:
    add_user(engine, Actor("tests"), username="admin", role="admin",
             password_hash=hash_password("the admin's long password"))  # fmt: skip
    update_user(engine, Actor("tests"), "admin", active=False)
    result = redgrid("bootstrap")
    assert result.exit_code == 2
    assert "redgrid users activate" in result.output
    assert [a.active for a in list_users(engine)] == [False]
