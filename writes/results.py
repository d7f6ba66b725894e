"""What every write returns: the change as its audit entry records it, the node as it
stands after it — one shape for grid changes, workflow steps and restructurings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    """One applied change (one guarded statement).

    ``uid``/``label`` name the node the change is recorded against (the object whose owner
    changed, the unit that moved…); ``props`` are its stored properties after the change;
    ``before``/``after`` are the changed fields exactly as the audit entry ``audit`` holds
    them. ``audit`` is None only for an update that changed nothing (nothing was written).

    Example:
        >>> change = assign_owner(engine, Actor("admin"), "eq-1", "p-2")
        >>> change.before, change.after
        ({'owner': 'p-1'}, {'owner': 'p-2'})
    """

    operation: str
    uid: str
    label: str
    props: dict[str, Any] | None
    """The node's stored properties after the change (None: not read back)."""
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    audit: str | None
    at: str | None = None
    """When the change took effect (its audit entry's ``at``)."""
    actor: str | None = None
    """Who made it (its audit entry's ``actor``)."""
    followed_by: Change | None = None
    """The change the workflow made right after this one (a big problem's escalation)."""

    @property
    def last(self) -> Change:
        """The last change of the sequence this one starts."""
        return self if self.followed_by is None else self.followed_by.last

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "kind": self.label,
            "operation": self.operation,
            "at": self.at,
            "actor": self.actor,
            "before": self.before,
            "after": self.after,
            "audit": self.audit,
            "followed_by": self.followed_by.to_json() if self.followed_by else None,
        }


@dataclass(frozen=True, slots=True)
class Restructure:
    """A multi-step operation (merge, split): the steps this call applied, in order.

    Each step is its own guarded statement with its own audit entry. A call that finds
    some steps already done (a re-run after an interruption) applies only the rest, so
    ``changes`` may be shorter than on the first run, or empty when everything was done.
    """

    operation: str
    source: str
    target: str
    changes: list[Change] = field(default_factory=list)
