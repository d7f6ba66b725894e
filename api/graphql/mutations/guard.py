"""Who may change what: admins anything; heads what lies in the subtrees they head (not
the nets above them); members only report problems in their own cell; planners and
investigators nothing. Checked before any statement runs."""

from __future__ import annotations

from api.graphql.context import Context
from api.graphql.errors import ForbiddenError
from graph.enums import UserRole
from graph.errors import NotFoundError

WRITERS = (UserRole.ADMIN, UserRole.HEAD)


async def may_change(context: Context, *uids: str) -> None:
    """Refuse unless every node named may be changed by the caller.

    Raises:
        ForbiddenError: the role does not write, or a unit lies above the caller's units.
        NotFoundError: a node is unknown or out of the caller's reach.
    """
    context.require(*WRITERS)
    reach = await context.reach()
    if reach.unrestricted:
        return
    for uid in uids:
        record = await context.loaders.nodes.load(uid)
        if record is None:
            raise NotFoundError(uid)
        if record.label in ("Net", "Cell") and uid not in reach.cells | reach.nets:
            raise ForbiddenError(f"{uid} lies above the units you head")


async def may_report(context: Context, cell: str, reporter: str | None) -> None:
    """Anyone may report a problem in a cell they reach; a member only as themselves."""
    if context.principal.role in (UserRole.PLANNER, UserRole.INVESTIGATOR):
        raise ForbiddenError("planners and investigators do not change the grid")
    reach = await context.reach()
    if not reach.unrestricted and cell not in reach.cells:
        raise NotFoundError(cell)
    if context.principal.role == UserRole.MEMBER and reporter not in (
        None,
        context.principal.person,
    ):
        raise ForbiddenError("a member reports problems as themselves (or anonymously)")
