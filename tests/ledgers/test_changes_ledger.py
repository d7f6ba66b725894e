"""The changes ledger (issue 12): transfers, moves, appointments and withdrawals, one per
row, dated, without repeating the subject's required columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from seed.ledgers import ImportReport, LedgerError, import_ledgers
from tests.graph_state import fingerprint
from tests.ledgers.conftest import T0, holders, write_csv, write_xlsx

AS_OF = "2026-06-01T00:00:00Z"


def at(day: str) -> str:
    return f"{day}T00:00:00Z"


def test_a_changes_ledger_records_dated_changes(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until", "备注"],
        ["eq-1", "owner", "p-3", "2026-03-01", "", "移交"],
        ["p-5", "microcell", "mc-1", "2026-04-01", "", "调动"],
        ["cell-1", "格长", "p-2", "2026-02-01", "", "任命"],
        ["area-1", "owner", "", "", "2026-05-01", "撤销"],
        ["eq-2", "责任人", "p-2", "", "", ""],
        ["eq-1", "area", "", "", "", "plain link removed"],
    ]
    report = import_ledgers(engine, [write_csv(tmp_path / "changes.csv", changes)], as_of=AS_OF)
    assert not report.warnings
    assert report.relationships == {"opened": 4, "closed": 5, "added": 0, "removed": 1}
    assert holders(engine, "OWNED_BY", "eq-1") == [
        ("p-2", T0, at("2026-03-01")),
        ("p-3", at("2026-03-01"), None),
    ]
    assert holders(engine, "MEMBER_OF", "p-5") == [
        ("mc-1", at("2026-04-01"), None),
        ("mc-2", T0, at("2026-04-01")),
    ]
    assert holders(engine, "HEAD_OF", "cell-1", incoming=True) == [
        ("p-1", T0, at("2026-02-01")),
        ("p-2", at("2026-02-01"), None),
    ]
    assert holders(engine, "OWNED_BY", "area-1") == [("p-2", T0, at("2026-05-01"))]
    assert holders(engine, "OWNED_BY", "eq-2") == [("p-2", AS_OF, None), ("p-3", T0, AS_OF)]
    assert holders(engine, "LOCATED_IN", "eq-1") == []
    person = engine.run("MATCH (p:Person {uid: 'p-5'}) RETURN p.name AS n", readonly=True)
    assert person == [{"n": "刘洋"}]  # required columns untouched
    again = import_ledgers(engine, [tmp_path / "changes.csv"], as_of=AS_OF)
    assert set(again.relationships.values()) == {0}


def test_a_chinese_changes_sheet_in_a_workbook(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    sheets = {
        "变更": [["对象", "关系", "新对象", "起始日期"], ["eq-1", "责任人", "E1003", "2026-03-01"]]
    }
    import_ledgers(engine, [write_xlsx(tmp_path / "变更.xlsx", sheets)], as_of=AS_OF)
    assert holders(engine, "OWNED_BY", "eq-1")[-1] == ("p-3", at("2026-03-01"), None)


def test_bad_changes_are_named_and_nothing_is_written(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["area-1", "owner", "", "", "2025-06-01"],
        ["eq-1", "owner", "p-3", "2026-03-01", ""],
        ["eq-1", "owner", "p-4", "2026-04-01", ""],
        ["eq-2", "colour", "red", "", ""],
        ["eq-404", "owner", "p-3", "", ""],
        ["p-5", "microcell", "", "", "2026-07-01"],
        ["eq-2", "standards", "std-g1", "", ""],
        ["eq-2", "owner", "p-3", "", "2026-03-01"],
    ]
    before = fingerprint(engine)
    with pytest.raises(LedgerError) as caught:
        import_ledgers(engine, [write_csv(tmp_path / "changes.csv", changes)], as_of=AS_OF)
    assert fingerprint(engine) == before
    assert [str(issue) for issue in caught.value.issues] == [
        "changes.csv, row 2, column since/until: p-2 holds this since 2026-01-01T00:00:00Z, "
        "after 2025-06-01T00:00:00Z: a new holder cannot start before the current one "
        "(history is never rewritten)",
        "changes.csv, row 4, column link: eq-1 owner is already changed on row 3; one change "
        "per link in one import (put the later one in the next import)",
        "changes.csv, row 5, column link: 'colour' is not a link of equipment; one of: cell, "
        "area, owner",
        "changes.csv, row 6, column subject: 'eq-404': no node with that uid in these ledgers "
        "or the database",
        "changes.csv, row 7, column until: 2026-07-01T00:00:00Z is after the import time "
        "2026-06-01T00:00:00Z",
        "changes.csv, row 8, column link: standards holds several values; change it in the "
        "equipment ledger (a row there lists them all)",
        "changes.csv, row 9, column until: a row either starts a new holder (target, since) "
        "or ends one (until)",
    ]
