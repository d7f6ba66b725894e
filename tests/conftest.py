"""Shared fixtures: a real embedded FalkorDB server for the whole run, a fresh graph per test,
and the seeded scale-1 organisation shared by the API and console tests."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from seed import seed_database
from seed.dataset import Dataset
from seed.generator import generate

_graph_numbers = itertools.count(1)

# Apps built by tests sign tokens with this key instead of writing ./data/secret.key.
os.environ.setdefault("REDGRID_SECRET_KEY", "tests-only-signing-key-0123456789abcdef")
# Answers are kept only by the tests that check keeping them (tests/api/test_response_cache.py):
# elsewhere whether an answer is kept would depend on how long it took.
os.environ.setdefault("REDGRID_RESPONSE_CACHE_S", "0")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("redgrid-data")


@pytest.fixture(scope="session")
def server_engine(data_dir: Path) -> Iterator[FalkorDBEngine]:
    """The process-wide owner of the embedded server; other engines join its socket."""
    engine = FalkorDBEngine(data_dir, graph_name="owner")
    yield engine
    engine.close()


@pytest.fixture
def engine(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    """A fresh, schema-installed graph on the shared server, deleted after the test."""
    graph = FalkorDBEngine(data_dir, graph_name=f"test{next(_graph_numbers)}")
    graph.ensure_schema()
    yield graph
    graph.clear()
    graph.close()


@pytest.fixture(scope="session")
def seeded_dataset() -> Dataset:
    return generate(scale=1, seed=2026)


@pytest.fixture(scope="session")
def seeded(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    """The seeded scale-1 organisation, loaded once for every test module that asks for it
    (the API and console tests; read-only apart from the accounts they add)."""
    engine = FalkorDBEngine(data_dir, graph_name="api-seeded")
    engine.ensure_schema()
    seed_database(engine, scale=1, seed=2026, reset=True, progress=False)
    yield engine
    engine.clear()
    engine.close()
