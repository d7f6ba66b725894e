"""``limits``: what this server accepts, so a client can say so before sending (an upload
larger than the body limit, a page larger than the largest page)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.graphql.context import Context


@strawberry.type(description="What this server accepts (its settings).")
class LimitsType:
    body_bytes: int = strawberry.field(
        description="Largest request body (REDGRID_MAX_BODY_BYTES); a larger one is refused "
        "with 413 PAYLOAD_TOO_LARGE. A ledger upload travels base64-encoded (a third larger)."
    )
    page_size: int = strawberry.field(
        description="Largest page a query may ask for (REDGRID_MAX_PAGE_SIZE)."
    )
    string_length: int = strawberry.field(
        description="Longest string an argument may hold (REDGRID_MAX_STRING_LENGTH), uploads "
        "excepted."
    )
    escalation_days: list[int] = strawberry.field(
        description="Days a matter may stay at its cell, level-4 and level-3 net before it "
        "escalates (REDGRID_ESCALATION_DAYS)."
    )


def resolve_limits(info: Info[Context, None]) -> LimitsType:
    settings = info.context.settings
    return LimitsType(
        body_bytes=settings.max_body_bytes,
        page_size=settings.max_page_size,
        string_length=settings.max_string_length,
        escalation_days=list(settings.escalation_days),
    )
