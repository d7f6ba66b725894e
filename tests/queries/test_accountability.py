"""Trace and impact on a small hand-built grid with known answers, including history."""

from __future__ import annotations

from typing import Any

import pytest

from graph.enums import OfficerRole
from graph.errors import NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import relationship_spec
from graph.writer import upsert_nodes, upsert_relationships
from queries.accountability import impact, trace

SINCE = "2020-01-01"
ROLES = [role.value for role in OfficerRole]


def rel(
    engine: FalkorDBEngine, source: str, rel_type: str, target: str, rows: list[dict[str, Any]]
) -> None:
    upsert_relationships(engine, relationship_spec(source, rel_type, target), rows)


def person(uid: str, name: str, party: bool = True) -> dict[str, Any]:
    return {"uid": uid, "employee_no": uid.upper(), "name": name, "party_member": party}


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    """L2 → L3 → L4 → cell → micro-cell; an equipment whose owner changed on 2024-03-01;
    a risk point at it and a hazard found there; a second cell with no head."""
    upsert_nodes(
        engine,
        "Net",
        [
            {"uid": "n2", "name": "天然气分公司", "level": 2, "kind": "navigator"},
            {"uid": "n3", "name": "采气一大队", "level": 3, "kind": "strong_base"},
            {"uid": "n4", "name": "采气一大队第一党支部", "level": 4, "kind": "fortress"},
        ],
    )
    rel(
        engine,
        "Net",
        "PART_OF",
        "Net",
        [{"a": "n4", "b": "n3", "since": SINCE}, {"a": "n3", "b": "n2", "since": SINCE}],
    )
    upsert_nodes(
        engine,
        "Cell",
        [
            {"uid": "c1", "name": "苏东集气站先锋格", "mode": "scene"},
            {"uid": "c2", "name": "计量班先锋格", "mode": "duty"},
        ],
    )
    rel(
        engine,
        "Cell",
        "PART_OF",
        "Net",
        [{"a": "c1", "b": "n4", "since": SINCE}, {"a": "c2", "b": "n4", "since": SINCE}],
    )
    upsert_nodes(
        engine, "MicroCell", [{"uid": "m1", "name": "李强微格"}, {"uid": "m2", "name": "周梅微格"}]
    )
    rel(
        engine,
        "MicroCell",
        "PART_OF",
        "Cell",
        [{"a": "m1", "b": "c1", "since": SINCE}, {"a": "m2", "b": "c2", "since": SINCE}],
    )
    upsert_nodes(
        engine,
        "Person",
        [
            person("p-head2", "张国华"),
            person("p-head3", "刘志刚"),
            person("p-head4", "陈建军"),
            person("p-cell", "王海燕"),
            person("p-lead", "李强"),
            person("p-old", "赵磊", party=False),
            person("p-new", "孙丽", party=False),
            person("p-lead2", "周梅"),
        ],
    )
    rel(
        engine,
        "Person",
        "MEMBER_OF",
        "MicroCell",
        [
            {"a": p, "b": "m1", "since": SINCE}
            for p in ("p-head2", "p-head3", "p-head4", "p-cell", "p-lead", "p-old", "p-new")
        ]
        + [{"a": "p-lead2", "b": "m2", "since": SINCE}],
    )
    rel(
        engine,
        "Person",
        "LEADS",
        "MicroCell",
        [{"a": "p-lead", "b": "m1", "since": SINCE}, {"a": "p-lead2", "b": "m2", "since": SINCE}],
    )
    rel(
        engine,
        "Person",
        "HEAD_OF",
        "Net",
        [
            {"a": "p-head2", "b": "n2", "since": SINCE},
            {"a": "p-head3", "b": "n3", "since": SINCE},
            {"a": "p-head4", "b": "n4", "since": SINCE},
        ],
    )
    rel(engine, "Person", "HEAD_OF", "Cell", [{"a": "p-cell", "b": "c1", "since": SINCE}])
    rel(
        engine,
        "Person",
        "OFFICER_OF",
        "Cell",
        [{"a": "p-cell", "b": "c1", "since": SINCE, "role": r} for r in ROLES],
    )
    upsert_nodes(
        engine,
        "Standard",
        [
            {
                "uid": "sg",
                "code": "ZD-1",
                "title": "设备管理指导标准",
                "level": "guidance",
                "dimension": "equipment",
                "domain": "gathering",
            },
            {
                "uid": "su",
                "code": "DW-1",
                "title": "分离器操作标准",
                "level": "unit",
                "dimension": "equipment",
                "domain": "gathering",
            },
        ],
    )
    rel(engine, "Standard", "DERIVED_FROM", "Standard", [{"a": "su", "b": "sg"}])
    upsert_nodes(engine, "Equipment", [{"uid": "eq1", "name": "1#分离器", "category": "separator"}])
    rel(engine, "Equipment", "BELONGS_TO", "Cell", [{"a": "eq1", "b": "c1", "since": SINCE}])
    rel(
        engine,
        "Equipment",
        "OWNED_BY",
        "Person",
        [
            {"a": "eq1", "b": "p-old", "since": SINCE, "until": "2024-03-01"},
            {"a": "eq1", "b": "p-new", "since": "2024-03-01"},
        ],
    )
    rel(engine, "Equipment", "GOVERNED_BY", "Standard", [{"a": "eq1", "b": "su", "since": SINCE}])
    upsert_nodes(engine, "RiskPoint", [{"uid": "rp1", "name": "分离器超压", "grade": "orange"}])
    rel(engine, "RiskPoint", "AT", "Equipment", [{"a": "rp1", "b": "eq1", "since": SINCE}])
    rel(engine, "RiskPoint", "BELONGS_TO", "Cell", [{"a": "rp1", "b": "c1", "since": SINCE}])
    rel(engine, "RiskPoint", "OWNED_BY", "Person", [{"a": "rp1", "b": "p-lead", "since": SINCE}])
    upsert_nodes(
        engine,
        "Duty",
        [
            {
                "uid": "d1",
                "title": "分离器超压风险管控",
                "matter": "巡检压力",
                "responsibility": "发现超压立即处置",
                "schedule": "每班一次",
                "space": "苏东集气站",
            }
        ],
    )
    rel(engine, "Duty", "CONTROLS", "RiskPoint", [{"a": "d1", "b": "rp1"}])
    rel(engine, "Duty", "ASSIGNED_TO", "Person", [{"a": "d1", "b": "p-lead", "since": SINCE}])
    upsert_nodes(
        engine,
        "Hazard",
        [
            {
                "uid": "hz1",
                "title": "安全阀失效",
                "severity": "general",
                "status": "rectifying",
                "found_on": "2026-10-01",
                "deadline": "2026-12-01",
            }
        ],
    )
    rel(engine, "Hazard", "FOUND_AT", "RiskPoint", [{"a": "hz1", "b": "rp1", "since": SINCE}])
    upsert_nodes(engine, "Area", [{"uid": "a2", "name": "计量间"}])
    rel(engine, "Area", "BELONGS_TO", "Cell", [{"a": "a2", "b": "c2", "since": SINCE}])
    rel(engine, "Area", "OWNED_BY", "Person", [{"a": "a2", "b": "p-lead2", "since": SINCE}])
    return engine


UP_FROM_C1 = [
    ("cell", "c1"),
    ("cell_head", "p-cell"),
    ("net", "n4"),
    ("net_head", "p-head4"),
    ("net", "n3"),
    ("net_head", "p-head3"),
    ("net", "n2"),
    ("net_head", "p-head2"),
]
"""Cell c1 and every net above it, each followed by its head: the top of eq1's chain."""


def roles(result: Any) -> list[tuple[str, str]]:
    return [(link.role, link.uid) for link in result.chain]


def test_trace_climbs_from_the_object_to_the_level_2_head(grid: FalkorDBEngine) -> None:
    result = trace(grid, "eq1", as_of="2025-01-01")
    assert roles(result) == [
        ("object", "eq1"),
        ("owner", "p-new"),
        ("micro_cell", "m1"),
        ("micro_cell_lead", "p-lead"),
        *UP_FROM_C1,
    ]
    assert [link.level for link in result.chain if link.role == "net"] == [4, 3, 2]
    assert result.complete and result.gaps == []
    assert {o.role for o in result.officers} == set(ROLES)
    assert [(s.code, s.guidance_code, s.via) for s in result.standards] == [
        ("DW-1", "ZD-1", "direct")
    ]


def test_trace_as_of_before_the_owner_change_names_the_old_owner(grid: FalkorDBEngine) -> None:
    before = trace(grid, "eq1", as_of="2024-02-15")
    after = trace(grid, "eq1", as_of="2024-03-01")
    owner_before = next(link for link in before.chain if link.role == "owner")
    owner_after = next(link for link in after.chain if link.role == "owner")
    assert (owner_before.uid, owner_before.until) == ("p-old", "2024-03-01T00:00:00Z")
    assert (owner_after.uid, owner_after.since) == ("p-new", "2024-03-01T00:00:00Z")


def test_before_the_grid_existed_the_chain_is_empty_and_says_so(grid: FalkorDBEngine) -> None:
    result = trace(grid, "eq1", as_of="2019-06-01")
    assert roles(result)[:1] == [("object", "eq1")]
    assert "object_without_owner" in {g.code for g in result.gaps}


def test_a_hazard_inherits_owner_duty_and_standard_through_its_risk_point(
    grid: FalkorDBEngine,
) -> None:
    result = trace(grid, "hz1", as_of="2026-11-01")
    owner = next(link for link in result.chain if link.role == "owner")
    assert (owner.uid, owner.via, owner.source) == ("p-lead", "inherited", "rp1")
    assert [(d.uid, d.via, d.source, d.missing) for d in result.duties] == [
        ("d1", "inherited", "rp1", [])
    ]
    assert [(s.uid, s.via, s.source) for s in result.standards] == [("su", "inherited", "eq1")]
    assert ("cell", "c1") in roles(result)


def test_a_broken_chain_stops_at_the_break_and_names_the_gaps(grid: FalkorDBEngine) -> None:
    result = trace(grid, "a2", as_of="2026-11-01")
    assert roles(result) == [
        ("object", "a2"),
        ("owner", "p-lead2"),
        ("micro_cell", "m2"),
        ("micro_cell_lead", "p-lead2"),
        ("cell", "c2"),
        *UP_FROM_C1[2:],
    ]
    codes = {g.code for g in result.gaps}
    assert {"cell_without_head", "cell_missing_officer_role", "object_without_standard"} <= codes
    assert not result.complete


def test_a_person_is_traced_to_the_heads_above_them(grid: FalkorDBEngine) -> None:
    result = trace(grid, "p-old", as_of="2026-11-01")
    assert roles(result)[:4] == [
        ("object", "p-old"),
        ("micro_cell", "m1"),
        ("micro_cell_lead", "p-lead"),
        ("cell", "c1"),
    ]
    assert roles(result)[-1] == ("net_head", "p-head2")


def test_unknown_uid_and_untraceable_kinds_are_clear_errors(grid: FalkorDBEngine) -> None:
    with pytest.raises(NotFoundError, match="no-such-thing"):
        trace(grid, "no-such-thing")
    with pytest.raises(ValidationError, match="n4 is a Net"):
        trace(grid, "n4")
    with pytest.raises(ValidationError, match="as_of"):
        trace(grid, "eq1", as_of="last tuesday")


def test_impact_lists_direct_posts_and_what_leaving_would_orphan(grid: FalkorDBEngine) -> None:
    lead = impact(grid, "p-lead", as_of="2026-11-01")
    assert lead.counts == {"owner": 1, "duty_assignee": 1, "micro_cell_lead": 1}
    assert {(r.post, r.uid) for r in lead.orphaned} == {
        ("owner", "rp1"),
        ("duty_assignee", "d1"),
        ("micro_cell_lead", "m1"),
    }
    assert lead.subtree.cells == 0


def test_impact_of_a_head_counts_the_subtree_and_history_is_respected(grid: FalkorDBEngine) -> None:
    head = impact(grid, "p-head4", as_of="2026-11-01")
    assert [(r.post, r.uid, r.level) for r in head.direct] == [("head", "n4", 4)]
    assert (head.subtree.cells, head.subtree.micro_cells, head.subtree.members) == (2, 2, 8)
    assert head.subtree.objects == {"Area": 1, "Equipment": 1, "RiskPoint": 1}
    assert impact(grid, "p-old", as_of="2024-01-01").counts == {"owner": 1}
    assert impact(grid, "p-old", as_of="2024-06-01").counts == {}


def test_impact_of_an_officer_is_sole_only_when_nobody_else_holds_the_role(
    grid: FalkorDBEngine,
) -> None:
    rel(
        grid,
        "Person",
        "OFFICER_OF",
        "Cell",
        [{"a": "p-lead", "b": "c1", "since": "2025-01-01", "role": "mediator"}],
    )
    cell_head = impact(grid, "p-cell", as_of="2026-11-01")
    mediator = next(r for r in cell_head.direct if r.role == "mediator")
    assert mediator.sole is False
    assert sum(1 for r in cell_head.orphaned if r.post == "officer") == 7
    with pytest.raises(NotFoundError):
        impact(grid, "eq1")
