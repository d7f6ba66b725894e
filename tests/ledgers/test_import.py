"""Good ledgers go in: every kind of value a spreadsheet holds, idempotent re-import, and
owner/head/member changes that close the old assignment and keep the history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from graph.engine import Engine
from queries.accountability import trace
from seed.ledgers import ImportReport, import_ledgers
from tests.graph_state import fingerprint
from tests.ledgers.conftest import BASE, T0, holders, write_csv, write_xlsx

T1 = "2026-03-01T08:30:00Z"


def _one(engine: Engine, query: str, **params: object) -> dict:
    rows = engine.run(query, params, readonly=True)
    assert len(rows) == 1, rows
    return rows[0]


def test_a_small_organisation_goes_in_whole(engine: Engine, base: ImportReport) -> None:
    counts = {kind: (c.created, c.updated, c.unchanged) for kind, c in base.kinds.items()}
    assert counts == {
        "nets": (3, 0, 0),
        "cells": (2, 0, 0),
        "microcells": (2, 0, 0),
        "people": (5, 0, 0),
        "posts": (5, 0, 0),
        "equipment": (2, 0, 0),
        "areas": (1, 0, 0),
        "standards": (2, 0, 0),
    }
    assert base.rows == 22 and not base.warnings
    # the objects' cells are dated assignments (issue 12): opened, not merely added
    assert base.relationships == {"opened": 29, "closed": 0, "added": 3, "removed": 0}
    eq2 = _one(engine, "MATCH (e:Equipment {uid: 'eq-2'}) RETURN e AS e")["e"]
    assert eq2 == {
        "uid": "eq-2",
        "name": "进站阀门",
        "tag": "VLV-001",
        "category": "valve",
        "rev": 1,
    }
    assert holders(engine, "OWNED_BY", "eq-2") == [("p-3", T0, None)]  # by employee_no E1003
    assert holders(engine, "GOVERNED_BY", "eq-2") == [("std-g1", T0, None), ("std-u1", T0, None)]
    assert holders(engine, "DERIVED_FROM", "std-u1") == [("std-g1", None, None)]  # by code
    assert holders(engine, "LEADS", "mc-1", incoming=True) == [("p-1", T0, None)]
    p1 = _one(engine, "MATCH (p:Person {uid: 'p-1'}) RETURN p.party_member AS pm, p.search AS s")
    assert p1["pm"] is True and "王建" in p1["s"]
    officers = engine.run(
        "MATCH (p:Person)-[r:OFFICER_OF]->(:Cell {uid: 'cell-1'}) "
        "RETURN p.uid AS p, r.role AS role",
        readonly=True,
    )
    assert sorted((r["role"], r["p"]) for r in officers) == [
        ("propagandist", "p-2"),
        ("propagandist", "p-3"),
        ("safety_supervisor", "p-2"),
    ]
    chain = trace(engine, "eq-1", as_of="2026-01-02")
    assert [(link.role, link.uid) for link in chain.chain][:6] == [
        ("object", "eq-1"),
        ("owner", "p-2"),
        ("micro_cell", "mc-1"),
        ("micro_cell_lead", "p-1"),
        ("cell", "cell-1"),
        ("cell_head", "p-1"),
    ]


def test_importing_the_same_ledgers_again_changes_nothing(
    engine: Engine, base: ImportReport, base_dir: Path
) -> None:
    before = fingerprint(engine)
    again = import_ledgers(engine, [base_dir], as_of=T1)
    assert fingerprint(engine) == before
    assert {c.created + c.updated for c in again.kinds.values()} == {0}
    assert again.rows == base.rows
    assert again.relationships == {"opened": 0, "closed": 0, "added": 0, "removed": 0}


def test_an_owner_change_closes_the_old_assignment_and_keeps_history(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [row[:] for row in BASE["equipment"]]
    ledger[1][7] = "p-3"  # eq-1: p-2 → p-3
    report = import_ledgers(engine, [write_csv(tmp_path / "设备.csv", ledger)], as_of=T1)
    assert (report.kinds["equipment"].updated, report.kinds["equipment"].unchanged) == (1, 1)
    assert report.relationships == {"opened": 1, "closed": 1, "added": 0, "removed": 0}
    assert holders(engine, "OWNED_BY", "eq-1") == [("p-2", T0, T1), ("p-3", T1, None)]
    owner = {"2026-02-01": "p-2", "2026-03-02": "p-3"}
    for day, person in owner.items():
        assert trace(engine, "eq-1", as_of=day).chain[1].uid == person
    again = import_ledgers(engine, [tmp_path / "设备.csv"], as_of="2026-04-01")
    assert again.relationships["opened"] == again.relationships["closed"] == 0


def test_a_start_date_column_dates_the_new_holder(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [["uid", "name", "category", "owner", "owner_since"]]
    ledger.append(["eq-1", "1号分离器", "separator", "p-5", "2026-02-15"])
    import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=T1)
    day = "2026-02-15T00:00:00Z"
    assert holders(engine, "OWNED_BY", "eq-1") == [("p-2", T0, day), ("p-5", day, None)]
    # cell_since absent: the cell kept, dated from the first import (issue 12)
    assert holders(engine, "BELONGS_TO", "eq-1") == [("cell-1", T0, None)]


def test_posts_memberships_and_officers_change_with_history(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    posts = [
        ["unit", "post", "person", "since"],
        ["cell-1", "head", "p-2", ""],
        ["cell-1", "propagandist", "p-3;p-5", "2026-02-01;2026-02-20"],
    ]
    people = [["uid", "employee_no", "name", "party_member", "microcell"]]
    people.append(["p-3", "E1003", "张伟", "否", "mc-2"])
    files = [write_csv(tmp_path / "posts.csv", posts), write_csv(tmp_path / "people.csv", people)]
    report = import_ledgers(engine, files, as_of=T1)
    assert (report.kinds["posts"].updated, report.kinds["people"].updated) == (2, 1)
    assert holders(engine, "HEAD_OF", "cell-1", incoming=True) == [
        ("p-1", T0, T1),
        ("p-2", T1, None),
    ]
    propagandists = engine.run(
        "MATCH (p:Person)-[r:OFFICER_OF {role: 'propagandist'}]->(:Cell {uid: 'cell-1'}) "
        "RETURN p.uid AS p, r.since AS s, r.until AS u",
        readonly=True,
    )
    feb20 = "2026-02-20T00:00:00Z"
    assert sorted((r["p"], r["s"], r["u"]) for r in propagandists) == [
        ("p-2", T0, feb20),
        ("p-3", T0, None),
        ("p-5", feb20, None),
    ]
    supervisor = holders(engine, "OFFICER_OF", "p-2")
    assert ("cell-1", T0, None) in supervisor  # the other role of p-2 stays open
    assert holders(engine, "MEMBER_OF", "p-3") == [("mc-1", T0, T1), ("mc-2", T1, None)]


def test_a_blank_reference_ends_the_link_and_an_absent_column_leaves_it(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [
        ["uid", "name", "category", "area", "owner"],
        ["eq-1", "1号分离器", "separator", "", ""],
    ]
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=T1)
    assert report.relationships == {"opened": 0, "closed": 1, "added": 0, "removed": 1}
    assert holders(engine, "OWNED_BY", "eq-1") == [("p-2", T0, T1)]
    assert holders(engine, "LOCATED_IN", "eq-1") == []
    assert holders(engine, "GOVERNED_BY", "eq-1") == [("std-u1", T0, None)]
    stored = _one(engine, "MATCH (e:Equipment {uid: 'eq-1'}) RETURN e AS e")["e"]
    assert stored["tag"] == "SEP-001" and stored["commissioned_on"] == "2021-05-10"


def test_changed_properties_update_the_node_and_its_search_tokens(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [["uid", "name", "tag", "category"], ["eq-1", "2号压缩机", "", "compressor"]]
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=T1)
    assert report.kinds["equipment"].updated == 1
    stored = _one(engine, "MATCH (e:Equipment {uid: 'eq-1'}) RETURN e AS e, e.search AS s")
    assert stored["e"] == {
        "uid": "eq-1",
        "name": "2号压缩机",
        "category": "compressor",
        "commissioned_on": "2021-05-10",
        "rev": 2,
    }
    assert "压缩" in stored["s"] and "sep" not in stored["s"]


def test_a_dry_run_counts_but_writes_nothing(engine: Engine, base_dir: Path) -> None:
    before = fingerprint(engine)
    report = import_ledgers(engine, [base_dir], as_of=T0, dry_run=True)
    assert report.dry_run and report.rows == 22 and report.kinds["people"].created == 5
    assert fingerprint(engine) == before


def test_xlsx_with_chinese_headers_and_excel_values(engine: Engine, tmp_path: Path) -> None:
    """Numbers for ids, date cells, TRUE/FALSE cells, stray spaces, Chinese choice labels,
    ignored helper columns and blank rows, in one workbook with several sheets."""
    sheets: dict[str, list[list[Any]]] = {
        "网": [
            ["编号", "名称", "层级", "类型", "上级网"],
            ["n2", " 公司 ", 2.0, "领航网", None],
            ["n3", "大队", 3, "强基网(三级网)", "n2"],
            ["n4", "支部", 4, "fortress", "n3"],
        ],
        "格": [["编号", "名称(name)", "定格方式", "所属网"], ["c1", "站", "场景化定格", "n4"]],
        "微格": [["编号", "名称", "所属格", "微格负责人"], ["m1", "微格", "c1", 1001]],
        "人员": [
            [
                "序号",
                "编号",
                "员工编号",
                "姓名",
                "是否党员",
                "岗位",
                "入职日期",
                "所在微格",
                "#备注",
            ],
            [1, "p1", 1001, "王建国", True, "采气工", datetime(2015, 7, 1), "m1", "骨干"],
            [None, None, None, None, None, None, None, None, None],
            [2, "p2", 1002.0, "李秀英", "否", None, "2016/3/9", "m1", None],
        ],
        "设备台账": [
            ["编号", "名称", "类别", "所属格", "责任人", "责任人起始日期"],
            ["e1", "分离器", "分离器", "c1", 1002, datetime(2025, 12, 1)],
        ],
    }
    report = import_ledgers(engine, [write_xlsx(tmp_path / "台账.xlsx", sheets)], as_of=T0)
    assert report.kinds["people"].created == 2 and report.kinds["people"].empty == 1
    assert report.files == {"台账.xlsx": "xlsx"}
    people = engine.run("MATCH (p:Person) RETURN p AS p ORDER BY p.uid", readonly=True)
    assert [r["p"] for r in people] == [
        {"uid": "p1", "employee_no": "1001", "name": "王建国", "party_member": True,
         "post": "采气工", "joined_on": "2015-07-01", "rev": 1},
        {"uid": "p2", "employee_no": "1002", "name": "李秀英", "party_member": False,
         "joined_on": "2016-03-09", "rev": 1},
    ]  # fmt: skip
    nets = engine.run("MATCH (n:Net) RETURN n AS n ORDER BY n.uid", readonly=True)
    assert [(r["n"]["name"], r["n"]["level"], r["n"]["kind"]) for r in nets] == [
        ("公司", 2, "navigator"),
        ("大队", 3, "strong_base"),
        ("支部", 4, "fortress"),
    ]
    assert holders(engine, "LEADS", "m1", incoming=True) == [("p1", T0, None)]
    assert holders(engine, "OWNED_BY", "e1") == [("p2", "2025-12-01T00:00:00Z", None)]


def test_a_gbk_csv_and_a_bom_csv_read_the_same(engine: Engine, tmp_path: Path) -> None:
    rows = [["uid", "code", "title", "level", "dimension", "domain"]]
    rows.append(["std-1", "TRQ/ZD-0001", "集气站巡检", "指导标准", "安全生产", "集输管理"])
    gbk = import_ledgers(
        engine, [write_csv(tmp_path / "gbk" / "标准.csv", rows, encoding="gbk")], as_of=T0
    )
    assert gbk.files == {"标准.csv": "gb18030"} and gbk.kinds["standards"].created == 1
    bom = import_ledgers(engine, [write_csv(tmp_path / "bom" / "standards.csv", rows)], as_of=T0)
    assert bom.files == {"standards.csv": "utf-8-sig"}
    assert bom.kinds["standards"].unchanged == 1
    stored = _one(engine, "MATCH (s:Standard) RETURN s.title AS t, s.domain AS d")
    assert stored == {"t": "集气站巡检", "d": "gathering"}


def test_a_start_date_beside_an_unchanged_holder_is_kept_as_recorded(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    ledger = [["uid", "name", "category", "owner", "owner_since"]]
    ledger.append(["eq-1", "1号分离器", "separator", "p-2", "2025-06-01"])
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=T1)
    assert [str(w) for w in report.warnings] == [
        "equipment.csv, row 2, column owner_since: 2025-06-01T00:00:00Z differs from the "
        "recorded start 2026-01-01T00:00:00Z of p-2; the holder is unchanged, so the recorded "
        "history is kept"
    ]
    assert holders(engine, "OWNED_BY", "eq-1") == [("p-2", T0, None)]


def test_references_by_employee_number_and_code_to_stored_nodes(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    """People named by employee number and standards by code that only the database holds."""
    ledger = [["uid", "name", "category", "cell", "owner", "standards"]]
    ledger.append(["eq-3", "加热炉", "heater", "cell-2", "E1005", "TRQ/ZD-0001;TRQ/DW-00001"])
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of=T1)
    assert report.kinds["equipment"].created == 1
    assert holders(engine, "OWNED_BY", "eq-3") == [("p-5", T1, None)]
    assert holders(engine, "GOVERNED_BY", "eq-3") == [("std-g1", T1, None), ("std-u1", T1, None)]
