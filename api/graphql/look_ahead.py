"""Relationship fields loaded for a whole list before the list is returned, so that
completing the list's items needs no awaiting.

The DataLoaders already batch: a page of 50 cells asking for each head costs one statement.
But every item still resolved its field through a coroutine, and graphql-core gathered
those in tasks (≈ 150 per page of 50 cells with heads and officers, a third of the page's
execution). A list resolver now *looks ahead* (:func:`look_ahead`): for each relationship
field selected on its items it starts the batched load for all of them and waits once;
each item's field then finds its value already loaded (:func:`settled`) and completes
synchronously. A field nothing looked ahead for (deeper nesting, a field without a
prefetch) loads as before.

Looking ahead is only a warm-up: the loads are the ones the fields would make (same loader,
same keys, same reach), and a failure (a malformed ``asOf``, say) is left for the field
itself to report at its own path.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from inspect import isawaitable
from operator import attrgetter
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from api.graphql.context import Context

__all__ = [
    "PREFETCH",
    "Prefetch",
    "argument",
    "look_ahead",
    "mapped",
    "prefetching",
    "selected_under",
    "settled",
    "then_look_ahead",
]

PREFETCH = "redgrid.prefetch"
"""A field's ``metadata`` key for its :data:`Prefetch`."""

type Prefetch = Callable[[Context, Sequence[Any], dict[str, Any]], Awaitable[object]]
"""Load a field for many parents at once: (context, parents, the field's arguments as
written in the query, variables filled in, GraphQL names)."""


def prefetching(
    loader: Callable[[Context, dict[str, Any]], DataLoader[str, Any]],
    key: Callable[[Any], str | None] = attrgetter("uid"),
) -> dict[str, Prefetch]:
    """A field's ``metadata`` holding its :data:`Prefetch`: ``loader`` (the loader the field
    reads, chosen from its arguments as written) loaded with every parent's ``key`` at once.
    The field's resolver reads through the same ``loader``, so both name the same batch."""

    async def prefetch(context: Context, parents: Sequence[Any], arguments: dict[str, Any]) -> Any:
        return await loader(context, arguments).load_many([k for p in parents if (k := key(p))])

    return {PREFETCH: prefetch}


def settled[V](loader: DataLoader[str, V], key: str) -> V | Awaitable[V]:
    """The value ``loader`` already holds for ``key``, or the awaitable load when it has
    none yet (or its load failed: awaiting then raises the failure where it belongs)."""
    future = loader.cache_map.get(key)
    if (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    ):
        return future.result()
    return loader.load(key)


def mapped[V, R](value: V | Awaitable[V], convert: Callable[[V], R]) -> R | Awaitable[R]:
    """``convert(value)`` now when ``value`` is at hand, else once it is awaited."""
    if isawaitable(value):

        async def later() -> R:
            return convert(await value)

        return later()
    return convert(value)  # type: ignore[arg-type]


async def look_ahead(
    info: Info[Context, None], parents: Sequence[Any], *paths: Sequence[str]
) -> None:
    """Load every prefetchable field selected on ``parents`` — the objects this field
    returns, found under its selection at one of ``paths`` (``("edges", "node")`` for a
    connection's nodes; none: directly) — for all of them at once."""
    loads = [
        prefetch(info.context, parents, arguments)
        for path in paths or [()]
        for prefetch, arguments in _prefetches(info, parents, path)
    ]
    if loads:
        await asyncio.gather(*loads, return_exceptions=True)


def then_look_ahead(info: Info[Context, None], items: Any) -> Any:
    """``items`` (a list, or the awaitable of one), returned once the relationship fields
    selected on them are loaded for all of them; at once when none is selected."""

    async def ahead() -> Any:
        found = await items if isawaitable(items) else items
        await look_ahead(info, found)
        return found

    if isawaitable(items) or (items and needs_look_ahead(info, items)):
        return ahead()
    return items


def needs_look_ahead(
    info: Info[Context, None], parents: Sequence[Any], path: Sequence[str] = ()
) -> bool:
    """Whether :func:`look_ahead` would load anything for ``parents``."""
    return bool(_prefetches(info, parents, path))


def _prefetches(
    info: Info[Context, None], parents: Sequence[Any], path: Sequence[str]
) -> list[tuple[Prefetch, dict[str, Any]]]:
    if not parents or not hasattr(type(parents[0]), "__strawberry_definition__"):
        return []
    fields = _fields_by_name(info, type(parents[0]))
    found = []
    for selected in selected_under(info, path):
        field = fields.get(selected.name)
        prefetch = field.metadata.get(PREFETCH) if field is not None else None
        if prefetch is not None:
            found.append((prefetch, selected.arguments))
    return found


def selected_under(info: Info[Context, None], path: Sequence[str] = ()) -> list[SelectedField]:
    """The fields selected at ``path`` below the field ``info`` resolves (none: on its
    result), through every fragment (one on another type too) and whatever
    ``@skip``/``@include`` say: a field counted that is not completed costs only a load."""
    level = [
        child for field in _fields(info.selected_fields) for child in _fields(field.selections)
    ]
    for name in path:
        level = [child for f in level if f.name == name for child in _fields(f.selections)]
    return level


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


_FIELDS: dict[type, dict[str, Any]] = {}


def _fields_by_name(info: Info[Context, None], cls: type) -> dict[str, Any]:
    """``cls``'s strawberry fields by their GraphQL names (once per type)."""
    known = _FIELDS.get(cls)
    if known is None:
        converter = info.schema.config.name_converter
        definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
        known = _FIELDS[cls] = {converter.get_graphql_name(f): f for f in definition.fields}
    return known


def argument(arguments: dict[str, Any], name: str, default: Any) -> Any:
    """An argument as written (``first: 5`` arrives as the text ``"5"``), its default when
    absent or null."""
    value = arguments.get(name)
    if value is None:
        return default
    if isinstance(default, int) and not isinstance(value, int):
        with contextlib.suppress(TypeError, ValueError):
            return int(value)
    return value
