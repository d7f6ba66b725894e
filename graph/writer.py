"""Validated, batched, idempotent writes: every write path (seed, import, mutations) uses these.

Rows are validated through the neomodel classes first; only then is Cypher sent, in
``UNWIND $rows`` batches that MERGE on ``uid`` so a repeated load changes nothing.
Labels and relationship types come from the schema of record, never from user text.
Derived properties (a searchable node's ``search`` tokens) are computed here from the
validated values, so they always match what is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import chain
from typing import Any, LiteralString, cast

from graph.bulk import BulkEngine, canonical_nodes
from graph.engine import Engine, batched
from graph.errors import FieldError, ValidationError
from graph.model.base import SEARCH_PROPERTY
from graph.pipeline import Pipeline
from graph.properties import to_timestamp
from graph.schema import (
    NodeSpec,
    RelationshipSpec,
    node_spec,
    validate_node,
    validate_relationship,
)

DEFAULT_BATCH = 2000

type Progress = Callable[[int], None]


def _cypher(text: str) -> LiteralString:
    """Mark a statement assembled only from schema-of-record names as a literal."""
    return cast(LiteralString, text)


type Audit = Callable[[dict[str, Any]], dict[str, Any] | None]
"""Builds the audit entry (``AuditEntry`` properties) recording one written row, or None."""

_AUDITED = (
    " WITH row WHERE row.audit IS NOT NULL"
    " CREATE (entry:AuditEntry:GridNode) SET entry += row.audit"
)


def _with_audit(
    query: str, rows: list[dict[str, Any]], audit: Audit | None
) -> tuple[LiteralString, list[dict[str, Any]]]:
    """``query`` extended to create each row's audit entry in the same statement (so a
    row's change and its entry are written together or not at all)."""
    if audit is None:
        return _cypher(query), rows
    return _cypher(query + _AUDITED), [{**row, "audit": audit(row)} for row in rows]


def upsert_nodes(
    engine: Engine,
    label: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    audit: Audit | None = None,
    revise: bool = False,
) -> int:
    """Validate every row, then MERGE them by uid in batches. Returns the rows written.

    Validation runs over all rows before the first statement, so bad input writes nothing.
    Rows are whole nodes: a searchable node's ``search`` tokens are derived from the row.
    ``audit`` records each row (``{"uid", "props"}``) in the audit trail, in its statement.
    ``revise`` bumps each node's ``rev`` (a new node gets 1), so an edit guarded by a
    revision read before this write gets CONFLICT; pass it when the rows are changes (a
    ledger import), not a repeatable load.
    """
    labels = ":".join(node_spec(label).labels)
    clean = validate_rows(label, rows)
    bump = ", n.rev = coalesce(n.rev, 0) + 1" if revise else ""
    query, rows_sent = _with_audit(
        f"UNWIND $rows AS row MERGE (n:{labels} {{uid: row.uid}}) SET n += row.props{bump}",
        [{"uid": r["uid"], "props": r} for r in clean],
        audit,
    )
    return _send(engine, query, rows_sent, batch_size, progress)


type Linked = tuple[RelationshipSpec, bool]
"""A relationship a node row may open, and whether the row's node is its source."""


def upsert_linked_nodes(
    engine: Engine,
    label: str,
    rows: Iterable[Mapping[str, Any]],
    links: Sequence[Linked],
    row_links: Sequence[Sequence[tuple[int, str, Mapping[str, Any]]]],
    *,
    audit: Audit | None = None,
    revise: bool = False,
    new: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> int:
    """Like :func:`upsert_nodes`, and in the same statement as each node (so a row is
    written whole or not at all) MERGE its relationships and create its audit entry.

    ``row_links[i]`` lists row ``i``'s relationships as ``(index into links, uid of the other
    node, properties)``; the other nodes must exist (checked by the caller) and are found
    by uid and label. ``audit`` gives a row's audit entry (``AuditEntry`` properties) or
    None; it is asked once per row, in order, while the rows before are being written (so
    a large call's entries are made while the engine works). Every row and relationship is
    validated before the first statement.

    ``new`` says the caller has just checked that none of the nodes exists: they and their
    relationships are created rather than merged (about a fifth cheaper); should one exist
    after all, the unique constraint on ``uid`` refuses its batch. Created rows travel as
    positional lists (:func:`_created_rows`), which the embedded engine reads faster than
    maps and its client serialises several times faster.
    """
    spec = node_spec(label)
    labels = ":".join(spec.labels)
    clean = validate_rows(label, rows, derive=False)
    checked = _checked_links(label, links, row_links)
    if new:
        query, sent = _created_rows(spec, clean, links, checked, audit, revise=revise)
        return _send(engine, query, sent, batch_size, progress, positional=True)
    bump = ", n.rev = coalesce(n.rev, 0) + 1" if revise else ""
    audited = (
        " FOREACH (entry IN CASE WHEN row.audit IS NULL THEN [] ELSE [row.audit] END |"
        " CREATE (audit:AuditEntry:GridNode) SET audit += entry)"
    )
    merges = []
    for index, (rel, outgoing) in enumerate(links):
        other = rel.target if outgoing else rel.source
        identity = ", ".join(f"{name}: l[2].{name}" for name in rel.identity)
        merged = f" {{{identity}}}" if identity else ""
        pattern = (
            f"(n)-[r:{rel.type}{merged}]->(t)" if outgoing else f"(t)-[r:{rel.type}{merged}]->(n)"
        )
        merges.append(
            f" FOREACH (_ IN CASE WHEN l[0] = {index} AND t:{other} THEN [1] ELSE [] END |"
            f" MERGE {pattern} SET r += l[2])"
        )
    tail = f" WITH n, row UNWIND row.links AS l MATCH (t:GridNode {{uid: l[1]}}){''.join(merges)}"
    query = _cypher(
        f"UNWIND $rows AS row MERGE (n:{labels} {{uid: row.uid}}) SET n += row.props{bump}"
        f"{audited if audit is not None else ''}{tail if links else ''}"
    )
    rows_sent = (
        {
            "uid": row["uid"],
            "props": _derived(spec, row),
            "links": [list(link) for link in out],
            "audit": audit(row) if audit is not None else None,
        }
        for row, out in zip(clean, checked, strict=True)
    )
    return _send(engine, query, rows_sent, batch_size, progress)


def _derived(spec: NodeSpec, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with the derived ``search`` tokens of a searchable label (in place)."""
    if spec.searchable:
        row[SEARCH_PROPERTY] = spec.search_tokens(row)
    return row


type _Checked = list[list[tuple[int, str, dict[str, Any]]]]
"""Each row's relationships, validated: ``(index into links, other uid, properties)``."""


def _checked_links(
    label: str,
    links: Sequence[Linked],
    row_links: Sequence[Sequence[tuple[int, str, Mapping[str, Any]]]],
) -> _Checked:
    """Every row's relationship properties validated (each distinct set once: one import
    repeats a few), or a ValidationError naming each bad one by row."""
    errors: list[FieldError] = []
    checked: dict[tuple[int, tuple[tuple[str, Any], ...]], dict[str, Any]] = {}
    # A properties map the caller passes for many links (all alive in ``row_links``
    # meanwhile), by its identity: its validated form without sorting it again.
    shared: dict[tuple[int, int], dict[str, Any]] = {}
    out: _Checked = []
    for number, wanted in enumerate(row_links, start=1):
        row_out = []
        for index, other, props in wanted:
            valid = shared.get((index, id(props)))
            if valid is None:
                key = (index, tuple(sorted(props.items())))
                if key not in checked:
                    try:
                        checked[key] = validate_relationship(links[index][0], dict(props))
                    except ValidationError as exc:
                        errors += [
                            FieldError(f"row {number}.{e.field}", e.message) for e in exc.errors
                        ]
                        continue
                valid = shared[(index, id(props))] = checked[key]
            row_out.append((index, other, valid))
        out.append(row_out)
    if errors:
        raise ValidationError(label, errors)
    return out


_AUDIT_NAMES = list(node_spec("AuditEntry").cls.defined_properties(aliases=False, rels=False))
"""Every ``AuditEntry`` property: a created row carries one position for each (null where
its entry has none), so the statement is known before any entry is made."""


def _created_rows(
    spec: NodeSpec,
    clean: list[dict[str, Any]],
    links: Sequence[Linked],
    checked: _Checked,
    audit: Audit | None,
    *,
    revise: bool,
) -> tuple[LiteralString, Iterator[list[Any]]]:
    """The CREATE statement of :func:`upsert_linked_nodes` and its rows as positional lists,
    made lazily: ``[node property…, audit property…, [[link index, other uid, link
    property…]…]]``.

    Each name is one position, null where a row lacks it. The values go in the CREATE's own
    property maps (a null there stores nothing), so this writes exactly what ``SET n =
    row.props`` (and ``SET r = props``, ``SET audit += entry``) would, without the engine
    updating what it has just created (about 5 % of the statement's time).
    """
    revised = ["rev: 1"] if revise else []
    props = list(dict.fromkeys(name for row in clean for name in row))
    if spec.searchable:
        props.append(SEARCH_PROPERTY)
    entry = _AUDIT_NAMES if audit is not None else []
    per_link: list[list[str]] = [[] for _ in links]
    seen: set[tuple[int, int]] = set()
    for row_out in checked:
        for index, _, values in row_out:
            if (index, id(values)) in seen:
                continue
            seen.add((index, id(values)))
            for name in values:
                if name not in per_link[index]:
                    per_link[index].append(name)

    def cells(row: dict[str, Any], out: list[tuple[int, str, dict[str, Any]]]) -> list[Any]:
        values = list(map(_derived(spec, row).get, props))
        if audit is not None:
            made = audit(row) or {}
            if not made.keys() <= set(entry):
                raise ValueError(f"not AuditEntry properties: {sorted(made.keys() - set(entry))}")
            values += map(made.get, entry)
        values.append(
            [[index, other, *map(found.get, per_link[index])] for index, other, found in out]
        )
        return values

    node = _map([*(f"{name}: row[{i}]" for i, name in enumerate(props)), *revised])
    text = f"UNWIND $rows AS row CREATE (n:{':'.join(spec.labels)}{node})"
    if entry:
        at = len(props)
        uid = at + entry.index("uid")
        fields = _map([f"{name}: row[{at + i}]" for i, name in enumerate(entry)])
        text += (
            f" FOREACH (_ IN CASE WHEN row[{uid}] IS NULL THEN [] ELSE [1] END |"
            f" CREATE (audit:AuditEntry:GridNode{fields}))"
        )
    creates = []
    for index, (rel, outgoing) in enumerate(links):
        other = rel.target if outgoing else rel.source
        fields = _map([f"{name}: l[{2 + i}]" for i, name in enumerate(per_link[index])])
        pattern = (
            f"(n)-[r:{rel.type}{fields}]->(t)" if outgoing else f"(t)-[r:{rel.type}{fields}]->(n)"
        )
        creates.append(
            f" FOREACH (_ IN CASE WHEN l[0] = {index} AND t:{other} THEN [1] ELSE [] END |"
            f" CREATE {pattern})"
        )
    if links:
        text += (
            f" WITH n, row UNWIND row[{len(props) + len(entry)}] AS l"
            f" MATCH (t:GridNode {{uid: l[1]}}){''.join(creates)}"
        )
    return _cypher(text), map(cells, clean, checked)


def _map(entries: Sequence[str]) -> str:
    """`` {a: x, b: y}`` for a CREATE pattern, nothing when there are no entries."""
    return f" {{{', '.join(entries)}}}" if entries else ""


def _send(
    engine: Engine,
    query: LiteralString,
    rows: Iterable[Any],
    batch_size: int,
    progress: Progress | None,
    *,
    positional: bool = False,
) -> int:
    """Run ``query`` over ``rows`` as ``$rows`` in batches; returns the rows sent.
    ``positional`` rows (lists of scalars and lists) go through the engine's bulk row
    path when it has one (:class:`graph.bulk.BulkEngine`: FalkorDB's serialises them as
    JSON, several times faster than its client's parameter text).

    Up to :data:`_IN_FLIGHT` batches are in flight at once, each sent from its own worker
    thread, while this thread draws the next one from ``rows``: a lazy ``rows`` (a
    generator) is built batch by batch while the engine writes the ones before. The rows
    of one call are independent, so their order does not matter.
    """
    statement: Callable[[list[Any]], object] = (
        partial(engine.run_rows, query)
        if positional and isinstance(engine, BulkEngine)
        else lambda batch: engine.run(query, {"rows": batch})
    )

    def run(batch: list[Any]) -> None:
        statement(batch)
        if progress:
            progress(len(batch))

    batches = batched(rows, batch_size)
    first = next(batches, None)
    if first is None:
        return 0
    second = next(batches, None)
    if second is None:
        run(first)
        return len(first)
    sent = 0
    with Pipeline(workers=_IN_FLIGHT, limit=_IN_FLIGHT, name="writer") as pipeline:
        for batch in chain((first, second), batches):
            pipeline.submit(run, batch)
            sent += len(batch)
    return sent


_IN_FLIGHT = 6
"""Batches a large write keeps in flight. The engine runs writes one at a time, but with
more queued it never waits for the client between two: a 100,000-row import's writes took
11.6 s with 2, 11.1 s with 3, 10.1 s with 4, 9.6 s with 6 and 9.5 s with 8 (quiet machine,
alternating runs)."""


def validate_rows(
    label: str, rows: Iterable[Mapping[str, Any]], *, derive: bool = True
) -> list[dict[str, Any]]:
    """Validate many rows, collecting every error with its row number, and add the derived
    ``search`` tokens of a searchable label (a row that supplies them is an error). With
    ``derive=False`` the caller adds them (:func:`_derived`) to each row as it sends it.
    The rows returned are new dicts: the caller's are left as they were."""
    spec = node_spec(label)
    rows = list(rows)
    if canonical_nodes(spec, rows) is not None:
        # Every value is already as the validators would store it (checked column by
        # column, each distinct value once) and no uid repeats: row by row would change
        # nothing, so the rows are taken as they are (much cheaper for a large ledger).
        fast = [dict(row) for row in rows]
        if derive:
            for value in fast:
                _derived(spec, value)
        return fast
    clean, errors = [], []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        try:
            value = validate_node(label, row)
        except ValidationError as exc:
            errors += [FieldError(f"row {number}.{e.field}", e.message) for e in exc.errors]
            continue
        if value["uid"] in seen:
            errors.append(FieldError(f"row {number}.uid", f"duplicate of row {seen[value['uid']]}"))
            continue
        seen[value["uid"]] = number
        clean.append(_derived(spec, value) if derive else value)
    if errors:
        raise ValidationError(label, errors)
    return clean


def upsert_relationships(
    engine: Engine,
    rel: RelationshipSpec,
    rows: Iterable[Mapping[str, Any]],
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    check_endpoints: bool = True,
    audit: Audit | None = None,
) -> int:
    """MERGE ``(source {uid: a})-[:TYPE]->(target {uid: b})`` for rows ``{a, b, **props}``.

    Temporal relationships are keyed by their ``since`` (and required qualifiers such as an
    officer's ``role``) as well, so a closed assignment and the open one that replaced it,
    or two roles of one person in one cell, live side by side.

    Rows naming an endpoint that does not exist are reported before anything is written
    (``check_endpoints``; a bulk loader that has checked its endpoints itself may skip it).
    """
    owner = f"{rel.source}-[:{rel.type}]->{rel.target}"
    clean, errors = [], []
    for number, row in enumerate(rows, start=1):
        props = {k: v for k, v in row.items() if k not in ("a", "b")}
        if not row.get("a") or not row.get("b"):
            errors.append(FieldError(f"row {number}", "needs both endpoints a and b"))
            continue
        try:
            clean.append({"a": row["a"], "b": row["b"], "props": validate_relationship(rel, props)})
        except ValidationError as exc:
            errors += [FieldError(f"row {number}.{e.field}", e.message) for e in exc.errors]
    if errors:
        raise ValidationError(owner, errors)
    if check_endpoints:
        _check_endpoints(engine, rel, clean, owner)
    identity = ", ".join(f"{name}: row.props.{name}" for name in rel.identity)
    key = f" {{{identity}}}" if identity else ""
    query, clean = _with_audit(
        f"UNWIND $rows AS row "
        f"MATCH (a:{rel.source} {{uid: row.a}}) "
        f"MATCH (b:{rel.target} {{uid: row.b}}) "
        f"MERGE (a)-[r:{rel.type}{key}]->(b) SET r += row.props",
        clean,
        audit,
    )
    return _send(engine, query, clean, batch_size, progress)


def _check_endpoints(
    engine: Engine, rel: RelationshipSpec, rows: list[dict[str, Any]], owner: str
) -> None:
    errors = []
    for side, label in (("a", rel.source), ("b", rel.target)):
        uids = sorted({row[side] for row in rows})
        query = _cypher(
            f"UNWIND $uids AS u OPTIONAL MATCH (n:{label} {{uid: u}}) "
            f"WITH u, n WHERE n IS NULL RETURN u"
        )
        missing = set()
        for start in range(0, len(uids), DEFAULT_BATCH * 5):
            chunk = uids[start : start + DEFAULT_BATCH * 5]
            missing |= {r["u"] for r in engine.run(query, {"uids": chunk}, readonly=True)}
        errors += [
            FieldError(f"row {number}.{side}", f"no {label} with uid {row[side]!r}")
            for number, row in enumerate(rows, start=1)
            if row[side] in missing
        ]
    if errors:
        raise ValidationError(owner, errors)


def close_assignments(
    engine: Engine,
    rel: RelationshipSpec,
    rows: Iterable[Mapping[str, Any]],
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    audit: Audit | None = None,
) -> int:
    """Close open assignments: set ``until`` on ``(a)-[r:TYPE]->(b)`` where ``r.until`` is null.

    Rows are ``{a, b, until, **qualifiers}``; qualifiers are the identity properties other
    than ``since`` (an officer's ``role``), so closing one role leaves a person's other
    roles in the same cell open. History is kept: the relationship stays, closed. Pair it
    with :func:`upsert_relationships` (``since`` = the same instant) to hand a
    responsibility to someone else. Returns the rows sent.
    """
    owner = f"{rel.source}-[:{rel.type}]->{rel.target}"
    if not rel.temporal:
        message = "only temporal relationships (since/until) can be closed"
        raise ValidationError(owner, [FieldError("type", message)])
    qualifiers = [name for name in rel.identity if name != "since"]
    clean, errors = [], []
    for number, row in enumerate(rows, start=1):
        if not row.get("a") or not row.get("b"):
            errors.append(FieldError(f"row {number}", "needs both endpoints a and b"))
            continue
        try:
            props: dict[str, Any] = {"until": to_timestamp(row.get("until"))}
        except ValueError as exc:
            errors.append(FieldError(f"row {number}.until", str(exc)))
            continue
        missing = [name for name in qualifiers if row.get(name) in (None, "")]
        errors += [FieldError(f"row {number}.{name}", "is required") for name in missing]
        props |= {name: row.get(name) for name in qualifiers}
        clean.append({"a": row["a"], "b": row["b"], "props": props})
    if errors:
        raise ValidationError(owner, errors)
    match = "".join(f" AND r.{name} = row.props.{name}" for name in qualifiers)
    query, clean = _with_audit(
        f"UNWIND $rows AS row "
        f"MATCH (a:{rel.source} {{uid: row.a}})-[r:{rel.type}]->(b:{rel.target} {{uid: row.b}}) "
        f"WHERE r.until IS NULL{match} SET r.until = row.props.until",
        clean,
        audit,
    )
    return _send(engine, query, clean, batch_size, progress)


def delete_relationships(
    engine: Engine,
    rel: RelationshipSpec,
    rows: Iterable[Mapping[str, Any]],
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    audit: Audit | None = None,
) -> int:
    """Delete plain (non-temporal) relationships ``(a)-[:TYPE]->(b)`` for rows ``{a, b}``.

    Temporal ones are never deleted, only closed (:func:`close_assignments`).
    """
    owner = f"{rel.source}-[:{rel.type}]->{rel.target}"
    if rel.temporal:
        message = "temporal relationships are closed, never deleted"
        raise ValidationError(owner, [FieldError("type", message)])
    clean = []
    for number, row in enumerate(rows, start=1):
        if not row.get("a") or not row.get("b"):
            raise ValidationError(owner, [FieldError(f"row {number}", "needs both endpoints")])
        clean.append({"a": row["a"], "b": row["b"]})
    query, clean = _with_audit(
        f"UNWIND $rows AS row "
        f"MATCH (a:{rel.source} {{uid: row.a}})-[r:{rel.type}]->(b:{rel.target} {{uid: row.b}}) "
        f"DELETE r",
        clean,
        audit,
    )
    return _send(engine, query, clean, batch_size, progress)
