"""The grid-work ledgers (issue 12): monthly assessments (月考核), grassroots visits
(每周二三下基层), party-member tackling teams (党员攻坚队) and training sign-in (培训签到)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from graph.engine import Engine
from queries.coverage import gaps
from seed.ledgers import ImportReport, export_ledgers, import_ledgers, values
from seed.ledgers.kinds import kind_named
from tests.ledgers.conftest import (
    T0,
    compare_exports,
    holders,
    write_base,
    write_csv,
    write_xlsx,
)
from tests.ledgers.test_import_errors import problems

LATER = "2026-03-01T00:00:00Z"

SERVICE: dict[str, list[list[Any]]] = {
    "assessments": [
        ["uid", "month", "score", "cell"],
        ["asmt-1-02", "2026-02", 92.5, "cell-1"],
        ["asmt-1-01", "2026-01", 88, "cell-1"],
    ],
    "visits": [
        ["uid", "visited_on", "purpose", "visitor", "cell"],
        ["vs-1", "2026-02-10", "周二下基层：检查冬季保供", "E1004", "cell-1"],
    ],
    "tackle_teams": [
        ["uid", "name", "task", "net", "members"],
        ["tt-1", "采气一大队党员攻坚队", "冬季保供", "net-3", "p-1;E1004"],
    ],
    "training": [
        ["uid", "title", "kind", "held_on", "attendees", "cells", "trainer", "participants"],
        [
            "tr-1",
            "集气站巡检岗检培训",
            "night_school",
            "2026-02-11",
            4,
            "cell-1",
            "p-1",
            "p-2;E1003",
        ],
    ],
}

SERVICE_ZH: dict[str, list[list[Any]]] = {
    "月考核": [
        ["编号", "考核月份", "得分", "被考核格"],
        ["asmt-2-02", datetime(2026, 2, 1), "79", "cell-2"],
        ["asmt-1-02", "2026年2月", 92.5, "cell-1"],
    ],
    "走访记录": [
        ["编号", "走访日期", "事由", "走访人", "走访格"],
        ["vs-1", datetime(2026, 2, 10), "周二下基层", "p-4", "cell-1"],
    ],
    "党员攻坚队": [
        ["编号", "攻坚队名称", "攻坚任务", "所属网", "队员"],
        ["tt-1", "采气一大队党员攻坚队", "冬季保供", "net-3", "p-1、p-4"],
    ],
    "培训签到": [
        ["编号", "培训主题", "类型", "培训日期", "参训格", "授课人", "签到人员"],
        ["tr-1", "巡检培训", "夜校云课堂", "2026-02-11", "cell-1;cell-2", "E1001", "p-2；p-5"],
    ],
}


def write_service(directory: Path) -> Path:
    for kind, rows in SERVICE.items():
        write_csv(directory / f"{kind}.csv", rows)
    return directory


def props(engine: Engine, uid: str) -> dict[str, Any]:
    rows = engine.run(
        "MATCH (n {uid: $uid}) RETURN properties(n) AS p", {"uid": uid}, readonly=True
    )
    found: dict[str, Any] = rows[0]["p"]
    return {k: v for k, v in found.items() if k not in ("uid", "search", "rev")}


def linked(engine: Engine, rel_type: str, uid: str, *, incoming: bool = False) -> list[str]:
    return [other for other, _, _ in holders(engine, rel_type, uid, incoming=incoming)]


def test_names_real_users_type() -> None:
    names = {
        "assessments": ("考核", "月考核", "月度考核", "考核台账", "Monthly Assessments"),
        "visits": ("走访", "走访记录", "基层日走访", "走访台账"),
        "tackle_teams": ("攻坚队", "党员攻坚队", "Tackle Teams", "攻坚队台账"),
        "training": ("培训签到", "training_attendance"),
    }
    for key, typed in names.items():
        assert [getattr(kind_named(name), "key", None) for name in typed] == [key] * len(typed)


def test_a_month_as_people_type_it() -> None:
    typed = ("2026-03", "2026/3", "2026年3月", " 2026.03 ", datetime(2026, 3, 1))
    assert [values.month(value) for value in typed] == ["2026-03"] * len(typed)
    assert values.month("2026-13") == "2026-13"  # refused by the schema, in its words


def test_import_from_english_headers(engine: Engine, base: ImportReport, tmp_path: Path) -> None:
    report = import_ledgers(engine, [write_service(tmp_path / "service")], as_of=LATER)
    assert {k: c.created for k, c in report.kinds.items()} == {
        "training": 1,
        "assessments": 2,
        "visits": 1,
        "tackle_teams": 1,
    }
    assert props(engine, "asmt-1-02") == {"month": "2026-02", "score": 92.5}
    assert linked(engine, "ASSESSES", "asmt-1-02") == ["cell-1"]
    assert props(engine, "vs-1") == {
        "visited_on": "2026-02-10",
        "purpose": "周二下基层：检查冬季保供",
    }
    assert linked(engine, "VISITED_BY", "vs-1") == ["p-4"]
    assert linked(engine, "VISITED", "vs-1") == ["cell-1"]
    assert props(engine, "tt-1") == {"name": "采气一大队党员攻坚队", "task": "冬季保供"}
    assert linked(engine, "IN_NET", "tt-1") == ["net-3"]
    assert linked(engine, "IN_TEAM", "tt-1", incoming=True) == ["p-1", "p-4"]
    assert linked(engine, "ATTENDED_BY", "tr-1") == ["p-2", "p-3"]
    again = import_ledgers(engine, [tmp_path / "service"], as_of="2026-04-01")
    assert not again.changed and set(again.relationships.values()) == {0}


def test_import_from_a_chinese_workbook(engine: Engine, base: ImportReport, tmp_path: Path) -> None:
    """Excel turns a typed 2026-02 into a date cell; the month is what it meant."""
    book = write_xlsx(tmp_path / "网格工作台账.xlsx", SERVICE_ZH)
    import_ledgers(engine, [book], as_of=LATER)
    assert props(engine, "asmt-2-02") == {"month": "2026-02", "score": 79.0}
    assert props(engine, "asmt-1-02")["month"] == "2026-02"
    assert linked(engine, "VISITED_BY", "vs-1") == ["p-4"]
    assert props(engine, "vs-1")["visited_on"] == "2026-02-10"
    assert linked(engine, "IN_TEAM", "tt-1", incoming=True) == ["p-1", "p-4"]
    assert props(engine, "tr-1")["kind"] == "night_school"
    assert linked(engine, "TRAINED", "tr-1") == ["cell-1", "cell-2"]
    assert linked(engine, "TAUGHT_BY", "tr-1") == ["p-1"]
    assert linked(engine, "ATTENDED_BY", "tr-1") == ["p-2", "p-5"]


def test_bad_rows_are_named_and_nothing_is_written(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    assessments = [
        ["编号", "考核月份", "得分", "被考核格"],
        ["asmt-1", "2026-13", 90, "cell-1"],
        ["asmt-2", "2026-02", 120, "cell-1"],
        ["asmt-3", "2026-02", -1, "cell-1"],
        ["asmt-4", "2026-02", "优", "cell-2"],
        ["asmt-5", "2026-02", 80, "cell-9"],
    ]
    visits = [
        ["uid", "visited_on", "visitor", "cell"],
        ["vs-1", "2026-02-10", "E404", "mc-1"],
        ["vs-2", "2026-02-30", "p-4", "cell-1"],
    ]
    teams = [["uid", "name", "net", "members"], ["tt-1", "攻坚队", "cell-1", "p-1;p-9"]]
    training = [["uid", "title", "kind", "held_on", "participants"]]
    training.append(["tr-1", "夜校", "night_school", "2026-02-11", "p-2;E404"])
    files = [
        write_csv(tmp_path / "考核.csv", assessments),
        write_csv(tmp_path / "visits.csv", visits),
        write_csv(tmp_path / "tackle_teams.csv", teams),
        write_csv(tmp_path / "training.csv", training),
    ]
    missing = "in these ledgers or the database"
    person = "no Person with uid or employee_no"
    assert problems(engine, files, as_of=LATER) == [
        "tackle_teams.csv, row 2, column net: 'cell-1' is a Cell, not a Net",
        f"tackle_teams.csv, row 2, column members: {person} 'p-9' {missing}",
        f"training.csv, row 2, column participants: {person} 'E404' {missing}",
        f"visits.csv, row 2, column visitor: {person} 'E404' {missing}",
        "visits.csv, row 2, column cell: 'mc-1' is a MicroCell, not a Cell",
        "visits.csv, row 3, column visited_on: '2026-02-30' is not an ISO-8601 date (YYYY-MM-DD)",
        "考核.csv, row 2, column 考核月份: '2026-13' is not a month (YYYY-MM)",
        "考核.csv, row 3, column 得分: 120 is not a score from 0 to 100",
        "考核.csv, row 4, column 得分: -1 is not a score from 0 to 100",
        "考核.csv, row 5, column 得分: '优' is not a number",
        f"考核.csv, row 6, column 被考核格: no Cell with uid 'cell-9' {missing}",
    ]


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("xlsx", "zh")])
def test_round_trip(
    engine: Engine, empty_engine: Engine, tmp_path: Path, fmt: str, lang: str
) -> None:
    write_base(tmp_path / "ledgers")
    import_ledgers(engine, [write_service(tmp_path / "ledgers")], as_of=T0)
    first, second = tmp_path / "first", tmp_path / "second"
    exported = export_ledgers(engine, first, fmt=fmt, lang=lang)
    names = (
        ("assessments", "visits", "tackle_teams") if lang == "en" else ("考核", "走访", "攻坚队")
    )
    assert [exported.rows[f"{name}.{fmt}"] for name in names] == [2, 1, 1]
    import_ledgers(empty_engine, [first], as_of=LATER)
    export_ledgers(empty_engine, second, fmt=fmt, lang=lang)
    compare_exports(first, second)
    assert linked(empty_engine, "ATTENDED_BY", "tr-1") == ["p-2", "p-3"]
    assert linked(empty_engine, "IN_TEAM", "tt-1", incoming=True) == ["p-1", "p-4"]


def test_an_assessed_cell_is_not_a_gap(engine: Engine, base: ImportReport, tmp_path: Path) -> None:
    """Issue 12: with no assessments ledger, every cell of a ledger-built organisation was
    reported as missing last month's assessment."""
    import_ledgers(engine, [write_service(tmp_path / "service")], as_of=LATER)
    report = gaps(engine, ["cell_without_assessment"], today="2026-03-10")
    assert report.settings["assessment_month"] == "2026-02"
    assert report.uids("cell_without_assessment") == ["cell-2"]
