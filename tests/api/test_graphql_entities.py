"""Entity types, root list fields, Relay ``node``/``nodes`` and the DataLoaders, over HTTP
against the seeded scale-1 organisation in the real embedded engine.

Expected answers are computed here from the generated dataset itself (plain Python over
its rows), never read back from the engine.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.graphql_client import data, gid, only_error, post, sign_in
from tests.api.grid_oracle import current, subtree_cells


@pytest.fixture(scope="module")
def dataset(seeded_dataset: Dataset) -> Dataset:
    return seeded_dataset


@pytest.fixture(scope="module")
def client(seeded: FalkorDBEngine) -> Iterator[TestClient]:
    settings = Settings(max_page_size=100, account_cache_s=0)  # the account read is counted
    with TestClient(create_app(settings, engine=seeded)) as test_client:
        sign_in(test_client, seeded)
        yield test_client


def uids_of(rows: list[dict[str, Any]], key: str = "uid") -> list[str]:
    return sorted(r[key] for r in rows)


# One query per root list field, written out so each field's test names it.
LIST_QUERIES: dict[str, tuple[str, str]] = {
    "Net": ("nets", "{ nets(first: 3) { totalCount nodes { uid name level kindZh } } }"),
    "Cell": ("cells", "{ cells(first: 3) { totalCount nodes { uid name modeZh } } }"),
    "MicroCell": ("microCells", "{ microCells(first: 3) { totalCount nodes { uid name } } }"),
    "Person": ("people", "{ people(first: 3) { totalCount nodes { uid name partyMember } } }"),
    "PartnerOrg": ("partnerOrgs", "{ partnerOrgs(first: 3) { totalCount nodes { uid kindZh } } }"),
    "Agreement": ("agreements", "{ agreements(first: 3) { totalCount nodes { uid signedOn } } }"),
    "Equipment": ("equipment", "{ equipment(first: 3) { totalCount nodes { uid categoryZh } } }"),
    "Area": ("areas", "{ areas(first: 3) { totalCount nodes { uid name } } }"),
    "WorkItem": ("workItems", "{ workItems(first: 3) { totalCount nodes { uid name } } }"),
    "Standard": ("standards", "{ standards(first: 3) { totalCount nodes { uid code levelZh } } }"),
    "Duty": ("duties", "{ duties(first: 3) { totalCount nodes { uid title } } }"),
    "Process": ("processes", "{ processes(first: 3) { totalCount nodes { uid kindZh } } }"),
    "DataSource": ("dataSources", "{ dataSources(first: 3) { totalCount nodes { uid kindZh } } }"),
    "RiskList": ("riskLists", "{ riskLists(first: 3) { totalCount nodes { uid post } } }"),
    "RiskPoint": ("riskPoints", "{ riskPoints(first: 3) { totalCount nodes { uid gradeZh } } }"),
    "Hazard": ("hazards", "{ hazards(first: 3) { totalCount nodes { uid statusZh } } }"),
    "Problem": ("problems", "{ problems(first: 3) { totalCount nodes { uid scaleZh } } }"),
    "TrainingSession": (
        "trainingSessions",
        "{ trainingSessions(first: 3) { totalCount nodes { uid kindZh } } }",
    ),
    "TackleTeam": ("tackleTeams", "{ tackleTeams(first: 3) { totalCount nodes { uid name } } }"),
    "Visit": ("visits", "{ visits(first: 3) { totalCount nodes { uid visitedOn } } }"),
    "Assessment": ("assessments", "{ assessments(first: 3) { totalCount nodes { uid score } } }"),
}


@pytest.mark.parametrize("label", sorted(LIST_QUERIES))
def test_every_kind_is_listed_by_uid_with_its_total(
    client: TestClient, dataset: Dataset, label: str
) -> None:
    field, query = LIST_QUERIES[label]
    page = data(client, query)[field]
    assert page["totalCount"] == len(dataset.nodes[label])
    assert [n["uid"] for n in page["nodes"]] == uids_of(dataset.nodes[label])[:3]


def test_equipment_filtered_by_category_within_a_net(client: TestClient, dataset: Dataset) -> None:
    cells = subtree_cells(dataset, "net-l3-01")
    in_cells = {r["a"] for r in dataset.relationships[("Equipment", "BELONGS_TO", "Cell")]
                if r["b"] in cells}  # fmt: skip
    expected = sorted(
        e["uid"]
        for e in dataset.nodes["Equipment"]
        if e["uid"] in in_cells and e["category"] in ("valve", "pipeline")
    )
    page = data(
        client,
        """{ equipment(first: 100, filter: {net: "net-l3-01", category: ["valve", "pipeline"]})
             { totalCount nodes { uid category } } }""",
    )["equipment"]
    assert page["totalCount"] == len(expected)
    assert [n["uid"] for n in page["nodes"]] == expected[:100]


def test_hazards_filtered_by_status_severity_and_date_range(
    client: TestClient, dataset: Dataset
) -> None:
    expected = sorted(
        h["uid"]
        for h in dataset.nodes["Hazard"]
        if h["status"] in ("closed", "verified")
        and h["severity"] == "general"
        and "2025-01-01" <= h["found_on"] <= "2025-06-30"
    )
    assert expected, "the seed should hold closed general hazards found in early 2025"
    page = data(
        client,
        """{ hazards(first: 100, filter: {status: ["closed", "verified"], severity: ["general"],
                    foundFrom: "2025-01-01", foundTo: "2025-06-30"})
             { totalCount nodes { uid status foundOn } } }""",
    )["hazards"]
    assert (page["totalCount"], [n["uid"] for n in page["nodes"]]) == (
        len(expected),
        expected[:100],
    )


def test_people_filtered_by_officer_role_and_party_membership(
    client: TestClient, dataset: Dataset
) -> None:
    mediators = {
        r["a"]
        for r in current(dataset.relationships[("Person", "OFFICER_OF", "Cell")])
        if r["role"] == "mediator"
    }
    party = {p["uid"] for p in dataset.nodes["Person"] if p["party_member"]}
    page = data(
        client,
        """{ people(first: 100, filter: {officerRole: ["mediator"], partyMember: true})
             { totalCount nodes { uid officerPosts { role } } } }""",
    )["people"]
    expected = sorted(mediators & party)
    assert page["totalCount"] == len(expected)
    assert [n["uid"] for n in page["nodes"]] == expected[:100]
    assert all("mediator" in {p["role"] for p in n["officerPosts"]} for n in page["nodes"])


def test_people_of_a_cell_are_those_placed_in_its_micro_cells(
    client: TestClient, dataset: Dataset
) -> None:
    micro = {r["a"] for r in current(dataset.relationships[("MicroCell", "PART_OF", "Cell")])
             if r["b"] == "cell-0001"}  # fmt: skip
    placed = current(dataset.relationships[("Person", "MEMBER_OF", "MicroCell")]) + current(
        dataset.relationships[("Person", "LEADS", "MicroCell")]
    )
    expected = sorted({r["a"] for r in placed if r["b"] in micro})
    page = data(client, '{ people(first: 100, filter: {net: "cell-0001"}) { nodes { uid } } }')
    assert [n["uid"] for n in page["people"]["nodes"]] == expected


def test_assessments_filtered_by_month_range(client: TestClient, dataset: Dataset) -> None:
    expected = sorted(
        a["uid"] for a in dataset.nodes["Assessment"] if "2026-03" <= a["month"] <= "2026-04"
    )
    page = data(
        client,
        '{ assessments(filter: {monthFrom: "2026-03", monthTo: "2026-04"}) { totalCount } }',
    )
    assert page["assessments"]["totalCount"] == len(expected)


def test_walking_forwards_and_backwards_visits_every_node_once(
    client: TestClient, dataset: Dataset
) -> None:
    expected = uids_of([n for n in dataset.nodes["Net"] if n["level"] == 3])
    query = """query($after: String, $before: String, $first: Int, $last: Int) {
      nets(filter: {level: 3}, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { uid } } } }"""
    forwards: list[str] = []
    after = None
    while True:
        page = data(client, query, {"first": 5, "after": after})["nets"]
        forwards += [e["node"]["uid"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert forwards == expected
    backwards: list[str] = []
    before = None
    while True:
        page = data(client, query, {"last": 4, "before": before})["nets"]
        backwards = [e["node"]["uid"] for e in page["edges"]] + backwards
        before = page["pageInfo"]["startCursor"]
        if not page["pageInfo"]["hasPreviousPage"]:
            break
    assert backwards == expected


def test_page_edges_empty_past_the_end_and_zero(client: TestClient) -> None:
    query = """query($first: Int, $after: String, $filter: HazardFilter) {
      hazards(first: $first, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor } } }"""
    empty = data(client, query, {"first": 5, "filter": {"foundFrom": "2099-01-01"}})["hazards"]
    assert empty == {
        "totalCount": 0,
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
        "edges": [],
    }
    total = data(client, query, {"first": 0})["hazards"]["totalCount"]
    last_cursor = base64.b64encode(f"arrayconnection:{total - 1}".encode()).decode()
    past = data(client, query, {"first": 5, "after": last_cursor})["hazards"]
    assert (past["edges"], past["pageInfo"]["hasNextPage"]) == ([], False)
    far = base64.b64encode(b"arrayconnection:999999").decode()
    assert data(client, query, {"first": 5, "after": far})["hazards"]["edges"] == []
    zero = data(client, query, {"first": 0})["hazards"]
    assert (zero["edges"], zero["pageInfo"]["hasNextPage"]) == ([], True)


def test_a_page_over_the_maximum_is_refused_naming_it(seeded: FalkorDBEngine) -> None:
    with TestClient(create_app(Settings(max_page_size=7), engine=seeded)) as capped:
        sign_in(capped, seeded)
        body = post(capped, "{ equipment(first: 1000) { edges { cursor } } }")
        default = data(capped, "{ equipment { pageInfo { hasNextPage } edges { cursor } } }")
    error = only_error(body)
    assert "data" not in body and error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["fields"] == [
        {"field": "first", "message": "at most 7 (REDGRID_MAX_PAGE_SIZE), not 1000"}
    ]
    assert len(default["equipment"]["edges"]) == 7, "a default above the cap is lowered to it"
    assert default["equipment"]["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("{ cells(first: 2, last: 2) { totalCount } }", "last"),
        ("{ cells(first: -1) { totalCount } }", "first"),
        ('{ cells(after: "not-a-cursor") { totalCount } }', "after"),
        ('{ hazards(filter: {status: ["fixed"]}) { totalCount } }', "status"),
        ('{ assessments(filter: {monthFrom: "2026-13"}) { totalCount } }', "monthFrom"),
    ],
)
def test_bad_paging_and_filter_arguments_are_bad_input(
    client: TestClient, query: str, field: str
) -> None:
    error = only_error(post(client, query))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert field in {f["field"] for f in error["extensions"]["fields"]}, error


def test_a_filter_value_of_the_wrong_type_is_a_bad_query(client: TestClient) -> None:
    error = only_error(post(client, '{ hazards(filter: {foundFrom: "soon"}) { totalCount } }'))
    assert error["extensions"]["code"] == "BAD_QUERY"
    assert "foundFrom" in error["message"] or "Date" in error["message"]


def test_an_unknown_net_filter_is_not_found(client: TestClient) -> None:
    error = only_error(post(client, '{ equipment(filter: {net: "net-nope"}) { totalCount } }'))
    assert error["extensions"]["code"] == "NOT_FOUND"


def test_node_round_trips_a_global_id(client: TestClient) -> None:
    cell = data(client, "{ cells(first: 1) { nodes { id uid name } } }")["cells"]["nodes"][0]
    assert base64.b64decode(cell["id"]).decode() == f"Cell:{cell['uid']}"
    found = data(client, "query($id: ID!) { node(id: $id) { id uid ... on Cell { name } } }",
                 {"id": cell["id"]})["node"]  # fmt: skip
    assert found == cell


def test_nodes_keep_the_order_asked_with_null_for_unknown(client: TestClient) -> None:
    ids = [gid("Person", "p-00002"), gid("Person", "nope"), gid("Cell", "p-00001"),
           gid("Net", "net-l2")]  # fmt: skip
    found = data(client, "query($ids: [ID!]!) { nodes(ids: $ids) { uid } }", {"ids": ids})
    assert found["nodes"] == [{"uid": "p-00002"}, None, None, {"uid": "net-l2"}]


@pytest.mark.parametrize(
    ("node_id", "code"),
    [
        ("bm9wZQ==", "BAD_INPUT"),  # base64 of "nope": no type
        ("%%%", "BAD_INPUT"),
        (gid("HealthRecord", "hr-00001"), "BAD_INPUT"),
        (gid("Person", "p-99999"), "NOT_FOUND"),
    ],
)
def test_node_with_a_bad_id_has_a_code(client: TestClient, node_id: str, code: str) -> None:
    body = post(client, "query($id: ID!) { node(id: $id) { uid } }", {"id": node_id})
    assert only_error(body)["extensions"]["code"] == code


def test_health_records_are_not_entities(client: TestClient) -> None:
    """No list, no node(id), no global id reaches a health record; only the guarded
    `Person.healthRecords` field does (tests/api/test_access.py)."""
    types = data(client, "{ __schema { types { name } } }")["__schema"]["types"]
    assert [t["name"] for t in types if "Health" in t["name"]] == ["HealthRecordType"]
    root = data(client, "{ __schema { queryType { fields { name } } } }")["__schema"]
    assert not [f["name"] for f in root["queryType"]["fields"] if "health" in f["name"].lower()]


def test_relationship_fields_follow_the_data(client: TestClient, dataset: Dataset) -> None:
    rels = dataset.relationships
    cell = data(
        client,
        """{ node(id: "Q2VsbDpjZWxsLTAwMDE=") { ... on Cell {
             uid head { uid } net { uid }
             officers { role person { uid } }
             microCells(first: 100) { uid }
             equipment(first: 5) { uid } } } }""",
    )["node"]
    assert cell["head"]["uid"] == min(
        r["a"] for r in current(rels[("Person", "HEAD_OF", "Cell")]) if r["b"] == "cell-0001"
    )
    assert cell["net"]["uid"] == next(
        r["b"] for r in current(rels[("Cell", "PART_OF", "Net")]) if r["a"] == "cell-0001"
    )
    officers = sorted(
        (r["role"], r["a"])
        for r in current(rels[("Person", "OFFICER_OF", "Cell")])
        if r["b"] == "cell-0001"
    )
    assert sorted((o["role"], o["person"]["uid"]) for o in cell["officers"]) == officers
    assert [m["uid"] for m in cell["microCells"]] == sorted(
        r["a"] for r in current(rels[("MicroCell", "PART_OF", "Cell")]) if r["b"] == "cell-0001"
    )
    assert [e["uid"] for e in cell["equipment"]] == sorted(
        r["a"] for r in rels[("Equipment", "BELONGS_TO", "Cell")] if r["b"] == "cell-0001"
    )[:5]


def test_owner_as_of_and_owner_history_keep_closed_assignments(
    client: TestClient, dataset: Dataset
) -> None:
    rows = dataset.relationships[("Equipment", "OWNED_BY", "Person")]
    closed = next(r for r in rows if r.get("until"))
    history = sorted((r for r in rows if r["a"] == closed["a"]), key=lambda r: (r["b"], r["since"]))
    node_id = gid("Equipment", closed["a"])
    found = data(
        client,
        """query($id: ID!, $at: String) { node(id: $id) { ... on Equipment {
             then: owner(asOf: $at) { uid }
             ownerHistory { holder { uid } since until } } } }""",
        {"id": node_id, "at": closed["since"]},
    )["node"]
    assert found["then"] == {"uid": closed["b"]}
    assert found["ownerHistory"] == [
        {"holder": {"uid": r["b"]}, "since": r["since"], "until": r.get("until")} for r in history
    ]


def test_anonymous_reporters_stay_hidden(client: TestClient, dataset: Dataset) -> None:
    anonymous = sorted(p["uid"] for p in dataset.nodes["Problem"] if p.get("anonymous"))[0]
    node_id = gid("Problem", anonymous)
    found = data(
        client,
        "query($id: ID!) { node(id: $id) { ... on Problem { anonymous reporter { uid } } } }",
        {"id": node_id},
    )["node"]
    assert found == {"anonymous": True, "reporter": None}


NESTED = """query($first: Int) {
  riskPoints(first: $first) { totalCount nodes {
    uid gradeZh riskList { name } hazards { title }
    owner { name microCell { name cell { name } } }
    cell { name head { name } net { name parent { name } } }
    controlledBy { title assignee { name } }
    ownerHistory { holder { name } since } } } }"""


def test_nested_lists_cost_one_round_trip_per_field_not_per_object(
    client: TestClient, seeded: FalkorDBEngine
) -> None:
    """No N+1: 100 risk points cost what 10 cost — the account of the token, the count, the
    page and one batched statement per relationship field (12 in NESTED)."""
    trips = {}
    for first in (10, 100):
        start = seeded.round_trips
        page = data(client, NESTED, {"first": first})["riskPoints"]
        trips[first] = seeded.round_trips - start
        assert len(page["nodes"]) == first
        assert all(n["owner"] and n["cell"]["head"] and n["controlledBy"] for n in page["nodes"])
    assert trips[10] == trips[100] == 1 + 2 + 12, trips  # the account, the page, the fields


def test_abusive_queries_are_refused_by_the_default_limits(client: TestClient) -> None:
    """Depth 12, 30 aliases and 2,000 tokens (the defaults) bound what one request asks."""
    deep = "{ cells { nodes { " + "net { parent { head { microCell { cell { " * 3 + "uid"
    deep += " } } } } }" * 3 + " } } }"
    aliases = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(31)) + " }"
    tokens = "{ cells { nodes { " + "uid " * 2100 + "} } }"
    for query, words in [
        (deep, "exceeds maximum operation depth"),
        (aliases, "aliases found"),
        (tokens, "more than 2000 tokens"),
    ]:
        error = only_error(post(client, query))
        assert error["extensions"]["code"] == "BAD_QUERY"
        assert words in error["message"], error["message"]
