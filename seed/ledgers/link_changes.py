"""The link writes of an import: each row's link columns against the links stored now.
A changed holder of a temporal link is handed over by the rule of ``writes.hand_over``
(closed ``until``, opened ``since``, never before the current holder began); a plain link
is replaced."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from graph.engine import Engine
from graph.schema import RelationshipSpec
from seed.ledgers.planned import Change, Ops, Plan, Slot, SpecKey, Target
from seed.ledgers.state import StoredLink, StoredNode, current_links
from writes.hand_over import starts_too_early


def link_changes(
    engine: Engine,
    plan: Plan,
    stored: Mapping[str, StoredNode],
    slots: list[Slot],
    status: dict[int, str],
) -> None:
    """Work out the link writes that bring each slot's links in line with its row (a
    temporal link is handed over, a plain one replaced), marking changed rows in
    ``status``."""
    current = _current(engine, stored, slots)
    for slot in slots:
        links = [
            link
            for link in current.get((slot.anchor, slot.link.rel_type, slot.link.incoming), [])
            if slot.role is None or link.role == slot.role
        ]
        held = [link for link in links if link.until is None]
        changed = (
            _temporal(plan, slot, links)
            if slot.link.temporal(slot.anchor_label)
            else _plain(plan, slot, held)
        )
        if changed:
            created = slot.row.kind.label is None and not held
            status.setdefault(id(slot.row), "created" if created else "updated")


def _current(
    engine: Engine, stored: Mapping[str, StoredNode], slots: list[Slot]
) -> dict[tuple[str, str, bool], list[StoredLink]]:
    """The current links of every stored anchor, one query batch per relationship; the
    whole history (closed links too) where a slot holds several dated changes."""
    wanted: dict[tuple[SpecKey, bool, bool], set[str]] = defaultdict(set)
    specs: dict[SpecKey, RelationshipSpec] = {}
    for slot in slots:
        if slot.anchor not in stored:
            continue
        for target in slot.link.targets:
            spec = slot.spec(target)
            key = (spec.source, spec.type, spec.target)
            specs[key] = spec
            wanted[(key, slot.link.incoming, slot.history)].add(slot.anchor)
    found: dict[tuple[str, str, bool], list[StoredLink]] = defaultdict(list)
    for (key, incoming, closed), anchors in wanted.items():
        for link in current_links(
            engine, specs[key], anchor_is_source=not incoming, anchors=anchors, closed=closed
        ):
            found[(link.anchor, key[1], incoming)].append(link)
    return found


ANCHOR = "_anchor"
"""Key of a link write's anchor uid: the node whose row asked for it (its audit entry's
target). It and :data:`FIELD` are not properties: ``seed.ledgers.apply`` takes them off."""
FIELD = "_field"
"""Key of the name a link write is recorded under in its anchor's audit entry: the ledger
column (``owner``, ``standards``), a post's role, or ``head``."""


def _record(plan: Plan, ops: Ops, slot: Slot, other: str, label: str, **props: Any) -> None:
    spec = slot.spec(label)
    key = (spec.source, spec.type, spec.target)
    plan.specs.setdefault(key, spec)
    if slot.role is not None:
        props["role"] = slot.role
    row = {"a": other, "b": slot.anchor} if slot.link.incoming else {"a": slot.anchor, "b": other}
    row |= props
    row[ANCHOR], row[FIELD] = slot.anchor, _field(slot)
    ops[key].append(row)


def _field(slot: Slot) -> str:
    if slot.row.kind.label is not None:
        return slot.column
    return slot.role or "head"


def _plain(plan: Plan, slot: Slot, held: list[StoredLink]) -> bool:
    desired = {t.uid for t in slot.desired}
    current = {link.other for link in held}
    for link in held:
        if link.other not in desired:
            _record(plan, plan.removes, slot, link.other, link.other_label)
    for target in slot.desired:
        if target.uid not in current:
            _record(plan, plan.adds, slot, target.uid, target.label)
    return desired != current


def _temporal(plan: Plan, slot: Slot, links: list[StoredLink]) -> bool:
    """Hand the link over change by change, in date order, from the changes not recorded
    yet: each closes what the one before opened, the first closes what is held now."""
    if not links and not slot.earlier:
        return _first_holders(plan, slot)
    pending = _unrecorded(plan, slot, links)
    if not pending:
        return False
    held = [link for link in links if link.until is None]
    opening: list[tuple[Target, str]] = []
    changed = False
    for change in pending:
        current = {link.other for link in held} | {target.uid for target, _ in opening}
        desired = {t.uid for t in change.targets}
        if not desired and not current and change.since:
            message = f"{slot.anchor} has no current {slot.column} to end on {change.since[0]}"
            plan.issues.append(slot.issue(message, _date_column(slot, change), change.number))
            return True
        if desired == current:
            _warn_on_other_start(plan, slot, change, held)
            continue
        changed = True
        starts = {
            t.uid: change.start(index, plan.as_of)
            for index, t in enumerate(change.targets)
            if t.uid not in current
        }
        at = min(starts.values(), default=change.start(0, plan.as_of))
        if not _may_start(plan, slot, change, [*starts.values(), at], held, links):
            return True
        for link in held:
            if link.other not in desired:
                _record(plan, plan.closes, slot, link.other, link.other_label, until=at)
        for target, since in opening:
            if target.uid not in desired:
                _record(plan, plan.opens, slot, target.uid, target.label, since=since, until=at)
        held = [link for link in held if link.other in desired]
        opening = [(target, since) for target, since in opening if target.uid in desired]
        opening += [(t, starts[t.uid]) for t in change.targets if t.uid in starts]
    for target, since in opening:
        _record(plan, plan.opens, slot, target.uid, target.label, since=since, until=None)
    return changed


def _first_holders(plan: Plan, slot: Slot) -> bool:
    """:func:`_temporal` where nothing is stored and the row gives one change (a new node's
    link, the bulk of a first import): its holders open, each from its start, none later
    than the import time. The same writes and issues as the general walk, made directly."""
    targets, since = slot.desired, slot.since
    if not targets:
        if not since:
            return False
        change = slot.changes[0]
        message = f"{slot.anchor} has no current {slot.column} to end on {since[0]}"
        plan.issues.append(slot.issue(message, _date_column(slot, change), change.number))
        return True
    if len(since) > 1:
        starts = {t.uid: since[index] for index, t in enumerate(targets)}
    else:
        start = since[0] if since else plan.as_of
        starts = dict.fromkeys((t.uid for t in targets), start)
    if any(start > plan.as_of for start in starts.values()):
        _may_start(plan, slot, slot.changes[0], list(starts.values()), [], [])
        return True
    for target in targets:
        _record(
            plan, plan.opens, slot, target.uid, target.label, since=starts[target.uid], until=None
        )
    return True


def _unrecorded(plan: Plan, slot: Slot, links: list[StoredLink]) -> list[Change]:
    """The changes after the last one the stored history already holds (all of them when it
    holds none); none, with an issue for each, when a change is missing from the history
    before one that is in it (the import would rewrite history)."""
    changes = slot.changes
    if not links:
        return changes  # nothing stored (a new node's links): no change can be recorded
    recorded = [
        index
        for index, change in enumerate(changes)
        if _recorded(change, links, plan.as_of, last=index == len(changes) - 1)
    ]
    if not recorded:
        return changes
    after = recorded[-1]
    missing = [c for index, c in enumerate(changes[:after]) if index not in recorded]
    for change in missing:
        message = (
            f"this change is not in the recorded history, but the later one on row "
            f"{changes[after].number} is: history is never rewritten"
        )
        plan.issues.append(slot.issue(message, _date_column(slot, change), change.number))
    return [] if missing else changes[after + 1 :]


def _recorded(change: Change, links: list[StoredLink], as_of: str, *, last: bool) -> bool:
    """Whether the stored history holds ``change``: an assignment ending on its date with
    none starting then (and, for a row's last change, none open); or its holders starting on
    its date, or holding the link then in a closed assignment (a start kept as recorded when
    the holder did not change) — for the last change, still holding, exactly those."""
    held = [link for link in links if link.until is None]
    starts = [(t.uid, change.start(index, as_of)) for index, t in enumerate(change.targets)]
    if not change.targets:
        at = change.start(0, as_of)
        ended = any(link.until == at for link in links)
        started = any(link.since == at for link in links)
        return ended and not started and not (last and held)
    if last:
        exact = {link.other for link in held} == {uid for uid, _ in starts}
        return exact and set(starts) <= {(link.other, link.since) for link in held}
    return all(any(_holds(link, uid, at) for link in links) for uid, at in starts)


def _holds(link: StoredLink, uid: str, at: str) -> bool:
    if link.other != uid:
        return False
    return link.since == at or (link.until is not None and (link.since or "") <= at < link.until)


def _may_start(
    plan: Plan,
    slot: Slot,
    change: Change,
    starts: list[str],
    held: list[StoredLink],
    links: list[StoredLink],
) -> bool:
    """Whether a change may start on ``starts``: not after the import time, not before the
    current holders began, nor before a recorded assignment ended (history is never
    rewritten); each reason not is an issue on the change's row."""
    ok = True
    for start in dict.fromkeys(s for s in starts if s > plan.as_of):
        message = f"{start} is after the import time {plan.as_of}"
        plan.issues.append(slot.issue(message, _date_column(slot, change), change.number))
        ok = False
    at = min(starts)
    desired = {t.uid for t in change.targets}
    column = _date_column(slot, change) if change.since else slot.column
    rule = "a new holder cannot start before the current one"
    if not desired:
        rule = "an assignment cannot end before it began"
    for link in held:
        if link.other not in desired and starts_too_early(at, [link.since]):
            message = (
                f"{link.other} holds this since {link.since}, after {at}: "
                f"{rule} (history is never rewritten)"
            )
            plan.issues.append(slot.issue(message, column, change.number))
            ok = False
    ended = starts_too_early(at, [link.until for link in links])
    if ok and ended is not None:
        message = (
            f"the recorded history has an assignment ending {ended}, after {at}: "
            "history is never rewritten"
        )
        plan.issues.append(slot.issue(message, column, change.number))
        ok = False
    return ok


def _warn_on_other_start(plan: Plan, slot: Slot, change: Change, held: list[StoredLink]) -> None:
    """A start date beside an unchanged holder that differs from the stored one is kept as
    stored (history is not rewritten by an import), and the user is told."""
    if len(change.since) != 1 or len(held) != 1 or held[0].since in (None, change.since[0]):
        return
    message = (
        f"{change.since[0]} differs from the recorded start {held[0].since} of "
        f"{held[0].other}; the holder is unchanged, so the recorded history is kept"
    )
    plan.warnings.append(slot.issue(message, _date_column(slot, change), change.number))


def _date_column(slot: Slot, change: Change) -> str:
    """The column giving a change's date: the link's ``_since`` unless it says otherwise."""
    if change.column is not None:
        return change.column
    return "since" if slot.row.kind.label is None else f"{slot.column}_since"
