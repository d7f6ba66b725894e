"""Deterministic seed data: generate the article's organisation and load it through
``graph.writer``.

Example:
    >>> report = seed_database(engine, scale=1, seed=2026)  # doctest: +SKIP
    >>> report.nodes["Cell"], report.defects["cell_without_head"]
    (311, ['cell-0036'])
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.engine import Engine
from queries.stats import Totals
from seed.dataset import SEED_TODAY, Dataset
from seed.generator import DEFAULT_SEED, generate
from seed.loader import is_empty, load, search_ahead
from seed.rules import RULES


@dataclass(frozen=True, slots=True)
class SeedReport(Totals):
    """What a seed run generated and loaded, and how long it took."""

    scale: int
    seed: int
    today: date
    nodes: dict[str, int]
    relationships: dict[str, int]
    defects: dict[str, list[str]]
    seconds: float
    generate_seconds: float = 0.0
    load_seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings, timings rounded to milliseconds)."""
        return {
            "scale": self.scale,
            "seed": self.seed,
            "today": self.today.isoformat(),
            "nodes": self.nodes,
            "relationships": self.relationships,
            "total_nodes": self.total_nodes,
            "total_relationships": self.total_relationships,
            "defects": self.defects,
            "seconds": round(self.seconds, 3),
            "generate_seconds": round(self.generate_seconds, 3),
            "load_seconds": round(self.load_seconds, 3),
        }


def seed_database(
    engine: Engine,
    *,
    scale: int = 1,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    progress: bool = True,
) -> SeedReport:
    """Generate the organisation and load it; ``reset`` clears the graph first.

    Without ``reset`` the load MERGEs into what is there: seeding an already seeded graph
    with the same scale and seed changes nothing. Into an empty graph, the search tokens
    are worked out in a helper process while the dataset is generated (:func:`search_ahead`).
    """
    started = time.perf_counter()
    with search_ahead(engine, reset=reset) as search:
        offer = None if search is None else search.offer
        dataset = generate(scale=scale, seed=seed, phase_done=offer)
        generated = time.perf_counter()
        if reset:
            engine.clear()
        load(engine, dataset, progress=progress, search=search)
    finished = time.perf_counter()
    return SeedReport(
        scale=scale,
        seed=seed,
        today=dataset.today,
        nodes=dataset.node_counts(),
        relationships=dataset.relationship_counts(),
        defects=dataset.defects,
        seconds=finished - started,
        generate_seconds=generated - started,
        load_seconds=finished - generated,
    )


__all__ = [
    "DEFAULT_SEED",
    "RULES",
    "SEED_TODAY",
    "Dataset",
    "SeedReport",
    "generate",
    "is_empty",
    "load",
    "seed_database",
]
