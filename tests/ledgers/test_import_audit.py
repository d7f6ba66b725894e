"""Imports are changes like any other: each node a ledger row changes gets one audit entry
(decision 0008) — its fields and every link the row opened, closed, added or removed,
before → after — written with the row; a re-import that changes nothing records nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from graph.errors import ValidationError
from queries.audit import by_actor, history
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import BASE, T0, write_csv
from writes.audit import Actor, audit_entries, audit_entry, check_targets

T1 = "2026-03-01T08:30:00Z"


def entries(engine: Engine) -> int:
    return int(engine.run("MATCH (a:AuditEntry) RETURN count(a) AS n", readonly=True)[0]["n"])


def test_a_created_node_has_one_entry_with_its_fields_and_links(
    engine: Engine, base: ImportReport
) -> None:
    [entry] = history(engine, "eq-1")  # an investigator sees what made it and whose it is
    assert (entry.operation, entry.target, entry.target_kind) == (
        "import.create",
        "eq-1",
        "Equipment",
    )
    assert entry.before is None
    assert entry.after == {
        "uid": "eq-1",
        "name": "1号分离器",
        "category": "separator",
        "tag": "SEP-001",
        "commissioned_on": "2021-05-10",
        "cell": [{"uid": "cell-1", "since": T0}],
        "area": [{"uid": "area-1"}],
        "owner": [{"uid": "p-2", "since": T0}],
        "standards": [{"uid": "std-u1", "since": T0}],
    }
    # one entry per node the import changed, not one per node and per relationship
    nodes = engine.run("MATCH (n:GridNode) WHERE NOT n:AuditEntry RETURN count(n) AS n")
    assert entries(engine) == nodes[0]["n"]


def test_posts_are_recorded_against_the_unit_whose_post_changes(
    engine: Engine, base: ImportReport
) -> None:
    after = {e.operation: e.after for e in history(engine, "cell-1")}["import.create"]
    assert after["head"] == [{"uid": "p-1", "since": T0}]
    assert after["safety_supervisor"] == [{"uid": "p-2", "since": T0, "role": "safety_supervisor"}]
    assert [p["uid"] for p in after["propagandist"]] == ["p-2", "p-3"]


def test_an_owner_change_by_ledger_is_one_entry_and_a_repeat_records_nothing(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [row[:] for row in BASE["equipment"]]
    ledger[1][7] = "p-3"  # eq-1: p-2 → p-3
    path = write_csv(tmp_path / "设备.csv", ledger)
    import_ledgers(engine, [path], as_of=T1, actor=Actor("cli:planner", None))
    [entry] = by_actor(engine, "cli:planner")  # the node row itself is unchanged
    assert (entry.operation, entry.target) == ("import.update", "eq-1")
    assert entry.before == {"owner": [{"uid": "p-2"}]}
    assert entry.after == {"owner": [{"uid": "p-2", "until": T1}, {"uid": "p-3", "since": T1}]}
    assert [e.operation for e in history(engine, "eq-1")] == ["import.update", "import.create"]
    count = entries(engine)
    import_ledgers(engine, [path], as_of="2026-04-01", actor=Actor("cli:planner", None))
    assert entries(engine) == count


def test_a_changed_field_and_a_replaced_plain_link_share_the_entry(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [row[:] for row in BASE["equipment"]]
    header = ledger[0]
    ledger[1][header.index("name")] = "1号分离器（新）"
    ledger[1][header.index("area")] = "area-2"
    areas = [*BASE["areas"], ["area-2", "新区", "station yard", "cell-1", "p-2", "std-u1"]]
    paths = [write_csv(tmp_path / "设备.csv", ledger), write_csv(tmp_path / "区域.csv", areas)]
    import_ledgers(engine, paths, as_of=T1, actor=Actor("cli:planner", None))
    entry = {e.target: e for e in by_actor(engine, "cli:planner")}["eq-1"]
    assert entry.operation == "import.update"
    assert entry.before == {"name": "1号分离器", "area": [{"uid": "area-1"}]}
    assert entry.after == {"name": "1号分离器（新）", "area": [{"uid": "area-2"}]}


def test_the_batch_builder_makes_the_entries_audit_entry_makes() -> None:
    actor, at = Actor("cli:planner", "req-1"), "2026-11-24T08:00:00Z"
    built = audit_entries(actor, at)("import.update", "eq-1", "Equipment", {"a": 1}, {"a": 2})
    one = audit_entry(
        actor, "import.update", "eq-1", "Equipment", before={"a": 1}, after={"a": 2}, at=at
    )
    assert built.keys() == one.keys()
    assert {k: v for k, v in built.items() if k != "uid"} == {
        k: v for k, v in one.items() if k != "uid"
    }


def test_the_targets_of_entries_made_while_writing_are_checked_first() -> None:
    """An import makes each row's entry as its batch is sent: ``check_targets`` (run before
    the first write) refuses what a later entry would, with the same error."""
    check_targets([("import.create", "eq-1"), ("import.update", " spaced ")])
    with pytest.raises(ValidationError) as raised:
        check_targets([("import.create", "eq-1"), ("import.update", "eq\0-2")])
    assert str(raised.value) == "import.update: actor.target: contains a NUL character"
    with pytest.raises(ValidationError) as built:
        audit_entries(Actor("cli:planner"), T1)("import.update", "eq\0-2", "Equipment", None, {})
    assert str(built.value) == str(raised.value)
