"""Browser sessions: the two cookies a sign-in sets and a sign-out clears, and the CSRF
check of a request authenticated by them (``docs/security.md``, "Browser sessions").

- ``redgrid_session``: the session's signed token (``api.security.tokens``, ``typ`` =
  ``session``); HttpOnly, so no script reads it.
- ``redgrid_csrf``: the session's CSRF token, readable by the console's scripts, which
  send it back as ``X-CSRF-Token``. Another site's page can make the browser send the
  cookies but cannot read this one, so it cannot send the header. The token is an HMAC of
  the session's ``jti`` (:func:`api.security.tokens.csrf_token`): checked without state,
  and another session's token does not fit.

Both are ``SameSite=Strict`` and ``Path=/``, ``Secure`` when the request came over https
(as uvicorn saw it: behind a proxy, its ``X-Forwarded-Proto`` counts only from
``REDGRID_TRUSTED_PROXIES``, see ``api.security.proxies``).
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request, Response, status

SESSION_COOKIE = "redgrid_session"
CSRF_COOKIE = "redgrid_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_REFUSED = (
    f"missing or wrong CSRF token (send the {CSRF_COOKIE} cookie's value as {CSRF_HEADER})"
)


def set_cookies(
    request: Request, response: Response, session: str, csrf: str, max_age: int
) -> None:
    """Set both cookies on ``response`` for ``max_age`` seconds."""
    secure = request.url.scheme == "https"
    for name, value, http_only in ((SESSION_COOKIE, session, True), (CSRF_COOKIE, csrf, False)):
        response.set_cookie(name, value, max_age=max_age, path="/", secure=secure,
                            httponly=http_only, samesite="strict")  # fmt: skip


def clear_cookies(request: Request, response: Response) -> None:
    """Make the browser drop both cookies (``Max-Age=0``)."""
    set_cookies(request, response, "", "", max_age=0)


def check_csrf(request: Request, expected: str) -> None:
    """Refuse (403) a request whose ``X-CSRF-Token`` is missing or is not ``expected``."""
    given = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=CSRF_REFUSED)
