"""``redgrid escalate``: move every open problem and hazard past its level's deadline one net
up (docs/workflows.md). Meant for cron: running it twice on a day moves nothing more.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.commands.common import State as _State
from api.commands.common import cli_engine as _engine
from writes.audit import SYSTEM, Actor

console = Console()


def _day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def escalate(
    today: Annotated[
        str | None,
        typer.Option(
            help="Day the deadlines are judged at, YYYY-MM-DD (default: today, UTC); "
            "the moves are then recorded at its start.",
            callback=_day,
        ),
    ] = None,
    uid: Annotated[
        list[str] | None,
        typer.Option(
            "--uid",
            help="Only this problem or hazard (repeat for several), judged by the same "
            "deadlines; a uid naming neither is an error and nothing moves.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Escalate overdue problems and hazards one net up (cell → level 4 → 3 → 2); deadlines
    per level from REDGRID_ESCALATION_DAYS (default 3, 7, 15 days)."""
    from writes.workflows.escalation import escalate_overdue

    days = _State.settings.escalation_days
    with _engine() as engine:
        report = escalate_overdue(engine, Actor(SYSTEM), today=today, days=days, uids=uid)
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    levels = ", ".join(f"level {n}: {len(moves)}" for n, moves in report.by_level().items())
    console.print(
        f"{report.today}: {len(report.moved)} escalated ({levels}); deadlines "
        f"{days[0]}/{days[1]}/{days[2]} days at cell/level-4/level-3",
        markup=False,
    )
    if report.moved:
        table = Table()
        for name in ("kind", "uid", "cell", "from", "to", "since"):
            table.add_column(name)
        for move in report.moved:
            where = f"{move.source} ({move.source_level})"
            to = f"{move.target} (level-{move.target_level})"
            table.add_row(move.kind, move.uid, move.cell, where, to, move.since)
        console.print(table)
    for held in (*report.stuck, *report.changed):
        console.print(
            f"not moved: {held.kind} {held.uid} at {held.here}: {held.reason}", markup=False
        )
