"""The machinery every entity type shares: the ``Entity`` interface (a Relay ``Node`` whose
global id derives from the uid), construction from stored properties, and factories for
relationship fields that load through the request's DataLoaders.

An entity type's scalar fields come from the schema of record: ``entity_type`` reads the
properties the neomodel class declares (type, required, choices) and the type adds only
their descriptions; every property with choices gets its Chinese companion (``kindZh``).

A relationship field is declared in one line on its type, for example::

    owner: Person | None = one(OWNER, "The owner (责任人) now, or as of `asOf`.")

``one`` and ``many`` read a temporal relation (an assignment with since/until) as it stands
now or at ``asOf``; ``history`` lists every assignment ever made, closed ones included.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache
from operator import attrgetter
from typing import Annotated, Any, ClassVar, Self, TypeVar

import strawberry
from neomodel import ArrayProperty, BooleanProperty, FloatProperty, IntegerProperty
from neomodel.properties import Property
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.geojson import GeoJSON
from api.graphql.look_ahead import argument, mapped, prefetching, settled, then_look_ahead
from api.graphql.views import zh
from graph.enums import LabelledEnum
from graph.geometry import GeometryProperty, LineProperty
from graph.model import GridNode
from graph.model.base import SEARCH_PROPERTY
from queries.entities import Neighbour, Record, Relation
from writes.workflows.deadlines import escalates_on, matter

T = TypeVar("T")

AS_OF = strawberry.argument(
    description="Read the assignment as it stood at this instant: `YYYY-MM-DD` (the end of "
    "that day) or an ISO-8601 date-time; now when omitted."
)
FIRST = strawberry.argument(
    description="At most this many, by uid (capped at the server's maximum page size)."
)
NESTED_DEFAULT = 20

ENTITY_TYPES: dict[str, type[Entity]] = {}
"""GraphQL type (= node label) → its class; filled as the entity modules are imported."""


@strawberry.interface(description="Any node of the grid, found by its stable `uid`.")
class Entity(relay.Node):
    uid: str = strawberry.field(description="Stable business key (编号), unique across kinds.")
    rev: int | None = strawberry.field(
        default=None, description="Revision, for `updateNode(rev:)` (null: never changed)."
    )
    retired_at: str | None = strawberry.field(
        default=None, description="When it was retired (null while in use); never deleted."
    )
    retired_reason: str | None = strawberry.field(default=None, description="Why it retired.")

    label: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ENTITY_TYPES[cls.__name__] = cls

    @classmethod
    def resolve_id(cls, root: Self, *, info: Info) -> str:
        return root.uid

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Self:
        """An instance from stored properties (undeclared properties are ignored)."""
        return cls(**{name: props.get(name) for name in _init_names(cls)})  # type: ignore[arg-type]


@cache
def _init_names(cls: type[Entity]) -> tuple[str, ...]:
    """The fields ``cls`` is constructed with (read once per type: a page builds hundreds)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]


_SCALARS: tuple[tuple[type[Property], Any], ...] = (
    (GeometryProperty, GeoJSON),
    (LineProperty, GeoJSON),
    (BooleanProperty, bool),
    (IntegerProperty, int),
    (FloatProperty, float),
    (ArrayProperty, list[str]),
)
_INHERITED = {*GridNode.defined_properties(aliases=False, rels=False), SEARCH_PROPERTY}
"""Properties every entity shows through the ``Entity`` interface, or never shows."""
_ENUMS = {frozenset(e.choices().items()): e for e in LabelledEnum.__subclasses__()}


def entity_type[E: Entity](
    model: type[GridNode], description: str, **described: str
) -> Callable[[type[E]], type[E]]:
    """Make the decorated class the GraphQL type of ``model``, with one scalar field per
    property the model declares — typed and nullable as declared, a ``<name>_zh`` companion
    for a property with choices — before the fields the class declares itself.
    ``described`` documents each property; a property left undocumented, or a description
    naming no property, is refused at import."""

    def decorate(cls: type[E]) -> type[E]:
        own = {
            name: prop
            for name, prop in model.defined_properties(aliases=False, rels=False).items()
            if name not in _INHERITED
        }
        if unknown := described.keys() - own.keys():
            raise TypeError(f"{cls.__name__}: {model.__name__} has no {', '.join(sorted(unknown))}")
        if undocumented := own.keys() - described.keys():
            raise TypeError(f"{cls.__name__}: describe {', '.join(sorted(undocumented))}")
        fields: dict[str, Any] = {}
        for name, prop in own.items():
            kind = next((t for base, t in _SCALARS if isinstance(prop, base)), str)
            fields[name] = kind if prop.required else kind | None
            setattr(cls, name, strawberry.field(description=described[name]))
            if choices := getattr(prop, "choices", None):
                fields[f"{name}_zh"] = str | None
                setattr(cls, f"{name}_zh", zh(_ENUMS[frozenset(choices.items())], name))
        cls.__annotations__ = {**fields, **cls.__annotations__}
        return strawberry.type(cls, description=description)

    return decorate


def entity(cls: type[Any], props: dict[str, Any] | None) -> Any:
    return None if props is None else cls.from_props(props)


@strawberry.type(description="An assignment (a post held from `since` until `until`).")
class Assignment[T]:
    holder: T = strawberry.field(description="Who or what is assigned.")
    since: str | None = strawberry.field(description="When it started (ISO-8601 UTC).")
    until: str | None = strawberry.field(description="When it ended; null while current.")


def _neighbours(
    context: Context, relation: Relation, as_of: str | None, limit: int
) -> DataLoader[str, list[Neighbour]]:
    """The request's loader of ``relation`` as a field with these arguments reads it."""
    at = context.at(as_of) if relation.temporal else None
    return context.loaders.neighbours(relation, at=at, limit=context.page_size(limit))


def _history(context: Context, relation: Relation, first: int) -> DataLoader[str, list[Neighbour]]:
    """The request's loader of every assignment of ``relation``, closed ones included."""
    return context.loaders.neighbours(relation, at=None, limit=context.page_size(first))


def one(relation: Relation, description: str) -> Any:
    """A field holding the one node at the other end of ``relation`` (the first by uid if
    the data hold several), or null."""

    def first(found: list[Neighbour]) -> Any:
        return entity(ENTITY_TYPES[relation.target], found[0].node) if found else None

    def load(root: Entity, info: Info[Context, None], as_of: str | None) -> Any:
        return mapped(settled(_neighbours(info.context, relation, as_of, 1), root.uid), first)

    metadata = prefetching(lambda c, a: _neighbours(c, relation, argument(a, "asOf", None), 1))
    if relation.temporal:

        def resolve_at(
            root: Entity,
            info: Info[Context, None],
            as_of: Annotated[str | None, AS_OF] = None,
        ) -> Any:
            return load(root, info, as_of)

        return strawberry.field(resolver=resolve_at, description=description, metadata=metadata)

    def resolve(root: Entity, info: Info[Context, None]) -> Any:
        return load(root, info, None)

    return strawberry.field(resolver=resolve, description=description, metadata=metadata)


def many(relation: Relation, description: str) -> Any:
    """A list field of the nodes at the other end of ``relation``, by uid, ``first`` at most."""

    def load(root: Entity, info: Info[Context, None], as_of: str | None, first: int) -> Any:
        cls = ENTITY_TYPES[relation.target]
        loader = _neighbours(info.context, relation, as_of, first)
        return then_look_ahead(
            info, mapped(settled(loader, root.uid), lambda f: [cls.from_props(n.node) for n in f])
        )

    metadata = prefetching(
        lambda c, a: _neighbours(
            c, relation, argument(a, "asOf", None), argument(a, "first", NESTED_DEFAULT)
        )
    )
    if relation.temporal:

        def resolve_at(
            root: Entity,
            info: Info[Context, None],
            as_of: Annotated[str | None, AS_OF] = None,
            first: Annotated[int, FIRST] = NESTED_DEFAULT,
        ) -> Any:
            return load(root, info, as_of, first)

        return strawberry.field(resolver=resolve_at, description=description, metadata=metadata)

    def resolve(
        root: Entity, info: Info[Context, None], first: Annotated[int, FIRST] = NESTED_DEFAULT
    ) -> Any:
        return load(root, info, None, first)

    return strawberry.field(resolver=resolve, description=description, metadata=metadata)


def history(relation: Relation, description: str) -> Any:
    """Every assignment of a temporal ``relation``, closed ones included, by holder uid then
    ``since``."""
    if not relation.temporal:
        raise ValueError(f"{relation} keeps no history")

    def assignments(found: list[Neighbour]) -> list[Assignment[Any]]:
        holder = ENTITY_TYPES[relation.target]
        return [
            Assignment(
                holder=holder.from_props(n.node), since=n.rel.get("since"), until=n.rel.get("until")
            )
            for n in found
        ]

    def resolve(
        root: Entity, info: Info[Context, None], first: Annotated[int, FIRST] = NESTED_DEFAULT
    ) -> Any:
        return mapped(settled(_history(info.context, relation, first), root.uid), assignments)

    metadata = prefetching(lambda c, a: _history(c, relation, argument(a, "first", NESTED_DEFAULT)))
    return strawberry.field(resolver=resolve, description=description, metadata=metadata)


def loaded(
    label: str | None, description: str, uid: Callable[[Any], str | None] = attrgetter("uid")
) -> Any:
    """A field holding the entity whose uid the root holds (``uid`` reads it), loaded through
    the request's loaders: null outside the reader's reach, as for a uid that names nothing.
    ``label`` the kind it must be (None: any)."""

    def record_entity(record: Record | None) -> Any:
        if record is None or (label is not None and record.label != label):
            return None
        cls = ENTITY_TYPES.get(record.label)
        return None if cls is None else cls.from_props(record.props)

    def resolve(root: strawberry.Parent[Any], info: Info[Context, None]) -> Any:
        key = uid(root)
        if not key:
            return None
        return mapped(settled(info.context.loaders.nodes, key), record_entity)

    return strawberry.field(
        resolver=resolve,
        description=description,
        metadata=prefetching(lambda c, _: c.loaders.nodes, key=uid),
    )


def owner(label: str) -> Any:
    """The owner (责任人) field of an owned kind."""
    return one(Relation(label, "OWNED_BY", "Person"), "Its owner (责任人), now or as of `asOf`.")


def owner_history(label: str) -> Any:
    """Every owner an owned kind has had, closed assignments included."""
    return history(Relation(label, "OWNED_BY", "Person"), "Every owner it has had.")


def cell_of(label: str, rel_type: str = "BELONGS_TO") -> Any:
    """The cell a node belongs to: now or as of ``asOf`` where the link is dated
    (``BELONGS_TO``, issue 12); a problem's ``RAISED_IN`` is not handed over."""
    relation = Relation(label, rel_type, "Cell")
    described = "The cell it belongs to, now or as of `asOf`." if relation.temporal else None
    return one(relation, described or "The cell it belongs to.")


_MATTER_FIELDS = ("status", "reported_on", "found_on", "scale", "deadline")


def escalation_deadline(label: str) -> Any:
    """A problem's or hazard's escalation deadline, by the server's
    ``REDGRID_ESCALATION_DAYS`` (:mod:`writes.workflows.deadlines`)."""

    def resolve(root: strawberry.Parent[Any], info: Info[Context, None]) -> Any:
        context = info.context
        props = {name: getattr(root, name, None) for name in _MATTER_FIELDS}

        def deadline(escalation: tuple[int, str] | None) -> str | None:
            return escalates_on(matter(label, props, escalation), context.settings.escalation_days)

        return mapped(settled(context.loaders.escalations, root.uid), deadline)

    return strawberry.field(
        resolver=resolve,
        metadata=prefetching(lambda c, _: c.loaders.escalations),
        description="The day from which escalation by deadline moves it one net up "
        "(YYYY-MM-DD; REDGRID_ESCALATION_DAYS): overdue once today is on or past it; null "
        "when it is no longer open or already at the level-2 net.",
    )
