"""``redgrid seed``: generate the article's organisation and load it."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from api.commands.common import cli_engine, console, print_json


def seed(
    scale: Annotated[int, typer.Option(min=1, max=200, help="Multiplies the volumes.")] = 1,
    seed_value: Annotated[int, typer.Option("--seed", help="Random seed.")] = 2026,
    reset: Annotated[bool, typer.Option(help="Delete everything first.")] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the graph holds data.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Generate the article's organisation (deterministic) and load it; safe to repeat."""
    from seed import seed_database
    from seed.loader import is_empty

    with cli_engine() as engine:
        if if_empty and not reset and not is_empty(engine):
            console.print("graph already holds data; not seeding (use --reset to replace it)")
            return
        report = seed_database(
            engine, scale=scale, seed=seed_value, reset=reset, progress=sys.stderr.isatty()
        )
    if as_json:
        print_json(report.to_json())
        return
    table = Table(title=f"seeded scale {scale}, seed {seed_value} in {report.seconds:.1f}s")
    table.add_column("label")
    table.add_column("nodes", justify="right")
    for label, count in report.nodes.items():
        table.add_row(label, f"{count:,}")
    console.print(table)
    defects = Table(title="deliberate defects (known answers for gap analysis)")
    defects.add_column("rule")
    defects.add_column("count", justify="right")
    for rule, uids in report.defects.items():
        defects.add_row(rule, str(len(uids)))
    console.print(defects)
