"""Answers to costly read-only operations kept while the data stays the same, so that a
console page many people open (a page of 50 cells with heads and officers: ~20 ms of
GraphQL execution) is worked out once rather than for each of them.

An answer is kept per process under everything that decides it: the query text, the
operation, the variables, who asks (username, role and the person they act as, which decide
their reach) and the day "now" falls on — and under the **data version**
(:func:`queries.coverage.data_version`: how many nodes, relationships and audit entries the
graph holds). Every change made through RedGrid, in any process, writes an audit entry, so
a change moves the version and the next request executes again. An answer is stored only
when the version read after executing equals the one read before: an answer that raced a
change, or that wrote something itself (a read of health records is audited, so it is
never kept), is not kept.

Only what is worth it is kept: a query whose execution took at least ``min_ms`` becomes a
candidate (nothing stored, no version read); from its next request on its answers are kept.
Cheap operations (a trace, a lookup) therefore never pay for the two version reads. Mutations,
answers with errors and answers over :data:`MAX_ANSWER_BYTES` are never kept; in all at most
:data:`MAX_KEPT_BYTES` and :data:`MAX_KEPT` answers per process, least recently used
dropped first. An answer is kept at
most ``max_age_s`` seconds (``REDGRID_RESPONSE_CACHE_S``; 0 turns this off), which bounds
what a change made outside RedGrid (by hand, in the engine, leaving the counts unchanged)
could leave unseen.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.concurrency import run_in_threadpool
from strawberry.types import ExecutionResult

from api.graphql.context import Context
from api.graphql.limits import CACHED_DOCUMENT_CHARS
from queries.clock import day
from queries.coverage import data_version

__all__ = ["MAX_ANSWER_BYTES", "MAX_KEPT", "MAX_KEPT_BYTES", "ResponseCache"]

MAX_ANSWER_BYTES = 1 << 20
"""Largest answer kept (its JSON)."""
MAX_KEPT_BYTES = 64 << 20
"""All answers kept by one process together."""
MAX_KEPT = 4096
"""Answers and candidates kept by one process."""

type _Key = tuple[Any, ...]


@dataclass(slots=True)
class _Kept:
    """A candidate (``data`` None) or a kept answer with the version it was read at."""

    since: float
    version: tuple[int, ...] | None = None
    data: dict[str, Any] | None = None
    size: int = 0


class ResponseCache:
    """The kept answers of one API process (see the module docstring).

    Example:
        >>> cache = ResponseCache(max_age_s=30, min_ms=10)
        >>> result, hit = await cache.answer(context, query, None, {}, execute)  # doctest: +SKIP
    """

    def __init__(self, *, max_age_s: float, min_ms: float) -> None:
        self.max_age_s = max_age_s
        self.min_ms = min_ms
        self._kept: OrderedDict[_Key, _Kept] = OrderedDict()
        self._bytes = 0

    async def answer(
        self,
        context: Context,
        query: str | None,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        execute: Callable[[], Awaitable[ExecutionResult]],
    ) -> tuple[ExecutionResult, bool]:
        """The result of ``execute()``, or the kept answer to the same request while the
        data version has not moved; True when it was kept."""
        if self.max_age_s <= 0 or not query or len(query) > CACHED_DOCUMENT_CHARS:
            return await execute(), False
        declared = _query_variables(query, operation_name)
        key = None if declared is None else self._key(context, query, operation_name, {
            name: value for name, value in (variables or {}).items() if name in declared
        })  # fmt: skip
        if key is None:
            return await execute(), False
        kept = self._kept.get(key)
        now = time.monotonic()
        if kept is not None and now - kept.since >= self.max_age_s:
            self._drop(key)
            kept = None
        before = None if kept is None else await self._version(context)
        if kept is not None and kept.data is not None and kept.version == before:
            self._kept.move_to_end(key)
            return ExecutionResult(data=kept.data, errors=None), True
        started = time.perf_counter()
        result = await execute()
        took_ms = (time.perf_counter() - started) * 1000
        if result.errors or result.data is None:
            return result, False
        if before is None:
            if took_ms >= self.min_ms:
                self._store(key, _Kept(since=now))
        elif await self._version(context) == before:
            self._store(key, _Kept(since=now, version=before, data=result.data))
        return result, False

    def _key(
        self,
        context: Context,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any],
    ) -> _Key | None:
        try:
            values = json.dumps(variables, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):
            return None
        principal = context.principal
        return (query, operation_name, values, principal.username, principal.role,
                principal.person, day(None))  # fmt: skip

    @staticmethod
    async def _version(context: Context) -> tuple[int, ...]:
        return await run_in_threadpool(data_version, context.engine)

    def _store(self, key: _Key, kept: _Kept) -> None:
        if kept.data is not None:
            kept.size = len(json.dumps(kept.data, ensure_ascii=False).encode())
            if kept.size > MAX_ANSWER_BYTES:
                self._drop(key)
                return
        self._drop(key)
        self._kept[key] = kept
        self._bytes += kept.size
        while self._kept and (self._bytes > MAX_KEPT_BYTES or len(self._kept) > MAX_KEPT):
            _, oldest = self._kept.popitem(last=False)
            self._bytes -= oldest.size

    def _drop(self, key: _Key) -> None:
        kept = self._kept.pop(key, None)
        if kept is not None:
            self._bytes -= kept.size


@lru_cache(maxsize=256)
def _query_variables(query: str, operation_name: str | None) -> frozenset[str] | None:
    """The variables the operation ``query`` runs (by ``operation_name``) declares, when it
    is a query; None for anything else (a mutation, a text that does not parse). Variables
    sent but not declared change nothing in the answer, so they are no part of its key."""
    try:
        operation = get_operation_ast(parse(query, no_location=True), operation_name)
    except GraphQLError:
        return None
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    return frozenset(v.variable.name.value for v in operation.variable_definitions or ())
