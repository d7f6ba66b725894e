"""1,000 random malformed changes leave the graph exactly as it was; every statement the
change layer builds stays inside the portable Cypher subset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import ConflictError, NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import node_specs
from queries.portability import violations
from tests.graph_state import fingerprint
from tests.writes.test_changes_helpers import ACTOR, AT, build_grid
from writes import changes
from writes.audit import Actor
from writes.changes import (
    add_standard,
    assign_duty,
    assign_head,
    assign_lead,
    assign_officer,
    assign_owner,
    create,
    merge_cells,
    merge_micro_cells,
    move_member,
    move_object,
    move_unit,
    retire,
    split_cell,
    split_micro_cell,
    update,
    withdraw_standard,
)

type Call = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], Any]
"""A change function, its arguments after ``engine, actor``, keyword arguments, actor."""

EXAMPLES = 1000
EXISTING = ["eq-1", "area-1", "rp-1", "cell-a", "cell-b", "mc-a1", "p-m1", "net-l4", "st-1"]
PUMP = {"uid": "eq-new", "name": "泵", "category": "separator"}
NET = {"uid": "net-new", "name": "网", "level": 4, "kind": "fortress"}
PERSON = {"uid": "p-new", "employee_no": "E-new", "name": "王", "party_member": True}

unknown = st.text(max_size=12).map(lambda s: f"zz-{s}")
long_text = st.integers(201, 600).map(lambda n: "长" * n)
too_long_reason = st.integers(501, 900).map(lambda n: "因" * n)
junk = st.one_of(unknown, st.integers(), st.none(), st.lists(st.integers(), min_size=1, max_size=2))
not_text = st.one_of(st.integers(), st.none(), st.lists(st.integers(), min_size=1, max_size=2))
bad_label = st.one_of(
    st.text(max_size=12).filter(lambda s: s not in node_specs()),
    st.sampled_from(["User", "AuditEntry", "HealthRecord"]),
    st.integers(),
)
bad_instant = st.one_of(
    st.text(min_size=1, max_size=12).map(lambda s: f"zz{s}"),
    st.sampled_from(["2000-01-01", "2022-12-31T23:59:59Z"]),
)
bad_actor = st.one_of(
    st.integers(65, 200).map(lambda n: Actor("u" * n)),
    st.builds(Actor, st.just("admin"), st.integers(65, 200).map(lambda n: "r" * n)),
    st.just(Actor("")),
    st.just("admin"),
)


def _call(fn: Callable[..., Any], *args: Any, actor: Any = ACTOR, **kw: Any) -> Call:
    return (fn, args, kw, actor)


def _corrupt(base: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**base, key: value}


bad_pump = st.one_of(
    long_text.map(lambda v: _corrupt(PUMP, "name", v)),
    st.text(max_size=10)
    .filter(lambda v: v.strip() not in ("", *_choices("Equipment", "category")))
    .map(lambda v: _corrupt(PUMP, "category", v)),
    st.text(min_size=1, max_size=10).map(lambda k: _corrupt(PUMP, f"zz{k}", 1)),
    st.sampled_from(EXISTING).map(lambda u: _corrupt(PUMP, "uid", u)),
    st.integers(65, 200).map(lambda n: _corrupt(PUMP, "uid", "u" * n)),
    unknown.map(lambda v: _corrupt(PUMP, "commissioned_on", v)),
    st.just({k: v for k, v in PUMP.items() if k != "uid"}),
    st.just(_corrupt(PUMP, "retired_at", AT)),
    st.just(_corrupt(PUMP, "name", None)),
)
bad_net = st.one_of(
    st.integers().filter(lambda n: n not in (2, 3, 4)).map(lambda n: _corrupt(NET, "level", n)),
    unknown.map(lambda v: _corrupt(NET, "level", v)),
    st.sampled_from(["navigator", "strong_base"]).map(lambda k: _corrupt(NET, "kind", k)),
)
bad_person = st.one_of(
    unknown.map(lambda v: _corrupt(PERSON, "party_member", v)),
    st.just(_corrupt(PERSON, "employee_no", "E-p-m1")),
    st.integers(33, 80).map(lambda n: _corrupt(PERSON, "employee_no", "E" * n)),
)


def _choices(label: str, field: str) -> tuple[str, ...]:
    return node_specs()[label].properties[field].choices or ()


creates = st.one_of(
    st.builds(lambda label: _call(create, label, PUMP), bad_label),
    st.builds(lambda p: _call(create, "Equipment", p), bad_pump),
    st.builds(lambda p: _call(create, "Net", p), bad_net),
    st.builds(lambda p: _call(create, "Person", p), bad_person),
    st.builds(lambda p: _call(create, "Equipment", p), junk),
)

bad_patch = st.one_of(
    st.just({"name": None}),
    long_text.map(lambda v: {"name": v}),
    st.sampled_from(EXISTING[1:]).map(lambda u: {"uid": u}),
    st.text(max_size=8).map(lambda v: {"category": f"zz{v}"}),
    st.text(min_size=1, max_size=8).map(lambda k: {f"zz{k}": 1}),
    st.just({"retired_reason": "gone"}),
    st.just({"search": "x"}),
)
updates = st.one_of(
    st.builds(lambda p: _call(update, "Equipment", "eq-1", p), bad_patch),
    st.builds(lambda u: _call(update, "Equipment", u, {"tag": "T"}), unknown),
    st.builds(
        lambda lab: _call(update, lab, "eq-1", {"name": "x"}),
        st.sampled_from(["Area", "Cell", "Person", "Net"]),
    ),
    st.builds(
        lambda r: _call(update, "Equipment", "eq-1", {"tag": "T"}, rev=r),
        st.integers().filter(lambda r: r != 0),
    ),
    st.builds(lambda lv: _call(update, "Net", "net-l4", {"level": lv}), st.integers(2, 3)),
    st.builds(lambda p: _call(update, "Equipment", "eq-1", p), junk),
    st.builds(lambda lab: _call(update, lab, "eq-1", {"name": "x"}), bad_label),
)
retires = st.one_of(
    st.builds(lambda u: _call(retire, "Equipment", u, "gone"), unknown),
    st.just(_call(retire, "Person", "p-gone", "again")),
    st.builds(
        lambda r: _call(retire, "Cell", "cell-a", r),
        st.one_of(too_long_reason, st.just(" "), not_text),
    ),
)

VALID_REASSIGNMENTS = [
    (assign_owner, ("eq-1", "p-m2")),
    (assign_head, ("cell-a", "p-m2")),
    (assign_lead, ("mc-a1", "p-m2")),
    (move_member, ("p-m1", "mc-b1")),
    (assign_officer, ("cell-a", "mediator", "p-m2")),
    (assign_duty, ("duty-1", "p-m2")),
    (withdraw_standard, ("eq-1", "st-1")),
    (move_unit, ("cell-a", "net-l4b")),
    (move_unit, ("net-l4", "net-l3b")),
]
"""Changes that would succeed: combined below with a bad instant or actor, so they fail."""

ALREADY = [
    (assign_owner, ("eq-1", "p-m1")),
    (assign_head, ("cell-a", "p-head-a")),
    (assign_lead, ("mc-a1", "p-lead-a")),
    (move_member, ("p-m1", "mc-a1")),
    (assign_officer, ("cell-a", "mediator", "p-lead-a")),
    (assign_duty, ("duty-1", "p-m1")),
    (add_standard, ("eq-1", "st-1")),
    (withdraw_standard, ("eq-1", "st-2")),
    (move_unit, ("cell-a", "net-l4")),
    (move_object, ("Equipment", "eq-1", "cell-a")),
]
WRONG_KIND = [
    (assign_owner, ("eq-1", "cell-a")),
    (assign_owner, ("cell-a", "p-m1")),
    (assign_head, ("eq-1", "p-m1")),
    (assign_head, ("cell-a", "mc-a1")),
    (assign_lead, ("cell-a", "p-m1")),
    (move_member, ("p-m1", "cell-b")),
    (assign_duty, ("duty-1", "st-1")),
    (add_standard, ("eq-1", "p-m1")),
    (add_standard, ("duty-1", "st-2")),
    (add_standard, ("eq-1", "st-gone")),
    (assign_owner, ("eq-1", "p-gone")),
]
WRONG_MOVES = [
    ("cell-a", "net-l3"),
    ("cell-a", "net-l2"),
    ("net-l4", "net-l2"),
    ("net-l4", "net-l4b"),
    ("net-l3", "net-l4"),  # beneath itself: a wrong level and a cycle
    ("net-l3", "net-l3"),
    ("net-l2", "net-l3"),
    ("mc-a1", "net-l4"),
    ("mc-a1", "mc-b1"),
    ("cell-a", "cell-b"),
]
POSTS = [
    assign_owner,
    assign_head,
    assign_lead,
    move_member,
    assign_duty,
    add_standard,
    withdraw_standard,
    move_unit,
]

reassignments = st.one_of(
    st.builds(
        lambda c, at: _call(c[0], *c[1], at=at), st.sampled_from(VALID_REASSIGNMENTS), bad_instant
    ),
    st.builds(
        lambda c, a: _call(c[0], *c[1], at=AT, actor=a),
        st.sampled_from(VALID_REASSIGNMENTS),
        bad_actor,
    ),
    st.builds(lambda c: _call(c[0], *c[1], at=AT), st.sampled_from(ALREADY + WRONG_KIND)),
    st.builds(lambda m: _call(move_unit, *m, at=AT), st.sampled_from(WRONG_MOVES)),
    st.builds(
        lambda fn, a, b: _call(fn, a, b, at=AT),
        st.sampled_from(POSTS),
        st.one_of(unknown, junk),
        st.sampled_from(EXISTING),
    ),
    st.builds(
        lambda fn, a, b: _call(fn, a, b, at=AT),
        st.sampled_from(POSTS),
        st.sampled_from(EXISTING),
        st.one_of(unknown, junk),
    ),
    st.builds(
        lambda role: _call(assign_officer, "cell-a", role, "p-m2", at=AT), st.one_of(unknown, junk)
    ),
    st.builds(
        lambda lab: _call(move_object, lab, "eq-1", "cell-b", at=AT),
        st.one_of(bad_label, st.sampled_from(["Person", "Net", "Cell", "Area"])),
    ),
    st.builds(
        lambda cell: _call(move_object, "Equipment", "eq-1", cell, at=AT),
        st.one_of(unknown, junk, st.sampled_from(["net-l4", "mc-a1", "cell-gone"])),
    ),
)

restructures = st.one_of(
    st.builds(
        lambda t: _call(merge_cells, "cell-b", t, at=AT),
        st.one_of(unknown, junk, st.sampled_from(["cell-b", "mc-a1", "cell-gone"])),
    ),
    st.builds(lambda s: _call(merge_cells, s, "cell-a", at=AT), st.one_of(unknown, junk)),
    st.builds(lambda at: _call(merge_cells, "cell-b", "cell-a", at=at), bad_instant),
    st.builds(
        lambda r: _call(merge_cells, "cell-b", "cell-a", reason=r, at=AT),
        st.one_of(st.just(" "), too_long_reason),
    ),
    st.builds(
        lambda t: _call(merge_micro_cells, "mc-b1", t, at=AT),
        st.one_of(unknown, st.sampled_from(["mc-b1", "cell-a"])),
    ),
    st.builds(
        lambda new: _call(split_cell, "cell-a", new, ["mc-a1"], at=AT),
        st.one_of(
            bad_pump,
            junk,
            st.sampled_from(
                [
                    {"uid": "cell-b", "name": "x", "mode": "scene"},
                    {"uid": "cell-c", "name": "x", "mode": "zz"},
                ]
            ),
        ),
    ),
    st.builds(
        lambda mcs: _call(
            split_cell, "cell-a", {"uid": "cell-c", "name": "c", "mode": "duty"}, mcs, at=AT
        ),
        st.one_of(
            st.lists(
                st.one_of(unknown, st.sampled_from(["mc-b1", "eq-1"])), min_size=1, max_size=3
            ),
            junk.filter(lambda j: j is not None),
        ),
    ),
    st.builds(
        lambda objs: _call(
            split_cell, "cell-a", {"uid": "cell-c", "name": "c", "mode": "duty"}, [], objs, at=AT
        ),
        st.lists(
            st.one_of(unknown, st.sampled_from(["wi-x", "mc-a1", "p-m1"])), min_size=1, max_size=3
        ),
    ),
    st.builds(
        lambda members, lead: _call(
            split_micro_cell, "mc-a1", {"uid": "mc-x", "name": "x"}, members, lead=lead, at=AT
        ),
        st.lists(st.sampled_from(["p-m3", "p-lead-a", "zz"]), min_size=1, max_size=2),
        st.one_of(st.none(), unknown),
    ),
    st.builds(
        lambda s: _call(split_cell, s, {"uid": "cell-c", "name": "c", "mode": "duty"}, [], at=AT),
        st.one_of(unknown, st.just("cell-gone"), st.just("mc-a1")),
    ),
)

malformed_changes = st.one_of(creates, updates, retires, reassignments, restructures)


def test_random_malformed_changes_leave_the_graph_unchanged(engine: FalkorDBEngine) -> None:
    build_grid(engine)
    create(
        engine,
        ACTOR,
        "Person",
        {"uid": "p-gone", "employee_no": "E-gone", "name": "走", "party_member": False},
        at=AT,
    )
    retire(engine, ACTOR, "Person", "p-gone", "left", at=AT)
    create(engine, ACTOR, "Cell", {"uid": "cell-gone", "name": "旧格", "mode": "scene"}, at=AT)
    retire(engine, ACTOR, "Cell", "cell-gone", "closed", at=AT)
    create(
        engine,
        ACTOR,
        "Standard",
        {
            "uid": "st-gone",
            "code": "GS-gone",
            "title": "旧",
            "level": "guidance",
            "dimension": "safety",
            "domain": "gathering",
        },
        at=AT,
    )
    retire(engine, ACTOR, "Standard", "st-gone", "superseded", at=AT)
    before = fingerprint(engine)
    refused: dict[str, int] = {}
    accepted: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(malformed_changes)
    def change_is_refused(call: Call) -> None:
        fn, args, kwargs, actor = call
        try:
            fn(engine, actor, *args, **kwargs)
        except (ValidationError, NotFoundError, ConflictError) as exc:
            name = type(exc).__name__
            refused[name] = refused.get(name, 0) + 1
        else:
            accepted.append(f"{fn.__name__}{args} {kwargs}")
        assert not accepted, f"accepted: {accepted[0]}"
        assert fingerprint(engine) == before, f"{fn.__name__}{args} {kwargs} wrote something"

    change_is_refused()
    assert sum(refused.values()) >= EXAMPLES
    assert set(refused) == {"ValidationError", "NotFoundError", "ConflictError"}


def test_every_statement_of_the_change_layer_is_portable() -> None:
    built = changes.statements()
    assert len(built) > 50
    for statement in built:
        assert violations(statement) == [], statement


def test_every_statement_is_parameterised() -> None:
    # values travel as parameters; the only literals are the key separator and ''
    for statement in changes.statements():
        assert "'" not in statement.replace("'|'", "").replace("''", ""), statement
