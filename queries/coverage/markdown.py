"""The Markdown form of a gap report: a summary per rule, where the gaps concentrate, then
the findings of each rule."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from queries.coverage.report import GapReport, Rollup, RuleResult


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


def markdown_lines(report: GapReport, *, limit: int, top: int) -> list[str]:
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
