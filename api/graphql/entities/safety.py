"""Safety: post risk lists (岗位风险清单), graded risk points (风险点) and hazards (隐患)."""

from __future__ import annotations

import strawberry

from api.graphql.entities.base import (
    Assignment,
    Entity,
    cell_of,
    history,
    many,
    one,
    owner,
    owner_history,
)
from api.graphql.entities.refs import (
    AreaRef,
    CellRef,
    DutyRef,
    EquipmentRef,
    HazardRef,
    NetRef,
    PersonRef,
    RiskListRef,
    RiskPointRef,
)
from api.graphql.views import zh
from graph.enums import HazardSeverity, HazardStatus, RiskGrade
from queries.entities import Relation


@strawberry.type(description="A post risk list (岗位风险清单) of one post in one cell.")
class RiskList(Entity):
    name: str = strawberry.field(description="Name (名称).")
    post: str = strawberry.field(description="The post (岗位).")
    cell: CellRef | None = cell_of("RiskList")
    risk_points: list[RiskPointRef] = many(
        Relation("RiskList", "LISTED_IN", "RiskPoint", outgoing=False), "Its risk points."
    )


@strawberry.type(description="A risk point (风险点) with its graded colour.")
class RiskPoint(Entity):
    name: str = strawberry.field(description="Name (名称).")
    grade: str = strawberry.field(description="red, orange, yellow or blue (RiskGrade).")
    grade_zh = zh(RiskGrade, "grade")
    risk_list: RiskListRef | None = one(
        Relation("RiskPoint", "LISTED_IN", "RiskList"), "The risk list it is on."
    )
    cell: CellRef | None = cell_of("RiskPoint")
    owner: PersonRef | None = owner("RiskPoint")
    owner_history: list[Assignment[PersonRef]] = owner_history("RiskPoint")
    equipment: EquipmentRef | None = one(
        Relation("RiskPoint", "AT", "Equipment"), "The device it is at."
    )
    area: AreaRef | None = one(Relation("RiskPoint", "AT", "Area"), "The area it is at.")
    controlled_by: list[DutyRef] = many(
        Relation("RiskPoint", "CONTROLS", "Duty", outgoing=False), "Duties controlling it."
    )
    hazards: list[HazardRef] = many(
        Relation("RiskPoint", "FOUND_AT", "Hazard", outgoing=False), "Hazards found at it."
    )


@strawberry.type(description="A hazard (隐患) found at a risk point, rectified and verified.")
class Hazard(Entity):
    title: str = strawberry.field(description="Title.")
    severity: str = strawberry.field(description="HazardSeverity value.")
    severity_zh = zh(HazardSeverity, "severity")
    status: str = strawberry.field(description="HazardStatus value.")
    status_zh = zh(HazardStatus, "status")
    found_on: str = strawberry.field(description="Date found (YYYY-MM-DD).")
    deadline: str | None = strawberry.field(description="Rectification deadline.")
    closed_on: str | None = strawberry.field(description="Date closed.")
    risk_point: RiskPointRef | None = one(
        Relation("Hazard", "FOUND_AT", "RiskPoint"), "Where it was found."
    )
    cell: CellRef | None = cell_of("Hazard")
    owner: PersonRef | None = owner("Hazard")
    owner_history: list[Assignment[PersonRef]] = owner_history("Hazard")
    verified_by: PersonRef | None = one(
        Relation("Hazard", "VERIFIED_BY", "Person"), "Who verified the rectification."
    )
    escalations: list[Assignment[NetRef]] = history(
        Relation("Hazard", "ESCALATED_TO", "Net"), "Every net it was escalated to, and when."
    )
