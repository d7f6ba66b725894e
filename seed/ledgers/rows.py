"""Sheets into validated ledger rows: the kind from the sheet's name, columns from the header,
values through the neomodel declarations. Every problem becomes an :class:`Issue`; nothing
stops at the first one.

Column rules (docs/ledgers.md): headers are accepted in English or Chinese, in any case and
with stray spaces; a column whose header starts with ``#`` and the usual ``序号`` / ``备注``
columns are ignored; any other unknown column is an error (a mistyped ``onwer`` would
otherwise import silently without its owners). A blank row is skipped and counted.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graph.enums import NetLevel, OfficerRole
from graph.errors import ValidationError
from graph.schema import node_spec, validate_node
from seed.ledgers import points, values
from seed.ledgers.kinds import HEAD_POST, KINDS, Column, Kind, kind_named, normalise_name
from seed.ledgers.report import Issue
from seed.ledgers.sources import Sheet

IGNORED_HEADERS = frozenset(normalise_name(h) for h in ("序号", "备注", "remark", "remarks"))
HEAD_NAMES = frozenset(normalise_name(h) for h in (HEAD_POST, "网长", "格长", "负责人"))


@dataclass(slots=True)
class SheetInfo:
    """Where rows come from, and the header each column key was written with."""

    file: str
    sheet: str | None
    kind: Kind
    headers: dict[str, str] = field(default_factory=dict)
    """Column key → the header as written (named in issues)."""

    def issue(self, message: str, row: int | None = None, column: str | None = None) -> Issue:
        header = self.headers.get(column, column) if column else None
        return Issue(self.file, message, sheet=self.sheet, row=row, column=header)

    @property
    def label(self) -> str:
        return f"{self.file}" + (f" sheet {self.sheet}" if self.sheet else "")


@dataclass(frozen=True, slots=True)
class Step:
    """A dated change of a link that a later change in the same import follows: from
    ``since`` the link holds ``refs`` (none: it ends then). ``number`` is the row that gives
    it."""

    refs: list[str]
    since: list[str]
    """When: one date for every holder, or one per holder in the same order."""
    number: int
    column: str | None = None
    """The column giving ``since``, when not the link's ``_since`` (a changes ledger's)."""


@dataclass(slots=True)
class LedgerRow:
    """One data row, validated on its own.

    ``props`` holds the node properties of the columns present (storable values; ``None``
    clears a property); ``refs`` the references of each link column present (as typed:
    uids, employee numbers or codes); ``since`` the start of a new assignment per link
    (one date, or one per holder of a post); ``earlier`` the dated changes of a link that
    come before the one in ``refs``, in date order, and ``numbers`` the row giving each
    link's last change (a changes ledger gathers one subject's changes from several rows)
    and ``dated_by`` the column dating a link's last change when it is an end
    (``<link>_until``: the row's holder is then its earlier step).
    A posts row has no ``uid``: ``unit``, ``post`` (``head`` or an officer role) and the
    holders in ``refs["person"]``.
    """

    source: SheetInfo
    number: int
    uid: str | None
    props: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, list[str]] = field(default_factory=dict)
    since: dict[str, list[str]] = field(default_factory=dict)
    earlier: dict[str, list[Step]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    dated_by: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    post: str | None = None

    @property
    def kind(self) -> Kind:
        return self.source.kind

    def issue(self, message: str, column: str | None = None) -> Issue:
        return self.source.issue(message, self.number, column)


@dataclass(slots=True)
class ParsedSheet:
    info: SheetInfo
    rows: list[LedgerRow]
    empty: int
    refused: dict[str, Issue] = field(default_factory=dict)
    """The uid of each row refused on its own → its first problem (rows naming that uid are
    counted under it rather than reported again: one cause, one error)."""


def parse_sheet(sheet: Sheet, issues: list[Issue], advance: Callable[[int], None]) -> ParsedSheet:
    """Read every row of ``sheet``; problems go to ``issues``; ``advance`` counts rows read."""
    kind = kind_named(sheet.name)
    where = sheet.file.name
    if kind is None:
        known = ", ".join(f"{k.key} ({k.zh})" for k in KINDS)
        what = f"sheet {sheet.name!r}" if sheet.sheet is not None else f"file name {sheet.name!r}"
        issues.append(
            Issue(
                where,
                f"{what} names no ledger kind; name it after one of: {known} "
                "(start a sheet name with # to keep it out of the import)",
                sheet=sheet.sheet,
            )
        )
        _drain(sheet, advance)
        return ParsedSheet(SheetInfo(where, sheet.sheet, KINDS[0]), [], 0)
    info = SheetInfo(where, sheet.sheet, kind)
    parsed = ParsedSheet(info, [], 0)
    layout: _Layout | None = None
    for number, cells in sheet.rows:
        advance(1)
        if layout is None:
            if all(values.blank(c) for c in cells):
                continue
            layout = _header(info, number, cells, sheet, issues)
            continue
        if all(values.blank(c) for c in cells):
            parsed.empty += 1
            continue
        layout.note_unheaded(cells, number)
        if layout.usable:
            before = len(issues)
            row = _row(info, layout, number, cells, issues)
            if row is not None:
                parsed.rows.append(row)
            elif (uid := _refused_uid(layout, cells)) is not None and len(issues) > before:
                parsed.refused.setdefault(uid, issues[before])
    if layout is None:
        issues.append(info.issue("no header row: the sheet is empty"))
    else:
        issues += layout.unheaded_issues()
    issues += [info.issue(_merged_message(ref, layout)) for ref in sheet.merged]
    return parsed


def _refused_uid(layout: _Layout, cells: list[Any]) -> str | None:
    for index, key in layout.positions.items():
        if key == "uid" and index < len(cells):
            return values.identifier(cells[index])
    return None


def _drain(sheet: Sheet, advance: Callable[[int], None]) -> None:
    for _ in sheet.rows:
        advance(1)


def _merged_message(ref: str, layout: _Layout | None) -> str:
    first_row = int(re.sub(r"\D", " ", ref).split()[0])
    if layout is not None and first_row <= layout.header_row:
        return f"merged header cells {ref}; unmerge them so every column has its own header"
    return f"merged cells {ref}; unmerge them so every row has its own value"


@dataclass(slots=True)
class _Layout:
    """The header: which column index holds which column key."""

    info: SheetInfo
    header_row: int
    positions: dict[int, str]
    headed: set[int]
    """Columns with a header (read, ignored or reported as unknown)."""
    usable: bool
    unheaded: dict[int, int] = field(default_factory=dict)

    def note_unheaded(self, cells: list[Any], number: int) -> None:
        for index, cell in enumerate(cells):
            if index not in self.headed and index not in self.unheaded and not values.blank(cell):
                self.unheaded[index] = number

    def unheaded_issues(self) -> list[Issue]:
        return [
            self.info.issue(f"column {_letter(index)} has values but no header", row)
            for index, row in sorted(self.unheaded.items())
        ]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


@cache
def _header_lookup(kind: Kind) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in kind.columns:
        names = [column.key, column.zh, *column.aliases]
        for link, words in ((column.since_of, "起始"), (column.until_of, "结束")):
            if link is not None:
                names += [
                    f"{name}{words}{when}"
                    for name in (link.zh, *link.aliases)
                    for when in ("日期", "时间")
                ]
        for name in names:
            lookup.setdefault(normalise_name(name), column.key)
    return lookup


def column_key(kind: Kind, header: str) -> str | None:
    """The column a header names: its key, Chinese header or an alias, also inside or
    before brackets (``名称(name)``, ``name（名称）``)."""
    lookup = _header_lookup(kind)
    candidates = [header, *re.split(r"[()（）]", header)]
    for candidate in candidates:
        key = lookup.get(normalise_name(candidate))
        if key is not None:
            return key
    return None


def _header(
    info: SheetInfo, number: int, cells: list[Any], sheet: Sheet, issues: list[Issue]
) -> _Layout:
    kind = info.kind
    positions: dict[int, str] = {}
    headed: set[int] = set()
    before = len(issues)
    for index, cell in enumerate(cells):
        header = values.text(cell)
        if header is None:
            continue
        headed.add(index)
        if header.startswith("#") or normalise_name(header) in IGNORED_HEADERS:
            continue
        key = column_key(kind, header) or points.crs_column(kind, header)
        if key is None:
            issues.append(
                Issue(
                    info.file,
                    _unknown_column(kind, header, sheet.encoding),
                    sheet=info.sheet,
                    row=number,
                    column=header,
                )
            )
            continue
        if key in info.headers:
            issues.append(
                info.issue(f"duplicate column: {header!r} and {info.headers[key]!r}", number, key)
            )
            continue
        positions[index] = key
        info.headers[key] = header
    for column in kind.columns:
        if column.required and column.key not in info.headers:
            issues.append(
                info.issue(
                    f"missing required column {column.key} ({column.zh})", number, column=None
                )
            )
        dated = column.since_of or column.until_of
        if dated is not None and column.key in info.headers and dated.key not in info.headers:
            message = f"{column.key} needs the {dated.key} column beside it"
            issues.append(info.issue(message, number, column.key))
    return _Layout(info, number, positions, headed, usable=len(issues) == before)


def _unknown_column(kind: Kind, header: str, encoding: str | None) -> str:
    names = [name for c in kind.columns for name in (c.key, c.zh)]
    close = difflib.get_close_matches(header, names, n=2, cutoff=0.6)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    known = ", ".join(c.key for c in kind.columns)
    read_as = ""
    if encoding and encoding not in ("utf-8", "utf-8-sig"):
        read_as = f" (file read as {encoding}; pass --encoding if that is wrong)"
    return (
        f"unknown column {header!r}{hint}; {kind.key} columns are: {known}; "
        f"start a header with # to keep a column of your own{read_as}"
    )


def _row(
    info: SheetInfo, layout: _Layout, number: int, cells: list[Any], issues: list[Issue]
) -> LedgerRow | None:
    raw = {
        key: cells[index] if index < len(cells) else None for index, key in layout.positions.items()
    }
    kind = info.kind
    before = len(issues)
    if kind.label is None:
        row = _post_row(info, number, raw, issues)
    else:
        row = _node_row(info, kind, number, raw, issues)
    if row is not None and len(issues) == before:
        for check in ROW_CHECKS.get(kind.key, ()):
            if (found := check(row)) is not None:
                issues.append(found)
    return row if len(issues) == before else None


def _node_row(
    info: SheetInfo, kind: Kind, number: int, raw: dict[str, Any], issues: list[Issue]
) -> LedgerRow | None:
    assert kind.label is not None
    row = LedgerRow(info, number, values.identifier(raw.get("uid")))
    given: dict[str, Any] = {}
    starts, ends = [], []
    crs = raw.pop(points.CRS_COLUMN, None)
    for key, cell in raw.items():
        column = kind.column(key)
        try:
            if column.prop is not None:
                given[key] = values.property_value(column.prop, cell, kind.label)
            elif column.link is not None:
                _reference(row, column, cell, issues)
            elif column.since_of is not None:
                starts.append((column.since_of.key, key, cell))
            elif column.until_of is not None and (end := values.instant(cell)) is not None:
                ends.append((column.until_of.key, key, end))
        except ValueError as exc:
            issues.append(row.issue(str(exc), key))
    try:
        points.to_wgs84(given, crs)
    except ValueError as exc:
        issues.append(row.issue(str(exc), points.CRS_COLUMN))
    for link_key, key, cell in starts:
        if link_key not in row.refs:
            continue  # the link column itself was reported
        try:
            row.since[link_key] = _starts(values.instants(cell), len(row.refs[link_key]))
        except ValueError as exc:
            issues.append(row.issue(str(exc), key))
    try:
        row.props = validate_node(kind.label, given, partial=True)
    except ValidationError as exc:
        issues += [row.issue(e.message, e.field) for e in exc.errors]
        return None
    _fill_defaults(kind.label, row.props)
    for link_key, since in row.since.items():
        if since and not row.refs.get(link_key):
            issues.append(row.issue(f"a start date but no {link_key}", f"{link_key}_since"))
    for link_key, key, end in ends:
        if link_key in row.refs:  # else the link column itself was reported
            _ended(row, link_key, key, end, issues)
    return row


def _ended(row: LedgerRow, link_key: str, column: str, end: str, issues: list[Issue]) -> None:
    """An end in ``<link>_until``: the row's holder (from ``<link>_since``) held the link until
    then, or, with no holder, the current assignment ends then. Either way the link's last
    change is that end, so it is written and re-imported by the rules of a dated history."""
    holders, since = row.refs[link_key], row.since.get(link_key, [])
    if holders and not since:
        message = (
            f"an end date for {', '.join(holders)} needs {link_key}_since beside it "
            "(when the assignment began)"
        )
        issues.append(row.issue(message, column))
        return
    if since and max(since) >= end:
        message = (
            f"{end} is not after {link_key}_since {max(since)}: an assignment ends after it began"
        )
        issues.append(row.issue(message, column))
        return
    if holders:
        since_column = f"{link_key}_since"
        row.earlier[link_key] = [Step(holders, since, row.number, since_column)]
    row.refs[link_key], row.since[link_key] = [], [end]
    row.dated_by[link_key] = column


def _reference(row: LedgerRow, column: Column, cell: Any, issues: list[Issue]) -> None:
    link = column.link
    assert link is not None
    refs = values.identifiers(cell)
    if len(refs) > 1 and not link.many and not link.one_only:
        why = link.one_only or f"{column.key} takes one value"
        issues.append(row.issue(f"{why}; found {', '.join(refs)}", column.key))
        return
    if row.uid is not None and row.uid in refs:
        issues.append(row.issue(f"{row.uid} cannot refer to itself", column.key))
        return
    row.refs[column.key] = list(dict.fromkeys(refs))


@cache
def _defaults(label: str) -> dict[str, Any]:
    declared = node_spec(label).cls.defined_properties(aliases=False, rels=False)
    return {name: prop.default_value() for name, prop in declared.items() if prop.has_default}


def _fill_defaults(label: str, props: dict[str, Any]) -> None:
    """A blank cell of a property with a default (a problem's ``anonymous``) means the
    default, as it would for a new node."""
    for name, default in _defaults(label).items():
        if name in props and props[name] is None:
            props[name] = default


@cache
def _role_lookup() -> dict[str, str]:
    return values.choice_aliases(OfficerRole.choices())


def _post_row(
    info: SheetInfo, number: int, raw: dict[str, Any], issues: list[Issue]
) -> LedgerRow | None:
    row = LedgerRow(info, number, None, unit=values.identifier(raw.get("unit")))
    before = len(issues)
    if row.unit is None:
        issues.append(row.issue("is required", "unit"))
    post = values.text(raw.get("post"))
    if post is None:
        issues.append(row.issue("is required", "post"))
    elif normalise_name(post) in HEAD_NAMES:
        row.post = HEAD_POST
    elif (role := _role_lookup().get(normalise_name(post))) is not None:
        row.post = role
    else:
        allowed = ", ".join(f"{r.value} ({r.zh})" for r in OfficerRole)
        issues.append(row.issue(f"{post!r} is not a post: head (网长/格长) or {allowed}", "post"))
    people = values.identifiers(raw.get("person")) if "person" in raw else []
    if row.post == HEAD_POST and len(people) > 1:
        issues.append(row.issue(f"a unit has one head; found {', '.join(people)}", "person"))
    row.refs["person"] = list(dict.fromkeys(people))
    try:
        row.since["person"] = _starts(values.instants(raw.get("since")), len(people))
    except ValueError as exc:
        issues.append(row.issue(str(exc), "since"))
    if row.since.get("person") and not people:
        issues.append(row.issue("a start date but no person", "since"))
    return row if len(issues) == before else None


def _starts(starts: list[str], holders: int) -> list[str]:
    """One start for every new holder, or one per holder in the same order."""
    if len(starts) > 1 and len(starts) != holders:
        raise ValueError(f"give one date, or one per holder ({holders}); found {len(starts)}")
    return starts


def _net_kind_matches_level(row: LedgerRow) -> Issue | None:
    level, kind = row.props.get("level"), row.props.get("kind")
    if level is None or kind is None:
        return None
    if level not in (2, 3, 4):
        return row.issue(
            f"{level} is not a net level: 2 (领航网), 3 (强基网) or 4 (堡垒网)", "level"
        )
    expected = NetLevel.for_level(level)
    if kind != expected.value:
        return row.issue(
            f"a level-{level} net is {expected.value} ({expected.zh}), not {kind}", "kind"
        )
    return None


ROW_CHECKS: dict[str, tuple[Callable[[LedgerRow], Issue | None], ...]] = {
    "nets": (_net_kind_matches_level,),
}
"""Checks that need a whole validated row, per kind."""
