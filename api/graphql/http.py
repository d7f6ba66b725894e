"""GraphQL over HTTP as the spec (graphql-over-http) has it, on strawberry's FastAPI router.

- ``Accept: application/graphql-response+json`` is answered with that media type; a request
  that never reached execution (parse, validation, limits, variable coercion) then has no
  ``data`` and status 400. Under ``application/json`` (the default) it stays 200, and in
  both ``data`` is absent for such errors.
- Every error of the HTTP request itself (body not JSON, no query, batching, wrong method or
  content type) is JSON in GraphQL's shape with a code (``api.http_errors``), never text.
- Automatic persisted queries (Apollo's protocol, ``extensions.persistedQuery``): a known
  ``sha256Hash`` stands for its query; an unknown one is ``PERSISTED_QUERY_NOT_FOUND``, on
  which Apollo's link sends the query with its hash, and it is kept (bounded, per process).
- An answer whose errors say the engine is down or its disk full is a 503 with Retry-After.
- A costly query's answer is kept while the data stays the same
  (``api.graphql.response_cache``); such an answer carries ``RedGrid-Cache: hit``.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Awaitable
from typing import Any, cast

from cross_web import HTTPException
from fastapi import Request, Response, WebSocket
from graphql import GraphQLError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from api.graphql.context import Context
from api.graphql.errors import UNAVAILABLE_CODES
from api.graphql.response_cache import ResponseCache
from api.http_errors import (
    BAD_REQUEST,
    BATCHING_NOT_SUPPORTED,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    PERSISTED_QUERY_NOT_FOUND,
    UNSUPPORTED_MEDIA_TYPE,
    error_response,
)

__all__ = ["CACHE_HEADER", "GRAPHQL_RESPONSE", "GraphQLHTTPRouter", "wants_graphql_response"]

GRAPHQL_RESPONSE = "application/graphql-response+json"
RETRY_AFTER_S = "5"
CACHE_HEADER = "RedGrid-Cache"
"""Set to ``hit`` on an answer kept from an earlier request (api.graphql.response_cache)."""
PERSISTED_QUERIES = 1000
"""Queries kept for automatic persisted queries, per process (least recently used go)."""
PERSISTED_QUERY_CHARS = 20_000
"""Longest query kept: a longer one is simply sent in full each time."""

_REQUEST_ERROR = "graphql_request_error"
"""``request.state`` flag: the answer has errors from before execution and no data."""


def wants_graphql_response(accept: str | None) -> bool:
    """True when ``Accept`` prefers ``application/graphql-response+json`` to
    ``application/json`` (ties go to the newer type, as the spec suggests).

    Example:
        >>> wants_graphql_response("application/graphql-response+json, application/json;q=0.9")
        True
    """
    best: dict[str, float] = {}
    for part in (accept or "").split(","):
        media, *params = (item.strip() for item in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        best[media.lower()] = max(quality, best.get(media.lower(), 0.0))
    ours = best.get(GRAPHQL_RESPONSE, 0.0)
    return ours > 0 and ours >= max(best.get("application/json", 0.0), best.get("*/*", 0.0))


def _before_execution(result: ExecutionResult) -> bool:
    """Errors from before execution began: parse, validation, limits, or (from graphql-core's
    execute, without a path) variable coercion."""
    if isinstance(result, PreExecutionError):
        return True
    return (
        result.data is None
        and bool(result.errors)
        and all(e.path is None for e in result.errors or [])
    )


def _request_error(exc: HTTPException) -> Response:
    """strawberry's request-level refusals, as JSON with a code and the right status."""
    cause = exc.__cause__
    if isinstance(cause, InvalidOperationTypeError):
        return error_response(405, exc.reason, METHOD_NOT_ALLOWED, headers={"Allow": "POST"})
    if exc.reason == "Unsupported content type":
        message = "the request body must be application/json"
        return error_response(415, message, UNSUPPORTED_MEDIA_TYPE)
    if exc.reason == "Batching is not enabled":
        message = "batching is not supported: send one operation per request"
        return error_response(400, message, BATCHING_NOT_SUPPORTED)
    if exc.status_code == 405:
        return error_response(405, exc.reason, METHOD_NOT_ALLOWED, headers={"Allow": "GET, POST"})
    if exc.status_code == 404:
        return error_response(404, exc.reason, NOT_FOUND)
    return error_response(exc.status_code, exc.reason, BAD_REQUEST)


class GraphQLHTTPRouter(GraphQLRouter[Context, None]):
    """strawberry's router speaking GraphQL over HTTP (see the module docstring).

    Example:
        >>> app.include_router(GraphQLHTTPRouter(schema, context_getter=...), prefix="/graphql")
    """

    def __init__(self, *args: Any, answers: ResponseCache, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.persisted: OrderedDict[str, str] = OrderedDict()
        self.answers = answers

    async def run(  # type: ignore[override]
        self,
        request: Request | WebSocket,
        context: Context = UNSET,
        root_value: None = UNSET,
    ) -> Response | WebSocket:
        if isinstance(request, WebSocket):
            return await super().run(request, context, root_value)
        try:
            response = await super().run(request, context, root_value)
        except HTTPException as exc:
            return _request_error(exc)
        if wants_graphql_response(request.headers.get("accept")):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if getattr(request.state, _REQUEST_ERROR, False) and response.status_code == 200:
                response.status_code = 400
        return response

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET of a persisted query has no ``query`` either: it is not asking for an IDE.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        try:
            return await super().parse_http_body(request)
        except AttributeError:  # a JSON body that is neither an object nor a list
            raise HTTPException(400, "the request body must be a JSON object") from None
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8") from None

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data)
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"malformed JSON: {exc}") from None

    async def execute_single(  # type: ignore[override]
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        refused = self._persisted_query(request_data)
        if refused is not None:
            return refused

        def execute() -> Awaitable[ExecutionResult]:
            return super(GraphQLHTTPRouter, self).execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )

        result, kept = await self.answers.answer(
            context, request_data.query, request_data.operation_name, request_data.variables,
            execute,
        )  # fmt: skip
        if kept:
            sub_response.headers[CACHE_HEADER] = "hit"
        return result

    def _persisted_query(self, request_data: GraphQLRequestData) -> ExecutionResult | None:
        """Fill in or remember the query of an automatic persisted query; an error result
        when the hash is unknown or does not match."""
        persisted = (request_data.extensions or {}).get("persistedQuery")
        if not isinstance(persisted, dict):
            return None
        digest = persisted.get("sha256Hash")
        if persisted.get("version") != 1 or not isinstance(digest, str):
            return _refused("persistedQuery: version 1 with a sha256Hash is supported", BAD_REQUEST)
        query = request_data.query
        if query is None:
            known = self.persisted.get(digest)
            if known is None:
                return _refused("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
            self.persisted.move_to_end(digest)
            request_data.query = known
            return None
        if hashlib.sha256(query.encode()).hexdigest() != digest:
            return _refused("persistedQuery: sha256Hash does not match the query", BAD_REQUEST)
        if len(query) <= PERSISTED_QUERY_CHARS:
            self.persisted[digest] = query
            self.persisted.move_to_end(digest)
            while len(self.persisted) > PERSISTED_QUERIES:
                self.persisted.popitem(last=False)
        return None

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed = process_result(result)
        if _before_execution(result):
            processed.pop("data", None)
            setattr(request.state, _REQUEST_ERROR, True)
        return processed

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        results = response_data if isinstance(response_data, list) else [response_data]
        codes = {
            (error.get("extensions") or {}).get("code")
            for result in results
            for error in cast(list[dict[str, Any]], result.get("errors") or [])
        }
        if codes & UNAVAILABLE_CODES:
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = RETRY_AFTER_S
        return super().create_response(response_data, sub_response)


def _refused(message: str, code: str) -> PreExecutionError:
    return PreExecutionError(data=None, errors=[GraphQLError(message, extensions={"code": code})])
