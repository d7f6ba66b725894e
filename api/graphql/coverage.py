"""GraphQL types and root fields for coverage gaps: ``coverageRules`` (the catalog) and
``coverageGaps`` (the findings of the selected rules, rolled up per net and cell).
Resolvers call ``queries.coverage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from functools import partial
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.accountability import AS_OF
from api.graphql.context import Context
from api.graphql.entities import Entity
from api.graphql.entities.base import loaded
from api.graphql.views import shown, view
from queries import coverage

DEFAULT_FIRST = 100


@strawberry.enum(description="How much a coverage gap matters.")
class GapSeverity(Enum):
    HIGH = strawberry.enum_value("high", description="Breaks accountability outright.")
    MEDIUM = strawberry.enum_value("medium", description="Weakens it.")
    LOW = strawberry.enum_value("low", description="A housekeeping gap.")


def _severity(rule: strawberry.Parent[coverage.Rule]) -> GapSeverity:
    return GapSeverity(rule.severity)


@view(coverage.Rule, description="One coverage rule of the catalog.")
class GapRuleType:
    id: str = strawberry.field(description="Rule id, as `coverageGaps(rules:)` takes it.")
    title_en: str = strawberry.field(description="Title in English.")
    title_zh: str = strawberry.field(description="Title in Chinese, e.g. 格无格长.")
    severity: GapSeverity = strawberry.field(
        resolver=_severity, description="How much a finding matters."
    )
    rationale: str = strawberry.field(description="Why the rule matters (DOMAIN.md sections).")
    parameters: list[str] = strawberry.field(
        description="Cypher parameters the rule's statement takes (docs/coverage.md)."
    )


@view(coverage.Finding, description="One offending node and where it sits.")
class FindingType:
    rule: str = strawberry.field(description="The rule id that found it.")
    uid: str = strawberry.field(description="Uid of the offending node.")
    kind: str = strawberry.field(description="Its label.")
    name: str = strawberry.field(description="Its name.")
    cell: str | None = strawberry.field(description="The cell it lies in, if any.")
    l4: str | None = strawberry.field(description="The level-4 net it lies in, if any.")
    l3: str | None = strawberry.field(description="The level-3 net it lies in, if any.")
    l2: str | None = strawberry.field(description="The level-2 net it lies in, if any.")
    detail: JSON = strawberry.field(
        description="Rule-specific facts (per rule in docs/coverage.md), e.g. "
        '`{"missing": [...], "missing_zh": [...]}`.'
    )
    node: Entity | None = loaded(None, "The offending node (null outside your reach).")


@strawberry.type(description="How many findings of one rule.")
class RuleCountType:
    rule: str = strawberry.field(description="Rule id.")
    count: int = strawberry.field(description="Findings.")


def _rule_counts(mapping: Mapping[str, int]) -> list[RuleCountType]:
    return [RuleCountType(rule=rule, count=n) for rule, n in mapping.items()]


def _ms(result: strawberry.Parent[coverage.RuleResult | coverage.GapReport]) -> float:
    return round(result.ms, 1)


def _count(result: strawberry.Parent[coverage.RuleResult]) -> int:
    return len(result.findings)


def _findings(
    result: strawberry.Parent[coverage.RuleResult],
    info: Info[Context, None],
    first: Annotated[
        int,
        strawberry.argument(
            description="At most this many (capped at the server's max_page_size); "
            "`count` tells how many there are."
        ),
    ] = DEFAULT_FIRST,
) -> list[FindingType]:
    return result.findings[: info.context.page_size(first)]  # type: ignore[return-value]


@view(coverage.RuleResult, description="The findings of one rule.")
class RuleResultType:
    rule: GapRuleType = strawberry.field(description="The rule.")
    count: int = strawberry.field(
        resolver=_count, description="All its findings (not only the listed ones)."
    )
    ms: float = strawberry.field(resolver=_ms, description="Milliseconds its statement took.")
    findings: list[FindingType] = strawberry.field(
        resolver=_findings, description="Its findings, sorted by uid."
    )


def _unit_counts(unit: strawberry.Parent[coverage.UnitCount]) -> list[RuleCountType]:
    return _rule_counts(unit.counts)


@view(
    coverage.UnitCount,
    description="Findings in one net's subtree (the net included) or in one cell.",
)
class UnitCountType:
    uid: str = strawberry.field(description="Net or cell uid.")
    kind: str = strawberry.field(description="Net or Cell.")
    name: str = strawberry.field(description="Its name.")
    level: int | None = strawberry.field(description="Net level; null for a cell.")
    parent: str | None = strawberry.field(description="The net it is part of.")
    total: int = strawberry.field(description="Findings of every selected rule.")
    counts: list[RuleCountType] = strawberry.field(
        resolver=_unit_counts, description="Findings per rule (non-zero)."
    )
    node: Entity | None = loaded(None, "The net or cell (null outside your reach).")


def _unplaced(rollup: strawberry.Parent[coverage.Rollup]) -> list[RuleCountType]:
    return _rule_counts(rollup.unplaced)


def _unplaced_total(rollup: strawberry.Parent[coverage.Rollup]) -> int:
    return sum(rollup.unplaced.values())


@view(coverage.Rollup, description="Where the gaps concentrate.")
class RollupType:
    nets: list[UnitCountType] = strawberry.field(
        description="Every net with a finding, by level, then most findings first."
    )
    cells: list[UnitCountType] = strawberry.field(
        description="Every cell with a finding, most findings first."
    )
    unplaced: list[RuleCountType] = strawberry.field(
        resolver=_unplaced,
        description="Findings in no net or cell, per rule (whole-grid runs only).",
    )
    unplaced_total: int = strawberry.field(
        resolver=_unplaced_total, description="Findings in no net or cell."
    )


@strawberry.type(description="The settings a gap report ran with.")
class GapSettingsType:
    overload_threshold: int = strawberry.field(description="Most objects one owner may own.")
    training_days: int = strawberry.field(description="Length of the training window in days.")
    training_since: str = strawberry.field(description="First day of the training window.")
    assessment_month: str = strawberry.field(description="The month every cell needs assessed.")


def _settings(report: strawberry.Parent[coverage.GapReport]) -> GapSettingsType:
    return GapSettingsType(**report.settings)


def _report_counts(report: strawberry.Parent[coverage.GapReport]) -> list[RuleCountType]:
    return _rule_counts(report.counts)


def _rules(report: strawberry.Parent[coverage.GapReport]) -> list[RuleResultType]:
    return report.results  # type: ignore[return-value]


@view(
    coverage.GapReport, description="Coverage gaps of the selected rules, per rule and rolled up."
)
class GapReportType:
    as_of: str = strawberry.field(description="Instant assignments were read at (ISO-8601 UTC).")
    today: str = strawberry.field(description="Date deadlines and windows count from.")
    net: str | None = strawberry.field(description="The subtree root; null for the whole grid.")
    settings: GapSettingsType = strawberry.field(
        resolver=_settings, description="The settings used."
    )
    total: int = strawberry.field(description="Findings of every selected rule.")
    counts: list[RuleCountType] = strawberry.field(
        resolver=_report_counts,
        description="Findings per selected rule, zeros included, in catalog order.",
    )
    ms: float = strawberry.field(resolver=_ms, description="Milliseconds the whole report took.")
    rules: list[RuleResultType] = strawberry.field(
        resolver=_rules, description="Per selected rule, in catalog order."
    )
    rollup: RollupType = strawberry.field(description="Findings per net and cell.")


def resolve_coverage_rules() -> list[GapRuleType]:
    return [shown(GapRuleType, rule) for rule in coverage.catalog()]


async def resolve_coverage_gaps(
    info: Info[Context, None],
    rules: Annotated[
        list[str] | None,
        strawberry.argument(description="Rule ids to run (see `coverageRules`); all if omitted."),
    ] = None,
    net: Annotated[
        str | None,
        strawberry.argument(description="Restrict to the subtree of this Net or Cell uid."),
    ] = None,
    today: Annotated[
        str | None,
        strawberry.argument(
            description="Date (`YYYY-MM-DD`) deadlines and windows count from; defaults to "
            "`asOf`'s date, or today."
        ),
    ] = None,
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
    overload_threshold: Annotated[
        int | None,
        strawberry.argument(description="Most current objects one owner may own."),
    ] = coverage.DEFAULT_OVERLOAD_THRESHOLD,
    training_days: Annotated[
        int | None,
        strawberry.argument(description="Days a cell may go without training."),
    ] = coverage.DEFAULT_TRAINING_DAYS,
) -> GapReportType | None:
    net = await info.context.unit_in_reach(net)
    run = partial(
        coverage.cached_gaps,
        info.context.engine,
        rules,
        net,
        today=today,
        as_of=as_of,
        overload_threshold=(
            coverage.DEFAULT_OVERLOAD_THRESHOLD
            if overload_threshold is None
            else overload_threshold
        ),
        training_days=coverage.DEFAULT_TRAINING_DAYS if training_days is None else training_days,
        max_age_s=info.context.settings.gap_cache_s,
    )
    return shown(GapReportType, await run_in_threadpool(run))
