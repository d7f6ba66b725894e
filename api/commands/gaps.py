"""``redgrid gaps``: coverage gaps by named rule, as Markdown, JSON or CSV."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from api.commands.common import cli_engine, print_json


class GapFormat(StrEnum):
    md = "md"
    json = "json"
    csv = "csv"


def gaps(
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="Rule id (repeatable); default: all.")
    ] = None,
    net: Annotated[
        str | None, typer.Option(help="Only the subtree of this net or cell uid.")
    ] = None,
    output: Annotated[GapFormat, typer.Option("--format", help="Output format.")] = GapFormat.md,
    today: Annotated[str | None, typer.Option(help="ISO date deadlines are judged at.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="ISO date of the assignments.")
    ] = None,
    overload: Annotated[
        int, typer.Option(min=1, help="Objects a person may own before being overloaded.")
    ] = 40,
    training_days: Annotated[
        int, typer.Option(min=1, help="Days within which every cell needs a training.")
    ] = 180,
) -> None:
    """Coverage gaps by named rule, rolled up per net (rule ids: see docs/coverage.md)."""
    from queries.coverage import gaps as run_gaps

    with cli_engine() as engine:
        report = run_gaps(
            engine,
            rule or None,
            net,
            today=today,
            as_of=as_of,
            overload_threshold=overload,
            training_days=training_days,
        )
    if output is GapFormat.json:
        print_json(report.to_json())
    elif output is GapFormat.csv:
        sys.stdout.write(report.to_csv())
    else:
        sys.stdout.write(report.to_markdown())
