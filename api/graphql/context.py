"""The typed per-request GraphQL context."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from api.settings import Settings
from graph.engine import Engine


@dataclass
class Context(BaseContext):
    """What every resolver can reach: the engine and the service settings."""

    engine: Engine
    settings: Settings

    def __post_init__(self) -> None:
        super().__init__()
