"""GraphQL root fields for the grid on the map: ``locate`` (the cell at a point, with its
accountability chain), ``within`` (what lies inside a box or polygon), ``whoToCall`` (whom to
call for an incident at a point) and ``mapLayer`` (a net's cells as a GeoJSON
FeatureCollection). Resolvers call ``queries.spatial`` and ``queries.map_layer``; every answer
is cut to the caller's reach (what lies outside it is left out, as if it did not exist).
"""

from __future__ import annotations

import dataclasses
import json
from functools import partial
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.accountability import AS_OF, ChainLinkType, GapType
from api.graphql.context import Context
from api.graphql.entities import Entity
from api.graphql.entities.base import loaded
from api.graphql.entities.refs import PersonRef
from api.graphql.geojson import GeoJSON
from api.graphql.views import shown, view
from graph.errors import FieldError, ValidationError
from graph.geometry import GeometryError, parse_geojson, to_wgs84
from queries import map_layer as layers
from queries import spatial

CRS = (
    "The coordinates' reference system: WGS84 (default), EPSG:4326, CRS84, CGCS2000, "
    "EPSG:4490, or GCJ02 (Chinese phone map apps; converted first)."
)
MARGIN = "Metres from a cell boundary within which the point is ambiguous (default 25)."


@view(spatial.Candidate, description="A cell or micro-cell at or near a point.")
class CandidateType:
    uid: str = strawberry.field(description="Cell or micro-cell uid.")
    kind: str = strawberry.field(description="Cell or MicroCell.")
    name: str = strawberry.field(description="Its name.")
    inside: bool = strawberry.field(description="Whether the point lies in its territory.")
    edge_m: float = strawberry.field(description="Metres from the point to its boundary.")
    cell: str | None = strawberry.field(description="For a micro-cell, its cell.")
    node: Entity | None = loaded(None, "The cell or micro-cell (null outside your reach).")


@view(layers.CellChain, description="The accountability chain above a cell.")
class CellChainType:
    cell: str = strawberry.field(description="The cell uid.")
    at: str = strawberry.field(description="The instant the chain was read at (ISO-8601 UTC).")
    chain: list[ChainLinkType] = strawberry.field(
        description="The cell, its heads, every net above with its heads (as in `trace`)."
    )
    gaps: list[GapType] = strawberry.field(description="Where the chain breaks; empty if whole.")


async def _chain(
    root: strawberry.Parent[spatial.Location],
    info: Info[Context, None],
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
) -> CellChainType | None:
    if root.cell is None:
        return None
    engine = info.context.engine
    result = await run_in_threadpool(layers.cell_chain, engine, root.cell.uid, as_of)
    return shown(CellChainType, result)


@view(
    spatial.Location,
    description="Where a point lies: the cell (and micro-cell where mapped) containing it, or "
    "every candidate when it is within the margin of a boundary (`ambiguous`).",
)
class LocationType:
    lon: float = strawberry.field(description="Longitude located (WGS84, after conversion).")
    lat: float = strawberry.field(description="Latitude located (WGS84, after conversion).")
    cell: CandidateType | None = strawberry.field(
        description="The cell containing the point; null outside the grid, when ambiguous, or "
        "outside your reach."
    )
    micro_cell: CandidateType | None = strawberry.field(
        description="The micro-cell containing the point, where micro-cells are mapped."
    )
    candidates: list[CandidateType] = strawberry.field(
        description="Every cell and micro-cell at or near the point (those in your reach)."
    )
    ambiguous: bool = strawberry.field(
        description="The point is within `marginM` of a cell boundary: no cell is chosen."
    )
    margin_m: float = strawberry.field(description="The margin used, in metres.")
    chain: CellChainType | None = strawberry.field(
        resolver=_chain,
        description="The accountability chain above `cell` (null when no cell is chosen).",
    )


@view(spatial.Placed, description="Something positioned inside the area asked about.")
class PlacedType:
    uid: str = strawberry.field(description="Its uid.")
    kind: str = strawberry.field(description="Equipment, RiskPoint, Hazard or Problem.")
    name: str = strawberry.field(description="Its name or title.")
    lon: float = strawberry.field(description="Longitude of its position.")
    lat: float = strawberry.field(description="Latitude of its position.")
    grade: str | None = strawberry.field(
        description="Risk grade of a risk point, severity of a hazard, scale of a problem, "
        "category of a device."
    )
    status: str | None = strawberry.field(description="Status of a hazard or problem.")
    node: Entity | None = loaded(None, "The node itself.")


@strawberry.type(description="How many of one kind (and grade) lie inside.")
class PlacedCountType:
    kind: str = strawberry.field(description="Equipment, RiskPoint, Hazard or Problem.")
    grade: str | None = strawberry.field(description="The grade; null for the kind's total.")
    count: int = strawberry.field(description="How many.")


def _counts(root: strawberry.Parent[spatial.Inside]) -> list[PlacedCountType]:
    totals = [PlacedCountType(kind=k, grade=None, count=n) for k, n in root.counts.items()]
    by_grade = [
        PlacedCountType(kind=k, grade=g, count=n)
        for k, grades in root.grades.items()
        for g, n in sorted(grades.items())
    ]
    return totals + by_grade


@view(spatial.Inside, description="What lies inside a box or polygon, by kind and grade.")
class InsideType:
    items: list[PlacedType] = strawberry.field(description="Sorted by kind, then uid.")
    counts: list[PlacedCountType] = strawberry.field(
        resolver=_counts,
        description="Totals per kind (`grade` null), then per kind and grade.",
    )


@view(spatial.Contact, description="A person to call and why.")
class ContactType:
    uid: str = strawberry.field(description="Person uid.")
    name: str = strawberry.field(description="Person name.")
    role: str = strawberry.field(
        description="head, an officer role (e.g. safety_supervisor) or neighbour_head."
    )
    cell: str = strawberry.field(description="The cell they are called for.")
    person: PersonRef | None = loaded("Person", "The person (null outside your reach).")


@view(spatial.CallList, description="Whom to call for an incident at a point.")
class CallListType:
    location: LocationType = strawberry.field(description="Where the point lies.")
    contacts: list[ContactType] = strawberry.field(
        description="Heads and officers of the cell at the point (of every candidate when "
        "ambiguous), then the heads of the neighbouring cells."
    )


async def _in_reach(context: Context, where: spatial.Location) -> spatial.Location:
    """``where`` without the candidates outside the caller's reach."""
    cells = await context.allowed("Cell")
    micro = await context.allowed("MicroCell")

    def seen(c: spatial.Candidate | None) -> bool:
        allowed = cells if c is not None and c.kind == "Cell" else micro
        return c is not None and (allowed is None or c.uid in allowed)

    return dataclasses.replace(
        where,
        cell=where.cell if seen(where.cell) else None,
        micro_cell=where.micro_cell if seen(where.micro_cell) else None,
        candidates=[c for c in where.candidates if seen(c)],
    )


async def resolve_locate(
    info: Info[Context, None],
    lon: Annotated[float, strawberry.argument(description="Longitude (degrees).")],
    lat: Annotated[float, strawberry.argument(description="Latitude (degrees).")],
    crs: Annotated[str | None, strawberry.argument(description=CRS)] = None,
    margin_m: Annotated[float, strawberry.argument(description=MARGIN)] = (
        spatial.DEFAULT_MARGIN_M
    ),
) -> LocationType:
    context = info.context
    where = await run_in_threadpool(
        partial(spatial.locate, crs=crs, margin_m=margin_m), context.engine, lon, lat
    )
    return shown(LocationType, await _in_reach(context, where))


def _area(box: list[float] | None, polygon: Any, crs: str | None) -> tuple[float, ...] | Any:
    """The box or polygon ``within`` looks in (exactly one of them), in WGS84."""
    if (box is None) == (polygon is None):
        raise ValidationError("within", [FieldError("box", "give either box or polygon")])
    if box is not None:
        if len(box) != 4:
            raise ValidationError(
                "within", [FieldError("box", f"needs [west, south, east, north], not {box}")]
            )
        west, south, east, north = box
        if west >= east or south >= north:
            raise ValidationError(
                "within", [FieldError("box", "west must be < east and south < north")]
            )
        return tuple(box)
    try:
        return to_wgs84(parse_geojson(polygon, ("Polygon", "MultiPolygon")), crs)
    except GeometryError as exc:
        raise ValidationError("within", [FieldError("polygon", str(exc))]) from exc


async def resolve_within(
    info: Info[Context, None],
    box: Annotated[
        list[float] | None,
        strawberry.argument(description="[west, south, east, north] in degrees."),
    ] = None,
    polygon: Annotated[  # type: ignore[valid-type]
        GeoJSON | None,
        strawberry.argument(description="A GeoJSON Polygon or MultiPolygon."),
    ] = None,
    kinds: Annotated[
        list[str] | None,
        strawberry.argument(description="Equipment, RiskPoint, Hazard, Problem (default all)."),
    ] = None,
    crs: Annotated[str | None, strawberry.argument(description=CRS)] = None,
) -> InsideType:
    context = info.context
    area = _area(box, polygon, crs if polygon is not None else None)
    found = await run_in_threadpool(spatial.within, context.engine, area, kinds)
    allowed = {kind: await context.allowed(kind) for kind in {p.kind for p in found.items}}
    items = [p for p in found.items if allowed[p.kind] is None or p.uid in allowed[p.kind]]  # type: ignore[operator]
    counts: dict[str, int] = {}
    grades: dict[str, dict[str, int]] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
        if item.grade is not None:
            by_grade = grades.setdefault(item.kind, {})
            by_grade[item.grade] = by_grade.get(item.grade, 0) + 1
    return shown(InsideType, spatial.Inside(items, counts, grades))


async def resolve_who_to_call(
    info: Info[Context, None],
    lon: Annotated[float, strawberry.argument(description="Longitude (degrees).")],
    lat: Annotated[float, strawberry.argument(description="Latitude (degrees).")],
    crs: Annotated[str | None, strawberry.argument(description=CRS)] = None,
    margin_m: Annotated[float, strawberry.argument(description=MARGIN)] = (
        spatial.DEFAULT_MARGIN_M
    ),
) -> CallListType:
    context = info.context
    calls = await run_in_threadpool(
        partial(spatial.who_to_call, crs=crs, margin_m=margin_m), context.engine, lon, lat
    )
    people = await context.allowed("Person")
    cells = await context.allowed("Cell")
    contacts = [
        c
        for c in calls.contacts
        if (people is None or c.uid in people) and (cells is None or c.cell in cells)
    ]
    where = await _in_reach(context, calls.location)
    return shown(CallListType, spatial.CallList(where, contacts))


async def resolve_map_layer(
    info: Info[Context, None],
    net: Annotated[str, strawberry.argument(description="Uid of the net (any level).")],
    zoom: Annotated[
        int,
        strawberry.argument(
            description="Web-map zoom 0…22: outlines are simplified to within a pixel of it."
        ),
    ] = 12,
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
) -> GeoJSON:  # type: ignore[valid-type]
    context = info.context
    unit = await context.unit_in_reach(net)
    assert unit is not None  # a net is named
    layer = await run_in_threadpool(layers.map_layer, context.engine, unit, zoom, as_of)
    visible = await context.allowed("Cell")
    return json.dumps(layer.feature_collection(visible), ensure_ascii=False)  # type: ignore[return-value]


LOCATE_DESCRIPTION = (
    "The cell (and micro-cell where mapped) containing a point, with its accountability "
    "chain; near a boundary every candidate, marked ambiguous. Off the map, unknown CRS: "
    "BAD_INPUT."
)
WITHIN_DESCRIPTION = (
    "The equipment, risk points, hazards and problems inside a box or polygon, by kind and "
    "grade (only what you may read). Invalid box or polygon, unknown kind: BAD_INPUT."
)
WHO_TO_CALL_DESCRIPTION = (
    "Whom to call for an incident at a point: the cell's heads and officers, then the heads "
    "of the neighbouring cells."
)
MAP_LAYER_DESCRIPTION = (
    "A net's cells as a GeoJSON FeatureCollection, outlines simplified for the zoom, each "
    "with counts, the worst risk grade, overdue hazards and gap flags (properties in "
    "docs/geography.md). A net outside what you may ask about: NOT_FOUND."
)
