"""The typed per-request GraphQL context."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.fastapi import BaseContext

from api.graphql.loaders import Loaders
from api.settings import Settings
from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from queries.clock import instant


@dataclass
class Context(BaseContext):
    """What every resolver can reach: the engine, the service settings, this request's
    DataLoaders and the instant that "now" means for the whole request."""

    engine: Engine
    settings: Settings
    loaders: Loaders = field(init=False)
    now: str = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.loaders = Loaders(self.engine)
        self.now = instant(None)

    def at(self, as_of: str | None) -> str:
        """The stored-form instant of an ``asOf`` argument; this request's now when None."""
        return self.now if as_of is None else instant(as_of, field="asOf")

    def page_size(self, value: int, field: str = "first") -> int:
        """``value`` capped at ``settings.max_page_size``; a negative size is bad input.

        Example:
            >>> Context(engine, Settings(max_page_size=50)).page_size(100)  # doctest: +SKIP
            50
        """
        if value < 0:
            raise ValidationError("page", [FieldError(field, f"must be ≥ 0, not {value}")])
        return min(value, self.settings.max_page_size)
