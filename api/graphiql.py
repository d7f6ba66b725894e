"""The GraphiQL IDE, served from files vendored under api/static/graphiql/ — never from a CDN.

The page is strawberry's own graphiql.html, adapted by ``scripts/vendor-graphiql`` to load
React, GraphiQL and the explorer plugin from this app; see docs/graphiql.md.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS_DIR", "CONTENT_SECURITY_POLICY", "GRAPHIQL_DIR", "mount_graphiql", "render_page"]

GRAPHIQL_DIR = Path(__file__).parent / "static" / "graphiql"
ASSETS_DIR = GRAPHIQL_DIR / "assets"
TEMPLATE = GRAPHIQL_DIR / "index.html"

# Placeholders written into the template by scripts/vendor-graphiql.
STATIC_URL_TOKEN = "{{ STATIC_URL }}"
GRAPHQL_URL_TOKEN = "{{ GRAPHQL_URL_JSON }}"

# The browser enforces "no CDN": the page may load and call this origin only. The inline
# bootstrap script and style of strawberry's page need 'unsafe-inline'; the CSS embeds its
# fonts as data: URIs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
    ]
)


def render_page(template: str, *, static_url: str, graphql_url: str) -> str:
    """Fill the page template: asset URLs go into HTML attributes, the endpoint into JavaScript.

    Example:
        >>> render_page('<script src="{{ STATIC_URL }}/a.js">', static_url="/s", graphql_url="/g")
        '<script src="/s/a.js">'
    """
    endpoint = json.dumps(graphql_url).replace("<", "\\u003c").replace(">", "\\u003e")
    return template.replace(STATIC_URL_TOKEN, html.escape(static_url, quote=True)).replace(
        GRAPHQL_URL_TOKEN, endpoint
    )


def _route_path(value: str, argument: str) -> str:
    if not value.startswith("/"):
        raise ValueError(f"{argument} must be an absolute path like '/graphql', got {value!r}")
    return value.rstrip("/") or "/"


def mount_graphiql(
    app: FastAPI, *, graphql_path: str = "/graphql", path: str = "/graphiql"
) -> None:
    """Serve the IDE at ``path`` (assets under ``{path}/static``), posting to ``graphql_path``.

    URLs in the page are prefixed with the ASGI ``root_path``, so the IDE keeps working
    behind a reverse proxy that mounts the app below a prefix. The headers tab is enabled:
    a user pastes ``{"Authorization": "Bearer <token>"}`` there to call the API as themself.

    Example:
        >>> app = FastAPI()
        >>> mount_graphiql(app)  # GET /graphiql -> the IDE, talking to /graphql
    """
    graphql_path = _route_path(graphql_path, "graphql_path")
    path = _route_path(path, "path")
    if path == "/":
        raise ValueError("path must not be '/': the IDE's assets live under {path}/static")
    if not TEMPLATE.is_file():
        raise RuntimeError(
            f"GraphiQL assets are missing ({TEMPLATE}): run scripts/vendor-graphiql, "
            "or check that api/static is included in the package data"
        )
    template = TEMPLATE.read_text(encoding="utf-8")

    async def graphiql(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        page = render_page(
            template, static_url=f"{root}{path}/static", graphql_url=f"{root}{graphql_path}"
        )
        return HTMLResponse(page, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})

    app.add_api_route(
        path,
        graphiql,
        methods=["GET"],
        response_class=HTMLResponse,
        include_in_schema=False,
        name="graphiql",
    )
    app.mount(f"{path}/static", StaticFiles(directory=ASSETS_DIR), name="graphiql-static")
