"""What a GraphQL operation would cost, worked out from its document and variables before
anything runs, so that a request over the budget is refused without touching the engine.

The model (GitHub's, with weights): a field costs its weight plus, when it takes a page size
(``first``, ``last``, ``top``, or the ``ids`` of ``nodes``), that size times what its
selection costs; otherwise once what its selection costs. Scalar fields weigh 0, object and
list fields 1, and the fields that walk the whole grid weigh what they cost in the engine
relative to one loaded object (:data:`DEFAULT_WEIGHTS`, overridden by
``REDGRID_QUERY_COSTS``). Fragments count for every type they may apply to (an upper bound).

It runs before validation (a refusal must cost next to nothing, cached or not), so it
tolerates what validation refuses later: unknown fields weigh 0, a fragment spread inside
itself and anything deeper than :data:`MAX_DEPTH` are not followed.

Example:
    >>> model = CostModel(schema._schema, {}, max_page_size=100)  # doctest: +SKIP
    >>> model.measure(parse("{ a: stats { totalNodes } b: stats { totalNodes } }")).total
    10000
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    is_composite_type,
    value_from_ast_untyped,
)

from api.graphql.connection import DEFAULT_PAGE

__all__ = ["DEFAULT_WEIGHTS", "PAGE_ARGUMENTS", "Cost", "CostModel", "OversizedPage"]

DEFAULT_WEIGHTS: Mapping[str, int] = {
    # Whole-grid reports: seconds of engine time each at scale 1 (docs/performance.md).
    "Query.stats": 5000,
    "Query.analytics": 5000,
    "Query.coverageGaps": 3000,
    "Query.gridOutline": 3000,
    "Query.businessTree": 2000,
    "Query.exportLedgers": 5000,  # every ledger kind read and written
    # One subject's walk: milliseconds.
    "Query.impact": 100,
    "Query.trace": 50,
    "Query.search": 50,
    # The grid on the map: an in-process index, a box filter, one net's cells.
    "Query.mapLayer": 500,
    "Query.within": 100,
    "Query.whoToCall": 20,
    "Query.locate": 10,
    "Query.users": 10,
    "LocationType.chain": 20,
    "Query.__schema": 200,
}
"""Weights of the fields that cost more than the objects they return."""

MAX_DEPTH = 64
"""Deepest selection measured; validation refuses far shallower ones."""

PAGE_ARGUMENTS = ("first", "last", "top")
"""Integer arguments that size a list; ``nodes(ids:)`` is sized by its list."""


@dataclass(frozen=True, slots=True)
class OversizedPage:
    """A page size asked for above the server's maximum."""

    argument: str
    value: int
    node: Node


@dataclass
class Cost:
    """The cost of one operation, the weight each field added, and oversized pages."""

    total: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    times: Counter[str] = field(default_factory=Counter)
    oversized: list[OversizedPage] = field(default_factory=list)

    def heaviest(self, count: int = 3) -> str:
        """The fields that weigh most, as ``Query.stats ×30 = 150000``."""
        return ", ".join(
            f"{name} ×{self.times[name]} = {weight}"
            for name, weight in self.by_field.most_common(count)
            if weight
        )


class CostModel:
    """Measures operations against one schema with fixed weights and page limits."""

    def __init__(
        self, schema: GraphQLSchema, weights: Mapping[str, int], *, max_page_size: int
    ) -> None:
        self.schema = schema
        self.weights = {**DEFAULT_WEIGHTS, **weights}
        self.max_page_size = max_page_size
        self.default_page = min(DEFAULT_PAGE, max_page_size)

    def measure(
        self,
        document: DocumentNode,
        operation_name: str | None = None,
        variables: Mapping[str, Any] | None = None,
    ) -> Cost:
        """The cost of the operation the request runs (none found: zero, execution will
        say why)."""
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        chosen = [
            op
            for op in operations
            if operation_name is None or (op.name is not None and op.name.value == operation_name)
        ]
        cost = Cost()
        if len(chosen) != 1:
            return cost
        operation = chosen[0]
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return cost
        walk = _Walk(self, document, operation, variables or {}, cost)
        cost.total = walk.selections(operation.selection_set, root)
        return cost


class _Walk:
    def __init__(
        self,
        model: CostModel,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
        cost: Cost,
    ) -> None:
        self.model = model
        self.cost = cost
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        defaults = {
            d.variable.name.value: value_from_ast_untyped(d.default_value)
            for d in operation.variable_definitions or ()
            if d.default_value is not None
        }
        self.variables = {**defaults, **variables}
        self.depth = 0
        self.spreading: set[str] = set()

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> int:
        if self.depth >= MAX_DEPTH:
            return 0
        self.depth += 1
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                typed = self.model.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, typed or parent)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.spread(selection.name.value, parent)
        self.depth -= 1
        return total

    def spread(self, name: str, parent: GraphQLNamedType) -> int:
        fragment = self.fragments.get(name)
        if fragment is None or name in self.spreading:
            return 0
        self.spreading.add(name)
        typed = self.model.schema.get_type(fragment.type_condition.name.value)
        total = self.selections(fragment.selection_set, typed or parent)
        self.spreading.discard(name)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        name = node.name.value
        definition = self.definition(parent, name)
        if definition is None:  # __typename, or a field validation has already refused
            return 0
        returned = get_named_type(definition.type)
        key = f"{parent.name}.{name}"
        weight = self.model.weights.get(key, 1 if is_composite_type(returned) else 0)
        self.cost.by_field[key] += weight
        self.cost.times[key] += 1
        if node.selection_set is None:
            return weight
        return weight + self.size(node, definition) * self.selections(node.selection_set, returned)

    def definition(self, parent: GraphQLNamedType, name: str) -> GraphQLField | None:
        if name == "__schema" and parent is self.model.schema.query_type:
            return SchemaMetaFieldDef
        if name == "__type" and parent is self.model.schema.query_type:
            return TypeMetaFieldDef
        fields = getattr(parent, "fields", None)
        return None if fields is None else fields.get(name)

    def size(self, node: FieldNode, definition: GraphQLField) -> int:
        """How many times the field's selection may be resolved (1 when it takes no size)."""
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        if "ids" in definition.args and "ids" in given:
            ids = self.value(given["ids"])
            return max(len(ids), 1) if isinstance(ids, list) else 1
        sizes: list[int] = []
        paged = [name for name in PAGE_ARGUMENTS if name in definition.args]
        for name in paged:
            if name in given:
                value = self.value(given[name])
                if not _is_int(value):
                    continue  # coercion refuses it when the operation runs
                if value > self.model.max_page_size:
                    self.cost.oversized.append(OversizedPage(name, value, given[name]))
            else:
                value = definition.args[name].default_value
                if not _is_int(value):
                    continue
            sizes.append(max(min(value, self.model.max_page_size), 0))
        if not paged:
            return 1
        return max(sizes) if sizes else self.model.default_page

    def value(self, node: Node) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return [self.value(item) for item in node.values]
        return value_from_ast_untyped(node)  # type: ignore[arg-type]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
