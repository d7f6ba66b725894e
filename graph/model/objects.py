"""Accountable objects: every device, area and work item has its dedicated person and standard
(台台设备、块块区域、项项工作的专人专标)."""

from neomodel import RelationshipTo, StringProperty

from graph.enums import EquipmentCategory
from graph.geometry import LineProperty
from graph.model.base import GridNode
from graph.model.geography import Positioned, Territory
from graph.model.relationships import Assignment
from graph.properties import DateProperty


class AccountableObject(GridNode):
    """Common shape of equipment, areas and work items: a cell, an owner, governing standards."""

    __abstract_node__ = True
    __search_fields__: tuple[str, ...] = ("name",)
    name = StringProperty(required=True, max_length=200)
    search = StringProperty()
    cell = RelationshipTo("Cell", "BELONGS_TO", model=Assignment)
    owner = RelationshipTo("Person", "OWNED_BY", model=Assignment)
    standards = RelationshipTo("Standard", "GOVERNED_BY", model=Assignment)


class Area(AccountableObject, Territory):
    """An area (区域): a well site, a station yard, a plant section."""

    kind = StringProperty(max_length=100)


class Equipment(AccountableObject, Positioned):
    """A device (设备) with its tag number."""

    __search_fields__ = ("name", "tag")
    tag = StringProperty(max_length=64, index=True)
    category = StringProperty(required=True, choices=EquipmentCategory.choices())
    commissioned_on = DateProperty()
    line = LineProperty()
    """A linear asset's route (管线走向, GeoJSON LineString) beside its point, where the data
    has one; ``within`` finds the device when its route crosses the area asked about."""
    area = RelationshipTo("Area", "LOCATED_IN")


class WorkItem(AccountableObject):
    """A recurring work item (工作事项), e.g. a patrol or a monthly inspection."""

    frequency = StringProperty(max_length=100)
