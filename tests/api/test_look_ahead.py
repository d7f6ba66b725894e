"""A list loads the relationship fields selected on its items for all of them before it
returns (api.graphql.look_ahead): the items then complete without awaiting, the answer is
the one each field gives on its own, and a field's failure stays at its own path."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.graphql import lists, look_ahead
from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.security.principal import Principal
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import data, post, sign_in

CELLS_PAGE = """{ cells(first: 50) { totalCount
  edges { node { uid name head { uid name } officers { role person { uid name } } } } } }"""
RICH = """query($at: String) { cells(first: 30) {
  nodes { uid head(asOf: $at) { uid } officers(asOf: $at) { role person { uid } }
          net { uid head { uid } } headHistory { holder { uid } since until }
          microCells(first: 3) { uid lead { uid } members(first: 2) { uid } }
          ... on Cell { equipment(first: 2) { uid owner { uid } cell { uid } } } } }
  problems(first: 20) { nodes { uid reporter { uid } escalatesOn cell { uid } } }
  people(first: 20) { edges { node { uid microCell { uid } officerPosts { role cell { uid } } } } }
}"""


@pytest.fixture(scope="module")
def client(seeded: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=seeded)) as test_client:
        sign_in(test_client, seeded)
        yield test_client


def _tasks_while_executing(engine: FalkorDBEngine, query: str) -> tuple[int, Any]:
    """How many asyncio tasks answering ``query`` as an admin creates, and the answer."""
    settings = Settings()
    schema = build_schema(settings)
    created = 0

    async def run() -> Any:
        def counting(
            loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
        ) -> asyncio.Task[Any]:
            nonlocal created
            created += 1
            return asyncio.Task(coro, loop=loop, **kwargs)

        asyncio.get_running_loop().set_task_factory(counting)
        context = Context(engine=engine, settings=settings, principal=Principal("a", "admin", None))
        return await schema.execute(query, context_value=context)

    result = asyncio.run(run())
    assert not result.errors, result.errors
    return created, result.data


def test_a_page_of_cells_completes_its_heads_and_officers_without_awaiting_each(
    seeded: FalkorDBEngine,
) -> None:
    """Before, graphql-core gathered one task per cell for the awaited fields (≈ 150 for
    this page); now only the loaders' own batches run as tasks."""
    tasks, answer = _tasks_while_executing(seeded, CELLS_PAGE)
    edges = answer["cells"]["edges"]
    assert len(edges) == 50
    assert sum(1 for e in edges if e["node"]["head"]) > 40
    assert all(e["node"]["officers"] for e in edges[:10])
    assert tasks <= 6, tasks


def test_the_answer_is_the_one_each_field_gives_on_its_own(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nested lists, histories, uids loaded by node, escalation deadlines, fragments and
    ``asOf`` read through variables: the same answer with the look-ahead switched off."""
    for at in (None, "2025-06-30"):
        ahead = data(client, RICH, {"at": at})

        async def nothing(*_: Any, **__: Any) -> None:
            return None

        with monkeypatch.context() as patched:
            patched.setattr(lists, "look_ahead", nothing)
            patched.setattr(look_ahead, "look_ahead", nothing)
            alone = data(client, RICH, {"at": at})
        assert ahead == alone
        assert any(n["head"] for n in ahead["cells"]["nodes"])
        assert any(n["microCells"] for n in ahead["cells"]["nodes"])


def test_a_field_that_fails_fails_at_its_own_path_only(client: TestClient) -> None:
    """A malformed ``asOf`` on one field of the items: the look-ahead does not stop the
    page; the field reports it for each item, the other fields answer."""
    body = post(
        client,
        '{ cells(first: 3) { nodes { uid head(asOf: "not a date") { uid } officers { role } } } }',
    )
    nodes = body["data"]["cells"]["nodes"]
    assert len(nodes) == 3 and all(n["officers"] and n["head"] is None for n in nodes)
    assert {tuple(e["path"]) for e in body["errors"]} == {
        ("cells", "nodes", i, "head") for i in range(3)
    }
    assert {e["extensions"]["code"] for e in body["errors"]} == {"BAD_INPUT"}
