"""``redgrid trace``: the accountability chain of one uid."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import cli_engine, console, print_json


def trace(
    uid: Annotated[
        str, typer.Argument(help="uid of an object, risk point, hazard, problem or person.")
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="ISO date: the chain as it stood then.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """The accountability chain of UID up to the level-2 net head, now or as of a date."""
    from api.render import render_trace
    from queries.accountability import trace as run_trace

    with cli_engine() as engine:
        result = run_trace(engine, uid, as_of=as_of)
    if as_json:
        print_json(result.to_json())
    else:
        render_trace(console, result)
