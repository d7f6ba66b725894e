"""Who holds a post: owners, heads, leads, members, officers, duty assignees, and the
standards governing an object. Each change is one guarded statement that closes the open
assignment (``until = at``) and opens the new one (``since = at``) with its audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.engine import Engine
from graph.model import MicroCell, Person, Standard
from writes.audit import Actor
from writes.changes.posts import Post, reassign
from writes.results import Change

OWNER = Post("assign_owner", "OWNED_BY", True, (Person.__name__,), field="owner")
HEAD = Post("assign_head", "HEAD_OF", False, (Person.__name__,), field="head")
LEAD = Post("assign_lead", "LEADS", False, (Person.__name__,), field="lead")
MEMBER = Post("move_member", "MEMBER_OF", True, (MicroCell.__name__,), field="micro_cell")
OFFICER = Post(
    "assign_officer", "OFFICER_OF", False, (Person.__name__,), field="officer", qualifier="role"
)
ASSIGNEE = Post("assign_duty", "ASSIGNED_TO", True, (Person.__name__,), field="assignee")
ADD_STANDARD = Post(
    "add_standard", "GOVERNED_BY", True, (Standard.__name__,), mode="add", field="standards"
)
WITHDRAW_STANDARD = Post(
    "withdraw_standard",
    "GOVERNED_BY",
    True,
    (Standard.__name__,),
    mode="withdraw",
    field="standards",
)

POSTS = [OWNER, HEAD, LEAD, MEMBER, OFFICER, ASSIGNEE, ADD_STANDARD, WITHDRAW_STANDARD]


def assign_owner(
    engine: Engine,
    actor: Actor,
    uid: str,
    person: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Make ``person`` the owner of object ``uid`` (Equipment, Area, WorkItem, RiskPoint,
    Hazard or Problem); audit ``{"owner": old}`` → ``{"owner": person}``."""
    return reassign(
        engine, actor, OWNER, uid, person, at=at, expected=expected, names=("uid", "person")
    )


def assign_head(
    engine: Engine,
    actor: Actor,
    unit: str,
    person: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Make ``person`` the head of the Net or Cell ``unit`` (网长 / 格长)."""
    return reassign(
        engine, actor, HEAD, unit, person, at=at, expected=expected, names=("unit", "person")
    )


def assign_lead(
    engine: Engine,
    actor: Actor,
    micro_cell: str,
    person: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Make ``person`` the lead of ``micro_cell``."""
    return reassign(
        engine,
        actor,
        LEAD,
        micro_cell,
        person,
        at=at,
        expected=expected,
        names=("micro_cell", "person"),
    )


def move_member(
    engine: Engine,
    actor: Actor,
    person: str,
    micro_cell: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Move ``person`` into ``micro_cell``: a person is in exactly one micro-cell, so the
    open membership (if any) is closed. Recorded against the person."""
    return reassign(
        engine,
        actor,
        MEMBER,
        person,
        micro_cell,
        at=at,
        expected=expected,
        names=("person", "micro_cell"),
    )


def assign_officer(
    engine: Engine,
    actor: Actor,
    cell: str,
    role: str,
    person: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Give officer ``role`` (an ``OfficerRole`` value) of ``cell`` to ``person``: one holder
    per role per cell, while one person may hold several roles. Audit
    ``{"officer": old, "role": role}`` → ``{"officer": person, "role": role}``."""
    return reassign(
        engine,
        actor,
        OFFICER,
        cell,
        person,
        at=at,
        expected=expected,
        names=("cell", "person"),
        qualifier=role,
    )


def assign_duty(
    engine: Engine,
    actor: Actor,
    duty: str,
    person: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Make ``person`` the assignee of ``duty`` (the person 人 of its six elements)."""
    return reassign(
        engine, actor, ASSIGNEE, duty, person, at=at, expected=expected, names=("duty", "person")
    )


def add_standard(
    engine: Engine,
    actor: Actor,
    uid: str,
    standard: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Put ``standard`` in force for object ``uid`` from ``at``, beside those already in
    force; audit ``{"standards": [...]}`` → the list with it."""
    return reassign(
        engine,
        actor,
        ADD_STANDARD,
        uid,
        standard,
        at=at,
        expected=expected,
        names=("uid", "standard"),
    )


def withdraw_standard(
    engine: Engine,
    actor: Actor,
    uid: str,
    standard: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Stop ``standard`` governing object ``uid`` at ``at`` (its link is closed, kept)."""
    return reassign(
        engine,
        actor,
        WITHDRAW_STANDARD,
        uid,
        standard,
        at=at,
        expected=expected,
        names=("uid", "standard"),
    )
