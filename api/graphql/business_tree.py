"""GraphQL types and root field for the business tree (业务树) of a cell or a net: root
(cells + data sources), trunk (nets + processes), leaves (officer roles + duty lists) and
fruit (operating quality + assessment). The resolver calls ``queries.business_tree``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.accountability import elements_zh, role_zh
from api.graphql.context import Context
from graph.enums import CellMode, DataSourceKind, NetLevel, ProcessKind
from graph.grid_rules import TRAINING_WINDOW_DAYS
from queries import business_tree as bt


@strawberry.type(description="A person named in a tree or report.")
class PersonRefType:
    uid: str = strawberry.field(description="Person uid.")
    name: str | None = strawberry.field(description="Person name.")

    @classmethod
    def of(cls, person: bt.PersonRef) -> PersonRefType:
        return cls(uid=person.uid, name=person.name)

    @classmethod
    def all(cls, people: tuple[bt.PersonRef, ...]) -> list[PersonRefType]:
        return [cls.of(p) for p in people]


@strawberry.type(description="The cell or net a business tree was asked for.")
class TreeSubjectType:
    uid: str = strawberry.field(description="Its uid.")
    label: str = strawberry.field(description="Cell or Net.")
    name: str | None = strawberry.field(description="Its name.")
    level: int | None = strawberry.field(description="Net level; null for a cell.")


@strawberry.type(description="A net on the trunk with its current heads (网长).")
class TreeNetType:
    uid: str = strawberry.field(description="Net uid.")
    name: str | None = strawberry.field(description="Net name.")
    level: int | None = strawberry.field(description="2, 3 or 4.")
    kind: str | None = strawberry.field(description="navigator, strong_base or fortress.")
    kind_zh: str | None = strawberry.field(description="The kind in Chinese, e.g. 堡垒网(四级网).")
    parent: str | None = strawberry.field(description="The net above on the chain.")
    heads: list[PersonRefType] = strawberry.field(description="Current heads.")

    @classmethod
    def of(cls, net: bt.NetNode) -> TreeNetType:
        return cls(
            uid=net.uid,
            name=net.name,
            level=net.level,
            kind=net.kind,
            kind_zh=NetLevel.zh_of(net.kind),
            parent=net.parent,
            heads=PersonRefType.all(net.heads),
        )


@strawberry.type(description="A cell at the root, with its nets and heads (格长).")
class TreeCellType:
    uid: str = strawberry.field(description="Cell uid.")
    name: str | None = strawberry.field(description="Cell name.")
    mode: str | None = strawberry.field(description="How the cell is drawn (a CellMode value).")
    mode_zh: str | None = strawberry.field(description="The mode in Chinese.")
    nets: list[str] = strawberry.field(description="Uids of the nets it is currently part of.")
    heads: list[PersonRefType] = strawberry.field(description="Current heads.")

    @classmethod
    def of(cls, cell: bt.CellNode) -> TreeCellType:
        return cls(
            uid=cell.uid,
            name=cell.name,
            mode=cell.mode,
            mode_zh=CellMode.zh_of(cell.mode),
            nets=list(cell.nets),
            heads=PersonRefType.all(cell.heads),
        )


@strawberry.type(description="A data source (数据源) feeding the tree's cells.")
class DataSourceType:
    uid: str = strawberry.field(description="Data source uid.")
    name: str | None = strawberry.field(description="Its name.")
    kind: str | None = strawberry.field(description="A DataSourceKind value.")
    kind_zh: str | None = strawberry.field(description="The kind in Chinese.")
    cells: list[str] = strawberry.field(description="The tree's cells it feeds.")

    @classmethod
    def of(cls, source: bt.DataSourceNode) -> DataSourceType:
        return cls(
            uid=source.uid,
            name=source.name,
            kind=source.kind,
            kind_zh=DataSourceKind.zh_of(source.kind),
            cells=list(source.cells),
        )


@strawberry.type(description="Root (格+数据源): the cells and the data sources feeding them.")
class TreeRootType:
    cells: list[TreeCellType] = strawberry.field(description="The cells.")
    data_sources: list[DataSourceType] = strawberry.field(description="Their data sources.")


@strawberry.type(description="A process bundle (流程束) of a trunk net.")
class ProcessType:
    uid: str = strawberry.field(description="Process uid.")
    name: str | None = strawberry.field(description="Its name.")
    kind: str | None = strawberry.field(description="A ProcessKind value.")
    kind_zh: str | None = strawberry.field(description="The kind in Chinese.")
    role: str | None = strawberry.field(description="The officer role it serves.")
    role_zh: str | None = strawberry.field(description="That role in Chinese.")
    net: str = strawberry.field(description="The net it runs in.")
    fed_by: list[str] = strawberry.field(description="Uids of the data sources feeding it.")
    standards: list[str] = strawberry.field(description="Codes of the standards it follows.")

    @classmethod
    def of(cls, process: bt.ProcessNode) -> ProcessType:
        return cls(
            uid=process.uid,
            name=process.name,
            kind=process.kind,
            kind_zh=ProcessKind.zh_of(process.kind),
            role=process.role,
            role_zh=role_zh(process.role),
            net=process.net,
            fed_by=list(process.fed_by),
            standards=list(process.standards),
        )


@strawberry.type(description="Trunk (网+流程): the nets upward, the nets beneath, the processes.")
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


@strawberry.type(description="A person holding an officer role in one of the tree's cells.")
class TreeOfficerType:
    uid: str = strawberry.field(description="Person uid.")
    name: str | None = strawberry.field(description="Person name.")
    cell: str = strawberry.field(description="The cell the role is held in.")
    since: str | None = strawberry.field(description="Held since (ISO-8601 UTC).")


@strawberry.type(description="One duty record of a cell, with the six elements it lacks.")
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
    missing_zh: list[str] = strawberry.field(description="The missing elements in Chinese.")

    @classmethod
    def of(cls, duty: bt.DutyEntry) -> TreeDutyType:
        return cls(
            uid=duty.uid,
            title=duty.title,
            role=duty.role,
            cell=duty.cell,
            assignees=PersonRefType.all(duty.assignees),
            complete=duty.complete,
            missing=list(duty.missing),
            missing_zh=elements_zh(duty.missing),
        )


@strawberry.type(description="Leaves of one officer role: its officers (业务支点) and duty list.")
class LeafType:
    role: str = strawberry.field(description="Officer role (an OfficerRole value).")
    role_zh: str = strawberry.field(description="The role in Chinese.")
    officers: list[TreeOfficerType] = strawberry.field(description="Who holds it, per cell.")
    duties: list[TreeDutyType] = strawberry.field(description="Its duty list (履责清单).")
    duty_count: int = strawberry.field(description="Duties listed.")
    complete_duties: int = strawberry.field(description="Duties with all six elements.")

    @classmethod
    def of(cls, leaf: bt.Leaf) -> LeafType:
        return cls(
            role=leaf.role.value,
            role_zh=leaf.role.zh,
            officers=[
                TreeOfficerType(uid=o.person.uid, name=o.person.name, cell=o.cell, since=o.since)
                for o in leaf.officers
            ],
            duties=[TreeDutyType.of(d) for d in leaf.duties],
            duty_count=len(leaf.duties),
            complete_duties=sum(d.complete for d in leaf.duties),
        )


@strawberry.type(description="Leaves (业务支点+履责清单): all eight roles and role-less duties.")
class TreeLeavesType:
    roles: list[LeafType] = strawberry.field(description="The eight officer roles, in order.")
    duties_without_role: list[TreeDutyType] = strawberry.field(
        description="Duties that name no officer role."
    )


@strawberry.type(description="Problems raised in the cells by `today`.")
class ProblemTallyType:
    total: int = strawberry.field(description="Problems raised.")
    solved: int = strawberry.field(description="Resolved or closed by then.")
    open: int = strawberry.field(description="Still open.")


@strawberry.type(description="Hazards found in the cells by `today`.")
class HazardTallyType:
    total: int = strawberry.field(description="Hazards found.")
    closed_on_time: int = strawberry.field(description="Closed by their deadline.")
    closed_late: int = strawberry.field(description="Closed after their deadline.")
    open: int = strawberry.field(description="Still open.")
    open_overdue: int = strawberry.field(description="Open and past their deadline.")


@strawberry.type(description="Training sessions held for the cells in the window.")
class TrainingTallyType:
    sessions: int = strawberry.field(description="Distinct sessions.")
    attendees: int = strawberry.field(description="Attendees over those sessions.")
    window_days: int = strawberry.field(description="Length of the window in days.")
    window_from: str = strawberry.field(description="First day of the window.")
    window_to: str = strawberry.field(description="Last day of the window (`today`).")


@strawberry.type(description="Monthly assessments (考核评价) of the cells.")
class AssessmentTallyType:
    latest_month: str | None = strawberry.field(description="Latest month assessed (`YYYY-MM`).")
    latest_average: float | None = strawberry.field(description="Its average score.")
    latest_assessments: int = strawberry.field(description="Assessments that month.")
    year_from: str = strawberry.field(description="First month of the twelve-month window.")
    year_average: float | None = strawberry.field(description="Average over the window.")
    year_assessments: int = strawberry.field(description="Assessments in the window.")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@strawberry.type(description="Fruit (运行质效+考核评价): operating quality and assessment.")
class TreeFruitType:
    problems: ProblemTallyType = strawberry.field(description="Problems raised and solved.")
    hazards: HazardTallyType = strawberry.field(description="Hazards found and closed.")
    training: TrainingTallyType = strawberry.field(description="Training held.")
    assessment: AssessmentTallyType = strawberry.field(description="Monthly assessments.")

    @classmethod
    def of(cls, fruit: bt.Fruit) -> TreeFruitType:
        p, h, t, a = fruit.problems, fruit.hazards, fruit.training, fruit.assessment
        return cls(
            problems=ProblemTallyType(total=p.total, solved=p.solved, open=p.open),
            hazards=HazardTallyType(
                total=h.total,
                closed_on_time=h.closed_on_time,
                closed_late=h.closed_late,
                open=h.open,
                open_overdue=h.open_overdue,
            ),
            training=TrainingTallyType(
                sessions=t.sessions,
                attendees=t.attendees,
                window_days=TRAINING_WINDOW_DAYS,
                window_from=t.window_from,
                window_to=t.window_to,
            ),
            assessment=AssessmentTallyType(
                latest_month=a.latest_month,
                latest_average=_round(a.latest_average),
                latest_assessments=a.latest_assessments,
                year_from=a.year_from,
                year_average=_round(a.year_average),
                year_assessments=a.year_assessments,
            ),
        )


@strawberry.type(
    description="The business tree (业务树) of a cell or a net: root, trunk, leaves and fruit. "
    "A net's tree aggregates every cell beneath it."
)
class BusinessTreeType:
    subject: TreeSubjectType = strawberry.field(description="The cell or net asked for.")
    as_of: str = strawberry.field(description="Instant links and posts are current at.")
    today: str = strawberry.field(description="Reference day of the fruit.")
    root: TreeRootType = strawberry.field(description="Root: cells and data sources.")
    trunk: TreeTrunkType = strawberry.field(description="Trunk: nets and processes.")
    leaves: TreeLeavesType = strawberry.field(description="Leaves: officer roles and duties.")
    fruit: TreeFruitType = strawberry.field(description="Fruit: quality and assessment.")

    @classmethod
    def of(cls, tree: bt.BusinessTree) -> BusinessTreeType:
        s = tree.subject
        return cls(
            subject=TreeSubjectType(uid=s.uid, label=s.label, name=s.name, level=s.level),
            as_of=tree.as_of,
            today=tree.today,
            root=TreeRootType(
                cells=[TreeCellType.of(c) for c in tree.root.cells],
                data_sources=[DataSourceType.of(d) for d in tree.root.data_sources],
            ),
            trunk=TreeTrunkType(
                chain=[TreeNetType.of(n) for n in tree.trunk.chain],
                reaches_level_2=tree.trunk.reaches_level_2,
                nets_below=[TreeNetType.of(n) for n in tree.trunk.nets_below],
                processes=[ProcessType.of(p) for p in tree.trunk.processes],
            ),
            leaves=TreeLeavesType(
                roles=[LeafType.of(leaf) for leaf in tree.leaves.roles],
                duties_without_role=[TreeDutyType.of(d) for d in tree.leaves.duties_without_role],
            ),
            fruit=TreeFruitType.of(tree.fruit),
        )


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
    return BusinessTreeType.of(tree)
