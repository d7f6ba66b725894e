"""Derivation cycles (issue 12): a standard that derives from itself, directly or through
others, is refused with an error naming the standards around the cycle, whether the cycle is
closed by the ledger alone, by the ledger and the database together, or by a changes ledger;
nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from seed.ledgers import ImportReport, LedgerError, import_ledgers
from seed.ledgers.derivations import derivation_cycle
from tests.graph_state import fingerprint
from tests.ledgers.conftest import write_csv

AS_OF = "2026-06-01"
HEADER = ["uid", "code", "title", "level", "dimension", "domain", "derived_from"]


def _refused(engine: Engine, path: Path) -> list[str]:
    before = fingerprint(engine)
    with pytest.raises(LedgerError) as caught:
        import_ledgers(engine, [path], as_of=AS_OF)
    assert fingerprint(engine) == before, "a refused import wrote something"
    return [str(issue) for issue in caught.value.issues]


def test_a_cycle_through_the_database_and_a_self_derivation_are_refused(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    """std-u1 (stored) derives from std-g1; the ledger makes std-u2 derive from std-u1 and
    std-g1 from std-u2, closing std-u2 → std-u1 → std-g1 → std-u2."""
    standards = [
        HEADER,
        ["std-u2", "TRQ/DW-00002", "单位标准二", "unit", "safety", "gathering", "std-u1"],
        ["std-g1", "TRQ/ZD-0001", "巡检指导标准", "guidance", "safety", "gathering", "std-u2"],
        ["std-u3", "TRQ/DW-00003", "单位标准三", "unit", "safety", "gathering", "TRQ/DW-00003"],
    ]
    assert _refused(engine, write_csv(tmp_path / "standards.csv", standards)) == [
        "standards.csv, row 2, column derived_from: derivation cycle: std-u2 → std-u1 → std-g1 → "
        "std-u2; a standard cannot derive from itself, directly or through others",
        "standards.csv, row 4, column derived_from: derivation cycle: std-u3 → std-u3; a "
        "standard cannot derive from itself, directly or through others",
    ]


def test_a_changes_ledger_cannot_close_a_cycle(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["std-g1", "derived_from", "std-u1"],
    ]
    problems = _refused(engine, write_csv(tmp_path / "changes.csv", changes))
    assert len(problems) == 1
    assert "derivation cycle: std-g1 → std-u1 → std-g1" in problems[0]
    assert problems[0].startswith("changes.csv, row 2")


def test_a_cascade_without_a_cycle_is_imported(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    standards = [
        HEADER,
        ["std-u2", "TRQ/DW-00002", "单位标准二", "unit", "safety", "gathering", "std-u1"],
    ]
    report = import_ledgers(engine, [write_csv(tmp_path / "standards.csv", standards)], as_of=AS_OF)
    assert not report.warnings


def test_derivation_cycle_walks_every_branch() -> None:
    parents = {"a": ["x", "b"], "b": ["c"], "c": ["a"], "x": []}
    assert derivation_cycle("a", parents) == ["a", "b", "c", "a"]
    assert derivation_cycle("x", parents) is None
