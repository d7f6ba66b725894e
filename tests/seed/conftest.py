"""Seed fixtures: the scale-1 dataset generated once per run, and a graph per test module
on the shared embedded server (tests/conftest.py) for the loading tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from seed.generator import generate

_graph_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The article's organisation (scale 1, seed 2026); treat it as read-only."""
    return generate(scale=1, seed=2026)


@pytest.fixture(scope="module")
def module_engine(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    """A schema-installed graph shared by one test module, deleted afterwards."""
    graph = FalkorDBEngine(data_dir, graph_name=f"seed-{next(_graph_numbers)}")
    graph.ensure_schema()
    yield graph
    graph.clear()
    graph.close()
