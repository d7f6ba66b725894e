"""The web console (网格治理工作台): the single-page app built from ``console/`` into
``api/static/console/`` (committed; see docs/console.md), served under ``/console/``.

Every path under ``/console/`` that is not a file answers the page itself, so a link typed by
hand opens in the app, which then asks the API what the signed-in user may see. The page
runs under a strict Content-Security-Policy: scripts and styles from this origin only (each
named with its sha384 integrity), calls to this origin only, no frames, no inline script.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["CONSOLE_DIR", "CONTENT_SECURITY_POLICY", "mount_console"]

CONSOLE_DIR = Path(__file__).parent / "static" / "console"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class _Assets(StaticFiles):
    """Hashed bundle files: cached for a year, never sniffed."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_console(app: FastAPI, directory: Path = CONSOLE_DIR) -> None:
    """Serve the built console from ``directory`` at ``/console/``; ``/`` leads there.

    Example:
        >>> app = FastAPI()
        >>> mount_console(app)  # GET /console/ -> the app; /console/assets/* -> its bundle
    """
    page = directory / "index.html"
    if not page.is_file():
        raise RuntimeError(
            f"the console is not built ({page} is missing): run `npm ci --prefix console && "
            "npm run build --prefix console`, or check that api/static is in the package data"
        )

    async def console_page(path: str = "") -> Response:
        return FileResponse(page, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    async def home() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=307)

    app.add_api_route("/", home, methods=["GET"], include_in_schema=False)
    app.add_api_route("/console", home, methods=["GET"], include_in_schema=False)
    app.mount("/console/assets", _Assets(directory=directory / "assets"), name="console-assets")
    app.add_api_route("/console/", console_page, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/console/{path:path}", console_page, methods=["GET"], include_in_schema=False
    )
