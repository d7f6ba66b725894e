"""Relay cursor connections over a listing whose slicing runs in the engine.

Cursors are opaque (base64 of ``arrayconnection:<offset>``, Relay's convention) and name a
position in the list ordered by uid. ``first``/``after`` page forwards, ``last``/``before``
backwards; the window is computed from the total count, then fetched with ``SKIP``/``LIMIT``.
Offsets shift when nodes are added or removed between two requests, as with any offset
cursor; the order by uid keeps a page stable otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import strawberry
from strawberry import relay

from graph.errors import FieldError, ValidationError

T = TypeVar("T")
_PREFIX = "arrayconnection"
DEFAULT_PAGE = 20


@strawberry.type(description="One node of a page, with the cursor naming its position.")
class Edge[T]:
    cursor: str = strawberry.field(description="Opaque position, for `after`/`before`.")
    node: T = strawberry.field(description="The node.")


@strawberry.type(description="A page of a list (Relay connection), with the total count.")
class Connection[T]:
    total_count: int = strawberry.field(description="How many match the filters in all.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page lies.")
    edges: list[Edge[T]] = strawberry.field(description="The page, in uid order.")

    @strawberry.field(description="The page's nodes, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


@dataclass(frozen=True, slots=True)
class Window:
    """Which slice of a list of ``total`` a page asks for."""

    offset: int
    limit: int


def cursor(offset: int) -> str:
    return relay.to_base64(_PREFIX, offset)


def _offset(value: str, name: str) -> int:
    try:
        prefix, position = relay.from_base64(value)
        if prefix != _PREFIX or int(position) < 0:
            raise ValueError
        return int(position)
    except ValueError:
        raise ValidationError("page", [FieldError(name, f"{value!r} is not a cursor")]) from None


def arguments(
    first: int | None, after: str | None, last: int | None, before: str | None, max_size: int
) -> tuple[int | None, int | None, int | None, int | None]:
    """Check the paging arguments; sizes capped at ``max_size`` (a size given above it is
    refused before execution, see ``api.graphql.limits``: this lowers the default page when
    the cap is smaller), cursors decoded.

    Raises:
        ValidationError: both ``first`` and ``last``, a negative size, a malformed cursor.
    """
    errors: list[FieldError] = []
    if first is not None and last is not None:
        errors.append(FieldError("last", "give first or last, not both"))
    errors += [
        FieldError(name, f"must be ≥ 0, not {value}")
        for name, value in (("first", first), ("last", last))
        if value is not None and value < 0
    ]
    if errors:
        raise ValidationError("page", errors)
    if first is None and last is None:
        first = DEFAULT_PAGE
    return (
        None if first is None else min(first, max_size),
        None if after is None else _offset(after, "after"),
        None if last is None else min(last, max_size),
        None if before is None else _offset(before, "before"),
    )


def window(
    total: int, first: int | None, after: int | None, last: int | None, before: int | None
) -> Window:
    """The slice Relay's algorithm selects: after ``after``, before ``before``, then the
    first ``first`` or the last ``last`` of what remains.

    Example:
        >>> window(10, None, None, 3, None)
        Window(offset=7, limit=3)
    """
    start = 0 if after is None else min(after + 1, total)
    end = total if before is None else max(min(before, total), start)
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    return Window(start, end - start)


def connection[T](nodes: list[T], total: int, offset: int) -> Connection[T]:
    """A connection for ``nodes`` found at ``offset`` of a list of ``total``."""
    edges = [Edge(cursor=cursor(offset + i), node=node) for i, node in enumerate(nodes)]
    return Connection(
        total_count=total,
        page_info=relay.PageInfo(
            has_previous_page=offset > 0 and total > 0,
            has_next_page=offset + len(nodes) < total,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
