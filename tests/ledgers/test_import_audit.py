"""Imports are changes like any other: every row written lands in the audit trail, in the
statement that writes it; a re-import that changes nothing records nothing."""

from __future__ import annotations

from pathlib import Path

from graph.engine import Engine
from queries.audit import by_actor, history
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import BASE, write_csv
from writes.audit import Actor

T1 = "2026-03-01T08:30:00Z"


def entries(engine: Engine) -> int:
    return int(engine.run("MATCH (a:AuditEntry) RETURN count(a) AS n", readonly=True)[0]["n"])


def test_an_owner_change_by_ledger_is_audited_and_a_repeat_is_not(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    created = [e.operation for e in history(engine, "eq-1")]
    assert "import.create" in created  # the base import recorded what it made
    ledger = [row[:] for row in BASE["equipment"]]
    ledger[1][7] = "p-3"  # eq-1: p-2 → p-3
    path = write_csv(tmp_path / "设备.csv", ledger)
    import_ledgers(engine, [path], as_of=T1, actor=Actor("cli:planner", None))
    latest = {e.operation: e for e in by_actor(engine, "cli:planner")}
    assert latest["import.close"].target == "eq-1"
    assert latest["import.close"].before == {"owner": "p-2"}
    assert latest["import.close"].after == {"owner": "p-2", "until": T1}
    assert latest["import.open"].after == {"owner": "p-3", "since": T1}
    assert set(latest) == {"import.close", "import.open"}  # the node row itself is unchanged
    count = entries(engine)
    import_ledgers(engine, [path], as_of="2026-04-01", actor=Actor("cli:planner", None))
    assert entries(engine) == count
