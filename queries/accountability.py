"""Trace: from any object (or person) up the accountability chain, now or as of a past date;
impact: everything a person answers for and what their departure would leave uncovered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from graph.engine import Engine
from graph.enums import NetLevel, OfficerRole
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.grid_rules import SIX_ELEMENTS
from queries.clock import instant
from queries.cypher import cypher
from queries.views import Gap, Holder, kind_of, to_json

TRACEABLE = ("Equipment", "Area", "WorkItem", "RiskPoint", "Hazard", "Problem", "Person")
NEEDS_STANDARD = ("Equipment", "Area", "WorkItem")

type AsOf = date | datetime | str | None


@dataclass(frozen=True, slots=True)
class Link:
    """One step of the chain.

    ``role`` is object, owner, micro_cell, micro_cell_lead, cell, cell_head, net or net_head;
    ``via`` is ``direct`` (dedicated to the subject), ``inherited`` (reached through the risk
    point or equipment the subject belongs to; ``source`` names it) or ``hierarchy``.
    """

    role: str
    uid: str
    name: str
    kind: str
    via: str
    since: str | None = None
    until: str | None = None
    level: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Officer:
    """One of the eight officer roles (八大员) of the cell, with its holder."""

    role: str
    role_zh: str
    holder: Holder


@dataclass(frozen=True, slots=True)
class DutyView:
    """A duty that applies to the subject, with the six elements it lacks (if any)."""

    uid: str
    title: str
    role: str | None
    matter: str | None
    responsibility: str | None
    schedule: str | None
    space: str | None
    assignee: Holder | None
    via: str
    source: str
    missing: list[str]


@dataclass(frozen=True, slots=True)
class StandardView:
    """A standard in force for the subject and the guidance standard it derives from."""

    uid: str
    code: str
    title: str
    level: str
    since: str | None
    until: str | None
    via: str
    source: str
    guidance_uid: str | None
    guidance_code: str | None
    guidance_title: str | None


@dataclass(frozen=True, slots=True)
class Trace:
    """The accountability chain of one subject as it stood at ``as_of``.

    ``officers``, ``duties``, ``standards`` and ``gaps`` are None when they were not asked
    (see :data:`PARTS`); the chain is always there.
    """

    uid: str
    kind: str
    name: str
    as_of: str
    chain: list[Link]
    officers: list[Officer] | None = None
    duties: list[DutyView] | None = None
    standards: list[StandardView] | None = None
    gaps: list[Gap] | None = None

    @property
    def complete(self) -> bool | None:
        """True when the chain has no gap; None when the gaps were not asked."""
        return None if self.gaps is None else not self.gaps

    def to_json(self) -> dict[str, Any]:
        return to_json(self) | {"complete": self.complete}


type Part = Literal["officers", "duties", "standards", "gaps"]
PARTS: frozenset[Part] = frozenset({"officers", "duties", "standards", "gaps"})
"""What a trace can carry beyond its chain. The chain alone is one chain walk
(``trace_chain.cypher``); every part is one richer statement (``trace.cypher``); some of
them are the chain walk and one statement reading only those (``trace_parts.cypher``).
``gaps`` needs the other three (a cell missing an officer role, a duty missing an element,
an object without a standard)."""


def trace(
    engine: Engine, uid: str, as_of: AsOf = None, *, parts: Collection[Part] = PARTS
) -> Trace:
    """Trace ``uid`` to its owner, micro-cell, cell and every net above, with their heads;
    with the cell's officers, the duties and standards that apply and the gaps found, as far
    as ``parts`` asks for them (all by default).

    A broken chain is not an error: each break is named as a gap and the chain goes on past it
    from the object's own cell (docs/accountability.md). An unknown uid raises
    :class:`NotFoundError`; a uid of a kind that has no owner (a net, a standard…) raises
    :class:`ValidationError`. Every part is read as of the same instant, so the parts agree
    with the chain even when they take a second statement: an assignment changed in between
    starts (or ends) after that instant.

    Example:
        >>> t = trace(engine, "hz-00001", as_of="2025-02-01")
        >>> [link.role for link in t.chain][:3]
        ['object', 'owner', 'micro_cell']
        >>> trace(engine, "hz-00001", parts=()).officers is None
        True
    """
    at = instant(as_of)
    wanted = set(parts)
    if "gaps" in wanted:
        wanted |= {"officers", "duties", "standards"}
    whole = wanted >= {"officers", "duties", "standards"}
    statement = cypher("accountability/trace" if whole else "accountability/trace_chain")
    rows = engine.run(statement, {"uid": uid, "at": at}, readonly=True)
    if not rows:
        raise NotFoundError(uid)
    row = rows[0]
    kind = kind_of(row["labels"])
    if kind not in TRACEABLE:
        raise ValidationError(
            "trace",
            [FieldError("uid", f"{row['uid']} is a {kind}; trace takes {', '.join(TRACEABLE)}")],
        )
    sources = sorted(row["sources"], key=lambda s: s["depth"])
    depth = {s["uid"]: s["depth"] for s in sources}
    cell = row["cell"]
    extra: dict[str, Any] = {"officers": [], "standards": [], "duties": []}
    if whole:
        extra = row
    elif wanted:
        params = {
            "at": at,
            "cell": cell["uid"] if cell and "officers" in wanted else None,
            "standards_of": list(depth) if "standards" in wanted else [],
            "duties_of": list(depth) if "duties" in wanted else [],
        }
        extra = engine.run(cypher("accountability/trace_parts"), params, readonly=True)[0]
    standards = _standards(extra["standards"], depth)
    duties = _duties(extra["duties"], depth)
    gaps: list[Gap] = []
    subject = Link("object", row["uid"], row["name"] or "", kind, "direct")
    chain = [subject]
    if kind != "Person":
        chain += _owner_links(sources, gaps)
        if not any(s["cells"] for s in sources):
            gaps.append(Gap("object_without_cell", f"{row['uid']} belongs to no cell", row["uid"]))
    chain += _micro_cell_links(row, kind, gaps)
    officers: list[Officer] = []
    if cell:
        heads = _heads_by_unit(row["heads"])
        chain.append(Link("cell", cell["uid"], cell["name"], "Cell", "hierarchy"))
        chain += _head_links(
            "cell_head", cell["uid"], heads.get(cell["uid"], []), gaps, "cell_without_head"
        )
        officers = _officers(cell["uid"], extra["officers"], gaps)
        chain += _net_links(row["nets"], heads, gaps, cell["uid"])
    for duty in duties:
        if duty.missing:
            gaps.append(
                Gap(
                    "duty_missing_element",
                    f"duty {duty.uid} lacks {', '.join(duty.missing)}",
                    duty.uid,
                )
            )
    if kind in NEEDS_STANDARD and not any(s.via == "direct" for s in standards):
        gaps.append(
            Gap("object_without_standard", f"no standard in force for {row['uid']}", row["uid"])
        )
    return Trace(
        row["uid"],
        kind,
        row["name"] or "",
        at,
        chain,
        officers if "officers" in wanted else None,
        duties if "duties" in wanted else None,
        standards if "standards" in wanted else None,
        gaps if "gaps" in wanted else None,
    )


def _via(depth: int) -> str:
    return "direct" if depth == 0 else "inherited"


def _owner_links(sources: list[dict[str, Any]], gaps: list[Gap]) -> list[Link]:
    owned = [s for s in sources if s["owners"]]
    if not owned:
        uid = sources[0]["uid"]
        gaps.append(Gap("object_without_owner", f"{uid} has no owner", uid))
        return []
    source = owned[0]
    if len(source["owners"]) > 1:
        names = ", ".join(o["uid"] for o in source["owners"])
        gaps.append(
            Gap("several_owners", f"{source['uid']} has several owners: {names}", source["uid"])
        )
    owner = source["owners"][0]
    return [
        Link(
            "owner",
            owner["uid"],
            owner["name"],
            "Person",
            _via(source["depth"]),
            owner["since"],
            owner["until"],
            source=source["uid"] if source["depth"] else None,
        )
    ]


def _micro_cell_links(row: dict[str, Any], kind: str, gaps: list[Gap]) -> list[Link]:
    person = row["owner_uid"]
    membership = row["membership"]
    if person is None:
        return []
    if membership is None:
        code = "person_without_microcell"
        gaps.append(Gap(code, f"{person} is in no micro-cell", person))
        return []
    links = [
        Link(
            "micro_cell",
            membership["uid"],
            membership["name"],
            "MicroCell",
            "hierarchy",
            membership["since"],
            membership["until"],
        )
    ]
    if len(row["memberships"]) > 1:
        gaps.append(
            Gap("person_in_several_microcells", f"{person} is in several micro-cells", person)
        )
    if membership["cell"] is None:
        # The micro-cell is kept: the break is above it, not at the person.
        gaps.append(
            Gap("microcell_without_cell", f"{membership['uid']} is in no cell", membership["uid"])
        )
    cell = row["cell"]
    if kind != "Person" and cell and membership["cell"] != cell["uid"]:
        gaps.append(
            Gap(
                "owner_outside_cell", f"owner {person} is not a member of {cell['uid']}", row["uid"]
            )
        )
    leads = row["leads"]
    if not leads:
        gaps.append(
            Gap("microcell_without_lead", f"{membership['uid']} has no lead", membership["uid"])
        )
    for lead in leads:
        links.append(
            Link(
                "micro_cell_lead",
                lead["uid"],
                lead["name"],
                "Person",
                "hierarchy",
                lead["since"],
                lead["until"],
            )
        )
    return links


def _heads_by_unit(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The heads the trace statements read in one walk up from the cell, under their unit's
    uid, in the order read. A unit reached along two open paths (a broken grid rule the trace
    still shows) is met once per path, so each of its heads is met as often: it is kept once."""
    heads: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        kept = heads.setdefault(row["unit"], [])
        if row not in kept:
            kept.append(row)
    return heads


def _head_links(
    role: str,
    unit: str,
    heads: list[dict[str, Any]],
    gaps: list[Gap],
    code: str,
    level: int | None = None,
) -> list[Link]:
    if not heads:
        gaps.append(Gap(code, f"{unit} has no head", unit))
    return [
        Link(role, h["uid"], h["name"], "Person", "hierarchy", h["since"], h["until"], level)
        for h in heads
    ]


def _officers(cell: str, rows: list[dict[str, Any]], gaps: list[Gap]) -> list[Officer]:
    order = {role.value: i for i, role in enumerate(OfficerRole)}
    officers = sorted(
        (
            Officer(
                r["role"],
                OfficerRole(r["role"]).zh,
                Holder(r["uid"], r["name"], r["since"], r["until"]),
            )
            for r in rows
            if r["role"] in order
        ),
        key=lambda o: (order[o.role], o.holder.uid),
    )
    missing = [role.value for role in OfficerRole if role.value not in {o.role for o in officers}]
    if missing:
        gaps.append(Gap("cell_missing_officer_role", f"{cell} has no {', '.join(missing)}", cell))
    return officers


def _net_links(
    nets: list[dict[str, Any]], heads: dict[str, list[dict[str, Any]]], gaps: list[Gap], cell: str
) -> list[Link]:
    links: list[Link] = []
    for net in sorted(nets, key=lambda n: (n["distance"], -n["level"])):
        links.append(
            Link(
                "net",
                net["uid"],
                net["name"],
                "Net",
                "hierarchy",
                net["since"],
                net["until"],
                net["level"],
            )
        )
        links += _head_links(
            "net_head",
            net["uid"],
            heads.get(net["uid"], []),
            gaps,
            "net_without_head",
            net["level"],
        )
    if not any(n["level"] == NetLevel.NAVIGATOR.level for n in nets):
        top = links[-1].uid if links else cell
        gaps.append(Gap("chain_detached", f"the chain stops at {top}, below the level-2 net", top))
    return links


def _per_source(
    rows: list[dict[str, Any]], depth: dict[str, int], key: str
) -> list[tuple[str, int, dict[str, Any]]]:
    """(source uid, its depth, item) for the items ``key`` of each source, nearest first."""
    found = [r for r in rows if r["source"] is not None]
    found.sort(key=lambda r: depth[r["source"]])
    return [(r["source"], depth[r["source"]], item) for r in found for item in r[key]]


def _duties(rows: list[dict[str, Any]], depth: dict[str, int]) -> list[DutyView]:
    seen: set[str] = set()
    duties = []
    for source, level, d in _per_source(rows, depth, "duties"):
        if d["uid"] in seen:
            continue
        seen.add(d["uid"])
        assignee = Holder.from_row(d["assignees"][0] if d["assignees"] else None)
        present = {
            "assignee": assignee is not None,
            "matter": bool(d["matter"]),
            "object": True,
            "responsibility": bool(d["responsibility"]),
            "schedule": bool(d["schedule"]),
            "space": bool(d["space"]),
        }
        duties.append(
            DutyView(
                d["uid"],
                d["title"],
                d["role"],
                d["matter"],
                d["responsibility"],
                d["schedule"],
                d["space"],
                assignee,
                _via(level),
                source,
                [e for e in SIX_ELEMENTS if not present[e]],
            )
        )
    return duties


def _standards(rows: list[dict[str, Any]], depth: dict[str, int]) -> list[StandardView]:
    return [
        StandardView(
            s["uid"],
            s["code"],
            s["title"],
            s["level"],
            s["since"],
            s["until"],
            _via(level),
            source,
            (s["guidance"] or {}).get("uid"),
            (s["guidance"] or {}).get("code"),
            (s["guidance"] or {}).get("title"),
        )
        for source, level, s in _per_source(rows, depth, "standards")
    ]


@dataclass(frozen=True, slots=True)
class Responsibility:
    """One thing a person answers for directly; ``sole`` when nobody else shares it."""

    post: str
    uid: str
    name: str
    kind: str
    since: str | None
    sole: bool
    role: str | None = None
    level: int | None = None


@dataclass(frozen=True, slots=True)
class Subtree:
    """What lies beneath the nets and cells a person heads."""

    cells: int
    micro_cells: int
    members: int
    objects: dict[str, int]


@dataclass(frozen=True, slots=True)
class Impact:
    """Everything a person is accountable for at ``as_of`` and what their leaving orphans."""

    uid: str
    name: str
    as_of: str
    direct: list[Responsibility]
    subtree: Subtree | None
    """None when not asked (``impact(..., subtree=False)``)."""

    @property
    def counts(self) -> dict[str, int]:
        """Direct responsibilities per post (owner, duty, officer, lead, head)."""
        return _count_by_post(self.direct)

    @property
    def orphaned(self) -> list[Responsibility]:
        """What would be left without owner, assignee, officer, lead or head if they left."""
        return [item for item in self.direct if item.sole]

    @property
    def orphaned_counts(self) -> dict[str, int]:
        """What leaving would orphan, per post."""
        return _count_by_post(self.orphaned)

    def to_json(self) -> dict[str, Any]:
        return to_json(self) | {"counts": self.counts, "orphaned_counts": self.orphaned_counts}


def _count_by_post(items: list[Responsibility]) -> dict[str, int]:
    return dict(Counter(item.post for item in items))


_POSTS = (
    ("owned", "owner"),
    ("duties", "duty_assignee"),
    ("officer_roles", "officer"),
    ("leads", "micro_cell_lead"),
    ("heads", "head"),
)


def impact(engine: Engine, person_uid: str, as_of: AsOf = None, *, subtree: bool = True) -> Impact:
    """Everything ``person_uid`` answers for: directly (owned objects, duties, officer roles,
    micro-cells led, units headed) and as a head (counts of the subtree below, one more
    statement, skipped when ``subtree`` is false), and which of those would be left
    uncovered if the person left (nobody else holds the post).

    Example:
        >>> impact(engine, "p-00001").counts
        {'owner': 6, 'duty_assignee': 2, 'micro_cell_lead': 1}
    """
    at = instant(as_of)
    rows = engine.run(
        cypher("accountability/impact_direct"), {"uid": person_uid, "at": at}, readonly=True
    )
    if not rows:
        raise NotFoundError(person_uid, "Person")
    row = rows[0]
    direct = [
        Responsibility(
            post,
            item["uid"],
            item["name"] or "",
            kind_of(item["labels"]),
            item["since"],
            item["others"] == 0,
            item.get("role"),
            item.get("level"),
        )
        for key, post in _POSTS
        for item in sorted(row[key], key=lambda i: (i.get("role") or "", i["uid"]))
    ]
    units = [item.uid for item in direct if item.post == "head"]
    below = subtree_of(engine, units, at) if subtree else None
    return Impact(row["uid"], row["name"], at, direct, below)


def subtree_of(engine: Engine, units: Sequence[str], at: str) -> Subtree:
    """What lies beneath ``units`` (nets and cells) at instant ``at``, counted."""
    if not units:
        return Subtree(0, 0, 0, {})
    rows = engine.run(
        cypher("accountability/impact_subtree"), {"units": list(units), "at": at}, readonly=True
    )
    objects: dict[str, int] = {}
    for per_cell in rows[0]["objects"] if rows else []:
        for entry in per_cell:
            if entry["kinds"] and entry["n"]:
                kind = kind_of(entry["kinds"])
                objects[kind] = objects.get(kind, 0) + int(entry["n"])
    row = rows[0] if rows else {"cells": 0, "micro_cells": 0, "members": 0}
    return Subtree(
        int(row["cells"] or 0),
        int(row["micro_cells"] or 0),
        int(row["members"] or 0),
        dict(sorted(objects.items())),
    )
