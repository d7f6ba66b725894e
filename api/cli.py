"""The ``redgrid`` command line: seed, serve, stats, queries, and ledger import/export."""

from __future__ import annotations

import copy
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import SecretStr
from rich.console import Console
from rich.table import Table

from api.commands.escalate import escalate
from api.commands.users import users
from api.settings import Settings
from graph.connect import open_engine
from graph.engine import Engine
from graph.errors import GraphError
from queries.audit import Actor

app = typer.Typer(
    name="redgrid",
    help="RedGrid: the responsibility knowledge base of the red grid (红色网格).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)


class _State:
    settings: Settings = Settings()


@app.callback()
def main_options(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="REDGRID_DATA",
            help="Data directory of the embedded engine (default ./data).",
        ),
    ] = None,
) -> None:
    _State.settings = Settings(data=data) if data is not None else Settings()


@contextmanager
def _engine() -> Iterator[Engine]:
    try:
        engine = open_engine(_State.settings)
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        yield engine
    except GraphError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        engine.close()


@app.command()
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

    with _engine() as engine:
        if if_empty and not reset and not is_empty(engine):
            console.print("graph already holds data; not seeding (use --reset to replace it)")
            return
        report = seed_database(
            engine, scale=scale, seed=seed_value, reset=reset, progress=sys.stderr.isatty()
        )
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
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


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Counts per node label and relationship type."""
    from queries.stats import graph_stats

    with _engine() as engine:
        result = graph_stats(engine)
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    for title, counts in (("label", result.nodes), ("relationship", result.relationships)):
        table = Table()
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, f"{count:,}")
        console.print(table)
    console.print(
        f"{result.total_nodes:,} nodes, {result.total_relationships:,} relationships "
        f"({result.engine})"
    )


@app.command()
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

    with _engine() as engine:
        result = run_trace(engine, uid, as_of=as_of)
    if as_json:
        _print_json(result.to_json())
    else:
        render_trace(console, result)


@app.command()
def impact(
    person_uid: Annotated[str, typer.Argument(help="uid of a person.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="ISO date.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Everything a person answers for, and what their leaving would orphan."""
    from api.render import render_impact
    from queries.accountability import impact as run_impact

    with _engine() as engine:
        result = run_impact(engine, person_uid, as_of=as_of)
    if as_json:
        _print_json(result.to_json())
    else:
        render_impact(console, result)


class GapFormat(StrEnum):
    md = "md"
    json = "json"
    csv = "csv"


@app.command()
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

    with _engine() as engine:
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
        _print_json(report.to_json())
    elif output is GapFormat.csv:
        sys.stdout.write(report.to_csv())
    else:
        sys.stdout.write(report.to_markdown())


@app.command()
def tree(
    uid: Annotated[str, typer.Argument(help="uid of a cell or a net.")],
    today: Annotated[str | None, typer.Option(help="ISO date the tree is read at.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """The business tree (业务树) of a cell or net: root, trunk, leaves, fruit."""
    from api.render import render_tree
    from queries.business_tree import business_tree

    with _engine() as engine:
        result = business_tree(engine, uid, today=today)
    if as_json:
        _print_json(result.to_json())
    else:
        render_tree(console, result)


@app.command()
def analytics(
    as_of: Annotated[str | None, typer.Option("--as-of", help="ISO date.")] = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="How many failure points.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Workload concentration, single points of failure, detached parts, micro-cell spans."""
    from api.render import render_analytics
    from queries.analytics import analytics_report

    with _engine() as engine:
        result = analytics_report(engine, as_of=as_of, top=top)
    if as_json:
        _print_json(result.to_json())
    else:
        render_analytics(console, result)


class LedgerFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


class LedgerLang(StrEnum):
    en = "en"
    zh = "zh"


@app.command()
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


@app.command("import")
def import_ledgers(
    paths: Annotated[list[Path], typer.Argument(help="CSV/XLSX ledgers, or directories.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; write nothing.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="When changes take effect (ISO date or date-time; now)."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of CSV files (default: detected).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import ledgers: every row checked first; one bad row and nothing is written."""
    from graph.properties import to_timestamp
    from seed.ledgers import LedgerError
    from seed.ledgers import import_ledgers as run_import

    try:
        moment = to_timestamp(as_of) if as_of is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-of") from None
    with _engine() as engine:
        try:
            report = run_import(
                engine,
                paths,
                dry_run=dry_run,
                as_of=moment,
                encoding=encoding,
                progress=sys.stderr.isatty() and not as_json,
                actor=Actor(f"cli:{getpass.getuser()}"),
            )
        except LedgerError as exc:
            if as_json:
                _print_json({"errors": [str(issue) for issue in exc.issues]})
            else:
                errors.print(str(exc), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    if as_json:
        _print_json(report.to_json())
        return
    table = Table(title=f"ledgers as of {report.as_of}")
    for name in ("kind", "created", "updated", "unchanged", "blank rows"):
        table.add_column(name, justify="left" if name == "kind" else "right")
    for kind, counts in report.kinds.items():
        numbers = (counts.created, counts.updated, counts.unchanged, counts.empty)
        table.add_row(kind, *(f"{n:,}" for n in numbers))
    console.print(table)
    links = ", ".join(f"{n:,} {what}" for what, n in report.relationships.items())
    console.print(f"relationships: {links}", markup=False)
    for warning in report.warnings:
        errors.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if dry_run:
        console.print("dry run: nothing written")
    else:
        console.print(
            f"{report.rows:,} rows in {report.seconds:.1f}s ({report.rows_per_second:,.0f} rows/s)"
        )


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Where to write the ledgers.")],
    output: Annotated[LedgerFormat, typer.Option("--format", help="xlsx or csv.")] = (
        LedgerFormat.xlsx
    ),
    net: Annotated[
        str | None, typer.Option(help="Only this net's (or cell's) subtree and what it names.")
    ] = None,
    lang: Annotated[LedgerLang, typer.Option(help="Headers and values in English or Chinese.")] = (
        LedgerLang.en
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Export the ledgers (the templates filled from the database); health records never."""
    from seed.ledgers import export_ledgers

    with _engine() as engine:
        report = export_ledgers(
            engine,
            directory,
            fmt=output.value,
            lang=lang.value,
            net=net,
            progress=sys.stderr.isatty() and not as_json,
        )
    if as_json:
        _print_json(report.to_json())
        return
    total = sum(report.rows.values())
    console.print(
        f"{total:,} rows in {len(report.rows)} files written to {directory} "
        f"in {report.seconds:.1f}s",
        markup=False,
    )


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes (GraphQL runs on one core per process; the embedded "
            "database is shared).",
        ),
    ] = 1,
) -> None:
    """Run the HTTP API (GraphQL at /graphql, /healthz, /readyz, /version)."""
    import uvicorn

    from api.app import create_app

    settings = _State.settings.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    console.print(f"RedGrid on http://{settings.host}:{settings.port}/graphql")
    logs = log_config()  # our request log replaces uvicorn's access log
    if workers == 1:
        uvicorn.run(
            create_app(settings), host=settings.host, port=settings.port, log_config=logs,
            access_log=False,
        )  # fmt: skip
        return
    # This process holds the embedded database for the workers' lifetime (they join it), so
    # a worker restarting never takes the database down with it.
    engine = open_engine(settings)
    try:
        os.environ.update(settings_environment(settings))
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_config=logs,
            access_log=False,
        )
    finally:
        engine.close()


def log_config() -> dict[str, Any]:
    """uvicorn's logging set-up, with RedGrid's loggers (``redgrid.*``: request log, GraphQL
    errors) written by the same handler at INFO."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["redgrid"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def settings_environment(settings: Settings) -> dict[str, str]:
    """``REDGRID_*`` variables reproducing ``settings`` in another process.

    Example:
        >>> settings_environment(Settings(data="/srv/d"))["REDGRID_DATA"]
        '/srv/d'
    """
    result = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, SecretStr):
            text = value.get_secret_value()
        elif isinstance(value, str | Path):
            text = str(value)
        else:
            text = json.dumps(value)
        result[f"REDGRID_{name.upper()}"] = text
    return result


app.add_typer(users, name="users")
app.command("escalate")(escalate)


def main() -> None:
    app()
