"""The one temporal hand-over: a responsibility passes from its holders to a new one by
closing the open links (``until = at``) and opening a new one (``since = at``) — never by
overwriting. History is never rewritten: a hand-over cannot start before the links it
closes began. Grid changes (``writes.changes.posts``), workflow steps (a problem's handler,
a hazard's rectification owner) and ledger imports (``seed.ledgers.link_changes``) all use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import LiteralString, cast

from graph.errors import FieldError, ValidationError


def latest_start(since: Iterable[str | None]) -> str | None:
    """When the latest of the links a hand-over would close began (None: none open)."""
    return max((s for s in since if s), default=None)


def starts_too_early(at: str, since: Iterable[str | None]) -> str | None:
    """The start of the link that a hand-over at ``at`` would close before it began (the
    latest such start), or None when ``at`` rewrites no history."""
    latest = latest_start(since)
    return latest if latest is not None and at < latest else None


def check_not_before(at: str, since: Iterable[str | None], subject: str) -> None:
    """A ValidationError (on field ``at``) when a hand-over at ``at`` would close a link
    before it began."""
    latest = starts_too_early(at, since)
    if latest is not None:
        message = f"{at} is before the current assignment began ({latest})"
        raise ValidationError(subject, [FieldError("at", message)])


def close_and_open(
    closing: str, new: str, *, temporal: bool = True, props: str = "$props"
) -> LiteralString:
    """The Cypher that hands over: close every relationship in list ``closing`` (set
    ``until = $at``; plain links, which keep no dates, are deleted) and create the
    ``new`` pattern with ``props`` (its ``since``). ``closing`` and ``new`` come from the
    schema of record, never from user input.

    Example:
        >>> close_and_open("open", "(x)-[new:OWNED_BY]->(h)")
        'FOREACH (r IN open | SET r.until = $at) CREATE (x)-[new:OWNED_BY]->(h) SET new += $props '
    """
    close = "SET r.until = $at" if temporal else "DELETE r"
    text = f"FOREACH (r IN {closing} | {close}) "
    if new:
        text += f"CREATE {new} SET new += {props} "
    return cast(LiteralString, text)
