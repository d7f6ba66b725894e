"""Browser sessions, tried as an attacker would: the cookies' attributes, the CSRF header on
every cookie-authenticated change, forged, expired and signed-out cookies (in this process,
in another worker and after a restart), bearer tokens unchanged beside them, the login
throttle shared with ``/auth/token``, and ``changePassword``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from api.app import create_app
from api.security.passwords import hash_password
from api.security.sessions import CSRF_COOKIE, CSRF_HEADER, CSRF_REFUSED, SESSION_COOKIE
from api.security.tokens import issue, issue_session
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from queries.users import find_user
from writes.accounts import add_user, update_user
from writes.audit import Actor

PASSWORD, NEW_PASSWORD = "the planner's long password", "a brand new long password"
ADMIN_PASSWORD = "the admin's long password"
ME = "{ me { username role } }"
CREATE = (
    'mutation { createUser(username: "intruder", role: "admin", password: "0123456789ab") '
    "{ username } }"
)
CHANGE = "mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) { username } }"


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(account_cache_s=0), engine=engine)) as test_client:
        yield test_client


@pytest.fixture
def accounts(engine: FalkorDBEngine) -> None:
    add_user(engine, Actor("tests"), username="zhang.hua", role="planner",
             password_hash=hash_password(PASSWORD))  # fmt: skip
    add_user(engine, Actor("tests"), username="wang.admin", role="admin",
             password_hash=hash_password(ADMIN_PASSWORD))  # fmt: skip


class Browser:
    """The two cookies a sign-in gave, sent by hand so that each test says what it sends."""

    def __init__(self, client: TestClient, username: str, password: str) -> None:
        response = client.post("/auth/session", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        self.answer: dict[str, Any] = response.json()
        self.session = response.cookies[SESSION_COOKIE]
        self.csrf = response.cookies[CSRF_COOKIE]
        client.cookies.clear()  # nothing sent unless a test sends it
        self.client = client

    def headers(self, csrf: str | None = "own", session: str | None = None) -> dict[str, str]:
        cookie = f"{SESSION_COOKIE}={session or self.session}; {CSRF_COOKIE}={self.csrf}"
        headers = {"Cookie": cookie}
        if csrf is not None:
            headers[CSRF_HEADER] = self.csrf if csrf == "own" else csrf
        return headers

    def graphql(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Response:
        body = {"query": query, "variables": variables or {}}
        return self.client.post("/graphql", json=body, headers=self.headers(**kw))


def set_cookies(response: Response) -> dict[str, str]:
    """Each Set-Cookie header of ``response``, by cookie name (lower-cased)."""
    return {h.split("=", 1)[0]: h.lower() for h in response.headers.get_list("set-cookie")}


# --- signing in -----------------------------------------------------------------------------


def test_sign_in_sets_the_session_http_only_and_the_csrf_token_readable(
    client: TestClient, accounts: None
) -> None:
    response = client.post("/auth/session", json={"username": "zhang.hua", "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["username"] == "zhang.hua" and body["role"] == "planner"
    assert body["person"] is None and 480 * 60 - 5 < body["expiresIn"] <= 480 * 60
    assert body["csrfToken"] == response.cookies[CSRF_COOKIE]
    cookies = set_cookies(response)
    session, csrf = cookies[SESSION_COOKIE], cookies[CSRF_COOKIE]
    for cookie in (session, csrf):
        assert "samesite=strict" in cookie and "path=/" in cookie
        assert f"max-age={480 * 60}" in cookie and "secure" not in cookie
    assert "httponly" in session and "httponly" not in csrf
    assert response.headers["cache-control"] == "no-store"


def test_over_https_both_cookies_are_secure(engine: FalkorDBEngine, accounts: None) -> None:
    app = create_app(Settings(account_cache_s=0, session_ttl_minutes=30), engine=engine)
    with TestClient(app, base_url="https://testserver") as https:
        response = https.post("/auth/session", json={"username": "zhang.hua", "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert response.json()["expiresIn"] <= 30 * 60
    for cookie in set_cookies(response).values():
        assert "; secure" in cookie and "max-age=1800" in cookie


def test_only_json_signs_in_and_a_malformed_body_says_what_is_missing(
    client: TestClient, accounts: None
) -> None:
    """A form (or text/plain that parses as JSON) is what another site can post without a
    preflight to sign a victim in as the attacker: refused, and no cookie is set."""
    credentials = {"username": "zhang.hua", "password": PASSWORD}
    form = client.post("/auth/session", data=credentials)
    assert form.status_code == 415 and "application/json" in form.json()["detail"]
    assert "set-cookie" not in form.headers
    plain = client.post("/auth/session", content=json.dumps(credentials),
                        headers={"content-type": "text/plain"})  # fmt: skip
    assert plain.status_code == 415 and "set-cookie" not in plain.headers
    missing = client.post("/auth/session", json={"username": "zhang.hua"})
    assert missing.status_code == 422 and "password" in missing.json()["detail"]
    both = client.post("/auth/session", json={"password": ""})
    assert both.status_code == 422 and "username and password" in both.json()["detail"]
    wrong_type = client.post("/auth/session", json={"username": ["zhang.hua"], "password": 1})
    assert wrong_type.status_code == 422
    json_type = {"content-type": "application/json"}
    garbage = client.post("/auth/session", content=b"{not json", headers=json_type)
    assert garbage.status_code == 400 and "username" in garbage.json()["detail"]
    assert client.post("/auth/session", json=["zhang.hua", PASSWORD]).status_code == 400


def test_wrong_credentials_answer_like_the_token_endpoint(
    client: TestClient, accounts: None
) -> None:
    for body in ({"username": "zhang.hua", "password": "not the password"},
                 {"username": "nobody-at-all", "password": PASSWORD}):  # fmt: skip
        session = client.post("/auth/session", json=body)
        token = client.post("/auth/token", data=body)
        assert session.status_code == token.status_code == 401
        assert session.json() == token.json() == {"detail": "wrong name or password"}
        assert "set-cookie" not in session.headers


def test_a_deactivated_account_cannot_sign_in_and_its_cookie_stops_working(
    client: TestClient, engine: FalkorDBEngine, accounts: None
) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    assert browser.graphql(ME).status_code == 200
    update_user(engine, Actor("tests"), "zhang.hua", active=False)
    assert browser.graphql(ME).status_code == 401
    assert client.get("/auth/session", headers=browser.headers()).status_code == 401
    body = {"username": "zhang.hua", "password": PASSWORD}
    assert client.post("/auth/session", json=body).status_code == 401


def test_the_throttle_counts_session_and_token_sign_ins_together(engine: FalkorDBEngine) -> None:
    add_user(engine, Actor("tests"), username="zhang.hua", role="planner",
             password_hash=hash_password(PASSWORD))  # fmt: skip
    settings = Settings(account_cache_s=0, login_max_failures=2, login_backoff_max_s=0)
    with TestClient(create_app(settings, engine=engine)) as client:
        wrong = {"username": "zhang.hua", "password": "not the password"}
        assert client.post("/auth/session", json=wrong).status_code == 401
        assert client.post("/auth/token", data=wrong).status_code == 401
        right = {"username": "zhang.hua", "password": PASSWORD}
        for response in (client.post("/auth/session", json=right),
                         client.post("/auth/token", data=right)):  # fmt: skip
            assert response.status_code == 401
            assert response.json() == {"detail": "too many failed logins; try again later"}


# --- GraphQL by cookie: the CSRF header -------------------------------------------------------


def test_graphql_by_cookie_works_with_the_csrf_header_by_post_and_get(
    client: TestClient, accounts: None
) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    response = browser.graphql(ME)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"] == {"username": "zhang.hua", "role": "planner"}
    get = client.get("/graphql", params={"query": ME}, headers=browser.headers())
    assert get.status_code == 200 and get.json()["data"]["me"]["username"] == "zhang.hua"
    refused = client.get("/graphql", params={"query": ME}, headers=browser.headers(csrf=None))
    assert refused.status_code == 403 and refused.json() == {"detail": CSRF_REFUSED}


@pytest.mark.parametrize("csrf", [None, "", "0" * 64, "own-but-twice"])
def test_a_change_without_the_right_csrf_header_is_refused_and_not_made(
    client: TestClient, engine: FalkorDBEngine, accounts: None, csrf: str | None
) -> None:
    browser = Browser(client, "wang.admin", ADMIN_PASSWORD)
    sent = browser.csrf * 2 if csrf == "own-but-twice" else csrf
    response = browser.graphql(CREATE, csrf=sent)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "missing or wrong CSRF token (send the redgrid_csrf cookie's value as "
        "X-CSRF-Token)"
    }
    assert find_user(engine, "intruder") is None
    made = browser.graphql(CREATE)  # the same request with the header: made
    assert made.json()["data"]["createUser"] == {"username": "intruder"}
    assert find_user(engine, "intruder") is not None


def test_the_csrf_token_of_another_session_does_not_fit(
    client: TestClient, engine: FalkorDBEngine, accounts: None
) -> None:
    victim = Browser(client, "wang.admin", ADMIN_PASSWORD)
    attacker = Browser(client, "zhang.hua", PASSWORD)
    another_of_the_victim = Browser(client, "wang.admin", ADMIN_PASSWORD)
    for csrf in (attacker.csrf, another_of_the_victim.csrf):
        assert csrf != victim.csrf
        assert victim.graphql(CREATE, csrf=csrf).status_code == 403
    assert find_user(engine, "intruder") is None


def test_a_tampered_or_foreign_cookie_is_refused(client: TestClient, accounts: None) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    head, payload, signature = browser.session.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    for session in (f"{head}.{payload}.{flipped}", "garbage", f"{head}.{payload}."):
        assert browser.graphql(ME, session=session).status_code == 401
    key = client.app.state.signing_key  # type: ignore[attr-defined]
    account = find_user(client.app.state.engine, "zhang.hua")  # type: ignore[attr-defined]
    assert account is not None
    bearer, _ = issue(key, account, timedelta(hours=1))  # a bearer token is no session cookie
    assert browser.graphql(ME, session=bearer).status_code == 401
    headers = {"Authorization": f"Bearer {browser.session}"}  # nor a session a bearer token
    assert client.post("/graphql", json={"query": ME}, headers=headers).status_code == 401


def test_an_expired_session_is_refused(client: TestClient, accounts: None) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    key = client.app.state.signing_key  # type: ignore[attr-defined]
    account = find_user(client.app.state.engine, "zhang.hua")  # type: ignore[attr-defined]
    assert account is not None
    expired, _, csrf = issue_session(key, account, timedelta(seconds=-5))
    response = browser.graphql(ME, session=expired, csrf=csrf)
    assert response.status_code == 401 and response.json() == {"detail": "token expired"}


# --- bearer tokens beside sessions ---------------------------------------------------------


def test_bearer_tokens_need_no_csrf_header_and_the_header_wins_over_the_cookie(
    client: TestClient, accounts: None
) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    admin = client.post("/auth/token", data={"username": "wang.admin", "password": ADMIN_PASSWORD})
    bearer = {"Authorization": f"Bearer {admin.json()['access_token']}"}
    alone = client.post("/graphql", json={"query": ME}, headers=bearer)
    assert alone.json()["data"]["me"]["username"] == "wang.admin"
    both = client.post("/graphql", json={"query": ME}, headers=bearer | browser.headers(csrf=None))
    assert both.status_code == 200 and both.json()["data"]["me"]["username"] == "wang.admin"
    broken = {"Authorization": "Bearer not-a-token"} | browser.headers()
    assert client.post("/graphql", json={"query": ME}, headers=broken).status_code == 401


# --- who am I, signing out -----------------------------------------------------------------


def test_the_session_tells_who_and_its_csrf_token_without_the_header(
    engine: FalkorDBEngine, accounts: None
) -> None:
    settings = Settings(account_cache_s=0, cors_origins=["https://console.example"])
    with TestClient(create_app(settings, engine=engine)) as client:
        browser = Browser(client, "zhang.hua", PASSWORD)
        response = client.get("/auth/session", headers=browser.headers(csrf=None))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body | {"expiresIn": 0} == browser.answer | {"expiresIn": 0}
        assert body["csrfToken"] == browser.csrf and response.headers["cache-control"] == "no-store"
        assert client.get("/auth/session").status_code == 401
        foreign = browser.headers(csrf=None) | {"Origin": "https://evil.example"}
        answer = client.get("/auth/session", headers=foreign)
        assert not any(h.startswith("access-control-") for h in answer.headers)
        ours = foreign | {"Origin": "https://console.example"}
        allowed = client.get("/auth/session", headers=ours)
        assert "access-control-allow-credentials" not in allowed.headers


def test_logout_ends_the_session_here_in_another_worker_and_after_a_restart(
    client: TestClient, engine: FalkorDBEngine, accounts: None
) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    with TestClient(create_app(Settings(account_cache_s=0), engine=engine)) as other_worker:
        before = other_worker.post("/graphql", json={"query": ME}, headers=browser.headers())
        assert before.status_code == 200
        assert client.post("/auth/logout", headers=browser.headers(csrf=None)).status_code == 403
        assert browser.graphql(ME).status_code == 200  # a refused logout ended nothing
        response = client.post("/auth/logout", headers=browser.headers())
        assert response.status_code == 204, response.text
        cookies = set_cookies(response)
        assert all("max-age=0" in cookies[name] for name in (SESSION_COOKIE, CSRF_COOKIE))
        assert browser.graphql(ME).status_code == 401  # at once in this process
        replay = other_worker.post("/graphql", json={"query": ME}, headers=browser.headers())
        assert replay.status_code == 401
        assert client.post("/auth/logout", headers=browser.headers()).status_code == 401
    with TestClient(create_app(Settings(), engine=engine)) as restarted:
        replay = restarted.post("/graphql", json={"query": ME}, headers=browser.headers())
        assert replay.status_code == 401
        again = Browser(restarted, "zhang.hua", PASSWORD)  # signing in again works
        assert again.graphql(ME).status_code == 200


def test_logout_in_a_worker_with_a_cached_account_reads_a_newer_session_afresh(
    engine: FalkorDBEngine, accounts: None
) -> None:
    """A worker that cached the account at the old epoch still lets a session signed in
    after the logout in at once (the session is newer than its read)."""
    settings = Settings(account_cache_s=60)
    with (
        TestClient(create_app(settings, engine=engine)) as cached,
        TestClient(create_app(settings, engine=engine)) as other,
    ):
        first = Browser(cached, "zhang.hua", PASSWORD)
        assert first.graphql(ME).status_code == 200  # cached at epoch 0
        assert other.post("/auth/logout", headers=first.headers()).status_code == 204
        second = Browser(other, "zhang.hua", PASSWORD)
        response = cached.post("/graphql", json={"query": ME}, headers=second.headers())
        assert response.status_code == 200, response.text


def test_a_bearer_tokens_survive_a_sign_out(client: TestClient, accounts: None) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    token = client.post("/auth/token", data={"username": "zhang.hua", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert client.post("/auth/logout", headers=browser.headers()).status_code == 204
    assert client.post("/graphql", json={"query": ME}, headers=bearer).status_code == 200


# --- changePassword ----------------------------------------------------------------------------


def test_change_password_needs_the_current_one(
    client: TestClient, engine: FalkorDBEngine, accounts: None
) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    wrong = browser.graphql(CHANGE, {"c": "not the password", "n": NEW_PASSWORD}).json()
    assert wrong["data"] is None
    error = wrong["errors"][0]["extensions"]
    assert error["code"] == "BAD_INPUT"
    assert error["fields"] == [{"field": "current", "message": "not your current password"}]
    short = browser.graphql(CHANGE, {"c": PASSWORD, "n": "short"}).json()
    assert short["errors"][0]["extensions"]["fields"][0]["field"] == "new"
    account = find_user(engine, "zhang.hua")
    assert account is not None and account.version == 0
    assert browser.graphql(ME).status_code == 200


def test_change_password_ends_older_tokens_and_sessions_and_is_audited(
    client: TestClient, engine: FalkorDBEngine, accounts: None
) -> None:
    browser = Browser(client, "zhang.hua", PASSWORD)
    other_browser = Browser(client, "zhang.hua", PASSWORD)
    token = client.post("/auth/token", data={"username": "zhang.hua", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    done = browser.graphql(CHANGE, {"c": PASSWORD, "n": NEW_PASSWORD})
    assert done.json() == {"data": {"changePassword": {"username": "zhang.hua"}}}
    assert browser.graphql(ME).status_code == 401
    assert other_browser.graphql(ME).status_code == 401
    assert client.post("/graphql", json={"query": ME}, headers=bearer).status_code == 401
    old = {"username": "zhang.hua", "password": PASSWORD}
    assert client.post("/auth/session", json=old).status_code == 401
    assert Browser(client, "zhang.hua", NEW_PASSWORD).graphql(ME).status_code == 200
    rows = engine.run(
        "MATCH (a:AuditEntry {operation: 'user.update', target: 'user-zhang.hua'}) RETURN a",
        readonly=True,
    )
    assert [(r["a"]["actor"], r["a"]["after"]) for r in rows] == [
        ("zhang.hua", '{"password": "changed"}')
    ]


def test_nobody_changes_another_accounts_password(
    client: TestClient, engine: FalkorDBEngine, accounts: None
) -> None:
    """The mutation names no account: it is always the caller's."""
    browser = Browser(client, "zhang.hua", PASSWORD)
    other = (
        'mutation { changePassword(username: "wang.admin", current: "x", new: "0123456789ab") '
        "{ username } }"
    )
    answer = browser.graphql(other).json()
    assert answer["errors"][0]["extensions"]["code"] == "BAD_QUERY"
    admin = find_user(engine, "wang.admin")
    assert admin is not None and admin.version == 0
    body = {"username": "wang.admin", "password": ADMIN_PASSWORD}
    assert client.post("/auth/session", json=body).status_code == 200
