"""Standards (怎么干), duties with their six elements (干什么), process bundles and data sources."""

from neomodel import RelationshipTo, StringProperty

from graph.enums import (
    DataSourceKind,
    OfficerRole,
    ProcessKind,
    StandardDimension,
    StandardDomain,
    StandardLevel,
)
from graph.model.base import GridNode
from graph.model.relationships import Assignment
from graph.properties import DateProperty


class Standard(GridNode):
    """A work standard: a guidance standard (指导标准) or a unit standard (单位标准) derived
    from one."""

    __search_fields__ = ("code", "title")
    code = StringProperty(required=True, unique_index=True, max_length=64)
    title = StringProperty(required=True, max_length=300)
    search = StringProperty()
    level = StringProperty(required=True, choices=StandardLevel.choices())
    dimension = StringProperty(required=True, choices=StandardDimension.choices())
    domain = StringProperty(required=True, choices=StandardDomain.choices())
    effective_from = DateProperty()
    derived_from = RelationshipTo("Standard", "DERIVED_FROM")


class Process(GridNode):
    """A process bundle (流程束) on the trunk of an officer's business tree (网+流程)."""

    name = StringProperty(required=True, max_length=200)
    kind = StringProperty(required=True, choices=ProcessKind.choices())
    role = StringProperty(choices=OfficerRole.choices())
    net = RelationshipTo("Net", "IN_NET")
    standards = RelationshipTo("Standard", "FOLLOWS")


class DataSource(GridNode):
    """A data source (数据源) at the root of a business tree, feeding a ledger (台账)."""

    name = StringProperty(required=True, max_length=200)
    kind = StringProperty(required=True, choices=DataSourceKind.choices())
    cells = RelationshipTo("Cell", "FEEDS")
    processes = RelationshipTo("Process", "FLOWS_INTO")


class Duty(GridNode):
    """A duty record locking the six elements (六要素): person 人 (assignee), matter 事,
    object 物 (what it applies to or controls), responsibility 责, time 时间 (schedule) and
    space 空间. A duty missing one of them is incomplete."""

    title = StringProperty(required=True, max_length=300)
    matter = StringProperty(max_length=1000)
    responsibility = StringProperty(max_length=1000)
    schedule = StringProperty(max_length=200)
    space = StringProperty(max_length=200)
    role = StringProperty(choices=OfficerRole.choices())
    cell = RelationshipTo("Cell", "BELONGS_TO", model=Assignment)
    assignee = RelationshipTo("Person", "ASSIGNED_TO", model=Assignment)
    equipment = RelationshipTo("Equipment", "APPLIES_TO")
    areas = RelationshipTo("Area", "APPLIES_TO")
    work_items = RelationshipTo("WorkItem", "APPLIES_TO")
    controls = RelationshipTo("RiskPoint", "CONTROLS")
    process = RelationshipTo("Process", "IN_PROCESS")
