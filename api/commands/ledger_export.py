"""``redgrid export``: the ledgers filled from the database (health records never)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import LedgerFormat, LedgerLang, cli_engine, console, print_json
from api.commands.geojson import export_geojson_files


class ExportFormat(StrEnum):
    """The ledger formats (``LedgerFormat``), and GeoJSON for the mapped kinds (export only)."""

    xlsx = LedgerFormat.xlsx.value
    csv = LedgerFormat.csv.value
    geojson = "geojson"


def export(
    directory: Annotated[Path, typer.Argument(help="Where to write the ledgers.")],
    output: Annotated[
        ExportFormat,
        typer.Option("--format", help="xlsx, csv, or geojson (mapped kinds, see --kinds)."),
    ] = ExportFormat.xlsx,
    net: Annotated[
        str | None, typer.Option(help="Only this net's (or cell's) subtree and what it names.")
    ] = None,
    lang: Annotated[LedgerLang, typer.Option(help="Headers and values in English or Chinese.")] = (
        LedgerLang.en
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    kinds: Annotated[
        str,
        typer.Option(help="With --format geojson: the mapped kinds, comma-separated."),
    ] = "cells,areas,equipment",
) -> None:
    """Export the ledgers (the templates filled from the database); health records never."""
    from seed.ledgers import export_ledgers

    if output is ExportFormat.geojson:
        export_geojson_files(directory, net, kinds, as_json)
        return

    with cli_engine() as engine:
        report = export_ledgers(
            engine,
            directory,
            fmt=output.value,
            lang=lang.value,
            net=net,
            progress=sys.stderr.isatty() and not as_json,
        )
    if as_json:
        print_json(report.to_json())
        return
    total = sum(report.rows.values())
    console.print(
        f"{total:,} rows in {len(report.rows)} files written to {directory} "
        f"in {report.seconds:.1f}s",
        markup=False,
    )
