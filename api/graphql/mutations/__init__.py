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
from graph.errors import HoldersChanged


async def run_change(
    info: Info[Context, None], call: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """``call(engine, actor, *args, **kwargs)`` on a worker thread, as the request's caller
    (their account and request id go into the audit entry). A conflict over a post's
    holders counts, rather than names, the holders outside the caller's reach."""
    context = info.context
    try:
        return await run_in_threadpool(
            partial(call, context.engine, context.principal.actor, *args, **kwargs)
        )
    except HoldersChanged as conflict:
        hidden = {uid for uid in conflict.now if await context.loaders.nodes.load(uid) is None}
        if not hidden:
            raise
        raise conflict.hiding(hidden) from None
