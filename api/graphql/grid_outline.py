"""GraphQL types and root field for the grid outline: every net, cell and micro-cell under
some units as flat rows with heads, officers, members and gaps, direct and rolled up. The
resolver calls ``queries.grid_outline``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.accountability import AS_OF
from api.graphql.business_tree import PersonRefType
from api.graphql.context import READ_ALL, Context
from api.graphql.views import shown, view
from graph.enums import UserRole
from queries import grid_outline as go

GRID_OUTLINE_DESCRIPTION = (
    "The nets, cells and micro-cells under a unit (default: the units you head; the whole "
    "grid for readers of everything) as flat rows, parents before children, with heads, "
    "officers, members and coverage gaps counted directly and rolled up. Runs every coverage "
    "rule over the subtree (0.3–1 s for a level-4 net, 2.5–4 s for the whole grid at "
    "scale 1). Unknown unit or one outside your reach: NOT_FOUND; bad date: BAD_INPUT."
)


@view(go.OutlineUnit, description="One net, cell or micro-cell of a grid outline.")
class GridUnitType:
    uid: str = strawberry.field(description="Its uid.")
    kind: str = strawberry.field(description="Net, Cell or MicroCell.")
    name: str = strawberry.field(description="Its name.")
    level: int | None = strawberry.field(description="Net level (2, 3, 4); null otherwise.")
    parent: str | None = strawberry.field(
        description="The unit it is currently part of (null for a top unit)."
    )
    heads: list[PersonRefType] = strawberry.field(
        description="Current heads (网长, 格长); a micro-cell's current lead."
    )
    officers: int = strawberry.field(
        description="People holding a current officer role (八大员) in a cell; 0 otherwise."
    )
    direct_members: int = strawberry.field(
        description="People placed directly: a micro-cell's current members; a cell's, those "
        "of its micro-cells; a net's, those of the cells directly part of it (0 when only "
        "nets lie beneath). A person in two micro-cells counts in both."
    )
    members: int = strawberry.field(
        description="Members rolled up: everyone placed anywhere beneath the unit."
    )
    direct_gaps: int = strawberry.field(
        description="Coverage findings placed in the unit itself: for a net, those in none of "
        "its cells or nets; for a cell, all of its findings (none is placed finer); for a "
        "micro-cell, the findings about the micro-cell itself."
    )
    gaps: int = strawberry.field(
        description="Coverage findings rolled up: everything found in the unit's subtree "
        "(the `coverageGaps` roll-up); a micro-cell's equal its direct ones."
    )


@view(go.GridOutline, description="The outline of a part of the grid (see `gridOutline`).")
class GridOutlineType:
    as_of: str = strawberry.field(description="Instant links and posts are current at.")
    today: str = strawberry.field(description="Date gap deadlines and windows count from.")
    roots: list[str] | None = strawberry.field(
        description="The top units asked for; null for the whole grid."
    )
    units: list[GridUnitType] = strawberry.field(
        description="Every unit beneath the roots (included), parents before children."
    )


async def resolve_grid_outline(
    info: Info[Context, None],
    net: Annotated[
        str | None,
        strawberry.argument(
            description="Uid of the net or cell whose subtree to outline; the units you head "
            "(the whole grid for readers of everything) when omitted."
        ),
    ] = None,
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
    today: Annotated[
        str | None,
        strawberry.argument(
            description="Date (`YYYY-MM-DD`) gap deadlines and windows count from; defaults to "
            "`asOf`'s date, or today."
        ),
    ] = None,
) -> GridOutlineType | None:
    context = info.context
    reach = await context.reach()
    roots: list[str] | None
    if net is not None:
        unit = await context.unit_in_reach(net)
        roots = None if unit is None else [unit]
    elif reach.unrestricted:
        roots = None
    else:
        context.require(*READ_ALL, UserRole.HEAD)
        roots = sorted(reach.units)
    outline = await run_in_threadpool(
        lambda: go.grid_outline(
            context.engine,
            roots,
            today=today,
            as_of=as_of,
            gap_cache_s=context.settings.gap_cache_s,
        )
    )
    return shown(GridOutlineType, outline)
