"""The schema of record: every node label, property and relationship type, declared once."""

from graph.model.base import GridNode
from graph.model.objects import AccountableObject, Area, Equipment, WorkItem
from graph.model.organisation import Agreement, Cell, MicroCell, Net, PartnerOrg
from graph.model.people import HealthRecord, Person
from graph.model.relationships import Assignment, OfficerAssignment
from graph.model.safety import Hazard, RiskList, RiskPoint
from graph.model.security import AuditEntry, User
from graph.model.service import Assessment, Problem, TackleTeam, TrainingSession, Visit
from graph.model.standards import DataSource, Duty, Process, Standard

NODE_CLASSES: tuple[type[GridNode], ...] = (
    Net,
    Cell,
    MicroCell,
    Person,
    PartnerOrg,
    Agreement,
    Equipment,
    Area,
    WorkItem,
    Standard,
    Duty,
    Process,
    DataSource,
    RiskList,
    RiskPoint,
    Hazard,
    Problem,
    HealthRecord,
    TrainingSession,
    TackleTeam,
    Visit,
    Assessment,
    User,
    AuditEntry,
)
"""Every concrete node class, in load order (referenced nodes before referring ones)."""

__all__ = [
    "NODE_CLASSES",
    "AccountableObject",
    "Agreement",
    "Area",
    "Assessment",
    "Assignment",
    "AuditEntry",
    "Cell",
    "DataSource",
    "Duty",
    "Equipment",
    "GridNode",
    "Hazard",
    "HealthRecord",
    "MicroCell",
    "Net",
    "OfficerAssignment",
    "PartnerOrg",
    "Person",
    "Problem",
    "Process",
    "RiskList",
    "RiskPoint",
    "Standard",
    "TackleTeam",
    "TrainingSession",
    "User",
    "Visit",
    "WorkItem",
]
