"""Grid work: problems (micro-matters), training, tackling teams, leader visits and monthly
assessments."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import (
    ENTITY_TYPES,
    Assignment,
    Entity,
    cell_of,
    entity,
    history,
    many,
    one,
    owner,
    owner_history,
)
from api.graphql.entities.refs import CellRef, NetRef, PersonRef
from api.graphql.views import zh
from graph.enums import ProblemCategory, ProblemScale, ProblemStatus, TrainingKind
from queries.entities import Relation

REPORTER = Relation("Problem", "REPORTED_BY", "Person")


@strawberry.type(description="A problem or suggestion raised by the grid (问题).")
class Problem(Entity):
    title: str = strawberry.field(description="Title.")
    category: str = strawberry.field(description="ProblemCategory value.")
    category_zh = zh(ProblemCategory, "category")
    status: str = strawberry.field(description="ProblemStatus value.")
    status_zh = zh(ProblemStatus, "status")
    scale: str = strawberry.field(description="small (solved in the cell) or big (escalated).")
    scale_zh = zh(ProblemScale, "scale")
    anonymous: bool | None = strawberry.field(description="Reported anonymously.")
    reported_on: str = strawberry.field(description="Date reported (YYYY-MM-DD).")
    resolved_on: str | None = strawberry.field(description="Date resolved.")
    resolution: str | None = strawberry.field(description="How it was resolved.")
    cell: CellRef | None = cell_of("Problem", "RAISED_IN")
    owner: PersonRef | None = owner("Problem")
    owner_history: list[Assignment[PersonRef]] = owner_history("Problem")
    escalations: list[Assignment[NetRef]] = history(
        Relation("Problem", "ESCALATED_TO", "Net"), "Every net it was escalated to, and when."
    )

    @strawberry.field(description="Who reported it; null when reported anonymously.")
    async def reporter(self, info: Info[Context, None]) -> PersonRef | None:
        if self.anonymous:
            return None
        loader = info.context.loaders.neighbours(REPORTER, at=None, limit=1)
        found = await loader.load(self.uid)
        return entity(ENTITY_TYPES["Person"], found[0].node) if found else None


@strawberry.type(description="A training session of 三学四课堂.")
class TrainingSession(Entity):
    title: str = strawberry.field(description="Title.")
    kind: str = strawberry.field(description="TrainingKind value.")
    kind_zh = zh(TrainingKind, "kind")
    held_on: str = strawberry.field(description="Date held (YYYY-MM-DD).")
    attendees: int | None = strawberry.field(description="How many attended.")
    cells: list[CellRef] = many(
        Relation("TrainingSession", "TRAINED", "Cell"), "Cells that were trained."
    )
    trainer: PersonRef | None = one(
        Relation("TrainingSession", "TAUGHT_BY", "Person"), "Who taught it."
    )


@strawberry.type(description="A party-member tackling team (党员攻坚队) of a net.")
class TackleTeam(Entity):
    name: str = strawberry.field(description="Name (名称).")
    task: str | None = strawberry.field(description="What it tackles.")
    net: NetRef | None = one(Relation("TackleTeam", "IN_NET", "Net"), "Its net.")
    members: list[PersonRef] = many(
        Relation("TackleTeam", "IN_TEAM", "Person", outgoing=False), "Its members."
    )


@strawberry.type(description="A leader's grassroots visit (周二周三基层日).")
class Visit(Entity):
    visited_on: str = strawberry.field(description="Date (YYYY-MM-DD).")
    purpose: str | None = strawberry.field(description="Purpose.")
    visitor: PersonRef | None = one(Relation("Visit", "VISITED_BY", "Person"), "Who visited.")
    cell: CellRef | None = cell_of("Visit", "VISITED")


@strawberry.type(description="A cell's monthly assessment score (月度考核评价), 0–100.")
class Assessment(Entity):
    month: str = strawberry.field(description="Month (YYYY-MM).")
    score: float = strawberry.field(description="Score, 0–100.")
    cell: CellRef | None = cell_of("Assessment", "ASSESSES")
