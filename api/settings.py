"""The one settings object of the service: storage plus HTTP and GraphQL limits."""

from __future__ import annotations

from pydantic import Field, SecretStr

from graph.settings import StorageSettings


class Settings(StorageSettings):
    """Everything the API reads from ``REDGRID_*`` environment variables.

    Example:
        >>> Settings(data="/srv/redgrid", port=9000).port
        9000
    """

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    cors_origins: list[str] = Field(default_factory=list)
    max_query_depth: int = Field(12, ge=1)
    max_aliases: int = Field(30, ge=1)
    max_tokens: int = Field(2000, ge=10)
    max_page_size: int = Field(100, ge=1)
    secret_key: SecretStr | None = Field(
        None,
        description="Key signing access tokens; when unset, one is made once and kept in "
        "<data>/secret.key (every API process of one deployment must share it).",
    )
    token_ttl_minutes: int = Field(480, ge=1, le=60 * 24 * 30)
    login_max_failures: int = Field(5, ge=1, description="Failed logins before a lockout.")
    login_lockout_s: int = Field(900, ge=1, description="How long a lockout lasts.")
    escalation_days: list[int] = Field(
        default_factory=lambda: [3, 7, 15],
        min_length=3,
        max_length=3,
        description="Days a problem or hazard may stay unresolved at the cell, level-4 and "
        "level-3 nets before it escalates one level up (to level 4, 3, then 2).",
    )
