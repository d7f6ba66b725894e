"""``redgrid serve``: run the HTTP API, one worker or several sharing the embedded database."""

from __future__ import annotations

import copy
import json
import os
import signal
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import SecretStr

from api.commands.common import TRUNCATE_DAMAGED_LOG_HELP, State, cli_engine, console
from api.settings import Settings


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
    truncate_damaged_log: Annotated[
        bool, typer.Option("--truncate-damaged-log", help=TRUNCATE_DAMAGED_LOG_HELP)
    ] = False,
) -> None:
    """Run the HTTP API (GraphQL at /graphql, /healthz, /readyz, /version). A damaged
    append-only log stops the start, naming the file and byte, unless
    ``--truncate-damaged-log`` says to start from its last complete command."""
    import uvicorn

    from api.app import create_served_app
    from api.security.proxies import uvicorn_forwarding

    settings = State.settings.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    logs = log_config()  # our request log replaces uvicorn's access log
    # This process holds the embedded database for the server's lifetime (workers join it,
    # so a worker restarting never takes the database down with it); opening it first
    # turns a damaged log or a missing directory into one line instead of a traceback.
    State.settings = settings
    _exit_on(signal.SIGTERM)
    with cli_engine(truncate_damaged_log=truncate_damaged_log) as engine:
        console.print(f"RedGrid on http://{settings.host}:{settings.port}/graphql")
        if workers == 1:
            uvicorn.run(
                create_served_app(settings, engine), host=settings.host, port=settings.port,
                log_config=logs, access_log=False, **uvicorn_forwarding(settings),
            )  # fmt: skip
            return
        os.environ.update(settings_environment(settings))
        uvicorn.run(
            "api.app:create_served_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_config=logs,
            access_log=False,
            **uvicorn_forwarding(settings),
        )


def _exit_on(signum: signal.Signals) -> None:
    """Make ``signum`` end this process by unwinding it (exit status 0: a requested stop), so
    the embedded database it holds is shut down. uvicorn shuts the server down gracefully on
    SIGTERM, then raises the signal again under the handler it found: with the default one,
    the process would die there and leave the database's server running (a service
    manager's stop)."""

    def leave(_received: int, _frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signum, leave)


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
