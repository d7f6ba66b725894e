"""Standards (怎么干), duties with their six elements (干什么), process bundles and data
sources."""

from __future__ import annotations

import strawberry

from api.graphql.entities.base import Assignment, Entity, cell_of, history, many, one
from api.graphql.entities.refs import (
    AreaRef,
    CellRef,
    DataSourceRef,
    DutyRef,
    EquipmentRef,
    NetRef,
    PersonRef,
    ProcessRef,
    RiskPointRef,
    StandardRef,
    WorkItemRef,
)
from api.graphql.views import zh
from graph.enums import (
    DataSourceKind,
    OfficerRole,
    ProcessKind,
    StandardDimension,
    StandardDomain,
    StandardLevel,
)
from queries.entities import Relation


@strawberry.type(description="A guidance standard (指导标准) or a unit standard (单位标准).")
class Standard(Entity):
    code: str = strawberry.field(description="Standard code (标准编号).")
    title: str = strawberry.field(description="Title.")
    level: str = strawberry.field(description="guidance or unit (StandardLevel).")
    level_zh = zh(StandardLevel, "level")
    dimension: str = strawberry.field(description="StandardDimension value.")
    dimension_zh = zh(StandardDimension, "dimension")
    domain: str = strawberry.field(description="StandardDomain value.")
    domain_zh = zh(StandardDomain, "domain")
    effective_from: str | None = strawberry.field(description="Effective date.")
    derived_from: StandardRef | None = one(
        Relation("Standard", "DERIVED_FROM", "Standard"),
        "The guidance standard a unit standard derives from.",
    )
    derived_standards: list[StandardRef] = many(
        Relation("Standard", "DERIVED_FROM", "Standard", outgoing=False),
        "Unit standards derived from this guidance standard.",
    )


@strawberry.type(
    description="A duty record locking the six elements (六要素): person 人, matter 事, object "
    "物, responsibility 责, time 时间, space 空间."
)
class Duty(Entity):
    title: str = strawberry.field(description="Title.")
    matter: str | None = strawberry.field(description="The matter (事).")
    responsibility: str | None = strawberry.field(description="The responsibility (责).")
    schedule: str | None = strawberry.field(description="The time (时间).")
    space: str | None = strawberry.field(description="The space (空间).")
    role: str | None = strawberry.field(description="Officer role it belongs to, if any.")
    role_zh = zh(OfficerRole, "role")
    cell: CellRef | None = cell_of("Duty")
    assignee: PersonRef | None = one(
        Relation("Duty", "ASSIGNED_TO", "Person"), "The person (人), now or as of `asOf`."
    )
    assignee_history: list[Assignment[PersonRef]] = history(
        Relation("Duty", "ASSIGNED_TO", "Person"), "Every assignee it has had."
    )
    equipment: list[EquipmentRef] = many(
        Relation("Duty", "APPLIES_TO", "Equipment"), "Devices it applies to (物)."
    )
    areas: list[AreaRef] = many(Relation("Duty", "APPLIES_TO", "Area"), "Areas it applies to.")
    work_items: list[WorkItemRef] = many(
        Relation("Duty", "APPLIES_TO", "WorkItem"), "Work items it applies to."
    )
    controls: list[RiskPointRef] = many(
        Relation("Duty", "CONTROLS", "RiskPoint"), "Risk points it controls."
    )
    process: ProcessRef | None = one(
        Relation("Duty", "IN_PROCESS", "Process"), "The process bundle it is part of."
    )


@strawberry.type(description="A process bundle (流程束) of an officer's business tree.")
class Process(Entity):
    name: str = strawberry.field(description="Name (名称).")
    kind: str = strawberry.field(description="ProcessKind value.")
    kind_zh = zh(ProcessKind, "kind")
    role: str | None = strawberry.field(description="Officer role it serves, if any.")
    role_zh = zh(OfficerRole, "role")
    net: NetRef | None = one(Relation("Process", "IN_NET", "Net"), "The net it runs in.")
    standards: list[StandardRef] = many(
        Relation("Process", "FOLLOWS", "Standard"), "Standards it follows."
    )
    data_sources: list[DataSourceRef] = many(
        Relation("Process", "FLOWS_INTO", "DataSource", outgoing=False), "Data flowing in."
    )
    duties: list[DutyRef] = many(
        Relation("Process", "IN_PROCESS", "Duty", outgoing=False), "Duties in the bundle."
    )


@strawberry.type(description="A data source (数据源) at the root of a business tree.")
class DataSource(Entity):
    name: str = strawberry.field(description="Name (名称).")
    kind: str = strawberry.field(description="DataSourceKind value.")
    kind_zh = zh(DataSourceKind, "kind")
    cells: list[CellRef] = many(Relation("DataSource", "FEEDS", "Cell"), "Cells it feeds.")
    processes: list[ProcessRef] = many(
        Relation("DataSource", "FLOWS_INTO", "Process"), "Processes it flows into."
    )
