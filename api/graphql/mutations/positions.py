"""Reporting by position (issue 13): the cell a point lies in, resolved for a mutation and
checked by the authority policy exactly as a cell named in the arguments would be."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool

from api.graphql.context import Context
from api.graphql.mutations.authorize import authorize
from graph.errors import FieldError, NotFoundError, ValidationError
from queries import spatial

POINT_ARGUMENTS = ("lon", "lat", "crs")
"""Mutation arguments that give a position rather than name a node."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A point converted to WGS84 and the cell it lies in."""

    cell: str
    lon: float
    lat: float


async def cell_at(
    context: Context,
    operation: str,
    arguments: dict[str, Any],
    lon: float,
    lat: float,
    crs: str | None,
) -> Resolved:
    """The cell at ``(lon, lat)``, authorised for ``operation`` as if ``arguments`` had named
    it as ``cell`` (Authorize has already checked the other arguments).

    Raises:
        ValidationError: the point is off the map, outside every cell, or within the margin
            of a boundary (name the cell instead).
        NotFoundError: the cell at the point lies outside what the caller may read.
        ForbiddenError: the policy refuses the cell (a member: not their own cell).
    """
    where = await run_in_threadpool(partial(spatial.locate, crs=crs), context.engine, lon, lat)
    if where.ambiguous:
        message = (
            f"the point is within {where.margin_m:g} m of a cell boundary: "
            "name the cell (`cell`) instead"
        )
        raise ValidationError(operation, [FieldError("lon/lat", message)])
    if where.cell is None:
        message = "the point lies in no cell of the grid (outside the map, or in a hole)"
        raise ValidationError(operation, [FieldError("lon/lat", message)])
    cell = where.cell.uid
    try:
        await authorize(context, operation, {**arguments, "cell": cell})
    except NotFoundError:
        # The cell's uid is not the caller's to learn: name the point they gave.
        raise NotFoundError(f"a cell at ({lon}, {lat})", "Cell") from None
    return Resolved(cell, where.lon, where.lat)
