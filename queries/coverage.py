"""Coverage gaps: a catalog of named rules, each one portable Cypher statement, run over the
whole grid or one net's subtree and rolled up per level-2/3/4 net and per cell, so a
planner sees where the accountability network has holes (DOMAIN.md §9).

Example:
    >>> report = gaps(engine, today="2026-11-15")
    >>> report.counts["cell_without_head"], report.rollup.nets[0].uid
    (1, 'net-l2')
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from graph.engine import Engine, Row
from graph.enums import DutyElement, OfficerRole, StandardLevel
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.grid_rules import (
    DONE_HAZARD_STATUSES,
    OVERLOAD_LIMIT,
    SIX_ELEMENTS,
    SPAN_MAX,
    SPAN_MIN,
    TRAINING_WINDOW_DAYS,
)
from queries.clock import day, instant
from queries.cypher import cypher
from queries.views import kind_of, to_json

type Severity = Literal["high", "medium", "low"]
type When = date | datetime | str | None

DEFAULT_OVERLOAD_THRESHOLD = OVERLOAD_LIMIT
DEFAULT_TRAINING_DAYS = TRAINING_WINDOW_DAYS
SIX_ELEMENTS_ZH = DutyElement.choices()
"""The six elements of a duty (六要素) as a user reads them."""

PARAMETERS: dict[str, str] = {
    "at": "the instant assignments are read at (as_of; `YYYY-MM-DDTHH:MM:SSZ`)",
    "today": "the reference date (`YYYY-MM-DD`) for deadlines and found dates",
    "cells": "uids of the cells in the chosen subtree; null for the whole grid",
    "nets": "uids of the nets in the chosen subtree; null for the whole grid",
    "threshold": "overload_threshold: most current objects one person may own (default 40)",
    "since": "today minus training_days (default 180): the start of the training window",
    "month": "the month before today's month (`YYYY-MM`): the assessment every cell needs",
    "roles": "the eight officer roles (八大员), OfficerRole values",
    "done": "hazard states that close the loop: rectified, verified, closed",
    "span_min": "fewest members a micro-cell lead leads (2)",
    "span_max": "most members a micro-cell lead leads (4)",
    "level": "the standard level that must derive from a guidance standard (unit)",
}
"""Every Cypher parameter a rule may take, and what ``gaps`` binds it to."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One named coverage rule: what it finds, why it matters, and the statement it runs.

    Example:
        >>> rule = RULES["cell_without_head"]
        >>> rule.title_zh, rule.severity, rule.query
        ('格无格长', 'high', 'coverage/cell_without_head')
    """

    id: str
    title_en: str
    title_zh: str
    severity: Severity
    rationale: str
    parameters: tuple[str, ...]

    @property
    def query(self) -> str:
        """The Cypher file it runs, as ``cypher()`` names it."""
        return f"coverage/{self.id}"


CATALOG: tuple[Rule, ...] = (
    Rule(
        "object_without_owner",
        "Object without an owner",
        "设备区域事项无专人",
        "high",
        "Every device, area and work item has its dedicated person (专人, §3); an object "
        "nobody owns now breaks every accountability trace that starts from it (§9).",
        ("at", "cells"),
    ),
    Rule(
        "object_without_standard",
        "Object without a standard",
        "设备区域事项无专标",
        "medium",
        "Every device, area and work item works to a dedicated standard (专标, §3); without "
        "one in force nobody can say how the work is to be done.",
        ("at", "cells"),
    ),
    Rule(
        "risk_point_without_control",
        "Risk point without a controlling duty",
        "风险点无管控职责",
        "high",
        "An identified risk point (§8) that no duty controls has no person, time or space "
        "locked to it (§4): the risk is listed but not managed.",
        ("cells",),
    ),
    Rule(
        "hazard_overdue",
        "Hazard past its rectification deadline",
        "隐患逾期未整改",
        "high",
        "Hazards are found and handled in a closed loop (§8); an open hazard past its "
        "deadline is the plainest sign that the loop is stuck.",
        ("today", "done", "cells"),
    ),
    Rule(
        "hazard_without_owner",
        "Open hazard without an owner",
        "隐患无整改责任人",
        "high",
        "An open hazard with nobody responsible for its rectification cannot be chased; "
        "problems must travel up fast and land on a person (§4, §6).",
        ("at", "today", "done", "cells"),
    ),
    Rule(
        "microcell_without_lead",
        "Micro-cell without a lead",
        "微格无带头人",
        "high",
        "A micro-cell is one party member leading 2–4 members (§2); without a lead the grid "
        "stops short of the person.",
        ("at", "cells"),
    ),
    Rule(
        "microcell_lead_not_party_member",
        "Micro-cell led by a non-party member",
        "微格带头人非党员",
        "medium",
        "The micro-grid rule puts a party member (网格员) at the head of each micro-cell "
        "(§2); an ordinary member leading one breaks the 'party member +' mechanism (§4).",
        ("at", "cells"),
    ),
    Rule(
        "lead_span_out_of_range",
        "Lead span outside 2–4 members",
        "党员带动人数不在2至4人",
        "low",
        "Each party member leads 2–4 ordinary members (§2); fewer wastes a lead, more "
        "stretches one beyond what the article asks.",
        ("at", "span_min", "span_max", "cells"),
    ),
    Rule(
        "person_without_microcell",
        "Person in no micro-cell",
        "人员未入格",
        "high",
        "Every employee is in exactly one net (身处一网, §2); someone in no micro-cell is "
        "outside the grid altogether.",
        ("at", "cells"),
    ),
    Rule(
        "person_in_several_microcells",
        "Person in several micro-cells",
        "人员多格重复",
        "medium",
        "Every employee is responsible in exactly one cell (责集一格, §2); a membership "
        "left open after a move splits that responsibility.",
        ("at", "cells"),
    ),
    Rule(
        "cell_missing_officer_role",
        "Cell missing an officer role",
        "格内八大员缺岗",
        "medium",
        "Each cell carries all eight officer duties (八大员, §2); a role nobody holds "
        "leaves its business tree without a trunk (§5).",
        ("at", "roles", "cells"),
    ),
    Rule(
        "net_without_head",
        "Net without a head",
        "网无网长",
        "high",
        "Every level has a head (网长) and the chain must run unbroken from top to front "
        "line (§1); a headless net cuts it for everything below.",
        ("at", "nets"),
    ),
    Rule(
        "cell_without_head",
        "Cell without a head",
        "格无格长",
        "high",
        "A cell is led by its cell head (格长, §1); without one nobody answers for the "
        "cell's members, objects and duties.",
        ("at", "cells"),
    ),
    Rule(
        "owner_outside_cell",
        "Owner outside the object's cell",
        "责任人不在本格",
        "medium",
        "Every employee is responsible in exactly one cell (责集一格, §2) and small matters "
        "are solved inside it (§6); an owner from another cell is not there to look, "
        "listen and report.",
        ("at", "cells"),
    ),
    Rule(
        "overloaded_owner",
        "Overloaded owner",
        "责任人负荷过重",
        "medium",
        "One person may hold several roles (一员多用, §2), but an owner of too many objects "
        "cannot give each the dedicated attention §3 asks for.",
        ("at", "threshold", "cells"),
    ),
    Rule(
        "duty_missing_element",
        "Duty missing one of the six elements",
        "职责六要素不全",
        "medium",
        "A duty locks person, matter, object, responsibility, time and space (六要素, §4); "
        "one that lacks an element is incomplete.",
        ("at", "cells"),
    ),
    Rule(
        "unit_standard_not_derived",
        "Unit standard not derived from a guidance standard",
        "单位标准无指导标准依据",
        "low",
        "Unit work standards extend the ~400 guidance standards (§3); one with no guidance "
        "standard behind it has left the cascade.",
        ("level", "cells"),
    ),
    Rule(
        "cell_without_recent_training",
        "Cell without recent training",
        "格内近期未培训",
        "low",
        "The training matrix reaches every cell (三学四课堂, §7); a cell with no session in "
        "the window has dropped out of it.",
        ("at", "today", "since", "cells"),
    ),
    Rule(
        "cell_without_assessment",
        "Cell without last month's assessment",
        "格上月未考核",
        "low",
        "Operating quality is assessed every month (运行质效+考核评价, §5, §6); a cell "
        "missing last month's assessment has no fruit on its business tree.",
        ("at", "month", "cells"),
    ),
)
"""Every rule, in the order reports list them; ids equal the seed's defect ids."""

RULES: dict[str, Rule] = {rule.id: rule for rule in CATALOG}


def catalog() -> list[Rule]:
    """Every coverage rule, in report order.

    Example:
        >>> [rule.id for rule in catalog()][:2]
        ['object_without_owner', 'object_without_standard']
    """
    return list(CATALOG)


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One offending node, where it sits (cell and the nets above it), and why it offends.

    A finding about a net has no ``cell``; its own level's slot holds the net itself.
    """

    rule: str
    uid: str
    kind: str
    name: str
    cell: str | None
    l4: str | None
    l3: str | None
    l2: str | None
    detail: dict[str, Any]

    @property
    def placed(self) -> bool:
        """True when the finding lies in a cell or a net."""
        return any((self.cell, self.l4, self.l3, self.l2))


@dataclass(frozen=True, slots=True)
class RuleResult:
    """The findings of one rule (sorted by uid) and the milliseconds its statement took."""

    rule: Rule
    findings: list[Finding]
    ms: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "title_en": self.rule.title_en,
            "title_zh": self.rule.title_zh,
            "severity": self.rule.severity,
            "count": len(self.findings),
            "ms": round(self.ms, 1),
            "findings": [to_json(f) for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class UnitCount:
    """Findings in one net's subtree (the net itself included) or in one cell, per rule."""

    uid: str
    kind: str
    name: str
    level: int | None
    parent: str | None
    total: int
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class Rollup:
    """Where the gaps concentrate: every net and cell with at least one finding, and the
    findings that lie in neither (a person who never had a micro-cell, a unit standard).

    Nets are sorted by level, then most findings first; cells by most findings first.
    """

    nets: list[UnitCount]
    cells: list[UnitCount]
    unplaced: dict[str, int]

    def top(self, level: int | None, n: int = 10) -> list[UnitCount]:
        """The ``n`` nets of ``level`` (cells when None) with the most findings."""
        units = self.cells if level is None else [u for u in self.nets if u.level == level]
        return units[:n]

    def to_json(self) -> dict[str, Any]:
        return {
            "nets": [to_json(u) for u in self.nets],
            "cells": [to_json(u) for u in self.cells],
            "unplaced": {"total": sum(self.unplaced.values()), "counts": self.unplaced},
        }


@dataclass(frozen=True, slots=True)
class GapReport:
    """The findings of the selected rules at ``as_of``, per rule and rolled up per net."""

    as_of: str
    today: str
    net: str | None
    settings: dict[str, Any]
    results: list[RuleResult]
    rollup: Rollup
    ms: float = 0.0

    @property
    def findings(self) -> list[Finding]:
        """Every finding, rule by rule in catalog order."""
        return [f for result in self.results for f in result.findings]

    @property
    def counts(self) -> dict[str, int]:
        """Findings per selected rule (zeros included)."""
        return {result.rule.id: len(result.findings) for result in self.results}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def uids(self, rule: str) -> list[str]:
        """The sorted uids one rule reported."""
        return [f.uid for result in self.results if result.rule.id == rule for f in result.findings]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (docs/coverage.md)."""
        return {
            "as_of": self.as_of,
            "today": self.today,
            "net": self.net,
            "settings": self.settings,
            "total": self.total,
            "counts": self.counts,
            "ms": round(self.ms, 1),
            "rules": [result.to_json() for result in self.results],
            "rollup": self.rollup.to_json(),
        }

    def to_csv(self) -> str:
        """One row per finding: rule, severity, uid, kind, name, cell, l4, l3, detail (JSON)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for result in self.results:
            for f in result.findings:
                detail = json.dumps(f.detail, ensure_ascii=False, sort_keys=True)
                place = (f.cell or "", f.l4 or "", f.l3 or "")
                writer.writerow(
                    [f.rule, result.rule.severity, f.uid, f.kind, f.name, *place, detail]
                )
        return out.getvalue()

    def to_markdown(self, *, limit: int = 20, top: int = 5) -> str:
        """Summary per rule (with Chinese titles), the nets with most findings, then the
        findings of each rule, at most ``limit`` each followed by a "… N more" line."""
        return "\n".join(_markdown(self, limit=limit, top=top)) + "\n"


CSV_COLUMNS = ("rule", "severity", "uid", "kind", "name", "cell", "l4", "l3", "detail")


# --- the frame: cells and nets with the nets above them ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    uid: str
    kind: str
    name: str
    level: int | None
    above: dict[int, str] = field(default_factory=dict)

    def slot(self, level: int) -> str | None:
        """The net of ``level`` this unit lies in (a net of that level is its own)."""
        if self.kind == "Net" and self.level == level:
            return self.uid
        return self.above.get(level)

    @property
    def parent(self) -> str | None:
        levels = [lv for lv in self.above if self.level is None or lv < self.level]
        return self.above[max(levels)] if levels else None

    def within(self, root: str) -> bool:
        return root == self.uid or root in self.above.values()


def _frame(engine: Engine, at: str) -> dict[str, _Unit]:
    rows: list[Row] = []
    parents: dict[str, list[str]] = {}
    for row in engine.run(cypher("coverage/hierarchy"), readonly=True):
        if row["labels"] is not None:
            rows.append(row)
            continue
        since, until = row["since"], row["until"]
        if since is not None and since <= at and (until is None or until > at):
            parents.setdefault(row["uid"], []).append(row["parent"])
    levels = {row["uid"]: int(row["level"]) for row in rows if row["level"] is not None}
    frame = {}
    for row in rows:
        level = None if row["level"] is None else int(row["level"])
        reachable = _above(row["uid"], parents, hops=3 if level is not None else 4)
        above: dict[int, str] = {}
        for up in sorted(reachable):
            above.setdefault(levels[up], up)
        frame[row["uid"]] = _Unit(row["uid"], kind_of(row["labels"]), row["name"], level, above)
    return frame


def _above(uid: str, parents: dict[str, list[str]], hops: int) -> set[str]:
    """The nets reachable upward from ``uid`` in at most ``hops`` current PART_OF links
    (nets in at most 3, cells in at most 4, as the hierarchy allows)."""
    found: set[str] = set()
    frontier = [uid]
    for _ in range(hops):
        frontier = [up for node in frontier for up in parents.get(node, ()) if up not in found]
        if not frontier:
            break
        found.update(frontier)
    return found


# --- running the rules ---------------------------------------------------------------------


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
    Nodes retired by ``as_of`` are history, not gaps: they are left out. Costs one
    statement for the hierarchy, one per rule and one to find retired nodes.

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
    at, today_iso = _clock(today, as_of)
    frame = _frame(engine, at)
    cells, nets = _subtree(frame, net)
    bindings = _bindings(at, today_iso, cells, nets, overload_threshold, training_days)
    results = _without_retired(engine, [_run(engine, r, bindings, frame) for r in selected], at)
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
        rollup=_rollup(results, frame, net),
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


def _clock(today: When, as_of: When) -> tuple[str, str]:
    """``(at, today)``: each defaults to the other, both to now."""
    if as_of is None and today is not None:
        today_iso = day(today)
        return instant(today_iso), today_iso
    at = instant(as_of)
    return at, day(today) if today is not None else at[:10]


def _subtree(
    frame: dict[str, _Unit], root: str | None
) -> tuple[list[str] | None, list[str] | None]:
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
    engine: Engine, rule: Rule, bindings: dict[str, Any], frame: dict[str, _Unit]
) -> RuleResult:
    params = {name: bindings[name] for name in rule.parameters}
    started = time.perf_counter()
    rows = engine.run(cypher(rule.query), params, readonly=True)
    ms = (time.perf_counter() - started) * 1000
    refine = _REFINE.get(rule.id, _as_is)
    findings = [
        _finding(rule.id, row, frame, refine(row["detail"] or {}, bindings)) for row in rows
    ]
    return RuleResult(rule, sorted(findings, key=lambda f: f.uid), ms)


def _without_retired(engine: Engine, results: list[RuleResult], at: str) -> list[RuleResult]:
    """The results without findings about nodes retired by ``at`` (one statement)."""
    uids = sorted({f.uid for result in results for f in result.findings})
    if not uids:
        return results
    rows = engine.run(cypher("listing/retired"), {"uids": uids, "at": at}, readonly=True)
    retired = {row["uid"] for row in rows}
    if not retired:
        return results
    return [
        replace(result, findings=[f for f in result.findings if f.uid not in retired])
        for result in results
    ]


def _finding(rule: str, row: Row, frame: dict[str, _Unit], detail: dict[str, Any]) -> Finding:
    unit = frame.get(row["cell"] or row["net"] or "")
    slots = (unit.slot(4), unit.slot(3), unit.slot(2)) if unit else (None, None, None)
    return Finding(
        rule, row["uid"], kind_of(row["labels"]), row["name"] or "", row["cell"], *slots, detail
    )


# --- details a user reads --------------------------------------------------------------------


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


# --- roll-up ---------------------------------------------------------------------------------


def _rollup(results: list[RuleResult], frame: dict[str, _Unit], root: str | None) -> Rollup:
    per_unit: dict[str, Counter[str]] = {}
    unplaced: Counter[str] = Counter()
    for result in results:
        for f in result.findings:
            places = {p for p in (f.cell, f.l4, f.l3, f.l2) if p is not None}
            if not places:
                unplaced[f.rule] += 1
            for uid in places:
                per_unit.setdefault(uid, Counter())[f.rule] += 1
    order = {rule.id: i for i, rule in enumerate(CATALOG)}
    units = []
    for uid, counter in per_unit.items():
        unit = frame.get(uid)
        if unit is None or (root is not None and not unit.within(root)):
            continue
        counts = dict(sorted(counter.items(), key=lambda kv: order[kv[0]]))
        units.append(
            UnitCount(
                uid, unit.kind, unit.name, unit.level, unit.parent, sum(counts.values()), counts
            )
        )
    nets = sorted(
        (u for u in units if u.kind == "Net"), key=lambda u: (u.level or 0, -u.total, u.uid)
    )
    cells = sorted((u for u in units if u.kind == "Cell"), key=lambda u: (-u.total, u.uid))
    return Rollup(nets, cells, dict(sorted(unplaced.items(), key=lambda kv: order[kv[0]])))


# --- Markdown --------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _detail_text(detail: dict[str, Any]) -> str:
    parts = []
    for key, value in detail.items():
        if value is None or value == []:
            continue
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict | list):
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            text = str(value)
        parts.append(f"{key}: {text}")
    return _cell_text("; ".join(parts))


def _markdown(report: GapReport, *, limit: int, top: int) -> list[str]:
    scope = f"subtree of `{report.net}`" if report.net else "the whole grid"
    lines = [
        "# Coverage gaps 覆盖缺口",
        "",
        f"As of {report.as_of} (today {report.today}), {scope}: "
        f"**{report.total}** findings from {len(report.results)} rules.",
        "",
        "| rule | title | 规则 | severity | findings |",
        "|---|---|---|---|---:|",
    ]
    for result in report.results:
        rule = result.rule
        lines.append(
            f"| `{rule.id}` | {rule.title_en} | {rule.title_zh} | {rule.severity} "
            f"| {len(result.findings)} |"
        )
    lines += _markdown_top(report.rollup, top)
    for result in report.results:
        lines += _markdown_findings(result, limit)
    return lines


def _markdown_top(rollup: Rollup, top: int) -> list[str]:
    lines = ["", "## Where the gaps concentrate", ""]
    rows = [u for level in (2, 3, 4) for u in rollup.top(level, top)] + rollup.top(None, top)
    if not rows:
        return [*lines, "No finding lies in a net or cell."]
    lines += ["| level | uid | name | findings | most frequent rules |", "|---|---|---|---:|---|"]
    for unit in rows:
        level = "cell 格" if unit.level is None else f"L{unit.level}"
        common = sorted(unit.counts.items(), key=lambda kv: -kv[1])[:3]
        rules = ", ".join(f"`{rule}` {n}" for rule, n in common)
        lines.append(
            f"| {level} | `{unit.uid}` | {_cell_text(unit.name)} | {unit.total} | {rules} |"
        )
    unplaced = sum(rollup.unplaced.values())
    if unplaced:
        lines += ["", f"{unplaced} findings lie in no net or cell."]
    return lines


def _markdown_findings(result: RuleResult, limit: int) -> list[str]:
    rule = result.rule
    lines = ["", f"## `{rule.id}` — {rule.title_en} {rule.title_zh} ({len(result.findings)})", ""]
    if not result.findings:
        return [*lines, "None."]
    lines += ["| uid | kind | name | cell | L4 | detail |", "|---|---|---|---|---|---|"]
    for f in result.findings[:limit]:
        lines.append(
            f"| `{f.uid}` | {f.kind} | {_cell_text(f.name)} | {f.cell or ''} | {f.l4 or ''} "
            f"| {_detail_text(f.detail)} |"
        )
    hidden = len(result.findings) - limit
    if hidden > 0:
        lines += ["", f"… {hidden} more"]
    return lines


__all__ = [
    "CATALOG",
    "CSV_COLUMNS",
    "DEFAULT_OVERLOAD_THRESHOLD",
    "DEFAULT_TRAINING_DAYS",
    "DONE_HAZARD_STATUSES",
    "PARAMETERS",
    "RULES",
    "SPAN_MAX",
    "SPAN_MIN",
    "Finding",
    "GapReport",
    "Rollup",
    "Rule",
    "RuleResult",
    "UnitCount",
    "catalog",
    "gaps",
]
