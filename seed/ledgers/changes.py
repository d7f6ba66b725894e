"""The changes ledger (变更台账): transfers, moves, appointments and withdrawals, one per row,
without repeating the subject's required columns.

Each row names a ``subject`` (any node by uid, or a unit for ``head``), a ``link`` of its
kind (``owner``, ``microcell``, ``lead``, ``parent`` ... or ``head``), the new ``target``
and when it starts (``since``), or, with no target, the end of the link: when the current
holder's assignment ends (``until``; default the import time). A row becomes the row of
the subject's own ledger that carries only that link column, so it is checked and
written by the same rules (a hand-over never starts before the current holder did; a start
or an end after the import time is an error).

Several changes of one subject's link are applied in date order, each new holder closing
the one before on its start: a history recorded in one file. Their dates differ, and an
import that finds the earlier ones already recorded applies only those after them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from graph.engine import Engine
from seed.ledgers import values
from seed.ledgers.kinds import HEAD_POST, KINDS, Kind, Link, kind_for_label, normalise_name
from seed.ledgers.report import Issue
from seed.ledgers.rows import (
    HEAD_NAMES,
    IGNORED_HEADERS,
    LedgerRow,
    ParsedSheet,
    SheetInfo,
    Step,
)
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

    @property
    def at(self) -> str | None:
        """When the change takes effect, when the row says."""
        return self.until or self.since

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


type _LinkKey = tuple[str, str | None, str, str]
"""File, sheet, subject and link of a change."""


def changes_as_rows(
    engine: Engine, changes: Iterable[ChangeRow], sheets: list[ParsedSheet], as_of: str
) -> tuple[list[ParsedSheet], list[Issue]]:
    """Each subject's changes as a row of its ledger carrying the links changed, grouped by
    kind; the problems found (unknown subject or link, changes of a link not in a clear date
    order, an end after the import time)."""
    issues: list[Issue] = []
    rows = list(changes)
    labels = {row.uid: row.kind.label for s in sheets for row in s.rows if row.uid is not None}
    unknown = {c.subject for c in rows} - labels.keys()
    labels |= {uid: node.label for uid, node in stored_nodes(engine, unknown).items()}
    links: dict[_LinkKey, list[ChangeRow]] = {}
    named: dict[_LinkKey, tuple[Kind, Link | None]] = {}
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
        if change.at is not None and change.at > as_of:
            column = "until" if change.until else "since"
            issues.append(change.issue(f"{change.at} is after the import time {as_of}", column))
            continue
        key = (change.file, change.sheet, change.subject, resolved.key if resolved else HEAD_POST)
        links.setdefault(key, []).append(change)
        named[key] = (kind, resolved)
    made: dict[tuple[str, str | None, str], LedgerRow] = {}
    grouped: dict[tuple[str, str | None, str], ParsedSheet] = {}
    for key, group in links.items():
        ordered = _in_date_order(group, key[3], issues)
        if ordered is None:
            continue
        kind, resolved = named[key]
        target_kind = _POSTS if resolved is None else kind
        place = (key[0], key[1], target_kind.key)
        parsed = grouped.get(place)
        if parsed is None:
            info = SheetInfo(key[0], key[1], target_kind, {})
            parsed = grouped[place] = ParsedSheet(info, [], 0)
        _add(parsed, made, ordered, resolved)
    return list(grouped.values()), issues


def _in_date_order(
    changes: list[ChangeRow], link: str, issues: list[Issue]
) -> list[ChangeRow] | None:
    """The changes of one subject's link in date order, or None with an issue naming both
    rows when two cannot be ordered (an undated one beside another, two on one day) or one
    changes nothing after the one before."""
    if len(changes) == 1:
        return changes
    before = len(issues)
    subject = f"{changes[0].subject} {link}"
    for change in changes:
        if change.at is None:
            other = next(c for c in changes if c is not change)
            why = (
                f"{subject} is also changed on row {other.number}; several changes of a link "
                "are each dated (since, or until to end it)"
            )
            issues.append(change.issue(why, "since" if "since" in change.headers else "link"))
    ordered = sorted((c for c in changes if c.at), key=lambda c: (c.at or "", c.number))
    for previous, change in pairwise(ordered):
        message: str | None = None
        if change.at == previous.at:
            message = (
                f"{subject} is also changed on {change.at} on row {previous.number}; "
                "changes of one link are on different days"
            )
        elif change.target == previous.target:
            now = f"held by {change.target}" if change.target else "ended"
            message = (
                f"{subject} is already {now} from row {previous.number} ({previous.at}); "
                "each change of a link changes it"
            )
        if message is not None:
            issues.append(change.issue(message, "until" if change.until else "since"))
    return ordered if len(issues) == before else None


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
    changes: list[ChangeRow],
    link: Link | None,
) -> None:
    """A link's changes into their subject's row (one row per subject, one column per link):
    the last as the link's value, the ones before as its earlier steps."""
    last = changes[-1]
    key = "person" if link is None else link.key
    parsed.info.headers.setdefault(key, last.headers.get("target", "target"))
    dated = "/".join(last.headers[k] for k in ("since", "until") if k in last.headers)
    parsed.info.headers.setdefault(f"{key}_since", dated or "since")
    parsed.info.headers.setdefault("uid", last.headers["subject"])
    slot = (last.file, last.sheet, f"{last.subject}|{link is None}")
    row = made.get(slot)
    if row is None:
        if link is None:
            row = LedgerRow(parsed.info, last.number, None, unit=last.subject, post=HEAD_POST)
        else:
            row = LedgerRow(parsed.info, last.number, last.subject)
        made[slot] = row
        parsed.rows.append(row)
    row.refs[key] = [last.target] if last.target else []
    row.since[key] = [last.at] if last.at else []
    row.earlier[key] = [
        Step([c.target] if c.target else [], [c.at], c.number) for c in changes[:-1] if c.at
    ]
    row.numbers[key] = last.number
