"""The engine of every reassignment: a *post* is a relationship a node holds to someone or
something (its owner, its head, its parent net…), changed by one guarded statement.

Temporal posts are never overwritten: the open relationship is closed (``until = at``)
and a new one opened (``since = at``). A non-temporal post would keep its history in the
audit trail only (the old relationship deleted, a new one created); every post declared
today is temporal, an object's cell included (issue 12). The
guard of every statement is the set of open relationships read before the change; if it
differs when the statement runs, nothing is written (:class:`ConflictError`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, LiteralString

from graph.engine import Engine
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.schema import (
    RelationshipSpec,
    node_specs,
    relationship_spec,
    relationship_specs,
    validate_relationship,
)
from writes.audit import Actor
from writes.guarded import (
    NOT_EDITABLE,
    SAME_OPEN_LINKS,
    Link,
    Stored,
    audit_params,
    change_instant,
    check_active,
    check_actor,
    check_holders,
    holder_value,
    link_key_expression,
    open_links,
    open_links_statement,
    raise_errors,
    read_node,
    referenced,
    run_guarded,
    with_audit,
)
from writes.hand_over import check_not_before, close_and_open
from writes.results import Change

type Mode = Literal["replace", "add", "withdraw"]
type Check = Callable[[Stored, Stored], list[FieldError]]


@dataclass(frozen=True, slots=True)
class Post:
    """A kind of post.

    ``subject_is_source``: the node whose post it is sits at the relationship's source
    (an object OWNED_BY a person) rather than its target (a person HEAD_OF a cell).
    ``mode``: ``replace`` (one holder: the open one is closed, the new one opened),
    ``add`` or ``withdraw`` (several holders, e.g. standards: one is opened or closed).
    ``field``: how the audit entry names the post; None takes the relationship's
    attribute in the schema (``parent``, ``net``, ``cell``).
    """

    operation: str
    rel_type: str
    subject_is_source: bool
    holder_labels: tuple[str, ...]
    mode: Mode = "replace"
    field: str | None = None
    qualifier: str | None = None

    def subject_labels(self) -> list[str]:
        """The labels that hold this post, from the schema of record."""
        if self.subject_is_source:
            found = [
                spec.label
                for spec in node_specs().values()
                if any(
                    r.type == self.rel_type and r.target in self.holder_labels
                    for r in spec.relationships
                )
            ]
        else:
            found = list(
                dict.fromkeys(
                    r.target
                    for r in relationship_specs()
                    if r.type == self.rel_type and r.source in self.holder_labels
                )
            )
        return [label for label in found if label not in NOT_EDITABLE]

    def relationship(self, subject: str, holder: str) -> RelationshipSpec:
        source, target = (subject, holder) if self.subject_is_source else (holder, subject)
        return relationship_spec(source, self.rel_type, target)


def reassign(
    engine: Engine,
    actor: Actor,
    post: Post,
    subject_uid: Any,
    holder_uid: Any,
    *,
    at: str | None,
    names: tuple[str, str],
    qualifier: Any = None,
    operation: str | None = None,
    check: Check | None = None,
    subject_labels: list[str] | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Give ``subject_uid``'s ``post`` to ``holder_uid`` (or add / withdraw it).

    ``names`` are the caller's parameter names for the subject and the holder, so errors
    name what the caller passed; ``qualifier`` is an officer's role; ``operation`` records
    the change under another name (a step of a merge); ``check`` adds field errors that
    need both nodes (levels of a move, cycles); ``subject_labels`` narrows the kinds of
    subject the caller accepts; ``expected``, when given, are the holders the caller read
    (:func:`~writes.guarded.check_holders`: a different set now is a ConflictError).
    """
    check_actor(actor)
    moment = change_instant(at)
    subject_field, holder_field = names
    subject = read_node(engine, subject_uid, subject_labels or post.subject_labels())
    check_active(subject, subject_field)
    errors: list[FieldError] = []
    qualifiers = _qualifiers(post, qualifier, errors)
    if post.mode == "withdraw":
        holder = _existing(engine, holder_field, holder_uid, post.holder_labels, errors)
    else:
        holder = referenced(engine, holder_field, holder_uid, post.holder_labels, errors)
    rel = None
    if holder is not None:
        try:
            rel = post.relationship(subject.label, holder.label)
        except ValidationError:
            message = f"{holder.uid} is a {holder.label}; a {subject.label} takes none here"
            errors.append(FieldError(holder_field, message))
        if rel is not None and check is not None:
            errors += check(subject, holder)
    raise_errors(post.operation, errors)
    assert holder is not None and rel is not None
    role = qualifiers.get("role")
    current = open_links(engine, rel, subject.uid, from_source=post.subject_is_source, role=role)
    check_holders(subject, post.field or rel.attribute, current, expected)
    held = [link for link in current if link.other == holder.uid]
    _check_state(post, subject, holder, held, holder_field)
    closing = current if post.mode == "replace" else held if post.mode == "withdraw" else []
    check_not_before(moment, [link.since for link in closing], post.operation)
    field = post.field or rel.attribute
    before, after = _audit_values(post, field, current, holder.uid, qualifiers)
    operation = operation or post.operation
    params: dict[str, Any] = {
        "subject": subject.uid,
        "holder": holder.uid,
        "at": moment,
        "expected": [link.key for link in current],
        "props": {"since": moment, **qualifiers} if rel.temporal else {},
        "audit": audit_params(actor, operation, subject, before=before, after=after, at=moment),
    }
    params |= qualifiers
    return run_guarded(
        engine,
        _statement(post, rel),
        params,
        operation=operation,
        uid=subject.uid,
        label=subject.label,
        before=before,
        after=after,
        at=moment,
    )


def _qualifiers(post: Post, value: Any, errors: list[FieldError]) -> dict[str, Any]:
    """The qualifier of a post (an officer's role), checked against its declared choices."""
    if post.qualifier is None:
        return {}
    if not isinstance(value, str):
        errors.append(FieldError(post.qualifier, f"{value!r} is not one of the declared values"))
        return {}
    rel = next(r for r in relationship_specs() if r.type == post.rel_type)
    try:
        validate_relationship(rel, {"since": "2000-01-01", post.qualifier: value})
    except ValidationError as exc:
        errors += exc.errors
        return {}
    return {post.qualifier: value}


def _existing(
    engine: Engine, field: str, uid: Any, labels: tuple[str, ...], errors: list[FieldError]
) -> Stored | None:
    """A holder that only has to exist (a retired standard can still be withdrawn)."""
    try:
        return read_node(engine, uid, labels)
    except NotFoundError as exc:
        errors.append(FieldError(field, str(exc)))
        return None


def _check_state(post: Post, subject: Stored, holder: Stored, held: list[Link], field: str) -> None:
    """Refuse a change that would change nothing: it is an error, not a silent no-op."""
    message = None
    if post.mode in ("replace", "add") and held:
        since = f" since {held[0].since}" if held[0].since else ""
        message = f"{holder.uid} already holds this post of {subject.uid}{since}"
    elif post.mode == "withdraw" and not held:
        message = f"{holder.uid} is not in force for {subject.uid}"
    if message:
        raise ValidationError(post.operation, [FieldError(field, message)])


def _audit_values(
    post: Post, field: str, current: list[Link], holder: str, qualifiers: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    if post.mode == "replace":
        return (
            {field: holder_value(current), **qualifiers},
            {field: holder, **qualifiers},
        )
    now = sorted(link.other for link in current)
    then = sorted([*now, holder]) if post.mode == "add" else [u for u in now if u != holder]
    return {field: now}, {field: then}


@cache
def _statement(post: Post, rel: RelationshipSpec) -> LiteralString:
    subject_label, holder_label = (
        (rel.source, rel.target) if post.subject_is_source else (rel.target, rel.source)
    )
    old = (
        f"(node)-[old:{rel.type}]->(x:{holder_label})"
        if post.subject_is_source
        else f"(x:{holder_label})-[old:{rel.type}]->(node)"
    )
    new = (
        f"(node)-[new:{rel.type}]->(h)"
        if post.subject_is_source
        else f"(h)-[new:{rel.type}]->(node)"
    )
    conditions = ["old.until IS NULL"] if rel.temporal else []
    conditions += [f"old.{post.qualifier} = ${post.qualifier}"] if post.qualifier else []
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    match_holder = (
        ""
        if post.mode == "withdraw"
        else f"MATCH (h:{holder_label} {{uid: $holder}}) WHERE h.retired_at IS NULL "
    )
    keep = "" if post.mode == "withdraw" else "h, "
    closing = {"replace": "open", "withdraw": "mine", "add": "[]"}[post.mode]
    hand_over = close_and_open(
        closing, "" if post.mode == "withdraw" else new, temporal=rel.temporal
    )
    return with_audit(
        f"MATCH (node:{subject_label} {{uid: $subject}}) WHERE node.retired_at IS NULL "
        f"{match_holder}"
        f"OPTIONAL MATCH {old}{where} "
        f"WITH node, {keep}collect(old) AS open, "
        f"collect({link_key_expression('old', 'x')}) AS keys, "
        "collect(CASE WHEN x.uid = $holder THEN old END) AS mine "
        f"WHERE {SAME_OPEN_LINKS} "
        f"{hand_over}"
    )


def statements(posts: list[Post]) -> list[str]:
    """Every statement ``posts`` can send (for the portability test)."""
    built: list[str] = []
    for post in posts:
        for subject in post.subject_labels():
            for holder in post.holder_labels:
                try:
                    rel = post.relationship(subject, holder)
                except ValidationError:
                    continue
                built.append(_statement(post, rel))
                built.append(open_links_statement(rel, post.subject_is_source))
    return built
