"""The authority policy over HTTP on a writable copy of the seeded organisation: each
finding of issue 11 replayed as the attacker did it — the head of one level-4 net
(p-01575, net-l4-013 only) and an ordinary member — and refused, with nothing written.
What lies inside the head's units is computed from the dataset's rows (grid_oracle)."""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.graphql_client import data, gid, only_error, post, sign_in
from tests.api.grid_oracle import current, placed_people, subtree_cells

HEAD, NET = "p-01575", "net-l4-013"
ABOVE = "p-01875"  # head of net-l3-04, above the head's net
TOP = "p-02216"  # head of the level-2 net
STRANGER = "p-00001"  # placed in another branch
CELL = "cell-0041"  # one of the head's cells
MICRO_CELL = "mc-00201"  # one of the head's micro-cells
HAZARD = "hz-00821"  # a hazard in the head's cells

_copies = itertools.count(1)


@pytest.fixture(scope="module")
def grid(seeded: FalkorDBEngine, data_dir: Any) -> Iterator[FalkorDBEngine]:
    """A copy of the seeded scale-1 graph this module may write to."""
    name = f"authority{next(_copies)}"
    seeded.connection.execute_command("GRAPH.COPY", seeded.graph_name, name)
    engine = FalkorDBEngine(data_dir, graph_name=name)
    yield engine
    engine.clear()
    engine.close()


@pytest.fixture(scope="module")
def client(grid: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=grid)) as test_client:
        yield test_client


@pytest.fixture
def head(client: TestClient, grid: FalkorDBEngine) -> TestClient:
    sign_in(client, grid, role="head", person=HEAD)
    return client


def code(body: Any) -> str:
    return str(only_error(body)["extensions"]["code"])


CENSUS = """
MATCH (n) WITH count(n) AS nodes, sum(coalesce(n.rev, 0)) AS revs
MATCH ()-[r]->() WITH nodes, revs, count(r) AS rels,
     sum(CASE WHEN r.until IS NULL THEN 1 ELSE 0 END) AS open
RETURN nodes, revs, rels, open
"""


def census(grid: FalkorDBEngine) -> dict[str, int]:
    """Nodes, relationships, open ones and the sum of revisions: every change the API
    makes moves one of them (it appends an audit entry, if nothing else). The whole-graph
    fingerprint proves the same on small graphs (test_authority_property)."""
    return dict(grid.run(CENSUS, readonly=True)[0])


def refused(client: TestClient, grid: FalkorDBEngine, query: str, expected: set[str]) -> None:
    """``query`` is refused with one of ``expected`` codes and writes nothing."""
    before = census(grid)
    body = post(client, query)
    assert body.get("data") in (None, {}) or all(v is None for v in body["data"].values()), body
    assert code(body) in expected, body
    assert census(grid) == before


def test_the_premises_hold(seeded_dataset: Dataset) -> None:
    heads = {(r["a"], r["b"]) for r in current(seeded_dataset.relationships[
        ("Person", "HEAD_OF", "Net")])}  # fmt: skip
    assert {(HEAD, NET), (ABOVE, "net-l3-04"), (TOP, "net-l2")} <= heads
    cells = subtree_cells(seeded_dataset, NET)
    assert CELL in cells and STRANGER not in placed_people(seeded_dataset, cells)


# --- finding 1: person arguments are checked against the caller's reach ----------------


def test_a_head_cannot_pull_a_stranger_into_a_split_micro_cell(
    head: TestClient, grid: FalkorDBEngine
) -> None:
    query = f"""mutation {{ splitMicroCell(microCell: "{MICRO_CELL}",
      new: {{uid: "mc-evil", name: "x"}}, members: [], lead: "{STRANGER}") {{ operation }} }}"""
    refused(head, grid, query, {"NOT_FOUND"})


def test_a_head_cannot_report_in_someone_elses_name(
    head: TestClient, grid: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    inside = sorted(placed_people(seeded_dataset, subtree_cells(seeded_dataset, NET)))[0]
    for reporter, expected in (("p-00002", "NOT_FOUND"), (inside, "FORBIDDEN")):
        query = f"""mutation {{ reportProblem(uid: "pb-evil", cell: "{CELL}", title: "x",
          category: "safety", reporter: "{reporter}") {{ uid }} }}"""
        refused(head, grid, query, {expected})


@pytest.mark.parametrize(
    "mutation",
    [
        f'verifyHazard(uid: "{HAZARD}", byPerson: "{STRANGER}")',
        'closeProblem(uid: "pb-00129", byPerson: "p-00001")',
    ],
)
def test_a_head_acts_only_as_themselves(
    head: TestClient, grid: FalkorDBEngine, mutation: str
) -> None:
    refused(head, grid, f"mutation {{ {mutation} {{ uid }} }}", {"NOT_FOUND"})


def test_a_head_cannot_name_a_colleague_as_verifier(
    head: TestClient, grid: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    inside = sorted(placed_people(seeded_dataset, subtree_cells(seeded_dataset, NET)))[0]
    query = f'mutation {{ verifyHazard(uid: "{HAZARD}", byPerson: "{inside}") {{ uid }} }}'
    refused(head, grid, query, {"FORBIDDEN"})


# --- finding 2: nothing above or outside the head's subtree ------------------------------


@pytest.mark.parametrize(
    "mutation",
    [
        'updateNode(kind: Standard, uid: "std-g-002", patch: {title: "改"})',
        f'updateNode(kind: Person, uid: "{TOP}", patch: {{name: "改"}})',
        f'moveMember(person: "{ABOVE}", microCell: "{MICRO_CELL}")',
        f'retireNode(kind: Person, uid: "{ABOVE}", reason: "x")',
        f'retireNode(kind: Net, uid: "{NET}", reason: "x")',
        f'assignHead(unit: "{NET}", person: "{HEAD}")',
        f'moveUnit(unit: "{NET}", parent: "net-l3-01")',
        f'updateNode(kind: Person, uid: "{HEAD}", patch: {{name: "改"}})',
    ],
)
def test_a_head_changes_nothing_above_or_at_the_top_of_their_subtree(
    head: TestClient, grid: FalkorDBEngine, mutation: str
) -> None:
    refused(head, grid, f"mutation {{ {mutation} {{ operation }} }}", {"FORBIDDEN"})


def test_a_head_still_changes_what_lies_inside(
    head: TestClient, grid: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    cells = subtree_cells(seeded_dataset, NET)
    person = sorted(placed_people(seeded_dataset, cells))[1]
    equipment = sorted(
        r["a"] for r in seeded_dataset.relationships[("Equipment", "BELONGS_TO", "Cell")]
        if r["b"] == CELL
    )[0]  # fmt: skip
    query = (
        f"""mutation {{ assignOwner(uid: "{equipment}", person: "{person}") {{ after audit }} }}"""
    )
    change = data(head, query)["assignOwner"]
    assert change["after"] == {"owner": person} and change["audit"]
    mine = f'mutation {{ assignOwner(uid: "{equipment}", person: "{HEAD}") {{ after }} }}'
    assert data(head, mine)["assignOwner"]["after"] == {"owner": HEAD}


# --- finding 3: no self-appointment; the health instructor is an admin's act -------------


def test_nobody_appoints_themselves_and_heads_never_appoint_health_instructors(
    head: TestClient, grid: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    inside = sorted(placed_people(seeded_dataset, subtree_cells(seeded_dataset, NET)))[2]
    for person, role in ((HEAD, "health_instructor"), (inside, "health_instructor"),
                         (HEAD, "safety_supervisor")):  # fmt: skip
        query = f"""mutation {{ assignOfficer(cell: "{CELL}", role: "{role}",
          person: "{person}") {{ operation }} }}"""
        refused(head, grid, query, {"FORBIDDEN"})
    query = f'{{ node(id: "{gid("Person", STRANGER)}") {{ ... on Person {{ healthRecords {{ notes }} }} }} }}'  # noqa: E501
    assert code(post(head, query)) == "NOT_FOUND"


def test_an_admin_appoints_the_health_instructor_but_not_themselves(
    client: TestClient, grid: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    inside = sorted(placed_people(seeded_dataset, subtree_cells(seeded_dataset, NET)))[3]
    sign_in(client, grid, role="admin", person=TOP)
    self_query = f"""mutation {{ assignOfficer(cell: "{CELL}", role: "health_instructor",
      person: "{TOP}") {{ operation }} }}"""
    refused(client, grid, self_query, {"FORBIDDEN"})
    query = f"""mutation {{ assignOfficer(cell: "{CELL}", role: "health_instructor",
      person: "{inside}") {{ after }} }}"""
    assert data(client, query)["assignOfficer"]["after"]


# --- finding 4: createNode is one statement ---------------------------------------------


def count(grid: FalkorDBEngine, label: str) -> int:
    rows = grid.run(f"MATCH (n:{label}) RETURN count(n) AS n", readonly=True)  # type: ignore[arg-type]
    return int(rows[0]["n"])


@pytest.mark.parametrize("role", ["head", "admin"])
@pytest.mark.parametrize(
    ("kind", "props"),
    [
        ("Net", '{uid: "net-l4-evil", name: "evil", level: 4, kind: "fortress"}'),
        ("Person", '{uid: "p-evil", name: "evil", employee_no: "E-evil"}'),
    ],
)
def test_a_refused_create_writes_nothing(
    client: TestClient, grid: FalkorDBEngine, role: str, kind: str, props: str
) -> None:
    sign_in(client, grid, role=role, person=HEAD if role == "head" else None)
    before = count(grid, kind)
    query = f'mutation {{ createNode(kind: {kind}, props: {props}, cell: "{CELL}") {{ uid }} }}'
    refused(client, grid, query, {"BAD_INPUT", "FORBIDDEN"})
    assert count(grid, kind) == before


def test_a_head_creates_an_object_in_their_cell_in_one_step(head: TestClient) -> None:
    query = f"""mutation {{ createNode(kind: Equipment, props: {{uid: "eq-new-1", name: "分离器",
      category: "separator"}}, cell: "{CELL}") {{ operation after node {{ ... on Equipment {{
      cell {{ uid }} }} }} }} }}"""
    change = data(head, query)["createNode"]
    assert change["after"]["cell"] == CELL and change["node"]["cell"] == {"uid": CELL}


# --- finding 5: trace and impact only inside -------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        f'{{ trace(uid: "{ABOVE}") {{ chain {{ uid }} }} }}',
        f'{{ impact(personUid: "{ABOVE}") {{ uid }} }}',
        f'{{ impact(personUid: "{TOP}") {{ uid }} }}',
        f'{{ trace(uid: "{STRANGER}") {{ chain {{ uid }} }} }}',
    ],
)
def test_trace_and_impact_outside_the_subtree_look_unknown(head: TestClient, query: str) -> None:
    assert code(post(head, query)) == "NOT_FOUND"


def test_trace_and_impact_inside_still_answer(head: TestClient) -> None:
    chain = data(head, f'{{ trace(uid: "{HAZARD}") {{ chain {{ uid }} }} }}')["trace"]["chain"]
    assert {HEAD, ABOVE, TOP} <= {link["uid"] for link in chain}
    assert data(head, f'{{ impact(personUid: "{HEAD}") {{ uid }} }}')["impact"]


# --- finding 6: no existence oracles ----------------------------------------------------


def test_a_taken_uid_does_not_say_what_holds_it(head: TestClient) -> None:
    query = f"""mutation {{ createNode(kind: Equipment, props: {{uid: "hr-00001", name: "x",
      category: "separator"}}, cell: "{CELL}") {{ uid }} }}"""
    error = only_error(post(head, query))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "HealthRecord" not in str(error) and "already in use" in str(error)


def test_an_out_of_reach_id_costs_what_an_unknown_one_does(head: TestClient) -> None:
    """Interleaved, so that a change in the machine's load falls on both alike."""
    query = "query($id: ID!) { node(id: $id) { id } }"
    times: dict[str, list[float]] = {STRANGER: [], "p-99999": []}
    for round_ in range(220):
        for uid in times:
            started = time.perf_counter()
            body = post(head, query, {"id": gid("Person", uid)})
            if round_ >= 20:  # the first rounds warm both paths up
                times[uid].append((time.perf_counter() - started) * 1000)
            assert code(body) == "NOT_FOUND"
    outside, missing = (statistics.median(t) for t in times.values())
    assert abs(outside - missing) <= 0.2 * max(outside, missing), (outside, missing)


# --- finding 7: anonymous reports --------------------------------------------------------


def test_an_anonymous_report_names_nobody_to_investigators(
    client: TestClient, grid: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    member, cell = next(
        (r["a"], c["b"])
        for r in current(seeded_dataset.relationships[("Person", "MEMBER_OF", "MicroCell")])
        for c in seeded_dataset.relationships[("MicroCell", "PART_OF", "Cell")]
        if c["a"] == r["b"]
    )
    username = sign_in(client, grid, role="member", person=member)
    query = f"""mutation {{ reportProblem(uid: "pb-anon-1", cell: "{cell}", title: "有人违章",
      category: "safety", anonymous: true, scale: "big") {{ uid }} }}"""
    assert data(client, query)["reportProblem"]["uid"] == "pb-anon-1"
    sign_in(client, grid, role="investigator")
    entries = data(client, '{ history(uid: "pb-anon-1") { actor requestId before after } }')
    assert entries["history"] and {e["actor"] for e in entries["history"]} == {"anonymous"}
    assert member not in str(entries) and username not in str(entries)
    assert not data(client, f'{{ audit(actor: "{username}") {{ uid }} }}')["audit"]


# --- health records: every read is audited, for admins only ------------------------------


def test_reading_health_records_is_audited_for_admins(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    reader = sign_in(client, grid, role="admin")
    query = f'{{ node(id: "{gid("Person", STRANGER)}") {{ ... on Person {{ healthRecords {{ uid }} }} }} }}'  # noqa: E501
    records = data(client, query)["node"]["healthRecords"]
    trail = data(client, f'{{ history(uid: "{STRANGER}") {{ actor operation after }} }}')
    assert trail["history"][0] == {
        "actor": reader, "operation": "read_health_records", "after": {"records": len(records)},
    }  # fmt: skip
    sign_in(client, grid, role="investigator")
    trail = data(client, f'{{ history(uid: "{STRANGER}") {{ operation }} }}')["history"]
    assert "read_health_records" not in {e["operation"] for e in trail}
