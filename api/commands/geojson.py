"""GeoJSON for GIS users (issue 13): ``redgrid export --format geojson`` and
``redgrid import-geojson``, FeatureCollections of the mapped ledger kinds (docs/ledgers.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import (
    cli_actor,
    cli_engine,
    console,
    import_instant,
    import_refusals,
    print_json,
)


def export_geojson_files(directory: Path, net: str | None, kinds: str, as_json: bool) -> None:
    """Write one FeatureCollection per mapped kind named in ``kinds`` (comma-separated)."""
    from seed.ledgers.geojson_out import export_geojson

    chosen = tuple(k.strip() for k in kinds.split(",") if k.strip())
    with cli_engine() as engine:
        try:
            report = export_geojson(engine, directory, kinds=chosen, net=net)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--kinds") from None
    if as_json:
        print_json({"features": report.features, "unmapped": report.unmapped})
        return
    total = sum(report.features.values())
    console.print(
        f"{total:,} features in {len(report.features)} files written to {directory} "
        f"({sum(report.unmapped.values()):,} without a geometry)",
        markup=False,
    )


def import_geojson(
    paths: Annotated[list[Path], typer.Argument(help="GeoJSON FeatureCollections, or folders.")],
    crs: Annotated[
        str | None,
        typer.Option(help="The coordinates' system when the files do not say (e.g. GCJ02)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; write nothing.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="When changes take effect (ISO date or date-time; now)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import GeoJSON cells, areas, equipment …: every feature checked first; one bad feature
    and nothing is written."""
    from seed.ledgers.geojson_in import import_geojson as run_import

    moment = import_instant(as_of)
    with cli_engine() as engine, import_refusals(as_json):
        report = run_import(
            engine, paths, crs=crs, dry_run=dry_run, as_of=moment, actor=cli_actor()
        )
    if as_json:
        print_json(report.to_json())
        return
    counts = ", ".join(
        f"{key}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
        for key, c in report.kinds.items()
    )
    state = "dry run: nothing written" if dry_run else "written"
    console.print(f"{report.rows:,} features ({state}); {counts}", markup=False)
