"""Deterministic generator of a realistic red-grid organisation with planted defects.

``generate(scale, seed)`` is pure: no I/O, no wall clock, no ``uuid4``, no set order —
every choice is drawn from one ``random.Random(seed)``, so the same arguments always give
the same :class:`Dataset`, row for row. Scale 1 is the article's company (1 / 23 / 92 nets,
311 cells, 4,500 people, 8,491 risk points, ...); scale N multiplies everything below the
company. See ``docs/seed.md``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

from graph.collector import collector_paused
from seed.activity import build_activity
from seed.assets import build_assets
from seed.dataset import SEED_TODAY, Dataset, Row
from seed.defects import plant_defects
from seed.organisation import build_organisation
from seed.safety import build_safety, record_status_histories
from seed.world import Volumes, World

DEFAULT_SEED = 2026


type PhaseDone = Callable[[Mapping[str, list[Row]]], object]
"""Called with the node rows made so far, label by label, as each phase of ``generate``
ends. Later phases may still add, drop or change rows: what it takes must be checked
against the finished dataset (as ``graph.bulk.SearchHelper`` does)."""


def generate(
    scale: int = 1, seed: int = DEFAULT_SEED, *, phase_done: PhaseDone | None = None
) -> Dataset:
    """Build the organisation for ``scale`` from ``seed``; ``phase_done`` (if given) is
    shown the node rows after each phase, so work on them can start early.

    Example:
        >>> data = generate(scale=1, seed=2026)
        >>> data.node_counts()["Cell"], data.today.isoformat()
        (311, '2026-11-15')
    """
    world = World(rng=random.Random(seed), scale=scale, seed=seed, volumes=Volumes.at(scale))
    phases = (
        build_organisation,
        build_assets,
        build_safety,
        build_activity,
        plant_defects,
        record_status_histories,
    )
    with collector_paused():
        for phase in phases:
            phase(world)
            if phase_done is not None:
                phase_done(world.nodes)
    return world.dataset()


__all__ = ["DEFAULT_SEED", "SEED_TODAY", "Dataset", "PhaseDone", "Volumes", "generate"]
