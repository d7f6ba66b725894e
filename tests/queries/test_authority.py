"""The authority policy as pure functions, without a database: the table of
docs/security.md (role × operation × where each argument lies), enumerated. (Everyone
changes their own password: ``change_password`` names no account but the caller's.)"""

from __future__ import annotations

import itertools

import pytest

from graph.enums import UserRole
from queries.authority import (
    ADMIN_ONLY_ENTRIES,
    CELL_KINDS_FOR_HEADS,
    HELD,
    RULES,
    Caller,
    Named,
    Need,
    Place,
    audit_hidden,
    can_ask_about,
    can_change,
    can_read_health,
)

ADMIN = Caller(UserRole.ADMIN, "p-admin", unrestricted=True)
HEAD = Caller(UserRole.HEAD, "p-head", unrestricted=False)
MEMBER = Caller(UserRole.MEMBER, "p-member", unrestricted=False)
PLANNER = Caller(UserRole.PLANNER, None, unrestricted=True)
INVESTIGATOR = Caller(UserRole.INVESTIGATOR, None, unrestricted=True)

ACCEPTED_FOR_A_HEAD = {
    Need.SUBJECT: {Place.INSIDE},
    Need.WHERE: {Place.INSIDE, Place.OWN},
    Need.HOLDER: {Place.INSIDE, Place.OWN, Place.SELF},
    Need.APPOINTEE: {Place.INSIDE, Place.OWN},
    Need.ACTOR: {Place.SELF},
    Need.REFERENCE: {Place.VISIBLE, Place.INSIDE, Place.OWN, Place.SELF},
}
"""The table of docs/security.md, written out again by hand."""

OPTIONS = {"create_node": {"kind": "Equipment"}}


def named(operation: str, place: Place, argument: str) -> list[Named]:
    """Every argument of ``operation`` where it may be (inside; the caller as actor),
    except ``argument`` at ``place``."""
    fine = {need: Place.SELF if need is Need.ACTOR else Place.INSIDE for need in Need}
    return [
        Named(name, f"uid-{name}", place if name == argument else fine[need])
        for name, need in RULES[operation].arguments.items()
    ]


CASES = [
    (operation, argument, need, place)
    for operation, rule in RULES.items()
    for (argument, need), place in itertools.product(rule.arguments.items(), Place)
]


@pytest.mark.parametrize(("operation", "argument", "need", "place"), CASES)
def test_a_head_names_only_what_the_table_allows(
    operation: str, argument: str, need: Need, place: Place
) -> None:
    refusal = can_change(HEAD, operation, named(operation, place, argument), OPTIONS.get(operation))
    if UserRole.HEAD not in RULES[operation].roles:
        assert refusal is not None and refusal.code == "FORBIDDEN"
    elif place in ACCEPTED_FOR_A_HEAD[need]:
        assert refusal is None
    else:
        assert refusal is not None and refusal.argument == argument
        assert refusal.code == ("NOT_FOUND" if place is Place.MISSING else "FORBIDDEN")


@pytest.mark.parametrize(("operation", "argument", "need", "place"), CASES)
def test_an_admin_may_name_anything_that_exists_but_never_appoints_themselves(
    operation: str, argument: str, need: Need, place: Place
) -> None:
    refusal = can_change(ADMIN, operation, named(operation, place, argument))
    if place is Place.MISSING:
        assert refusal is not None and refusal.code == "NOT_FOUND"
    elif need is Need.APPOINTEE and place is Place.SELF:
        assert refusal is not None and refusal.code == "FORBIDDEN"
    else:
        assert refusal is None


@pytest.mark.parametrize("operation", sorted(RULES))
@pytest.mark.parametrize("caller", [PLANNER, INVESTIGATOR, MEMBER])
def test_planners_investigators_and_members_write_nothing_but_reports(
    operation: str, caller: Caller
) -> None:
    refusal = can_change(caller, operation, named(operation, Place.INSIDE, ""))
    if (operation == "report_problem" and caller is MEMBER) or operation == "change_password":
        assert refusal is None
    else:
        assert refusal is not None and refusal.code == "FORBIDDEN"


def test_a_member_reports_in_their_own_cell_as_themselves_or_anonymously() -> None:
    own = [Named("cell", "cell-1", Place.INSIDE)]
    assert can_change(MEMBER, "report_problem", own) is None
    assert can_change(MEMBER, "report_problem", [*own, Named("reporter", "p", Place.SELF)]) is None
    other = can_change(MEMBER, "report_problem", [*own, Named("reporter", "p", Place.INSIDE)])
    assert other is not None and other.argument == "reporter"
    elsewhere = can_change(MEMBER, "report_problem", [Named("cell", "cell-2", Place.VISIBLE)])
    assert elsewhere is not None and elsewhere.code == "FORBIDDEN"


def test_only_admins_appoint_health_instructors() -> None:
    appoint = [Named("cell", "c", Place.OWN), Named("person", "p", Place.INSIDE)]
    for role, allowed in (("health_instructor", False), ("safety_supervisor", True)):
        refusal = can_change(HEAD, "assign_officer", appoint, {"role": role})
        assert (refusal is None) is allowed
    assert can_change(ADMIN, "assign_officer", appoint, {"role": "health_instructor"}) is None


@pytest.mark.parametrize("kind", ["Net", "Cell", "MicroCell", "Person", "Standard", "Equipment"])
def test_heads_create_only_cell_objects_and_always_in_a_cell(kind: str) -> None:
    in_cell = [Named("cell", "c", Place.INSIDE)]
    refusal = can_change(HEAD, "create_node", in_cell, {"kind": kind})
    assert (refusal is None) is (kind in CELL_KINDS_FOR_HEADS)
    nowhere = can_change(HEAD, "create_node", [], {"kind": "Equipment"})
    assert nowhere is not None and nowhere.code == "BAD_INPUT"
    assert can_change(ADMIN, "create_node", [], {"kind": kind}) is None


@pytest.mark.parametrize("place", list(Place))
def test_asking_about_follows_what_one_may_change(place: Place) -> None:
    assert can_ask_about(HEAD, place) is (place in (Place.INSIDE, Place.OWN, Place.SELF))
    assert can_ask_about(PLANNER, place) is (place is not Place.MISSING)


def test_health_records_are_for_the_person_their_instructor_and_admins() -> None:
    assert can_read_health(ADMIN, "p-x", instructs=False)
    assert can_read_health(HEAD, "p-head", instructs=False)
    assert can_read_health(HEAD, "p-x", instructs=True)
    for caller in (HEAD, PLANNER, INVESTIGATOR, MEMBER):
        assert not can_read_health(caller, "p-x", instructs=False)


def test_who_reads_which_audit_entries() -> None:
    assert audit_hidden(ADMIN) == frozenset()
    assert audit_hidden(INVESTIGATOR) == ADMIN_ONLY_ENTRIES
    assert all(audit_hidden(c) is None for c in (HEAD, MEMBER, PLANNER))


def test_an_unknown_operation_is_refused() -> None:
    refusal = can_change(ADMIN, "drop_everything", [])
    assert refusal is not None and refusal.code == "FORBIDDEN"


def test_a_head_retires_nothing_that_holds_posts_beyond_their_units() -> None:
    subject = Named("uid", "p-x", Place.INSIDE)
    inside = [subject, Named(HELD, "cell-1", Place.OWN), Named(HELD, "mc-1", Place.INSIDE)]
    assert can_change(HEAD, "retire_node", inside) is None
    for place in (Place.VISIBLE, Place.MISSING):
        refusal = can_change(HEAD, "retire_node", [*inside, Named(HELD, "cell-9", place)])
        assert refusal is not None and refusal.code == "FORBIDDEN"
        assert "cell-9" not in refusal.message, "what lies beyond is not named"
    assert can_change(ADMIN, "retire_node", [subject, Named(HELD, "cell-9", Place.MISSING)]) is None
