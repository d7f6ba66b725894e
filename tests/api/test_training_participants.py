"""``TrainingSession.participants``: the people who signed in (ATTENDED_BY, 培训签到), as a
training ledger imports them; ``attendees`` stays the head count."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.engine import Engine
from seed.ledgers import import_ledgers
from tests.api.graphql_client import data, gid, sign_in
from tests.ledgers.conftest import T0, write_base, write_csv

QUERY = """query($id: ID!) { node(id: $id) { ... on TrainingSession {
  attendees trainer { uid } participants { uid name } few: participants(first: 1) { uid } } } }"""


def test_a_sessions_participants_are_the_people_who_signed_in(
    engine: Engine, tmp_path: Path
) -> None:
    training = [
        ["uid", "title", "kind", "held_on", "attendees", "trainer", "participants"],
        ["tr-1", "夜校", "night_school", "2026-02-11", 5, "p-1", "E1004;p-2"],
        ["tr-2", "讲座", "night_school", "2026-02-12", 3, "p-1", ""],
    ]
    write_csv(write_base(tmp_path / "ledgers") / "training.csv", training)
    import_ledgers(engine, [tmp_path / "ledgers"], as_of=T0)
    with TestClient(create_app(Settings(), engine=engine)) as client:
        sign_in(client, engine, role="admin")
        first = data(client, QUERY, {"id": gid("TrainingSession", "tr-1")})["node"]
        second = data(client, QUERY, {"id": gid("TrainingSession", "tr-2")})["node"]
    assert first == {
        "attendees": 5,
        "trainer": {"uid": "p-1"},
        "participants": [{"uid": "p-2", "name": "李秀英"}, {"uid": "p-4", "name": "赵敏"}],
        "few": [{"uid": "p-2"}],
    }
    assert second["participants"] == []
