"""``redgrid analytics``: the organisation-wide analytics report."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import cli_engine, console, print_json


def analytics(
    as_of: Annotated[str | None, typer.Option("--as-of", help="ISO date.")] = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="How many failure points.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Workload concentration, single points of failure, detached parts, micro-cell spans."""
    from api.render import render_analytics
    from queries.analytics import analytics_report

    with cli_engine() as engine:
        result = analytics_report(engine, as_of=as_of, top=top)
    if as_json:
        print_json(result.to_json())
    else:
        render_analytics(console, result)
