"""The typed per-request GraphQL context."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from api.settings import Settings
from graph.engine import Engine
from graph.errors import FieldError, ValidationError


@dataclass
class Context(BaseContext):
    """What every resolver can reach: the engine and the service settings."""

    engine: Engine
    settings: Settings

    def __post_init__(self) -> None:
        super().__init__()

    def page_size(self, value: int, field: str = "first") -> int:
        """``value`` capped at ``settings.max_page_size``; a negative size is bad input.

        Example:
            >>> Context(engine, Settings(max_page_size=50)).page_size(100)  # doctest: +SKIP
            50
        """
        if value < 0:
            raise ValidationError("page", [FieldError(field, f"must be ≥ 0, not {value}")])
        return min(value, self.settings.max_page_size)
