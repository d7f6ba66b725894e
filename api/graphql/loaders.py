"""Per-request DataLoaders: every relationship field of a request costs one statement,
however many objects it is asked on (``UNWIND $keys``, see ``queries.entities``). What
they load is cut to the reader's reach, so no nested field reaches outside it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from graph.engine import Engine
from queries.entities import Neighbour, Record, Relation, neighbours, nodes_by_uid
from writes.workflows.deadlines import open_escalations

type Allowed = Callable[[str], Awaitable[frozenset[str] | None]]
"""The uids of a label the reader may see (None: all), as the context answers it."""


class Loaders:
    """The loaders of one request, created on first use and cached for the request.

    Loaders are keyed by what changes the statement or its parameters (the relation, the
    instant, the per-object limit), so objects asked with the same arguments share one
    batch.

    Example:
        >>> record = await info.context.loaders.nodes.load("eq-000001")  # doctest: +SKIP
    """

    def __init__(self, engine: Engine, allowed: Allowed) -> None:
        self._engine = engine
        self._allowed = allowed
        self._loaders: dict[tuple[Any, ...], DataLoader[str, Any]] = {}
        self.nodes: DataLoader[str, Record | None] = DataLoader(load_fn=self._load_nodes)
        self.escalations: DataLoader[str, tuple[int, str] | None] = DataLoader(
            load_fn=self._load_escalations
        )
        """Where problems and hazards are escalated to now: a level and a date, no net."""

    async def _load_nodes(self, keys: Sequence[str]) -> list[Record | None]:
        found = await run_in_threadpool(nodes_by_uid, self._engine, keys)
        allowed = {label: await self._allowed(label) for label in {r.label for r in found.values()}}
        result = []
        for key in keys:
            record = found.get(key)
            if record is not None:
                uids = allowed[record.label]
                if uids is not None and key not in uids:
                    record = None  # out of the reader's reach: as if it did not exist
            result.append(record)
        return result

    async def _load_escalations(self, keys: Sequence[str]) -> list[tuple[int, str] | None]:
        found = await run_in_threadpool(open_escalations, self._engine, keys)
        return [found.get(key) for key in keys]

    def neighbours(
        self, relation: Relation, *, at: str | None, limit: int
    ) -> DataLoader[str, list[Neighbour]]:
        """The loader of ``relation`` read at ``at`` (None: its whole history)."""
        key = (relation, at, limit)
        loader = self._loaders.get(key)
        if loader is None:

            async def load(keys: Sequence[str]) -> list[list[Neighbour]]:
                found = await run_in_threadpool(
                    neighbours, self._engine, relation, keys, at=at, limit=limit
                )
                allowed = await self._allowed(relation.target)
                if allowed is None:
                    return [found[k] for k in keys]
                return [[n for n in found[k] if n.node["uid"] in allowed] for k in keys]

            loader = self._loaders[key] = DataLoader(load_fn=load)
        return loader
