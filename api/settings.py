"""The one settings object of the service: storage plus HTTP and GraphQL limits."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator

from graph.settings import StorageSettings

_TYPE_FIELD = re.compile(r"[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*")


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
    max_page_size: int = Field(
        100, ge=1, description="Largest page (`first`, `last`, `top`, `ids`) a query may ask for."
    )
    max_query_cost: int = Field(
        10_000,
        ge=1,
        description="Budget of one GraphQL request, checked before it runs (api.graphql.cost).",
    )
    query_costs: dict[str, int] = Field(
        default_factory=dict,
        description="Weights of fields as 'Type.field' -> cost, over the defaults "
        "(api.graphql.cost.DEFAULT_WEIGHTS).",
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body; a larger one is refused (413)."
    )
    max_string_length: int = Field(
        10_000, ge=100, description="Longest string a GraphQL argument or variable may hold."
    )
    ledger_max_file_mb: int = Field(
        200, ge=1, description="Largest ledger file an import reads (redgrid import --max-file-mb)."
    )
    ledger_max_unzipped_mb: int = Field(
        1024, ge=1, description="Largest declared uncompressed size of an XLSX ledger."
    )
    ledger_max_rows: int = Field(1_048_576, ge=1, description="Most rows of one ledger sheet.")
    ledger_max_cell_chars: int = Field(
        32_767, ge=1, description="Longest cell of a ledger (Excel's own limit by default)."
    )
    gap_cache_s: float = Field(
        300.0,
        ge=0,
        description="How long a gap report read as of now is kept while the data stays the "
        "same (queries.coverage.cache); 0 runs the rules on every request.",
    )
    response_cache_s: float = Field(
        30.0,
        ge=0,
        description="How long the answer to a costly query is kept while the data stays the "
        "same (api.graphql.response_cache); 0 executes every request.",
    )
    response_cache_min_ms: float = Field(
        10.0,
        ge=0,
        description="Execution time from which a query's answers are worth keeping.",
    )
    console_dir: Path | None = Field(
        None,
        description="A console build to serve instead of the packaged one (api/static/console).",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Key signing access tokens; when unset, one is made once and kept in "
        "<data>/secret.key (every API process of one deployment must share it).",
    )
    token_ttl_minutes: int = Field(480, ge=1, le=60 * 24 * 30)
    session_ttl_minutes: int = Field(
        480,
        ge=1,
        le=60 * 24 * 30,
        description="How long a browser session (POST /auth/session) lasts: its cookies' "
        "Max-Age and its token's expiry.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For "
        "names the client; from any other peer the header is ignored.",
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins of one account from one address before a lockout."
    )
    login_address_max_failures: int = Field(
        20, ge=1, description="Failed logins from one address, any accounts, before a lockout."
    )
    login_lockout_s: int = Field(
        900, ge=1, description="The window failures are counted in (and a lockout lasts)."
    )
    login_backoff_max_s: float = Field(
        10.0, ge=0, le=600, description="Longest an attempt on a much-guessed account waits."
    )
    account_cache_s: float = Field(
        5.0,
        ge=0,
        le=60,
        description="How long an API process trusts an account it read for a "
        "token check: a change made elsewhere ends older tokens within this time (0: read always).",
    )
    escalation_days: list[int] = Field(
        default_factory=lambda: [3, 7, 15],
        min_length=3,
        max_length=3,
        description="Days a problem or hazard may stay unresolved at the cell, level-4 and "
        "level-3 nets before it escalates one level up (to level 4, 3, then 2).",
    )

    @field_validator("query_costs")
    @classmethod
    def _type_dot_field(cls, value: dict[str, int]) -> dict[str, int]:
        bad = [name for name in value if not _TYPE_FIELD.fullmatch(name)]
        if bad:
            raise ValueError(f"not 'Type.field': {', '.join(map(repr, bad))}")
        negative = [name for name, cost in value.items() if cost < 0]
        if negative:
            raise ValueError(f"a cost must be ≥ 0: {', '.join(map(repr, negative))}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses_or_networks(cls, value: list[str]) -> list[str]:
        bad = []
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                bad.append(item)
        if bad:
            raise ValueError(f"not an IP address or network (CIDR): {', '.join(map(repr, bad))}")
        return value
