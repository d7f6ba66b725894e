"""Cypher statements kept as ``.cypher`` files under ``queries/cypher/``, loaded by name.

Keeping every statement in a file lets one test run them all on the embedded engine and a
static check hold them to the portable subset (DESIGN.md).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import LiteralString, cast

CYPHER_DIR = Path(__file__).parent / "cypher"


@cache
def cypher(name: str) -> LiteralString:
    """The statement in ``queries/cypher/<name>.cypher`` (``name`` may contain a folder).

    Example:
        >>> cypher("accountability/trace")[:5]
        'MATCH'
    """
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise FileNotFoundError(f"no Cypher file {path.relative_to(CYPHER_DIR.parent)}")
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("//")
    ]
    return cast(LiteralString, "\n".join(lines).strip())


def all_cypher_files() -> list[Path]:
    """Every statement file, sorted."""
    return sorted(CYPHER_DIR.rglob("*.cypher"))
