"""The whole graph as one comparable value, to prove that something wrote nothing."""

from __future__ import annotations

import json
from typing import Any

from graph.engine import Engine


def fingerprint(engine: Engine) -> str:
    """Every node and relationship with all its properties, as one comparable text."""
    nodes = engine.run(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", readonly=True
    )
    rels = engine.run(
        "MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS type, properties(r) AS props, b.uid AS b",
        readonly=True,
    )

    def text(rows: list[dict[str, Any]]) -> list[str]:
        return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)

    return "\n".join(text(nodes) + text(rels))
