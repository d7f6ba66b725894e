"""``redgrid tree``: the business tree of a cell or net."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import cli_engine, console, print_json


def tree(
    uid: Annotated[str, typer.Argument(help="uid of a cell or a net.")],
    today: Annotated[str | None, typer.Option(help="ISO date the tree is read at.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """The business tree (业务树) of a cell or net: root, trunk, leaves, fruit."""
    from api.render import render_tree
    from queries.business_tree import business_tree

    with cli_engine() as engine:
        result = business_tree(engine, uid, today=today)
    if as_json:
        print_json(result.to_json())
    else:
        render_tree(console, result)
