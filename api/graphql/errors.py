"""Typed, safe GraphQL errors: every error carries ``extensions.code``; only errors raised on
purpose keep their message, anything unexpected becomes "Internal error" with no details.

| code | when | extensions |
|---|---|---|
| ``NOT_FOUND`` | a uid names no node of the expected kind (``NotFoundError``) | ``code`` |
| ``BAD_INPUT`` | an argument value is wrong (``ValidationError``) | ``code``, ``fields`` |
| ``FORBIDDEN`` | the caller may not see this (:class:`ForbiddenError`) | ``code`` |
| ``CONFLICT`` | the data changed since it was read; nothing was written | ``code`` |
| ``ENGINE_UNAVAILABLE`` | the database is down or restarting; retry later (HTTP 503) | ``code`` |
| ``DISK_FULL`` | the disk of the data directory is full: writes are refused, reads work
  (HTTP 503) | ``code`` |
| ``BAD_QUERY`` | the document does not parse or validate, exceeds a limit, or a variable
  does not fit its type | ``code`` |
| ``COST_LIMIT`` | the operation would cost more than the budget (``api.graphql.limits``)
  | ``code``, ``cost``, ``budget`` |
| ``INTERNAL`` | anything else; the server log holds the details | ``code`` |

Errors of the HTTP request itself (``api.http_errors``) use the same shape and these codes:
``BAD_REQUEST``, ``METHOD_NOT_ALLOWED``, ``UNSUPPORTED_MEDIA_TYPE``, ``PAYLOAD_TOO_LARGE``,
``BATCHING_NOT_SUPPORTED``, ``PERSISTED_QUERY_NOT_FOUND``, ``CORS_REJECTED``, ``NOT_FOUND``.

Example:
    >>> schema = strawberry.Schema(query=Query, extensions=[ErrorCodes])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.types.execution import ExecutionResult

from graph.errors import (
    ConflictError,
    DiskFull,
    EngineUnavailable,
    NotFoundError,
    ValidationError,
)

__all__ = [
    "BAD_INPUT",
    "BAD_QUERY",
    "CONFLICT",
    "COST_LIMIT",
    "DISK_FULL",
    "ENGINE_UNAVAILABLE",
    "FORBIDDEN",
    "INTERNAL",
    "INTERNAL_MESSAGE",
    "NOT_FOUND",
    "ErrorCodes",
    "ForbiddenError",
    "Permission",
    "camel",
    "coded",
    "is_unexpected",
]

NOT_FOUND = "NOT_FOUND"
BAD_INPUT = "BAD_INPUT"
FORBIDDEN = "FORBIDDEN"
BAD_QUERY = "BAD_QUERY"
CONFLICT = "CONFLICT"
ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE"
DISK_FULL = "DISK_FULL"
UNAVAILABLE_CODES = frozenset({ENGINE_UNAVAILABLE, DISK_FULL})
"""Codes that make the HTTP response a 503: the request may succeed later as it is."""
COST_LIMIT = "COST_LIMIT"
INTERNAL = "INTERNAL"
INTERNAL_MESSAGE = "Internal error"


class ForbiddenError(GraphQLError):
    """The caller is not allowed to read what they asked for (code ``FORBIDDEN``).

    Raise it from a resolver, or let a :class:`Permission` raise it.

    Example:
        >>> ForbiddenError("health records are restricted").extensions
        {'code': 'FORBIDDEN'}
    """

    def __init__(self, message: str = "Forbidden", **kwargs: Any) -> None:
        extensions = {**(kwargs.pop("extensions", None) or {}), "code": FORBIDDEN}
        super().__init__(message, extensions=extensions, **kwargs)


class Permission(BasePermission):
    """Base of RedGrid's permission classes: a refusal is a ``FORBIDDEN`` error.

    Example:
        >>> class IsPlanner(Permission):
        ...     message = "planners only"
        ...
        ...     def has_permission(self, source, info, **kwargs):
        ...         return "planner" in info.context.roles
    """

    error_class = ForbiddenError
    message = "Forbidden"


def camel(name: str) -> str:
    """The GraphQL spelling of a Python argument name.

    Example:
        >>> camel("overload_threshold"), camel("uid")
        ('overloadThreshold', 'uid')
    """
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def is_unexpected(error: GraphQLError) -> bool:
    """True for errors nobody raised on purpose: they become ``INTERNAL``."""
    original = error.original_error
    return original is not None and not isinstance(
        original,
        NotFoundError
        | ValidationError
        | ConflictError
        | EngineUnavailable
        | DiskFull
        | GraphQLError,
    )


def coded(error: GraphQLError) -> GraphQLError:
    """``error`` as the client may see it: with a code, and masked when unexpected."""
    original = error.original_error
    if isinstance(original, NotFoundError):
        return _with(error, str(original), {"code": NOT_FOUND})
    if isinstance(original, ConflictError):
        return _with(error, str(original), {"code": CONFLICT})
    if isinstance(original, EngineUnavailable):
        return _with(error, str(original), {"code": ENGINE_UNAVAILABLE})
    if isinstance(original, DiskFull):
        return _with(error, str(original), {"code": DISK_FULL})
    if isinstance(original, ValidationError):
        fields = [{"field": camel(e.field), "message": e.message} for e in original.errors]
        message = f"{original.subject}: " + "; ".join(
            f"{f['field']}: {f['message']}" for f in fields
        )
        return _with(error, message, {"code": BAD_INPUT, "fields": fields})
    if not is_unexpected(error):
        # Raised on purpose by graphql-core, strawberry or our own code (syntax, validation,
        # limits, variable coercion, permissions): readable as it is.
        if not (error.extensions or {}).get("code"):
            code = (getattr(original, "extensions", None) or {}).get("code", BAD_QUERY)
            error.extensions = {**(error.extensions or {}), "code": code}
        return error
    return _with(error, INTERNAL_MESSAGE, {"code": INTERNAL})


def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class ErrorCodes(SchemaExtension):
    """Give every error a code and mask the unexpected ones (see the module docstring).

    strawberry logs each original error (with its stack trace) before this runs, so the
    server log keeps what the client does not see.
    """

    def on_parse(self) -> Iterator[None]:
        yield
        self._code_in_place()

    def on_validate(self) -> Iterator[None]:
        yield
        self._code_in_place()

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | ExecutionResult) and result.errors:
            result.errors = [coded(error) for error in result.errors]

    def _code_in_place(self) -> None:
        # Parse and validation failures are returned without passing through
        # ``on_operation``'s result; they carry no original error, so coding them in place
        # is all they need.
        for error in self.execution_context.pre_execution_errors or []:
            coded(error)
