"""Accounts created, re-keyed and (de)activated, each change audited in the same
statement (decision 0005). Password hashes are made by the caller (``api.security``) and
never leave this module in an audit entry."""

from __future__ import annotations

import re
from typing import LiteralString

from graph.engine import Engine
from graph.enums import UserRole
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.schema import validate_node
from queries.clock import instant
from queries.entities import nodes_by_uid
from queries.users import Account, find_user
from writes.audit import AUDIT, Actor, audit_entry

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
NEEDS_PERSON = (UserRole.HEAD, UserRole.MEMBER)

_CREATE: LiteralString = (
    "OPTIONAL MATCH (taken:GridNode {uid: $props.uid}) "
    "OPTIONAL MATCH (named:User {username: $props.username}) "
    "WITH taken, named WHERE taken IS NULL AND named IS NULL "
    "CREATE (u:User:GridNode) SET u += $props "
    f"{AUDIT} RETURN u"
)
_UPDATE: LiteralString = (
    "MATCH (u:User {username: $username}) WHERE coalesce(u.rev, 0) = $rev "
    f"SET u += $changes, u.rev = $rev + 1 {AUDIT} RETURN u"
)


def add_user(
    engine: Engine,
    actor: Actor,
    *,
    username: str,
    role: str,
    password_hash: str,
    person: str | None = None,
    at: str | None = None,
) -> Account:
    """Create an account; heads and members must act as an existing person.

    Raises:
        ValidationError: a malformed username, an unknown role, a missing or unknown
            person, a username already taken.
    """
    when = instant(at)
    errors: list[FieldError] = []
    if not USERNAME.match(username or ""):
        errors.append(
            FieldError("username", "2–64 of a-z 0-9 . _ -, starting with a letter or digit")
        )
    if role in NEEDS_PERSON and not person:
        errors.append(FieldError("person", f"a {role} account acts as a person: give their uid"))
    found = nodes_by_uid(engine, [person]).get(person) if person else None
    if person and (found is None or found.label != "Person"):
        errors.append(FieldError("person", f"no person with uid {person!r}"))
    props = {
        "uid": f"user-{username}",
        "username": username,
        "role": role,
        "person": person,
        "password_hash": password_hash,
        "active": True,
        "created_at": when,
    }
    try:
        clean = validate_node("User", {k: v for k, v in props.items() if v is not None})
    except ValidationError as exc:
        errors += exc.errors
    if errors:
        raise ValidationError("user", errors)
    account = Account.from_props(clean)
    audit = audit_entry(actor, "user.create", clean["uid"], "User", before=None,
                  after=account.public(), at=when)  # fmt: skip
    if not engine.run(_CREATE, {"props": clean, "audit": audit}):
        raise ValidationError("user", [FieldError("username", f"{username!r} is taken")])
    return account


def update_user(
    engine: Engine,
    actor: Actor,
    username: str,
    *,
    password_hash: str | None = None,
    active: bool | None = None,
    role: str | None = None,
    at: str | None = None,
) -> Account:
    """Change an account's password, activity or role (guarded by its revision). Each of
    these moves the account version on, so tokens issued before stop working.

    Raises:
        NotFoundError: no such account.
        ValidationError: an unknown role; the account changed meanwhile.
    """
    current = find_user(engine, username)
    if current is None:
        raise NotFoundError(username, "user")
    given = {"password_hash": password_hash, "active": active, "role": role}
    changes: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if password_hash is not None or any(getattr(current, k) != v for k, v in changes.items()):
        changes["account_version"] = current.version + 1
    clean = validate_node("User", changes, partial=True)
    shown = {k: v for k, v in clean.items() if k not in ("password_hash", "account_version")}
    if password_hash is not None:
        shown["password"] = "changed"
    before = {k: v for k, v in current.public().items() if k in shown}
    audit = audit_entry(actor, "user.update", current.uid, "User", before=before, after=shown,
                  at=instant(at))  # fmt: skip
    rows = engine.run(
        _UPDATE, {"username": username, "rev": current.rev, "changes": clean, "audit": audit}
    )
    if not rows:
        raise ValidationError("user", [FieldError("username", "changed meanwhile; try again")])
    return Account.from_props(rows[0]["u"])
