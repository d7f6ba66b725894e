"""The status history of a hazard (隐患) or problem (问题): when each status began, so an
answer "as of D" reads the status that held on D.

Representation: a list property ``status_history`` of ``"<instant>|<status>"`` strings,
oldest first, the instant in the stored form ``YYYY-MM-DDTHH:MM:SSZ`` (20 characters). It is
appended in the same guarded statement as the status change (one statement, atomic on both
engines), a list of strings is a plain property on FalkorDB and Neo4j alike, and Cypher
reads "the status at $at" with a list comprehension and ``last()`` — no dated status nodes
to create, match and keep in step with the node's own ``status``, and nothing extra for a
trace to walk. Entries at the same instant keep their order (the last one wins).

A ledger import that changes a stored node's status appends to the history too
(:func:`appended`): a ledger row holds the current status, never the history itself.

Existing data: a node without ``status_history`` (written before issue 12, or created by a
ledger, whose row holds only the current status) is read with :func:`default_history`, built from
its own dates: its first status (``found`` / ``reported``) from its ``found_on`` /
``reported_on``, and its current status from its ``closed_on`` / ``resolved_on`` when it
has one, else from the start date too. The ``.cypher`` readers spell the same default out,
and the first workflow step on such a node writes it down before appending.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.properties import to_timestamp

PROPERTY = "status_history"
"""The node property holding the history."""

INSTANT_LENGTH = 20
"""Length of the instant part of an entry (``YYYY-MM-DDTHH:MM:SSZ``)."""

KINDS: tuple[tuple[str, str, str], ...] = (
    ("found_on", "found", "closed_on"),
    ("reported_on", "reported", "resolved_on"),
)
"""``(start date, first status, end date)`` of a hazard, then of a problem."""


def entry(at: str, status: str) -> str:
    """One history entry.

    Example:
        >>> entry("2026-03-01", "closed")
        '2026-03-01T00:00:00Z|closed'
    """
    return f"{to_timestamp(at)}|{status}"


def default_history(props: Mapping[str, Any]) -> list[str]:
    """The history a node without one is read with (see the module docstring); empty when
    it has no start date or status.

    Example:
        >>> default_history({"status": "closed", "found_on": "2026-01-05",
        ...                  "closed_on": "2026-01-09"})
        ['2026-01-05T00:00:00Z|found', '2026-01-09T00:00:00Z|closed']
    """
    status = props.get("status")
    for start, first, end in KINDS:
        if props.get(start) and status:
            if props.get(end):
                return [entry(props[start], first), entry(props[end], str(status))]
            return [entry(props[start], str(status))]
    return []


def history_of(props: Mapping[str, Any]) -> list[str]:
    """The node's stored history, or :func:`default_history` when it has none."""
    stored = props.get(PROPERTY)
    return list(stored) if stored else default_history(props)


def status_as_of(props: Mapping[str, Any], at: str) -> str | None:
    """The status the node held at instant ``at`` (a date means its start); None before its
    first entry.

    Example:
        >>> h = {"status": "closed", "status_history": [
        ...     "2026-01-05T00:00:00Z|found", "2026-02-10T09:00:00Z|closed"]}
        >>> status_as_of(h, "2026-02-01"), status_as_of(h, "2026-02-10T09:00:00Z")
        ('found', 'closed')
    """
    moment = to_timestamp(at)
    held = None
    for item in history_of(props):
        if item[:INSTANT_LENGTH] <= moment:
            held = item[INSTANT_LENGTH + 1 :]
    return held


def appended(props: Mapping[str, Any], status: str, at: str) -> list[str]:
    """The node's history (:func:`history_of`, so a node without one first gets its default)
    with ``status`` from instant ``at`` appended.

    Raises:
        ValueError: ``at`` is before the last entry (history is appended, never rewritten).

    Example:
        >>> appended({"status": "accepted", "reported_on": "2026-01-05"}, "closed", "2026-03-01")
        ['2026-01-05T00:00:00Z|accepted', '2026-03-01T00:00:00Z|closed']
    """
    history, added = history_of(props), entry(at, status)
    if history and history[-1][:INSTANT_LENGTH] > added[:INSTANT_LENGTH]:
        last = history[-1]
        raise ValueError(
            f"the recorded status {last[INSTANT_LENGTH + 1 :]} began {last[:INSTANT_LENGTH]}, "
            f"after {added[:INSTANT_LENGTH]}: history is never rewritten"
        )
    return [*history, added]
