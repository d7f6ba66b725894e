"""A ledger import that changes a problem's or hazard's status appends it to the status
history (issue 12), so the gap rules, the business-tree fruit and the monthly tally answer
as of an earlier date with the status then. Before, the import set the status alone and the
node read as if it had held its new status since it was reported or found."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from queries.business_tree.fruit import read_fruit
from queries.coverage import gaps
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import T0, write_csv
from tests.ledgers.test_import_errors import problems
from writes.workflows import monthly_problem_tally

PROBLEMS = ["uid", "title", "category", "status", "scale", "reported_on", "resolved_on", "cell"]
HAZARDS = ["uid", "title", "severity", "status", "found_on", "deadline", "closed_on", "cell"]
LATER = "2026-03-10T00:00:00Z"


def hz_1(status: str, closed_on: str = "") -> list[str]:
    """hz-1's hazards row (found 2025-12-01, deadline 2026-01-20) with ``status``."""
    return ["hz-1", "法兰渗漏", "general", status, "2025-12-01", "2026-01-20", closed_on, "cell-1"]


@pytest.fixture
def work(engine: Engine, base: ImportReport, tmp_path: Path) -> Path:
    """pb-1 accepted (reported 2025-12-10), hz-1 rectifying (found 2025-12-01, deadline
    2026-01-20) and hz-2 found (2025-12-05), imported at T0 without a status history."""
    folder = tmp_path / "work"
    write_csv(
        folder / "problems.csv",
        [PROBLEMS, ["pb-1", "阀门渗漏", "safety", "accepted", "small", "2025-12-10", "", "cell-1"]],
    )
    write_csv(
        folder / "hazards.csv",
        [
            HAZARDS,
            hz_1("rectifying"),
            ["hz-2", "井口锈蚀", "general", "found", "2025-12-05", "", "", "cell-1"],
        ],
    )
    import_ledgers(engine, [folder], as_of=T0)
    return folder


def history(engine: Engine, uid: str) -> list[str] | None:
    query = "MATCH (n:GridNode {uid: $uid}) RETURN n.status_history AS h"
    return engine.run(query, {"uid": uid}, readonly=True)[0]["h"]


def test_a_problem_closed_by_a_ledger_was_open_before_the_import(
    engine: Engine, work: Path, tmp_path: Path
) -> None:
    closed = [
        PROBLEMS,
        ["pb-1", "阀门渗漏", "safety", "closed", "small", "2025-12-10", "", "cell-1"],
    ]
    path = write_csv(tmp_path / "later" / "problems.csv", closed)
    import_ledgers(engine, [path], as_of=LATER)

    assert history(engine, "pb-1") == ["2025-12-10T00:00:00Z|accepted", f"{LATER}|closed"]
    assert read_fruit(engine, ["cell-1"], "2026-02-28").problems.solved == 0
    assert read_fruit(engine, ["cell-1"], "2026-03-31").problems.solved == 1
    assert monthly_problem_tally(engine, "cell-1", "2026-02").open == 1
    assert monthly_problem_tally(engine, "cell-1", "2026-03").open == 0
    again = import_ledgers(engine, [path], as_of="2026-04-01")
    assert again.kinds["problems"].unchanged == 1
    assert history(engine, "pb-1") == ["2025-12-10T00:00:00Z|accepted", f"{LATER}|closed"]


def test_a_hazard_rectified_by_a_ledger_stays_overdue_until_the_import(
    engine: Engine, work: Path, tmp_path: Path
) -> None:
    row = hz_1("rectified")
    import_ledgers(
        engine, [write_csv(tmp_path / "later" / "hazards.csv", [HAZARDS, row])], as_of=LATER
    )

    assert history(engine, "hz-1") == ["2025-12-01T00:00:00Z|rectifying", f"{LATER}|rectified"]
    overdue = gaps(engine, ["hazard_overdue"], as_of="2026-02-10").uids("hazard_overdue")
    assert overdue == ["hz-1"]
    assert gaps(engine, ["hazard_overdue"], as_of="2026-03-11").uids("hazard_overdue") == []


def test_a_closing_dated_in_the_same_row_begins_on_its_date(
    engine: Engine, work: Path, tmp_path: Path
) -> None:
    row = hz_1("closed", "2026-02-03")
    import_ledgers(
        engine, [write_csv(tmp_path / "later" / "hazards.csv", [HAZARDS, row])], as_of=LATER
    )

    assert history(engine, "hz-1") == [
        "2025-12-01T00:00:00Z|rectifying",
        "2026-02-03T00:00:00Z|closed",
    ]
    assert gaps(engine, ["hazard_overdue"], as_of="2026-01-25").uids("hazard_overdue") == ["hz-1"]
    assert gaps(engine, ["hazard_overdue"], as_of="2026-02-04").uids("hazard_overdue") == []


def test_a_status_change_that_would_rewrite_history_is_refused(
    engine: Engine, work: Path, tmp_path: Path
) -> None:
    rows = [
        HAZARDS,
        hz_1("closed", "2025-11-01"),
        ["hz-2", "井口锈蚀", "general", "closed", "2025-12-05", "", "2026-04-01", "cell-1"],
    ]
    assert problems(engine, [write_csv(tmp_path / "bad" / "hazards.csv", rows)], as_of=LATER) == [
        "hazards.csv, row 2, column closed_on: the recorded status rectifying began "
        "2025-12-01T00:00:00Z, after 2025-11-01T00:00:00Z: history is never rewritten",
        "hazards.csv, row 3, column closed_on: 2026-04-01 is after the import time "
        "2026-03-10T00:00:00Z",
    ]
    early = [
        PROBLEMS,
        ["pb-1", "阀门渗漏", "safety", "closed", "small", "2025-12-10", "", "cell-1"],
    ]
    path = write_csv(tmp_path / "early" / "problems.csv", early)
    assert problems(engine, [path], as_of="2025-12-01") == [
        "problems.csv, row 2, column status: the recorded status accepted began "
        "2025-12-10T00:00:00Z, after 2025-12-01T00:00:00Z: history is never rewritten",
    ]
