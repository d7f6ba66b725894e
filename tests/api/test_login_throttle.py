"""Login throttling: a guesser is stopped at their own address, a sprayer of many accounts
too, an account guessed at from everywhere answers slowly but still lets its owner in, and
the address counted is the real peer unless it is a configured proxy (over real HTTP)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.app import create_app
from api.security.passwords import hash_password
from api.security.proxies import uvicorn_forwarding
from api.security.throttle import LoginThrottle
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.test_serve import REDGRID, free_port, redgrid, wait_ready
from writes.accounts import add_user
from writes.audit import Actor

PASSWORD = "the admin's long password"
STRANGER, OWNER = ("198.51.100.7", 40000), ("10.20.30.40", 40000)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the throttle alone -----------------------------------------------------------------


def test_failures_lock_out_the_address_that_made_them_not_the_account() -> None:
    throttle = LoginThrottle(max_failures=3, address_max_failures=50, window_s=60)
    for _ in range(3):
        throttle.failed("admin", "198.51.100.7")
    assert throttle.locked("admin", "198.51.100.7")
    assert not throttle.locked("admin", "10.20.30.40")
    assert not throttle.locked("zhang.hua", "198.51.100.7")


def test_one_address_trying_many_accounts_is_locked_out_of_all() -> None:
    throttle = LoginThrottle(max_failures=3, address_max_failures=4, window_s=60)
    for name in ["a1", "a2", "a3", "a4"]:
        throttle.failed(name, "198.51.100.7")
    assert throttle.locked("a5", "198.51.100.7")
    assert not throttle.locked("a5", "10.20.30.40")


def test_an_account_guessed_from_everywhere_slows_down_and_is_never_locked() -> None:
    clock = Clock()
    throttle = LoginThrottle(3, 50, window_s=60, backoff_max_s=10, clock=clock)
    delays = []
    for n in range(8):
        delays.append(throttle.delay("admin"))
        throttle.failed("admin", f"198.51.100.{n}")
    assert delays == [0, 0, 0, 1, 2, 4, 8, 10]
    assert not throttle.locked("admin", "10.20.30.40")
    clock.now += 61
    assert throttle.delay("admin") == 0 and not throttle.locked("admin", "198.51.100.1")


def test_a_success_forgets_the_pair_and_old_keys_are_swept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    throttle = LoginThrottle(2, 50, window_s=60, clock=clock)
    throttle.failed("admin", "10.20.30.40")
    throttle.succeeded("admin", "10.20.30.40")
    throttle.failed("admin", "10.20.30.40")
    assert not throttle.locked("admin", "10.20.30.40")
    monkeypatch.setattr("api.security.throttle._SWEEP_ABOVE", 5)
    for n in range(4):
        throttle.failed(f"guess{n}", "198.51.100.7")
    clock.now += 61
    throttle.failed("admin", "10.20.30.40")
    assert len(throttle._failures) == 3  # the three keys of the last failure


# --- over the app ----------------------------------------------------------------------


@pytest.fixture
def admin(engine: FalkorDBEngine) -> str:
    add_user(engine, Actor("tests"), username="admin", role="admin",
             password_hash=hash_password(PASSWORD))  # fmt: skip
    return "admin"


def login(client: TestClient, username: str, password: str) -> Any:
    return client.post("/auth/token", data={"username": username, "password": password})


def test_a_stranger_cannot_lock_the_admin_out(engine: FalkorDBEngine, admin: str) -> None:
    settings = Settings(login_max_failures=3, login_backoff_max_s=0.3)
    app = create_app(settings, engine=engine)
    with TestClient(app, client=STRANGER) as stranger, TestClient(app, client=OWNER) as owner:
        answers = [login(stranger, admin, f"guess number {n}").json() for n in range(6)]
        assert answers[2] == {"detail": WRONG} and answers[3] == {"detail": LOCKED}
        assert "too many" in login(stranger, admin, PASSWORD).json()["detail"]
        started = time.monotonic()
        signed_in = login(owner, admin, PASSWORD)
        waited = time.monotonic() - started
    assert signed_in.status_code == 200, signed_in.text
    assert waited >= 0.3, "an account guessed at this much answers slowly"


def test_the_owner_who_mistypes_is_locked_out_at_their_address(
    engine: FalkorDBEngine, admin: str
) -> None:
    app = create_app(Settings(login_max_failures=2, login_backoff_max_s=0), engine=engine)
    with TestClient(app, client=OWNER) as owner:
        for _ in range(2):
            assert login(owner, admin, "a wrong password").status_code == 401
        locked = login(owner, admin, PASSWORD)
    assert locked.status_code == 401 and "too many" in locked.json()["detail"]


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    assert Settings(trusted_proxies=["10.0.0.5", "10.1.0.0/16", "::1"]).trusted_proxies
    with pytest.raises(ValidationError, match=r"or network \(CIDR\): 'proxy\.local' "):
        Settings(trusted_proxies=["10.0.0.5", "proxy.local"])
    assert uvicorn_forwarding(Settings()) == {"proxy_headers": False, "forwarded_allow_ips": []}


# --- over real HTTP --------------------------------------------------------------------


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("throttle-data")
    redgrid(data, "users", "add", "admin", "--role", "admin", "--password-stdin",
            stdin=PASSWORD + "\n")  # fmt: skip
    return data


@contextmanager
def served(data: Path, **environment: str) -> Iterator[str]:
    """The base URL of ``redgrid serve`` on a free loopback port, stopped on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [str(REDGRID), "--data", str(data), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "REDGRID_LOGIN_MAX_FAILURES": "2",
             "REDGRID_LOGIN_ADDRESS_MAX_FAILURES": "2", **environment},
    )  # fmt: skip
    try:
        wait_ready(f"http://127.0.0.1:{port}/healthz", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)


def spoofed_logins(base: str) -> list[str]:
    """Three guesses at other accounts from 127.0.0.1, each naming another client address,
    then admin's right password naming yet another: what each attempt was answered."""
    guesses = [(f"ghost{n}", "not the password", f"203.0.113.{n}") for n in range(3)]
    answers = []
    for username, password, client in [*guesses, ("admin", PASSWORD, "203.0.113.99")]:
        response = httpx.post(
            f"{base}/auth/token",
            data={"username": username, "password": password},
            headers={"X-Forwarded-For": client},
        )
        answers.append("token" if response.status_code == 200 else response.json()["detail"])
    return answers


WRONG, LOCKED = "wrong name or password", "too many failed logins; try again later"


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(data: Path) -> None:
    with served(data) as base:
        assert spoofed_logins(base) == [WRONG, WRONG, LOCKED, LOCKED]  # all from 127.0.0.1


def test_a_trusted_proxy_names_the_client(data: Path) -> None:
    with served(data, REDGRID_TRUSTED_PROXIES='["127.0.0.1"]') as base:
        assert spoofed_logins(base) == [WRONG, WRONG, WRONG, "token"]
