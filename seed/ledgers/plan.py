"""Ledger rows against the database: references resolved, the rules that span rows or need
the stored graph checked, and the exact writes that bring the graph in line with the rows.

A ledger row is the truth about what it names: its node's properties for the columns
present, and for each link column present the full set of nodes linked. A changed holder
of a temporal link (owner, head, lead, membership, officer, assignee, standards ...) closes
the open assignment (``until``) and opens a new one (``since``); plain links are replaced.
Columns a ledger leaves out are not touched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from graph.engine import Engine
from graph.properties import to_timestamp
from graph.schema import node_spec
from graph.status_history import KINDS as STATUS_KINDS
from graph.status_history import PROPERTY as STATUS_HISTORY
from graph.status_history import appended
from seed.ledgers.derivations import check_derivations
from seed.ledgers.kinds import HEAD_POST, KINDS, Link, alternate_keys
from seed.ledgers.link_changes import link_changes
from seed.ledgers.planned import Change, Plan, Slot, Target
from seed.ledgers.report import KindCounts
from seed.ledgers.rows import LedgerRow, ParsedSheet
from seed.ledgers.state import StoredNode, stored_nodes, uids_by_key

HEAD_LINK = Link("person", "人员", "HEAD_OF", ("Person",), "head", incoming=True)
OFFICER_LINK = Link(
    "person", "人员", "OFFICER_OF", ("Person",), "officer", incoming=True, many=True
)
UNIT_TARGETS = ("Net", "Cell")


def plan_import(
    engine: Engine, sheets: list[ParsedSheet], as_of: str, *, strict: bool = False
) -> Plan:
    """Check the rows against each other and the database; work out the writes.

    Governance-rule violations (a person in two micro-cells, a lead placed outside the
    micro-cell they lead) are warnings naming the gap rule that reports them, or errors
    when ``strict``; structural problems are always errors.
    """
    plan = Plan(as_of, strict=strict)
    for kind in KINDS:
        plan.counts[kind.key] = KindCounts()
    for sheet in sheets:
        plan.counts[sheet.info.kind.key].empty += sheet.empty
        plan.refused |= sheet.refused
    rows = [row for sheet in sheets for row in sheet.rows]
    node_rows = _unique_rows(plan, [r for r in rows if r.uid is not None])
    post_rows = _unique_posts(plan, [r for r in rows if r.kind.label is None])
    book = _Book(engine, plan, node_rows, post_rows)
    slots = book.slots()
    _check_single_holders(plan, slots)
    _check_leads(plan, slots)
    _check_levels(plan, book, slots)
    check_derivations(engine, plan, slots)
    status = _node_changes(plan, book)
    link_changes(engine, plan, book.stored, slots, status)
    for row in [*node_rows, *post_rows]:
        counts = plan.counts[row.kind.key]
        match status.get(id(row)):
            case "created":
                counts.created += 1
            case "updated":
                counts.updated += 1
            case _:
                counts.unchanged += 1
    return plan


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'AEIOU' else 'a'} {noun}"


def _where(row: LedgerRow) -> str:
    sheet = f" sheet {row.source.sheet}" if row.source.sheet else ""
    return f"row {row.number} of {row.source.file}{sheet}"


def _unique_rows(plan: Plan, rows: list[LedgerRow]) -> list[LedgerRow]:
    """One row per uid (uids are unique across every kind), one node per alternate key."""
    first: dict[str, LedgerRow] = {}
    keys: dict[tuple[str, str, Any], LedgerRow] = {}
    unique = []
    for row in rows:
        assert row.uid is not None and row.kind.label is not None
        other = first.get(row.uid)
        if other is not None:
            plan.issues.append(row.issue(_duplicate(row, other), "uid"))
            continue
        first[row.uid] = row
        clash = False
        for prop in alternate_keys(row.kind.label):
            value = row.props.get(prop)
            if value is None:
                continue
            holder = keys.setdefault((row.kind.label, prop, value), row)
            if holder is not row:
                message = f"{prop} {value!r} is also given to {holder.uid} ({_where(holder)})"
                plan.issues.append(row.issue(message, prop))
                clash = True
        if not clash:
            unique.append(row)
        else:
            plan.refused.setdefault(row.uid, plan.issues[-1])
    return unique


def _duplicate(row: LedgerRow, other: LedgerRow) -> str:
    here, there = row.refs.get("microcell"), other.refs.get("microcell")
    if row.kind.key == "people" == other.kind.key and here and there and here != there:
        return (
            f"{row.uid} is placed in micro-cell {here[0]} here and in {there[0]} on "
            f"{_where(other)}: a person is in exactly one micro-cell (身处一网、责集一格)"
        )
    return f"duplicate uid {row.uid!r}: also on {_where(other)}"


def _unique_posts(plan: Plan, rows: list[LedgerRow]) -> list[LedgerRow]:
    first: dict[tuple[str | None, str | None], LedgerRow] = {}
    unique = []
    for row in rows:
        other = first.setdefault((row.unit, row.post), row)
        if other is not row:
            message = f"{row.unit} {row.post} is already given on {_where(other)}"
            plan.issues.append(row.issue(message, "post"))
        else:
            unique.append(row)
    return unique


class _Book:
    """The rows of this import and the stored nodes they name, for resolving references."""

    def __init__(
        self, engine: Engine, plan: Plan, node_rows: list[LedgerRow], post_rows: list[LedgerRow]
    ) -> None:
        self.plan = plan
        self.node_rows = node_rows
        self.post_rows = post_rows
        self.rows: dict[str, LedgerRow] = {r.uid: r for r in node_rows if r.uid is not None}
        named = set(self.rows)
        for row in [*node_rows, *post_rows]:
            named.update(ref for refs in row.refs.values() for ref in refs)
            named.update(ref for steps in row.earlier.values() for s in steps for ref in s.refs)
            if row.unit is not None:
                named.add(row.unit)
        self.stored: dict[str, StoredNode] = stored_nodes(engine, named)
        self._conflicting_labels()
        self.keys = self._keys(engine, named)
        by_key = {uid for uids in self.keys.values() for uid in uids.values()}
        self.stored |= stored_nodes(engine, by_key - self.stored.keys() - self.rows.keys())
        self._resolved: dict[tuple[str, tuple[str, ...]], Target | str] = {}

    def _conflicting_labels(self) -> None:
        """Rows whose uid the database gives to another kind, or to a retired node."""
        kept = []
        for row in self.node_rows:
            stored = self.stored.get(row.uid or "")
            message = None
            if stored is not None and stored.label != row.kind.label:
                message = f"uid {row.uid!r} already names {_a(stored.label)} in the database"
            elif stored is not None and (retired := self.retired(stored.uid)) is not None:
                message = f"{retired}; a ledger does not change retired nodes"
            if message is None:
                kept.append(row)
                continue
            self.plan.issues.append(row.issue(message, "uid"))
            self.rows.pop(row.uid or "", None)
            if stored is not None and stored.label != row.kind.label:
                self.plan.refused.setdefault(row.uid or "", self.plan.issues[-1])
        self.node_rows = kept

    def retired(self, uid: str) -> str | None:
        """Why ``uid`` cannot be used when it names a retired node (kept, never deleted)."""
        stored = self.stored.get(uid)
        at = stored.props.get("retired_at") if stored is not None else None
        return None if at is None else f"{uid} was retired at {at}"

    def _keys(self, engine: Engine, named: set[str]) -> dict[tuple[str, str], dict[str, str]]:
        """Alternate key → uid, from this import and the database; a row whose key the
        database gives to another node is an error (the unique constraint would fail)."""
        unresolved = {v for v in named if v not in self.rows and v not in self.stored}
        keys: dict[tuple[str, str], dict[str, str]] = {}
        for kind in KINDS:
            if kind.label is None:
                continue
            for prop in alternate_keys(kind.label):
                own = {
                    row.props[prop]: row
                    for row in self.node_rows
                    if row.kind.label == kind.label and row.props.get(prop) is not None
                }
                stored = uids_by_key(engine, kind.label, prop, [*own, *unresolved])
                for value, row in own.items():
                    holder = stored.get(value)
                    if holder is not None and holder != row.uid:
                        message = f"{prop} {value!r} already belongs to {holder} in the database"
                        self.plan.issues.append(row.issue(message, prop))
                keys[(kind.label, prop)] = stored | {v: r.uid for v, r in own.items() if r.uid}
        return keys

    def label_of(self, uid: str) -> str | None:
        row = self.rows.get(uid)
        if row is not None:
            return row.kind.label
        stored = self.stored.get(uid)
        return stored.label if stored is not None else None

    def prop(self, uid: str, name: str) -> Any:
        row = self.rows.get(uid)
        if row is not None and name in row.props:
            return row.props[name]
        stored = self.stored.get(uid)
        return stored.props.get(name) if stored is not None else None

    def resolve(self, value: str, targets: tuple[str, ...]) -> Target | str:
        """The node a reference names (uid first, then an alternate key), or why not; each
        distinct reference is worked out once (a large ledger repeats its cells, areas,
        owners and standards on many rows, and the rows and stored nodes are fixed by now)."""
        found = self._resolved.get((value, targets))
        if found is None:
            found = self._resolved[(value, targets)] = self._resolve(value, targets)
        return found

    def _resolve(self, value: str, targets: tuple[str, ...]) -> Target | str:
        label = self.label_of(value)
        if label is not None:
            if label in targets:
                retired = None if value in self.rows else self.retired(value)
                return Target(value, label) if retired is None else retired
            row = self.rows.get(value)
            where = f" ({_where(row)})" if row is not None else ""
            return f"{value!r} is {_a(label)}{where}, not {_a(' or '.join(targets))}"
        for target in targets:
            for prop in alternate_keys(target):
                uid = self.keys.get((target, prop), {}).get(value)
                if uid is not None:
                    retired = None if uid in self.rows else self.retired(uid)
                    return Target(uid, target) if retired is None else retired
        by = " or ".join(dict.fromkeys(["uid", *(p for t in targets for p in alternate_keys(t))]))
        return f"no {' or '.join(targets)} with {by} {value!r} in these ledgers or the database"

    def slots(self) -> list[Slot]:
        slots = []
        for row in self.node_rows:
            assert row.uid is not None and row.kind.label is not None
            for key, refs in row.refs.items():
                link = row.kind.link(key)
                desired = self._targets(row, key, refs, link.targets)
                if desired is not None:
                    since, dated_by = row.since.get(key, []), row.dated_by.get(key)
                    slots.append(
                        Slot(
                            row,
                            key,
                            row.uid,
                            row.kind.label,
                            link,
                            desired,
                            since,
                            last_column=dated_by,
                        )
                    )
        slots += filter(None, map(self._post_slot, self.post_rows))
        return [slot for slot in slots if self._dated(slot)]

    def _dated(self, slot: Slot) -> bool:
        """Give ``slot`` the earlier dated changes of its link, their references resolved;
        False when one does not resolve."""
        slot.number = slot.row.numbers.get(slot.column)
        for step in slot.row.earlier.get(slot.column, []):
            found = self._targets(slot.row, slot.column, step.refs, slot.link.targets, step.number)
            if found is not None:
                slot.earlier.append(Change(found, step.since, step.number, step.column))
        return len(slot.earlier) == len(slot.row.earlier.get(slot.column, []))

    def _targets(
        self,
        row: LedgerRow,
        column: str,
        refs: list[str],
        targets: tuple[str, ...],
        number: int | None = None,
    ) -> list[Target] | None:
        found, ok = [], True
        for ref in refs:
            target = self.resolve(ref, targets)
            if isinstance(target, str):
                self._unresolved(row, column, ref, target, number)
                ok = False
            else:
                found.append(target)
        return found if ok else None

    def _unresolved(
        self, row: LedgerRow, column: str, ref: str, why: str, number: int | None = None
    ) -> None:
        """A reference to a row refused on its own is counted under that row's problem (one
        cause, one error); any other unresolved reference is a problem of its own, on the
        row that gives it (``number``: a changes ledger's row, else the row's own)."""
        if ref in self.plan.refused and ref not in self.rows and ref not in self.stored:
            self.plan.dependents[ref] += 1
        else:
            issue = row.issue(why, column)
            number = number or row.numbers.get(column)
            self.plan.issues.append(issue if number is None else replace(issue, row=number))

    def _post_slot(self, row: LedgerRow) -> Slot | None:
        assert row.unit is not None
        unit = self.resolve(row.unit, UNIT_TARGETS)
        if isinstance(unit, str):
            self._unresolved(row, "unit", row.unit, unit)
            return None
        if row.post != HEAD_POST and unit.label != "Cell":
            message = f"officer roles (八大员) are held in cells; {unit.uid} is {_a(unit.label)}"
            self.plan.issues.append(row.issue(message, "post"))
            return None
        people = self._targets(row, "person", row.refs["person"], ("Person",))
        if people is None:
            return None
        link, role = (HEAD_LINK, None) if row.post == HEAD_POST else (OFFICER_LINK, row.post)
        since = row.since.get("person", [])
        return Slot(row, "person", unit.uid, unit.label, link, people, since, role)


def _check_single_holders(plan: Plan, slots: list[Slot]) -> None:
    """A link a governance rule keeps to one holder (a person's micro-cell) given several."""
    for slot in slots:
        link = slot.link
        if link.one_only and len(slot.desired) > 1:
            found = ", ".join(t.uid for t in slot.desired)
            message = f"{link.one_only}; found {found}"
            plan.governance(slot.issue(message, slot.column), "person_in_several_microcells")


def _check_leads(plan: Plan, slots: list[Slot]) -> None:
    """A micro-cell's lead placed in another micro-cell by the same import, at any time of the
    histories it gives (every change of a membership, not only the last; a lead's undated
    first holder counts as holding it all along)."""
    leads: dict[str, list[tuple[Slot, str, str | None]]] = defaultdict(list)
    for slot in slots:
        if slot.link.rel_type == "LEADS":
            for index, (change, start, end) in enumerate(slot.spans(plan.as_of)):
                start = start if index or change.since else ""
                for target in change.targets:
                    leads[target.uid].append((slot, start, end))
    for slot in slots:
        if slot.link.rel_type != "MEMBER_OF" or slot.anchor not in leads:
            continue
        for change, start, end in slot.spans(plan.as_of):
            placed = [t.uid for t in change.targets]
            led = next(
                (
                    lead
                    for lead, since, until in leads[slot.anchor]
                    if lead.anchor not in placed and _overlap(start, end, since, until)
                ),
                None,
            )
            if not placed or led is None:
                continue
            when = f" from {start} to {end}" if end is not None else ""
            message = (
                f"{slot.anchor} leads micro-cell {led.anchor} ({_where(led.row)}) but is placed "
                f"in {', '.join(placed)} here{when}: a person is in exactly one micro-cell"
            )
            issue = slot.issue(message, slot.column, change.number)
            plan.governance(issue, "microcell_lead_not_member")


def _overlap(start: str, end: str | None, other_start: str, other_end: str | None) -> bool:
    """Whether two spans [start, end) meet (None: open-ended)."""
    return (other_end is None or start < other_end) and (end is None or other_start < end)


def _check_levels(plan: Plan, book: _Book, slots: list[Slot]) -> None:
    """Nets nest level 2 → 3 → 4 and cells sit in level-4 nets (堡垒网)."""
    for slot in slots:
        if slot.link.rel_type != "PART_OF":
            continue
        for change in slot.changes:
            if change.targets:
                message = _level_problem(book, slot, change.targets[0])
                if message is not None:
                    plan.issues.append(slot.issue(message, slot.column, change.number))


def _level_problem(book: _Book, slot: Slot, parent: Target) -> str | None:
    parent_level = book.prop(parent.uid, "level")
    if slot.anchor_label == "Net" and parent.label == "Net":
        level = book.prop(slot.anchor, "level")
        if level is not None and parent_level is not None and parent_level != level - 1:
            return (
                f"{parent.uid} is a level-{parent_level} net; "
                f"a level-{level} net sits in a level-{level - 1} net"
            )
    elif slot.anchor_label == "Cell" and parent_level is not None and parent_level != 4:
        return f"{parent.uid} is a level-{parent_level} net; cells sit in level-4 nets (堡垒网)"
    return None


def _node_changes(plan: Plan, book: _Book) -> dict[int, str]:
    status: dict[int, str] = {}
    for row in book.node_rows:
        assert row.uid is not None and row.kind.label is not None
        stored = book.stored.get(row.uid)
        if stored is None:
            plan.nodes[row.kind.label].append(row.props)
            status[id(row)] = "created"
            continue
        desired = stored.props | row.props
        if {k: v for k, v in desired.items() if v is not None} != stored.props:
            if _status_history(plan, row, stored.props, desired):
                plan.nodes[row.kind.label].append(desired)
            status[id(row)] = "updated"
    return status


def _status_history(
    plan: Plan, row: LedgerRow, before: dict[str, Any], after: dict[str, Any]
) -> bool:
    """A changed status of a hazard or problem appended to its status history, so answers as
    of an earlier date keep the status then: from the end date (``closed_on`` /
    ``resolved_on``) when the row sets it with the status, else from the import time.
    False, with an issue, when that is before the last recorded change or after the import."""
    status, label = after.get("status"), row.kind.label or ""
    if status in (None, before.get("status")) or STATUS_HISTORY not in node_spec(label).properties:
        return True
    at, column = plan.as_of, "status"
    for _, _, end in STATUS_KINDS:
        if after.get(end) is not None and after.get(end) != before.get(end):
            at, column = to_timestamp(after[end]), end
    if at > plan.as_of:
        message = f"{after[column]} is after the import time {plan.as_of}"
        plan.issues.append(row.issue(message, column))
        return False
    try:
        after[STATUS_HISTORY] = appended(before, str(status), at)
    except ValueError as exc:
        plan.issues.append(row.issue(str(exc), column))
        return False
    return True
