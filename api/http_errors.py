"""Errors of the HTTP request itself, in GraphQL's shape
(``{"errors": [{"message": …, "extensions": {"code": …}}]}``), and the two middlewares that
refuse requests before the app sees them: the body-size limit and CORS preflights.

Example:
    >>> error_response(413, "too large", PAYLOAD_TOO_LARGE).status_code
    413
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "BAD_REQUEST",
    "BATCHING_NOT_SUPPORTED",
    "CORS_REJECTED",
    "METHOD_NOT_ALLOWED",
    "NOT_FOUND",
    "PAYLOAD_TOO_LARGE",
    "PERSISTED_QUERY_NOT_FOUND",
    "UNSUPPORTED_MEDIA_TYPE",
    "BodyLimit",
    "JSONCORSMiddleware",
    "error_body",
    "error_response",
]

BAD_REQUEST = "BAD_REQUEST"
BATCHING_NOT_SUPPORTED = "BATCHING_NOT_SUPPORTED"
CORS_REJECTED = "CORS_REJECTED"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
NOT_FOUND = "NOT_FOUND"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A GraphQL response holding one error and no ``data``."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def error_response(
    status: int,
    message: str,
    code: str,
    headers: Mapping[str, str] | None = None,
    media_type: str = "application/json",
) -> JSONResponse:
    return JSONResponse(
        error_body(message, code), status_code=status, headers=headers, media_type=media_type
    )


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware refusing a request body over ``max_bytes`` with 413 and a JSON
    error (code ``PAYLOAD_TOO_LARGE``): at once when ``Content-Length`` says so, otherwise
    as soon as the streamed body passes the limit. Nothing larger is ever held in memory.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _refusal(self) -> Response:
        return error_response(
            413,
            f"the request body exceeds {self.max_bytes} bytes (REDGRID_MAX_BODY_BYTES)",
            PAYLOAD_TOO_LARGE,
            headers={"Connection": "close"},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refusal()(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if started:
                raise
            await self._refusal()(scope, receive, send)


class JSONCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware whose refused preflights are JSON errors (code
    ``CORS_REJECTED``): 403 for an origin not in ``REDGRID_CORS_ORIGINS``, 400 for a method
    or header not allowed. With no origins configured every cross-origin preflight is
    refused this way (not a bare 405)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        failures = bytes(response.body).decode().removeprefix("Disallowed CORS ").split(", ")
        origin = request_headers["origin"]
        if "origin" in failures:
            status, message = 403, f"origin {origin!r} is not allowed (REDGRID_CORS_ORIGINS)"
        else:
            status, message = 400, f"CORS preflight refused: {', '.join(failures)} not allowed"
        kept = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in ("content-type", "content-length")
        }
        return error_response(status, message, CORS_REJECTED, headers=kept)
