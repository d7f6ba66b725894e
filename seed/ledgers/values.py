"""Cell values as spreadsheets hold them, turned into what the schema expects.

Excel hands back numbers for ids (employee no. 1001 as ``1001.0``), datetime cells for
dates, booleans for TRUE/FALSE and stray whitespace everywhere; CSV hands back text.
Each function here takes one raw cell and returns the normalised value, ``None`` for a
blank cell, or raises ``ValueError`` with a message fit for the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache, lru_cache
from typing import Any

from openpyxl.utils.datetime import from_excel

from graph.model.service import SCORE_RANGE
from graph.properties import to_date, to_timestamp
from graph.schema import PropertySpec, node_spec
from seed.ledgers.geography import coordinate, line_text, territory_text

_INTEGRAL_TEXT = re.compile(r"^-?\d+\.0+$")
_LOOSE_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(.*)$")
_LOOSE_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_RANGES: dict[tuple[str, str], tuple[float, float]] = {("Assessment", "score"): SCORE_RANGE}
"""Numbers the model bounds (label, property → lowest, highest)."""
_SEPARATORS = re.compile(r"[;；,，、\n]+")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def text(value: Any) -> str | None:
    """Any cell as trimmed text: whole numbers without ``.0``, dates as ISO."""
    if type(value) is str:  # every CSV cell: the common case first
        return value.strip() or None
    if blank(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def identifier(value: Any) -> str | None:
    """A uid, employee number or code: text, and ``1001.0`` typed into a CSV is ``1001``."""
    result = text(value)
    if result is not None and _INTEGRAL_TEXT.match(result):
        return result.split(".")[0]
    return result


def identifiers(value: Any) -> list[str]:
    """Several references in one cell, separated by ``;`` (or ；，,、 and line breaks)."""
    if isinstance(value, str):
        return list(_identifiers_in(value))
    result = identifier(value)
    return [] if result is None else list(_identifiers_in(result))


@lru_cache(maxsize=65_536)
def _identifiers_in(cell: str) -> tuple[str, ...]:
    """A large ledger names the same cells, areas, owners and standards on many rows: each
    distinct cell is split once."""
    parts = (identifier(part) for part in _SEPARATORS.split(cell))
    return tuple(part for part in parts if part)


def calendar_date(value: Any) -> str | None:
    """A date cell, an Excel serial number or text such as 2024-3-1, 2024/03/01, 2024年3月1日."""
    return _moment(value, to_date)


def instant(value: Any) -> str | None:
    """A point in time (``since``): a date means its midnight UTC."""
    return _moment(value, to_timestamp)


def _moment(value: Any, convert: Callable[[Any], str]) -> str | None:
    if blank(value):
        return None
    if isinstance(value, (datetime, date)):
        return convert(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return convert(_serial(value))
    return _text_moment(str(value).strip(), convert)


@lru_cache(maxsize=65_536)
def _text_moment(raw: str, convert: Callable[[Any], str]) -> str:
    """A date or time typed as text; dates repeat down a ledger, so each is read once (a
    refused one is not kept: its ValueError is raised every time)."""
    return convert(_loose(raw))


def instants(value: Any) -> list[str]:
    """Several starts in one cell (one per holder of a post), separated like references."""
    if not isinstance(value, str):
        single = instant(value)
        return [single] if single is not None else []
    return [moment for part in _SEPARATORS.split(value) if (moment := instant(part)) is not None]


def _serial(number: float) -> datetime:
    moment = from_excel(number)
    if not isinstance(moment, datetime):
        raise ValueError(f"{number!r} is not a date")
    return moment


def _loose(raw: str) -> str:
    match = _LOOSE_DATE.match(raw)
    if not match:
        return raw
    year, month, day, rest = match.groups()
    head = f"{year}-{int(month):02d}-{int(day):02d}"
    rest = rest.strip().lstrip("Tt").strip()
    return f"{head}T{rest}" if rest else head


def property_value(prop: PropertySpec, value: Any, label: str) -> Any:
    """A cell for a declared property, shaped for ``graph.schema.validate_node``.

    Choices accept the stored value or its Chinese label (``阀门`` → ``valve``); numbers
    stay numbers, and one the model bounds (a score, 0–100) is refused outside its range;
    everything else becomes trimmed text. What is still wrong afterwards is reported by the
    schema validation, in its words.
    """
    if blank(value):
        return None
    if prop.name == "geometry":
        return territory_text(value)
    if prop.name == "line":
        return line_text(value)
    if prop.name in ("lon", "lat"):
        return coordinate(prop.name, value)
    if prop.choices:
        return choice(label, prop.name, value)
    match prop.kind:
        case "date":
            return calendar_date(value)
        case "timestamp":
            return instant(value)
        case "integer":
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return value if isinstance(value, int) else identifier(value)
        case "float":
            number = value if isinstance(value, (int, float)) else text(value)
            return _within(_RANGES.get((label, prop.name)), prop.name, number)
        case "month":
            return month(value)
        case "boolean":
            return value if isinstance(value, bool) else text(value)
    if prop.unique:
        return identifier(value)
    return text(value)


def month(value: Any) -> str | None:
    """A month cell: 2026-03, 2026/3, 2026年3月, or the date cell Excel makes of 2026-03."""
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}"
    raw = text(value)
    match = _LOOSE_MONTH.match(raw) if isinstance(value, str) and raw else None
    return f"{match[1]}-{int(match[2]):02d}" if match else raw


def _within(bounds: tuple[float, float] | None, name: str, number: Any) -> Any:
    if bounds is None:
        return number
    try:
        amount = float(number)
    except (TypeError, ValueError):
        return number  # the schema validation says it is not a number
    low, high = bounds
    if not low <= amount <= high:
        raise ValueError(f"{number} is not a {name} from {low:g} to {high:g}")
    return number


def choice(label: str, prop: str, value: Any) -> str:
    """A choice value from its stored form or its Chinese label; unknown text is returned
    as typed so the schema's error lists the allowed values."""
    raw = text(value) or ""
    return _choice_lookup(label, prop).get(_loose_key(raw), raw)


@cache
def choice_labels(label: str, prop: str) -> dict[str, str]:
    """Stored value → Chinese label of a choice property, as the neomodel class declares."""
    declared = node_spec(label).cls.defined_properties(aliases=False, rels=False)
    return dict(declared[prop].choices)


@cache
def _choice_lookup(label: str, prop: str) -> dict[str, str]:
    return choice_aliases(choice_labels(label, prop))


def choice_aliases(choices: dict[str, str]) -> dict[str, str]:
    """Accepted spellings → stored value: the value, its label, and the label without its
    bracketed part (``领航网`` for ``领航网(二级网)``) when that is unambiguous."""
    lookup: dict[str, str] = {}
    shortened: dict[str, list[str]] = {}
    for stored, zh in choices.items():
        lookup[_loose_key(stored)] = stored
        lookup[_loose_key(zh)] = stored
        short = _loose_key(re.split(r"[(（]", zh)[0])
        shortened.setdefault(short, []).append(stored)
    for short, values in shortened.items():
        if len(values) == 1:
            lookup.setdefault(short, values[0])
    return lookup


def _loose_key(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip().casefold()
