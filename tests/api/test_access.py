"""Access control over HTTP on the seeded organisation: tokens and logins, and the scope
of each role. The scope-leak suite signs in as the head of one level-4 net and tries every
root field, nested fields, filters, search, trace and gaps on another branch: nothing
outside the head's reach may come back. What is "inside" is computed from the dataset's
rows (tests/api/grid_oracle.py), not by the code under test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.graphql_client import TEST_PASSWORD, data, gid, only_error, post, sign_in
from tests.api.grid_oracle import (
    chain,
    current,
    in_cells,
    placed_people,
    subtree_cells,
    subtree_nets,
    uids_in,
)
from writes.accounts import update_user
from writes.audit import Actor

BY_CELL = {
    "Equipment": "BELONGS_TO", "Area": "BELONGS_TO", "WorkItem": "BELONGS_TO",
    "RiskList": "BELONGS_TO", "RiskPoint": "BELONGS_TO", "Hazard": "BELONGS_TO",
    "Duty": "BELONGS_TO", "Problem": "RAISED_IN", "MicroCell": "PART_OF",
    "Assessment": "ASSESSES", "Visit": "VISITED", "TrainingSession": "TRAINED",
    "DataSource": "FEEDS",
}  # fmt: skip


def heads_now(dataset: Dataset) -> dict[str, set[str]]:
    """Person → the nets and cells they head now."""
    posts: dict[str, set[str]] = {}
    for key in [("Person", "HEAD_OF", "Net"), ("Person", "HEAD_OF", "Cell")]:
        for row in current(dataset.relationships[key]):
            posts.setdefault(row["a"], set()).add(row["b"])
    return posts


class Branch:
    """The reach of a head of exactly one level-4 net, computed from the dataset."""

    def __init__(self, dataset: Dataset, net: str, head: str) -> None:
        self.net, self.head = net, head
        self.cells = subtree_cells(dataset, net)
        self.nets = subtree_nets(dataset, net)
        self.ancestors = set(chain(dataset, net)) - {net}
        units = self.cells | self.nets | self.ancestors
        headed = {p for p, posts in heads_now(dataset).items() if posts & units}
        self.people = placed_people(dataset, self.cells) | headed | {head}
        self.by_label = {
            label: in_cells(dataset, label, rel, self.cells) for label, rel in BY_CELL.items()
        }
        by_net = [("Process", "IN_NET"), ("TackleTeam", "IN_NET"), ("PartnerOrg", "LINKED_WITH")]
        for label, rel in by_net:
            rows = dataset.relationships[(label, rel, "Net")]
            self.by_label[label] = {r["a"] for r in rows if r["b"] in self.nets}
        reference = {n["uid"] for label in ("Standard", "Agreement") for n in dataset.nodes[label]}
        self.universe = (
            self.cells | self.nets | self.ancestors | self.people | reference
            | set().union(*self.by_label.values())
        )  # fmt: skip


@pytest.fixture(scope="module")
def dataset(seeded_dataset: Dataset) -> Dataset:
    return seeded_dataset


@pytest.fixture(scope="module")
def mine(dataset: Dataset) -> Branch:
    levels = {n["uid"]: n["level"] for n in dataset.nodes["Net"]}
    for person, posts in sorted(heads_now(dataset).items()):
        if len(posts) == 1 and levels.get(next(iter(posts))) == 4:
            net = next(iter(posts))
            if in_cells(dataset, "Equipment", "BELONGS_TO", subtree_cells(dataset, net)):
                return Branch(dataset, net, person)
    raise AssertionError("the seed has no head of exactly one level-4 net")


@pytest.fixture(scope="module")
def other(dataset: Dataset, mine: Branch) -> Branch:
    """A level-4 net under another level-3 net than ``mine``."""
    mine_l3 = next(iter(set(chain(dataset, mine.net)) & {n["uid"] for n in dataset.nodes["Net"]
                                                       if n["level"] == 3}))  # fmt: skip
    for net in sorted(n["uid"] for n in dataset.nodes["Net"] if n["level"] == 4):
        if mine_l3 not in chain(dataset, net):
            branch = Branch(dataset, net, "nobody")
            if all(branch.by_label[k] for k in ("Equipment", "Hazard", "Problem", "RiskPoint")):
                return branch
    raise AssertionError("no second branch with objects")


@pytest.fixture
def app(seeded: FalkorDBEngine) -> Any:
    # The deep walks below may ask for millions of objects (pages of 100 nested four deep):
    # what they test is reach, not the cost budget (tests/api/test_cost_limits.py).
    return create_app(Settings(max_page_size=100, max_query_cost=10**9), engine=seeded)


@pytest.fixture
def as_head(app: Any, seeded: FalkorDBEngine, mine: Branch) -> Iterator[TestClient]:
    with TestClient(app) as client:
        sign_in(client, seeded, role="head", person=mine.head)
        yield client


def no_leak(answer: Any, branch: Branch) -> None:
    leaked = uids_in(answer) - branch.universe
    assert not leaked, f"outside the reach: {sorted(leaked)[:10]}"


# --- tokens and logins ---------------------------------------------------------------


def test_without_a_token_only_the_probes_answer(app: Any) -> None:
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/version").status_code == 401
        response = client.post("/graphql", json={"query": "{ stats { totalNodes } }"})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert client.get("/graphiql").status_code == 200  # the IDE page itself holds no data


def _forged(key: str, **claims: Any) -> str:
    now = datetime.now(UTC)
    payload = {"sub": "test-admin", "iat": now, "exp": now + timedelta(hours=1), "jti": "x"}
    return jwt.encode(payload | claims, key, algorithm="HS256")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda key: "garbage", "invalid token"),
        (lambda key: _forged("another key entirely, longer than 32 bytes"), "invalid token"),
        (lambda key: _forged(key, exp=datetime.now(UTC) - timedelta(seconds=5)), "token expired"),
        (lambda key: _forged(key, sub="nobody-at-all"), "invalid token"),
        (lambda key: jwt.encode({"sub": "test-admin"}, key, algorithm="HS256"), "invalid token"),
        (
            lambda key: jwt.encode(
                {"sub": "test-admin", "exp": 9e9, "iat": 0, "jti": "x"}, None, algorithm="none"
            ),
            "invalid token",
        ),
    ],
    ids=["garbage", "other-key", "expired", "unknown-user", "no-expiry", "alg-none"],
)
def test_bad_tokens_are_refused(app: Any, seeded: FalkorDBEngine, make: Any, reason: str) -> None:
    with TestClient(app) as client:
        sign_in(client, seeded)  # the account exists; the token is what is wrong
        token = make(app.state.signing_key)
        response = client.post(
            "/graphql",
            json={"query": "{ me { username } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 401
    assert response.json() == {"detail": reason}


def test_a_deactivated_account_is_locked_out_at_once(seeded: FalkorDBEngine) -> None:
    # Deactivated elsewhere (as the command line does): at once only without the account cache,
    # which test_account_cache.py shows ends the token within its TTL.
    app = create_app(Settings(account_cache_s=0), engine=seeded)
    with TestClient(app) as client:
        username = sign_in(client, seeded, role="investigator")
        assert data(client, "{ me { username role } }")["me"]["role"] == "investigator"
        update_user(seeded, Actor("tests"), username, active=False)
        try:
            assert client.post("/graphql", json={"query": "{ me { role } }"}).status_code == 401
        finally:
            update_user(seeded, Actor("tests"), username, active=True)


def test_login_gives_a_working_token_and_throttles_guessing(
    seeded: FalkorDBEngine,
) -> None:
    settings = Settings(login_max_failures=3, login_lockout_s=600)
    with TestClient(create_app(settings, engine=seeded)) as client:
        username = sign_in(client, seeded, role="planner")
        client.headers.pop("Authorization")
        form = {"username": username, "password": TEST_PASSWORD}
        issued = client.post("/auth/token", data=form).json()
        assert issued["token_type"] == "bearer" and issued["expires_in"] > 0
        me = client.post(
            "/graphql",
            json={"query": "{ me { username } }"},
            headers={"Authorization": f"Bearer {issued['access_token']}"},
        ).json()
        assert me == {"data": {"me": {"username": username}}}
        wrong = client.post("/auth/token", data={**form, "password": "not the password"})
        unknown = client.post("/auth/token", data={"username": "ghost", "password": "whatever1"})
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json() == unknown.json() == {"detail": "wrong name or password"}
        for _ in range(2):
            client.post("/auth/token", data={**form, "password": "not the password"})
        locked = client.post("/auth/token", data=form)  # right password, too many failures
        assert locked.status_code == 401 and "too many" in locked.json()["detail"]


# --- the scope of a head -------------------------------------------------------------


def test_a_heads_lists_hold_exactly_their_subtree(as_head: TestClient, mine: Branch) -> None:
    page = data(
        as_head,
        """{ equipment(first: 100) { totalCount nodes { uid } }
             hazards(first: 100) { totalCount }
             cells(first: 100) { totalCount nodes { uid } }
             nets(first: 100) { nodes { uid } }
             people(first: 1) { totalCount } }""",
    )
    assert page["equipment"]["totalCount"] == len(mine.by_label["Equipment"])
    assert page["hazards"]["totalCount"] == len(mine.by_label["Hazard"])
    assert {c["uid"] for c in page["cells"]["nodes"]} == mine.cells
    assert {n["uid"] for n in page["nets"]["nodes"]} == mine.nets | mine.ancestors
    assert page["people"]["totalCount"] == len(mine.people)


def test_another_branch_is_invisible_through_every_root_field(
    as_head: TestClient, mine: Branch, other: Branch
) -> None:
    theirs = {
        "Equipment": min(other.by_label["Equipment"]),
        "Hazard": min(other.by_label["Hazard"]),
        "Problem": min(other.by_label["Problem"]),
        "RiskPoint": min(other.by_label["RiskPoint"]),
        "Cell": min(other.cells),
        "Net": other.net,
    }
    for kind, uid in theirs.items():
        body = post(as_head, "query($id: ID!) { node(id: $id) { uid } }", {"id": gid(kind, uid)})
        assert only_error(body)["extensions"]["code"] == "NOT_FOUND", (kind, body)
    ids = [gid(kind, uid) for kind, uid in theirs.items()]
    assert data(as_head, "query($ids: [ID!]!) { nodes(ids: $ids) { uid } }", {"ids": ids}) == {
        "nodes": [None] * len(ids)
    }
    refused = {
        f'{{ trace(uid: "{theirs["Equipment"]}") {{ uid }} }}': "NOT_FOUND",
        f'{{ trace(uid: "{theirs["Hazard"]}") {{ uid }} }}': "NOT_FOUND",
        f'{{ impact(personUid: "{min(other.people - mine.people)}") {{ uid }} }}'
        if other.people - mine.people else "{ impact(personUid: \"nobody\") { uid } }": "NOT_FOUND",
        f'{{ coverageGaps(net: "{other.net}") {{ total }} }}': "NOT_FOUND",
        f'{{ businessTree(uid: "{theirs["Cell"]}") {{ subject {{ uid }} }} }}': "NOT_FOUND",
        f'{{ equipment(filter: {{net: "{other.net}"}}) {{ totalCount }} }}': "NOT_FOUND",
        "{ analytics { asOf } }": "FORBIDDEN",
        f'{{ history(uid: "{theirs["Equipment"]}") {{ uid }} }}': "FORBIDDEN",
        '{ audit(actor: "tests") { uid } }': "FORBIDDEN",
    }  # fmt: skip
    for query, code in refused.items():
        assert only_error(post(as_head, query))["extensions"]["code"] == code, query


def test_nested_fields_search_trace_and_gaps_stay_inside(
    as_head: TestClient, seeded: FalkorDBEngine, dataset: Dataset, mine: Branch, other: Branch
) -> None:
    l2 = next(n["uid"] for n in dataset.nodes["Net"] if n["level"] == 2)
    deep = data(
        as_head,
        """query($id: ID!) { node(id: $id) { uid ... on Net { head { uid }
             children { uid head { uid } tackleTeams { uid members { uid } }
               children { uid processes { uid } cells(first: 100) { uid head { uid }
                 officers { person { uid } } microCells(first: 100) { uid members { uid } }
                 equipment(first: 100) { uid owner { uid duties(first: 100) { uid } } }
                 hazards(first: 100) { uid owner { uid } riskPoint { uid } } } } } } } }""",
        {"id": gid("Net", l2)},
    )
    no_leak(deep, mine)
    assert mine.net in uids_in(deep) and not (uids_in(deep) & other.cells)
    some_cell = min(mine.cells)
    reach_lists = data(
        as_head,
        """{ people(first: 100) { nodes { uid microCell { uid cell { uid } } headsNets { uid }
               leads { uid members { uid } } officerPosts { cell { uid } } } }
             riskPoints(first: 100) { nodes { uid hazards { uid } controlledBy { uid } } }
             problems(first: 100) { nodes { uid reporter { uid } owner { uid } } } }""",
    )
    no_leak(reach_lists, mine)
    other_cell = next(c for c in dataset.nodes["Cell"] if c["uid"] == min(other.cells))
    hits = data(
        as_head, 'query($t: String!) { search(text: $t, first: 50) { uid } }',
        {"t": other_cell["name"][:4]},
    )  # fmt: skip
    no_leak(hits, mine)
    with TestClient(as_head.app) as admin:  # the same search finds the other branch for an admin
        sign_in(admin, seeded)
        found = data(admin, "query($t: String!) { search(text: $t, first: 50) { uid } }",
                     {"t": other_cell["name"][:4]})  # fmt: skip
        assert uids_in(found) & other.universe - mine.universe
    own = min(mine.by_label["Equipment"])
    traced = data(
        as_head,
        f'{{ trace(uid: "{own}") {{ chain {{ uid }} officers {{ holder {{ uid }} }} '
        "duties { uid assignee { uid } } } }",
    )
    no_leak(traced, mine)
    gaps = data(as_head, "{ coverageGaps { net rules { findings(first: 100) { uid } } "
                         "rollup { nets { uid } cells { uid } } } }")  # fmt: skip
    assert gaps["coverageGaps"]["net"] == mine.net
    no_leak(gaps, mine)
    tree = data(as_head, f'{{ businessTree(uid: "{some_cell}") {{ subject {{ uid }} }} }}')
    assert tree["businessTree"]["subject"]["uid"] == some_cell
    me = data(as_head, "{ me { role units person { uid } } }")["me"]
    assert me == {"role": "head", "units": [mine.net], "person": {"uid": mine.head}}


# --- members and health records --------------------------------------------------------


def test_a_member_reads_their_own_records_only(
    app: Any, seeded: FalkorDBEngine, dataset: Dataset
) -> None:
    owned: dict[str, set[str]] = {}
    for row in current(dataset.relationships[("Equipment", "OWNED_BY", "Person")]):
        owned.setdefault(row["b"], set()).add(row["a"])
    person, theirs = min(owned.items(), key=lambda item: (-len(item[1]), item[0]))
    stranger = next(p for p in sorted(owned) if p != person)
    with TestClient(app) as client:
        sign_in(client, seeded, role="member", person=person)
        page = data(client, "{ equipment(first: 100) { nodes { uid } } people { nodes { uid } } }")
        assert {e["uid"] for e in page["equipment"]["nodes"]} == theirs
        assert page["people"]["nodes"] == [{"uid": person}]
        assert data(client, f'{{ trace(uid: "{min(theirs)}") {{ uid }} }}')["trace"]["uid"]
        other_device = min(owned[stranger] - theirs)
        for query, code in {
            f'{{ trace(uid: "{other_device}") {{ uid }} }}': "NOT_FOUND",
            "{ coverageGaps { total } }": "FORBIDDEN",
            f'{{ impact(personUid: "{person}") {{ uid }} }}': "FORBIDDEN",
            "{ analytics { asOf } }": "FORBIDDEN",
        }.items():
            assert only_error(post(client, query))["extensions"]["code"] == code, query


def test_health_records_for_the_person_their_instructor_and_admins_only(
    app: Any, seeded: FalkorDBEngine, dataset: Dataset
) -> None:
    rels = dataset.relationships
    records = {r["b"] for r in rels[("HealthRecord", "RECORD_OF", "Person")]}
    instructors = {
        r["b"]: r["a"]
        for r in current(rels[("Person", "OFFICER_OF", "Cell")])
        if r["role"] == "health_instructor"
    }
    micro_cell = {r["a"]: r["b"] for r in current(rels[("MicroCell", "PART_OF", "Cell")])}
    person, instructor = next(
        (r["a"], instructors[micro_cell[r["b"]]])
        for r in sorted(current(rels[("Person", "MEMBER_OF", "MicroCell")]), key=lambda r: r["a"])
        if r["a"] in records and micro_cell.get(r["b"]) in instructors
        and instructors[micro_cell[r["b"]]] != r["a"]
    )  # fmt: skip
    query = "query($id: ID!) { node(id: $id) { ... on Person { healthRecords { uid status } } } }"
    variables = {"id": gid("Person", person)}
    readers = [("admin", None), ("member", person), ("member", instructor)]
    for role, acting_as in readers:
        with TestClient(app) as client:
            sign_in(client, seeded, role=role, person=acting_as)
            found = data(client, query, variables)
            assert found["node"]["healthRecords"], (role, acting_as)
    head_of_cell = next(  # a head reaching the person, but not their health instructor
        r["a"] for r in current(rels[("Person", "HEAD_OF", "Cell")])
        if r["b"] == micro_cell[next(m["b"] for m in current(rels[("Person", "MEMBER_OF",
                                     "MicroCell")]) if m["a"] == person)] and r["a"] != instructor
    )  # fmt: skip
    with TestClient(app) as client:
        sign_in(client, seeded, role="head", person=head_of_cell)
        assert only_error(post(client, query, variables))["extensions"]["code"] == "FORBIDDEN"
    for role in ("planner", "investigator"):
        with TestClient(app) as client:
            sign_in(client, seeded, role=role)
            error = only_error(post(client, query, variables))
            assert error["extensions"]["code"] == "FORBIDDEN", role


def test_investigators_read_the_audit_trail_per_node_and_per_actor(
    app: Any, seeded: FalkorDBEngine
) -> None:
    with TestClient(app) as client:
        username = sign_in(client, seeded, role="investigator")
        update_user(seeded, Actor("tests", "req-42"), username, active=True)
        node = data(client, f'{{ history(uid: "user-{username}") {{ operation actor requestId '
                            "before after target targetKind } }")["history"]  # fmt: skip
        assert node[0] == {
            "operation": "user.update", "actor": "tests", "requestId": "req-42",
            "before": {"active": True}, "after": {"active": True},
            "target": f"user-{username}", "targetKind": "User",
        }  # fmt: skip
        assert node[-1]["operation"] == "user.create" and node[-1]["before"] is None
        by_actor = data(client, '{ audit(actor: "tests", since: "2000-01-01") { target } }')
        assert {"target": f"user-{username}"} in by_actor["audit"]
        assert "password" not in str(node) or "changed" in str(node)


def test_a_head_sees_the_units_they_head_by_name(
    as_head: TestClient, mine: Branch, dataset: Dataset
) -> None:
    me = data(as_head, "{ me { units headOf { uid ... on Net { name level } } } }")["me"]
    assert me["units"] == [mine.net]
    names = {n["uid"]: n["name"] for n in dataset.nodes["Net"]}
    assert me["headOf"] == [{"uid": mine.net, "name": names[mine.net], "level": 4}]


def test_the_limits_a_client_must_respect_are_readable(seeded: FalkorDBEngine) -> None:
    settings = Settings(max_body_bytes=4096, max_page_size=50, escalation_days=[1, 2, 3])
    with TestClient(create_app(settings, engine=seeded)) as client:
        sign_in(client, seeded, role="planner")
        query = "{ limits { bodyBytes pageSize stringLength escalationDays } }"
        assert data(client, query)["limits"] == {
            "bodyBytes": 4096, "pageSize": 50, "stringLength": 10_000, "escalationDays": [1, 2, 3],
        }  # fmt: skip


def test_a_heads_impact_counts_nothing_beneath_a_net_above_them(
    as_head: TestClient, mine: Branch, dataset: Dataset
) -> None:
    """The head of the level-3 net above may be asked about when they are also placed inside
    the branch (as the seed has them); the cells of that whole net are not the reader's: the
    impact counts only what lies beneath units inside the reader's reach."""
    levels = {n["uid"]: n["level"] for n in dataset.nodes["Net"]}
    above = next(net for net in chain(dataset, mine.net) if levels.get(net) == 3)
    boss = next(p for p, units in sorted(heads_now(dataset).items()) if above in units)
    assert boss in mine.people
    query = """query($p: String!) { impact(personUid: $p) {
      direct { post uid } subtree { cells microCells members objects { name count } } } }"""
    impact = data(as_head, query, {"p": boss})["impact"]
    assert {"post": "head", "uid": above} in impact["direct"]
    assert len(subtree_cells(dataset, above)) > len(mine.cells)  # there is something to hide
    assert impact["subtree"] == {"cells": 0, "microCells": 0, "members": 0, "objects": []}
    own = data(as_head, query, {"p": mine.head})["impact"]["subtree"]
    assert own["cells"] == len(mine.cells)
