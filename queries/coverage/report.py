"""What a coverage run returns: findings per rule, the roll-up per net and cell, and the report
with its JSON and CSV forms."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from queries.coverage.markdown import markdown_lines
from queries.coverage.rules import Rule
from queries.views import to_json


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
        return "\n".join(markdown_lines(self, limit=limit, top=top)) + "\n"


CSV_COLUMNS = ("rule", "severity", "uid", "kind", "name", "cell", "l4", "l3", "detail")
