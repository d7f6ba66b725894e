"""The writes of a checked :class:`~seed.ledgers.planned.Plan`, through ``graph.writer``.

Nodes first (MERGE by uid, in ``NODE_CLASSES`` order), then closing open assignments and
removing replaced plain links, then opening and adding the new ones. Each statement is
atomic but the whole is not (the embedded engine has no multi-statement transactions);
because every step MERGEs or only acts on what is still open, re-running the same import
after an interruption finishes the job without doubling anything. A node the import
creates is written with its links to nodes that existed before the import in one
statement (the row whole or not at all); links between nodes created by the same import
follow with the other link writes.

Each node a ledger row changes gets one audit entry (decision 0008): ``import.create`` or
``import.update``, its changed fields before → after and, under the row's column names,
every link the row closed, removed, opened or added (``[{"uid", "since", "until",
"role"}]`` before → after). The entry is written by the first statement that writes the
row, so a change never exists without its entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.engine import Engine
from graph.model import NODE_CLASSES
from graph.model.base import SEARCH_PROPERTY
from graph.schema import RelationshipSpec
from graph.writer import (
    Audit,
    Linked,
    close_assignments,
    delete_relationships,
    upsert_linked_nodes,
    upsert_relationships,
)
from queries.clock import instant
from queries.entities import nodes_by_uid
from seed.ledgers.link_changes import ANCHOR, FIELD
from seed.ledgers.planned import Ops, Plan, SpecKey
from seed.ledgers.progress import Meter
from writes.audit import SYSTEM, Actor, EntryBuilder, audit_entries, check_targets

_READ_CHUNK = 5_000


@dataclass(slots=True)
class _Entry:
    """The audit entry of one node a ledger row changes, made as its first statement is built."""

    label: str
    created: bool
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    links: set[str] = field(default_factory=set)
    """The names in ``before``/``after`` that list links (the others are fields)."""

    def link(self, name: str, change: str, other: str, props: dict[str, Any]) -> None:
        """Record one link write under ``name``: what was held before, what holds after."""
        self.links.add(name)
        qualifiers = {k: v for k, v in props.items() if k == "role" and v is not None}
        if not self.created:
            self.before.setdefault(name, [])
            if change in ("close", "remove"):
                self.before[name].append({"uid": other, **qualifiers})
        after = self.after.setdefault(name, [])
        if change != "remove":
            values = {k: v for k, v in props.items() if v is not None}
            after.append({"uid": other, **values})

    def properties(self, build: EntryBuilder, uid: str) -> dict[str, Any]:
        for name in self.links:
            for side in (self.before, self.after):
                side.get(name, []).sort(key=lambda item: (item.get("since") or "", item["uid"]))
        operation = "import.create" if self.created else "import.update"
        return build(operation, uid, self.label, None if self.created else self.before, self.after)


def apply_plan(engine: Engine, plan: Plan, bar: Meter, actor: Actor | None = None) -> None:
    """Write everything ``plan`` holds (it must carry no issues), audited as ``actor``."""
    assert not plan.issues, "a plan with issues is never written"
    who = actor or Actor(SYSTEM)
    now = instant(None)
    bar.start("writing", plan.writes)
    engine.ensure_schema()
    nodes = {row["uid"]: (label, row) for label, rows in plan.nodes.items() for row in rows}
    stored = _stored(engine, list(nodes))
    new = {uid for uid in nodes if uid not in stored}
    link_writes, ops, with_node = _split(plan, new)
    pending = nodes.keys() | link_writes.keys()
    build = audit_entries(who, now)
    check_targets(("import.create" if uid in new else "import.update", uid) for uid in pending)

    def entry(uid: str) -> dict[str, Any] | None:
        """The entry of ``uid``'s row if no statement has written it yet (made now: while
        the engine writes the rows before)."""
        if uid not in pending:
            return None
        pending.discard(uid)
        made = _entry(uid, nodes.get(uid), stored.get(uid), link_writes.pop(uid, []))
        return made.properties(build, uid)

    with engine.bulk_load():
        for cls in NODE_CLASSES:
            label = cls.__name__
            rows = plan.nodes.get(label)
            if not rows:
                continue
            for created in (True, False):
                part = [row for row in rows if (row["uid"] in new) is created]
                if not part:
                    continue
                links, row_links = _row_links(plan, with_node, part)
                upsert_linked_nodes(
                    engine, label, part, links, row_links, audit=lambda row: entry(row["uid"]),
                    revise=True, new=created, progress=bar.advance,
                )  # fmt: skip
                bar.advance(sum(len(links) for links in row_links))
        for change in ops:
            for key, (rows, anchors) in ops[change].items():
                spec = plan.specs[key]
                audit = _first_of(anchors, entry)
                if change == "close":
                    close_assignments(engine, spec, rows, progress=bar.advance, audit=audit)
                elif change == "remove":
                    delete_relationships(engine, spec, rows, progress=bar.advance, audit=audit)
                else:
                    upsert_relationships(
                        engine, spec, rows, progress=bar.advance, check_endpoints=False,
                        audit=audit,
                    )  # fmt: skip
    assert not pending, "every changed row's audit entry is written"


def _groups(plan: Plan) -> dict[str, Ops]:
    """The plan's link writes by change, in the order they are made."""
    return {"close": plan.closes, "remove": plan.removes, "open": plan.opens, "add": plan.adds}


type _Split = dict[SpecKey, tuple[list[dict[str, Any]], list[str]]]
"""Link writes by relationship: the rows the writer takes, and each row's anchor."""

type _LinkWrite = tuple[str, RelationshipSpec, str, dict[str, Any]]
"""One link write recorded in its anchor's entry: the change, the relationship, the name it
is recorded under (its ``FIELD``) and the writer's row."""

type _NodeLink = tuple[SpecKey, bool, str, dict[str, Any]]
"""A link written with its new node: relationship, whether the node is its source, the
other node's uid and the link's properties."""


def _split(
    plan: Plan, new: set[str]
) -> tuple[dict[str, list[_LinkWrite]], dict[str, _Split], dict[str, list[_NodeLink]]]:
    """The plan's link writes, in one pass (a large import holds hundreds of thousands):
    by anchor, for the audit entries; the opens and adds of nodes the import creates that
    reach nodes stored before it, by that new node (written with it); and the others by
    change and relationship, as the writer takes them. Each row loses its anchor and field
    markers in place."""
    by_anchor: dict[str, list[_LinkWrite]] = defaultdict(list)
    with_node: dict[str, list[_NodeLink]] = defaultdict(list)
    shared: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}  # one import, few values
    ops: dict[str, _Split] = {}
    for change, group in _groups(plan).items():
        opening = change in ("open", "add")
        split: _Split = {}
        ops[change] = split
        for key, rows in group.items():
            spec = plan.specs[key]
            kept: tuple[list[dict[str, Any]], list[str]] = ([], [])
            for row in rows:
                anchor, name = row.pop(ANCHOR), row.pop(FIELD)
                by_anchor[anchor].append((change, spec, name, row))
                outgoing = row["a"] == anchor
                other = row["b"] if outgoing else row["a"]
                if opening and anchor in new and other not in new:
                    props = {k: v for k, v in row.items() if k != "a" and k != "b"}
                    props = shared.setdefault(tuple(props.items()), props)
                    with_node[anchor].append((key, outgoing, other, props))
                else:
                    kept[0].append(row)
                    kept[1].append(anchor)
            if kept[0]:
                split[key] = kept
    return by_anchor, ops, with_node


def _row_links(
    plan: Plan, with_node: dict[str, list[_NodeLink]], rows: list[dict[str, Any]]
) -> tuple[list[Linked], list[list[tuple[int, str, dict[str, Any]]]]]:
    """The relationships written with ``rows``' nodes, as ``upsert_linked_nodes`` takes them."""
    index: dict[tuple[SpecKey, bool], int] = {}
    links: list[Linked] = []
    row_links = []
    for node in rows:
        out = []
        for key, outgoing, other, props in with_node.get(node["uid"], []):
            if (key, outgoing) not in index:
                index[(key, outgoing)] = len(links)
                links.append((plan.specs[key], outgoing))
            out.append((index[(key, outgoing)], other, props))
        row_links.append(out)
    return links, row_links


def _first_of(anchors: list[str], entry: Callable[[str], dict[str, Any] | None]) -> Audit:
    """An ``Audit`` giving, row by row, the entry of the row's anchor if not written yet (the
    writer asks once per row, in order)."""
    rows = iter(anchors)

    def record(_: dict[str, Any]) -> dict[str, Any] | None:
        return entry(next(rows))

    return record


def _entry(
    uid: str,
    node: tuple[str, dict[str, Any]] | None,
    old: dict[str, Any] | None,
    links: list[_LinkWrite],
) -> _Entry:
    """The audit entry of one node the plan changes: its row's fields (``node``: its label
    and row; ``old``: its stored properties, None when new) and its link writes."""
    if node is None:
        _, spec, _, row = links[0]
        made = _Entry(_anchor_label(spec, row, uid), False)
    elif old is None:
        label, props = node
        after = {k: v for k, v in props.items() if v is not None and k != SEARCH_PROPERTY}
        made = _Entry(label, created=True, after=after)
    else:
        label, props = node
        changed = sorted(k for k, v in props.items() if k != SEARCH_PROPERTY and old.get(k) != v)
        made = _Entry(
            label,
            False,
            before={k: old.get(k) for k in changed},
            after={k: props[k] for k in changed},
        )
    for change, _, name, row in links:
        props = {k: v for k, v in row.items() if k not in ("a", "b", ANCHOR, FIELD)}
        made.link(name, change, _other(row, uid), props)
    return made


def _other(row: dict[str, Any], anchor: str) -> str:
    """The uid at a link row's other end from its anchor."""
    return str(row["b"] if row["a"] == anchor else row["a"])


def _anchor_label(spec: RelationshipSpec, row: dict[str, Any], anchor: str) -> str:
    return spec.source if row["a"] == anchor else spec.target


def _stored(engine: Engine, uids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored properties of the nodes about to be written (absent: new ones)."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(uids):
        found |= {uid: record.props for uid, record in nodes_by_uid(engine, chunk).items()}
    return found


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _READ_CHUNK):
        yield items[start : start + _READ_CHUNK]
