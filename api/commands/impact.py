"""``redgrid impact``: what one person answers for."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import cli_engine, console, print_json


def impact(
    person_uid: Annotated[str, typer.Argument(help="uid of a person.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="ISO date.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Everything a person answers for, and what their leaving would orphan."""
    from api.render import render_impact
    from queries.accountability import impact as run_impact

    with cli_engine() as engine:
        result = run_impact(engine, person_uid, as_of=as_of)
    if as_json:
        print_json(result.to_json())
    else:
        render_impact(console, result)
