"""api.security.tokens: a valid token's checked claims are kept between requests, but its
expiry is checked on every use, and a refused token is never kept."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from api.security import tokens
from api.security.tokens import InvalidToken, issue, verify
from queries.users import Account

KEY = "k" * 32
ACCOUNT = Account(
    uid="user-1", username="li.si", role="member", person=None, active=True,
    created_at="2026-01-01T00:00:00Z", password_hash="-", rev=1, version=3,
)  # fmt: skip


def test_a_kept_token_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token, expires = issue(KEY, ACCOUNT, timedelta(minutes=5))
    claims = verify(KEY, token)
    assert (claims.username, claims.version) == ("li.si", 3)
    assert verify(KEY, token) is claims, "checked once, then kept"
    monkeypatch.setattr(time, "time", lambda: expires.timestamp() + 1)
    with pytest.raises(InvalidToken, match="token expired"):
        verify(KEY, token)


def test_a_refused_token_is_not_kept() -> None:
    token, _ = issue(KEY, ACCOUNT, timedelta(minutes=5))
    before = tokens._verified.cache_info().currsize
    for forged in (token[:-2] + "xx", "not-a-token"):
        with pytest.raises(InvalidToken, match="invalid token"):
            verify(KEY, forged)
    with pytest.raises(InvalidToken, match="invalid token"):
        verify("other" * 8, token)
    assert tokens._verified.cache_info().currsize == before
