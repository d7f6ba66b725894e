"""API fixtures: the seeded scale-1 organisation, loaded once for every API test module that
asks for it (read-only apart from the accounts tests add)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from seed import seed_database
from seed.dataset import Dataset
from seed.generator import generate


@pytest.fixture(scope="session")
def seeded_dataset() -> Dataset:
    return generate(scale=1, seed=2026)


@pytest.fixture(scope="session")
def seeded(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    engine = FalkorDBEngine(data_dir, graph_name="api-seeded")
    engine.ensure_schema()
    seed_database(engine, scale=1, seed=2026, reset=True, progress=False)
    yield engine
    engine.clear()
    engine.close()
