"""Find people, units, equipment, standards and risk points by (Chinese) name, code or tag.

One full-text statement per search, on the derived ``search`` tokens (``graph.search_text``):
every query term must match, hits come back ranked. The statement is engine-specific (a
full-text procedure), so it comes from ``graph.dialect``. See ``docs/search.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.dialect import fulltext_query, search_statement
from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from graph.schema import searchable_specs
from graph.search_text import normalise, query_terms

__all__ = ["MAX_FIRST", "MAX_TEXT_LENGTH", "SearchHit", "search", "searchable_kinds"]

MAX_TEXT_LENGTH = 100
"""Longest query text accepted, in characters (after trimming)."""

MAX_FIRST = 100
"""Most hits one search returns."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One node found by :func:`search`.

    ``kind`` is its label; ``name`` is its name (a standard's code and title); ``score``
    is the query's length over the name's, capped at 1 (1 for an exact name), or, when
    the name does not hold the query as typed, over the hit's longer search tokens, so
    hits by name rank first.

    Example:
        >>> search(engine, "王建国")[0]  # doctest: +SKIP
        SearchHit(uid='p-00017', kind='Person', name='王建国', score=1.0)
    """

    uid: str
    kind: str
    name: str
    score: float


def searchable_kinds() -> list[str]:
    """The labels search looks in, in schema order."""
    return [spec.label for spec in searchable_specs()]


def search(
    engine: Engine,
    text: str,
    *,
    kinds: Sequence[str] | None = None,
    first: int = 20,
) -> list[SearchHit]:
    """Nodes whose name (or code, tag, employee number, post) holds every term of ``text``.

    Chinese text matches by character bigrams (王建国 needs 王建 and 建国), a single
    Chinese character by itself, letters and digits by whole words (``DW-00401`` needs
    ``dw`` and ``00401``). Hits are ranked by score, then name, then uid. ``kinds`` limits
    the labels searched (default: all of :func:`searchable_kinds`); ``first`` (1–100)
    caps the hits. One read-only round trip, served by the engine's full-text index.

    Raises :class:`ValidationError` naming every bad argument at once: ``text`` (blank,
    over 100 characters, or nothing to search for), ``kinds`` (unknown or empty),
    ``first`` (not 1–100).

    Example:
        >>> [hit.name for hit in search(engine, "采气一大队", kinds=["Net"])]  # doctest: +SKIP
        ['采气一大队']
    """
    errors: list[FieldError] = []
    terms, plain = _checked_text(text, errors)
    labels = _checked_kinds(kinds, errors)
    if isinstance(first, bool) or not isinstance(first, int) or not 1 <= first <= MAX_FIRST:
        errors.append(FieldError("first", f"must be 1 to {MAX_FIRST}"))
    if errors:
        raise ValidationError("search", errors)
    dialect = engine.dialect
    rows = engine.run(
        search_statement(dialect),
        {
            "query": fulltext_query(dialect, terms),
            "labels": labels,
            "plain": plain,
            "length": len(plain),
            "first": first,
        },
        readonly=True,
    )
    return [
        SearchHit(uid=r["uid"], kind=r["kind"], name=r["name"], score=round(float(r["score"]), 6))
        for r in rows
    ]


def _checked_text(text: str, errors: list[FieldError]) -> tuple[list[str], str]:
    """The query terms and the normalised text; a problem is added to ``errors``."""
    given = text.strip() if isinstance(text, str) else ""
    clean = normalise(given).strip()
    terms = query_terms(clean)
    if not given:
        errors.append(FieldError("text", "is blank"))
    elif len(given) > MAX_TEXT_LENGTH:
        errors.append(FieldError("text", f"is {len(given)} characters; at most {MAX_TEXT_LENGTH}"))
    elif not terms:
        errors.append(FieldError("text", "has no letter, digit or Chinese character to search for"))
    return terms, clean


def _checked_kinds(kinds: Sequence[str] | None, errors: list[FieldError]) -> list[str]:
    """The labels to search in; a problem is added to ``errors``."""
    known = searchable_kinds()
    if kinds is None:
        return known
    if isinstance(kinds, str):
        kinds = [kinds]
    unknown = [kind for kind in kinds if kind not in known]
    if not kinds:
        errors.append(FieldError("kinds", "name at least one kind, or omit it"))
    elif unknown:
        message = f"unknown kind {', '.join(map(repr, unknown))}; searchable: {', '.join(known)}"
        errors.append(FieldError("kinds", message))
    return list(dict.fromkeys(kinds))
