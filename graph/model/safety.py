"""Safety: post risk lists (岗位风险清单), graded risk points (风险点) and hazards (隐患)."""

from neomodel import ArrayProperty, RelationshipTo, StringProperty

from graph.enums import HazardSeverity, HazardStatus, RiskGrade
from graph.model.base import GridNode
from graph.model.geography import Positioned
from graph.model.relationships import Assignment
from graph.properties import DateProperty


class RiskList(GridNode):
    """A post risk list (岗位风险清单) of one post in one cell."""

    name = StringProperty(required=True, max_length=200)
    post = StringProperty(required=True, max_length=100)
    cell = RelationshipTo("Cell", "BELONGS_TO", model=Assignment)


class RiskPoint(Positioned):
    """An identified risk point (风险点) with its graded colour, controlled by a duty; placed at
    its own position, or else at the position of the equipment or area it is AT (a dated
    link, issue 12: a ledger re-import naming another target closes it and opens a new one;
    a link stored without ``since`` counts from the beginning)."""

    __search_fields__ = ("name",)
    name = StringProperty(required=True, max_length=300)
    grade = StringProperty(required=True, choices=RiskGrade.choices(), index=True)
    search = StringProperty()
    risk_list = RelationshipTo("RiskList", "LISTED_IN")
    cell = RelationshipTo("Cell", "BELONGS_TO", model=Assignment)
    owner = RelationshipTo("Person", "OWNED_BY", model=Assignment)
    equipment = RelationshipTo("Equipment", "AT", model=Assignment)
    area = RelationshipTo("Area", "AT", model=Assignment)


class Hazard(Positioned):
    """A hazard (隐患) found at a risk point (a dated link: FOUND_AT), rectified by its owner,
    verified by another person; past its deadline it escalates up the nets like a problem
    (ESCALATED_TO, temporal)."""

    title = StringProperty(required=True, max_length=300)
    severity = StringProperty(required=True, choices=HazardSeverity.choices())
    status = StringProperty(required=True, choices=HazardStatus.choices(), index=True)
    found_on = DateProperty(required=True)
    deadline = DateProperty()
    closed_on = DateProperty()
    status_history = ArrayProperty(StringProperty())
    """``"<instant>|<status>"`` entries, oldest first (``graph.status_history``); written by the
    workflow steps and by a ledger import that changes the status; never given by a ledger
    row or an edit."""
    risk_point = RelationshipTo("RiskPoint", "FOUND_AT", model=Assignment)
    cell = RelationshipTo("Cell", "BELONGS_TO", model=Assignment)
    owner = RelationshipTo("Person", "OWNED_BY", model=Assignment)
    verified_by = RelationshipTo("Person", "VERIFIED_BY")
    escalated_to = RelationshipTo("Net", "ESCALATED_TO", model=Assignment)
