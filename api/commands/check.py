"""``redgrid check``: verify a data directory; exit 1 when anything is damaged."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import (
    TRUNCATE_DAMAGED_LOG_HELP,
    State,
    console,
    errors,
    print_json,
)


def check(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    truncate_damaged_log: Annotated[
        bool,
        typer.Option(
            "--truncate-damaged-log",
            help=TRUNCATE_DAMAGED_LOG_HELP,
        ),
    ] = False,
) -> None:
    """Check the --data directory: the append-only log command by command, that its files
    load, counts per label, audit entries without their node, links to nodes without uid."""
    from graph.aof import check_log, truncate_log
    from graph.data_check import check_data

    settings = State.settings
    if truncate_damaged_log:
        log = check_log(settings.data.resolve())
        if not log.ok and log.repairable:
            for line in truncate_log(log):
                errors.print(f"[yellow]repaired:[/yellow] {line}")
    report = check_data(settings.data, graph_name=settings.graph_name)
    if as_json:
        print_json(report.to_json())
    else:
        graph = report.counts.get(settings.graph_name, {})
        console.print(
            f"{report.data_dir}: log {len(report.log_files)} files, "
            f"{report.log_commands:,} commands; graph {settings.graph_name}: "
            f"{graph.get('nodes', {}).get('GridNode', 0):,} nodes"
        )
        for problem in report.problems:
            errors.print(f"[red]damage:[/red] {problem}")
        if report.ok:
            console.print("ok")
    if not report.ok:
        raise typer.Exit(1)
