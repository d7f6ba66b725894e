"""Mutations that change the grid itself: nodes, posts (temporal assignments), moves,
merges and splits. Each is one guarded statement with its audit entry (or, for merges and
splits, a resumable sequence of them); see docs/changes.md."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.mutations import run_change
from api.graphql.mutations.results import ChangeType, RestructureType
from api.graphql.views import shown
from graph.model import NODE_CLASSES
from queries.visibility import HIDDEN
from writes import changes

NodeKind: Any = strawberry.enum(  # type: ignore[call-overload]
    Enum(  # type: ignore[misc]
        "NodeKind",
        {
            c.__name__: strawberry.enum_value(
                c.__name__, description=(c.__doc__ or c.__name__).strip().splitlines()[0]
            )
            for c in NODE_CLASSES
            if c.__name__ not in HIDDEN
        },
    ),
    description="A kind of node that mutations create, update and retire.",
)

if TYPE_CHECKING:
    Kind = Enum  # the members are made from the schema of record at import time
else:
    Kind = NodeKind

AT = strawberry.argument(
    description="When the change takes effect (ISO-8601; a bare date is its start); now if omitted."
)
UID = strawberry.argument(description="Uid of the node.")
PERSON = strawberry.argument(description="Uid of the person who takes the post.")
EXPECTED = strawberry.argument(
    description="The holders you read (uids; [] for none): CONFLICT, nothing written, when the "
    "post has changed since. Omitted: not checked."
)
REV = strawberry.argument(description="The revision you read; CONFLICT if it moved on.")


async def _change(
    info: Info[Context, None], call: Callable[..., Any], *args: Any, **kwargs: Any
) -> ChangeType:
    """Run a change as the caller and serve its result."""
    return shown(ChangeType, await run_change(info, call, *args, **kwargs))


def _fields(value: Any) -> dict[str, Any]:
    """A JSON argument holding fields, as a dict (null: none)."""
    return dict(value or {})


@strawberry.type(description="Changes to the grid (admins anywhere; heads inside their subtrees).")
class GridMutation:
    @strawberry.mutation(
        description="Create a node; `props` are its fields as in docs/model.md (snake_case). "
        "Links are made afterwards (moveObject, assign…), or at once with `cell`."
    )
    async def create_node(
        self, info: Info[Context, None], kind: Kind, props: JSON,
        cell: Annotated[str | None, strawberry.argument(
            description="Attach the new node to this cell at once (heads must).")] = None,
        at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.create, kind.value, _fields(props), cell=cell, at=at)

    @strawberry.mutation(description="Change some fields of a node (null clears an optional "
                         "one); `rev` guards against editing a stale copy.")  # fmt: skip
    async def update_node(
        self, info: Info[Context, None], kind: Kind, uid: Annotated[str, UID], patch: JSON,
        rev: Annotated[int | None, REV] = None,
        at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.update, kind.value, uid, _fields(patch), rev=rev, at=at)

    @strawberry.mutation(description="Retire a node: its open posts close, it is never deleted.")
    async def retire_node(
        self, info: Info[Context, None], kind: Kind, uid: Annotated[str, UID], reason: str,
        rev: Annotated[int | None, REV] = None, at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.retire, kind.value, uid, reason, rev=rev, at=at)

    @strawberry.mutation(
        description="Hand an object, risk point, hazard or problem to a new owner."
    )
    async def assign_owner(
        self, info: Info[Context, None], uid: Annotated[str, UID],
        person: Annotated[str, PERSON], at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.assign_owner, uid, person, at=at, expected=expected)

    @strawberry.mutation(description="Give a net or a cell a new head (网长/格长).")
    async def assign_head(
        self, info: Info[Context, None], unit: str, person: Annotated[str, PERSON],
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.assign_head, unit, person, at=at, expected=expected)

    @strawberry.mutation(description="Give a micro-cell a new lead (微格长).")
    async def assign_lead(
        self, info: Info[Context, None], micro_cell: str, person: Annotated[str, PERSON],
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(
            info, changes.assign_lead, micro_cell, person, at=at, expected=expected
        )

    @strawberry.mutation(description="Move a person to another micro-cell (one at a time).")
    async def move_member(
        self, info: Info[Context, None], person: str, micro_cell: str,
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(
            info, changes.move_member, person, micro_cell, at=at, expected=expected
        )

    @strawberry.mutation(description="Give one of a cell's eight officer roles to a person.")
    async def assign_officer(
        self, info: Info[Context, None], cell: str, role: str, person: Annotated[str, PERSON],
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(
            info, changes.assign_officer, cell, role, person, at=at, expected=expected
        )

    @strawberry.mutation(description="Give a duty a new assignee (六要素: 人).")
    async def assign_duty(
        self, info: Info[Context, None], duty: str, person: Annotated[str, PERSON],
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.assign_duty, duty, person, at=at, expected=expected)

    @strawberry.mutation(description="Put an object under a standard (专标).")
    async def add_standard(
        self, info: Info[Context, None], uid: Annotated[str, UID], standard: str,
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.add_standard, uid, standard, at=at, expected=expected)

    @strawberry.mutation(description="Withdraw a standard from an object (the link is closed).")
    async def withdraw_standard(
        self, info: Info[Context, None], uid: Annotated[str, UID], standard: str,
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(
            info, changes.withdraw_standard, uid, standard, at=at, expected=expected
        )

    @strawberry.mutation(description="Move a cell to another level-4 net, a micro-cell to "
                         "another cell, or a net under another parent (history kept).")  # fmt: skip
    async def move_unit(
        self, info: Info[Context, None], unit: str, parent: str,
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(info, changes.move_unit, unit, parent, at=at, expected=expected)

    @strawberry.mutation(description="Move an object (device, area, work item…) to another cell.")
    async def move_object(
        self, info: Info[Context, None], kind: Kind, uid: Annotated[str, UID], cell: str,
        at: Annotated[str | None, AT] = None,
        expected: Annotated[list[str] | None, EXPECTED] = None,
    ) -> ChangeType:  # fmt: skip
        return await _change(
            info, changes.move_object, kind.value, uid, cell, at=at, expected=expected
        )

    @strawberry.mutation(description="Merge a cell into another: everything moves, the source "
                         "retires. Re-run to resume after an interruption.")  # fmt: skip
    async def merge_cells(
        self, info: Info[Context, None], source: str, target: str, reason: str | None = None,
        at: Annotated[str | None, AT] = None,
    ) -> RestructureType:  # fmt: skip
        result = await run_change(info, changes.merge_cells, source, target, reason=reason, at=at)
        return shown(RestructureType, result)

    @strawberry.mutation(description="Split a cell: a new cell (`new`: its fields) in the same "
                         "net takes the micro-cells (and objects) named.")  # fmt: skip
    async def split_cell(
        self, info: Info[Context, None], cell: str, new: JSON, micro_cells: list[str],
        objects: list[str] | None = None, at: Annotated[str | None, AT] = None,
    ) -> RestructureType:  # fmt: skip
        result = await run_change(info, changes.split_cell, cell, _fields(new), micro_cells,
                              list(objects or ()), at=at)  # fmt: skip
        return shown(RestructureType, result)

    @strawberry.mutation(
        description="Merge a micro-cell into another: members move, the source retires."
    )
    async def merge_micro_cells(
        self, info: Info[Context, None], source: str, target: str, reason: str | None = None,
        at: Annotated[str | None, AT] = None,
    ) -> RestructureType:  # fmt: skip
        result = await run_change(info, changes.merge_micro_cells, source, target, reason=reason,
                              at=at)  # fmt: skip
        return shown(RestructureType, result)

    @strawberry.mutation(description="Split a micro-cell: a new one takes the members named.")
    async def split_micro_cell(
        self, info: Info[Context, None], micro_cell: str, new: JSON, members: list[str],
        lead: str | None = None, at: Annotated[str | None, AT] = None,
    ) -> RestructureType:  # fmt: skip
        result = await run_change(info, changes.split_micro_cell, micro_cell, _fields(new),
                              members, lead=lead, at=at)  # fmt: skip
        return shown(RestructureType, result)
