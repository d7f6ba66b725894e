"""The changes ledger (变更台账): transfers, moves, appointments and withdrawals, one per row,
without repeating the subject's required columns.

Each row names a ``subject`` (any node by uid, or a unit for ``head``), a ``link`` of its
kind (``owner``, ``microcell``, ``lead``, ``parent`` ... or ``head``), the new ``target``
and when it starts (``since``), or, with no target, the end of the link: when the current
holder's assignment ends (``until``; default the import time). A row becomes the row of
the subject's own ledger that carries only that link column, so it is checked and
written by the same rules (a hand-over never starts before the current holder did; a start
or an end after the import time is an error).

One change per subject and link in one import: a later change of the same link goes in
the next import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.engine import Engine
from seed.ledgers import values
from seed.ledgers.kinds import HEAD_POST, KINDS, Kind, Link, kind_for_label, normalise_name
from seed.ledgers.report import Issue
from seed.ledgers.rows import HEAD_NAMES, IGNORED_HEADERS, LedgerRow, ParsedSheet, SheetInfo
from seed.ledgers.sources import Sheet
from seed.ledgers.state import stored_nodes

SHEET_NAMES = frozenset(normalise_name(n) for n in ("changes", "变更", "变更台账", "变动", "调整"))
COLUMNS: dict[str, tuple[str, ...]] = {
    "subject": ("subject", "对象", "主体", "编号"),
    "link": ("link", "关系", "变更项"),
    "target": ("target", "新对象", "变更为"),
    "since": ("since", "起始日期", "生效日期"),
    "until": ("until", "结束日期", "截止日期"),
}
REQUIRED = ("subject", "link")
_POSTS = next(kind for kind in KINDS if kind.label is None)


def is_changes_sheet(name: str) -> bool:
    """Whether a sheet (XLSX) or file stem (CSV) names the changes ledger."""
    return normalise_name(name) in SHEET_NAMES


@dataclass(slots=True)
class ChangeRow:
    """One row of a changes ledger, its cells read but not yet tied to a kind."""

    file: str
    sheet: str | None
    number: int
    headers: dict[str, str]
    subject: str
    link: str
    target: str | None
    since: str | None
    until: str | None

    def issue(self, message: str, column: str | None = None) -> Issue:
        header = self.headers.get(column, column) if column else None
        return Issue(self.file, message, sheet=self.sheet, row=self.number, column=header)


@dataclass(slots=True)
class ChangesSheet:
    rows: list[ChangeRow] = field(default_factory=list)
    empty: int = 0


def read_changes(sheet: Sheet, issues: list[Issue], advance: Callable[[int], None]) -> ChangesSheet:
    """The rows of a changes ledger; problems of the header or of single cells go to
    ``issues``."""
    lookup = {normalise_name(name): key for key, names in COLUMNS.items() for name in names}
    parsed = ChangesSheet()
    positions: dict[int, str] | None = None
    headers: dict[str, str] = {}
    file = sheet.file.name
    for number, cells in sheet.rows:
        advance(1)
        if all(values.blank(c) for c in cells):
            parsed.empty += positions is not None
            continue
        if positions is None:
            positions = _header(file, sheet.sheet, number, cells, lookup, headers, issues)
            continue
        if positions:
            row = _row(file, sheet.sheet, number, cells, positions, headers, issues)
            if row is not None:
                parsed.rows.append(row)
    return parsed


def _header(
    file: str,
    sheet: str | None,
    number: int,
    cells: list[Any],
    lookup: dict[str, str],
    headers: dict[str, str],
    issues: list[Issue],
) -> dict[int, str]:
    positions: dict[int, str] = {}
    before = len(issues)
    for index, cell in enumerate(cells):
        header = values.text(cell)
        if header is None or header.startswith("#") or normalise_name(header) in IGNORED_HEADERS:
            continue
        key = lookup.get(normalise_name(header))
        if key is None or key in headers:
            known = ", ".join(COLUMNS)
            why = "duplicate column" if key else "unknown column"
            message = f"{why} {header!r}; changes columns are: {known}"
            issues.append(Issue(file, message, sheet=sheet, row=number, column=header))
            continue
        positions[index] = key
        headers[key] = header
    for key in REQUIRED:
        if key not in headers:
            issues.append(Issue(file, f"missing required column {key}", sheet=sheet, row=number))
    return positions if len(issues) == before else {}


def _row(
    file: str,
    sheet: str | None,
    number: int,
    cells: list[Any],
    positions: dict[int, str],
    headers: dict[str, str],
    issues: list[Issue],
) -> ChangeRow | None:
    raw = {key: cells[index] if index < len(cells) else None for index, key in positions.items()}
    place = ChangeRow(file, sheet, number, headers, "", "", None, None, None)
    before = len(issues)
    subject, link = values.identifier(raw.get("subject")), values.text(raw.get("link"))
    for key, value in (("subject", subject), ("link", link)):
        if value is None:
            issues.append(place.issue("is required", key))
    targets = values.identifiers(raw.get("target"))
    if len(targets) > 1:
        message = f"one new target a row; found {', '.join(targets)}"
        issues.append(place.issue(message, "target"))
    dates: dict[str, str | None] = {}
    for key in ("since", "until"):
        try:
            dates[key] = values.instant(raw.get(key))
        except ValueError as exc:
            issues.append(place.issue(str(exc), key))
    target = targets[0] if targets else None
    if len(issues) == before and target is not None and dates.get("until") is not None:
        message = "a row either starts a new holder (target, since) or ends one (until)"
        issues.append(place.issue(message, "until"))
    if len(issues) != before or subject is None or link is None:
        return None
    return ChangeRow(
        file, sheet, number, headers, subject, link, target, dates.get("since"), dates["until"]
    )


def changes_as_rows(
    engine: Engine, changes: Iterable[ChangeRow], sheets: list[ParsedSheet], as_of: str
) -> tuple[list[ParsedSheet], list[Issue]]:
    """Each change as a row of its subject's ledger carrying that one link column, grouped
    by kind; the problems found (unknown subject or link, a link changed twice, an end
    after the import time)."""
    issues: list[Issue] = []
    rows = list(changes)
    labels = {row.uid: row.kind.label for s in sheets for row in s.rows if row.uid is not None}
    unknown = {c.subject for c in rows} - labels.keys()
    labels |= {uid: node.label for uid, node in stored_nodes(engine, unknown).items()}
    made: dict[tuple[str, str | None, str], LedgerRow] = {}
    seen: dict[tuple[str, str], ChangeRow] = {}
    grouped: dict[tuple[str, str | None, str], ParsedSheet] = {}
    for change in rows:
        label = labels.get(change.subject)
        kind = kind_for_label(label) if label is not None else None
        if kind is None or kind.label is None:
            what = f"{label} has no ledger" if label else "no node with that uid"
            where = "in these ledgers or the database" if not label else ""
            issues.append(change.issue(f"{change.subject!r}: {what} {where}".strip(), "subject"))
            continue
        resolved = _link(kind, label or "", change)
        if isinstance(resolved, str):
            issues.append(change.issue(resolved, "link"))
            continue
        key = resolved.key if resolved is not None else HEAD_POST
        other = seen.setdefault((change.subject, key), change)
        if other is not change:
            message = (
                f"{change.subject} {key} is already changed on row {other.number}; "
                "one change per link in one import (put the later one in the next import)"
            )
            issues.append(change.issue(message, "link"))
            continue
        moment = change.until or change.since
        if moment is not None and moment > as_of:
            column = "until" if change.until else "since"
            issues.append(change.issue(f"{moment} is after the import time {as_of}", column))
            continue
        target_kind = _POSTS if resolved is None else kind
        group = (change.file, change.sheet, target_kind.key)
        parsed = grouped.get(group)
        if parsed is None:
            info = SheetInfo(change.file, change.sheet, target_kind, {})
            parsed = grouped[group] = ParsedSheet(info, [], 0)
        _add(parsed, made, change, resolved)
    return list(grouped.values()), issues


def _link(kind: Kind, label: str, change: ChangeRow) -> Link | str | None:
    """The link a change names (None: a unit's head), or why it cannot be changed here."""
    name = normalise_name(change.link)
    if label in ("Net", "Cell") and name in HEAD_NAMES:
        return None
    for link in kind.links:
        if name in {normalise_name(n) for n in (link.key, link.zh, *link.aliases)}:
            if link.many:
                return (
                    f"{link.key} holds several values; change it in the {kind.key} ledger "
                    "(a row there lists them all)"
                )
            if not link.temporal(label) and (change.since or change.until):
                return f"{link.key} is not dated; leave since and until blank"
            return link
    names = ", ".join(link.key for link in kind.links if not link.many)
    heads = ", head" if label in ("Net", "Cell") else ""
    return f"{change.link!r} is not a link of {kind.key}; one of: {names}{heads}"


def _add(
    parsed: ParsedSheet,
    made: dict[tuple[str, str | None, str], LedgerRow],
    change: ChangeRow,
    link: Link | None,
) -> None:
    """The change into its subject's row (one row per subject, one column per link)."""
    key = "person" if link is None else link.key
    parsed.info.headers.setdefault(key, change.headers.get("target", "target"))
    dated = "/".join(change.headers[k] for k in ("since", "until") if k in change.headers)
    parsed.info.headers.setdefault(f"{key}_since", dated or "since")
    parsed.info.headers.setdefault("uid", change.headers["subject"])
    slot = (change.file, change.sheet, f"{change.subject}|{link is None}")
    row = made.get(slot)
    if row is None:
        if link is None:
            row = LedgerRow(parsed.info, change.number, None, unit=change.subject, post=HEAD_POST)
        else:
            row = LedgerRow(parsed.info, change.number, change.subject)
        made[slot] = row
        parsed.rows.append(row)
    row.refs[key] = [change.target] if change.target else []
    moment = change.until or change.since
    row.since[key] = [moment] if moment else []
