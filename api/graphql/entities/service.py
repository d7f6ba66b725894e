"""Grid work: problems (micro-matters), training, tackling teams, leader visits and monthly
assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import (
    ENTITY_TYPES,
    Assignment,
    Entity,
    cell_of,
    entity,
    entity_type,
    escalation_deadline,
    history,
    many,
    one,
    owner,
    owner_history,
)
from api.graphql.entities.refs import CellRef, NetRef, PersonRef
from api.graphql.geojson import POSITION_FIELDS
from graph import model
from queries.entities import Relation

REPORTER = Relation("Problem", "REPORTED_BY", "Person")


@entity_type(
    model.Problem,
    "A problem or suggestion raised by the grid (问题).",
    title="Title.",
    category="ProblemCategory value.",
    status="ProblemStatus value.",
    scale="small (solved in the cell) or big (escalated).",
    anonymous="Reported anonymously.",
    reported_on="Date reported (YYYY-MM-DD).",
    resolved_on="Date resolved.",
    resolution="How it was resolved.",
    status_history="When each status began: `<instant>|<status>` entries, oldest first "
    "(null: the current status since it was reported).",
    **POSITION_FIELDS,
)
class Problem(Entity):
    if TYPE_CHECKING:  # declared by entity_type from model.Problem
        anonymous: bool | None

    cell: CellRef | None = cell_of("Problem", "RAISED_IN")
    owner: PersonRef | None = owner("Problem")
    owner_history: list[Assignment[PersonRef]] = owner_history("Problem")
    escalations: list[Assignment[NetRef]] = history(
        Relation("Problem", "ESCALATED_TO", "Net"), "Every net it was escalated to, and when."
    )
    escalates_on: str | None = escalation_deadline("Problem")

    @strawberry.field(description="Who reported it; null when reported anonymously.")
    async def reporter(self, info: Info[Context, None]) -> PersonRef | None:
        if self.anonymous:
            return None
        loader = info.context.loaders.neighbours(REPORTER, at=None, limit=1)
        found = await loader.load(self.uid)
        return entity(ENTITY_TYPES["Person"], found[0].node) if found else None


@entity_type(
    model.TrainingSession,
    "A training session of 三学四课堂.",
    title="Title.",
    kind="TrainingKind value.",
    held_on="Date held (YYYY-MM-DD).",
    attendees="How many attended.",
)
class TrainingSession(Entity):
    cells: list[CellRef] = many(
        Relation("TrainingSession", "TRAINED", "Cell"), "Cells that were trained."
    )
    trainer: PersonRef | None = one(
        Relation("TrainingSession", "TAUGHT_BY", "Person"), "Who taught it."
    )
    participants: list[PersonRef] = many(
        Relation("TrainingSession", "ATTENDED_BY", "Person"),
        "Who signed in (培训签到), by uid; `attendees` is the head count, guests included.",
    )


@entity_type(
    model.TackleTeam,
    "A party-member tackling team (党员攻坚队) of a net.",
    name="Name (名称).",
    task="What it tackles.",
)
class TackleTeam(Entity):
    net: NetRef | None = one(Relation("TackleTeam", "IN_NET", "Net"), "Its net.")
    members: list[PersonRef] = many(
        Relation("TackleTeam", "IN_TEAM", "Person", outgoing=False), "Its members."
    )


@entity_type(
    model.Visit,
    "A leader's grassroots visit (周二周三基层日).",
    visited_on="Date (YYYY-MM-DD).",
    purpose="Purpose.",
)
class Visit(Entity):
    visitor: PersonRef | None = one(Relation("Visit", "VISITED_BY", "Person"), "Who visited.")
    cell: CellRef | None = cell_of("Visit", "VISITED")


@entity_type(
    model.Assessment,
    "A cell's monthly assessment score (月度考核评价), 0–100.",
    month="Month (YYYY-MM).",
    score="Score, 0–100.",
)
class Assessment(Entity):
    cell: CellRef | None = cell_of("Assessment", "ASSESSES")
