"""Empty ledger templates, one file per kind, for an organisation to fill in."""

from __future__ import annotations

from pathlib import Path

from seed.ledgers.kinds import KINDS
from seed.ledgers.spreadsheets import FORMATS, ledger_path, write_ledger


def write_templates(directory: Path, *, fmt: str = "xlsx", lang: str = "en") -> list[Path]:
    """Write an empty template per ledger kind into ``directory`` (created if missing):
    XLSX with the header row and a notes sheet, or CSV (UTF-8 with BOM) with the header.
    Returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = ledger_path(directory, kind, lang, fmt)
        write_ledger(path, kind, lang, [])
        written.append(path)
    return written
