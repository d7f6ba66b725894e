"""Signed, expiring access tokens (JWT, HS256) and the key that signs them. A token names
the account version it was issued for (claim ``ver``); the per-request account check
refuses it once the account has moved on (``api.security.principal``)."""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

from api.settings import Settings
from queries.users import Account

ALGORITHM = "HS256"
KEY_FILE = "secret.key"


class InvalidToken(Exception):
    """A token that is malformed, forged, expired or names no active account."""


@dataclass(frozen=True, slots=True)
class Claims:
    username: str
    expires: datetime
    token_id: str
    version: int


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
    now = datetime.now(UTC)
    expires = now + ttl
    claims = {"sub": account.username, "ver": account.version, "iat": now, "exp": expires,
              "jti": uuid.uuid4().hex}  # fmt: skip
    return jwt.encode(claims, key, algorithm=ALGORITHM), expires


def verify(key: str, token: str) -> Claims:
    """The claims of a token signed with ``key`` and not expired.

    Raises:
        InvalidToken: with a reason safe to show (malformed, bad signature, expired).
    """
    try:
        claims = jwt.decode(
            token, key, algorithms=[ALGORITHM], options={"require": ["sub", "exp", "iat", "jti"]}
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken("token expired") from None
    except jwt.PyJWTError:
        raise InvalidToken("invalid token") from None
    version = claims.get("ver", 0)  # tokens issued before versions existed: version 0
    if not isinstance(claims["sub"], str) or type(version) is not int:
        raise InvalidToken("invalid token")
    expires = datetime.fromtimestamp(claims["exp"], UTC)
    return Claims(claims["sub"], expires, claims["jti"], version)
