"""``redgrid stats``: counts per node label and relationship type."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.commands.common import cli_engine, console, print_json


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Counts per node label and relationship type."""
    from queries.stats import graph_stats

    with cli_engine() as engine:
        result = graph_stats(engine)
    if as_json:
        print_json(result.to_json())
        return
    for title, counts in (("label", result.nodes), ("relationship", result.relationships)):
        table = Table()
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, f"{count:,}")
        console.print(table)
    console.print(
        f"{result.total_nodes:,} nodes, {result.total_relationships:,} relationships "
        f"({result.engine})"
    )
