"""Pages of one kind of node, filtered and ordered by uid, with the total count: the root
list fields of the API.

Filtering, ordering, ``SKIP`` and ``LIMIT`` all run in the engine; a page never loads more
than it returns. A page can be limited to the subtree of a net or a cell (``unit``): the
cells and nets under it are resolved first, at the same instant, then every kind is tied
to them by its own path (an object by the cell it belongs to, a person by the micro-cell
they are placed in…).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, LiteralString, cast

from graph.engine import Engine
from graph.enums import OfficerRole
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.schema import node_spec
from queries.clock import instant
from queries.cypher import cypher
from queries.entities import Props, public_props
from queries.views import kind_of

_CURRENT = "{r}.since <= $at AND ({r}.until IS NULL OR {r}.until > $at)"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class Filter:
    """One filter argument: ``values`` (any of a list), ``equals``, ``since``/``until`` (an
    inclusive date or month range on ``prop``) or ``pattern`` (a relationship that must
    exist, ``clause`` holding its MATCH and WHERE, its values checked against ``choices``
    when given)."""

    name: str
    prop: str
    op: Literal["values", "equals", "since", "until", "pattern"]
    clause: LiteralString = ""
    choices: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """How one label is listed: the pattern tying it to the scope's cells (``c``) or nets
    (``u``), whether that pattern carries temporal links, and the filters it takes."""

    label: str
    scope: LiteralString | None = None
    scope_on: Literal["cells", "nets"] = "cells"
    filters: tuple[Filter, ...] = field(default=())

    def filter(self, name: str) -> Filter:
        for candidate in self.filters:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


def _values(name: str, prop: str | None = None) -> Filter:
    return Filter(name, prop or name, "values")


def _range(prefix: str, prop: str) -> tuple[Filter, Filter]:
    return Filter(f"{prefix}_from", prop, "since"), Filter(f"{prefix}_to", prop, "until")


_BELONGS = cast(
    LiteralString,
    "MATCH (n)-[b:BELONGS_TO]->(c:Cell) WHERE coalesce(b.since, '') <= $at "
    "AND (b.until IS NULL OR b.until > $at)",
)
"""An object's cell at ``$at``; a link stored before membership was dated (issue 12) has no
``since`` and counts from the beginning."""
_REPORTER = cast(
    LiteralString,
    "MATCH (n)-[:REPORTED_BY]->(rp:Person) WHERE rp.uid IN $reporter "
    "AND NOT coalesce(n.anonymous, false)",
)
"""A problem reported by name by any of ``$reporter``: an anonymous one is linked to nobody,
and is left out even if a link were there, so it never matches by reporter."""
_OFFICER = cast(
    LiteralString,
    "MATCH (n)-[o:OFFICER_OF]->(:Cell) WHERE o.role IN $officer_role AND " + _CURRENT.format(r="o"),
)

LISTINGS: dict[str, Listing] = {
    listing.label: listing
    for listing in (
        Listing("Net", "", "nets", (Filter("level", "level", "equals"), _values("kind"))),
        Listing("Cell", "", "cells", (_values("mode"),)),
        Listing(
            "MicroCell",
            "MATCH (n)-[mp:PART_OF]->(c:Cell) WHERE " + _CURRENT.format(r="mp"),
        ),
        Listing(
            "Person",
            "MATCH (n)-[m:MEMBER_OF|LEADS]->(:MicroCell)-[mp:PART_OF]->(c:Cell) WHERE "
            + _CURRENT.format(r="m")
            + " AND "
            + _CURRENT.format(r="mp"),
            "cells",
            (
                Filter("party_member", "party_member", "equals"),
                Filter("officer_role", "role", "pattern", _OFFICER, tuple(OfficerRole.choices())),
            ),
        ),
        Listing("PartnerOrg", "MATCH (n)-[:LINKED_WITH]->(u:Net)", "nets", (_values("kind"),)),
        Listing("Agreement", None, "cells", _range("signed", "signed_on")),
        Listing("Equipment", _BELONGS, "cells", (_values("category"),)),
        Listing("Area", _BELONGS),
        Listing("WorkItem", _BELONGS),
        Listing(
            "Standard", None, "cells", (_values("level"), _values("dimension"), _values("domain"))
        ),
        Listing("Duty", _BELONGS, "cells", (_values("role"),)),
        Listing(
            "Process", "MATCH (n)-[:IN_NET]->(u:Net)", "nets", (_values("kind"), _values("role"))
        ),
        Listing("DataSource", "MATCH (n)-[:FEEDS]->(c:Cell)", "cells", (_values("kind"),)),
        Listing("RiskList", _BELONGS),
        Listing("RiskPoint", _BELONGS, "cells", (_values("grade"),)),
        Listing(
            "Hazard",
            _BELONGS,
            "cells",
            (_values("status"), _values("severity"), *_range("found", "found_on")),
        ),
        Listing(
            "Problem",
            "MATCH (n)-[:RAISED_IN]->(c:Cell)",
            "cells",
            (
                _values("status"),
                _values("category"),
                _values("scale"),
                *_range("reported", "reported_on"),
                Filter("reporter", "uid", "pattern", _REPORTER),
            ),
        ),
        Listing(
            "TrainingSession",
            "MATCH (n)-[:TRAINED]->(c:Cell)",
            "cells",
            (_values("kind"), *_range("held", "held_on")),
        ),
        Listing("TackleTeam", "MATCH (n)-[:IN_NET]->(u:Net)", "nets"),
        Listing(
            "Visit", "MATCH (n)-[:VISITED]->(c:Cell)", "cells", _range("visited", "visited_on")
        ),
        Listing("Assessment", "MATCH (n)-[:ASSESSES]->(c:Cell)", "cells", _range("month", "month")),
    )
}
"""Every listable label. Health records are not listable (sensitive)."""


@dataclass(frozen=True, slots=True)
class Scope:
    """The subtree of a net or a cell at an instant: the unit's own label and uid, and the
    uids of the cells and nets in it (a cell's subtree holds no net)."""

    uid: str
    label: str
    cells: list[str]
    nets: list[str]


@dataclass(frozen=True, slots=True)
class Selection:
    """The nodes of one label that match a set of filters: count them, or fetch a slice.

    Example:
        >>> hazards = select(engine, "Hazard", {"status": ["found"]}, unit="net-l3-01")
        ... # doctest: +SKIP
        >>> hazards.count(), [n["uid"] for n in hazards.fetch(0, 2)]  # doctest: +SKIP
        (42, ['hz-00012', 'hz-00031'])
    """

    engine: Engine
    body: LiteralString
    params: dict[str, Any]

    def count(self) -> int:
        """How many match: one statement."""
        rows = self.engine.run(self.body + " RETURN count(n) AS total", self.params, readonly=True)
        return int(rows[0]["total"])

    def fetch(self, offset: int, limit: int) -> list[Props]:
        """``limit`` nodes from ``offset``, in uid order: one statement, sliced in the engine."""
        if offset < 0 or limit < 0:
            bad = "offset" if offset < 0 else "limit"
            raise ValidationError("listing", [FieldError(bad, "must be ≥ 0")])
        if limit == 0:
            return []
        rows = self.engine.run(
            self.body + " RETURN n ORDER BY n.uid SKIP $skip LIMIT $limit",
            {**self.params, "skip": offset, "limit": limit},
            readonly=True,
        )
        return [public_props(row["n"]) for row in rows]


def scope_of(engine: Engine, unit: str, at: str) -> Scope:
    """The subtree of the Net or Cell ``unit`` as it stands at ``at``.

    Raises:
        NotFoundError: ``unit`` names no net and no cell.
    """
    rows = engine.run(cypher("listing/scope"), {"uid": unit, "at": at}, readonly=True)
    if not rows:
        raise NotFoundError(unit, "net or cell")
    row = rows[0]
    return Scope(unit, kind_of(row["labels"]), sorted(row["cells"]), sorted(row["nets"]))


def select(
    engine: Engine,
    label: str,
    filters: Mapping[str, Any] | None = None,
    *,
    unit: str | None = None,
    visible: Collection[str] | None = None,
    include_retired: bool = False,
    as_of: str | None = None,
) -> Selection:
    """The nodes of ``label`` matching ``filters`` (None values ignored), within the subtree
    of ``unit`` (a Net or Cell uid) as it stands at ``as_of`` (now when None), and among
    the ``visible`` uids when given (the reader's reach, ``queries.visibility``). Retired
    nodes are left out unless ``include_retired``.

    Resolving ``unit`` costs one statement; counting and fetching one each.

    Raises:
        ValidationError: an unknown label or filter, a value outside the declared choices,
            a malformed date or month, a unit filter on a kind that belongs to no unit.
        NotFoundError: ``unit`` names no net and no cell.
    """
    listing = LISTINGS.get(label)
    if listing is None:
        raise ValidationError("listing", [FieldError("label", f"{label!r} cannot be listed")])
    at = instant(as_of)
    active = _checked(listing, {k: v for k, v in (filters or {}).items() if v is not None})
    params: dict[str, Any] = {"at": at, **active}
    if unit is not None:
        if listing.scope is None:
            raise ValidationError(
                "listing", [FieldError("net", f"{label} does not belong to a net or a cell")]
            )
        scope = scope_of(engine, unit, at)
        params[listing.scope_on] = scope.cells if listing.scope_on == "cells" else scope.nets
    body = _body(listing, tuple(sorted(active)), unit is not None)
    if visible is not None:
        params["visible"] = sorted(visible)
        body = cast(LiteralString, body + " WITH n WHERE n.uid IN $visible")
    if not include_retired:
        body = cast(LiteralString, body + " WITH n WHERE n.retired_at IS NULL")
    return Selection(engine, body, params)


def within(
    engine: Engine, label: str, *, cells: Collection[str], nets: Collection[str], at: str
) -> list[str]:
    """The uids of ``label`` tied to any of ``cells`` or ``nets`` (by the label's own path,
    as a unit filter ties them), sorted: one statement.

    Raises:
        ValidationError: ``label`` is not listable or belongs to no unit.
    """
    listing = LISTINGS.get(label)
    if listing is None or listing.scope is None:
        raise ValidationError("listing", [FieldError("label", f"{label} belongs to no unit")])
    params = {"at": at, "cells": sorted(cells), "nets": sorted(nets)}
    body = _body(listing, (), scoped=True)
    rows = engine.run(body + " RETURN n.uid AS uid ORDER BY uid", params, readonly=True)
    return [row["uid"] for row in rows]


def _body(listing: Listing, active: Sequence[str], scoped: bool) -> LiteralString:
    """``MATCH … WITH DISTINCT n`` for a listing with these filters set; statement text is
    built only from declared fragments, values stay in parameters."""
    parts: list[str] = [f"MATCH (n:{listing.label})"]
    conditions: list[str] = []
    for name in active:
        spec = listing.filter(name)
        if spec.op == "pattern":
            parts.append(spec.clause)
            parts.append("WITH DISTINCT n")
        elif spec.op == "values":
            conditions.append(f"n.{spec.prop} IN ${name}")
        elif spec.op == "equals":
            conditions.append(f"n.{spec.prop} = ${name}")
        elif spec.op == "since":
            conditions.append(f"n.{spec.prop} >= ${name}")
        else:
            conditions.append(f"n.{spec.prop} <= ${name}")
    if conditions:
        parts.append("WITH n WHERE " + " AND ".join(conditions))
    if scoped:
        scope = cast(str, listing.scope)
        target = "c.uid IN $cells" if listing.scope_on == "cells" else "u.uid IN $nets"
        if not scope:  # the label is itself a unit: Net or Cell
            parts.append(f"WITH n WHERE n.uid IN ${listing.scope_on}")
        else:
            joiner = " AND " if " WHERE " in scope else " WHERE "
            parts.append(scope + joiner + target)
            parts.append("WITH DISTINCT n")
    return cast(LiteralString, " ".join(parts))


def _checked(listing: Listing, filters: Mapping[str, Any]) -> dict[str, Any]:
    """Filter values in their stored form, every error reported at once."""
    spec = node_spec(listing.label)
    errors: list[FieldError] = []
    known = {f.name: f for f in listing.filters}
    values: dict[str, Any] = {}
    for name, value in filters.items():
        flt = known.get(name)
        if flt is None:
            errors.append(FieldError(name, f"is not a filter of {listing.label}"))
            continue
        if flt.op in ("values", "pattern"):
            items = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            choices = _choices(listing.label, flt)
            unknown = [v for v in items if choices is not None and v not in choices]
            if unknown:
                allowed = ", ".join(sorted(choices or ()))
                errors.append(FieldError(name, f"unknown value(s) {unknown}; one of: {allowed}"))
            values[name] = items
        elif flt.op == "equals":
            values[name] = value
        else:
            try:
                values[name] = _bound(spec.properties[flt.prop].kind, value)
            except ValueError as exc:
                errors.append(FieldError(name, str(exc)))
    if errors:
        raise ValidationError(listing.label, errors)
    return values


def _choices(label: str, flt: Filter) -> tuple[str, ...] | None:
    if flt.op == "pattern":  # a value on the pattern's far side, not a property of ``label``
        return flt.choices
    return node_spec(label).properties[flt.prop].choices


def _bound(kind: str, value: Any) -> str:
    """A date bound as ``YYYY-MM-DD`` or a month bound as ``YYYY-MM``."""
    if kind == "month":
        text = value.isoformat()[:7] if isinstance(value, date) else str(value).strip()
        if not _MONTH.match(text):
            raise ValueError(f"{value!r} is not a month (YYYY-MM)")
        return text
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
