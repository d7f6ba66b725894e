"""Lazy references between the entity types of different domain modules, so that each
module can name the others' types without circular imports."""

from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:
    from api.graphql.entities.objects import Area, Equipment, WorkItem
    from api.graphql.entities.organisation import Agreement, Cell, MicroCell, Net, PartnerOrg
    from api.graphql.entities.people import OfficerPost, Person
    from api.graphql.entities.safety import Hazard, RiskList, RiskPoint
    from api.graphql.entities.service import Assessment, Problem, TackleTeam, TrainingSession, Visit
    from api.graphql.entities.standards import DataSource, Duty, Process, Standard

NetRef = Annotated["Net", strawberry.lazy("api.graphql.entities.organisation")]
CellRef = Annotated["Cell", strawberry.lazy("api.graphql.entities.organisation")]
MicroCellRef = Annotated["MicroCell", strawberry.lazy("api.graphql.entities.organisation")]
PartnerOrgRef = Annotated["PartnerOrg", strawberry.lazy("api.graphql.entities.organisation")]
AgreementRef = Annotated["Agreement", strawberry.lazy("api.graphql.entities.organisation")]
PersonRef = Annotated["Person", strawberry.lazy("api.graphql.entities.people")]
OfficerPostRef = Annotated["OfficerPost", strawberry.lazy("api.graphql.entities.people")]
EquipmentRef = Annotated["Equipment", strawberry.lazy("api.graphql.entities.objects")]
AreaRef = Annotated["Area", strawberry.lazy("api.graphql.entities.objects")]
WorkItemRef = Annotated["WorkItem", strawberry.lazy("api.graphql.entities.objects")]
StandardRef = Annotated["Standard", strawberry.lazy("api.graphql.entities.standards")]
DutyRef = Annotated["Duty", strawberry.lazy("api.graphql.entities.standards")]
ProcessRef = Annotated["Process", strawberry.lazy("api.graphql.entities.standards")]
DataSourceRef = Annotated["DataSource", strawberry.lazy("api.graphql.entities.standards")]
RiskListRef = Annotated["RiskList", strawberry.lazy("api.graphql.entities.safety")]
RiskPointRef = Annotated["RiskPoint", strawberry.lazy("api.graphql.entities.safety")]
HazardRef = Annotated["Hazard", strawberry.lazy("api.graphql.entities.safety")]
ProblemRef = Annotated["Problem", strawberry.lazy("api.graphql.entities.service")]
TrainingSessionRef = Annotated["TrainingSession", strawberry.lazy("api.graphql.entities.service")]
TackleTeamRef = Annotated["TackleTeam", strawberry.lazy("api.graphql.entities.service")]
VisitRef = Annotated["Visit", strawberry.lazy("api.graphql.entities.service")]
AssessmentRef = Annotated["Assessment", strawberry.lazy("api.graphql.entities.service")]
