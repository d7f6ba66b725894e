"""Standards (怎么干), duties with their six elements (干什么), process bundles and data
sources."""

from __future__ import annotations

from api.graphql.entities.base import Assignment, Entity, cell_of, entity_type, history, many, one
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
from graph import model
from queries.entities import Relation


@entity_type(
    model.Standard,
    "A guidance standard (指导标准) or a unit standard (单位标准).",
    code="Standard code (标准编号).",
    title="Title.",
    level="guidance or unit (StandardLevel).",
    dimension="StandardDimension value.",
    domain="StandardDomain value.",
    effective_from="Effective date.",
)
class Standard(Entity):
    derived_from: StandardRef | None = one(
        Relation("Standard", "DERIVED_FROM", "Standard"),
        "The guidance standard a unit standard derives from.",
    )
    derived_standards: list[StandardRef] = many(
        Relation("Standard", "DERIVED_FROM", "Standard", outgoing=False),
        "Unit standards derived from this guidance standard.",
    )


@entity_type(
    model.Duty,
    "A duty record locking the six elements (六要素): person 人, matter 事, object 物, "
    "responsibility 责, time 时间, space 空间.",
    title="Title.",
    matter="The matter (事).",
    responsibility="The responsibility (责).",
    schedule="The time (时间).",
    space="The space (空间).",
    role="Officer role it belongs to, if any.",
)
class Duty(Entity):
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


@entity_type(
    model.Process,
    "A process bundle (流程束) of an officer's business tree.",
    name="Name (名称).",
    kind="ProcessKind value.",
    role="Officer role it serves, if any.",
)
class Process(Entity):
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


@entity_type(
    model.DataSource,
    "A data source (数据源) at the root of a business tree.",
    name="Name (名称).",
    kind="DataSourceKind value.",
)
class DataSource(Entity):
    cells: list[CellRef] = many(Relation("DataSource", "FEEDS", "Cell"), "Cells it feeds.")
    processes: list[ProcessRef] = many(
        Relation("DataSource", "FLOWS_INTO", "Process"), "Processes it flows into."
    )
