"""What the ``redgrid`` commands share: the settings the global options chose, the engine
opened with one-line errors, the two consoles, JSON output and the ledger format options."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

import typer
from rich.console import Console

from api.settings import Settings
from graph.connect import open_engine
from graph.engine import Engine
from graph.errors import GraphError
from writes.audit import Actor

console = Console()
errors = Console(stderr=True)


class State:
    """The settings chosen by the global options; the app's callback sets them before any
    command runs."""

    settings: Settings = Settings()


@contextmanager
def cli_engine(*, truncate_damaged_log: bool = False) -> Iterator[Engine]:
    """The engine of the chosen settings, closed on the way out; a graph error becomes one red
    line on stderr and exit code 2 (cannot open) or 1 (failed while working).
    ``truncate_damaged_log``: start from the last complete command of a damaged log, and
    say what was cut."""
    try:
        engine = open_engine(State.settings, truncate_damaged_log=truncate_damaged_log)
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    server = getattr(engine, "server", None)
    for line in getattr(server, "repairs", None) or ():
        errors.print(f"[yellow]repaired:[/yellow] {line}")
    try:
        yield engine
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        engine.close()


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def cli_actor() -> Actor:
    """The audit actor of a change made from the command line: the operating-system user."""
    return Actor(f"cli:{getpass.getuser()}")


class LedgerFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


class LedgerLang(StrEnum):
    en = "en"
    zh = "zh"


TRUNCATE_DAMAGED_LOG_HELP = (
    "Cut a damaged append-only log back to its last complete command first (what is cut is "
    "kept under DATA/damaged/ and printed)."
)


def import_instant(as_of: str | None) -> str | None:
    """The stored instant of an import's ``--as-of`` (None: the import's own time); a bad
    value is a usage error naming the option."""
    from graph.properties import to_timestamp

    try:
        return to_timestamp(as_of) if as_of is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-of") from None


@contextmanager
def import_refusals(as_json: bool) -> Iterator[None]:
    """A refused import (``LedgerError``): every issue, as JSON or as text, and exit code 1."""
    from seed.ledgers import LedgerError

    try:
        yield
    except LedgerError as exc:
        if as_json:
            print_json({"errors": [str(issue) for issue in exc.issues]})
        else:
            errors.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
