"""Helpers of the workflow pages' tests (report, inbox, risks): who heads a cell now, an extra
signed-in account for a cell head (a unique username on the shared ``seeded`` engine), and
signing in straight into a page."""

from __future__ import annotations

import uuid

from api.security.passwords import hash_password
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.grid_oracle import current
from tests.console.conftest import PASSWORD, Console
from writes.accounts import add_user
from writes.audit import Actor


def cell_heads(dataset: Dataset) -> dict[str, str]:
    """Cell → the person heading it now."""
    return {r["b"]: r["a"] for r in current(dataset.relationships[("Person", "HEAD_OF", "Cell")])}


def cell_of_person(dataset: Dataset, person: str) -> str:
    """The cell ``person`` is placed in now (through their micro-cell)."""
    rels = dataset.relationships
    placed = current(rels[("Person", "MEMBER_OF", "MicroCell")]) + current(
        rels[("Person", "LEADS", "MicroCell")]
    )
    micro = next(r["b"] for r in placed if r["a"] == person)
    return next(r["b"] for r in current(rels[("MicroCell", "PART_OF", "Cell")]) if r["a"] == micro)


def add_head_account(engine: FalkorDBEngine, person: str, prefix: str) -> str:
    """A new ``head`` account acting as ``person``; returns its (unique) username."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    add_user(engine, Actor("console-tests"), username=name, role="head",
             password_hash=hash_password(PASSWORD), person=person)  # fmt: skip
    return name


def open_as(console: Console, username: str, path: str) -> None:
    """Sign out (cookies cleared), sign in as ``username`` straight into ``/console{path}``."""
    console.page.context.clear_cookies()
    console.sign_in_as(username, into=path)


def graphql(console: Console, query: str, variables: dict | None = None) -> dict:
    """Ask the API from the page, as the signed-in account (cookie and CSRF header)."""
    return console.page.evaluate(
        """async ([query, variables]) => {
            const token = document.cookie.split('; ').find((c) => c.startsWith('redgrid_csrf='))
            const response = await fetch('/graphql', {
                method: 'POST', credentials: 'same-origin',
                headers: {'content-type': 'application/json',
                          'x-csrf-token': token ? decodeURIComponent(token.split('=')[1]) : ''},
                body: JSON.stringify({query, variables}),
            })
            return await response.json()
        }""",
        [query, variables or {}],
    )


def no_horizontal_scroll(console: Console) -> None:
    width = console.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width}px wide"
