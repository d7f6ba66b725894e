"""Accountable objects: every device, area and work item has its dedicated person and
standard (台台设备、块块区域、项项工作的专人专标)."""

from __future__ import annotations

from typing import Any

from api.graphql.entities.base import (
    Assignment,
    Entity,
    cell_of,
    entity_type,
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
from api.graphql.geojson import POSITION_FIELDS, TERRITORY_FIELDS
from graph import model
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


@entity_type(
    model.Equipment,
    "A device (设备) with its tag number.",
    name="Name (名称).",
    tag="Tag number (位号).",
    category="EquipmentCategory value.",
    commissioned_on="Commissioning date.",
    line="The route of a linear asset such as a pipeline (管线走向), a GeoJSON LineString "
    "beside its point; null for a device drawn as a point only.",
    **POSITION_FIELDS,
)
class Equipment(Entity):
    cell: CellRef | None = cell_of("Equipment")
    owner: PersonRef | None = owner("Equipment")
    owner_history: list[Assignment[PersonRef]] = owner_history("Equipment")
    standards: list[StandardRef] = _standards("Equipment")
    duties: list[DutyRef] = _duties("Equipment")
    risk_points: list[RiskPointRef] = _risk_points("Equipment")
    area: AreaRef | None = one(Relation("Equipment", "LOCATED_IN", "Area"), "Where it stands.")


@entity_type(
    model.Area,
    "An area (区域): a well site, a station yard, a plant section.",
    name="Name (名称).",
    kind="What kind of area.",
    **TERRITORY_FIELDS,
)
class Area(Entity):
    cell: CellRef | None = cell_of("Area")
    owner: PersonRef | None = owner("Area")
    owner_history: list[Assignment[PersonRef]] = owner_history("Area")
    standards: list[StandardRef] = _standards("Area")
    duties: list[DutyRef] = _duties("Area")
    risk_points: list[RiskPointRef] = _risk_points("Area")
    equipment: list[EquipmentRef] = many(
        Relation("Area", "LOCATED_IN", "Equipment", outgoing=False), "Devices standing in it."
    )


@entity_type(
    model.WorkItem,
    "A recurring work item (工作事项), e.g. a patrol.",
    name="Name (名称).",
    frequency="How often it is done.",
)
class WorkItem(Entity):
    cell: CellRef | None = cell_of("WorkItem")
    owner: PersonRef | None = owner("WorkItem")
    owner_history: list[Assignment[PersonRef]] = owner_history("WorkItem")
    standards: list[StandardRef] = _standards("WorkItem")
    duties: list[DutyRef] = _duties("WorkItem")
