"""The net hierarchy: nets (网), cells (格), micro-cells (微格), and partner organisations."""

from neomodel import IntegerProperty, RelationshipTo, StringProperty

from graph.enums import CellMode, NetLevel, PartnerKind
from graph.model.base import GridNode
from graph.model.geography import Territory
from graph.model.relationships import Assignment
from graph.properties import DateProperty


class Net(Territory):
    """A net (网) of level 2 (领航网), 3 (强基网) or 4 (堡垒网); level 2 is the company."""

    __search_fields__ = ("name",)
    name = StringProperty(required=True, max_length=200)
    level = IntegerProperty(required=True, index=True)
    kind = StringProperty(required=True, choices=NetLevel.choices())
    region = StringProperty(max_length=200)
    search = StringProperty()
    parent = RelationshipTo("Net", "PART_OF", model=Assignment)


class Cell(Territory):
    """A vanguard cell (先锋格) inside a level-4 net, drawn by scene or by duty."""

    __search_fields__ = ("name",)
    name = StringProperty(required=True, max_length=200)
    mode = StringProperty(required=True, choices=CellMode.choices())
    search = StringProperty()
    net = RelationshipTo("Net", "PART_OF", model=Assignment)


class MicroCell(Territory):
    """A micro-cell (微格): one party member leading 2–4 ordinary members, "down to the person"."""

    __search_fields__ = ("name",)
    name = StringProperty(required=True, max_length=200)
    search = StringProperty()
    cell = RelationshipTo("Cell", "PART_OF", model=Assignment)


class Agreement(GridNode):
    """A cooperation agreement (合作框架协议) binding partner organisations to the grid."""

    title = StringProperty(required=True, max_length=300)
    signed_on = DateProperty(required=True)
    scope = StringProperty(max_length=1000)


class PartnerOrg(GridNode):
    """A partner organisation of the company–local linkage net (企地协同联动网)."""

    name = StringProperty(required=True, max_length=200)
    kind = StringProperty(required=True, choices=PartnerKind.choices())
    city = StringProperty(max_length=100)
    agreements = RelationshipTo("Agreement", "SIGNED")
    linked_nets = RelationshipTo("Net", "LINKED_WITH")
