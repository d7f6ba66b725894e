"""Shared fixtures: a real embedded FalkorDB server for the whole run, a fresh graph per test."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine

_graph_numbers = itertools.count(1)

# Apps built by tests sign tokens with this key instead of writing ./data/secret.key.
os.environ.setdefault("REDGRID_SECRET_KEY", "tests-only-signing-key-0123456789abcdef")


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
