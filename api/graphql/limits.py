"""The checks a GraphQL request passes before anything runs, in the validation step: string
lengths, page sizes and the cost budget (:mod:`api.graphql.cost`), then the document's
validity (cached). A refusal is a request error: no ``data``, HTTP 400 under
``application/graphql-response+json``.

| refused | code | extensions |
|---|---|---|
| a string argument or variable over ``REDGRID_MAX_STRING_LENGTH`` ¹ | ``BAD_INPUT`` | ``fields`` |
| a page size (``first``, ``last``, ``top``) over ``REDGRID_MAX_PAGE_SIZE`` | ``BAD_INPUT`` | same |
| an operation costing over ``REDGRID_MAX_QUERY_COST`` | ``COST_LIMIT`` | ``cost``, ``budget`` |

¹ Except the arguments in :data:`BODY_BOUNDED` (uploads), bounded by the body limit.

Only documents of at most :data:`CACHED_DOCUMENT_CHARS` characters are kept in the
validation cache, so that a burst of large documents leaves no memory behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    ListValueNode,
    Node,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from api.graphql.cost import CostModel
from api.graphql.errors import BAD_INPUT, COST_LIMIT

__all__ = ["CACHED_DOCUMENT_CHARS", "DOCUMENT_CACHE_SIZE", "RequestLimits"]

DOCUMENT_CACHE_SIZE = 256
"""Distinct query documents whose validation is kept (least recently used go)."""
CACHED_DOCUMENT_CHARS = 20_000
"""Longest document whose validation is cached (front-ends send the same short ones)."""

_cached_validate = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(validate_document)


class RequestLimits(SchemaExtension):
    """Validate with a bounded cache and refuse what is too long, too large or too costly.

    Pass it as a factory over one shared :class:`CostModel`:

    Example:
        >>> model = CostModel(schema, {}, max_page_size=100)  # doctest: +SKIP
        >>> extensions = [lambda: RequestLimits(model, budget=10_000, max_string_length=10_000)]
    """

    def __init__(self, model: CostModel, *, budget: int, max_string_length: int) -> None:
        super().__init__()
        self.model = model
        self.budget = budget
        self.max_string_length = max_string_length

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        assert document is not None
        variables = context.variables or {}
        errors = long_strings(document, variables, self.max_string_length, query=context.query)
        if not errors:
            errors = self.over_limits(document, context.operation_name, variables)
        if not errors:
            validate: Callable[..., list[GraphQLError]] = (
                _cached_validate
                if len(context.query or "") <= CACHED_DOCUMENT_CHARS
                else validate_document
            )
            errors = validate(context.schema._schema, document, context.validation_rules)
        # Set before validation runs, so strawberry does not validate a second time.
        context.pre_execution_errors = errors
        yield

    def over_limits(
        self, document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any]
    ) -> list[GraphQLError]:
        cost = self.model.measure(document, operation_name, variables)
        if cost.oversized:
            cap = self.model.max_page_size
            return [
                _bad_input(
                    "page",
                    page.argument,
                    f"at most {cap} (REDGRID_MAX_PAGE_SIZE), not {page.value}",
                    page.node,
                )
                for page in cost.oversized
            ]
        if cost.total > self.budget:
            return [
                GraphQLError(
                    f"query cost {cost.total} exceeds the budget of {self.budget} "
                    f"(REDGRID_MAX_QUERY_COST); heaviest: {cost.heaviest()}",
                    extensions={"code": COST_LIMIT, "cost": cost.total, "budget": self.budget},
                )
            ]
        return []


BODY_BOUNDED = frozenset({"files"})
"""Arguments bounded by the request body limit alone (``importLedgers(files:)``: uploaded
ledgers, base64-encoded, are longer than any text argument)."""


def long_strings(
    document: DocumentNode, variables: Mapping[str, Any], limit: int, *, query: str | None = None
) -> list[GraphQLError]:
    """BAD_INPUT for each argument (or variable default) holding a string over ``limit``
    characters, whether written in the document or passed as a variable.

    The places a string can be (arguments, variable defaults) are found by walking the
    document once per distinct ``query`` text of at most :data:`CACHED_DOCUMENT_CHARS`
    characters (front-ends send the same few), then checked against each request's
    variables."""
    if query is not None and len(query) <= CACHED_DOCUMENT_CHARS:
        places = _cached_places(query, document)
    else:
        places = _places(document)
    errors = []
    for name, value, node in places:
        longest, via = max(_lengths(value, variables), default=(0, None))
        if longest > limit:
            given = f" (variable ${via})" if via else ""
            message = (
                f"at most {limit} characters (REDGRID_MAX_STRING_LENGTH), not {longest}{given}"
            )
            errors.append(_bad_input("arguments", name, message, node))
    return errors


type _Place = tuple[str, ValueNode, Node]
"""Where a string may be: the argument's (or ``$variable``'s) name, its value, its node."""

_PLACES: dict[str, tuple[_Place, ...]] = {}


def _cached_places(query: str, document: DocumentNode) -> tuple[_Place, ...]:
    found = _PLACES.get(query)
    if found is None:
        if len(_PLACES) >= DOCUMENT_CACHE_SIZE:
            _PLACES.pop(next(iter(_PLACES)))  # the oldest goes
        found = _PLACES[query] = _places(document)
    return found


def _places(document: DocumentNode) -> tuple[_Place, ...]:
    finder = _Places()
    visit(document, finder)
    return tuple(finder.places)


class _Places(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.places: list[_Place] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        if node.name.value not in BODY_BOUNDED:
            self.places.append((node.name.value, node.value, node))

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
        if node.default_value is not None:
            self.places.append((f"${node.variable.name.value}", node.default_value, node))


def _lengths(value: ValueNode, variables: Mapping[str, Any]) -> Iterator[tuple[int, str | None]]:
    """(length, variable name or None) of every string a value holds."""
    if isinstance(value, StringValueNode):
        yield len(value.value), None
    elif isinstance(value, VariableNode):
        name = value.name.value
        yield _longest(variables.get(name)), name
    elif isinstance(value, ListValueNode):
        for item in value.values:
            yield from _lengths(item, variables)
    elif isinstance(value, ObjectValueNode):
        for field in value.fields:
            yield from _lengths(field.value, variables)


def _longest(value: Any) -> int:
    """The length of the longest string in a JSON value (keys of objects included)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return max((_longest(item) for item in value), default=0)
    if isinstance(value, dict):
        return max((max(len(str(k)), _longest(v)) for k, v in value.items()), default=0)
    return 0


def _bad_input(subject: str, field: str, message: str, node: Node) -> GraphQLError:
    return GraphQLError(
        f"{subject}: {field}: {message}",
        nodes=[node],
        extensions={"code": BAD_INPUT, "fields": [{"field": field, "message": message}]},
    )
