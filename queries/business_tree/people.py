"""People named in a business tree: heads, officers and assignees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person named in the tree: a head, an officer or an assignee."""

    uid: str
    name: str | None

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "name": self.name}


def person_refs(maps: list[dict[str, Any]]) -> tuple[PersonRef, ...]:
    """Collected ``{uid, name}`` maps without the all-null one an empty OPTIONAL MATCH gives."""
    found = {m["uid"]: m.get("name") for m in maps if m.get("uid") is not None}
    return tuple(PersonRef(uid, found[uid]) for uid in sorted(found))
