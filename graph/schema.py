"""Schema metadata derived from the neomodel classes, and write validation through them.

Everything an engine needs to know about the schema (labels, unique and indexed properties,
relationship types with their endpoints) is read here from the declarations in
``graph.model``; nothing is repeated by hand.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from neomodel import RelationshipDefinition, StructuredRel
from neomodel.exceptions import DeflateError, RequiredProperty
from neomodel.properties import (
    BooleanProperty,
    FloatProperty,
    IntegerProperty,
    Property,
    StringProperty,
)

from graph.errors import FieldError, ValidationError
from graph.geometry import parse_geojson, territory_properties
from graph.model import NODE_CLASSES, GridNode
from graph.model.base import SEARCH_PROPERTY
from graph.model.relationships import Assignment
from graph.search_text import stored_tokens


@dataclass(frozen=True, slots=True)
class PropertySpec:
    """One declared property: its type, constraints and allowed values."""

    name: str
    kind: str
    required: bool
    unique: bool
    indexed: bool
    choices: tuple[str, ...] | None
    max_length: int | None


@dataclass(frozen=True, slots=True)
class RelationshipSpec:
    """One declared relationship: ``(source)-[:type]->(target)`` and its property model."""

    attribute: str
    type: str
    source: str
    target: str
    model: builtins.type[StructuredRel] | None

    @property
    def temporal(self) -> bool:
        """True when the relationship carries responsibility with ``since``/``until``."""
        return self.model is not None and issubclass(self.model, Assignment)

    @property
    def properties(self) -> dict[str, PropertySpec]:
        return _property_specs(self.model) if self.model is not None else {}

    @property
    def identity(self) -> list[str]:
        """Properties that tell two relationships between the same endpoints apart:
        ``since`` for assignments, plus any other required property (an officer's role)."""
        if not self.temporal:
            return []
        required = [p.name for p in self.properties.values() if p.required and p.name != "since"]
        return ["since", *required]


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """One node label with its properties and outgoing relationships."""

    label: str
    cls: type[GridNode]
    properties: dict[str, PropertySpec]
    relationships: tuple[RelationshipSpec, ...] = field(default=())
    sensitive: bool = False
    search_fields: tuple[str, ...] = ()
    """The fields the derived ``search`` tokens come from; empty when search skips the label."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels a stored node carries: its own first, then ``GridNode``."""
        return tuple(dict.fromkeys(self.cls.inherited_labels()))

    @property
    def unique(self) -> list[str]:
        return [p.name for p in self.properties.values() if p.unique]

    @property
    def indexed(self) -> list[str]:
        return [p.name for p in self.properties.values() if p.indexed and not p.unique]

    @property
    def searchable(self) -> bool:
        """True when the label carries derived ``search`` tokens and a full-text index."""
        return bool(self.search_fields)

    def search_tokens(self, values: Mapping[str, Any]) -> str | None:
        """The ``search`` value derived from validated values (``None`` if not searchable).

        Example:
            >>> node_spec("Person").search_tokens({"name": "王建国", "employee_no": "E01"})
            '王建 建国 王 建 国 e01'
        """
        if not self.search_fields:
            return None
        return stored_tokens(*(values.get(name) for name in self.search_fields))


def _kind(prop: Property) -> str:
    return type(prop).__name__.removesuffix("Property").lower() or "string"


def _property_specs(cls: type) -> dict[str, PropertySpec]:
    specs = {}
    declared = cls.defined_properties(aliases=False, rels=False)  # type: ignore[attr-defined]
    for name, prop in declared.items():
        choices = getattr(prop, "choices", None) if isinstance(prop, StringProperty) else None
        specs[name] = PropertySpec(
            name=name,
            kind=_kind(prop),
            required=prop.required,
            unique=prop.unique_index,
            indexed=prop.index,
            choices=tuple(choices) if choices else None,
            max_length=getattr(prop, "max_length", None),
        )
    return specs


def _relationship_specs(cls: type[GridNode]) -> tuple[RelationshipSpec, ...]:
    specs = []
    rels = cls.defined_properties(aliases=False, properties=False, rels=True)
    for attribute, definition in rels.items():
        assert isinstance(definition, RelationshipDefinition)
        raw = definition._raw_class
        target = raw if isinstance(raw, str) else raw.__name__
        model = definition.definition.get("model")
        specs.append(
            RelationshipSpec(
                attribute=attribute,
                type=str(definition.definition["relation_type"]),
                source=cls.__name__,
                target=target,
                model=model if model is not None and model is not StructuredRel else None,  # type: ignore[arg-type]
            )
        )
    return tuple(specs)


def _search_fields(cls: type[GridNode], properties: dict[str, PropertySpec]) -> tuple[str, ...]:
    """``__search_fields__`` of a class, checked against its declarations (a typo there
    would silently leave every node of the label unfindable)."""
    fields = tuple(getattr(cls, "__search_fields__", ()))
    if not fields:
        return ()
    wrong = [name for name in fields if name not in properties or name == SEARCH_PROPERTY]
    if wrong or SEARCH_PROPERTY not in properties:
        raise TypeError(
            f"{cls.__name__}: __search_fields__ {fields} must name declared properties, "
            f"and the class must declare {SEARCH_PROPERTY} = StringProperty()"
        )
    return fields


@cache
def node_specs() -> dict[str, NodeSpec]:
    """Every node label → its spec, in load order."""
    specs = {}
    for cls in NODE_CLASSES:
        properties = _property_specs(cls)
        specs[cls.__name__] = NodeSpec(
            label=cls.__name__,
            cls=cls,
            properties=properties,
            relationships=_relationship_specs(cls),
            sensitive=bool(getattr(cls, "__sensitive__", False)),
            search_fields=_search_fields(cls, properties),
        )
    return specs


def searchable_specs() -> list[NodeSpec]:
    """The labels the search box finds, in load order."""
    return [spec for spec in node_specs().values() if spec.searchable]


def base_spec() -> NodeSpec:
    """The spec of ``GridNode``, the label every node carries (its uid is unique globally)."""
    return NodeSpec(label=GridNode.__name__, cls=GridNode, properties=_property_specs(GridNode))


def relationship_specs() -> list[RelationshipSpec]:
    """Every declared ``(source)-[:type]->(target)`` triple."""
    return [rel for spec in node_specs().values() for rel in spec.relationships]


def node_spec(label: str) -> NodeSpec:
    """The spec of a label, or a ValidationError naming the unknown label."""
    try:
        return node_specs()[label]
    except KeyError:
        known = ", ".join(node_specs())
        raise ValidationError(
            label, [FieldError("label", f"unknown node label {label!r}; known: {known}")]
        ) from None


def relationship_spec(source: str, rel_type: str, target: str) -> RelationshipSpec:
    """The declared relationship between two labels, or a ValidationError."""
    found = _relationships_by_triple().get((source, rel_type, target))
    if found is not None:
        return found
    node_spec(source)  # an unknown label is named as such
    raise ValidationError(
        f"{source}-[:{rel_type}]->{target}",
        [FieldError("type", f"no relationship {rel_type} from {source} to {target} is declared")],
    )


@cache
def _relationships_by_triple() -> dict[tuple[str, str, str], RelationshipSpec]:
    """Every declared relationship by ``(source, type, target)``, built once (an import asks
    for one per link it writes)."""
    return {(rel.source, rel.type, rel.target): rel for rel in relationship_specs()}


_TRUE = {"true", "yes", "y", "1", "是", "t"}
_FALSE = {"false", "no", "n", "0", "否", "f"}


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _readable(prop: Property, value: Any, message: str) -> str:
    if isinstance(prop, IntegerProperty):
        return f"{value!r} is not a whole number"
    if isinstance(prop, FloatProperty):
        return f"{value!r} is not a number"
    return message


@cache
def _declared(cls: Any) -> dict[str, Property]:
    """The declared properties of a class (neomodel walks the MRO on every call: cache it)."""
    return dict(cls.defined_properties(aliases=False, rels=False))


def _deflate(owner: str, cls: Any, values: Mapping[str, Any], partial: bool) -> dict[str, Any]:
    declared = _declared(cls)
    errors = [
        FieldError(name, f"unknown property for {owner}") for name in values if name not in declared
    ]
    clean: dict[str, Any] = {}
    for name, prop in declared.items():
        if partial and name not in values:
            continue  # an update leaves what it does not name alone
        value = values.get(name)
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if prop.has_default and not partial:
                clean[name] = prop.default_value()
            elif prop.required and not (partial and name not in values):
                errors.append(FieldError(name, "is required"))
            elif name in values:
                clean[name] = None
            continue
        choices = getattr(prop, "choices", None)
        if choices and value not in choices:
            allowed = ", ".join(choices)
            errors.append(FieldError(name, f"{value!r} is not one of: {allowed}"))
            continue
        if isinstance(prop, BooleanProperty):
            flag = _boolean(value)
            if flag is None:
                errors.append(FieldError(name, f"{value!r} is not a yes/no value"))
            else:
                clean[name] = flag
            continue
        max_length = getattr(prop, "max_length", None)
        if max_length is not None and isinstance(value, str) and len(value) > max_length:
            errors.append(FieldError(name, f"is {len(value)} characters; at most {max_length}"))
            continue
        if type(value) is str and type(prop) is StringProperty:
            clean[name] = value  # what its deflate returns for text that passed the checks above
            continue
        try:
            clean[name] = prop.deflate(value)
        except DeflateError as exc:
            errors.append(FieldError(name, _readable(prop, value, exc.msg)))
        except (RequiredProperty, ValueError, TypeError) as exc:
            errors.append(FieldError(name, str(exc)))
    if errors:
        raise ValidationError(owner, errors)
    return clean


def validate_node(
    label: str, values: Mapping[str, Any], *, partial: bool = False
) -> dict[str, Any]:
    """Validate and convert a node's properties through its neomodel class.

    Returns the storable property map. Raises :class:`ValidationError` listing every
    offending field (unknown, missing, wrong type, not among the choices, too long, or
    the derived ``search``, which the writer computes and callers must leave out).
    ``partial`` validates an update: properties not given are left alone.

    Example:
        >>> validate_node("RiskPoint", {"uid": "rp-1", "name": "分离器超压", "grade": "red"})
        {'uid': 'rp-1', 'name': '分离器超压', 'grade': 'red'}
    """
    spec = node_spec(label)
    derived = []
    if spec.searchable and SEARCH_PROPERTY in values:
        if values[SEARCH_PROPERTY] is not None:
            source = ", ".join(spec.search_fields)
            message = f"is derived from {source} by the writer; leave it out"
            derived.append(FieldError(SEARCH_PROPERTY, message))
        values = {k: v for k, v in values.items() if k != SEARCH_PROPERTY}
    try:
        clean = _deflate(label, spec.cls, values, partial)
    except ValidationError as exc:
        raise ValidationError(label, exc.errors + derived) from None
    if derived:
        raise ValidationError(label, derived)
    if "geometry" in clean and "min_lon" in spec.properties:
        clean |= _bounding_box(clean["geometry"])
    return clean


BOX_PROPERTIES = ("min_lon", "min_lat", "max_lon", "max_lat")
"""A territory's bounding box: derived from its geometry on every write, never given."""


def _bounding_box(geometry: str | None) -> dict[str, Any]:
    """The stored bounding box of a territory's (already checked) GeoJSON; all None when the
    territory is cleared, so the box never outlives the shape it was taken from."""
    if geometry is None:
        return dict.fromkeys(BOX_PROPERTIES)
    box = territory_properties(parse_geojson(geometry))
    return {name: box[name] for name in BOX_PROPERTIES}


def validate_relationship(rel: RelationshipSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a relationship's properties through its neomodel relationship model."""
    owner = f"{rel.source}-[:{rel.type}]->{rel.target}"
    if rel.model is None:
        if values:
            raise ValidationError(
                owner, [FieldError(k, "relationship has no properties") for k in values]
            )
        return {}
    return _deflate(owner, rel.model, values, partial=False)


def labels_with(prop: str) -> Iterable[str]:
    """Labels that declare a property of that name."""
    return (s.label for s in node_specs().values() if prop in s.properties)
