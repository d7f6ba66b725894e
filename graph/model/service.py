"""Grid work: problems (micro-matters), training, tackling teams, leader visits, assessments."""

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipTo,
    StringProperty,
)

from graph.enums import ProblemCategory, ProblemScale, ProblemStatus, TrainingKind
from graph.model.base import GridNode
from graph.model.geography import Positioned
from graph.model.relationships import Assignment, Dated
from graph.properties import DateProperty, MonthProperty


class Problem(Positioned):
    """A problem or suggestion found by the grid (问题): small ones solved in the cell,
    big ones escalated to the whole net."""

    title = StringProperty(required=True, max_length=300)
    category = StringProperty(required=True, choices=ProblemCategory.choices())
    status = StringProperty(required=True, choices=ProblemStatus.choices(), index=True)
    scale = StringProperty(required=True, choices=ProblemScale.choices())
    anonymous = BooleanProperty(default=False)
    reported_on = DateProperty(required=True)
    resolved_on = DateProperty()
    resolution = StringProperty(max_length=2000)
    status_history = ArrayProperty(StringProperty())
    """``"<instant>|<status>"`` entries, oldest first (``graph.status_history``); written by the
    workflow steps and by a ledger import that changes the status; never given by a ledger
    row or an edit."""
    cell = RelationshipTo("Cell", "RAISED_IN", model=Dated)
    reporter = RelationshipTo("Person", "REPORTED_BY")
    owner = RelationshipTo("Person", "OWNED_BY", model=Assignment)
    escalated_to = RelationshipTo("Net", "ESCALATED_TO", model=Assignment)


class TrainingSession(GridNode):
    """A training session of the matrix "three learnings, four classrooms" (三学四课堂)."""

    title = StringProperty(required=True, max_length=300)
    kind = StringProperty(required=True, choices=TrainingKind.choices())
    held_on = DateProperty(required=True)
    attendees = IntegerProperty()
    cells = RelationshipTo("Cell", "TRAINED")
    trainer = RelationshipTo("Person", "TAUGHT_BY")
    participants = RelationshipTo("Person", "ATTENDED_BY")
    """Who signed in (培训签到); ``attendees`` stays the head count, guests included."""


class TackleTeam(GridNode):
    """A party-member tackling team (党员攻坚队) of a net."""

    name = StringProperty(required=True, max_length=200)
    task = StringProperty(max_length=1000)
    net = RelationshipTo("Net", "IN_NET")


class Visit(GridNode):
    """A leader's grassroots visit (every Tuesday and Wednesday, 周二周三基层日)."""

    visited_on = DateProperty(required=True)
    purpose = StringProperty(max_length=500)
    visitor = RelationshipTo("Person", "VISITED_BY")
    cell = RelationshipTo("Cell", "VISITED")


SCORE_RANGE = (0.0, 100.0)
"""The lowest and highest assessment score."""


class Assessment(GridNode):
    """A cell's monthly assessment score (月度考核评价), 0–100."""

    month = MonthProperty(required=True, index=True)
    score = FloatProperty(required=True)
    cell = RelationshipTo("Cell", "ASSESSES")
