"""Root list fields: one per listable kind, each with the filters that matter to users and
Relay cursor pagination sliced in the engine (``queries.listing``).

Every filter input takes ``net``: the uid of a net or a cell, limiting the list to what
lies in its subtree now. Filters given together must all hold; a list filter matches any
of its values.
"""

# Resolvers are built by a factory; their annotations must be real objects, not strings.

import datetime
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.connection import Connection, arguments, connection, window
from api.graphql.context import Context
from api.graphql.entities import objects, organisation, people, safety, service, standards
from api.graphql.entities.base import Entity
from api.graphql.look_ahead import look_ahead
from queries.listing import select

NET = strawberry.field(
    default=None,
    description="Uid of a net or a cell: only what lies in its subtree now.",
)


def _of(enum_name: str) -> Any:
    return strawberry.field(default=None, description=f"Any of these {enum_name} values.")


def _since(what: str) -> Any:
    return strawberry.field(default=None, description=f"{what} on or after this date.")


def _until(what: str) -> Any:
    return strawberry.field(default=None, description=f"{what} on or before this date.")


@strawberry.input(description="Filters for `nets`.")
class NetFilter:
    net: str | None = NET
    level: int | None = strawberry.field(default=None, description="Only nets of this level.")
    kind: list[str] | None = _of("NetLevel")


@strawberry.input(description="Filters for `cells`.")
class CellFilter:
    net: str | None = NET
    mode: list[str] | None = _of("CellMode")


@strawberry.input(description="Filters for `microCells`.")
class MicroCellFilter:
    net: str | None = NET


@strawberry.input(description="Filters for `people`. `net`: people placed in its micro-cells.")
class PersonFilter:
    net: str | None = NET
    party_member: bool | None = strawberry.field(default=None, description="Party members only.")
    officer_role: list[str] | None = strawberry.field(
        default=None, description="People holding any of these officer roles (八大员) now."
    )


@strawberry.input(description="Filters for `partnerOrgs`. `net`: partners linked with it.")
class PartnerOrgFilter:
    net: str | None = NET
    kind: list[str] | None = _of("PartnerKind")


@strawberry.input(description="Filters for `agreements`.")
class AgreementFilter:
    signed_from: datetime.date | None = _since("Signed")
    signed_to: datetime.date | None = _until("Signed")


@strawberry.input(description="Filters for `equipment`.")
class EquipmentFilter:
    net: str | None = NET
    category: list[str] | None = _of("EquipmentCategory")


@strawberry.input(description="Filters for `areas`, `workItems` and `riskLists`.")
class UnitFilter:
    net: str | None = NET


@strawberry.input(description="Filters for `standards`.")
class StandardFilter:
    level: list[str] | None = _of("StandardLevel")
    dimension: list[str] | None = _of("StandardDimension")
    domain: list[str] | None = _of("StandardDomain")


@strawberry.input(description="Filters for `duties`.")
class DutyFilter:
    net: str | None = NET
    role: list[str] | None = _of("OfficerRole")


@strawberry.input(description="Filters for `processes`.")
class ProcessFilter:
    net: str | None = NET
    kind: list[str] | None = _of("ProcessKind")
    role: list[str] | None = _of("OfficerRole")


@strawberry.input(description="Filters for `dataSources`.")
class DataSourceFilter:
    net: str | None = NET
    kind: list[str] | None = _of("DataSourceKind")


@strawberry.input(description="Filters for `riskPoints`.")
class RiskPointFilter:
    net: str | None = NET
    grade: list[str] | None = _of("RiskGrade")


@strawberry.input(description="Filters for `hazards`.")
class HazardFilter:
    net: str | None = NET
    status: list[str] | None = _of("HazardStatus")
    severity: list[str] | None = _of("HazardSeverity")
    found_from: datetime.date | None = _since("Found")
    found_to: datetime.date | None = _until("Found")


@strawberry.input(description="Filters for `problems`.")
class ProblemFilter:
    net: str | None = NET
    status: list[str] | None = _of("ProblemStatus")
    category: list[str] | None = _of("ProblemCategory")
    scale: list[str] | None = _of("ProblemScale")
    reported_from: datetime.date | None = _since("Reported")
    reported_to: datetime.date | None = _until("Reported")
    reported_by_me: bool | None = strawberry.field(
        default=None,
        description="True: only the problems you reported by name (网上直通车's 我的上报). "
        "An anonymous problem is linked to nobody, so it never matches, not even for its "
        "reporter; an account acting as no person matches none. False or omitted: no limit.",
    )


@strawberry.input(description="Filters for `trainingSessions`. `net`: sessions training its cells.")
class TrainingSessionFilter:
    net: str | None = NET
    kind: list[str] | None = _of("TrainingKind")
    held_from: datetime.date | None = _since("Held")
    held_to: datetime.date | None = _until("Held")


@strawberry.input(description="Filters for `visits`.")
class VisitFilter:
    net: str | None = NET
    visited_from: datetime.date | None = _since("Visited")
    visited_to: datetime.date | None = _until("Visited")


@strawberry.input(description="Filters for `assessments`.")
class AssessmentFilter:
    net: str | None = NET
    month_from: str | None = strawberry.field(
        default=None, description="From this month (YYYY-MM)."
    )
    month_to: str | None = strawberry.field(default=None, description="Up to this month (YYYY-MM).")


NODE_PATHS = (("edges", "node"), ("nodes",))
"""Where a connection's selection names its nodes' fields."""


def list_field(node_type: type[Entity], filter_type: type, description: str) -> Any:
    """A root field listing ``node_type`` (its label is the type's name) as a connection."""
    label = node_type.__name__

    async def resolve(
        info: Info[Context, None],
        filter_: Annotated[  # type: ignore[valid-type]
            filter_type | None,
            strawberry.argument(name="filter", description="Which ones (all when omitted)."),
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(description="Page forwards: at most this many (default 20)."),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Start after this cursor.")
        ] = None,
        last: Annotated[
            int | None, strawberry.argument(description="Page backwards: at most this many.")
        ] = None,
        before: Annotated[
            str | None, strawberry.argument(description="End before this cursor.")
        ] = None,
        include_retired: Annotated[
            bool, strawberry.argument(description="Also list retired nodes (kept as history).")
        ] = False,
    ) -> Connection[node_type]:  # type: ignore[valid-type]
        filters: dict[str, Any] = asdict(filter_) if filter_ is not None else {}
        unit = filters.pop("net", None)
        if filters.pop("reported_by_me", None):  # the caller's own person, never another's
            person = info.context.principal.person
            filters["reporter"] = [person] if person else []
        paging = arguments(first, after, last, before, info.context.settings.max_page_size)
        visible = await info.context.allowed(label)
        if unit is not None:
            await info.context.require_askable(unit)  # outside the reader's units: as if unknown

        def run() -> tuple[int, int, list[dict[str, Any]]]:
            selection = select(
                info.context.engine, label, filters, unit=unit, visible=visible,
                include_retired=include_retired,
            )  # fmt: skip
            total = selection.count()
            slice_ = window(total, *paging)
            return total, slice_.offset, selection.fetch(slice_.offset, slice_.limit)

        total, offset, rows = await run_in_threadpool(run)
        nodes = [node_type.from_props(row) for row in rows]
        await look_ahead(info, nodes, *NODE_PATHS)
        return connection(nodes, total, offset)

    return strawberry.field(resolver=resolve, description=description)


LIST_FIELDS: dict[str, Callable[..., Any]] = {}
"""Root field name → field, in the order the schema shows them."""

for name, node_type, filter_type, description in (
    ("nets", organisation.Net, NetFilter, "Nets (网), by uid."),
    ("cells", organisation.Cell, CellFilter, "Cells (格), by uid."),
    ("micro_cells", organisation.MicroCell, MicroCellFilter, "Micro-cells (微格), by uid."),
    ("people", people.Person, PersonFilter, "People, by uid."),
    ("partner_orgs", organisation.PartnerOrg, PartnerOrgFilter, "Partner organisations."),
    ("agreements", organisation.Agreement, AgreementFilter, "Cooperation agreements."),
    ("equipment", objects.Equipment, EquipmentFilter, "Devices (设备), by uid."),
    ("areas", objects.Area, UnitFilter, "Areas (区域), by uid."),
    ("work_items", objects.WorkItem, UnitFilter, "Work items (工作事项), by uid."),
    ("standards", standards.Standard, StandardFilter, "Standards (标准), by uid."),
    ("duties", standards.Duty, DutyFilter, "Duty records (六要素), by uid."),
    ("processes", standards.Process, ProcessFilter, "Process bundles (流程束)."),
    ("data_sources", standards.DataSource, DataSourceFilter, "Data sources (数据源)."),
    ("risk_lists", safety.RiskList, UnitFilter, "Post risk lists (岗位风险清单)."),
    ("risk_points", safety.RiskPoint, RiskPointFilter, "Risk points (风险点), by uid."),
    ("hazards", safety.Hazard, HazardFilter, "Hazards (隐患), by uid."),
    ("problems", service.Problem, ProblemFilter, "Problems (问题), by uid."),
    ("training_sessions", service.TrainingSession, TrainingSessionFilter, "Training sessions."),
    ("tackle_teams", service.TackleTeam, UnitFilter, "Tackling teams (党员攻坚队)."),
    ("visits", service.Visit, VisitFilter, "Leader visits (基层日)."),
    ("assessments", service.Assessment, AssessmentFilter, "Monthly assessments (月度考核)."),
):
    LIST_FIELDS[name] = list_field(node_type, filter_type, description)
