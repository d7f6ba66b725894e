"""The analysis root fields (trace, impact, coverage, business tree, analytics) and the error
codes, over HTTP on a small hand-built grid in the real embedded engine; and every example
query of docs/api.md, run against the same grid.

The grid uses the seed's uid shapes (``net-l2``, ``cell-0001``, ``eq-000001``…) so the
documented examples also run on a seeded database.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import strawberry
from fastapi.testclient import TestClient
from shapely.geometry import box
from strawberry.types import Info

from api.app import create_app
from api.graphql.errors import ErrorCodes, Permission
from api.settings import Settings
from graph.enums import OfficerRole
from graph.falkordb_engine import FalkorDBEngine
from graph.writer import upsert_nodes
from queries.coverage import RULES
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.queries.factories import (
    add_assessment,
    add_cell,
    add_data_source,
    add_duty,
    add_hazard,
    add_microcell,
    add_net,
    add_object,
    add_officer,
    add_owner,
    add_person,
    add_problem,
    add_process,
    add_training,
    link,
)
from tests.queries.spatial_cases import set_position, set_territory

DOCS = Path(__file__).parents[2] / "docs" / "api.md"
TODAY = "2026-11-15"
OWNER_CHANGE = "2024-03-01"


def build_grid(engine: FalkorDBEngine) -> None:
    """net-l2 ← net-l3-01 ← net-l4-001 ← cell-0001 (headed, all eight officers) and
    cell-0002 (no head: a planted gap). eq-000001 changed owner on 2024-03-01 (赵磊 → 孙丽);
    a risk point at it, controlled by a duty, has an overdue hazard; two areas in cell-0002
    have no owner; mc-00002 has a lead and nobody to lead."""
    for uid, name in [
        ("p-00001", "张国华"),
        ("p-00002", "刘志刚"),
        ("p-00003", "陈建军"),
        ("p-00004", "王海燕"),
        ("p-00005", "李强"),
        ("p-00008", "周梅"),
    ]:
        add_person(engine, uid, name=name)
    add_person(engine, "p-00006", name="赵磊", party_member=False)
    add_person(engine, "p-00007", name="孙丽", party_member=False)

    add_net(engine, "net-l2", level=2, head="p-00001", name="天然气分公司")
    add_net(engine, "net-l3-01", level=3, parent="net-l2", head="p-00002", name="采气一大队")
    add_net(engine, "net-l4-001", level=4, parent="net-l3-01", head="p-00003", name="第一党支部")
    add_cell(engine, "cell-0001", net="net-l4-001", head="p-00004", name="苏东集气站先锋格")
    add_cell(engine, "cell-0002", net="net-l4-001", mode="duty", name="计量班先锋格")
    add_microcell(
        engine,
        "mc-00001",
        cell="cell-0001",
        lead="p-00005",
        members=["p-00004", "p-00005", "p-00006", "p-00007"],
    )
    add_microcell(engine, "mc-00002", cell="cell-0002", lead="p-00008", members=["p-00008"])
    for role in OfficerRole:
        add_officer(engine, "p-00004", "cell-0001", role.value)

    add_object(
        engine, "Equipment", "eq-000001", cell="cell-0001", owner="p-00006", until=OWNER_CHANGE
    )
    add_owner(engine, "Equipment", "eq-000001", "p-00007", since=OWNER_CHANGE)
    upsert_nodes(
        engine,
        "Standard",
        [
            {
                "uid": "std-g-001",
                "code": "ZD-1",
                "title": "设备管理指导标准",
                "level": "guidance",
                "dimension": "equipment",
                "domain": "gathering",
            },
            {
                "uid": "std-u-00001",
                "code": "DW-1",
                "title": "分离器操作标准",
                "level": "unit",
                "dimension": "equipment",
                "domain": "gathering",
            },
        ],
    )
    link(engine, "Standard", "DERIVED_FROM", "Standard", "std-u-00001", "std-g-001")
    link(engine, "Equipment", "GOVERNED_BY", "Standard", "eq-000001", "std-u-00001")
    add_object(engine, "RiskPoint", "rp-00001", cell="cell-0001", owner="p-00005")
    link(engine, "RiskPoint", "AT", "Equipment", "rp-00001", "eq-000001")
    add_duty(
        engine,
        "duty-00001",
        cell="cell-0001",
        role="safety_supervisor",
        assignee="p-00005",
        applies_to=("RiskPoint", "rp-00001"),
    )
    add_duty(
        engine,
        "duty-00002",
        cell="cell-0001",
        role="mediator",
        complete=False,
        applies_to=("Equipment", "eq-000001"),
    )
    add_hazard(engine, "hz-00001", cell="cell-0001", found_on="2026-10-01", deadline="2026-11-01")
    link(engine, "Hazard", "FOUND_AT", "RiskPoint", "hz-00001", "rp-00001")
    add_object(engine, "Area", "area-00001", cell="cell-0002")
    add_object(engine, "Area", "area-00002", cell="cell-0002")

    add_data_source(engine, "ds-00001", kind="equipment", cells=["cell-0001"])
    add_process(engine, "proc-00001", net="net-l4-001", role="safety_supervisor")
    add_problem(
        engine,
        "pb-00001",
        cell="cell-0001",
        status="resolved",
        reported_on="2026-09-01",
        resolved_on="2026-09-03",
    )
    add_training(engine, "tr-001", cells=["cell-0001"], held_on="2026-10-10", attendees=12)
    add_assessment(engine, "as-0001", cell="cell-0001", month="2026-10", score=92.5)


def map_grid(engine: FalkorDBEngine) -> None:
    """Put the analysis grid on the map near Daqing (for the docs' spatial examples):
    net-l4-001 is 124.9–125.3 E × 46.4–46.6 N, cell-0001 its west half, cell-0002 its east
    half, eq-000001 inside cell-0001."""
    for uid, geom in [("net-l4-001", box(124.9, 46.4, 125.3, 46.6)),
                      ("cell-0001", box(124.9, 46.4, 125.1, 46.6)),
                      ("cell-0002", box(125.1, 46.4, 125.3, 46.6))]:  # fmt: skip
        set_territory(engine, uid, geom)
    set_position(engine, "eq-000001", 125.0, 46.5)


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    build_grid(engine)
    map_grid(engine)
    with TestClient(create_app(Settings(), engine=engine)) as test_client:
        sign_in(test_client, engine)
        yield test_client


TRACE = """
query Trace($uid: String!, $asOf: String) {
  trace(uid: $uid, asOf: $asOf) {
    uid kind asOf complete
    chain { role uid name level since until via source }
    officers { role roleZh holder { uid } }
    duties { uid via source missing missingZh assignee { uid } }
    standards { code guidanceCode via }
    gaps { code uid }
  }
}
"""


# --- trace -----------------------------------------------------------------------------------


def test_trace_returns_the_chain_up_to_the_level_2_head(client: TestClient) -> None:
    trace = data(client, TRACE, {"uid": "eq-000001", "asOf": "2025-01-01"})["trace"]
    assert [(link["role"], link["uid"]) for link in trace["chain"]] == [
        ("object", "eq-000001"),
        ("owner", "p-00007"),
        ("micro_cell", "mc-00001"),
        ("micro_cell_lead", "p-00005"),
        ("cell", "cell-0001"),
        ("cell_head", "p-00004"),
        ("net", "net-l4-001"),
        ("net_head", "p-00003"),
        ("net", "net-l3-01"),
        ("net_head", "p-00002"),
        ("net", "net-l2"),
        ("net_head", "p-00001"),
    ]
    assert trace["chain"][-1]["level"] == 2 and trace["chain"][-1]["name"] == "张国华"
    assert trace["asOf"] == "2025-01-01T23:59:59Z"
    assert {o["role"] for o in trace["officers"]} == {r.value for r in OfficerRole}
    assert {o["roleZh"] for o in trace["officers"]} >= {"调解员", "监督员"}
    assert trace["standards"] == [{"code": "DW-1", "guidanceCode": "ZD-1", "via": "direct"}]
    incomplete = next(d for d in trace["duties"] if d["uid"] == "duty-00002")
    assert incomplete["assignee"] is None
    assert "assignee" in incomplete["missing"] and "人" in incomplete["missingZh"]
    assert trace["complete"] is False
    assert {"code": "duty_missing_element", "uid": "duty-00002"} in trace["gaps"]


def test_trace_as_of_before_the_owner_change_names_the_old_owner(client: TestClient) -> None:
    before = data(client, TRACE, {"uid": "eq-000001", "asOf": "2024-02-15"})["trace"]
    owner = next(link for link in before["chain"] if link["role"] == "owner")
    assert (owner["uid"], owner["name"]) == ("p-00006", "赵磊")
    assert owner["until"] == "2024-03-01T00:00:00Z"
    now = data(client, TRACE, {"uid": "eq-000001"})["trace"]
    assert next(link for link in now["chain"] if link["role"] == "owner")["uid"] == "p-00007"


def test_trace_of_a_hazard_inherits_through_its_risk_point(client: TestClient) -> None:
    trace = data(client, TRACE, {"uid": "hz-00001", "asOf": TODAY})["trace"]
    owner = next(link for link in trace["chain"] if link["role"] == "owner")
    assert (owner["uid"], owner["via"], owner["source"]) == ("p-00005", "inherited", "rp-00001")
    assert trace["kind"] == "Hazard"


# --- impact ----------------------------------------------------------------------------------

IMPACT = """
query Impact($uid: String!, $asOf: String) {
  impact(personUid: $uid, asOf: $asOf) {
    uid name asOf
    direct { post uid kind sole role roleZh level }
    counts { post count }
    orphaned { post uid }
    orphanedCounts { post count }
    subtree { cells microCells members objects { name count } }
  }
}
"""


def test_impact_lists_what_a_person_answers_for(client: TestClient) -> None:
    lead = data(client, IMPACT, {"uid": "p-00005", "asOf": "2026-11-01"})["impact"]
    assert lead["name"] == "李强"
    assert {(c["post"], c["count"]) for c in lead["counts"]} == {
        ("owner", 1),
        ("duty_assignee", 1),
        ("micro_cell_lead", 1),
    }
    assert {(o["post"], o["uid"]) for o in lead["orphaned"]} == {
        ("owner", "rp-00001"),
        ("duty_assignee", "duty-00001"),
        ("micro_cell_lead", "mc-00001"),
    }
    officer = data(client, IMPACT, {"uid": "p-00004", "asOf": "2026-11-01"})["impact"]
    mediator = next(d for d in officer["direct"] if d["role"] == "mediator")
    assert (mediator["post"], mediator["roleZh"], mediator["sole"]) == ("officer", "调解员", True)


def test_impact_of_a_head_counts_the_subtree_and_respects_history(client: TestClient) -> None:
    head = data(client, IMPACT, {"uid": "p-00003", "asOf": "2026-11-01"})["impact"]
    assert [(d["post"], d["uid"], d["level"]) for d in head["direct"]] == [
        ("head", "net-l4-001", 4)
    ]
    assert (head["subtree"]["cells"], head["subtree"]["microCells"]) == (2, 2)
    assert {o["name"]: o["count"] for o in head["subtree"]["objects"]} == {
        "Area": 2,
        "Duty": 2,
        "Equipment": 1,
        "Hazard": 1,
        "Problem": 1,
        "RiskPoint": 1,
    }
    old_owner = data(client, IMPACT, {"uid": "p-00006", "asOf": "2024-01-01"})["impact"]
    assert old_owner["counts"] == [{"post": "owner", "count": 1}]
    after = data(client, IMPACT, {"uid": "p-00006", "asOf": "2024-06-01"})["impact"]
    assert after["counts"] == []


# --- coverage --------------------------------------------------------------------------------

GAPS = """
query Gaps($rules: [String!], $net: String, $first: Int = 100) {
  coverageGaps(rules: $rules, net: $net, today: "2026-11-15") {
    today total net
    counts { rule count }
    settings { overloadThreshold trainingDays assessmentMonth }
    rules {
      rule { id titleZh severity }
      count
      findings(first: $first) { uid kind cell l4 l3 l2 detail }
    }
    rollup { nets { uid level total counts { rule count } } cells { uid total } unplacedTotal }
  }
}
"""


def test_coverage_gaps_find_the_planted_gaps_and_roll_them_up(client: TestClient) -> None:
    report = data(client, GAPS, {"rules": ["cell_without_head", "hazard_overdue"]})["coverageGaps"]
    assert report["today"] == TODAY
    assert report["counts"] == [
        {"rule": "hazard_overdue", "count": 1},
        {"rule": "cell_without_head", "count": 1},
    ]
    by_rule = {r["rule"]["id"]: r for r in report["rules"]}
    headless = by_rule["cell_without_head"]
    assert headless["rule"] == {
        "id": "cell_without_head",
        "titleZh": "格无格长",
        "severity": "HIGH",
    }
    assert headless["findings"] == [
        {
            "uid": "cell-0002",
            "kind": "Cell",
            "cell": "cell-0002",
            "l4": "net-l4-001",
            "l3": "net-l3-01",
            "l2": "net-l2",
            "detail": headless["findings"][0]["detail"],
        }
    ]
    overdue = by_rule["hazard_overdue"]["findings"][0]
    assert (overdue["uid"], overdue["detail"]["days_overdue"]) == ("hz-00001", 14)
    nets = {n["uid"]: n for n in report["rollup"]["nets"]}
    assert nets["net-l2"]["total"] == 2 and nets["net-l4-001"]["level"] == 4
    assert {c["uid"] for c in report["rollup"]["cells"]} == {"cell-0001", "cell-0002"}


def test_coverage_findings_are_bounded_per_rule(client: TestClient, engine: FalkorDBEngine) -> None:
    variables = {"rules": ["object_without_owner"], "net": "cell-0002", "first": 1}
    report = data(client, GAPS, variables)["coverageGaps"]
    result = report["rules"][0]
    assert result["count"] == 2 and [f["uid"] for f in result["findings"]] == ["area-00001"]
    with TestClient(create_app(Settings(max_page_size=1), engine=engine)) as capped:
        sign_in(capped, engine)
        over = only_error(post(capped, GAPS, variables | {"first": 100}))
    assert over["extensions"]["code"] == "BAD_INPUT" and "at most 1" in over["message"]
    error = only_error(post(client, GAPS, variables | {"first": -1}))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["fields"][0]["field"] == "first"
    assert error["path"] == ["coverageGaps", "rules", 0, "findings"]


def test_coverage_gaps_reject_an_unknown_rule_naming_it(client: TestClient) -> None:
    body = post(client, GAPS, {"rules": ["cell_without_head", "no_such_rule"]})
    error = only_error(body)
    assert body["data"] == {"coverageGaps": None}
    assert error["extensions"]["code"] == "BAD_INPUT"
    [field] = error["extensions"]["fields"]
    assert field["field"] == "rules" and "'no_such_rule'" in field["message"]
    assert "no_such_rule" in error["message"]


def test_coverage_settings_are_validated_with_graphql_names(client: TestClient) -> None:
    query = '{ coverageGaps(rules: ["overloaded_owner"], overloadThreshold: -1) { total } }'
    error = only_error(post(client, query))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert [f["field"] for f in error["extensions"]["fields"]] == ["overloadThreshold"]


def test_coverage_gaps_of_an_unknown_net_is_not_found(client: TestClient) -> None:
    error = only_error(post(client, GAPS, {"net": "net-l4-999"}))
    assert error["extensions"] == {"code": "NOT_FOUND"}


def test_coverage_rules_list_the_catalog_with_chinese_titles(client: TestClient) -> None:
    rules = data(client, "{ coverageRules { id titleEn titleZh severity rationale parameters } }")
    by_id = {r["id"]: r for r in rules["coverageRules"]}
    assert len(by_id) == len(RULES) >= 23
    assert by_id["cell_without_head"]["titleZh"] == "格无格长"
    assert by_id["lead_span_out_of_range"]["severity"] == "LOW"
    assert "threshold" in by_id["overloaded_owner"]["parameters"]


# --- business tree ---------------------------------------------------------------------------

TREE = """
query Tree($uid: String!) {
  businessTree(uid: $uid, today: "2026-11-15") {
    subject { uid label level }
    root { cells { uid modeZh heads { uid } } dataSources { uid kindZh cells } }
    trunk { reachesLevel2 chain { uid level kindZh heads { name } } processes { uid roleZh } }
    leaves {
      roles { role roleZh officers { uid } dutyCount completeDuties
              duties { uid complete missing missingZh } }
      dutiesWithoutRole { uid }
    }
    fruit {
      problems { total solved open }
      hazards { total open openOverdue }
      training { sessions attendees windowDays windowFrom windowTo }
      assessment { latestMonth latestAverage }
    }
  }
}
"""


def test_business_tree_of_a_cell(client: TestClient) -> None:
    tree = data(client, TREE, {"uid": "cell-0001"})["businessTree"]
    assert tree["subject"] == {"uid": "cell-0001", "label": "Cell", "level": None}
    assert tree["root"]["cells"] == [
        {"uid": "cell-0001", "modeZh": "场景化定格", "heads": [{"uid": "p-00004"}]}
    ]
    assert tree["root"]["dataSources"] == [
        {"uid": "ds-00001", "kindZh": "设备信息台账", "cells": ["cell-0001"]}
    ]
    trunk = tree["trunk"]
    assert trunk["reachesLevel2"] is True
    assert [n["uid"] for n in trunk["chain"]] == ["net-l4-001", "net-l3-01", "net-l2"]
    assert trunk["chain"][0]["kindZh"] == "堡垒网(四级网)"
    assert trunk["processes"] == [{"uid": "proc-00001", "roleZh": "监督员"}]
    roles = {leaf["role"]: leaf for leaf in tree["leaves"]["roles"]}
    assert len(roles) == 8 and roles["mediator"]["roleZh"] == "调解员"
    assert (roles["mediator"]["dutyCount"], roles["mediator"]["completeDuties"]) == (1, 0)
    assert roles["safety_supervisor"]["officers"] == [{"uid": "p-00004"}]
    fruit = tree["fruit"]
    assert fruit["problems"] == {"total": 1, "solved": 1, "open": 0}
    assert fruit["hazards"] == {"total": 1, "open": 1, "openOverdue": 1}
    assert fruit["training"]["sessions"] == 1 and fruit["training"]["windowTo"] == TODAY
    assert fruit["assessment"] == {"latestMonth": "2026-10", "latestAverage": 92.5}


def test_business_tree_of_a_net_aggregates_its_cells(client: TestClient) -> None:
    tree = data(client, TREE, {"uid": "net-l3-01"})["businessTree"]
    assert tree["subject"] == {"uid": "net-l3-01", "label": "Net", "level": 3}
    assert {c["uid"] for c in tree["root"]["cells"]} == {"cell-0001", "cell-0002"}
    error = only_error(post(client, TREE, {"uid": "eq-000001"}))
    assert error["extensions"] == {"code": "NOT_FOUND"}


# --- analytics -------------------------------------------------------------------------------

ANALYTICS = """
query Analytics($top: Int = 20) {
  analytics(asOf: "2026-11-15", top: $top) {
    asOf
    workload { people ownedObjects max gini distribution { owned people }
               top { uid owned byKind { name count } } }
    singlePointsOfFailure { uid score orphanedObjects brokenUnits headlessUnits }
    detached { count byLabel { name count } nodes { uid reason } }
    microcellSizes { count tooSmall tooLarge microcells { uid size verdict leads { uid } } }
  }
}
"""


def test_analytics_reports_workload_failure_points_and_spans(client: TestClient) -> None:
    report = data(client, ANALYTICS)["analytics"]
    assert report["asOf"] == "2026-11-15T23:59:59Z"
    workload = report["workload"]
    assert workload["people"] == 8 and workload["ownedObjects"] == 2
    assert {t["uid"] for t in workload["top"]} == {"p-00005", "p-00007"}
    assert report["detached"]["count"] == 0
    spans = report["microcellSizes"]
    assert spans["tooSmall"] == 1
    assert spans["microcells"] == [
        {"uid": "mc-00002", "size": 0, "verdict": "too_small", "leads": [{"uid": "p-00008"}]}
    ]
    points = report["singlePointsOfFailure"]
    assert points[0]["uid"] == "p-00001" and "net-l2" in points[0]["headlessUnits"]
    assert len(data(client, ANALYTICS, {"top": 1})["analytics"]["singlePointsOfFailure"]) == 1
    error = only_error(post(client, ANALYTICS, {"top": -5}))
    assert error["extensions"]["fields"] == [{"field": "top", "message": "must be ≥ 0, not -5"}]


# --- errors ----------------------------------------------------------------------------------


def test_unknown_uid_is_not_found(client: TestClient) -> None:
    body = post(client, TRACE, {"uid": "eq-999999"})
    error = only_error(body)
    assert body["data"] == {"trace": None}
    assert error["extensions"] == {"code": "NOT_FOUND"}
    assert "eq-999999" in error["message"] and error["path"] == ["trace"]
    error = only_error(post(client, IMPACT, {"uid": "eq-000001"}))
    assert error["extensions"] == {"code": "NOT_FOUND"}


def test_bad_input_names_the_graphql_argument(client: TestClient) -> None:
    error = only_error(post(client, TRACE, {"uid": "eq-000001", "asOf": "last tuesday"}))
    assert error["extensions"]["code"] == "BAD_INPUT"
    [field] = error["extensions"]["fields"]
    assert field["field"] == "asOf" and "last tuesday" in field["message"]
    assert error["message"].startswith("query: asOf: ")
    error = only_error(post(client, TRACE, {"uid": "net-l4-001"}))
    assert error["extensions"]["fields"][0]["field"] == "uid"
    assert "is a Net" in error["extensions"]["fields"][0]["message"]


def test_unexpected_failures_are_internal_without_internals(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis socket /tmp/secret/falkordb.sock refused (FalkorDB)")

    monkeypatch.setattr("api.graphql.stats.graph_stats", broken)
    monkeypatch.setattr("queries.accountability.trace", broken)
    response = client.post(
        "/graphql", json={"query": '{ stats { totalNodes } trace(uid: "eq-000001") { uid } }'}
    )
    body = response.json()
    assert body["data"] is None
    assert {e["message"] for e in body["errors"]} == {"Internal error"}
    assert all(e["extensions"] == {"code": "INTERNAL"} for e in body["errors"])
    for leak in ("/tmp/secret", "Traceback", "FalkorDB", "redis", "socket"):
        assert leak not in response.text
    logged = [r for r in caplog.records if r.name == "strawberry.execution"]
    assert logged and all(r.exc_info for r in logged), "the server log keeps the details"


def test_expected_errors_are_logged_without_a_stack_trace(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="redgrid.api.graphql"):
        post(client, TRACE, {"uid": "eq-999999"})
    assert not [r for r in caplog.records if r.name == "strawberry.execution"]
    [record] = [r for r in caplog.records if r.name == "redgrid.api.graphql"]
    assert "eq-999999" in record.getMessage() and not record.exc_info


def test_query_errors_stay_readable_with_a_code(client: TestClient) -> None:
    error = only_error(post(client, "{ trace(uid: 5) { uid } }"))
    assert "String cannot represent" in error["message"]
    assert error["extensions"] == {"code": "BAD_QUERY"}
    error = only_error(post(client, "{ trace(uid: "))
    assert "Syntax Error" in error["message"] and error["extensions"]["code"] == "BAD_QUERY"
    error = only_error(post(client, TRACE, {"uid": 5}))
    assert "Variable '$uid'" in error["message"] and error["extensions"]["code"] == "BAD_QUERY"


class DenyAll(Permission):
    message = "health records are restricted"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Restricted:
    @strawberry.field(permission_classes=[DenyAll])
    def secret(self) -> str | None:
        return "should not be seen"


def test_a_refused_permission_is_forbidden() -> None:
    schema = strawberry.Schema(query=Restricted, extensions=[ErrorCodes])
    result = schema.execute_sync("{ secret }")
    assert result.errors is not None
    [error] = result.errors
    assert error.message == "health records are restricted"
    assert error.extensions == {"code": "FORBIDDEN"}


# --- docs/api.md -----------------------------------------------------------------------------


def doc_examples() -> list[str]:
    """The ```graphql blocks of docs/api.md; each starts with a ``# group: what`` comment."""
    return re.findall(r"```graphql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)


def example_id(query: str) -> str:
    return query.splitlines()[0].removeprefix("#").strip()


def test_docs_hold_an_example_for_every_root_field(client: TestClient) -> None:
    roots = data(client, "{ __schema { queryType { fields { name } } } }")["__schema"]
    fields = {f["name"] for f in roots["queryType"]["fields"]}
    used = {name for q in doc_examples() for name in fields if re.search(rf"\b{name}\b", q)}
    assert used == fields


@pytest.mark.parametrize("query", doc_examples(), ids=example_id)
def test_docs_example_runs_without_errors(client: TestClient, query: str) -> None:
    result = data(client, query)
    assert result and all(value is not None for value in result.values()), query
