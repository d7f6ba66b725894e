"""Problems and hazards show their escalation deadline (``escalatesOn``) by the server's
REDGRID_ESCALATION_DAYS, to whoever may see them — a reporter who sees no net included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, sign_in
from tests.api.test_graphql_analysis import build_grid

MATTERS = """{
  problems(filter: {status: ["reported", "accepted", "escalated", "resolved", "closed"]}) {
    nodes { uid escalatesOn } }
  hazards { nodes { uid escalatesOn } } }"""

MADE = {"pb-small", "pb-big", "pb-done", "hz-1"}


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    build_grid(engine)
    with TestClient(create_app(Settings(escalation_days=[2, 5, 9]), engine=engine)) as client:
        sign_in(client, engine)
        for step in [
            'reportProblem(uid: "pb-small", cell: "cell-0001", title: "围栏破损", '
            'category: "safety", reporter: "p-00005", at: "2026-10-02")',
            'reportProblem(uid: "pb-big", cell: "cell-0001", title: "管线腐蚀", '
            'category: "safety", scale: "big", reporter: "p-00005", at: "2026-10-02")',
            'reportProblem(uid: "pb-done", cell: "cell-0001", title: "路灯", '
            'category: "livelihood", reporter: "p-00005", at: "2026-10-02")',
            'acceptProblem(uid: "pb-done", owner: "p-00005", at: "2026-10-03")',
            'resolveProblem(uid: "pb-done", resolution: "已修", at: "2026-10-04")',
            'findHazard(uid: "hz-1", riskPoint: "rp-00001", title: "腐蚀", severity: "major", '
            'at: "2026-10-01")',
        ]:
            data(client, f"mutation {{ {step} {{ operation }} }}")
        yield client


def deadlines(client: TestClient) -> dict[str, str | None]:
    found = data(client, MATTERS)
    nodes = found["problems"]["nodes"] + found["hazards"]["nodes"]
    return {node["uid"]: node["escalatesOn"] for node in nodes if node["uid"] in MADE}


def test_deadlines_follow_the_configured_days_at_every_level(client: TestClient) -> None:
    assert deadlines(client) == {
        "pb-small": "2026-10-05",  # reported 10-02, 2 days at the cell
        "pb-big": "2026-10-08",  # at the level-4 net from 10-02, 5 days there
        "pb-done": None,  # resolved: no longer open
        "hz-1": "2026-10-04",  # found 10-01, 2 days at the cell
    }


def test_a_reporter_sees_the_deadline_of_their_report(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    sign_in(client, engine, role="member", person="p-00005")
    mine = data(client, "{ problems(filter: {reportedByMe: true}) { nodes { uid escalatesOn } } }")
    assert {n["uid"]: n["escalatesOn"] for n in mine["problems"]["nodes"]} == {
        "pb-small": "2026-10-05",
        "pb-big": "2026-10-08",
        "pb-done": None,
    }
