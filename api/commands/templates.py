"""``redgrid templates``: empty ledger templates to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import LedgerFormat, LedgerLang, console


def templates(
    directory: Annotated[Path, typer.Argument(help="Where to write the templates.")],
    output: Annotated[
        LedgerFormat, typer.Option("--format", help="xlsx (with a notes sheet) or csv.")
    ] = LedgerFormat.xlsx,
    lang: Annotated[LedgerLang, typer.Option(help="Headers in English or Chinese.")] = (
        LedgerLang.en
    ),
) -> None:
    """Write an empty ledger template (台账模板) per kind: nets, cells, people, equipment ..."""
    from seed.ledgers import write_templates

    paths = write_templates(directory, fmt=output.value, lang=lang.value)
    console.print(f"{len(paths)} templates written to {directory}", markup=False)
