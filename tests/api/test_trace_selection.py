"""The trace and impact root fields read only what the query selects: the chain alone costs
one chain walk, a part costs a statement only when selected (through fragments too), and
every part answered is the one the whole trace gives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, sign_in

WHOLE = """query($uid: String!) { trace(uid: $uid, asOf: "2026-11-15") {
  uid chain { role uid since until }
  officers { role holder { uid } } duties { uid missing assignee { uid } }
  standards { uid guidanceCode } gaps { code uid } complete } }"""
CHAIN = """query($uid: String!) { trace(uid: $uid, asOf: "2026-11-15") {
  uid chain { role uid since until } } }"""
OFFICERS = """query($uid: String!) { trace(uid: $uid, asOf: "2026-11-15") {
  chain { role uid since until } officers { role holder { uid } } } }"""
COMPLETE_BY_FRAGMENT = """query($uid: String!) { trace(uid: $uid, asOf: "2026-11-15") {
  ...Verdict } }
fragment Verdict on TraceType { uid ... on TraceType { complete } }"""
SUBJECTS = ("eq-000001", "hz-00001", "rp-00001", "pb-00001", "p-00001")


@pytest.fixture(scope="module")
def client(seeded: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=seeded)) as test_client:
        sign_in(test_client, seeded)
        data(test_client, "{ me { username } }")  # the account is read (and kept) first
        yield test_client


def _trips(engine: FalkorDBEngine, client: TestClient, query: str, uid: str) -> tuple[int, Any]:
    start = engine.round_trips
    answer = data(client, query, {"uid": uid})["trace"]
    return engine.round_trips - start, answer


@pytest.mark.parametrize("uid", SUBJECTS)
def test_each_selection_answers_what_the_whole_trace_answers(
    client: TestClient, seeded: FalkorDBEngine, uid: str
) -> None:
    whole_trips, whole = _trips(seeded, client, WHOLE, uid)
    chain_trips, chain = _trips(seeded, client, CHAIN, uid)
    officer_trips, officers = _trips(seeded, client, OFFICERS, uid)
    assert chain == {"uid": uid, "chain": whole["chain"]}
    assert officers == {"chain": whole["chain"], "officers": whole["officers"]}
    assert chain_trips == whole_trips == officer_trips - 1


def test_a_part_selected_through_fragments_is_read(
    client: TestClient, seeded: FalkorDBEngine
) -> None:
    _, whole = _trips(seeded, client, WHOLE, "eq-000001")
    _, verdict = _trips(seeded, client, COMPLETE_BY_FRAGMENT, "eq-000001")
    assert verdict == {"uid": "eq-000001", "complete": whole["complete"]}


def test_impact_reads_the_subtree_only_when_selected(
    client: TestClient, seeded: FalkorDBEngine
) -> None:
    head = seeded.run(
        "MATCH (p:Person)-[h:HEAD_OF]->(:Net {level: 3}) WHERE h.until IS NULL "
        "RETURN p.uid AS uid ORDER BY uid LIMIT 1",
        readonly=True,
    )[0]["uid"]
    costs = {}
    answers = {}
    for name, selection in (("with", "subtree { cells members }"), ("without", "")):
        query = f'{{ impact(personUid: "{head}") {{ uid counts {{ post count }} {selection} }} }}'
        start = seeded.round_trips
        answers[name] = data(client, query)["impact"]
        costs[name] = seeded.round_trips - start
    assert answers["with"]["subtree"]["cells"] > 0
    assert answers["with"]["counts"] == answers["without"]["counts"]
    assert costs["without"] == costs["with"] - 1
