"""The audit trail over GraphQL: ``history(uid)`` (what happened to one node) and
``audit(actor)`` (what one account did), for admins and investigators."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.context import Context
from graph.enums import UserRole
from queries import audit

AUDIT_READERS = (UserRole.ADMIN, UserRole.INVESTIGATOR)


@strawberry.type(description="One recorded change; entries are never edited or deleted.")
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

    @classmethod
    def of(cls, entry: audit.Entry) -> AuditEntryType:
        return cls(
            uid=entry.uid,
            at=entry.at,
            actor=entry.actor,
            request_id=entry.request_id,
            operation=entry.operation,
            target=entry.target,
            target_kind=entry.target_kind,
            before=fields_json(entry.before),
            after=fields_json(entry.after),
        )


def fields_json(fields: dict[str, Any] | None) -> JSON | None:
    """Changed fields (before or after a change) as the JSON scalar; null stays null."""
    return None if fields is None else JSON(fields)


FIRST = strawberry.argument(description="At most this many, newest first (capped).")


async def resolve_history(
    info: Info[Context, None],
    uid: Annotated[str, strawberry.argument(description="Uid of any node.")],
    first: Annotated[int, FIRST] = 50,
) -> list[AuditEntryType]:
    info.context.require(*AUDIT_READERS)
    limit = info.context.page_size(first)
    entries = await run_in_threadpool(audit.history, info.context.engine, uid, limit=limit)
    return [AuditEntryType.of(e) for e in entries]


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
    info.context.require(*AUDIT_READERS)
    limit = info.context.page_size(first)
    entries = await run_in_threadpool(
        lambda: audit.by_actor(info.context.engine, actor, since=since, until=until, limit=limit)
    )
    return [AuditEntryType.of(e) for e in entries]
