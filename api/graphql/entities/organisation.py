"""Organisation types: nets (网), cells (格), micro-cells (微格), partner organisations and
their agreements."""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import AS_OF, Assignment, Entity, entity_type, history, many, one
from api.graphql.entities.people import officer_posts, prefetch_officer_posts
from api.graphql.entities.refs import (
    AgreementRef,
    AreaRef,
    AssessmentRef,
    CellRef,
    DutyRef,
    EquipmentRef,
    HazardRef,
    MicroCellRef,
    NetRef,
    OfficerPostRef,
    PartnerOrgRef,
    PersonRef,
    ProblemRef,
    ProcessRef,
    RiskListRef,
    RiskPointRef,
    TackleTeamRef,
    WorkItemRef,
)
from api.graphql.geojson import TERRITORY_FIELDS
from graph import model
from queries.entities import Relation
from writes.workflows import monthly_problem_tally


@entity_type(
    model.Net,
    "A net (网): level 2 领航网 (the company), 3 强基网 or 4 堡垒网.",
    name="Name (名称).",
    level="2, 3 or 4.",
    kind="navigator, strong_base or fortress (NetLevel).",
    region="Region or site (区域).",
    **TERRITORY_FIELDS,
)
class Net(Entity):
    parent: NetRef | None = one(
        Relation("Net", "PART_OF", "Net"), "The net this one is part of, now or as of `asOf`."
    )
    parent_history: list[Assignment[NetRef]] = history(
        Relation("Net", "PART_OF", "Net"), "Every net this one has been part of."
    )
    children: list[NetRef] = many(
        Relation("Net", "PART_OF", "Net", outgoing=False), "The nets directly beneath."
    )
    cells: list[CellRef] = many(
        Relation("Net", "PART_OF", "Cell", outgoing=False), "The cells of a level-4 net."
    )
    head: PersonRef | None = one(
        Relation("Net", "HEAD_OF", "Person", outgoing=False),
        "The net head (网长), now or as of `asOf` (the first by uid if several).",
    )
    head_history: list[Assignment[PersonRef]] = history(
        Relation("Net", "HEAD_OF", "Person", outgoing=False), "Every head the net has had."
    )
    tackle_teams: list[TackleTeamRef] = many(
        Relation("Net", "IN_NET", "TackleTeam", outgoing=False), "Party-member tackling teams."
    )
    processes: list[ProcessRef] = many(
        Relation("Net", "IN_NET", "Process", outgoing=False), "Process bundles (流程束)."
    )
    partners: list[PartnerOrgRef] = many(
        Relation("Net", "LINKED_WITH", "PartnerOrg", outgoing=False),
        "Partner organisations linked with this net (企地协同).",
    )


@entity_type(
    model.Cell,
    "A vanguard cell (先锋格) inside a level-4 net.",
    name="Name (名称).",
    mode="Drawn by scene or by duty (CellMode).",
    **TERRITORY_FIELDS,
)
class Cell(Entity):
    net: NetRef | None = one(
        Relation("Cell", "PART_OF", "Net"), "The level-4 net, now or as of `asOf`."
    )
    net_history: list[Assignment[NetRef]] = history(
        Relation("Cell", "PART_OF", "Net"), "Every net the cell has been part of."
    )
    head: PersonRef | None = one(
        Relation("Cell", "HEAD_OF", "Person", outgoing=False),
        "The cell head (格长), now or as of `asOf` (the first by uid if several).",
    )
    head_history: list[Assignment[PersonRef]] = history(
        Relation("Cell", "HEAD_OF", "Person", outgoing=False), "Every head the cell has had."
    )
    micro_cells: list[MicroCellRef] = many(
        Relation("Cell", "PART_OF", "MicroCell", outgoing=False), "The micro-cells (微格)."
    )
    equipment: list[EquipmentRef] = many(
        Relation("Cell", "BELONGS_TO", "Equipment", outgoing=False), "Devices of the cell."
    )
    areas: list[AreaRef] = many(
        Relation("Cell", "BELONGS_TO", "Area", outgoing=False), "Areas of the cell."
    )
    work_items: list[WorkItemRef] = many(
        Relation("Cell", "BELONGS_TO", "WorkItem", outgoing=False), "Work items of the cell."
    )
    duties: list[DutyRef] = many(
        Relation("Cell", "BELONGS_TO", "Duty", outgoing=False), "Duty records of the cell."
    )
    risk_lists: list[RiskListRef] = many(
        Relation("Cell", "BELONGS_TO", "RiskList", outgoing=False), "Post risk lists."
    )
    risk_points: list[RiskPointRef] = many(
        Relation("Cell", "BELONGS_TO", "RiskPoint", outgoing=False), "Risk points."
    )
    hazards: list[HazardRef] = many(
        Relation("Cell", "BELONGS_TO", "Hazard", outgoing=False), "Hazards found in the cell."
    )
    problems: list[ProblemRef] = many(
        Relation("Cell", "RAISED_IN", "Problem", outgoing=False), "Problems raised in the cell."
    )
    assessments: list[AssessmentRef] = many(
        Relation("Cell", "ASSESSES", "Assessment", outgoing=False), "Monthly assessments."
    )

    @strawberry.field(
        description="The cell's problems in one month, the problem side of its monthly "
        "assessment (月度考核评价): reported, solved in the cell or by the net, escalated, closed."
    )
    async def problem_tally(
        self,
        info: Info[Context, None],
        month: Annotated[str, strawberry.argument(description="The month, YYYY-MM.")],
    ) -> MonthlyProblemsType:
        tally = await run_in_threadpool(monthly_problem_tally, info.context.engine, self.uid, month)
        return MonthlyProblemsType(
            month=tally.month, reported=tally.reported, resolved_in_cell=tally.resolved_in_cell,
            resolved_by_net=tally.resolved_by_net, escalated=tally.escalated, closed=tally.closed,
            open=tally.open,
        )  # fmt: skip

    @strawberry.field(
        description="The eight officers (八大员) of the cell, now or as of `asOf`, by role.",
        metadata=prefetch_officer_posts(of_cell=True),
    )
    def officers(
        self, info: Info[Context, None], as_of: Annotated[str | None, AS_OF] = None
    ) -> list[OfficerPostRef]:
        return officer_posts(info, self, as_of, of_cell=True)  # type: ignore[no-any-return]


@strawberry.type(description="A cell's problems in one month (see `Cell.problemTally`).")
class MonthlyProblemsType:
    month: str = strawberry.field(description="YYYY-MM.")
    reported: int = strawberry.field(description="Reported that month.")
    resolved_in_cell: int = strawberry.field(description="Solved that month in the cell.")
    resolved_by_net: int = strawberry.field(description="Solved that month after escalation.")
    escalated: int = strawberry.field(description="Escalated that month (one or more levels).")
    closed: int = strawberry.field(description="Solved that month and since closed.")
    open: int = strawberry.field(
        description="Reported by the month's end and neither resolved nor closed then "
        "(from the status history: exact for a past month)."
    )


@entity_type(
    model.MicroCell,
    "A micro-cell (微格): one party member leading 2–4 members.",
    name="Name (名称).",
    **TERRITORY_FIELDS,
)
class MicroCell(Entity):
    cell: CellRef | None = one(
        Relation("MicroCell", "PART_OF", "Cell"), "The cell, now or as of `asOf`."
    )
    cell_history: list[Assignment[CellRef]] = history(
        Relation("MicroCell", "PART_OF", "Cell"), "Every cell the micro-cell has been part of."
    )
    lead: PersonRef | None = one(
        Relation("MicroCell", "LEADS", "Person", outgoing=False),
        "The party member leading it (微格长), now or as of `asOf`.",
    )
    lead_history: list[Assignment[PersonRef]] = history(
        Relation("MicroCell", "LEADS", "Person", outgoing=False), "Every lead it has had."
    )
    members: list[PersonRef] = many(
        Relation("MicroCell", "MEMBER_OF", "Person", outgoing=False),
        "Its members, now or as of `asOf`.",
    )
    member_history: list[Assignment[PersonRef]] = history(
        Relation("MicroCell", "MEMBER_OF", "Person", outgoing=False), "Every membership."
    )


@entity_type(
    model.PartnerOrg,
    "A partner organisation of the company–local linkage net.",
    name="Name (名称).",
    kind="PartnerKind value.",
    city="City.",
)
class PartnerOrg(Entity):
    agreements: list[AgreementRef] = many(
        Relation("PartnerOrg", "SIGNED", "Agreement"), "Agreements it signed."
    )
    linked_nets: list[NetRef] = many(
        Relation("PartnerOrg", "LINKED_WITH", "Net"), "Nets it works with."
    )


@entity_type(
    model.Agreement,
    "A cooperation agreement (合作框架协议).",
    title="Title.",
    signed_on="Signing date (YYYY-MM-DD).",
    scope="What it covers.",
)
class Agreement(Entity):
    partners: list[PartnerOrgRef] = many(
        Relation("Agreement", "SIGNED", "PartnerOrg", outgoing=False), "Who signed it."
    )
