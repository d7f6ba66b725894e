"""Storage settings, read from ``REDGRID_*`` environment variables (and overridable in code)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class StorageSettings(BaseSettings):
    """Where the graph lives and how long the clients wait for it.

    The embedded FalkorDB engine is used unless ``REDGRID_NEO4J_URI`` is set.
    """

    model_config = SettingsConfigDict(env_prefix="REDGRID_", extra="ignore")

    data: Path = Field(Path("data"), description="Data directory of the embedded engine.")
    graph_name: str = Field("redgrid", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI; selects Neo4j.")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    query_timeout_s: float = Field(
        300.0, gt=0, description="Longest a single statement may run (analytics, index builds)."
    )
    connect_timeout_s: float = Field(10.0, gt=0)
    start_timeout_s: float = Field(60.0, gt=0, description="Wait for the embedded server.")

    @property
    def engine_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "falkordb"
