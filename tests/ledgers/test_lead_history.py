"""A micro-cell's lead placed in another micro-cell at any step of a history the import gives
(issue 12): every dated change of a membership is checked against the leads of the same
import, not only the last one. Before, a lead moved out and back within one changes ledger
was never reported, though ``microcell_lead_not_member`` holds for the months between."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import write_csv
from tests.ledgers.test_import_errors import problems

EARLY = "2024-12-01T00:00:00Z"
AS_OF = "2026-06-01T00:00:00Z"
WARNING = (
    "changes.csv, row 2, column target: p-1 leads micro-cell mc-1 (row 2 of microcells.csv) "
    "but is placed in mc-2 here from 2025-03-01T00:00:00Z to 2025-06-01T00:00:00Z: a person "
    "is in exactly one micro-cell"
)


@pytest.fixture
def early(engine: Engine, base_dir: Path) -> ImportReport:
    """The small organisation imported at ``EARLY``: p-1 leads mc-1 and is in it."""
    return import_ledgers(engine, [base_dir], as_of=EARLY)


def _files(tmp_path: Path, lead_since: str = "") -> list[Path]:
    """mc-1 led by p-1 (from ``lead_since``, or unsaid), and p-1 moved to mc-2 for three
    months in 2025 and back."""
    microcells = [
        ["uid", "name", "cell", "lead", "lead_since"],
        ["mc-1", "王建国微格", "cell-1", "p-1", lead_since],
    ]
    changes = [
        ["subject", "link", "target", "since"],
        ["p-1", "microcell", "mc-2", "2025-03-01"],
        ["p-1", "microcell", "mc-1", "2025-06-01"],
    ]
    return [
        write_csv(tmp_path / "microcells.csv", microcells),
        write_csv(tmp_path / "changes.csv", changes),
    ]


def test_a_lead_placed_elsewhere_for_a_while_is_reported(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    files = _files(tmp_path)
    assert problems(engine, files, as_of=AS_OF, strict=True) == [WARNING]
    report = import_ledgers(engine, files, as_of=AS_OF)
    assert [str(w) for w in report.warnings] == [f"{WARNING} (gap rule microcell_lead_not_member)"]


def test_a_lead_who_began_after_the_move_back_is_not(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    """mc-1's lead dated after p-1's months in mc-2: no overlap, nothing to report."""
    engine.run("MATCH (:Person {uid: 'p-1'})-[r:LEADS]->(:MicroCell {uid: 'mc-1'}) DELETE r")
    report = import_ledgers(engine, _files(tmp_path, "2025-07-01"), as_of=AS_OF)
    assert report.warnings == []
