"""Safety: post risk lists (岗位风险清单), graded risk points (风险点) and hazards (隐患)."""

from __future__ import annotations

from api.graphql.entities.base import (
    Assignment,
    Entity,
    cell_of,
    entity_type,
    escalation_deadline,
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
from api.graphql.geojson import POSITION_FIELDS
from graph import model
from queries.entities import Relation


@entity_type(
    model.RiskList,
    "A post risk list (岗位风险清单) of one post in one cell.",
    name="Name (名称).",
    post="The post (岗位).",
)
class RiskList(Entity):
    cell: CellRef | None = cell_of("RiskList")
    risk_points: list[RiskPointRef] = many(
        Relation("RiskList", "LISTED_IN", "RiskPoint", outgoing=False), "Its risk points."
    )


@entity_type(
    model.RiskPoint,
    "A risk point (风险点) with its graded colour.",
    name="Name (名称).",
    grade="red, orange, yellow or blue (RiskGrade).",
    **POSITION_FIELDS,
)
class RiskPoint(Entity):
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


@entity_type(
    model.Hazard,
    "A hazard (隐患) found at a risk point, rectified and verified.",
    title="Title.",
    severity="HazardSeverity value.",
    status="HazardStatus value.",
    found_on="Date found (YYYY-MM-DD).",
    deadline="Rectification deadline.",
    closed_on="Date closed.",
    status_history="When each status began: `<instant>|<status>` entries, oldest first "
    "(null: the current status since it was found).",
    **POSITION_FIELDS,
)
class Hazard(Entity):
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
    escalates_on: str | None = escalation_deadline("Hazard")
