"""Accountable objects: every device, area and work item has its dedicated person and
standard (台台设备、块块区域、项项工作的专人专标)."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.entities.base import (
    Assignment,
    Entity,
    cell_of,
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
    PersonRef,
    RiskPointRef,
    StandardRef,
)
from api.graphql.views import zh
from graph.enums import EquipmentCategory
from queries.entities import Relation


def _standards(label: str) -> Any:
    return many(
        Relation(label, "GOVERNED_BY", "Standard"),
        "The standards governing it (专标), now or as of `asOf`.",
    )


def _duties(label: str) -> Any:
    return many(Relation(label, "APPLIES_TO", "Duty", outgoing=False), "Duties applying to it.")


def _risk_points(label: str) -> Any:
    return many(Relation(label, "AT", "RiskPoint", outgoing=False), "Risk points at it.")


@strawberry.type(description="A device (设备) with its tag number.")
class Equipment(Entity):
    name: str = strawberry.field(description="Name (名称).")
    tag: str | None = strawberry.field(description="Tag number (位号).")
    category: str = strawberry.field(description="EquipmentCategory value.")
    category_zh = zh(EquipmentCategory, "category")
    commissioned_on: str | None = strawberry.field(description="Commissioning date.")
    cell: CellRef | None = cell_of("Equipment")
    owner: PersonRef | None = owner("Equipment")
    owner_history: list[Assignment[PersonRef]] = owner_history("Equipment")
    standards: list[StandardRef] = _standards("Equipment")
    duties: list[DutyRef] = _duties("Equipment")
    risk_points: list[RiskPointRef] = _risk_points("Equipment")
    area: AreaRef | None = one(Relation("Equipment", "LOCATED_IN", "Area"), "Where it stands.")


@strawberry.type(description="An area (区域): a well site, a station yard, a plant section.")
class Area(Entity):
    name: str = strawberry.field(description="Name (名称).")
    kind: str | None = strawberry.field(description="What kind of area.")
    cell: CellRef | None = cell_of("Area")
    owner: PersonRef | None = owner("Area")
    owner_history: list[Assignment[PersonRef]] = owner_history("Area")
    standards: list[StandardRef] = _standards("Area")
    duties: list[DutyRef] = _duties("Area")
    risk_points: list[RiskPointRef] = _risk_points("Area")
    equipment: list[EquipmentRef] = many(
        Relation("Area", "LOCATED_IN", "Equipment", outgoing=False), "Devices standing in it."
    )


@strawberry.type(description="A recurring work item (工作事项), e.g. a patrol.")
class WorkItem(Entity):
    name: str = strawberry.field(description="Name (名称).")
    frequency: str | None = strawberry.field(description="How often it is done.")
    cell: CellRef | None = cell_of("WorkItem")
    owner: PersonRef | None = owner("WorkItem")
    owner_history: list[Assignment[PersonRef]] = owner_history("WorkItem")
    standards: list[StandardRef] = _standards("WorkItem")
    duties: list[DutyRef] = _duties("WorkItem")
