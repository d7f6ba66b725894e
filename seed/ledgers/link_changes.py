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
from seed.ledgers.planned import Ops, Plan, Slot, SpecKey
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
        held = [
            link
            for link in current.get((slot.anchor, slot.link.rel_type, slot.link.incoming), [])
            if slot.role is None or link.role == slot.role
        ]
        changed = (
            _temporal(plan, slot, held)
            if slot.link.temporal(slot.anchor_label)
            else _plain(plan, slot, held)
        )
        if changed:
            created = slot.row.kind.label is None and not held
            status.setdefault(id(slot.row), "created" if created else "updated")


def _current(
    engine: Engine, stored: Mapping[str, StoredNode], slots: list[Slot]
) -> dict[tuple[str, str, bool], list[StoredLink]]:
    """The current links of every stored anchor, one query batch per relationship."""
    wanted: dict[tuple[SpecKey, bool], set[str]] = defaultdict(set)
    specs: dict[SpecKey, RelationshipSpec] = {}
    for slot in slots:
        if slot.anchor not in stored:
            continue
        for target in slot.link.targets:
            spec = slot.spec(target)
            key = (spec.source, spec.type, spec.target)
            specs[key] = spec
            wanted[(key, slot.link.incoming)].add(slot.anchor)
    found: dict[tuple[str, str, bool], list[StoredLink]] = defaultdict(list)
    for (key, incoming), anchors in wanted.items():
        for link in current_links(
            engine, specs[key], anchor_is_source=not incoming, anchors=anchors
        ):
            found[(link.anchor, key[1], incoming)].append(link)
    return found


def _endpoints(slot: Slot, other: str, other_label: str) -> tuple[SpecKey, dict[str, Any]]:
    spec = slot.spec(other_label)
    return (spec.source, spec.type, spec.target), (
        {"a": other, "b": slot.anchor} if slot.link.incoming else {"a": slot.anchor, "b": other}
    )


def _record(plan: Plan, ops: Ops, slot: Slot, other: str, label: str, **props: Any) -> None:
    key, row = _endpoints(slot, other, label)
    plan.specs.setdefault(key, slot.spec(label))
    if slot.role is not None:
        props["role"] = slot.role
    ops[key].append(row | props)


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


def _temporal(plan: Plan, slot: Slot, held: list[StoredLink]) -> bool:
    desired = {t.uid for t in slot.desired}
    current = {link.other for link in held}
    if desired == current:
        _warn_on_other_start(plan, slot, held)
        return False
    starts = {
        t.uid: slot.start(index, plan.as_of)
        for index, t in enumerate(slot.desired)
        if t.uid not in current
    }
    at = min(starts.values(), default=slot.start(0, plan.as_of))
    ok = True
    for start in dict.fromkeys(starts.values()):
        if start > plan.as_of:
            message = f"{start} is after the import time {plan.as_of}"
            plan.issues.append(slot.row.issue(message, _since_column(slot)))
            ok = False
    closing = [link for link in held if link.other not in desired]
    for link in closing:
        if starts_too_early(at, [link.since]):
            message = (
                f"{link.other} holds this since {link.since}, after {at}: "
                "a new holder cannot start before the current one (history is never rewritten)"
            )
            plan.issues.append(
                slot.row.issue(message, _since_column(slot) if slot.since else slot.column)
            )
            ok = False
    if ok:
        for link in closing:
            _record(plan, plan.closes, slot, link.other, link.other_label, until=at)
        for target in slot.desired:
            if target.uid in starts:
                start = starts[target.uid]
                _record(plan, plan.opens, slot, target.uid, target.label, since=start, until=None)
    return True


def _warn_on_other_start(plan: Plan, slot: Slot, held: list[StoredLink]) -> None:
    """A start date beside an unchanged holder that differs from the stored one is kept as
    stored (history is not rewritten by an import), and the user is told."""
    if len(slot.since) != 1 or len(held) != 1 or held[0].since in (None, slot.since[0]):
        return
    message = (
        f"{slot.since[0]} differs from the recorded start {held[0].since} of {held[0].other}; "
        "the holder is unchanged, so the recorded history is kept"
    )
    plan.warnings.append(slot.row.issue(message, _since_column(slot)))


def _since_column(slot: Slot) -> str:
    return "since" if slot.row.kind.label is None else f"{slot.column}_since"
