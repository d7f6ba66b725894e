"""Deterministic generator of a realistic red-grid organisation with planted defects.

``generate(scale, seed)`` is pure: no I/O, no wall clock, no ``uuid4``, no set order —
every choice is drawn from one ``random.Random(seed)``, so the same arguments always give
the same :class:`Dataset`, row for row. Scale 1 is the article's company (1 / 23 / 92 nets,
311 cells, 4,500 people, 8,491 risk points, ...); scale N multiplies everything below the
company. See ``docs/seed.md``.
"""

from __future__ import annotations

import random

from graph.collector import collector_paused
from seed.activity import build_activity
from seed.assets import build_assets
from seed.dataset import SEED_TODAY, Dataset
from seed.defects import plant_defects
from seed.organisation import build_organisation
from seed.safety import build_safety, record_status_histories
from seed.world import Volumes, World

DEFAULT_SEED = 2026


def generate(scale: int = 1, seed: int = DEFAULT_SEED) -> Dataset:
    """Build the organisation for ``scale`` from ``seed``.

    Example:
        >>> data = generate(scale=1, seed=2026)
        >>> data.node_counts()["Cell"], data.today.isoformat()
        (311, '2026-11-15')
    """
    world = World(rng=random.Random(seed), scale=scale, seed=seed, volumes=Volumes.at(scale))
    with collector_paused():
        build_organisation(world)
        build_assets(world)
        build_safety(world)
        build_activity(world)
        plant_defects(world)
        record_status_histories(world)
    return world.dataset()


__all__ = ["DEFAULT_SEED", "SEED_TODAY", "Dataset", "Volumes", "generate"]
