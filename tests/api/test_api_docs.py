"""FastAPI's generated API pages are off: they load from a CDN (the service runs on closed
intranets) and would describe the HTTP surface to anyone without a token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import sign_in

PAGES = ["/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_the_generated_api_pages_are_not_served(engine: FalkorDBEngine, signed_in: bool) -> None:
    with TestClient(create_app(Settings(), engine=engine)) as client:
        if signed_in:
            sign_in(client, engine)
        assert {page: client.get(page).status_code for page in PAGES} == dict.fromkeys(PAGES, 404)
