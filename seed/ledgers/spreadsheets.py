"""Ledgers written as files: CSV in UTF-8 with a BOM (so Excel opens Chinese text right),
or an XLSX workbook with the ledger sheet and a notes sheet explaining every column.

Both are safe to open: a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading ``'`` (OWASP CSV-injection guidance; the import takes it off again),
and every XLSX text cell is written as a string, never as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from seed.ledgers.kinds import Kind
from seed.ledgers.notes import NOTES_TITLE, notes_rows
from seed.ledgers.sources import neutralise

FORMATS = ("xlsx", "csv")
_BOLD = Font(bold=True)


def ledger_path(directory: Path, kind: Kind, lang: str, fmt: str) -> Path:
    return directory / f"{kind.name(lang)}.{fmt}"


def write_ledger(path: Path, kind: Kind, lang: str, rows: Iterable[Sequence[Any]]) -> None:
    """Write the header of ``kind`` in ``lang`` and ``rows`` (cell values in column order)
    to ``path``; the suffix (.csv or .xlsx) chooses the format."""
    headers = [column.header(lang) for column in kind.columns]
    if path.suffix == ".csv":
        _write_csv(path, headers, rows)
    else:
        _write_xlsx(path, kind, lang, headers, rows)


def _write_csv(path: Path, headers: list[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if value is None else _csv_text(value) for value in row])


def _csv_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if isinstance(value, int | float) else neutralise(str(value))


def _write_xlsx(
    path: Path, kind: Kind, lang: str, headers: list[str], rows: Iterable[Sequence[Any]]
) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind.name(lang))
    sheet.freeze_panes = "A2"
    _widths(sheet, [max(12, len(h) * 2) for h in headers])
    sheet.append([_bold(sheet, h) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    notes = book.create_sheet(NOTES_TITLE[lang])
    _widths(notes, [18, 18, 8, 60, 70])
    for number, line in enumerate(notes_rows(kind, lang)):
        notes.append([_bold(notes, v) for v in line] if number == 0 else line)
    book.save(path)


def _widths(sheet: WriteOnlyWorksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _bold(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = _BOLD
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        cell.data_type = "s"  # a string whatever it looks like, never a formula
        return cell
    return value
