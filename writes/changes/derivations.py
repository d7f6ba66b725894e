"""The derivation of a standard (DERIVED_FROM, "system → process, process → form"): which
standard a unit standard extends. A derivation that would close a cycle is refused, so every
cascade has a top (the guidance standard a trace names)."""

from __future__ import annotations

from typing import LiteralString

from graph.engine import Engine
from graph.errors import FieldError
from graph.model import Standard
from writes.audit import Actor
from writes.changes.posts import Post, reassign
from writes.guarded import Stored
from writes.results import Change

DERIVATION = Post(
    "derive_standard", "DERIVED_FROM", True, (Standard.__name__,), field="derived_from"
)

_ABOVE: LiteralString = (
    "MATCH path = (g:Standard {uid: $guidance})-[:DERIVED_FROM*0..]->(s:Standard {uid: $standard}) "
    "RETURN [n IN nodes(path) | n.uid] AS uids LIMIT 1"
)
"""A path from the would-be parent up to the standard itself: the new link would close it."""


def derive_standard(
    engine: Engine, actor: Actor, standard: str, guidance: str, *, at: str | None = None
) -> Change:
    """Make ``standard`` derive from ``guidance`` (the standard above it in the cascade),
    replacing the one it derived from. ``DERIVED_FROM`` is not temporal: the change is kept
    in the audit trail (``{"derived_from": old}`` → ``{"derived_from": guidance}``).

    Raises:
        ValidationError: ``guidance`` is unknown, retired, already the parent, ``standard``
            itself or derived from it (a cycle, named standard by standard).
        NotFoundError: ``standard`` names no Standard.
        ConflictError: the standard's derivation changed since it was read.

    Example:
        >>> derive_standard(engine, Actor("admin"), "std-u2", "std-g1").after
        {'derived_from': 'std-g1'}
    """
    return reassign(
        engine,
        actor,
        DERIVATION,
        standard,
        guidance,
        at=at,
        names=("standard", "guidance"),
        check=lambda s, g: derivation_errors(engine, s, g),
    )


def derivation_errors(engine: Engine, standard: Stored, guidance: Stored) -> list[FieldError]:
    """Why ``standard`` cannot derive from ``guidance`` (a cycle); empty when it can."""
    params = {"guidance": guidance.uid, "standard": standard.uid}
    rows = engine.run(_ABOVE, params, readonly=True)
    if not rows:
        return []
    cycle = " → ".join([standard.uid, *rows[0]["uids"]])
    message = f"derivation cycle: {cycle}; a standard cannot derive from itself"
    return [FieldError("guidance", message)]


def statements() -> list[str]:
    """The statements only this module sends (for the portability test)."""
    return [_ABOVE]
