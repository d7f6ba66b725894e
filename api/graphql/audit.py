"""The audit trail over GraphQL: ``history(uid)`` (what happened to one node) and
``audit(actor)`` (what one account did), for admins and investigators."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.views import shown, view
from graph.enums import UserRole
from queries import audit
from queries.authority import audit_hidden

AUDIT_READERS = (UserRole.ADMIN, UserRole.INVESTIGATOR)


@view(audit.Entry, description="One recorded change; entries are never edited or deleted.")
class AuditEntryType:
    uid: str = strawberry.field(description="Entry id (sorts by creation).")
    at: str = strawberry.field(description="When (ISO-8601 UTC).")
    actor: str = strawberry.field(description="The account (or `cli:<user>`, `system`).")
    request_id: str | None = strawberry.field(description="The HTTP request, if any.")
    operation: str = strawberry.field(description="What was done, e.g. `assign_owner`.")
    target: str = strawberry.field(description="Uid of the node changed.")
    target_kind: str = strawberry.field(description="Its label.")
    before: JSON | None = strawberry.field(description="Changed fields before (null: created).")
    after: JSON | None = strawberry.field(description="Changed fields after (null: removed).")


def fields_json(fields: dict[str, Any] | None) -> JSON | None:
    """Changed fields (before or after a change) as the JSON scalar; null stays null."""
    return None if fields is None else JSON(fields)


async def _hidden(context: Context) -> frozenset[str]:
    """The operations the reader may not see; FORBIDDEN when they read no audit trail."""
    hidden = audit_hidden((await context.reach()).caller())
    if hidden is None:
        context.require(*AUDIT_READERS)
    return hidden or frozenset()


FIRST = strawberry.argument(description="At most this many, newest first (capped).")


async def resolve_history(
    info: Info[Context, None],
    uid: Annotated[str, strawberry.argument(description="Uid of any node.")],
    first: Annotated[int, FIRST] = 50,
) -> list[AuditEntryType]:
    hidden = await _hidden(info.context)
    limit = info.context.page_size(first)
    entries = await run_in_threadpool(
        partial(audit.history, info.context.engine, uid, limit=limit, hidden=hidden)
    )
    return [shown(AuditEntryType, e) for e in entries]


async def resolve_audit(
    info: Info[Context, None],
    actor: Annotated[str, strawberry.argument(description="Account name.")],
    since: Annotated[
        str | None, strawberry.argument(description="From (a date: its start).")
    ] = None,
    until: Annotated[
        str | None, strawberry.argument(description="Up to (a date: its end).")
    ] = None,
    first: Annotated[int, FIRST] = 50,
) -> list[AuditEntryType]:
    hidden = await _hidden(info.context)
    limit = info.context.page_size(first)
    entries = await run_in_threadpool(
        partial(audit.by_actor, info.context.engine, actor, since=since, until=until,
                limit=limit, hidden=hidden)
    )  # fmt: skip
    return [shown(AuditEntryType, e) for e in entries]
