"""Mutations over HTTP on a small grid in the real embedded engine: history kept by
reassignments, conflicts, the workflows end to end, who may change what, and a thousand
malformed mutations that leave the data as it was and the server answering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.api.test_graphql_analysis import build_grid
from tests.graph_state import fingerprint
from tests.queries.factories import add_cell, add_net, add_object, add_person


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    """The analysis grid (net-l4-001 headed by p-00003: cells 0001 and 0002) plus another
    branch: net-l3-02 ← net-l4-002 ← cell-0003 holding eq-000099."""
    build_grid(engine)
    add_net(engine, "net-l3-02", level=3, parent="net-l2", name="采气二大队")
    add_net(engine, "net-l4-002", level=4, parent="net-l3-02", name="第二党支部")
    add_cell(engine, "cell-0003", net="net-l4-002", name="升平集气站先锋格")
    add_person(engine, "p-00099", name="外格员工")
    add_object(engine, "Equipment", "eq-000099", cell="cell-0003", owner="p-00099")
    return engine


@pytest.fixture
def client(grid: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=grid)) as test_client:
        sign_in(test_client, grid)
        yield test_client


def as_role(client: TestClient, engine: FalkorDBEngine, role: str, person: str | None) -> None:
    sign_in(client, engine, role=role, person=person)


def code(body: Any) -> str:
    return str(only_error(body)["extensions"]["code"])


ASSIGN = """mutation($uid: String!, $person: String!, $at: String) {
  assignOwner(uid: $uid, person: $person, at: $at) {
    operation uid kind before after audit node { uid ... on Equipment { owner { uid } } } } }"""
TRACE_OWNER = """query($uid: String!, $at: String) {
  trace(uid: $uid, asOf: $at) { chain { role uid } } }"""


def owner_in_trace(client: TestClient, uid: str, at: str) -> str:
    chain = data(client, TRACE_OWNER, {"uid": uid, "at": at})["trace"]["chain"]
    return next(link["uid"] for link in chain if link["role"] == "owner")


def test_reassigning_an_owner_keeps_the_past_and_records_who_did_it(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json={"query": ASSIGN, "variables": {"uid": "eq-000001", "person": "p-00005",
                                              "at": "2026-11-20"}},
        headers={"X-Request-ID": "change-7"},
    )  # fmt: skip
    change = response.json()["data"]["assignOwner"]
    assert change["before"] == {"owner": "p-00007"} and change["after"] == {"owner": "p-00005"}
    assert change["node"]["owner"] == {"uid": "p-00005"}
    assert owner_in_trace(client, "eq-000001", "2026-11-19") == "p-00007"
    assert owner_in_trace(client, "eq-000001", "2026-11-21") == "p-00005"
    history = data(client, '{ history(uid: "eq-000001") { operation actor requestId } }')
    assert history["history"][0] == {
        "operation": "assign_owner", "actor": "test-admin", "requestId": "change-7",
    }  # fmt: skip


def test_a_stale_revision_is_a_conflict_and_changes_nothing(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    update = """mutation($rev: Int) { updateNode(kind: Equipment, uid: "eq-000001",
      patch: {name: "新名称"}, rev: $rev) { after node { ... on Equipment { name } } } }"""
    first = data(client, update, {"rev": None})["updateNode"]
    assert first["node"] == {"name": "新名称"}
    before = fingerprint(grid)
    assert code(post(client, update, {"rev": 0})) == "CONFLICT"
    assert fingerprint(grid) == before


def test_a_hand_over_decided_on_stale_holders_is_a_conflict_and_changes_nothing(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    assign = """mutation($expected: [String!]) { assignOwner(uid: "eq-000001",
      person: "p-00005", at: "2026-11-20", expected: $expected) { after at actor } }"""
    before = fingerprint(grid)
    stale = only_error(post(client, assign, {"expected": ["p-00005"]}))
    assert stale["extensions"]["code"] == "CONFLICT"
    assert "its owner is now p-00007, not p-00005 as read" in stale["message"]
    assert fingerprint(grid) == before
    change = data(client, assign, {"expected": ["p-00007"]})["assignOwner"]
    assert change == {
        "after": {"owner": "p-00005"}, "at": "2026-11-20T00:00:00Z", "actor": "test-admin",
    }  # fmt: skip


def test_a_conflict_does_not_name_a_holder_outside_the_callers_reach(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    # The admin hands eq-000001 (in the head's branch) to p-00099, who works in another one.
    data(client, 'mutation { assignOwner(uid: "eq-000001", person: "p-00099") { uid } }')
    as_role(client, grid, "head", "p-00003")  # heads net-l4-001
    before = fingerprint(grid)
    stale = only_error(
        post(
            client,
            """mutation { assignOwner(uid: "eq-000001", person: "p-00005",
            expected: ["p-00007"]) { uid } }""",
        )
    )
    assert stale["extensions"]["code"] == "CONFLICT"
    assert "its owner is now 1 outside your reach, not p-00007 as read" in stale["message"]
    assert "p-00099" not in str(stale)
    assert fingerprint(grid) == before
    sign_in(client, grid)  # the admin sees p-00099, and is told so
    stale = only_error(
        post(
            client,
            """mutation { assignOwner(uid: "eq-000001", person: "p-00005",
            expected: ["p-00007"]) { uid } }""",
        )
    )
    assert "its owner is now p-00099, not p-00007 as read" in stale["message"]


def test_retiring_from_a_stale_revision_is_a_conflict(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    data(client, """mutation { updateNode(kind: Equipment, uid: "eq-000001",
      patch: {name: "新名称"}) { audit } }""")  # fmt: skip
    retire = """mutation($rev: Int) { retireNode(kind: Equipment, uid: "eq-000001",
      reason: "报废", rev: $rev) { operation } }"""
    before = fingerprint(grid)
    assert code(post(client, retire, {"rev": 0})) == "CONFLICT"
    assert fingerprint(grid) == before
    assert data(client, retire, {"rev": 1})["retireNode"] == {"operation": "retire"}


def test_bad_fields_are_named_and_nothing_is_written(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    before = fingerprint(grid)
    body = post(
        client,
        """mutation { createNode(kind: Equipment, props: {uid: "eq-000001", name: "",
             category: "teapot", colour: "red"}) { uid } }""",
    )
    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert {"name", "category", "colour"} <= {f["field"] for f in error["extensions"]["fields"]}
    taken = only_error(post(client, """mutation { createNode(kind: Area,
        props: {uid: "eq-000001", name: "区域"}) { uid } }"""))  # fmt: skip
    assert [f["field"] for f in taken["extensions"]["fields"]] == ["uid"]
    assert fingerprint(grid) == before


def test_problem_life_cycle_and_hazard_closed_loop(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    steps = [
        'reportProblem(uid: "pb-9", cell: "cell-0001", title: "阀门渗漏", category: "safety", '
        'reporter: "p-00005", at: "2026-11-01")',
        'acceptProblem(uid: "pb-9", owner: "p-00005", at: "2026-11-02")',
        'resolveProblem(uid: "pb-9", resolution: "更换垫片", at: "2026-11-03")',
        'closeProblem(uid: "pb-9", byPerson: "p-00004", at: "2026-11-04")',
        'findHazard(uid: "hz-9", riskPoint: "rp-00001", title: "压力表失灵", severity: "general", '
        'at: "2026-11-01")',
        'assignHazard(uid: "hz-9", owner: "p-00005", deadline: "2026-11-30", at: "2026-11-02")',
        'startHazard(uid: "hz-9", at: "2026-11-03")',
        'hazardRectified(uid: "hz-9", at: "2026-11-04")',
        'verifyHazard(uid: "hz-9", byPerson: "p-00004", at: "2026-11-05")',
        'closeHazard(uid: "hz-9", at: "2026-11-06")',
    ]
    operations = []
    for step in steps:
        done = data(client, f"mutation {{ {step} {{ operation after }} }}")
        operations.append(next(iter(done.values()))["operation"])
    assert operations == [
        "problem.report", "problem.accept", "problem.resolve", "problem.close", "hazard.find",
        "hazard.assign", "hazard.start", "hazard.rectified", "hazard.verify", "hazard.close",
    ]  # fmt: skip
    states = data(
        client,
        """{ node(id: "UHJvYmxlbTpwYi05") { ... on Problem { status } }
                             hazards(filter: {status: ["closed"]}) { nodes { uid } } }""",
    )
    assert states["node"] == {"status": "closed"}
    assert {"uid": "hz-9"} in states["hazards"]["nodes"]
    again = post(client, 'mutation { acceptProblem(uid: "pb-9", owner: "p-00005") { uid } }')
    error = only_error(again)
    assert error["extensions"]["code"] == "BAD_INPUT" and "closed" in error["message"]


def test_a_head_changes_only_inside_their_subtree(client: TestClient, grid: FalkorDBEngine) -> None:
    as_role(client, grid, "head", "p-00003")  # heads net-l4-001
    inside = data(client, 'mutation { assignOwner(uid: "eq-000001", person: "p-00005") { uid } }')
    assert inside["assignOwner"]["uid"] == "eq-000001"
    refused = {
        'mutation { assignOwner(uid: "eq-000099", person: "p-00005") { uid } }': "NOT_FOUND",
        'mutation { assignOwner(uid: "eq-000001", person: "p-00099") { uid } }': "NOT_FOUND",
        'mutation { moveUnit(unit: "net-l3-01", parent: "net-l2") { uid } }': "FORBIDDEN",
        'mutation { assignHead(unit: "net-l3-01", person: "p-00003") { uid } }': "FORBIDDEN",
        'mutation { createNode(kind: Area, props: {uid: "a-9", name: "x"}) { uid } }': "BAD_INPUT",
        'mutation { createUser(username: "x1", role: "admin", password: "long enough pw") '
        "{ username } }": "FORBIDDEN",
    }  # fmt: skip
    before = fingerprint(grid)
    for mutation, expected in refused.items():
        assert code(post(client, mutation)) == expected, mutation
    assert fingerprint(grid) == before
    placed = data(
        client,
        """mutation { createNode(kind: Area, cell: "cell-0002",
        props: {uid: "area-9", name: "新区域"}) { uid node { ... on Area { cell { uid } } } } }""",
    )
    assert placed["createNode"]["node"] == {"cell": {"uid": "cell-0002"}}


def test_planners_change_nothing_and_members_only_report(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_role(client, grid, "planner", None)
    assert code(post(client, 'mutation { retireNode(kind: Equipment, uid: "eq-000001", '
                             'reason: "scrapped") { uid } }')) == "FORBIDDEN"  # fmt: skip
    as_role(client, grid, "member", "p-00005")  # placed in cell-0001's micro-cell
    report = """mutation($cell: String!) { reportProblem(uid: "pb-m", cell: $cell, title: "建议",
      category: "suggestion", anonymous: true) { operation } }"""
    assert code(post(client, report, {"cell": "cell-0003"})) == "NOT_FOUND"
    assert data(client, report, {"cell": "cell-0001"})["reportProblem"]["operation"]
    assert code(post(client, 'mutation { acceptProblem(uid: "pb-m", owner: "p-00005") '
                             "{ uid } }")) == "FORBIDDEN"  # fmt: skip


def test_admins_create_accounts_and_issue_tokens(client: TestClient) -> None:
    made = data(
        client,
        """mutation { createUser(username: "li.qiang", role: "head",
        person: "p-00005", password: "a long password") { username role person active } }""",
    )
    assert made["createUser"] == {"username": "li.qiang", "role": "head", "person": "p-00005",
                                  "active": True}  # fmt: skip
    token = data(client, 'mutation { issueToken(username: "li.qiang", hours: 1) { token } }')
    client.headers["Authorization"] = f"Bearer {token['issueToken']['token']}"
    assert data(client, "{ me { username role } }")["me"] == {"username": "li.qiang",
                                                               "role": "head"}  # fmt: skip


FIELDS = st.sampled_from(
    ["assignOwner(uid: $a, person: $b)", "assignHead(unit: $a, person: $b)",
     "moveUnit(unit: $a, parent: $b)", "moveMember(person: $a, microCell: $b)",
     "updateNode(kind: Equipment, uid: $a, patch: $p)", "createNode(kind: Cell, props: $p)",
     "retireNode(kind: Net, uid: $a, reason: $b)", "acceptProblem(uid: $a, owner: $b)",
     "assignOfficer(cell: $a, role: $b, person: $b)", "mergeCells(source: $a, target: $b)"]
)  # fmt: skip
VALID = {"net-l2", "cell-0001", "eq-000001", "p-00005"}
JUNK = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "zz-nope", "net-l2", "cell-0001", "eq-000001", "p-00005", "\x00", "'"]),
)
PATCH = st.dictionaries(
    st.sampled_from(["uid", "name", "category", "colour", "rev", "level", "mode"]),
    st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3)),
    max_size=4,
)


def test_a_thousand_malformed_mutations_change_nothing(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_role(client, grid, "head", "p-00003")
    before = fingerprint(grid)

    @settings(max_examples=1000, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(field=FIELDS, a=JUNK, b=JUNK, p=PATCH)
    def malformed(field: str, a: str, b: str, p: dict[str, Any]) -> None:
        assume(not (a in VALID and b in VALID))  # two real uids might make a valid change
        if "uid" not in p and "createNode" in field:
            p = {**p, "uid": "eq-000001"}  # taken: creation must fail
        p = {**p, "name": ""} if "updateNode" in field else p  # a name may not be blank
        query = f"mutation($a: String!, $b: String!, $p: JSON!) {{ {field} {{ uid }} }}"
        variables = {"a": a, "b": b, "p": p}
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200
        assert response.json().get("errors"), (field, a, b, p, response.json())

    malformed()
    assert fingerprint(grid) == before
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_retired_node_leaves_the_lists_but_stays_readable(client: TestClient) -> None:
    retired = data(client, """mutation { retireNode(kind: Equipment, uid: "eq-000001",
        reason: "报废", at: "2026-11-20") { after node { ... on Equipment {
        retiredAt retiredReason owner { uid } } } } }""")["retireNode"]  # fmt: skip
    assert retired["node"] == {"retiredAt": "2026-11-20T00:00:00Z", "retiredReason": "报废",
                               "owner": None}  # fmt: skip
    listed = data(client, """{ now: equipment { nodes { uid } }
        all: equipment(includeRetired: true) { nodes { uid retiredAt } } }""")  # fmt: skip
    assert {"uid": "eq-000001"} not in listed["now"]["nodes"]
    assert {"uid": "eq-000001", "retiredAt": "2026-11-20T00:00:00Z"} in listed["all"]["nodes"]
    assert owner_in_trace(client, "eq-000001", "2026-11-19") == "p-00007"  # the past stands


def test_escalations_and_the_monthly_tally_are_readable(client: TestClient) -> None:
    for step in [
        'reportProblem(uid: "pb-e", cell: "cell-0001", title: "管线腐蚀", category: "safety", '
        'scale: "big", reporter: "p-00005", at: "2026-10-02")',
        'findHazard(uid: "hz-e", riskPoint: "rp-00001", title: "腐蚀", severity: "major", '
        'at: "2026-10-01")',
        'escalateHazard(uid: "hz-e", reason: "超期", at: "2026-10-20")',
    ]:
        data(client, f"mutation {{ {step} {{ operation }} }}")
    seen = data(client, """{ problem: node(id: "UHJvYmxlbTpwYi1l") { ... on Problem {
          escalations { holder { uid } since until } } }
        hazard: node(id: "SGF6YXJkOmh6LWU=") { ... on Hazard { escalations { holder { uid } } } }
        cell: node(id: "Q2VsbDpjZWxsLTAwMDE=") { ... on Cell {
          problemTally(month: "2026-10") { reported escalated } } } }""")  # fmt: skip
    assert seen["problem"]["escalations"][0]["holder"] == {"uid": "net-l4-001"}
    assert seen["hazard"]["escalations"] == [{"holder": {"uid": "net-l4-001"}}]
    assert seen["cell"]["problemTally"] == {"reported": 1, "escalated": 1}


def test_a_retired_object_is_history_not_a_gap(client: TestClient) -> None:
    query = '{ coverageGaps(rules: ["object_without_owner"]) { rules { findings { uid } } } }'
    before = data(client, query)["coverageGaps"]["rules"][0]["findings"]
    assert {"uid": "area-00001"} in before
    data(client, 'mutation { retireNode(kind: Area, uid: "area-00001", reason: "并入") { uid } }')
    after = data(client, query)["coverageGaps"]["rules"][0]["findings"]
    assert after == [f for f in before if f["uid"] != "area-00001"]
