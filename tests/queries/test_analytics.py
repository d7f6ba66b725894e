"""Analytics (workload, single points of failure, detached nodes, micro-cell spans) on small
hand-built graphs with known answers, plus the pure helpers without a database."""

from __future__ import annotations

import json

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.analytics import (
    Edge,
    NodeInfo,
    Projection,
    analytics_report,
    compute_detached,
    compute_single_points_of_failure,
    detached,
    gini,
    microcell_sizes,
    percentile,
    single_points_of_failure,
    workload,
)
from tests.queries.factories import (
    NetChain,
    add_cell,
    add_head,
    add_microcell,
    add_net,
    add_net_chain,
    add_object,
    add_owner,
    add_people,
    link,
    replace_head,
)

AS_OF = "2024-06-15"


def _org(engine: FalkorDBEngine) -> NetChain:
    """L2 ← L3 ← L4 ← c1 ← mc-ok (span 3), mc-small (span 1), mc-big (span 5).

    Owners: m1 owns eq-1..eq-3 alone, m2 owns eq-4 alone, m1 and m2 co-own area-1, m3 owns
    rp-1; nobody owns wi-1; idle owns nothing."""
    chain = add_net_chain(engine)
    add_cell(engine, "c1", net=chain.l4, head="head-c1")
    add_microcell(engine, "mc-ok", cell="c1", lead="lead-ok", members=["m1", "m2", "m3"])
    add_microcell(engine, "mc-small", cell="c1", lead="lead-small", members=["m4"])
    add_microcell(
        engine, "mc-big", cell="c1", lead="lead-big", members=["m5", "m6", "m7", "m8", "m9"]
    )
    add_people(engine, ["idle"])
    for uid in ("eq-1", "eq-2", "eq-3"):
        add_object(engine, "Equipment", uid, cell="c1", owner="m1")
    add_object(engine, "Equipment", "eq-4", cell="c1", owner="m2")
    add_object(engine, "Area", "area-1", cell="c1", owner="m1")
    add_owner(engine, "Area", "area-1", "m2")
    add_object(engine, "RiskPoint", "rp-1", cell="c1", owner="m3")
    add_object(engine, "WorkItem", "wi-1", cell="c1")
    return chain


# --- workload ----------------------------------------------------------------------------------


def test_workload_counts_everyone_including_people_owning_nothing(
    engine: FalkorDBEngine,
) -> None:
    _org(engine)

    result = workload(engine, as_of=AS_OF)

    # 4 net/cell heads + 3 leads + 9 members + idle = 17 people; owned: m1 4, m2 2, m3 1.
    assert result.people == 17
    assert (result.owned_objects, result.assignments) == (6, 7)
    assert result.distribution == ((0, 14), (1, 1), (2, 1), (4, 1))
    assert (result.median, result.p90, result.max) == (0.0, 2, 4)
    assert result.mean == pytest.approx(7 / 17)
    # Sorted values 0×14, 1, 2, 4: G = 2·(15·1 + 16·2 + 17·4) / (17·7) − 18/17.
    assert result.gini == pytest.approx(2 * 115 / (17 * 7) - 18 / 17)
    assert [(t.person.uid, t.owned, dict(t.by_kind)) for t in result.top] == [
        ("m1", 4, {"Area": 1, "Equipment": 3}),
        ("m2", 2, {"Area": 1, "Equipment": 1}),
        ("m3", 1, {"RiskPoint": 1}),
    ]


def test_workload_follows_ownership_through_time(engine: FalkorDBEngine) -> None:
    _org(engine)
    # eq-4 passes from m2 to m3 on 2024-03-01.
    link(
        engine,
        "Equipment",
        "OWNED_BY",
        "Person",
        "eq-4",
        "m2",
        since="2023-01-01",
        until="2024-03-01",
    )
    add_owner(engine, "Equipment", "eq-4", "m3", since="2024-03-01")

    february = {t.person.uid: t.owned for t in workload(engine, as_of="2024-02-15").top}
    april = {t.person.uid: t.owned for t in workload(engine, as_of="2024-04-15").top}

    assert (february["m2"], february["m3"]) == (2, 1)
    assert (april["m2"], april["m3"]) == (1, 2)


def test_workload_of_an_empty_graph_is_all_zero(engine: FalkorDBEngine) -> None:
    result = workload(engine)

    assert (result.people, result.mean, result.p90, result.gini, result.top) == (0, 0.0, 0, 0.0, ())


# --- single points of failure ------------------------------------------------------------------


def test_single_points_of_failure_rank_heads_by_the_chains_they_break(
    engine: FalkorDBEngine,
) -> None:
    _org(engine)

    result = {p.person.uid: p for p in single_points_of_failure(engine, as_of=AS_OF)}

    # Intact units: L2, L3, L4, c1, mc-ok, mc-small, mc-big.
    assert [(uid, p.score) for uid, p in result.items()] == [
        ("head-net-l2", 7),
        ("head-net-l3", 6),
        ("head-net-l4", 5),
        ("head-c1", 4),
        ("m1", 3),
        ("lead-big", 1),
        ("lead-ok", 1),
        ("lead-small", 1),
        ("m2", 1),
        ("m3", 1),
    ]
    assert result["head-c1"].headless_units == ("c1",)
    assert (result["m1"].orphaned_objects, result["m1"].broken_units) == (3, 0)
    assert result["head-net-l2"].to_json()["headless_units"] == ["net-l2"]


def test_a_co_head_or_an_already_broken_chain_is_no_single_point(engine: FalkorDBEngine) -> None:
    chain = _org(engine)
    add_head(engine, "co-head", "Net", chain.l3)
    add_net(engine, "net-l4-headless", level=4, parent=chain.l3)
    add_cell(engine, "c-under-headless", net="net-l4-headless", head="head-of-cut-off-cell")

    result = {p.person.uid: p.score for p in single_points_of_failure(engine, as_of=AS_OF)}

    assert not {"head-net-l3", "co-head", "head-of-cut-off-cell"} & set(result)
    assert (result["head-net-l2"], result["head-net-l4"]) == (7, 5)


def test_top_limits_the_list(engine: FalkorDBEngine) -> None:
    _org(engine)

    result = single_points_of_failure(engine, as_of=AS_OF, top=2)

    assert [p.person.uid for p in result] == ["head-net-l2", "head-net-l3"]


def test_head_replaced_in_march_is_the_failure_point_of_its_own_period(
    engine: FalkorDBEngine,
) -> None:
    chain = _org(engine)
    replace_head(engine, "Net", chain.l4, old="head-net-l4", new="head-l4-new", on="2024-03-01")

    february = {p.person.uid: p.score for p in single_points_of_failure(engine, as_of="2024-02-15")}
    april = {p.person.uid: p.score for p in single_points_of_failure(engine, as_of="2024-04-15")}

    assert february["head-net-l4"] == 5 and "head-l4-new" not in february
    assert april["head-l4-new"] == 5 and "head-net-l4" not in april


def test_a_unit_with_a_second_intact_parent_survives_one_parent_head_leaving() -> None:
    # Not a forest: cx is part of both L4 nets; l4a's head leaving breaks l4a and ca only.
    nodes = {
        "l2": NodeInfo("Net", level=2),
        "l3": NodeInfo("Net", level=3),
        "l4a": NodeInfo("Net", level=4),
        "l4b": NodeInfo("Net", level=4),
        "ca": NodeInfo("Cell"),
        "cx": NodeInfo("Cell"),
        **{p: NodeInfo("Person", name=p) for p in ("h2", "h3", "ha", "hb", "hca", "hcx")},
    }
    edges = [
        Edge("l3", "PART_OF", "l2"),
        Edge("l4a", "PART_OF", "l3"),
        Edge("l4b", "PART_OF", "l3"),
        Edge("ca", "PART_OF", "l4a"),
        Edge("cx", "PART_OF", "l4a"),
        Edge("cx", "PART_OF", "l4b"),
        *(
            Edge(p, "HEAD_OF", u)
            for p, u in [("h2", "l2"), ("h3", "l3"), ("ha", "l4a"), ("hb", "l4b")]
        ),
        Edge("hca", "HEAD_OF", "ca"),
        Edge("hcx", "HEAD_OF", "cx"),
    ]
    projection = Projection(at="2024-06-15T23:59:59Z", nodes=nodes, edges=tuple(edges))

    result = {p.person.uid: p.broken_units for p in compute_single_points_of_failure(projection)}

    assert result == {"h2": 6, "h3": 5, "ha": 2, "hb": 1, "hca": 1, "hcx": 1}


# --- detached ----------------------------------------------------------------------------------


def test_detached_lists_units_and_objects_with_no_path_to_level_2(engine: FalkorDBEngine) -> None:
    chain = _org(engine)
    add_cell(engine, "c-loose", net=None, head="head-loose")
    add_microcell(engine, "mc-loose", cell="c-loose", lead="lead-loose", members=["x1", "x2"])
    add_object(engine, "Equipment", "eq-loose", cell="c-loose", owner="x1")
    add_object(engine, "Equipment", "eq-nowhere")
    add_net(engine, "net-l3-loose", level=3)
    add_net(engine, "net-l4-loose", level=4, parent="net-l3-loose")

    result = [d.to_json() for d in detached(engine, as_of=AS_OF)]

    assert [(d["uid"], d["label"], d["reason"], d["top"]) for d in result] == [
        ("net-l3-loose", "Net", "no_parent", "net-l3-loose"),
        ("net-l4-loose", "Net", "chain_broken", "net-l3-loose"),
        ("c-loose", "Cell", "no_parent", "c-loose"),
        ("mc-loose", "MicroCell", "chain_broken", "c-loose"),
        ("eq-loose", "Equipment", "cell_detached", "c-loose"),
        ("eq-nowhere", "Equipment", "no_cell", None),
    ]
    assert chain.l2 not in {d["uid"] for d in result}


def test_a_closed_part_of_link_detaches_everything_beneath_it(engine: FalkorDBEngine) -> None:
    chain = _org(engine)
    link(
        engine, "Net", "PART_OF", "Net", chain.l4, chain.l3, since="2023-01-01", until="2024-03-01"
    )

    before = detached(engine, as_of="2024-02-15")
    after = {d.uid: (d.reason, d.top) for d in detached(engine, as_of="2024-04-15")}

    assert before == []
    assert after[chain.l4] == ("no_parent", chain.l4)
    assert after["c1"] == ("chain_broken", chain.l4)
    assert after["mc-small"] == ("chain_broken", chain.l4)
    assert after["wi-1"] == ("cell_detached", chain.l4)
    assert len(after) == 1 + 1 + 3 + 7  # net, cell, micro-cells, objects


def test_a_part_of_cycle_is_detached_with_no_top() -> None:
    nodes = {"l2": NodeInfo("Net", level=2), "a": NodeInfo("Net", level=3), "b": NodeInfo("Net")}
    edges = (Edge("a", "PART_OF", "b"), Edge("b", "PART_OF", "a"))
    result = compute_detached(Projection(at="t", nodes=nodes, edges=edges))

    assert [(d.uid, d.reason, d.top) for d in result] == [
        ("a", "chain_broken", None),
        ("b", "chain_broken", None),
    ]


# --- micro-cell spans --------------------------------------------------------------------------


def test_microcell_sizes_flags_spans_outside_two_to_four(engine: FalkorDBEngine) -> None:
    _org(engine)
    add_microcell(engine, "mc-leaderless", cell="c1", members=["y1"])
    # A lead listed among their own members does not count towards the span.
    add_microcell(engine, "mc-self", cell="c1", lead="lead-self", members=["lead-self", "z1"])

    result = microcell_sizes(engine, as_of=AS_OF)

    assert [(s.uid, s.size, s.verdict, [p.uid for p in s.leads]) for s in result] == [
        ("mc-leaderless", 1, "too_small", []),
        ("mc-self", 1, "too_small", ["lead-self"]),
        ("mc-small", 1, "too_small", ["lead-small"]),
        ("mc-big", 5, "too_large", ["lead-big"]),
    ]
    assert result[2].to_json() == {
        "uid": "mc-small",
        "name": "mc-small",
        "cell": "c1",
        "leads": [{"uid": "lead-small", "name": "lead-small"}],
        "size": 1,
        "members": ["m4"],
        "verdict": "too_small",
    }


def test_microcell_sizes_follow_members_through_time(engine: FalkorDBEngine) -> None:
    _org(engine)
    link(
        engine,
        "Person",
        "MEMBER_OF",
        "MicroCell",
        "m3",
        "mc-ok",
        since="2023-01-01",
        until="2024-03-01",
    )
    link(engine, "Person", "MEMBER_OF", "MicroCell", "m3", "mc-big", since="2024-03-01")

    february = {s.uid: s.size for s in microcell_sizes(engine, as_of="2024-02-15")}
    april = {s.uid: s.size for s in microcell_sizes(engine, as_of="2024-04-15")}

    assert february == {"mc-small": 1, "mc-big": 5}
    assert april == {"mc-small": 1, "mc-big": 6}


# --- report and helpers ------------------------------------------------------------------------


def test_report_combines_the_four_analyses_from_one_projection(engine: FalkorDBEngine) -> None:
    _org(engine)
    add_object(engine, "Equipment", "eq-nowhere")
    before = engine.round_trips

    report = analytics_report(engine, as_of=AS_OF, top=3)
    document = report.to_json()

    assert engine.round_trips - before == 2
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document
    assert list(document) == [
        "as_of",
        "workload",
        "single_points_of_failure",
        "detached",
        "microcell_sizes",
    ]
    assert document["as_of"] == "2024-06-15T23:59:59Z"
    assert document["workload"] == workload(engine, as_of=AS_OF).to_json()
    assert [p["uid"] for p in document["single_points_of_failure"]] == [
        p.person.uid for p in single_points_of_failure(engine, as_of=AS_OF, top=3)
    ]
    assert document["detached"] == {
        "count": 1,
        "by_label": {"Equipment": 1},
        "nodes": [
            {
                "uid": "eq-nowhere",
                "label": "Equipment",
                "name": "eq-nowhere",
                "reason": "no_cell",
                "top": None,
            }
        ],
    }
    spans = document["microcell_sizes"]
    assert (spans["count"], spans["too_small"], spans["too_large"]) == (2, 1, 1)
    assert document["workload"]["summary"] == {"mean": 0.412, "median": 0.0, "p90": 2, "max": 4}


def test_each_analysis_costs_two_statements(engine: FalkorDBEngine) -> None:
    _org(engine)
    for analysis in (workload, single_points_of_failure, detached, microcell_sizes):
        before = engine.round_trips
        analysis(engine, as_of=AS_OF)
        assert engine.round_trips - before == 2, analysis.__name__


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], 0.0), ([0, 0, 0], 0.0), ([3, 3, 3], 0.0), ([0, 0, 0, 4], 0.75), ([1, 2, 3], 2 / 9)],
)
def test_gini(values: list[int], expected: float) -> None:
    assert gini(values) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [([], 90, 0), ([5], 90, 5), (list(range(1, 11)), 90, 9), (list(range(1, 12)), 90, 10)],
)
def test_percentile_is_nearest_rank(values: list[int], pct: float, expected: int) -> None:
    assert percentile(values, pct) == expected
