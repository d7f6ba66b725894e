"""Signed, expiring access tokens (JWT, HS256) and the key that signs them. A token names
the account version it was issued for (claim ``ver``); the per-request account check
refuses it once the account has moved on (``api.security.principal``).

A browser session is the same kind of token with two more claims: ``typ`` = ``session``
and ``ses`` = the account's session epoch it was issued in (``User.session_epoch``, moved on
by a sign-out: ``writes.sessions``). Its CSRF token is derived from its ``jti``
(:func:`csrf_token`), so nothing about a session is stored."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt

from api.settings import Settings
from queries.users import Account

ALGORITHM = "HS256"
KEY_FILE = "secret.key"
SESSION = "session"
"""The ``typ`` claim of a browser session's token (cookie ``redgrid_session``)."""
ACCESS = "access"
"""What a token without ``typ`` is: a bearer token."""


class InvalidToken(Exception):
    """A token that is malformed, forged, expired or names no active account."""


@dataclass(frozen=True, slots=True)
class Claims:
    username: str
    expires: datetime
    token_id: str
    version: int
    kind: str = ACCESS
    """:data:`ACCESS` (a bearer token) or :data:`SESSION` (a browser session's cookie)."""
    sessions: int = 0
    """A session's epoch: the account's ``session_epoch`` when it was signed in."""


def signing_key(settings: Settings) -> str:
    """``REDGRID_SECRET_KEY``, or the key kept in ``<data>/secret.key`` (made on first use,
    readable by the owner only)."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = Path(settings.data) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_hex(32))
    return path.read_text().strip()


def issue(key: str, account: Account, ttl: timedelta) -> tuple[str, datetime]:
    """A token for ``account`` at its current version, valid for ``ttl``, and when it expires.

    Example:
        >>> token, expires = issue("k" * 32, find_user(engine, "admin"), timedelta(hours=8))
    """
    signed, expires, _ = _issue(key, account, ttl, {})
    return signed, expires


def issue_session(key: str, account: Account, ttl: timedelta) -> tuple[str, datetime, str]:
    """A browser session's token for ``account`` at its current version and session epoch,
    when it expires, and its CSRF token.

    Example:
        >>> signed, expires, csrf = issue_session("k" * 32, account, timedelta(hours=8))
    """
    signed, expires, token_id = _issue(key, account, ttl, {"typ": SESSION, "ses": account.sessions})
    return signed, expires, csrf_token(key, token_id)


def _issue(
    key: str, account: Account, ttl: timedelta, extra: dict[str, object]
) -> tuple[str, datetime, str]:
    now = datetime.now(UTC)
    expires, token_id = now + ttl, uuid.uuid4().hex
    claims = {"sub": account.username, "ver": account.version, "iat": now, "exp": expires,
              "jti": token_id, **extra}  # fmt: skip
    return jwt.encode(claims, key, algorithm=ALGORITHM), expires, token_id


def csrf_token(key: str, token_id: str) -> str:
    """The CSRF token of the session whose ``jti`` is ``token_id``: an HMAC of it under the
    signing key, so the server checks it without storing it and another session's (or a
    bearer token's) does not fit.

    Example:
        >>> csrf_token("k" * 32, "0f3c…") == csrf_token("k" * 32, "0f3c…")
        True
    """
    return hmac.new(key.encode(), f"csrf:{token_id}".encode(), hashlib.sha256).hexdigest()


def verify(key: str, token: str) -> Claims:
    """The claims of a token signed with ``key`` and not expired.

    A token's signature and claims are checked once and kept (:data:`VERIFIED_TOKENS`, the
    least recently used go; a refused token is never kept): every request of a client
    carries the same token, and checking it was ~7 % of a small request's time. Its
    expiry is checked on every use.

    Raises:
        InvalidToken: with a reason safe to show (malformed, bad signature, expired).
    """
    claims = _verified(key, token)
    if claims.expires.timestamp() <= time.time():
        raise InvalidToken("token expired")
    return claims


VERIFIED_TOKENS = 1024
"""Distinct valid tokens whose checked claims are kept."""


@lru_cache(maxsize=VERIFIED_TOKENS)
def _verified(key: str, token: str) -> Claims:
    try:
        claims = jwt.decode(
            token, key, algorithms=[ALGORITHM], options={"require": ["sub", "exp", "iat", "jti"]}
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken("token expired") from None
    except jwt.PyJWTError:
        raise InvalidToken("invalid token") from None
    version = claims.get("ver", 0)  # tokens issued before versions existed: version 0
    kind, sessions = claims.get("typ", ACCESS), claims.get("ses", 0)
    if (
        not isinstance(claims["sub"], str)
        or not isinstance(claims["jti"], str)
        or type(version) is not int
        or kind not in (ACCESS, SESSION)
        or type(sessions) is not int
    ):
        raise InvalidToken("invalid token")
    expires = datetime.fromtimestamp(claims["exp"], UTC)
    return Claims(claims["sub"], expires, claims["jti"], version, kind, sessions)
