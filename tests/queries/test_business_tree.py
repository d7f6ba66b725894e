"""Business tree (业务树) on small hand-built graphs with known answers."""

from __future__ import annotations

import json

import pytest

from graph.enums import OfficerRole
from graph.errors import NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.business_tree import BusinessTree, business_tree
from tests.queries.factories import (
    NetChain,
    add_assessment,
    add_cell,
    add_data_source,
    add_duty,
    add_hazard,
    add_net,
    add_net_chain,
    add_object,
    add_officer,
    add_person,
    add_problem,
    add_process,
    add_training,
    link,
    replace_head,
)

TODAY = "2024-06-15"


def _org(engine: FalkorDBEngine) -> NetChain:
    """L2 ← L3 ← L4 ← cells c1 (headed) and c2; a second L4 under the same L3 holds c3; a
    second L3 holds c4. c1 carries the fruit and most leaves."""
    chain = add_net_chain(engine)
    add_net(engine, "net-l4b", level=4, parent=chain.l3, head="head-l4b")
    add_net(engine, "net-l3b", level=3, parent=chain.l2, head="head-l3b")
    add_net(engine, "net-l4c", level=4, parent="net-l3b")
    add_cell(engine, "c1", net=chain.l4, head="head-c1", name="集气站先锋格")
    add_cell(engine, "c2", net=chain.l4, mode="duty")
    add_cell(engine, "c3", net="net-l4b")
    add_cell(engine, "c4", net="net-l4c")
    add_data_source(engine, "ds-equipment", kind="equipment", cells=["c1", "c3"])
    add_data_source(engine, "ds-health", kind="health", cells=["c4"])
    add_process(engine, "pr-mediation", net=chain.l4, role="mediator")
    add_process(engine, "pr-party", net=chain.l3, kind="service")
    add_process(engine, "pr-elsewhere", net="net-l4c", role="mediator")
    link(engine, "DataSource", "FLOWS_INTO", "Process", "ds-equipment", "pr-mediation")
    add_officer(engine, "p-mediator", "c1", "mediator")
    add_officer(engine, "p-mediator", "c1", "propagandist")
    add_officer(engine, "p-safety", "c3", "safety_supervisor")
    add_officer(engine, "p-gone", "c1", "health_instructor", until="2024-01-01")
    add_object(engine, "Equipment", "eq-1", cell="c1", owner="p-mediator")
    add_object(engine, "RiskPoint", "rp-1", cell="c1")
    add_duty(
        engine,
        "duty-1",
        cell="c1",
        role="mediator",
        assignee="p-mediator",
        applies_to=("Equipment", "eq-1"),
    )
    add_duty(engine, "duty-2", cell="c1", role="mediator", assignee="p-mediator", space=None)
    add_duty(
        engine, "duty-3", cell="c3", role="safety_supervisor", applies_to=("RiskPoint", "rp-1")
    )
    add_duty(engine, "duty-4", cell="c2", complete=False)
    add_duty(engine, "duty-5", cell="c4", role="mediator")
    _fruit(engine)
    return chain


PROBLEMS = [  # uid, cell, status, reported_on, resolved_on
    ("pb-1", "c1", "resolved", "2024-01-02", "2024-01-05"),
    ("pb-2", "c1", "closed", "2024-02-01", "2024-07-01"),
    ("pb-3", "c1", "reported", "2024-05-01", None),
    ("pb-4", "c1", "reported", "2024-07-01", None),
    ("pb-5", "c3", "closed", "2024-03-01", "2024-03-02"),
]
HAZARDS = [  # uid, cell, found_on, deadline, closed_on
    ("hz-1", "c1", "2024-01-01", "2024-01-31", "2024-01-31"),
    ("hz-2", "c1", "2024-01-01", "2024-01-31", "2024-02-10"),
    ("hz-3", "c1", "2024-05-01", "2024-06-01", None),
    ("hz-4", "c1", "2024-06-01", "2024-07-01", None),
    ("hz-5", "c1", "2024-06-01", "2024-06-10", "2024-06-20"),
    ("hz-6", "c3", "2024-02-01", "2024-02-10", "2024-02-05"),
]
TRAININGS = [  # uid, cells, held_on, attendees
    ("tr-1", ["c1", "c3"], "2024-05-01", 12),
    ("tr-2", ["c1"], "2023-12-18", 5),
    ("tr-3", ["c1"], "2023-12-17", 7),
    ("tr-4", ["c3"], "2024-06-16", 9),
]
ASSESSMENTS = [  # uid, cell, month, score
    ("as-1", "c1", "2024-05", 90.0),
    ("as-2", "c1", "2024-04", 80.0),
    ("as-3", "c1", "2023-06", 10.0),
    ("as-4", "c1", "2024-07", 0.0),
    ("as-5", "c3", "2024-05", 70.0),
]


def _fruit(engine: FalkorDBEngine) -> None:
    for uid, cell, status, reported, resolved in PROBLEMS:
        add_problem(
            engine, uid, cell=cell, status=status, reported_on=reported, resolved_on=resolved
        )
    for uid, cell, found, deadline, closed in HAZARDS:
        add_hazard(engine, uid, cell=cell, found_on=found, deadline=deadline, closed_on=closed)
    for uid, cells, held, attendees in TRAININGS:
        add_training(engine, uid, cells=cells, held_on=held, attendees=attendees)
    for uid, cell, month, score in ASSESSMENTS:
        add_assessment(engine, uid, cell=cell, month=month, score=score)


def test_cell_tree_has_root_trunk_leaves_and_fruit(engine: FalkorDBEngine) -> None:
    chain = _org(engine)

    tree = business_tree(engine, "c1", today=TODAY)

    assert (tree.subject.uid, tree.subject.label, tree.subject.name) == (
        "c1",
        "Cell",
        "集气站先锋格",
    )
    assert tree.as_of == "2024-06-15T23:59:59Z"
    assert [(c.uid, c.nets, [h.uid for h in c.heads]) for c in tree.root.cells] == [
        ("c1", (chain.l4,), ["head-c1"])
    ]
    assert [(d.uid, d.cells) for d in tree.root.data_sources] == [("ds-equipment", ("c1",))]
    assert [(n.uid, n.parent, [h.uid for h in n.heads]) for n in tree.trunk.chain] == [
        (chain.l4, chain.l3, ["head-net-l4"]),
        (chain.l3, chain.l2, ["head-net-l3"]),
        (chain.l2, None, ["head-net-l2"]),
    ]
    assert tree.trunk.reaches_level_2 and tree.trunk.nets_below == ()
    processes = {p.uid: p for p in tree.trunk.processes}
    assert set(processes) == {"pr-mediation", "pr-party"}
    assert processes["pr-mediation"].role == "mediator"
    assert processes["pr-mediation"].fed_by == ("ds-equipment",)
    assert processes["pr-party"].role is None


def test_leaves_list_all_eight_roles_with_officers_and_six_element_duties(
    engine: FalkorDBEngine,
) -> None:
    _org(engine)

    leaves = business_tree(engine, "c1", today=TODAY).leaves

    assert [leaf.role for leaf in leaves.roles] == list(OfficerRole)
    mediator = leaves.leaf(OfficerRole.MEDIATOR)
    assert [o.person.uid for o in mediator.officers] == ["p-mediator"]
    assert [(d.uid, d.complete, d.missing) for d in mediator.duties] == [
        ("duty-1", True, ()),
        ("duty-2", False, ("object", "space")),
    ]
    assert [o.person.uid for o in leaves.leaf("propagandist").officers] == ["p-mediator"]
    assert leaves.leaf("health_instructor").officers == ()  # the post closed before today
    assert leaves.leaf("safety_supervisor").officers == ()  # c3 is not in c1's tree
    assert leaves.duties_without_role == ()


def test_fruit_counts_what_happened_by_today(engine: FalkorDBEngine) -> None:
    _org(engine)

    fruit = business_tree(engine, "c1", today=TODAY).fruit.to_json()

    # pb-2 is resolved only after today, pb-4 reported after today.
    assert fruit["problems"] == {"total": 3, "solved": 1, "open": 2}
    # hz-1 closed on its deadline, hz-2 late, hz-3 open past its deadline, hz-4 open in
    # time, hz-5 closed only after today (so open and overdue).
    assert fruit["hazards"] == {
        "total": 5,
        "closed_on_time": 1,
        "closed_late": 1,
        "open": 3,
        "open_overdue": 2,
    }
    # [2023-12-18, 2024-06-15]: tr-1 and tr-2 (exactly 180 days back); tr-3 is 181 days
    # back, tr-4 after today.
    assert fruit["training"] == {
        "sessions": 2,
        "attendees": 17,
        "window_days": 180,
        "from": "2023-12-18",
        "to": TODAY,
    }
    # 2024-07 is after today; 2023-06 is outside the twelve months 2023-07..2024-06.
    assert fruit["assessment"] == {
        "latest_month": "2024-05",
        "latest_average": 90.0,
        "latest_assessments": 1,
        "year_from": "2023-07",
        "year_average": 85.0,
        "year_assessments": 2,
    }


def test_net_tree_aggregates_the_cells_beneath_it(engine: FalkorDBEngine) -> None:
    chain = _org(engine)

    tree = business_tree(engine, chain.l3, today=TODAY)

    assert (tree.subject.label, tree.subject.level) == ("Net", 3)
    assert [c.uid for c in tree.root.cells] == ["c1", "c2", "c3"]
    assert [(d.uid, d.cells) for d in tree.root.data_sources] == [("ds-equipment", ("c1", "c3"))]
    assert [n.uid for n in tree.trunk.chain] == [chain.l3, chain.l2]
    assert [(n.uid, n.parent) for n in tree.trunk.nets_below] == [
        (chain.l4, chain.l3),
        ("net-l4b", chain.l3),
    ]
    assert {p.uid for p in tree.trunk.processes} == {"pr-mediation", "pr-party"}
    leaves = tree.leaves
    assert [o.person.uid for o in leaves.leaf("safety_supervisor").officers] == ["p-safety"]
    assert [d.uid for d in leaves.leaf("safety_supervisor").duties] == ["duty-3"]
    assert leaves.leaf("safety_supervisor").duties[0].missing == ("assignee",)
    assert [d.uid for d in leaves.duties_without_role] == ["duty-4"]
    fruit = tree.fruit
    assert (fruit.problems.total, fruit.problems.solved) == (4, 2)
    assert (fruit.hazards.total, fruit.hazards.closed_on_time) == (6, 2)
    assert (fruit.training.sessions, fruit.training.attendees) == (2, 17)
    assert fruit.assessment.latest_average == 80.0
    assert fruit.assessment.latest_assessments == 2


def test_level_2_tree_covers_every_cell(engine: FalkorDBEngine) -> None:
    chain = _org(engine)

    tree = business_tree(engine, chain.l2, today=TODAY)

    assert [c.uid for c in tree.root.cells] == ["c1", "c2", "c3", "c4"]
    assert [n.uid for n in tree.trunk.nets_below] == [
        "net-l3",
        "net-l3b",
        "net-l4",
        "net-l4b",
        "net-l4c",
    ]
    assert {p.uid for p in tree.trunk.processes} == {"pr-mediation", "pr-party", "pr-elsewhere"}
    assert [d.uid for d in tree.leaves.leaf("mediator").duties] == ["duty-1", "duty-2", "duty-5"]


def test_round_trips_do_not_grow_with_the_subject(engine: FalkorDBEngine) -> None:
    chain = _org(engine)
    counts = []
    for uid in ("c1", chain.l4, chain.l3, chain.l2):
        before = engine.round_trips
        business_tree(engine, uid, today=TODAY)
        counts.append(engine.round_trips - before)
    assert counts == [7, 7, 7, 7]


def test_head_replaced_in_march_is_named_by_date(engine: FalkorDBEngine) -> None:
    chain = _org(engine)
    replace_head(engine, "Cell", "c1", old="head-c1", new="head-c1-new", on="2024-03-01")
    replace_head(engine, "Net", chain.l3, old="head-net-l3", new="head-l3-new", on="2024-03-01")

    february = business_tree(engine, chain.l3, today="2024-02-15")
    april = business_tree(engine, chain.l3, today="2024-04-15")

    def heads(tree: BusinessTree) -> tuple[list[str], list[str]]:
        cell = next(c for c in tree.root.cells if c.uid == "c1")
        return [h.uid for h in cell.heads], [h.uid for h in tree.trunk.chain[0].heads]

    assert heads(february) == (["head-c1"], ["head-net-l3"])
    assert heads(april) == (["head-c1-new"], ["head-l3-new"])


def test_broken_chain_stops_the_trunk_and_drops_cells_from_nets_above(
    engine: FalkorDBEngine,
) -> None:
    chain = _org(engine)
    # c2 leaves its L4 net on 2024-03-01 and is attached nowhere afterwards.
    link(engine, "Cell", "PART_OF", "Net", "c2", chain.l4, since="2023-01-01", until="2024-03-01")
    # net-l4b is moved under net-l3b on 2024-03-01.
    link(
        engine, "Net", "PART_OF", "Net", "net-l4b", chain.l3, since="2023-01-01", until="2024-03-01"
    )
    link(engine, "Net", "PART_OF", "Net", "net-l4b", "net-l3b", since="2024-03-01")

    before = business_tree(engine, "c2", today="2024-02-15")
    after = business_tree(engine, "c2", today="2024-04-15")

    assert [n.uid for n in before.trunk.chain] == [chain.l4, chain.l3, chain.l2]
    assert before.trunk.reaches_level_2
    assert after.trunk.chain == () and not after.trunk.reaches_level_2
    assert after.root.cells[0].nets == ()
    assert [c.uid for c in business_tree(engine, chain.l3, today="2024-02-15").root.cells] == [
        "c1",
        "c2",
        "c3",
    ]
    assert [c.uid for c in business_tree(engine, chain.l3, today="2024-04-15").root.cells] == ["c1"]
    moved = business_tree(engine, "c3", today="2024-04-15").trunk.chain
    assert [n.uid for n in moved] == ["net-l4b", "net-l3b", chain.l2]


def test_net_without_cells_has_an_empty_but_complete_tree(engine: FalkorDBEngine) -> None:
    add_net(engine, "lonely", level=4)

    tree = business_tree(engine, "lonely", today=TODAY)
    document = tree.to_json()

    assert document["root"] == {"cells": [], "data_sources": []}
    assert document["trunk"]["chain"][0]["uid"] == "lonely"
    assert document["trunk"]["reaches_level_2"] is False
    assert len(document["leaves"]["roles"]) == 8
    assert document["fruit"]["problems"] == {"total": 0, "solved": 0, "open": 0}
    assert document["fruit"]["assessment"]["latest_month"] is None


def test_to_json_is_stable_and_documented(engine: FalkorDBEngine) -> None:
    _org(engine)

    document = business_tree(engine, "c1", today=TODAY).to_json()

    assert json.loads(json.dumps(document, ensure_ascii=False)) == document
    assert list(document) == ["subject", "as_of", "today", "root", "trunk", "leaves", "fruit"]
    assert document["subject"] == {
        "uid": "c1",
        "label": "Cell",
        "name": "集气站先锋格",
        "level": None,
    }
    assert document["root"]["data_sources"][0]["kind_zh"] == "设备信息台账"
    assert document["trunk"]["chain"][0]["kind_zh"] == "堡垒网(四级网)"
    role = document["leaves"]["roles"][2]
    assert (role["role"], role["role_zh"], role["duty_count"], role["complete_duties"]) == (
        "mediator",
        "调解员",
        2,
        1,
    )
    assert role["duties"][1]["missing"] == ["object", "space"]
    assert document == business_tree(engine, "c1", today=TODAY).to_json()


@pytest.mark.parametrize("uid", ["no-such-uid", "p-mediator", "eq-1"])
def test_uid_that_is_not_a_cell_or_net_is_not_found(engine: FalkorDBEngine, uid: str) -> None:
    _org(engine)
    add_person(engine, "p-mediator")

    with pytest.raises(NotFoundError) as caught:
        business_tree(engine, uid, today=TODAY)

    assert caught.value.uid == uid
    assert caught.value.label == "Cell or Net"
    assert uid in str(caught.value)


def test_bad_today_is_a_validation_error(engine: FalkorDBEngine) -> None:
    with pytest.raises(ValidationError, match="today"):
        business_tree(engine, "c1", today="15/06/2024")
