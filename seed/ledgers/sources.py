"""Ledger files as sheets of raw rows: CSV in any encoding Chinese Excel saves, and XLSX.

CSV bytes are decoded as UTF-8 (with or without BOM) when they are valid UTF-8, else as
GB18030 (the superset of GBK that Chinese Excel saves) when they are valid GB18030, else
as ``charset-normalizer``'s best guess; ``encoding`` overrides all of that. Detectors
alone are unreliable on short Chinese text (a few lines of GBK read as Korean or Big5),
which is why GB18030 is tried before the guess.

XLSX sheets are streamed with openpyxl's read-only parser, which also reports merged
ranges once a sheet has been read.

Hostile or runaway files meet :class:`LedgerLimits` before they exhaust the machine: the
file size and (XLSX) the zip's declared uncompressed size are checked before parsing,
rows and cell lengths while streaming, so reading stops at the first row over a limit.
A cell that export neutralised against formula injection (``'=…``) is read back as
written before (``=…``).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from charset_normalizer import from_bytes
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

SUPPORTED = (".csv", ".xlsx", ".xlsm")
NOTES_SHEETS = ("notes", "说明", "填表说明")
"""Sheets the templates carry to explain the columns; never read as data."""

type RawRow = tuple[int, list[Any]]
"""A spreadsheet row number (1-based, as Excel shows it) and its cell values."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel or WPS read a cell as a formula (OWASP CSV injection)."""
NEUTRALISER = "'"
"""Put before such a cell on export, taken off on import."""

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LedgerLimits:
    """The most an import reads, so a hostile or runaway file gets a clear error instead of
    exhausting memory or time. Defaults fit Excel's own limits (1,048,576 rows, 32,767
    characters a cell) and ledgers of a few hundred thousand rows.

    Example:
        >>> LedgerLimits(max_rows=10).max_rows
        10
    """

    max_file_bytes: int = 200 * _MB
    max_unzipped_bytes: int = 1024 * _MB
    """An XLSX's declared uncompressed size, all parts together (zip bombs)."""
    max_rows: int = 1_048_576
    """Rows of one sheet or CSV file, header and blank rows included."""
    max_cell_chars: int = 32_767


def neutralise(value: str) -> str:
    """``value`` made safe to open in a spreadsheet: a leading formula trigger gets a quote
    (and so does a text that already looks neutralised, so :func:`restore` gives it back)."""
    return NEUTRALISER + value if value.lstrip(NEUTRALISER).startswith(FORMULA_TRIGGERS) else value


def restore(value: str) -> str:
    """The value :func:`neutralise` was given."""
    if value.startswith(NEUTRALISER) and value.lstrip(NEUTRALISER).startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class SourceError(Exception):
    """A file that cannot be read at all."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        self.message = message
        super().__init__(f"{file}: {message}")


@dataclass(slots=True)
class Sheet:
    """One sheet of raw rows: an XLSX worksheet, or a whole CSV file (``sheet`` None)."""

    file: Path
    sheet: str | None
    name: str
    """What the ledger kind is recognised by: the sheet name, or the CSV file's stem."""
    rows: Iterator[RawRow]
    total: int | None = None
    encoding: str | None = None
    merged: list[str] = field(default_factory=list)
    """Merged ranges (XLSX), complete once ``rows`` is exhausted."""


def ledger_files(paths: list[Path]) -> list[Path]:
    """The files to read: each file given, and every CSV/XLSX inside each directory given
    (sorted, skipping Excel's ``~$`` lock files and hidden files)."""
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUPPORTED)
            files += [p for p in found if not p.name.startswith(("~$", "."))]
        elif not path.exists():
            raise SourceError(str(path), "no such file or directory")
        else:
            files.append(path)
    return files


def read_sheets(
    path: Path, *, encoding: str | None = None, limits: LedgerLimits | None = None
) -> Iterator[Sheet]:
    """The sheets of one file (an XLSX's notes sheet and sheets named ``#…`` are left out)."""
    limits = limits or LedgerLimits()
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise SourceError(
                path.name,
                f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} "
                "(--max-file-mb); split the ledger",
            )
    if suffix == ".csv":
        yield _csv_sheet(path, encoding, limits)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_sheets(path, limits)
    elif suffix == ".xls":
        raise SourceError(path.name, "old .xls workbooks are not read; save it as .xlsx")
    else:
        raise SourceError(path.name, "not a ledger file (expected .csv or .xlsx)")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with (``ValueError`` if none)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid {encoding} text (byte {exc.start})") from None
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16"
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    guess = from_bytes(data).best()
    if guess is None:
        raise ValueError("cannot tell the text encoding; pass --encoding")
    return str(guess), guess.encoding


def _csv_sheet(path: Path, encoding: str | None, limits: LedgerLimits) -> Sheet:
    try:
        content, used = decode(path.read_bytes(), encoding)
    except ValueError as exc:
        raise SourceError(path.name, str(exc)) from None
    first = content.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    # The csv module's own cap (131,072 by default) would fail before the clear error of
    # max_cell_chars; the text is in memory already (within max_file_bytes), so lift it.
    csv.field_size_limit(max(csv.field_size_limit(), len(content) + 1))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    total = content.count("\n")
    return Sheet(path, None, path.stem, _csv_rows(path, reader, limits), total, used)


def _csv_rows(path: Path, reader: Iterator[list[str]], limits: LedgerLimits) -> Iterator[RawRow]:
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield _checked(path, number, values, limits)
    except csv.Error as exc:
        raise SourceError(path.name, f"row {number + 1}: not readable as CSV ({exc})") from None


def _checked(path: Path, number: int, values: list[Any], limits: LedgerLimits) -> RawRow:
    """A row within the limits, its neutralised cells restored."""
    if number > limits.max_rows:
        raise SourceError(
            path.name,
            f"more than {limits.max_rows:,} rows (--max-rows); split the ledger",
        )
    for index, value in enumerate(values):
        if isinstance(value, str):
            if len(value) > limits.max_cell_chars:
                raise SourceError(
                    path.name,
                    f"row {number}, column {index + 1}: a cell of {len(value):,} characters, "
                    f"over the limit of {limits.max_cell_chars:,} (--max-cell-chars)",
                )
            if value.startswith(NEUTRALISER):
                values[index] = restore(value)
    return number, values


def _check_zip(path: Path, limits: LedgerLimits) -> None:
    """Refuse a workbook whose parts declare more uncompressed bytes than allowed, before
    any part is inflated (zipfile never inflates a member past its declared size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(path.name, f"not a readable XLSX workbook ({exc})") from None
    if declared > limits.max_unzipped_bytes:
        raise SourceError(
            path.name,
            f"the workbook unpacks to {declared:,} bytes, over the limit of "
            f"{limits.max_unzipped_bytes:,} (--max-unzipped-mb)",
        )


def _xlsx_sheets(path: Path, limits: LedgerLimits) -> Iterator[Sheet]:
    _check_zip(path, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError or XML errors on bad files
        raise SourceError(path.name, f"not a readable XLSX workbook ({exc})") from None
    try:
        for worksheet in book.worksheets:
            title = worksheet.title.strip()
            if title.casefold() in NOTES_SHEETS or title.startswith("#"):
                continue
            assert isinstance(worksheet, ReadOnlyWorksheet)
            declared = worksheet.max_row
            if declared is not None and declared > limits.max_rows:
                raise SourceError(
                    path.name,
                    f"sheet {worksheet.title} declares {declared:,} rows, more than "
                    f"{limits.max_rows:,} (--max-rows); split the ledger",
                )
            sheet = Sheet(path, worksheet.title, worksheet.title, iter(()), declared)
            sheet.rows = _worksheet_rows(worksheet, sheet, limits)
            yield sheet
    finally:
        book.close()


def _worksheet_rows(
    worksheet: ReadOnlyWorksheet, sheet: Sheet, limits: LedgerLimits
) -> Iterator[RawRow]:
    """Rows of a read-only worksheet through openpyxl's own parser, which (unlike the
    read-only worksheet API) also collects the merged ranges; they fill ``sheet.merged``
    when the rows are exhausted. Relies on openpyxl 3.1 internals (pinned)."""
    book = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            values: list[Any] = [None] * (max((c["column"] for c in cells), default=0))
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield _checked(sheet.file, number, values, limits)
        if parser.merged_cells is not None:
            sheet.merged = [str(merge.ref) for merge in parser.merged_cells.mergeCell]
