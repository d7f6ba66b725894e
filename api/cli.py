"""The ``redgrid`` command line: the typer app, its global ``--data`` option, and one line
registering each command module of ``api.commands``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands import (
    analytics,
    backup,
    check,
    escalate,
    gaps,
    geojson,
    impact,
    ledger_export,
    ledger_import,
    restore,
    seed,
    serve,
    stats,
    templates,
    trace,
    tree,
    users,
)
from api.commands.common import State
from api.settings import Settings

app = typer.Typer(
    name="redgrid",
    help="RedGrid: the responsibility knowledge base of the red grid (红色网格).",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main_options(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="REDGRID_DATA",
            help="Data directory of the embedded engine (default ./data).",
        ),
    ] = None,
) -> None:
    State.settings = Settings(data=data) if data is not None else Settings()


app.command()(seed.seed)
app.command()(stats.stats)
app.command()(trace.trace)
app.command()(impact.impact)
app.command()(gaps.gaps)
app.command()(tree.tree)
app.command()(analytics.analytics)
app.command()(templates.templates)
app.command("import")(ledger_import.import_ledgers)
app.command()(ledger_export.export)
app.command("import-geojson")(geojson.import_geojson)
app.command()(serve.serve)
app.add_typer(users.users, name="users")
app.command()(escalate.escalate)
app.command()(backup.backup)
app.command()(restore.restore)
app.command()(check.check)


def main() -> None:
    app()
