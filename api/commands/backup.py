"""``redgrid backup DEST``: a consistent copy of the embedded database, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import State, errors, print_json
from graph.errors import GraphError


def backup(
    dest: Annotated[Path, typer.Argument(help="New or empty directory for the backup.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Copy the database while it runs: the engine's own snapshot, verified by loading it,
    with a manifest (versions, counts per label, SHA-256)."""
    from graph.backup import backup as make_backup
    from graph.falkordb_engine import FalkorDBEngine

    settings = State.settings
    try:
        engine = FalkorDBEngine(settings.data, graph_name=settings.graph_name)
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        report = make_backup(engine.connection, engine.server.data_dir, dest)
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        engine.close()
    if as_json:
        print_json(report.manifest)
        return
    graph = report.manifest["graphs"].get(settings.graph_name, {})
    nodes = graph.get("nodes", {}).get("GridNode", 0)
    print(
        f"backup of {engine.server.data_dir} in {dest}: {report.manifest['bytes']:,} bytes, "
        f"{nodes:,} nodes in graph {settings.graph_name}, sha256 {report.manifest['sha256']}"
    )
