"""GraphQL types and root field for the business tree (业务树) of a cell or a net: root
(cells + data sources), trunk (nets + processes), leaves (officer roles + duty lists) and
fruit (operating quality + assessment). The resolver calls ``queries.business_tree``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities import Entity
from api.graphql.entities.base import loaded
from api.graphql.entities.refs import CellRef, DutyRef, NetRef, PersonRef
from api.graphql.views import shown, view, zh, zh_all
from graph.enums import CellMode, DataSourceKind, DutyElement, NetLevel, OfficerRole, ProcessKind
from graph.grid_rules import TRAINING_WINDOW_DAYS
from queries import business_tree as bt


@view(bt.PersonRef, description="A person named in a tree or report.")
class PersonRefType:
    uid: str = strawberry.field(description="Person uid.")
    name: str | None = strawberry.field(description="Person name.")
    person: PersonRef | None = loaded("Person", "The person (null outside your reach).")


@view(bt.Subject, description="The cell or net a business tree was asked for.")
class TreeSubjectType:
    uid: str = strawberry.field(description="Its uid.")
    label: str = strawberry.field(description="Cell or Net.")
    name: str | None = strawberry.field(description="Its name.")
    level: int | None = strawberry.field(description="Net level; null for a cell.")
    node: Entity | None = loaded(None, "The cell or net as an entity.")


@view(bt.NetNode, description="A net on the trunk with its current heads (网长).")
class TreeNetType:
    uid: str = strawberry.field(description="Net uid.")
    name: str | None = strawberry.field(description="Net name.")
    level: int | None = strawberry.field(description="2, 3 or 4.")
    kind: str | None = strawberry.field(description="navigator, strong_base or fortress.")
    kind_zh: str | None = zh(NetLevel, "kind")
    parent: str | None = strawberry.field(description="The net above on the chain.")
    heads: list[PersonRefType] = strawberry.field(description="Current heads.")
    net: NetRef | None = loaded("Net", "The net (null outside your reach).")


@view(bt.CellNode, description="A cell at the root, with its nets and heads (格长).")
class TreeCellType:
    uid: str = strawberry.field(description="Cell uid.")
    name: str | None = strawberry.field(description="Cell name.")
    mode: str | None = strawberry.field(description="How the cell is drawn (a CellMode value).")
    mode_zh: str | None = zh(CellMode, "mode")
    nets: list[str] = strawberry.field(description="Uids of the nets it is currently part of.")
    heads: list[PersonRefType] = strawberry.field(description="Current heads.")
    cell: CellRef | None = loaded("Cell", "The cell (null outside your reach).")


@view(bt.DataSourceNode, description="A data source (数据源) feeding the tree's cells.")
class DataSourceType:
    uid: str = strawberry.field(description="Data source uid.")
    name: str | None = strawberry.field(description="Its name.")
    kind: str | None = strawberry.field(description="A DataSourceKind value.")
    kind_zh: str | None = zh(DataSourceKind, "kind")
    cells: list[str] = strawberry.field(description="The tree's cells it feeds.")


@view(bt.Root, description="Root (格+数据源): the cells and the data sources feeding them.")
class TreeRootType:
    cells: list[TreeCellType] = strawberry.field(description="The cells.")
    data_sources: list[DataSourceType] = strawberry.field(description="Their data sources.")


@view(bt.ProcessNode, description="A process bundle (流程束) of a trunk net.")
class ProcessType:
    uid: str = strawberry.field(description="Process uid.")
    name: str | None = strawberry.field(description="Its name.")
    kind: str | None = strawberry.field(description="A ProcessKind value.")
    kind_zh: str | None = zh(ProcessKind, "kind")
    role: str | None = strawberry.field(description="The officer role it serves.")
    role_zh: str | None = zh(OfficerRole, "role")
    net: str = strawberry.field(description="The net it runs in.")
    fed_by: list[str] = strawberry.field(description="Uids of the data sources feeding it.")
    standards: list[str] = strawberry.field(description="Codes of the standards it follows.")


@view(bt.Trunk, description="Trunk (网+流程): the nets upward, the nets beneath, the processes.")
class TreeTrunkType:
    chain: list[TreeNetType] = strawberry.field(
        description="Upward: L4 → L3 → L2 (a net subject first)."
    )
    reaches_level_2: bool = strawberry.field(
        description="True when current links run up to a level-2 net."
    )
    nets_below: list[TreeNetType] = strawberry.field(
        description="A net subject's nets beneath it, by level."
    )
    processes: list[ProcessType] = strawberry.field(description="Processes of the trunk nets.")


def _officer_uid(officer: strawberry.Parent[bt.Officer]) -> str:
    return officer.person.uid


def _officer_name(officer: strawberry.Parent[bt.Officer]) -> str | None:
    return officer.person.name


@view(bt.Officer, description="A person holding an officer role in one of the tree's cells.")
class TreeOfficerType:
    uid: str = strawberry.field(resolver=_officer_uid, description="Person uid.")
    name: str | None = strawberry.field(resolver=_officer_name, description="Person name.")
    cell: str = strawberry.field(description="The cell the role is held in.")
    since: str | None = strawberry.field(description="Held since (ISO-8601 UTC).")
    person: PersonRef | None = loaded(
        "Person", "The person (null outside your reach).", uid=_officer_uid
    )


@view(bt.DutyEntry, description="One duty record of a cell, with the six elements it lacks.")
class TreeDutyType:
    uid: str = strawberry.field(description="Duty uid.")
    title: str | None = strawberry.field(description="Duty title.")
    role: str | None = strawberry.field(description="Officer role it belongs to, if any.")
    cell: str = strawberry.field(description="The cell it belongs to.")
    assignees: list[PersonRefType] = strawberry.field(description="Current assignees.")
    complete: bool = strawberry.field(description="True when no element is missing.")
    missing: list[str] = strawberry.field(
        description="Missing elements (六要素): assignee, matter, object, responsibility, "
        "schedule, space."
    )
    missing_zh: list[str] = zh_all(DutyElement, "missing")
    duty: DutyRef | None = loaded("Duty", "The duty record (null outside your reach).")


def _duty_count(leaf: strawberry.Parent[bt.Leaf]) -> int:
    return len(leaf.duties)


def _complete_duties(leaf: strawberry.Parent[bt.Leaf]) -> int:
    return sum(d.complete for d in leaf.duties)


@view(bt.Leaf, description="Leaves of one officer role: its officers (业务支点) and duty list.")
class LeafType:
    role: str = strawberry.field(description="Officer role (an OfficerRole value).")
    role_zh: str = zh(OfficerRole, "role", required=True)
    officers: list[TreeOfficerType] = strawberry.field(description="Who holds it, per cell.")
    duties: list[TreeDutyType] = strawberry.field(description="Its duty list (履责清单).")
    duty_count: int = strawberry.field(resolver=_duty_count, description="Duties listed.")
    complete_duties: int = strawberry.field(
        resolver=_complete_duties, description="Duties with all six elements."
    )


@view(bt.Leaves, description="Leaves (业务支点+履责清单): all eight roles and role-less duties.")
class TreeLeavesType:
    roles: list[LeafType] = strawberry.field(description="The eight officer roles, in order.")
    duties_without_role: list[TreeDutyType] = strawberry.field(
        description="Duties that name no officer role."
    )


@view(bt.ProblemTally, description="Problems raised in the cells by `today`.")
class ProblemTallyType:
    total: int = strawberry.field(description="Problems raised.")
    solved: int = strawberry.field(description="Resolved or closed by then.")
    open: int = strawberry.field(description="Still open.")


@view(bt.HazardTally, description="Hazards found in the cells by `today`.")
class HazardTallyType:
    total: int = strawberry.field(description="Hazards found.")
    closed_on_time: int = strawberry.field(description="Closed by their deadline.")
    closed_late: int = strawberry.field(description="Closed after their deadline.")
    open: int = strawberry.field(description="Still open.")
    open_overdue: int = strawberry.field(description="Open and past their deadline.")


def _window_days() -> int:
    return TRAINING_WINDOW_DAYS


@view(bt.TrainingTally, description="Training sessions held for the cells in the window.")
class TrainingTallyType:
    sessions: int = strawberry.field(description="Distinct sessions.")
    attendees: int = strawberry.field(description="Attendees over those sessions.")
    window_days: int = strawberry.field(
        resolver=_window_days, description="Length of the window in days."
    )
    window_from: str = strawberry.field(description="First day of the window.")
    window_to: str = strawberry.field(description="Last day of the window (`today`).")


def _latest_average(tally: strawberry.Parent[bt.AssessmentTally]) -> float | None:
    return _round(tally.latest_average)


def _year_average(tally: strawberry.Parent[bt.AssessmentTally]) -> float | None:
    return _round(tally.year_average)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@view(bt.AssessmentTally, description="Monthly assessments (考核评价) of the cells.")
class AssessmentTallyType:
    latest_month: str | None = strawberry.field(description="Latest month assessed (`YYYY-MM`).")
    latest_average: float | None = strawberry.field(
        resolver=_latest_average, description="Its average score."
    )
    latest_assessments: int = strawberry.field(description="Assessments that month.")
    year_from: str = strawberry.field(description="First month of the twelve-month window.")
    year_average: float | None = strawberry.field(
        resolver=_year_average, description="Average over the window."
    )
    year_assessments: int = strawberry.field(description="Assessments in the window.")


@view(bt.Fruit, description="Fruit (运行质效+考核评价): operating quality and assessment.")
class TreeFruitType:
    problems: ProblemTallyType = strawberry.field(description="Problems raised and solved.")
    hazards: HazardTallyType = strawberry.field(description="Hazards found and closed.")
    training: TrainingTallyType = strawberry.field(description="Training held.")
    assessment: AssessmentTallyType = strawberry.field(description="Monthly assessments.")


@view(
    bt.BusinessTree,
    description="The business tree (业务树) of a cell or a net: root, trunk, leaves and fruit. "
    "A net's tree aggregates every cell beneath it.",
)
class BusinessTreeType:
    subject: TreeSubjectType = strawberry.field(description="The cell or net asked for.")
    as_of: str = strawberry.field(description="Instant links and posts are current at.")
    today: str = strawberry.field(description="Reference day of the fruit.")
    root: TreeRootType = strawberry.field(description="Root: cells and data sources.")
    trunk: TreeTrunkType = strawberry.field(description="Trunk: nets and processes.")
    leaves: TreeLeavesType = strawberry.field(description="Leaves: officer roles and duties.")
    fruit: TreeFruitType = strawberry.field(description="Fruit: quality and assessment.")


async def resolve_business_tree(
    info: Info[Context, None],
    uid: Annotated[str, strawberry.argument(description="Uid of a Cell or a Net of any level.")],
    today: Annotated[
        str | None,
        strawberry.argument(
            description="Reference day (`YYYY-MM-DD`): links current at its end, fruit counted "
            "up to it; today when omitted."
        ),
    ] = None,
) -> BusinessTreeType | None:
    await info.context.unit_in_reach(uid)
    tree = await run_in_threadpool(lambda: bt.business_tree(info.context.engine, uid, today=today))
    return shown(BusinessTreeType, tree)
