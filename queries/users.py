"""Accounts read: one by name, all of them (changes are ``writes.accounts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.engine import Engine
from queries.cypher import cypher


@dataclass(frozen=True, slots=True)
class Account:
    """An account as stored (the hash stays inside the API's security module)."""

    uid: str
    username: str
    role: str
    person: str | None
    active: bool
    created_at: str
    password_hash: str
    rev: int
    version: int
    """The account version tokens are checked against (see ``graph.model.User``)."""
    sessions: int = 0
    """The session epoch browser sessions are checked against (``User.session_epoch``)."""

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Account:
        return cls(
            uid=props["uid"],
            username=props["username"],
            role=props["role"],
            person=props.get("person"),
            active=bool(props["active"]),
            created_at=props["created_at"],
            password_hash=props["password_hash"],
            rev=int(props.get("rev") or 0),
            version=int(props.get("account_version") or 0),
            sessions=int(props.get("session_epoch") or 0),
        )

    def public(self) -> dict[str, Any]:
        """What an audit entry or a listing may show."""
        return {"username": self.username, "role": self.role, "person": self.person,
                "active": self.active}  # fmt: skip


def find_user(engine: Engine, username: str) -> Account | None:
    rows = engine.run(cypher("users/find"), {"username": username}, readonly=True)
    return Account.from_props(rows[0]["u"]) if rows else None


def list_users(engine: Engine) -> list[Account]:
    return [Account.from_props(row["u"]) for row in engine.run(cypher("users/all"), readonly=True)]
