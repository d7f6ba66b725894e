"""Portable property types: dates and instants stored as ISO-8601 UTC strings.

Both engines compare these strings correctly because every value has one fixed shape,
so no engine temporal type (``date()``, ``datetime()``) is ever needed in Cypher.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from neomodel import StringProperty
from neomodel.properties import validator

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def to_timestamp(value: Any) -> str:
    """Normalise a date, datetime or ISO-8601 string to ``YYYY-MM-DDTHH:MM:SSZ`` (UTC).

    Example:
        >>> to_timestamp("2024-03-01")
        '2024-03-01T00:00:00Z'
    """
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00Z"
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return f"{date.fromisoformat(text).isoformat()}T00:00:00Z"
            return to_timestamp(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not an ISO-8601 date or date-time")


def to_date(value: Any) -> str:
    """Normalise a date, datetime or ISO-8601 string to ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return to_timestamp(value)[:10]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
            return to_timestamp(text)[:10]
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not an ISO-8601 date (YYYY-MM-DD)")


class TimestampProperty(StringProperty):
    """An instant, stored as an ISO-8601 UTC string (``2024-03-01T00:00:00Z``)."""

    @validator
    def deflate(self, value: Any) -> str:
        return to_timestamp(value)

    @validator
    def inflate(self, value: Any) -> str:
        return to_timestamp(value)


class DateProperty(StringProperty):
    """A calendar date, stored as ``YYYY-MM-DD``."""

    @validator
    def deflate(self, value: Any) -> str:
        return to_date(value)

    @validator
    def inflate(self, value: Any) -> str:
        return to_date(value)


class MonthProperty(StringProperty):
    """A calendar month, stored as ``YYYY-MM``."""

    @validator
    def deflate(self, value: Any) -> str:
        text = str(value).strip()
        if not _MONTH.match(text):
            raise ValueError(f"{value!r} is not a month (YYYY-MM)")
        return text

    @validator
    def inflate(self, value: Any) -> str:
        return str(value)
