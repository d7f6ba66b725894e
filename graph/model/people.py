"""People, the posts they hold in the grid, and their (sensitive) health records."""

from neomodel import BooleanProperty, RelationshipTo, StringProperty

from graph.enums import HealthStatus
from graph.model.base import GridNode
from graph.model.relationships import Assignment, OfficerAssignment
from graph.properties import DateProperty


class Person(GridNode):
    """An employee: grid member (网格员) when a party member, otherwise cell member (格成员)."""

    __search_fields__ = ("name", "employee_no", "post")
    employee_no = StringProperty(required=True, unique_index=True, max_length=32)
    name = StringProperty(required=True, max_length=100, index=True)
    party_member = BooleanProperty(required=True)
    post = StringProperty(max_length=100)
    joined_on = DateProperty()
    search = StringProperty()
    heads_nets = RelationshipTo("Net", "HEAD_OF", model=Assignment)
    heads_cells = RelationshipTo("Cell", "HEAD_OF", model=Assignment)
    leads = RelationshipTo("MicroCell", "LEADS", model=Assignment)
    member_of = RelationshipTo("MicroCell", "MEMBER_OF", model=Assignment)
    officer_of = RelationshipTo("Cell", "OFFICER_OF", model=OfficerAssignment)
    tackle_teams = RelationshipTo("TackleTeam", "IN_TEAM")


class HealthRecord(GridNode):
    """An employee health record (员工健康档案). Sensitive: the person, their health
    instructor (健康管理指导员) and admins only."""

    __sensitive__ = True
    checked_on = DateProperty(required=True)
    status = StringProperty(required=True, choices=HealthStatus.choices())
    notes = StringProperty(max_length=2000)
    person = RelationshipTo("Person", "RECORD_OF")
