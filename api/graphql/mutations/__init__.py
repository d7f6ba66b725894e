"""Mutations: changing the grid (``writes.changes``), running its workflows
(``writes.workflows``) and managing accounts, each checked against the caller's role and
reach before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context


async def run_change(
    info: Info[Context, None], call: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """``call(engine, actor, *args, **kwargs)`` on a worker thread, as the request's caller
    (their account and request id go into the audit entry)."""
    context = info.context
    return await run_in_threadpool(
        partial(call, context.engine, context.principal.actor, *args, **kwargs)
    )
