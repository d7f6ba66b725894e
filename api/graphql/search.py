"""GraphQL type and root field for Chinese-aware search across people, units, equipment,
standards and risk points (``queries.search``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities import Entity
from api.graphql.entities.base import loaded
from api.graphql.views import shown, view
from queries.search import SearchHit, search


@view(SearchHit, description="One node found by search, best first.")
class SearchHitType:
    uid: str = strawberry.field(description="Stable business key of the node.")
    kind: str = strawberry.field(description="Its label: Person, Net, Cell, Equipment, …")
    name: str = strawberry.field(description="Its name (a standard: code and title).")
    score: float = strawberry.field(description="How closely the name matches, 0–1.")
    node: Entity | None = loaded(None, "The node found.")


async def resolve_search(
    info: Info[Context, None],
    text: Annotated[
        str,
        strawberry.argument(
            description="What to look for: Chinese or Latin text, 1–100 characters; "
            "every term must match."
        ),
    ],
    kinds: Annotated[
        list[str] | None,
        strawberry.argument(description="Only these labels (default: every searchable label)."),
    ] = None,
    first: Annotated[int, strawberry.argument(description="How many hits, 1–100.")] = 20,
) -> list[SearchHitType]:
    context = info.context
    limit = min(first, context.settings.max_page_size)
    reach = await context.reach()
    # A restricted reader gets the best hits within their reach: ask for more, keep theirs.
    asked = limit if reach.unrestricted else context.settings.max_page_size
    hits = await run_in_threadpool(search, context.engine, text, kinds=kinds, first=asked)
    kept = [h for h in hits if await context.sees(h.kind, h.uid)][:limit]
    return [shown(SearchHitType, h) for h in kept]
