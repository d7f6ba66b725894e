"""Small factories that build hand-made graphs through ``graph.writer`` for query tests.

Every helper writes validated rows with ``upsert_nodes``/``upsert_relationships`` and returns
the uid it made, so a test reads like the organisation it describes::

    chain = add_net_chain(engine, heads=True)
    cell = add_cell(engine, "cell-1", net=chain.l4, head="p-head")
    add_microcell(engine, "mc-1", cell=cell, lead="p-lead", members=["p-a", "p-b"])
    add_object(engine, "Equipment", "eq-1", cell=cell, owner="p-a")

Temporal links take ``since``/``until`` as dates or ISO strings (``DEFAULT_SINCE`` when not
given); people named as heads, leads, members, owners, officers or assignees are created on
first use (heads, leads and officers as party members) and left untouched afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.engine import Engine
from graph.enums import NetLevel
from graph.schema import relationship_spec
from graph.writer import upsert_nodes, upsert_relationships

DEFAULT_SINCE = "2023-01-01"
"""When a temporal link starts unless a test says otherwise (before every test's "as of")."""

_OBJECT_DEFAULTS: dict[str, dict[str, Any]] = {
    "Equipment": {"category": "valve"},
    "Area": {},
    "WorkItem": {},
    "RiskPoint": {"grade": "yellow"},
}


def link(
    engine: Engine,
    source: str,
    rel_type: str,
    target: str,
    a: str,
    b: str,
    **props: Any,
) -> None:
    """``(a:source)-[:rel_type {props}]->(b:target)``; temporal types get ``since`` by default."""
    spec = relationship_spec(source, rel_type, target)
    if spec.temporal:
        props.setdefault("since", DEFAULT_SINCE)
    upsert_relationships(engine, spec, [{"a": a, "b": b, **props}])


def add_person(
    engine: Engine, uid: str, *, name: str | None = None, party_member: bool = True
) -> str:
    """A person; ``employee_no`` derives from the uid, ``name`` defaults to it."""
    row = {"uid": uid, "employee_no": f"E-{uid}", "name": name or uid, "party_member": party_member}
    upsert_nodes(engine, "Person", [row])
    return uid


def add_people(engine: Engine, uids: Iterable[str], *, party_member: bool = False) -> list[str]:
    """Several people at once (names = uids), ordinary staff unless ``party_member``."""
    people = list(uids)
    rows = [
        {"uid": u, "employee_no": f"E-{u}", "name": u, "party_member": party_member} for u in people
    ]
    upsert_nodes(engine, "Person", rows)
    return people


def ensure_people(engine: Engine, uids: Iterable[str], *, party_member: bool = False) -> list[str]:
    """Create the people among ``uids`` that do not exist yet; existing ones stay untouched.

    Every helper that names a person (head, lead, member, owner, officer, assignee) goes
    through here, so naming someone again never rewrites what a test set on them.
    """
    wanted = list(uids)
    found = engine.run(
        "UNWIND $uids AS uid MATCH (p:Person {uid: uid}) RETURN p.uid AS uid",
        {"uids": wanted},
        readonly=True,
    )
    existing = {row["uid"] for row in found}
    add_people(engine, [u for u in wanted if u not in existing], party_member=party_member)
    return wanted


def add_head(
    engine: Engine, person: str, unit_label: str, unit: str, *, since: Any = None, until: Any = None
) -> str:
    """``person`` heads the Net or Cell ``unit`` from ``since`` until ``until``."""
    ensure_people(engine, [person], party_member=True)
    link(engine, "Person", "HEAD_OF", unit_label, person, unit, **_period(since, until))
    return person


def replace_head(engine: Engine, unit_label: str, unit: str, *, old: str, new: str, on: Any) -> str:
    """Hand the head post of ``unit`` from ``old`` (held since ``DEFAULT_SINCE``) to ``new``
    on ``on``: the old link is closed, never overwritten."""
    link(engine, "Person", "HEAD_OF", unit_label, old, unit, since=DEFAULT_SINCE, until=on)
    return add_head(engine, new, unit_label, unit, since=on)


def add_net(
    engine: Engine,
    uid: str,
    *,
    level: int,
    parent: str | None = None,
    head: str | None = None,
    name: str | None = None,
    since: Any = None,
    until: Any = None,
) -> str:
    """A net of ``level``, PART_OF ``parent`` (from ``since`` until ``until``), with a head."""
    row = {"uid": uid, "name": name or uid, "level": level, "kind": NetLevel.for_level(level).value}
    upsert_nodes(engine, "Net", [row])
    if parent is not None:
        link(engine, "Net", "PART_OF", "Net", uid, parent, **_period(since, until))
    if head is not None:
        add_head(engine, head, "Net", uid)
    return uid


@dataclass(frozen=True, slots=True)
class NetChain:
    """The uids of one L2 → L3 → L4 chain."""

    l2: str
    l3: str
    l4: str


def add_net_chain(engine: Engine, prefix: str = "net", *, heads: bool = True) -> NetChain:
    """``{prefix}-l2`` ← ``{prefix}-l3`` ← ``{prefix}-l4``, headed by ``head-{net uid}``."""
    chain = NetChain(f"{prefix}-l2", f"{prefix}-l3", f"{prefix}-l4")
    add_net(engine, chain.l2, level=2, head=f"head-{chain.l2}" if heads else None)
    add_net(engine, chain.l3, level=3, parent=chain.l2, head=f"head-{chain.l3}" if heads else None)
    add_net(engine, chain.l4, level=4, parent=chain.l3, head=f"head-{chain.l4}" if heads else None)
    return chain


def add_cell(
    engine: Engine,
    uid: str,
    *,
    net: str | None,
    head: str | None = None,
    mode: str = "scene",
    name: str | None = None,
    since: Any = None,
    until: Any = None,
) -> str:
    """A cell PART_OF ``net`` (none when None) with an optional head (格长)."""
    upsert_nodes(engine, "Cell", [{"uid": uid, "name": name or uid, "mode": mode}])
    if net is not None:
        link(engine, "Cell", "PART_OF", "Net", uid, net, **_period(since, until))
    if head is not None:
        add_head(engine, head, "Cell", uid)
    return uid


def add_microcell(
    engine: Engine,
    uid: str,
    *,
    cell: str | None,
    lead: str | None = None,
    members: Iterable[str] = (),
    since: Any = None,
    until: Any = None,
) -> str:
    """A micro-cell PART_OF ``cell``, led by ``lead``, with ``members`` (all from ``since``)."""
    upsert_nodes(engine, "MicroCell", [{"uid": uid, "name": uid}])
    period = _period(since, until)
    if cell is not None:
        link(engine, "MicroCell", "PART_OF", "Cell", uid, cell, **period)
    if lead is not None:
        ensure_people(engine, [lead], party_member=True)
        link(engine, "Person", "LEADS", "MicroCell", lead, uid, **period)
    people = ensure_people(engine, members)
    rows = [{"a": p, "b": uid, **period} for p in people]
    upsert_relationships(engine, relationship_spec("Person", "MEMBER_OF", "MicroCell"), rows)
    return uid


def add_object(
    engine: Engine,
    label: str,
    uid: str,
    *,
    cell: str | None = None,
    owner: str | None = None,
    since: Any = None,
    until: Any = None,
    **props: Any,
) -> str:
    """An Equipment, Area, WorkItem or RiskPoint in ``cell``, OWNED_BY ``owner``."""
    row = {"uid": uid, "name": uid, **_OBJECT_DEFAULTS[label], **props}
    upsert_nodes(engine, label, [row])
    if cell is not None:
        link(engine, label, "BELONGS_TO", "Cell", uid, cell)
    if owner is not None:
        add_owner(engine, label, uid, owner, since=since, until=until)
    return uid


def add_owner(
    engine: Engine, label: str, uid: str, owner: str, *, since: Any = None, until: Any = None
) -> str:
    """``owner`` owns the object ``uid`` from ``since`` until ``until``."""
    ensure_people(engine, [owner])
    link(engine, label, "OWNED_BY", "Person", uid, owner, **_period(since, until))
    return owner


def add_officer(
    engine: Engine, person: str, cell: str, role: str, *, since: Any = None, until: Any = None
) -> str:
    """``person`` holds officer ``role`` (an ``OfficerRole`` value) in ``cell``."""
    ensure_people(engine, [person], party_member=True)
    link(engine, "Person", "OFFICER_OF", "Cell", person, cell, role=role, **_period(since, until))
    return person


def add_duty(
    engine: Engine,
    uid: str,
    *,
    cell: str,
    role: str | None = None,
    assignee: str | None = None,
    applies_to: tuple[str, str] | None = None,
    complete: bool = True,
    **props: Any,
) -> str:
    """A duty of ``cell``. ``complete`` fills matter, responsibility, schedule and space;
    ``applies_to`` is ``(label, uid)`` of its object (CONTROLS for a RiskPoint)."""
    row: dict[str, Any] = {"uid": uid, "title": uid, "role": role}
    if complete:
        row |= {"matter": "巡检", "responsibility": "负责", "schedule": "每日", "space": "站内"}
    upsert_nodes(engine, "Duty", [row | props])
    link(engine, "Duty", "BELONGS_TO", "Cell", uid, cell)
    if assignee is not None:
        ensure_people(engine, [assignee])
        link(engine, "Duty", "ASSIGNED_TO", "Person", uid, assignee)
    if applies_to is not None:
        label, target = applies_to
        rel = "CONTROLS" if label == "RiskPoint" else "APPLIES_TO"
        link(engine, "Duty", rel, label, uid, target)
    return uid


def add_data_source(engine: Engine, uid: str, *, kind: str, cells: Iterable[str]) -> str:
    """A data source of ``kind`` (a ``DataSourceKind`` value) feeding ``cells``."""
    upsert_nodes(engine, "DataSource", [{"uid": uid, "name": uid, "kind": kind}])
    for cell in cells:
        link(engine, "DataSource", "FEEDS", "Cell", uid, cell)
    return uid


def add_process(
    engine: Engine, uid: str, *, net: str, role: str | None = None, kind: str = "management"
) -> str:
    """A process bundle IN_NET ``net`` serving officer ``role``."""
    upsert_nodes(engine, "Process", [{"uid": uid, "name": uid, "kind": kind, "role": role}])
    link(engine, "Process", "IN_NET", "Net", uid, net)
    return uid


def add_problem(
    engine: Engine,
    uid: str,
    *,
    cell: str,
    status: str,
    reported_on: str,
    resolved_on: str | None = None,
) -> str:
    """A problem RAISED_IN ``cell``."""
    row = {
        "uid": uid,
        "title": uid,
        "category": "production",
        "status": status,
        "scale": "small",
        "reported_on": reported_on,
        "resolved_on": resolved_on,
    }
    upsert_nodes(engine, "Problem", [row])
    link(engine, "Problem", "RAISED_IN", "Cell", uid, cell)
    return uid


def add_hazard(
    engine: Engine,
    uid: str,
    *,
    cell: str,
    found_on: str,
    deadline: str | None = None,
    closed_on: str | None = None,
) -> str:
    """A hazard of ``cell``: closed when ``closed_on`` is given, open otherwise."""
    row = {
        "uid": uid,
        "title": uid,
        "severity": "general",
        "status": "closed" if closed_on else "found",
        "found_on": found_on,
        "deadline": deadline,
        "closed_on": closed_on,
    }
    upsert_nodes(engine, "Hazard", [row])
    link(engine, "Hazard", "BELONGS_TO", "Cell", uid, cell)
    return uid


def add_training(
    engine: Engine, uid: str, *, cells: Iterable[str], held_on: str, attendees: int = 10
) -> str:
    """A training session held for ``cells``."""
    row = {"uid": uid, "title": uid, "kind": "in_cell", "held_on": held_on, "attendees": attendees}
    upsert_nodes(engine, "TrainingSession", [row])
    for cell in cells:
        link(engine, "TrainingSession", "TRAINED", "Cell", uid, cell)
    return uid


def add_assessment(engine: Engine, uid: str, *, cell: str, month: str, score: float) -> str:
    """A monthly assessment of ``cell``."""
    upsert_nodes(engine, "Assessment", [{"uid": uid, "month": month, "score": score}])
    link(engine, "Assessment", "ASSESSES", "Cell", uid, cell)
    return uid


def _period(since: Any, until: Any) -> dict[str, Any]:
    period: dict[str, Any] = {"since": since or DEFAULT_SINCE}
    if until is not None:
        period["until"] = until
    return period
