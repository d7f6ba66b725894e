"""``redgrid import``: load filled-in ledgers, all rows checked before anything is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.commands.common import (
    cli_actor,
    cli_engine,
    console,
    errors,
    import_instant,
    import_refusals,
    print_json,
)
from api.settings import Settings


def import_ledgers(
    paths: Annotated[list[Path], typer.Argument(help="CSV/XLSX ledgers, or directories.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; write nothing.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="When changes take effect (ISO date or date-time; now)."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of CSV files (default: detected).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse governance-rule violations (a person in two micro-cells ...) "
            "instead of importing them with a warning.",
        ),
    ] = False,
    max_file_mb: Annotated[
        int | None, typer.Option(min=1, help="Largest file read (REDGRID_LEDGER_MAX_FILE_MB).")
    ] = None,
    max_unzipped_mb: Annotated[
        int | None,
        typer.Option(min=1, help="Largest unpacked XLSX (REDGRID_LEDGER_MAX_UNZIPPED_MB)."),
    ] = None,
    max_rows: Annotated[
        int | None, typer.Option(min=1, help="Most rows a sheet (REDGRID_LEDGER_MAX_ROWS).")
    ] = None,
    max_cell_chars: Annotated[
        int | None,
        typer.Option(min=1, help="Longest cell (REDGRID_LEDGER_MAX_CELL_CHARS)."),
    ] = None,
) -> None:
    """Import ledgers: every row checked first; one bad row and nothing is written."""
    from seed.ledgers import LedgerLimits
    from seed.ledgers import import_ledgers as run_import

    settings = Settings()
    mb = 1024 * 1024
    limits = LedgerLimits(
        max_file_bytes=(max_file_mb or settings.ledger_max_file_mb) * mb,
        max_unzipped_bytes=(max_unzipped_mb or settings.ledger_max_unzipped_mb) * mb,
        max_rows=max_rows or settings.ledger_max_rows,
        max_cell_chars=max_cell_chars or settings.ledger_max_cell_chars,
    )

    moment = import_instant(as_of)
    with cli_engine() as engine, import_refusals(as_json):
        report = run_import(
            engine,
            paths,
            dry_run=dry_run,
            as_of=moment,
            encoding=encoding,
            progress=sys.stderr.isatty() and not as_json,
            actor=cli_actor(),
            strict=strict,
            limits=limits,
        )
    if as_json:
        print_json(report.to_json())
        return
    table = Table(title=f"ledgers as of {report.as_of}")
    for name in ("kind", "created", "updated", "unchanged", "blank rows"):
        table.add_column(name, justify="left" if name == "kind" else "right")
    for kind, counts in report.kinds.items():
        numbers = (counts.created, counts.updated, counts.unchanged, counts.empty)
        table.add_row(kind, *(f"{n:,}" for n in numbers))
    console.print(table)
    links = ", ".join(f"{n:,} {what}" for what, n in report.relationships.items())
    console.print(f"relationships: {links}", markup=False)
    for warning in report.warnings:
        errors.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if dry_run:
        console.print("dry run: nothing written")
    else:
        console.print(
            f"{report.rows:,} rows in {report.seconds:.1f}s ({report.rows_per_second:,.0f} rows/s)"
        )
