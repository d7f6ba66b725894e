"""Running coverage rules: check the selection and settings, bind the parameters, run each
rule's statement over the grid or a subtree, and turn rows into findings a user reads."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from graph.engine import Engine, Row
from graph.enums import DutyElement, OfficerRole, StandardLevel
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.grid_rules import DONE_HAZARD_STATUSES, SIX_ELEMENTS, SPAN_MAX, SPAN_MIN
from queries.clock import at_and_today
from queries.coverage.frame import Unit, load_frame
from queries.coverage.report import Finding, GapReport, RuleResult
from queries.coverage.rollup import roll_up
from queries.coverage.rules import (
    CATALOG,
    DEFAULT_OVERLOAD_THRESHOLD,
    DEFAULT_TRAINING_DAYS,
    RULES,
    Rule,
)
from queries.coverage.spatial import JUDGES
from queries.cypher import cypher
from queries.views import kind_of

type When = date | datetime | str | None


SIX_ELEMENTS_ZH = DutyElement.choices()
"""The six elements of a duty (六要素) as a user reads them."""


def gaps(
    engine: Engine,
    rules: Iterable[str] | str | None = None,
    net: str | None = None,
    *,
    today: When = None,
    as_of: When = None,
    overload_threshold: int = DEFAULT_OVERLOAD_THRESHOLD,
    training_days: int = DEFAULT_TRAINING_DAYS,
) -> GapReport:
    """Run the selected coverage rules (all when ``rules`` is None), over the whole grid or
    the subtree of ``net`` (a Net or Cell uid), and roll the findings up per net and cell.

    ``as_of`` is the instant assignments are read at, ``today`` the date deadlines and
    windows count from; either defaults to the other (a bare date means the end of that
    day), both to now. A restricted run reports only findings that lie in the subtree;
    findings with no cell or net (see docs/coverage.md) appear in whole-grid runs only.
    Only what existed at ``as_of`` is considered: nodes retired by then are history, and
    nodes not yet in the organisation then (a person who joined later, equipment
    commissioned later, an object first placed in a cell later) are future; findings about
    either are left out. Costs one statement for the hierarchy, one per rule (and one more for
    ``object_outside_cell`` when a mapped cell's territory does not cover its bounding box:
    queries/coverage/spatial.py) and one to find the nodes outside their lifetime.

    Raises:
        ValidationError: an unknown rule id (the message lists the valid ones) or a bad
            date or setting.
        NotFoundError: ``net`` names no Net or Cell.

    Example:
        >>> report = gaps(engine, ["net_without_head"], net="net-l3-12", today="2026-11-15")
        >>> report.uids("net_without_head")
        ['net-l4-048']
    """
    started = time.perf_counter()
    selected = _select(rules)
    _check_settings(overload_threshold, training_days)
    at, today_iso = at_and_today(today, as_of)
    frame = load_frame(engine, at)
    cells, nets = _subtree(frame, net)
    bindings = _bindings(at, today_iso, cells, nets, overload_threshold, training_days)
    results = _within_lifetime(engine, [_run(engine, r, bindings, frame) for r in selected], at)
    return GapReport(
        as_of=at,
        today=today_iso,
        net=net,
        settings={
            "overload_threshold": overload_threshold,
            "training_days": training_days,
            "training_since": bindings["since"],
            "assessment_month": bindings["month"],
        },
        results=results,
        rollup=roll_up(results, frame, net),
        ms=(time.perf_counter() - started) * 1000,
    )


def _select(rules: Iterable[str] | str | None) -> list[Rule]:
    if rules is None:
        return list(CATALOG)
    wanted = [rules] if isinstance(rules, str) else list(rules)
    unknown = [r for r in wanted if r not in RULES]
    if unknown:
        names = ", ".join(repr(r) for r in unknown)
        valid = ", ".join(RULES)
        raise ValidationError(
            "coverage", [FieldError("rules", f"unknown rule {names}; valid rules: {valid}")]
        )
    return [rule for rule in CATALOG if rule.id in set(wanted)]


def _check_settings(overload_threshold: int, training_days: int) -> None:
    errors = []
    for name, value, least in (
        ("overload_threshold", overload_threshold, 0),
        ("training_days", training_days, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            errors.append(FieldError(name, f"must be a whole number ≥ {least}, not {value!r}"))
    if errors:
        raise ValidationError("coverage", errors)


def _subtree(frame: dict[str, Unit], root: str | None) -> tuple[list[str] | None, list[str] | None]:
    """The cells and nets under ``root`` (itself included); ``(None, None)`` for everything."""
    if root is None:
        return None, None
    if root not in frame:
        raise NotFoundError(root, "Net or Cell")
    inside = [unit for unit in frame.values() if unit.within(root)]
    cells = sorted(u.uid for u in inside if u.kind == "Cell")
    nets = sorted(u.uid for u in inside if u.kind == "Net")
    return cells, nets


def _bindings(
    at: str,
    today: str,
    cells: list[str] | None,
    nets: list[str] | None,
    overload_threshold: int,
    training_days: int,
) -> dict[str, Any]:
    reference = date.fromisoformat(today)
    last_month = reference.replace(day=1) - timedelta(days=1)
    return {
        "at": at,
        "today": today,
        "cells": cells,
        "nets": nets,
        "threshold": overload_threshold,
        "since": (reference - timedelta(days=training_days)).isoformat(),
        "month": last_month.isoformat()[:7],
        "roles": [role.value for role in OfficerRole],
        "done": list(DONE_HAZARD_STATUSES),
        "span_min": SPAN_MIN,
        "span_max": SPAN_MAX,
        "level": StandardLevel.UNIT.value,
    }


def _run(
    engine: Engine, rule: Rule, bindings: dict[str, Any], frame: dict[str, Unit]
) -> RuleResult:
    params = {name: bindings[name] for name in rule.parameters}
    started = time.perf_counter()
    rows = engine.run(cypher(rule.query), params, readonly=True)
    if judge := JUDGES.get(rule.id):
        rows = judge(engine, rows, bindings)
    ms = (time.perf_counter() - started) * 1000
    refine = _REFINE.get(rule.id, _as_is)
    findings = [
        _finding(rule.id, row, frame, refine(row["detail"] or {}, bindings)) for row in rows
    ]
    return RuleResult(rule, sorted(findings, key=lambda f: f.uid), ms)


def _within_lifetime(engine: Engine, results: list[RuleResult], at: str) -> list[RuleResult]:
    """The results without findings about nodes retired by ``at`` or not yet in the
    organisation at ``at`` (one statement, ``listing/outside_lifetime``)."""
    uids = sorted({f.uid for result in results for f in result.findings})
    if not uids:
        return results
    rows = engine.run(cypher("listing/outside_lifetime"), {"uids": uids, "at": at}, readonly=True)
    outside = {row["uid"] for row in rows}
    if not outside:
        return results
    return [
        replace(result, findings=[f for f in result.findings if f.uid not in outside])
        for result in results
    ]


def _finding(rule: str, row: Row, frame: dict[str, Unit], detail: dict[str, Any]) -> Finding:
    unit = frame.get(row["cell"] or row["net"] or "")
    slots = (unit.slot(4), unit.slot(3), unit.slot(2)) if unit else (None, None, None)
    return Finding(
        rule, row["uid"], kind_of(row["labels"]), row["name"] or "", row["cell"], *slots, detail
    )


def _as_is(detail: dict[str, Any], bindings: dict[str, Any]) -> dict[str, Any]:
    return detail


def _missing_elements(detail: dict[str, Any], bindings: dict[str, Any]) -> dict[str, Any]:
    missing = [e for e in SIX_ELEMENTS if not detail["present"][e]]
    return {"missing": missing, "missing_zh": [SIX_ELEMENTS_ZH[e] for e in missing]}


def _missing_roles(detail: dict[str, Any], bindings: dict[str, Any]) -> dict[str, Any]:
    return detail | {"missing_zh": [OfficerRole(r).zh for r in detail["missing"]]}


def _days_overdue(detail: dict[str, Any], bindings: dict[str, Any]) -> dict[str, Any]:
    late = date.fromisoformat(bindings["today"]) - date.fromisoformat(detail["deadline"])
    return detail | {"days_overdue": late.days}


_REFINE: dict[str, Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]] = {
    "duty_missing_element": _missing_elements,
    "cell_missing_officer_role": _missing_roles,
    "hazard_overdue": _days_overdue,
}
