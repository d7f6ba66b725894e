"""The changes ledger (issue 12): transfers, moves, appointments and withdrawals, one per
row, dated, without repeating the subject's required columns; several changes of one link
in one file make its history."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from queries.accountability import trace
from queries.audit import by_actor
from seed.ledgers import ImportReport, LedgerError, import_ledgers
from tests.graph_state import fingerprint
from tests.ledgers.conftest import T0, holders, write_csv, write_xlsx
from tests.ledgers.test_import_errors import problems
from writes.audit import Actor

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
        ["eq-1", "owner", "p-4", "2026-03-01", ""],
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
        "after 2025-06-01T00:00:00Z: an assignment cannot end before it began "
        "(history is never rewritten)",
        "changes.csv, row 4, column since: eq-1 owner is also changed on 2026-03-01T00:00:00Z "
        "on row 3; changes of one link are on different days",
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


EARLY = "2024-12-01T00:00:00Z"
"""When the organisation is imported for the histories below, before their first change."""


@pytest.fixture
def early(engine: Engine, base_dir: Path) -> ImportReport:
    """The small organisation imported at ``EARLY``."""
    return import_ledgers(engine, [base_dir], as_of=EARLY)


OWNERS = [
    ["subject", "link", "target", "since", "until"],
    ["eq-1", "owner", "p-3", "2026-05-01", ""],
    ["eq-1", "owner", "p-1", "2025-01-01", ""],
    ["eq-1", "owner", "", "", "2026-03-01"],
    ["eq-1", "owner", "p-2", "2025-07-01", ""],
]
"""eq-1's owners over a year and a half, in no particular order."""


def owner(engine: Engine, uid: str, day: str) -> list[str]:
    return [link.uid for link in trace(engine, uid, day, parts=()).chain if link.role == "owner"]


def test_several_changes_of_one_link_make_a_history_in_one_file(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "changes.csv", OWNERS)
    report = import_ledgers(engine, [path], as_of=AS_OF, actor=Actor("cli:clerk", None))

    assert report.relationships == {"opened": 3, "closed": 1, "added": 0, "removed": 0}
    assert holders(engine, "OWNED_BY", "eq-1") == [
        ("p-1", at("2025-01-01"), at("2025-07-01")),
        ("p-2", EARLY, at("2025-01-01")),
        ("p-2", at("2025-07-01"), at("2026-03-01")),
        ("p-3", at("2026-05-01"), None),
    ]
    expected = {
        "2024-12-31": ["p-2"],
        "2025-01-01": ["p-1"],
        "2025-06-30": ["p-1"],
        "2025-07-01": ["p-2"],
        "2026-02-28": ["p-2"],
        "2026-03-01": [],
        "2026-04-30": [],
        "2026-05-01": ["p-3"],
        "2026-06-01": ["p-3"],
    }
    assert {day: owner(engine, "eq-1", day) for day in expected} == expected
    [entry] = by_actor(engine, "cli:clerk")  # one entry for the row's whole history
    assert (entry.operation, entry.target) == ("import.update", "eq-1")
    assert entry.before == {"owner": [{"uid": "p-2"}]}
    assert entry.after == {
        "owner": [
            {"uid": "p-2", "until": at("2025-01-01")},
            {"uid": "p-1", "since": at("2025-01-01"), "until": at("2025-07-01")},
            {"uid": "p-2", "since": at("2025-07-01"), "until": at("2026-03-01")},
            {"uid": "p-3", "since": at("2026-05-01")},
        ]
    }

    stored = fingerprint(engine)
    again = import_ledgers(engine, [path], as_of=AS_OF)
    assert set(again.relationships.values()) == {0}
    assert again.kinds["equipment"].unchanged == 1 and again.kinds["equipment"].updated == 0
    assert fingerprint(engine) == stored


def test_a_history_file_grown_by_later_changes_adds_only_those(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "first" / "changes.csv", [OWNERS[0], OWNERS[2], OWNERS[4]])
    import_ledgers(engine, [first], as_of="2025-12-01")
    grown = write_csv(tmp_path / "grown" / "changes.csv", OWNERS)
    report = import_ledgers(engine, [grown], as_of=AS_OF)

    assert report.relationships == {"opened": 1, "closed": 1, "added": 0, "removed": 0}
    assert holders(engine, "OWNED_BY", "eq-1")[2:] == [
        ("p-2", at("2025-07-01"), at("2026-03-01")),
        ("p-3", at("2026-05-01"), None),
    ]


def test_a_history_is_never_rewritten_and_its_rows_are_named(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    import_ledgers(engine, [write_csv(tmp_path / "changes.csv", OWNERS)], as_of=AS_OF)
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["eq-1", "owner", "p-1", "2025-01-01", ""],
        ["eq-1", "owner", "p-4", "2025-03-01", ""],
        ["eq-1", "owner", "p-2", "2025-07-01", ""],
        ["eq-1", "owner", "", "", "2026-03-01"],
        ["eq-1", "owner", "p-3", "2026-05-01", ""],
        ["eq-2", "owner", "p-1", "2025-02-01", ""],
        ["eq-2", "owner", "p-4", "", ""],
        ["area-1", "owner", "p-3", "2025-02-01", ""],
        ["area-1", "owner", "p-3", "2025-04-01", ""],
        ["p-5", "microcell", "mc-1", "2023-01-01", ""],
        ["p-5", "microcell", "mc-2", "2025-02-01", ""],
    ]
    assert problems(
        engine, [write_csv(tmp_path / "bad" / "changes.csv", changes)], as_of=AS_OF
    ) == [
        "changes.csv, row 3, column since/until: this change is not in the recorded history, "
        "but the later one on row 6 is: history is never rewritten",
        "changes.csv, row 8, column since: eq-2 owner is also changed on row 7; several "
        "changes of a link are each dated (since, or until to end it)",
        "changes.csv, row 10, column since: area-1 owner is already held by p-3 from row 9 "
        "(2025-02-01T00:00:00Z); each change of a link changes it",
        "changes.csv, row 11, column since/until: mc-2 holds this since "
        "2024-12-01T00:00:00Z, after 2023-01-01T00:00:00Z: a new holder cannot start before "
        "the current one (history is never rewritten)",
    ]


def test_a_change_may_not_start_before_a_recorded_end(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    ended = [OWNERS[0], *OWNERS[2:]]
    import_ledgers(engine, [write_csv(tmp_path / "changes.csv", ended)], as_of=AS_OF)
    late = [OWNERS[0], OWNERS[4], ["eq-1", "owner", "p-4", "2026-02-01", ""]]
    assert problems(engine, [write_csv(tmp_path / "late" / "changes.csv", late)]) == [
        "changes.csv, row 3, column since/until: the recorded history has an assignment ending "
        "2026-03-01T00:00:00Z, after 2026-02-01T00:00:00Z: history is never rewritten",
    ]


def test_a_problem_names_the_row_of_the_change_not_the_subjects_first_row(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["eq-1", "area", "", "", ""],
        ["eq-1", "owner", "p-3", "2025-06-01", ""],
    ]
    assert problems(engine, [write_csv(tmp_path / "changes.csv", changes)]) == [
        "changes.csv, row 3, column since/until: p-2 holds this since 2026-01-01T00:00:00Z, "
        "after 2025-06-01T00:00:00Z: a new holder cannot start before the current one "
        "(history is never rewritten)",
    ]


def test_every_change_in_a_history_is_checked_not_only_the_last(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["cell-2", "net", "net-3", "2025-03-01", ""],
        ["cell-2", "net", "net-4", "2025-06-01", ""],
        ["eq-2", "owner", "p-404", "2025-03-01", ""],
        ["eq-2", "owner", "p-4", "2025-06-01", ""],
    ]
    assert problems(engine, [write_csv(tmp_path / "changes.csv", changes)], as_of=AS_OF) == [
        "changes.csv, row 2, column target: net-3 is a level-3 net; cells sit in level-4 nets "
        "(堡垒网)",
        "changes.csv, row 4, column target: no Person with uid or employee_no 'p-404' in these "
        "ledgers or the database",
    ]


def test_a_history_whose_first_holder_is_kept_as_recorded_reimports_unchanged(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["eq-1", "owner", "p-2", "2025-01-01", ""],
        ["eq-1", "owner", "p-3", "2025-06-01", ""],
    ]
    path = write_csv(tmp_path / "changes.csv", changes)
    report = import_ledgers(engine, [path], as_of=AS_OF)
    assert [str(w) for w in report.warnings] == [
        "changes.csv, row 2, column since/until: 2025-01-01T00:00:00Z differs from the recorded "
        "start 2024-12-01T00:00:00Z of p-2; the holder is unchanged, so the recorded history "
        "is kept",
    ]
    assert holders(engine, "OWNED_BY", "eq-1") == [
        ("p-2", EARLY, at("2025-06-01")),
        ("p-3", at("2025-06-01"), None),
    ]
    stored = fingerprint(engine)
    again = import_ledgers(engine, [path], as_of=AS_OF)
    assert set(again.relationships.values()) == {0} and not again.warnings
    assert fingerprint(engine) == stored


def test_a_units_heads_over_a_year_in_one_file(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    changes = [
        ["subject", "link", "target", "since", "until"],
        ["cell-2", "格长", "", "", "2026-01-01"],
        ["cell-2", "格长", "p-5", "2025-08-01", ""],
        ["cell-2", "格长", "p-4", "2025-02-01", ""],
    ]
    path = write_csv(tmp_path / "changes.csv", changes)
    report = import_ledgers(engine, [path], as_of=AS_OF)

    assert report.relationships == {"opened": 2, "closed": 0, "added": 0, "removed": 0}
    assert report.kinds["posts"].created == 1
    expected = {
        "2025-01-15": [],
        "2025-02-01": ["p-4"],
        "2025-07-31": ["p-4"],
        "2025-08-01": ["p-5"],
        "2026-01-01": [],
    }
    chains = {day: trace(engine, "p-4", day, parts=()).chain for day in expected}
    found = {day: [k.uid for k in chain if k.role == "cell_head"] for day, chain in chains.items()}
    assert found == expected
    again = import_ledgers(engine, [path], as_of=AS_OF)
    assert set(again.relationships.values()) == {0} and again.kinds["posts"].unchanged == 1
