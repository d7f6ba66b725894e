"""``node(id)`` and ``nodes(ids)``: any entity by its Relay global id (base64 of
``Type:uid``). A malformed id is BAD_INPUT; an id naming nothing (or nothing in reach) is a
null ``node`` with a NOT_FOUND error, and a null entry of ``nodes``. Both fields are
nullable, as Relay expects, so that one stale id never blanks the rest of a response."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities import ENTITY_TYPES, Entity
from graph.errors import FieldError, NotFoundError, ValidationError


def _decode(value: str, field: str) -> tuple[str, str]:
    """(type name, uid) of a global id."""
    try:
        gid = relay.GlobalID.from_id(value)
    except ValueError:  # GlobalIDValueError is one
        raise ValidationError(
            "global id", [FieldError(field, f"{value!r} is not a global id")]
        ) from None
    if gid.type_name not in ENTITY_TYPES:
        raise ValidationError(
            "global id", [FieldError(field, f"{value!r} names an unknown type {gid.type_name!r}")]
        )
    return gid.type_name, gid.node_id


async def _load(info: Info[Context, None], ids: list[str], field: str) -> list[Entity | None]:
    decoded = [_decode(value, field) for value in ids]
    for type_name in dict.fromkeys(t for t, _ in decoded):
        # Work out the reach of every type asked for first, whether or not the node exists,
        # so that an id out of reach costs what an unknown one does (no timing oracle).
        await info.context.allowed(type_name)
    records = await info.context.loaders.nodes.load_many([uid for _, uid in decoded])
    return [
        ENTITY_TYPES[type_name].from_props(record.props)
        if record is not None and record.label == type_name
        else None
        for (type_name, _), record in zip(decoded, records, strict=True)
    ]


async def resolve_node(
    info: Info[Context, None],
    id: Annotated[strawberry.ID, strawberry.argument(description="A global id (`Entity.id`).")],
) -> Entity | None:
    found = (await _load(info, [id], "id"))[0]
    if found is None:
        raise NotFoundError(str(id))
    return found


async def resolve_nodes(
    info: Info[Context, None],
    ids: Annotated[
        list[strawberry.ID],
        strawberry.argument(description="Global ids, at most the server's maximum page size."),
    ],
) -> list[Entity | None]:
    limit = info.context.settings.max_page_size
    if len(ids) > limit:
        raise ValidationError("ids", [FieldError("ids", f"at most {limit} ids, not {len(ids)}")])
    return await _load(info, [str(i) for i in ids], "ids")
