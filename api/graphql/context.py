"""The typed per-request GraphQL context."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from strawberry.fastapi import BaseContext

from api.graphql.errors import ForbiddenError
from api.graphql.loaders import Loaders
from api.security.principal import Principal
from api.settings import Settings
from graph.engine import Engine
from graph.enums import UserRole
from graph.errors import FieldError, NotFoundError, ValidationError
from queries.authority import Place, can_ask_about
from queries.clock import instant
from queries.visibility import Reach, reach_of

READ_ALL = (UserRole.ADMIN, UserRole.PLANNER, UserRole.INVESTIGATOR)
"""Roles that read the whole grid."""


@dataclass
class Context(BaseContext):
    """What every resolver can reach: the engine, the service settings, who is asking, this
    request's DataLoaders and the instant that "now" means for the whole request."""

    engine: Engine
    settings: Settings
    principal: Principal
    loaders: Loaders = field(init=False)
    now: str = field(init=False)
    _reach: Reach | None = field(init=False, default=None)
    _reach_lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        super().__init__()
        self.loaders = Loaders(self.engine, self.allowed)
        self.now = instant(None)

    async def reach(self) -> Reach:
        """What the principal may read (computed once per request; on the event loop for the
        roles that read everything, which costs no statement, else in a worker thread)."""
        if self._reach is not None:
            return self._reach
        principal = self.principal
        async with self._reach_lock:
            if self._reach is None:
                if principal.role in READ_ALL:
                    self._reach = reach_of(self.engine, principal.role, principal.person, self.now)
                else:
                    self._reach = await run_in_threadpool(
                        reach_of, self.engine, principal.role, principal.person, self.now
                    )
        return self._reach

    async def allowed(self, label: str) -> frozenset[str] | None:
        """The uids of ``label`` the principal may read; None for all. Only a label not
        yet read in this request goes to a worker thread (it costs a statement)."""
        reach = await self.reach()
        if reach.known(label):
            return reach.allowed(self.engine, label)
        return await run_in_threadpool(reach.allowed, self.engine, label)

    async def sees(self, label: str, uid: str) -> bool:
        allowed = await self.allowed(label)
        return allowed is None or uid in allowed

    async def place(self, uid: str) -> Place:
        """Where node ``uid`` lies for the principal (:class:`queries.authority.Place`);
        MISSING when it is unknown or out of their reach."""
        record = await self.loaders.nodes.load(uid)
        if record is None:
            return Place.MISSING
        reach = await self.reach()
        return await run_in_threadpool(reach.place, self.engine, record.label, uid)

    async def require_askable(self, uid: str) -> None:
        """NOT_FOUND unless the principal may ask about node ``uid`` (trace, impact, a
        subtree): outside the units they head looks exactly like an unknown uid."""
        reach = await self.reach()
        if reach.unrestricted:
            return
        if not can_ask_about(reach.caller(), await self.place(uid)):
            raise NotFoundError(uid)

    async def unit_in_reach(self, unit: str | None) -> str | None:
        """The unit (net or cell uid) a subtree question may ask about: any for readers of
        everything; for a head one of the units in their subtrees (their own when they head
        exactly one and none is named). NOT_FOUND outside it, the nets above included."""
        reach = await self.reach()
        if reach.unrestricted:
            return unit
        self.require(*READ_ALL, UserRole.HEAD)
        if unit is None:
            if len(reach.units) != 1:
                names = ", ".join(sorted(reach.units)) or "none"
                raise ValidationError(
                    "scope", [FieldError("net", f"name one of your units: {names}")]
                )
            return next(iter(reach.units))
        await self.require_askable(unit)
        return unit

    def require(self, *roles: UserRole) -> None:
        """Refuse (FORBIDDEN) a principal whose role is not among ``roles``."""
        if self.principal.role not in roles:
            names = ", ".join(sorted(r.value for r in roles))
            raise ForbiddenError(f"this needs one of the roles: {names}")

    def at(self, as_of: str | None) -> str:
        """The stored-form instant of an ``asOf`` argument; this request's now when None."""
        return self.now if as_of is None else instant(as_of, field="asOf")

    def page_size(self, value: int, field: str = "first") -> int:
        """``value`` capped at ``settings.max_page_size``; a negative size is bad input.

        A size written in the query above the cap never gets here: it is refused, naming
        the cap, before execution (``api.graphql.limits``). What is capped here is an
        argument's default when the configured cap is lower than it.

        Example:
            >>> Context(engine, Settings(max_page_size=50)).page_size(100)  # doctest: +SKIP
            50
        """
        if value < 0:
            raise ValidationError("page", [FieldError(field, f"must be ≥ 0, not {value}")])
        return min(value, self.settings.max_page_size)
