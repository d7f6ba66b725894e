"""``redgrid serve``: run the HTTP API, one worker or several sharing the embedded database."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import SecretStr

from api.commands.common import State, console
from api.settings import Settings
from graph.connect import open_engine


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
    from api.security.proxies import uvicorn_forwarding

    settings = State.settings.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    console.print(f"RedGrid on http://{settings.host}:{settings.port}/graphql")
    logs = log_config()  # our request log replaces uvicorn's access log
    if workers == 1:
        uvicorn.run(
            create_app(settings), host=settings.host, port=settings.port, log_config=logs,
            access_log=False, **uvicorn_forwarding(settings),
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
            **uvicorn_forwarding(settings),
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
