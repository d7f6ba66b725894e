"""Small shared result types for queries: who held a post, and a named gap."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Holder:
    """A person holding a post (owner, head, lead, assignee) during ``since``–``until``."""

    uid: str
    name: str
    since: str | None = None
    until: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any] | None) -> Holder | None:
        if not row or row.get("uid") is None:
            return None
        return cls(row["uid"], row.get("name") or "", row.get("since"), row.get("until"))


@dataclass(frozen=True, slots=True)
class Gap:
    """Where an accountability chain breaks, with the rule id the coverage catalog uses."""

    code: str
    message: str
    uid: str | None = None


def kind_of(labels: list[str]) -> str:
    """A node's own label (every node also carries ``GridNode``)."""
    own = [label for label in labels if label != "GridNode"]
    return own[0] if own else "GridNode"


def to_json(value: Any) -> Any:
    """Dataclasses (nested) to plain JSON-ready structures."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_json(v) for k, v in asdict(value).items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value
