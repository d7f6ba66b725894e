"""A ledger import that changes an object's cell closes the old ``BELONGS_TO`` and opens the
new one from its ``cell_since`` date (issue 12, defect 1), so traces as of an earlier date
keep the old cell; a date before the current cell began is refused. Before issue 12 the
import replaced the link and there was no ``cell_since`` column."""

from __future__ import annotations

from pathlib import Path

from graph.engine import Engine
from queries.accountability import trace
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import T0, holders, write_csv
from tests.ledgers.test_import_errors import problems

T1 = "2026-03-01T08:30:00Z"
DAY = "2026-02-15T00:00:00Z"


def _roles(engine: Engine, uid: str, as_of: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in trace(engine, uid, as_of).chain:
        found.setdefault(link.role, []).append(link.uid)
    return found


def test_a_ledger_import_moves_an_object_from_its_cell_since_date(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [["uid", "name", "category", "cell", "cell_since"]]
    ledger.append(["eq-1", "1号分离器", "separator", "cell-2", "2026-02-15"])
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=T1)

    assert report.relationships["opened"] == 1 and report.relationships["closed"] == 1
    assert holders(engine, "BELONGS_TO", "eq-1") == [("cell-1", T0, DAY), ("cell-2", DAY, None)]
    before = _roles(engine, "eq-1", "2026-02-14")
    assert (before["cell"], before["cell_head"]) == (["cell-1"], ["p-1"])
    after = _roles(engine, "eq-1", DAY)
    assert after["cell"] == ["cell-2"] and "cell_head" not in after


def test_a_ledger_cannot_date_a_move_before_the_current_cell_began(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [["uid", "name", "category", "cell", "cell_since"]]
    ledger.append(["eq-1", "1号分离器", "separator", "cell-2", "2025-12-01"])
    assert problems(engine, [write_csv(tmp_path / "equipment.csv", ledger)]) == [
        "equipment.csv, row 2, column cell_since: cell-1 holds this since 2026-01-01T00:00:00Z, "
        "after 2025-12-01T00:00:00Z: a new holder cannot start before the current one (history "
        "is never rewritten)",
    ]
