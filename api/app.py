"""The FastAPI application: engine owned by the lifespan, GraphQL at /graphql, probes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from api.auth import router as auth_router
from api.console import CONSOLE_DIR, mount_console
from api.graphiql import mount_graphiql
from api.graphql.context import Context
from api.graphql.errors import DISK_FULL, ENGINE_UNAVAILABLE
from api.graphql.http import RETRY_AFTER_S, GraphQLHTTPRouter
from api.graphql.response_cache import ResponseCache
from api.graphql.schema import build_schema
from api.http_errors import (
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    BodyLimit,
    JSONCORSMiddleware,
    error_response,
)
from api.request_log import RequestLog
from api.security.principal import Principal, authenticate
from api.security.throttle import LoginThrottle
from api.security.tokens import signing_key
from api.settings import Settings
from graph.collector import settle_for_serving
from graph.connect import open_engine
from graph.engine import Engine
from graph.errors import DiskFull, EngineUnavailable
from graph.health import engine_health

log = logging.getLogger("redgrid.api")


def app_version() -> str:
    try:
        return version("redgrid")
    except PackageNotFoundError:
        return "0+unknown"


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]

GZIP_MIN_BYTES = 1000
"""Answers at least this long are compressed for clients that accept gzip."""


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The engine is down or its disk full: 503 with a code, never a hang or a 500."""
    code = DISK_FULL if isinstance(exc, DiskFull) else ENGINE_UNAVAILABLE
    return JSONResponse(
        {"code": code, "detail": str(exc)}, status_code=503, headers={"Retry-After": RETRY_AFTER_S}
    )


async def _graphql_http_error(request: Request, exc: Exception) -> Response:
    """A wrong method or path under /graphql answered in GraphQL's error shape; 401 (which
    names the sign-in) and everything elsewhere keep FastAPI's ``{"detail": …}``."""
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith("/graphql") and exc.status_code in (404, 405):
        if exc.status_code == 405:
            headers = {"Allow": "GET, POST"}
            return error_response(405, str(exc.detail), METHOD_NOT_ALLOWED, headers=headers)
        return error_response(404, str(exc.detail), NOT_FOUND, headers=exc.headers)
    return await http_exception_handler(request, exc)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app. Without ``engine`` the lifespan opens (and later closes) the configured one.

    Example:
        >>> app = create_app(Settings(data="data"))
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = engine is None
        app.state.engine = engine or await run_in_threadpool(open_engine, settings)
        try:
            yield
        finally:
            if owned:
                await run_in_threadpool(app.state.engine.close)

    # No /docs, /redoc or /openapi.json: their pages load from a CDN and the HTTP surface
    # they would describe is docs/security.md (sign-in) and docs/api.md (GraphQL).
    app = FastAPI(
        title="RedGrid", version=app_version(), lifespan=lifespan,
        docs_url=None, redoc_url=None, openapi_url=None,
    )  # fmt: skip
    app.state.settings = settings
    app.state.signing_key = signing_key(settings)
    app.state.login_throttle = LoginThrottle(
        settings.login_max_failures,
        settings.login_address_max_failures,
        settings.login_lockout_s,
        settings.login_backoff_max_s,
    )
    # Outermost last: the request log sees every answer (refusals included, with their
    # request id), CORS refuses foreign preflights, the body limit refuses large bodies
    # before anything reads them, and answers are compressed last.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        JSONCORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
    )
    app.add_middleware(RequestLog)
    app.add_exception_handler(EngineUnavailable, _unavailable)
    app.add_exception_handler(DiskFull, _unavailable)
    app.add_exception_handler(StarletteHTTPException, _graphql_http_error)

    @app.get("/healthz", tags=["probes"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["probes"])
    async def readyz(engine: EngineDep) -> JSONResponse:
        """``ready``; ``read-only`` (reads work, writes refused, e.g. disk full: still 200);
        or ``unavailable`` (503) — with the reason when not ready."""
        health = await run_in_threadpool(engine_health, engine)
        return JSONResponse(health.to_json(), status_code=200 if health.serving else 503)

    @app.get("/version", tags=["probes"], dependencies=[Depends(authenticate)])
    async def version_info(engine: EngineDep) -> dict[str, str]:
        return {"name": "redgrid", "version": app_version(), "engine": engine.name}

    async def context_getter(
        request: Request, principal: Annotated[Principal, Depends(authenticate)]
    ) -> Context:
        return Context(engine=request.app.state.engine, settings=settings, principal=principal)

    graphql = GraphQLHTTPRouter(
        build_schema(settings),
        context_getter=context_getter,
        graphql_ide=None,
        answers=ResponseCache(
            max_age_s=settings.response_cache_s, min_ms=settings.response_cache_min_ms
        ),
    )
    app.include_router(graphql, prefix="/graphql")
    app.include_router(auth_router)
    mount_graphiql(app)
    mount_console(app, settings.console_dir or CONSOLE_DIR)
    return app


def create_served_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app ``redgrid serve`` runs (each of its ``--workers N`` builds it with settings
    from the environment): :func:`create_app`, then the collector settled for a
    long-running server (settle_for_serving)."""
    app = create_app(settings, engine)
    settle_for_serving()
    return app
