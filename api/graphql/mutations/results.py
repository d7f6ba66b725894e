"""What a mutation returns: views of the write package's results — the change as its
audit entry records it, and the node after (``api.graphql.views``)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.audit import fields_json
from api.graphql.context import Context
from api.graphql.entities import ENTITY_TYPES, Entity
from api.graphql.views import view
from queries.users import Account
from writes.results import Change, Restructure


@view(Change, description="One applied change, as recorded in the audit trail.")
class ChangeType:
    operation: str = strawberry.field(description="What was done, e.g. `assign_owner`.")
    uid: str = strawberry.field(description="The node the change is recorded against.")
    audit: str | None = strawberry.field(
        description="Uid of the audit entry the change wrote (null only for an update that "
        "changed nothing)."
    )
    at: str | None = strawberry.field(
        description="When it takes effect, as its audit entry records it (ISO-8601, UTC)."
    )
    actor: str | None = strawberry.field(
        description="Who made it (the account's username), as its audit entry records it."
    )

    @strawberry.field(description="Its label.")
    def kind(self, root: strawberry.Parent[Change]) -> str:
        return root.label

    @strawberry.field(description="Changed fields before (null: new).")
    def before(self, root: strawberry.Parent[Change]) -> JSON | None:
        return fields_json(root.before)

    @strawberry.field(description="Changed fields after.")
    def after(self, root: strawberry.Parent[Change]) -> JSON | None:
        return fields_json(root.after)

    @strawberry.field(
        description="A change the workflow made right after (a big problem's escalation)."
    )
    def then(self, root: strawberry.Parent[Change]) -> ChangeType | None:
        return root.followed_by  # type: ignore[return-value]

    @strawberry.field(description="The node after the change (null when out of your reach).")
    async def node(
        self, root: strawberry.Parent[Change], info: Info[Context, None]
    ) -> Entity | None:
        label, uid = root.label, root.uid
        if label not in ENTITY_TYPES or not await info.context.sees(label, uid):
            return None
        if root.props is not None:
            return ENTITY_TYPES[label].from_props(root.props)
        record = await info.context.loaders.nodes.load(uid)
        return ENTITY_TYPES[record.label].from_props(record.props) if record else None


@view(Restructure, description="A merge or a split: the steps this call applied, in order.")
class RestructureType:
    operation: str = strawberry.field(description="merge_cells, split_cell…")
    source: str = strawberry.field(description="The unit merged or split.")
    target: str = strawberry.field(description="The unit merged into or split off.")
    changes: list[ChangeType] = strawberry.field(
        description="Each step (its own audit entry); fewer when a re-run resumed."
    )


@view(Account, description="An account (never its password).")
class UserType:
    username: str = strawberry.field(description="Login name.")
    role: str = strawberry.field(description="admin, planner, investigator, head or member.")
    person: str | None = strawberry.field(description="Uid of the person it acts as.")
    active: bool = strawberry.field(description="False when locked out.")
