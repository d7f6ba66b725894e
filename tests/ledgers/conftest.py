"""Ledger fixtures: a small organisation written as CSV files, helpers to write CSV/XLSX
ledgers by hand."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from graph.engine import Engine
from graph.falkordb_engine import FalkorDBEngine
from seed.ledgers import ImportReport, import_ledgers

_numbers = itertools.count(1)

T0 = "2026-01-01T00:00:00Z"
"""When the base organisation is imported."""

type Rows = Sequence[Sequence[Any]]

BASE: dict[str, list[list[Any]]] = {
    "nets": [
        ["uid", "name", "level", "kind", "parent"],
        ["net-2", "天然气分公司", 2, "navigator", ""],
        ["net-3", "采气一大队", 3, "strong_base", "net-2"],
        ["net-4", "徐深作业区党支部", 4, "fortress", "net-3"],
    ],
    "cells": [
        ["uid", "name", "mode", "net"],
        ["cell-1", "徐深17集气站先锋格", "scene", "net-4"],
        ["cell-2", "设备维护先锋格", "duty", "net-4"],
    ],
    "microcells": [
        ["uid", "name", "cell", "lead"],
        ["mc-1", "王建国微格", "cell-1", "p-1"],
        ["mc-2", "赵敏微格", "cell-2", "p-4"],
    ],
    "people": [
        ["uid", "employee_no", "name", "party_member", "post", "microcell"],
        ["p-1", "E1001", "王建国", "是", "采气工", "mc-1"],
        ["p-2", "E1002", "李秀英", "否", "集输工", "mc-1"],
        ["p-3", "E1003", "张伟", "否", "仪表工", "mc-1"],
        ["p-4", "E1004", "赵敏", "是", "电工", "mc-2"],
        ["p-5", "E1005", "刘洋", "否", "司机", "mc-2"],
    ],
    "posts": [
        ["unit", "post", "person"],
        ["net-2", "head", "p-4"],
        ["net-4", "网长", "p-1"],
        ["cell-1", "格长", "p-1"],
        ["cell-1", "safety_supervisor", "p-2"],
        ["cell-1", "宣传员", "p-2;p-3"],
    ],
    "standards": [
        ["uid", "code", "title", "level", "dimension", "domain", "derived_from"],
        ["std-g1", "TRQ/ZD-0001", "集气站巡检指导标准", "guidance", "safety", "gathering", ""],
        [
            "std-u1",
            "TRQ/DW-00001",
            "徐深17站巡检标准",
            "unit",
            "safety",
            "gathering",
            "TRQ/ZD-0001",
        ],
    ],
    "areas": [
        ["uid", "name", "kind", "cell", "owner", "standards"],
        ["area-1", "徐深17站场", "station yard", "cell-1", "p-2", "std-u1"],
    ],
    "equipment": [
        ["uid", "name", "tag", "category", "commissioned_on", "cell", "area", "owner", "standards"],
        [
            "eq-1",
            "1号分离器",
            "SEP-001",
            "separator",
            "2021-05-10",
            "cell-1",
            "area-1",
            "p-2",
            "std-u1",
        ],
        ["eq-2", "进站阀门", "VLV-001", "阀门", "", "cell-1", "area-1", "E1003", "std-g1;std-u1"],
    ],
}


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8-sig") -> Path:
    """``rows`` as a CSV file in ``encoding`` (UTF-8 with BOM, as Excel saves, by default)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: Mapping[str, Rows], *, merged: Sequence[str] = ()) -> Path:
    """A workbook with one sheet per entry (merged ranges applied to the first sheet)."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    for ref in merged:
        book.worksheets[0].merge_cells(ref)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_base(directory: Path) -> Path:
    for kind, rows in BASE.items():
        write_csv(directory / f"{kind}.csv", rows)
    return directory


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    """The small organisation as one CSV per kind."""
    return write_base(tmp_path / "base")


@pytest.fixture
def base(engine: Engine, base_dir: Path) -> ImportReport:
    """The small organisation imported at ``T0``."""
    return import_ledgers(engine, [base_dir], as_of=T0)


def holders(engine: Engine, rel_type: str, uid: str, *, incoming: bool = False) -> list[tuple]:
    """``(other uid, since, until)`` of every ``rel_type`` relationship at ``uid``, sorted."""
    if incoming:
        query = (
            "MATCH (o)-[r]->(n {uid: $uid}) WHERE type(r) = $t "
            "RETURN o.uid AS o, r.since AS s, r.until AS u"
        )
    else:
        query = (
            "MATCH (n {uid: $uid})-[r]->(o) WHERE type(r) = $t "
            "RETURN o.uid AS o, r.since AS s, r.until AS u"
        )
    rows = engine.run(query, {"uid": uid, "t": rel_type}, readonly=True)
    return sorted(((r["o"], r["s"], r["u"]) for r in rows), key=lambda t: [v or "" for v in t])


@pytest.fixture
def empty_engine(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    """A second fresh graph beside ``engine``: the "empty database" of a round trip."""
    graph = FalkorDBEngine(data_dir, graph_name=f"ledgers-empty-{next(_numbers)}")
    graph.ensure_schema()
    yield graph
    graph.clear()
    graph.close()


def compare_exports(first: Path, second: Path) -> None:
    """The same files with the same content: CSV byte for byte, XLSX cell for cell (a
    workbook's zip also stores when it was written)."""
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        a, b = first / name, second / name
        if a.suffix == ".csv":
            assert a.read_bytes() == b.read_bytes(), name
        else:
            assert _cells(a) == _cells(b), name


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()
