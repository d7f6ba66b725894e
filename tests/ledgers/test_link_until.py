"""``<link>_until`` in node ledgers (issue 12): a row may record a past holder (``owner p-1,
owner_since 2025-01-01, owner_until 2025-06-30``) or end the current one on a date (blank
owner, ``owner_until``), so a history can be kept in the node's own ledger; ``trace --as-of``
answers on both sides of the end, a re-import changes nothing, and an end before its start,
after the import time or of nothing is refused naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from queries.accountability import trace
from seed.ledgers import ImportReport, export_ledgers, import_ledgers, write_templates
from seed.ledgers.kinds import kind_named
from seed.ledgers.notes import notes_rows
from tests.ledgers.conftest import holders, write_csv, write_xlsx
from tests.ledgers.test_import_errors import problems

EARLY = "2024-12-01T00:00:00Z"
AS_OF = "2026-06-01T00:00:00Z"


def at(day: str) -> str:
    return f"{day}T00:00:00Z"


@pytest.fixture
def early(engine: Engine, base_dir: Path) -> ImportReport:
    """The small organisation imported at ``EARLY``: eq-1 and area-1 owned by p-2, p-5 in
    mc-2."""
    return import_ledgers(engine, [base_dir], as_of=EARLY)


def holder(engine: Engine, uid: str, role: str, day: str) -> list[str]:
    return [link.uid for link in trace(engine, uid, day, parts=()).chain if link.role == role]


def test_a_row_records_a_past_owner(engine: Engine, early: ImportReport, tmp_path: Path) -> None:
    ledger = [
        ["uid", "name", "category", "owner", "owner_since", "owner_until"],
        ["eq-1", "1号分离器", "separator", "p-1", "2025-01-01", "2025-06-30"],
    ]
    path = write_csv(tmp_path / "equipment.csv", ledger)
    report = import_ledgers(engine, [path], as_of=AS_OF)

    assert report.relationships == {"opened": 1, "closed": 1, "added": 0, "removed": 0}
    assert holders(engine, "OWNED_BY", "eq-1") == [
        ("p-1", at("2025-01-01"), at("2025-06-30")),
        ("p-2", EARLY, at("2025-01-01")),
    ]
    assert holder(engine, "eq-1", "owner", "2024-12-15") == ["p-2"]
    assert holder(engine, "eq-1", "owner", "2025-06-29") == ["p-1"]
    assert holder(engine, "eq-1", "owner", "2025-07-01") == []
    again = import_ledgers(engine, [path], as_of=AS_OF)
    assert set(again.relationships.values()) == {0}
    assert again.kinds["equipment"].unchanged == 1 and not again.warnings


def test_an_exported_row_given_an_end_closes_its_holder(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    """The export's row (the current owner and its start) with the end filled in."""
    ledger = [
        ["uid", "name", "category", "owner", "owner_since", "owner_until"],
        ["eq-1", "1号分离器", "separator", "p-2", "2024-12-01", "2025-06-30"],
    ]
    path = write_csv(tmp_path / "equipment.csv", ledger)
    report = import_ledgers(engine, [path], as_of=AS_OF)
    assert report.relationships == {"opened": 0, "closed": 1, "added": 0, "removed": 0}
    assert holders(engine, "OWNED_BY", "eq-1") == [("p-2", EARLY, at("2025-06-30"))]
    assert set(import_ledgers(engine, [path], as_of=AS_OF).relationships.values()) == {0}


def test_a_blank_holder_with_an_end_ends_the_current_assignment_then(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    sheets = {
        "区域": [
            ["编号", "名称", "责任人", "责任人结束日期"],
            ["area-1", "徐深17站场", "", "2025-05-01"],
        ],
        "人员": [
            [
                "编号",
                "员工编号",
                "姓名",
                "党员",
                "所在微格",
                "所在微格起始日期",
                "所在微格结束日期",
            ],
            ["p-5", "E1005", "刘洋", "否", "mc-1", "2025-02-01", "2025-08-01"],
        ],
    }
    path = write_xlsx(tmp_path / "台账.xlsx", sheets)
    report = import_ledgers(engine, [path], as_of=AS_OF)

    assert report.relationships == {"opened": 1, "closed": 2, "added": 0, "removed": 0}
    assert holders(engine, "OWNED_BY", "area-1") == [("p-2", EARLY, at("2025-05-01"))]
    assert holder(engine, "area-1", "owner", "2025-04-30") == ["p-2"]
    assert holder(engine, "area-1", "owner", "2025-05-01") == []
    assert holders(engine, "MEMBER_OF", "p-5") == [
        ("mc-1", at("2025-02-01"), at("2025-08-01")),
        ("mc-2", EARLY, at("2025-02-01")),
    ]
    assert holder(engine, "p-5", "micro_cell", "2025-01-15") == ["mc-2"]
    assert holder(engine, "p-5", "micro_cell", "2025-07-31") == ["mc-1"]
    assert holder(engine, "p-5", "micro_cell", "2025-08-01") == []
    again = import_ledgers(engine, [path], as_of=AS_OF)
    assert set(again.relationships.values()) == {0}


def test_bad_ends_are_named_and_nothing_is_written(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    ledger = [
        ["uid", "name", "category", "owner", "owner_since", "owner_until"],
        ["eq-1", "1号分离器", "separator", "p-1", "2025-07-01", "2025-06-30"],
        ["eq-2", "进站阀门", "valve", "p-1", "2025-01-01", "2026-07-01"],
        ["eq-3", "新阀门", "valve", "", "", "2025-05-01"],
        ["eq-4", "新阀门", "valve", "p-1", "", "2025-05-01"],
    ]
    areas = [["uid", "name", "owner", "owner_until"], ["area-1", "徐深17站场", "", "2024-11-01"]]
    paths = [
        write_csv(tmp_path / "equipment.csv", ledger),
        write_csv(tmp_path / "areas.csv", areas),
    ]
    assert problems(engine, paths, as_of=AS_OF) == [
        "areas.csv, row 2, column owner_until: p-2 holds this since 2024-12-01T00:00:00Z, after "
        "2024-11-01T00:00:00Z: an assignment cannot end before it began (history is never "
        "rewritten)",
        "equipment.csv, row 2, column owner_until: 2025-06-30T00:00:00Z is not after owner_since "
        "2025-07-01T00:00:00Z: an assignment ends after it began",
        "equipment.csv, row 3, column owner_until: 2026-07-01T00:00:00Z is after the import "
        "time 2026-06-01T00:00:00Z",
        "equipment.csv, row 4, column owner_until: eq-3 has no current owner to end on "
        "2025-05-01T00:00:00Z",
        "equipment.csv, row 5, column owner_until: an end date for p-1 needs owner_since beside "
        "it (when the assignment began)",
    ]


def test_an_end_needs_its_link_column(engine: Engine, early: ImportReport, tmp_path: Path) -> None:
    ledger = [["uid", "name", "category", "owner_until"], ["eq-1", "1号分离器", "separator", ""]]
    assert problems(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=AS_OF) == [
        "equipment.csv, row 1, column owner_until: owner_until needs the owner column beside it",
    ]


def test_the_changes_ledger_cannot_end_what_nobody_holds(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    ended = [["subject", "link", "target", "until"], ["area-1", "owner", "", "2025-05-01"]]
    import_ledgers(engine, [write_csv(tmp_path / "changes.csv", ended)], as_of=AS_OF)
    again = [["subject", "link", "target", "until"], ["area-1", "owner", "", "2025-09-01"]]
    assert problems(engine, [write_csv(tmp_path / "2" / "changes.csv", again)], as_of=AS_OF) == [
        "changes.csv, row 2, column until: area-1 has no current owner to end on "
        "2025-09-01T00:00:00Z",
    ]


def test_templates_list_the_end_columns_and_the_export_leaves_them_blank(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    equipment = kind_named("equipment")
    assert equipment is not None
    keys = [column.key for column in equipment.columns]
    assert keys[keys.index("owner") : keys.index("owner") + 3] == [
        "owner",
        "owner_since",
        "owner_until",
    ]
    notes = {row[0]: row for row in notes_rows(equipment, "zh") if row}
    assert notes["责任人结束日期"][1] == "owner_until"
    write_templates(tmp_path / "templates", fmt="csv", lang="zh")
    header = (tmp_path / "templates" / "设备.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "责任人起始日期,责任人结束日期" in header
    export_ledgers(engine, tmp_path / "out", fmt="csv")
    lines = (tmp_path / "out" / "equipment.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "owner,owner_since,owner_until," in lines[0]
    assert ",p-2,2024-12-01,," in lines[1]


def test_a_new_nodes_links_start_each_on_its_date_never_after_the_import(
    engine: Engine, early: ImportReport, tmp_path: Path
) -> None:
    """A new node's links (no stored history: the first import's bulk) open from each
    link's own start; a start after the import time is refused and nothing is written."""
    header = ["uid", "name", "category", "cell", "cell_since", "owner", "owner_since"]
    late = [header, ["eq-9", "新泵", "valve", "cell-1", "2025-01-01", "p-1", "2026-09-01"]]
    late_path = write_csv(tmp_path / "late" / "equipment.csv", late)
    assert problems(engine, [late_path], as_of=AS_OF) == [
        "equipment.csv, row 2, column owner_since: 2026-09-01T00:00:00Z is after the "
        "import time 2026-06-01T00:00:00Z"
    ]
    good = [header, ["eq-9", "新泵", "valve", "cell-1", "2025-01-01", "p-1", "2025-02-01"]]
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", good)], as_of=AS_OF)
    assert report.relationships == {"opened": 2, "closed": 0, "added": 0, "removed": 0}
    assert holders(engine, "BELONGS_TO", "eq-9") == [("cell-1", at("2025-01-01"), None)]
    assert holders(engine, "OWNED_BY", "eq-9") == [("p-1", at("2025-02-01"), None)]
