"""``redgrid restore SRC``: a backup into an empty data directory, checked against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.common import State, errors


def restore(
    src: Annotated[Path, typer.Argument(help="Directory made by `redgrid backup`.")],
) -> None:
    """Restore SRC into the (empty or new) --data directory: the checksum is verified first,
    and the restored database must count what the manifest says."""
    from graph.backup import restore as restore_backup
    from graph.errors import GraphError

    data = State.settings.data
    try:
        manifest = restore_backup(src, data)
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    print(f"restored {src} (made {manifest['created']}) into {data}; counts match its manifest")
