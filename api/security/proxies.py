"""Whose ``X-Forwarded-For`` is believed: only the reverse proxies in
``REDGRID_TRUSTED_PROXIES``. uvicorn on its own believes 127.0.0.1 (or
``FORWARDED_ALLOW_IPS``), which would let anyone on the server's host choose the client
address the login throttle counts against."""

from __future__ import annotations

from typing import Any

from api.settings import Settings


def uvicorn_forwarding(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy options for ``settings``: the forwarded client address and scheme are
    taken from the trusted proxies only, and from nobody when none are configured.

    Example:
        >>> uvicorn_forwarding(Settings(trusted_proxies=["10.0.0.0/24"]))
        {'proxy_headers': True, 'forwarded_allow_ips': ['10.0.0.0/24']}
    """
    trusted = list(settings.trusted_proxies)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted}
