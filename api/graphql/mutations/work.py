"""Mutations running the article's workflows: the problem life cycle (看-听-报-防-帮, small
matters in the cell, big ones up the nets) and the hazard closed loop (隐患排查治理).
See docs/workflows.md for the state machines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.mutations import run_change
from api.graphql.mutations.positions import Resolved, cell_at
from api.graphql.mutations.results import ChangeType
from api.graphql.views import shown
from graph.errors import FieldError, ValidationError
from writes.workflows import hazards, problems

AT = strawberry.argument(description="When (ISO-8601; a bare date is its start); now if omitted.")


async def _step(info: Info[Context, None], call: Callable[..., Any], **kwargs: Any) -> ChangeType:
    return shown(ChangeType, await run_change(info, call, **kwargs))


def _acting_person(context: Context, given: str | None, field: str) -> str:
    """The person a verification or closure is made by: the caller's own person unless an
    admin names someone."""
    person = given or context.principal.person
    if person is None:
        raise ValidationError("workflow", [FieldError(field, "name the person who does it")])
    return person


LON = strawberry.argument(description="Longitude where it happened (with `lat`).")
LAT = strawberry.argument(description="Latitude where it happened (with `lon`).")
CRS = strawberry.argument(description="The point's system: WGS84 (default) or GCJ02 (phone "
                          "map apps), CGCS2000, EPSG:4326, EPSG:4490.")  # fmt: skip


async def _point(
    info: Info[Context, None], operation: str, arguments: dict[str, Any],
    lon: float | None, lat: float | None, crs: str | None,
) -> Resolved | None:  # fmt: skip
    """The cell at the point given (authorised like a named cell); None without a point."""
    if lon is None and lat is None:
        return None
    if lon is None or lat is None:
        raise ValidationError(operation, [FieldError("lon/lat", "give both or neither")])
    return await cell_at(info.context, operation, arguments, lon, lat, crs)


def _position(where: Resolved | None) -> dict[str, float]:
    return {} if where is None else {"lon": where.lon, "lat": where.lat}


@strawberry.type(description="The problem life cycle and the hazard closed loop.")
class WorkMutation:
    @strawberry.mutation(description="Report a problem in a cell, or at a point whose cell is "
                         "looked up (any member; anonymously if wished). A big one goes to the "
                         "level-4 net at once.")  # fmt: skip
    async def report_problem(
        self, info: Info[Context, None], uid: str, title: str, category: str,
        cell: Annotated[str | None, strawberry.argument(
            description="The cell; may be omitted when `lon`/`lat` are given.")] = None,
        scale: str = "small", anonymous: bool = False,
        reporter: Annotated[str | None, strawberry.argument(
            description="Who reports (default: you); must be empty when anonymous.")] = None,
        at: Annotated[str | None, AT] = None,
        lon: Annotated[float | None, LON] = None,
        lat: Annotated[float | None, LAT] = None,
        crs: Annotated[str | None, CRS] = None,
    ) -> ChangeType:  # fmt: skip
        context = info.context
        who = None if anonymous else (reporter or context.principal.person)
        arguments = {"uid": uid, "cell": cell, "reporter": reporter, "anonymous": anonymous}
        where = await _point(info, "report_problem", arguments, lon, lat, crs)
        if where is None and cell is None:
            raise ValidationError("report_problem", [FieldError("cell", "name the cell or "
                                  "give the point (lon, lat) where the problem is")])  # fmt: skip
        if where is not None and cell is not None and where.cell != cell:
            raise ValidationError("report_problem", [FieldError("lon/lat", f"the point lies in "
                                  f"cell {where.cell}, not in {cell}")])  # fmt: skip
        return await _step(info, problems.report, uid=uid, cell=cell or where.cell,  # type: ignore[union-attr]
                           title=title, category=category, scale=scale, reporter=who,
                           anonymous=anonymous, at=at, **_position(where))  # fmt: skip

    @strawberry.mutation(description="The cell accepts a problem and names its owner.")
    async def accept_problem(
        self, info: Info[Context, None], uid: str, owner: str, at: Annotated[str | None, AT] = None
    ) -> ChangeType:
        return await _step(info, problems.accept, uid=uid, owner=owner, at=at)

    @strawberry.mutation(description="Send a problem one net up (marks it big).")
    async def escalate_problem(
        self, info: Info[Context, None], uid: str, reason: str, at: Annotated[str | None, AT] = None
    ) -> ChangeType:
        return await _step(info, problems.escalate, uid=uid, reason=reason, at=at)

    @strawberry.mutation(description="Resolve a problem with a note.")
    async def resolve_problem(
        self, info: Info[Context, None], uid: str, resolution: str,
        at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        return await _step(info, problems.resolve, uid=uid, resolution=resolution, at=at)

    @strawberry.mutation(description="Verify and close a problem: by the head of its cell.")
    async def close_problem(
        self, info: Info[Context, None], uid: str, by_person: str | None = None,
        at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        person = _acting_person(info.context, by_person, "byPerson")
        return await _step(info, problems.close, uid=uid, by_person=person, at=at)

    @strawberry.mutation(description="Record a hazard found at a risk point, optionally at "
                         "the point where it was found (in the risk point's cell).")  # fmt: skip
    async def find_hazard(
        self, info: Info[Context, None], uid: str, risk_point: str, title: str, severity: str,
        at: Annotated[str | None, AT] = None,
        lon: Annotated[float | None, LON] = None,
        lat: Annotated[float | None, LAT] = None,
        crs: Annotated[str | None, CRS] = None,
    ) -> ChangeType:  # fmt: skip
        where = await _point(info, "find_hazard", {"uid": uid, "risk_point": risk_point},
                             lon, lat, crs)  # fmt: skip
        return await _step(info, hazards.find, uid=uid, risk_point=risk_point, title=title,
                           severity=severity, at=at, **_position(where),
                           located_in=where.cell if where else None)  # fmt: skip

    @strawberry.mutation(description="Name the rectification owner and deadline.")
    async def assign_hazard(
        self, info: Info[Context, None], uid: str, owner: str, deadline: str,
        at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        return await _step(info, hazards.assign, uid=uid, owner=owner, deadline=deadline, at=at)

    @strawberry.mutation(description="Rectification starts.")
    async def start_hazard(
        self, info: Info[Context, None], uid: str, at: Annotated[str | None, AT] = None
    ) -> ChangeType:
        return await _step(info, hazards.start, uid=uid, at=at)

    @strawberry.mutation(description="Rectification is done, awaiting verification.")
    async def hazard_rectified(
        self, info: Info[Context, None], uid: str, at: Annotated[str | None, AT] = None
    ) -> ChangeType:
        return await _step(info, hazards.rectified, uid=uid, at=at)

    @strawberry.mutation(description="Verify a rectification: never by its owner.")
    async def verify_hazard(
        self, info: Info[Context, None], uid: str, by_person: str | None = None,
        at: Annotated[str | None, AT] = None,
    ) -> ChangeType:  # fmt: skip
        person = _acting_person(info.context, by_person, "byPerson")
        return await _step(info, hazards.verify, uid=uid, by_person=person, at=at)

    @strawberry.mutation(description="Close a verified hazard (销号).")
    async def close_hazard(
        self, info: Info[Context, None], uid: str, at: Annotated[str | None, AT] = None
    ) -> ChangeType:
        return await _step(info, hazards.close, uid=uid, at=at)

    @strawberry.mutation(description="Send an overdue hazard one net up.")
    async def escalate_hazard(
        self, info: Info[Context, None], uid: str, reason: str, at: Annotated[str | None, AT] = None
    ) -> ChangeType:
        return await _step(info, hazards.escalate, uid=uid, reason=reason, at=at)
