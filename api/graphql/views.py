"""Report types as views of the query results.

A report type declares the GraphQL shape of a ``queries`` dataclass — field names, types,
descriptions and the fields computed for clients — and its resolvers hand strawberry the
dataclass itself: a plain field reads the attribute of the same name (strawberry's default
resolver is ``getattr``), so nothing copies the result field by field. A computed field whose
name is also an attribute of the result (a mapping shown as a list, a rounded figure) takes
the result as ``root: Parent[...]``.

Example:
    >>> @view(Holder, description="A person holding a post.")  # doctest: +SKIP
    ... class HolderType:
    ...     uid: str = strawberry.field(description="Person uid.")
    >>> shown(HolderType, Holder("p-1", "王"))  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, cast

import strawberry

from graph.enums import LabelledEnum

SOURCES: dict[type, type] = {}
"""Report type → the result class its instances are read from."""


def view[V](source: type, *, description: str) -> Callable[[type[V]], type[V]]:
    """Make the decorated class a GraphQL type read from instances of ``source``.

    Every field without a resolver must name a dataclass field or a property of ``source``;
    a misspelt or stale name fails at import, naming the field, rather than at request time.
    """

    def decorate(cls: type[V]) -> type[V]:
        typed = strawberry.type(cls, description=description)
        readable = _attributes(source)
        plain = [
            f.python_name
            for f in typed.__strawberry_definition__.fields  # type: ignore[attr-defined]
            if f.base_resolver is None
        ]
        missing = [name for name in plain if name not in readable]
        if missing:
            raise TypeError(
                f"{cls.__name__} views {source.__name__}, which has no {', '.join(missing)}"
            )
        SOURCES[typed] = source
        return typed

    return decorate


def _attributes(source: type) -> set[str]:
    names = (
        {f.name for f in dataclasses.fields(source)} if dataclasses.is_dataclass(source) else set()
    )
    return names | {name for name in dir(source) if isinstance(getattr(source, name), property)}


def shown[V](view_type: type[V], result: object) -> V:
    """``result`` served as ``view_type`` (which must view its class)."""
    source = SOURCES[view_type]
    if not isinstance(result, source):
        raise TypeError(f"{view_type.__name__} shows {source.__name__}, not {type(result)}")
    return cast(V, result)


def zh(enum: type[LabelledEnum], attribute: str, *, required: bool = False) -> Any:
    """A field with the Chinese label of the enum value in ``attribute`` (``LabelledEnum.zh_of``);
    ``required`` for a value that is always set."""
    description = f"`{attribute}` in Chinese ({enum.__name__})."
    if required:

        def resolve_required(root: strawberry.Parent[Any]) -> str:
            return enum.zh_of(getattr(root, attribute)) or ""

        return strawberry.field(resolver=resolve_required, description=description)

    def resolve(root: strawberry.Parent[Any]) -> str | None:
        return enum.zh_of(getattr(root, attribute))

    return strawberry.field(resolver=resolve, description=description)


def zh_all(enum: type[LabelledEnum], attribute: str) -> Any:
    """A list field with the Chinese labels of the enum values in ``attribute`` (an unknown
    value is kept as it is)."""

    def resolve(root: strawberry.Parent[Any]) -> list[str]:
        return [enum.zh_of(value) or value for value in getattr(root, attribute)]

    return strawberry.field(
        resolver=resolve, description=f"`{attribute}` in Chinese ({enum.__name__})."
    )
