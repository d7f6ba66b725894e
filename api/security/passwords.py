"""Password hashing with argon2 (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph.errors import FieldError, ValidationError

_HASHER = PasswordHasher()
MIN_LENGTH = 10
MAX_LENGTH = 256

DUMMY_HASH = _HASHER.hash("not a password anyone has")
"""Verified against when the account does not exist, so that an unknown name and a wrong
password take the same time."""


def check_strength(password: str) -> None:
    """Refuse passwords too short or too long to be sensible.

    Raises:
        ValidationError: naming the ``password`` field.
    """
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValidationError(
            "password", [FieldError("password", f"{MIN_LENGTH}–{MAX_LENGTH} characters")]
        )


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
