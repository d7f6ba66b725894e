"""Bad ledgers: every problem is named by file, sheet, row and column, all of them at once,
and nothing at all is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.engine import Engine
from graph.writer import upsert_nodes
from seed.ledgers import ImportReport, LedgerError, export_ledgers, import_ledgers
from tests.graph_state import fingerprint
from tests.ledgers.conftest import BASE, T0, holders, write_base, write_csv, write_xlsx

EQUIPMENT = ["uid", "name", "category", "cell", "owner"]
KNOWN = (
    "uid, name, tag, category, commissioned_on, lon, lat, line, cell, cell_since, cell_until, "
    "area, owner, owner_since, owner_until, standards"
)


def problems(
    engine: Engine,
    paths: list[Path],
    *,
    as_of: str = "2026-03-01",
    encoding: str | None = None,
    strict: bool = False,
) -> list[str]:
    """The issues an import reports; the graph must be exactly as it was."""
    before = fingerprint(engine)
    with pytest.raises(LedgerError) as caught:
        import_ledgers(engine, paths, as_of=as_of, encoding=encoding, strict=strict)
    assert fingerprint(engine) == before, "a failed import wrote something"
    assert str(caught.value).startswith(f"{len(caught.value.issues)} problem")
    return [str(issue) for issue in caught.value.issues]


def test_wrong_types_are_named_with_their_cells(engine: Engine, tmp_path: Path) -> None:
    nets = [["uid", "name", "level", "kind"], ["n1", "公司", "二", "navigator"]]
    people = [["uid", "employee_no", "name", "party_member", "joined_on"]]
    people.append(["p1", "E1", "王", "maybe", "2024-13-45"])
    training = [["uid", "title", "kind", "held_on", "attendees"]]
    training.append(["tr-1", "夜校", "夜校", "2026-01-05", "ten"])
    files = [
        write_csv(tmp_path / "nets.csv", nets),
        write_csv(tmp_path / "people.csv", people),
        write_csv(tmp_path / "training.csv", training),
    ]
    assert problems(engine, files) == [
        "nets.csv, row 2, column level: '二' is not a whole number",
        "people.csv, row 2, column joined_on: '2024-13-45' is not an ISO-8601 date (YYYY-MM-DD)",
        "people.csv, row 2, column party_member: 'maybe' is not a yes/no value",
        "training.csv, row 2, column kind: '夜校' is not one of: in_cell, cross_cell, external, "
        "practice, backbone, night_school, mentor",
        "training.csv, row 2, column attendees: 'ten' is not a whole number",
    ]


def test_a_missing_required_column_stops_the_sheet(engine: Engine, tmp_path: Path) -> None:
    ledger = [["编号", "名称", "所属格"], ["eq-1", "分离器", "cell-1"]]
    assert problems(engine, [write_csv(tmp_path / "设备.csv", ledger)]) == [
        "设备.csv, row 1: missing required column category (类别)"
    ]


def test_unknown_references_are_errors(engine: Engine, base: ImportReport, tmp_path: Path) -> None:
    ledger = [
        EQUIPMENT,
        ["eq-9", "阀", "valve", "cell-9", "E404"],
        ["eq-8", "阀", "valve", "eq-1", ""],
    ]
    standards = [["uid", "code", "title", "level", "dimension", "domain", "derived_from"]]
    standards.append(
        ["std-u2", "TRQ/DW-00002", "单位标准", "unit", "safety", "fire", "TRQ/ZD-9999"]
    )
    files = [
        write_csv(tmp_path / "equipment.csv", ledger),
        write_csv(tmp_path / "standards.csv", standards),
    ]
    assert problems(engine, files) == [
        "equipment.csv, row 2, column cell: no Cell with uid 'cell-9' in these ledgers or the "
        "database",
        "equipment.csv, row 2, column owner: no Person with uid or employee_no 'E404' in these "
        "ledgers or the database",
        "equipment.csv, row 3, column cell: 'eq-1' is an Equipment, not a Cell",
        "standards.csv, row 2, column derived_from: no Standard with uid or code 'TRQ/ZD-9999' "
        "in these ledgers or the database",
    ]


def test_duplicate_uids_within_and_across_kinds_and_the_database(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    equipment = [EQUIPMENT, ["eq-7", "阀", "valve", "", ""], ["eq-7", "泵", "valve", "", ""]]
    areas = [["uid", "name"], ["eq-7", "站场"], ["p-1", "站场"]]
    people = [["uid", "employee_no", "name", "party_member"], ["p-9", "E1001", "新人", "否"]]
    files = [
        write_csv(tmp_path / "areas.csv", areas),
        write_csv(tmp_path / "equipment.csv", equipment),
        write_csv(tmp_path / "people.csv", people),
    ]
    assert problems(engine, files) == [
        "areas.csv, row 3, column uid: uid 'p-1' already names a Person in the database",
        "equipment.csv, row 2, column uid: duplicate uid 'eq-7': also on row 2 of areas.csv",
        "equipment.csv, row 3, column uid: duplicate uid 'eq-7': also on row 2 of areas.csv",
        "people.csv, row 2, column employee_no: employee_no 'E1001' already belongs to p-1 in "
        "the database",
    ]


def test_a_person_is_in_exactly_one_micro_cell(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    people = [
        ["uid", "employee_no", "name", "party_member", "microcell"],
        ["p-2", "E1002", "李秀英", "否", "mc-1;mc-2"],
        ["p-3", "E1003", "张伟", "否", "mc-1"],
        ["p-3", "E1003", "张伟", "否", "mc-2"],
        ["p-5", "E1005", "刘洋", "否", "mc-1"],
    ]
    microcells = [["uid", "name", "cell", "lead"], ["mc-2", "赵敏微格", "cell-2", "p-5"]]
    files = [
        write_csv(tmp_path / "people.csv", people),
        write_csv(tmp_path / "微格.csv", microcells),
    ]
    duplicate = (
        "people.csv, row 4, column uid: p-3 is placed in micro-cell mc-2 here and in mc-1 on "
        "row 3 of people.csv: a person is in exactly one micro-cell (身处一网、责集一格)"
    )
    two = (
        "people.csv, row 2, column microcell: a person is in exactly one micro-cell "
        "(身处一网、责集一格); found mc-1, mc-2"
    )
    lead = (
        "people.csv, row 5, column microcell: p-5 leads micro-cell mc-2 (row 2 of 微格.csv) but "
        "is placed in mc-1 here: a person is in exactly one micro-cell"
    )
    assert problems(engine, files, strict=True) == [two, duplicate, lead]
    assert problems(engine, files) == [duplicate]
    files[0] = write_csv(tmp_path / "people.csv", [row for row in people if row[0] != "p-3"])
    report = import_ledgers(engine, files, as_of="2026-03-01")
    assert [str(w) for w in report.warnings] == [
        f"{two} (gap rule person_in_several_microcells)",
        f"{lead.replace('row 5', 'row 3')} (gap rule microcell_lead_not_member)",
    ]
    assert [h[:2] for h in holders(engine, "MEMBER_OF", "p-2")] == [
        ("mc-1", T0),
        ("mc-2", "2026-03-01T00:00:00Z"),
    ]


def test_one_cause_one_error(engine: Engine, tmp_path: Path) -> None:
    """Defect 4 of issue 12: rows naming a refused row are counted under its problem, not
    reported again."""
    write_base(tmp_path)
    write_csv(
        tmp_path / "people.csv",
        [*BASE["people"], ["p-9", "E1009", "孙丽", "maybe", "采气工", "mc-1"]],
    )
    write_csv(
        tmp_path / "equipment.csv",
        [
            EQUIPMENT,
            ["eq-8", "8号阀", "valve", "cell-1", "p-9"],
            ["eq-9", "9号阀", "valve", "cell-1", "p-9"],
            ["eq-10", "10号阀", "valve", "cell-1", "p-404"],
        ],
    )
    write_csv(tmp_path / "posts.csv", [*BASE["posts"], ["cell-2", "head", "p-9"]])
    assert problems(engine, [tmp_path]) == [
        "equipment.csv, row 4, column owner: no Person with uid or employee_no 'p-404' in "
        "these ledgers or the database",
        "people.csv, row 7, column party_member: 'maybe' is not a yes/no value "
        "(3 references to this row in other rows wait on it)",
    ]


def test_unknown_columns_are_errors_and_own_columns_start_with_hash(
    engine: Engine, tmp_path: Path
) -> None:
    ledger = [
        ["uid", "name", "category", "onwer", "#mine", "备注", "颜色"],
        ["e1", "阀", "valve", "p", "x", "y", "红"],
    ]
    assert problems(engine, [write_csv(tmp_path / "equipment.csv", ledger)]) == [
        "equipment.csv, row 1, column onwer: unknown column 'onwer' (did you mean 'owner'?); "
        f"equipment columns are: {KNOWN}; start a header with # to keep a column of your own",
        "equipment.csv, row 1, column 颜色: unknown column '颜色'; "
        f"equipment columns are: {KNOWN}; start a header with # to keep a column of your own",
    ]


def test_blank_rows_are_skipped_and_counted(engine: Engine, tmp_path: Path) -> None:
    ledger: list[list[Any]] = [["uid", "name"], ["", ""], ["a1", "站场"], [" ", None]]
    ledger.append(["a2", "井场"])
    report = import_ledgers(engine, [write_csv(tmp_path / "areas.csv", ledger)], as_of=T0)
    counts = report.kinds["areas"]
    assert (counts.created, counts.empty) == (2, 2)


def test_merged_header_cells_in_xlsx(engine: Engine, tmp_path: Path) -> None:
    rows = [["uid", "name", None, "category"], ["e1", "阀", None, "valve"]]
    book = write_xlsx(tmp_path / "book.xlsx", {"equipment": rows}, merged=["B1:C1"])
    assert problems(engine, [book]) == [
        "book.xlsx, sheet equipment: merged header cells B1:C1; unmerge them so every column "
        "has its own header"
    ]


def test_a_column_with_values_but_no_header(engine: Engine, tmp_path: Path) -> None:
    rows: list[list[Any]] = [["uid", "name", None], ["a1", "站场", None], ["a2", "井场", "多出"]]
    book = write_xlsx(tmp_path / "book.xlsx", {"区域": rows})
    assert problems(engine, [book]) == [
        "book.xlsx, sheet 区域, row 3: column C has values but no header"
    ]


def test_unknown_sheets_files_and_encodings(engine: Engine, tmp_path: Path) -> None:
    book = write_xlsx(
        tmp_path / "book.xlsx", {"汇总": [["a"]], "#草稿": [["b"]], "areas": [["uid", "name"]]}
    )
    gbk = write_csv(tmp_path / "areas.csv", [["uid", "name"], ["a1", "站场"]], encoding="gbk")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    found = problems(engine, [book, gbk, old, tmp_path / "missing.csv"], encoding="utf-8")
    assert found == [f"{tmp_path / 'missing.csv'}: no such file or directory"]
    found = problems(engine, [book, gbk, old], encoding="utf-8")
    assert found[0].startswith("areas.csv: not valid utf-8 text (byte ")
    assert found[1].startswith("book.xlsx, sheet 汇总: sheet '汇总' names no ledger kind; name it")
    assert found[2] == "old.xls: old .xls workbooks are not read; save it as .xlsx"
    assert len(found) == 3  # the sheet starting with # is left out


def test_dates_that_would_rewrite_history(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [["uid", "name", "category", "owner", "owner_since"]]
    ledger.append(["eq-1", "分离器", "separator", "p-5", "2025-06-01"])
    ledger.append(["eq-2", "阀门", "valve", "p-5", "2027-01-01"])
    assert problems(engine, [write_csv(tmp_path / "equipment.csv", ledger)]) == [
        "equipment.csv, row 2, column owner_since: p-2 holds this since 2026-01-01T00:00:00Z, "
        "after 2025-06-01T00:00:00Z: a new holder cannot start before the current one (history "
        "is never rewritten)",
        "equipment.csv, row 3, column owner_since: 2027-01-01T00:00:00Z is after the import "
        "time 2026-03-01T00:00:00Z",
    ]
    ledger = [["uid", "name", "category", "owner"], ["eq-1", "分离器", "separator", "p-5"]]
    assert problems(engine, [write_csv(tmp_path / "again.csv", ledger)], as_of="2025-01-01") != []


def test_structure_rules_levels_posts_and_start_dates(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    nets: list[list[Any]] = [
        ["uid", "name", "level", "kind", "parent"],
        ["net-5", "支部", 4, "strong_base", "net-3"],
    ]
    nets.append(["net-6", "支部", 4, "fortress", "net-2"])
    cells = [["uid", "name", "mode", "net"], ["cell-9", "格", "scene", "net-3"]]
    posts = [["unit", "post", "person", "since"], ["net-3", "宣传员", "p-1", ""]]
    posts += [["cell-1", "captain", "p-1", ""], ["cell-2", "head", "p-4;p-5", ""]]
    posts += [["cell-2", "mediator", "p-4;p-5", "2026-02-01;2026-02-02;2026-02-03"]]
    posts += [["cell-2", "示范员", "", "2026-02-01"], ["cell-1", "格长", "p-3", ""]]
    posts += [["cell-1", "head", "p-2", ""]]
    files = [
        write_csv(tmp_path / "nets.csv", nets),
        write_csv(tmp_path / "cells.csv", cells),
        write_csv(tmp_path / "posts.csv", posts),
    ]
    assert problems(engine, files) == [
        "cells.csv, row 2, column net: net-3 is a level-3 net; cells sit in level-4 nets (堡垒网)",
        "nets.csv, row 2, column kind: a level-4 net is fortress (堡垒网(四级网)), not strong_base",
        "nets.csv, row 3, column parent: net-2 is a level-2 net; a level-4 net sits in a "
        "level-3 net",
        "posts.csv, row 2, column post: officer roles (八大员) are held in cells; net-3 is a Net",
        "posts.csv, row 3, column post: 'captain' is not a post: head (网长/格长) or propagandist "
        "(宣传员), demonstrator (示范员), mediator (调解员), safety_supervisor (监督员), "
        "security_comanager (协管员), health_instructor (指导员), discipline_supervisor (督导员), "
        "production_coordinator (协调员)",
        "posts.csv, row 4, column person: a unit has one head; found p-4, p-5",
        "posts.csv, row 5, column since: give one date, or one per holder (2); found 3",
        "posts.csv, row 6, column since: a start date but no person",
        "posts.csv, row 8, column post: cell-1 head is already given on row 7 of posts.csv",
    ]


def test_every_problem_is_reported_at_once(engine: Engine, tmp_path: Path) -> None:
    """Row-level, file-level and reference problems of several files in one report."""
    bad = [row[:] for row in BASE["equipment"]]
    for row in bad[1:]:
        row[3] = "unknown"
    files = [
        write_csv(tmp_path / "equipment.csv", bad),
        write_csv(tmp_path / "cells.csv", [["uid", "mode"], ["c", "scene"]]),
        write_csv(tmp_path / "areas.csv", [["uid", "name", "cell"], ["a", "场", "nowhere"]]),
    ]
    found = problems(engine, files)
    assert len(found) == 2 + 1 + 1
    assert found[0] == (
        "areas.csv, row 2, column cell: no Cell with uid 'nowhere' in these ledgers or the database"
    )
    assert found[1] == "cells.csv, row 1: missing required column name (名称)"
    assert all(f.startswith("equipment.csv, row ") and "column category" in f for f in found[2:])


def test_retired_nodes_are_neither_changed_nor_named(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    retired = {"uid": "p-5", "employee_no": "E1005", "name": "刘洋", "party_member": False}
    upsert_nodes(engine, "Person", [retired | {"retired_at": "2026-02-01T00:00:00Z"}])
    people = [["uid", "employee_no", "name", "party_member"], ["p-5", "E1005", "刘洋", "否"]]
    equipment = [EQUIPMENT, ["eq-1", "分离器", "separator", "cell-1", "E1005"]]
    files = [
        write_csv(tmp_path / "a" / "people.csv", people),
        write_csv(tmp_path / "b" / "equipment.csv", equipment),
    ]
    assert problems(engine, files) == [
        "equipment.csv, row 2, column owner: p-5 was retired at 2026-02-01T00:00:00Z",
        "people.csv, row 2, column uid: p-5 was retired at 2026-02-01T00:00:00Z; a ledger does "
        "not change retired nodes",
    ]
    export_ledgers(engine, tmp_path / "out", fmt="csv")
    exported = (tmp_path / "out" / "people.csv").read_text(encoding="utf-8-sig")
    assert "p-4" in exported and "p-5" not in exported
