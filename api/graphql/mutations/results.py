"""What a mutation returns: the change as its audit entry records it, and the node after."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.audit import fields_json
from api.graphql.context import Context
from api.graphql.entities import ENTITY_TYPES, Entity
from writes.results import Change, Restructure


@strawberry.type(description="One applied change, as recorded in the audit trail.")
class ChangeType:
    operation: str = strawberry.field(description="What was done, e.g. `assign_owner`.")
    uid: str = strawberry.field(description="The node the change is recorded against.")
    kind: str = strawberry.field(description="Its label.")
    before: JSON | None = strawberry.field(description="Changed fields before (null: new).")
    after: JSON | None = strawberry.field(description="Changed fields after.")
    audit: str | None = strawberry.field(
        description="Uid of the audit entry the change wrote (null only for an update that "
        "changed nothing)."
    )
    then: ChangeType | None = strawberry.field(
        description="A change the workflow made right after (a big problem's escalation)."
    )
    _props: strawberry.Private[dict[str, Any] | None]

    @strawberry.field(description="The node after the change (null when out of your reach).")
    async def node(self, info: Info[Context, None]) -> Entity | None:
        if self.kind not in ENTITY_TYPES or not await info.context.sees(self.kind, self.uid):
            return None
        if self._props is not None:
            return ENTITY_TYPES[self.kind].from_props(self._props)
        record = await info.context.loaders.nodes.load(self.uid)
        return ENTITY_TYPES[record.label].from_props(record.props) if record else None


@strawberry.type(description="A merge or a split: the steps this call applied, in order.")
class RestructureType:
    operation: str = strawberry.field(description="merge_cells, split_cell…")
    source: str = strawberry.field(description="The unit merged or split.")
    target: str = strawberry.field(description="The unit merged into or split off.")
    changes: list[ChangeType] = strawberry.field(
        description="Each step (its own audit entry); fewer when a re-run resumed."
    )


def of_change(change: Change) -> ChangeType:
    """A change (and, for a workflow step, the one it triggered right after)."""
    return ChangeType(
        operation=change.operation,
        uid=change.uid,
        kind=change.label,
        before=fields_json(change.before),
        after=fields_json(change.after),
        audit=change.audit,
        then=of_change(change.followed_by) if change.followed_by else None,
        _props=change.props,
    )


def of_restructure(result: Restructure) -> RestructureType:
    return RestructureType(
        operation=result.operation,
        source=result.source,
        target=result.target,
        changes=[of_change(c) for c in result.changes],
    )
