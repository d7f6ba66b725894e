"""Instants for "as of" questions, in the stored shape (``YYYY-MM-DDTHH:MM:SSZ``, UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph.errors import FieldError, ValidationError
from graph.properties import to_timestamp


def instant(as_of: date | datetime | str | None, *, field: str = "as_of") -> str:
    """The stored-form instant for ``as_of``; now when None.

    A bare date means the *end* of that day: "as of 2024-03-01" includes an assignment
    made that day, which is what an investigator asking about that day expects.

    Example:
        >>> instant("2024-03-01")
        '2024-03-01T23:59:59Z'
    """
    if as_of is None:
        return to_timestamp(datetime.now(UTC))
    try:
        if isinstance(as_of, date) and not isinstance(as_of, datetime):
            return f"{as_of.isoformat()}T23:59:59Z"
        if isinstance(as_of, str) and len(as_of.strip()) == 10:
            return f"{date.fromisoformat(as_of.strip()).isoformat()}T23:59:59Z"
        return to_timestamp(as_of)
    except ValueError as exc:
        raise ValidationError("query", [FieldError(field, str(exc))]) from None


def day(value: date | datetime | str | None, *, field: str = "today") -> str:
    """A ``YYYY-MM-DD`` date; today (UTC) when None."""
    if value is None:
        return datetime.now(UTC).date().isoformat()
    try:
        return to_timestamp(value)[:10]
    except ValueError as exc:
        raise ValidationError("query", [FieldError(field, str(exc))]) from None


def starting(
    value: date | datetime | str | None, *, field: str = "at", subject: str = "change"
) -> str:
    """The stored-form instant something starts (a change, a period); now when None. A bare
    date means the *start* of that day — unlike :func:`instant`, which reads "as of" a day.

    Example:
        >>> starting("2026-03-01")
        '2026-03-01T00:00:00Z'
    """
    if value is None:
        return to_timestamp(datetime.now(UTC))
    try:
        return to_timestamp(value)
    except ValueError as exc:
        raise ValidationError(subject, [FieldError(field, str(exc))]) from None


def at_and_today(
    today: date | datetime | str | None,
    as_of: date | datetime | str | None,
    *,
    as_of_field: str = "as_of",
) -> tuple[str, str]:
    """``(at, today)`` of a question read as of an instant with deadlines counted from a day
    (coverage gaps, the grid outline): each defaults to the other, both to now.

    Example:
        >>> at_and_today("2026-11-15", None)
        ('2026-11-15T23:59:59Z', '2026-11-15')
    """
    if as_of is None and today is not None:
        today_iso = day(today)
        return instant(today_iso), today_iso
    at = instant(as_of, field=as_of_field)
    return at, day(today) if today is not None else at[:10]
