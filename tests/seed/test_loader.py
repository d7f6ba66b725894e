"""Loading into the real embedded FalkorDB: counts, idempotent re-seeding, reset, errors.

The scale-1 organisation is loaded once for the module (about 20 s) and seeded a second
time by the idempotency test.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from seed import SeedReport, seed_database
from seed.dataset import Dataset
from seed.loader import is_empty, load
from seed.rules import RULE_COUNTS
from tests.graph_state import fingerprint


def _count(engine: FalkorDBEngine, query: Any, **params: Any) -> int:
    return int(engine.run(query, params, readonly=True)[0]["c"])


def _label_counts(engine: FalkorDBEngine, labels: list[str]) -> dict[str, int]:
    return {
        label: _count(engine, f"MATCH (n:{label}) RETURN count(n) AS c")  # type: ignore[arg-type]
        for label in labels
    }


def _type_counts(engine: FalkorDBEngine) -> dict[str, int]:
    rows = engine.run(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS c ORDER BY type", readonly=True
    )
    return {row["type"]: int(row["c"]) for row in rows}


@pytest.fixture(scope="module")
def seeded(module_engine: FalkorDBEngine) -> SeedReport:
    """Scale 1 seeded with ``reset`` over a graph holding one stray node."""
    module_engine.run("CREATE (:Net {uid: 'stray', name: 'x', level: 9, kind: 'x'})")
    return seed_database(module_engine, scale=1, seed=2026, reset=True, progress=False)


def test_reset_removed_what_was_there(module_engine: FalkorDBEngine, seeded: SeedReport) -> None:
    assert module_engine.run("MATCH (n {uid: 'stray'}) RETURN n.uid AS uid", readonly=True) == []


def test_loaded_counts_follow_the_article(
    module_engine: FalkorDBEngine, seeded: SeedReport
) -> None:
    engine = module_engine
    levels = engine.run(
        "MATCH (n:Net) RETURN n.level AS level, count(n) AS c ORDER BY level", readonly=True
    )
    assert [(r["level"], r["c"]) for r in levels] == [(2, 1), (3, 23), (4, 92)]
    counts = _label_counts(
        engine,
        [
            *("Cell", "Person", "RiskPoint", "Hazard", "Problem", "RiskList"),
            *("TrainingSession", "PartnerOrg", "Equipment", "HealthRecord", "MicroCell"),
        ],
    )
    assert counts["Cell"] == 311
    assert counts["Person"] == 4500
    assert counts["RiskPoint"] == 8491
    assert counts["Hazard"] == 1168
    assert counts["Problem"] >= 2100
    assert counts["RiskList"] == 184
    assert counts["TrainingSession"] == 170
    assert counts["PartnerOrg"] == 11
    assert counts["Equipment"] >= 20_000
    assert counts["HealthRecord"] >= 4500
    assert 1400 <= counts["MicroCell"] <= 1500
    guidance = "MATCH (s:Standard {level: $level}) RETURN count(s) AS c"
    assert _count(engine, guidance, level="guidance") == 400
    assert _count(engine, guidance, level="unit") >= 1000


def test_everything_generated_was_written(
    module_engine: FalkorDBEngine, seeded: SeedReport
) -> None:
    assert _label_counts(module_engine, list(seeded.nodes)) == seeded.nodes
    assert _type_counts(module_engine) == seeded.relationships


def test_report_carries_the_planted_defects(seeded: SeedReport, dataset: Dataset) -> None:
    assert seeded.defects == dataset.defects
    assert {rule: len(uids) for rule, uids in seeded.defects.items()} == RULE_COUNTS
    as_json = json.loads(json.dumps(seeded.to_json()))
    assert as_json["today"] == "2026-11-15"
    assert as_json["total_nodes"] == dataset.total_nodes
    assert seeded.seconds >= seeded.load_seconds > 0


def test_closed_assignments_are_stored_as_history(
    module_engine: FalkorDBEngine, seeded: SeedReport
) -> None:
    """The gap rules read ``until IS NULL``; the loaded graph answers as the dataset does."""
    rows = module_engine.run(
        "MATCH (n:Net) OPTIONAL MATCH (:Person)-[r:HEAD_OF]->(n) WHERE r.until IS NULL "
        "WITH n, count(r) AS heads WHERE heads = 0 RETURN n.uid AS uid ORDER BY uid",
        readonly=True,
    )
    assert [r["uid"] for r in rows] == seeded.defects["net_without_head"]
    closed = "MATCH (:Person)-[r:HEAD_OF]->() WHERE r.until IS NOT NULL RETURN count(r) AS c"
    assert _count(module_engine, closed) > 0


def test_seeding_again_changes_nothing(module_engine: FalkorDBEngine, seeded: SeedReport) -> None:
    before = fingerprint(module_engine)
    again = seed_database(module_engine, scale=1, seed=2026, progress=False)
    assert _label_counts(module_engine, list(again.nodes)) == seeded.nodes
    assert _type_counts(module_engine) == seeded.relationships
    assert fingerprint(module_engine) == before
    assert not is_empty(module_engine)


# --- on a fresh graph, cheap ------------------------------------------------------------------


def test_is_empty_on_a_fresh_graph(engine: FalkorDBEngine) -> None:
    assert is_empty(engine)


def _tiny(dataset: Dataset) -> Dataset:
    """Two nets and a cell, to exercise the loader's checks without loading 65k nodes."""
    nets = [n for n in dataset.nodes["Net"] if n["uid"] in ("net-l2", "net-l3-01")]
    return replace(
        dataset,
        nodes={"Net": nets, "Cell": [dataset.nodes["Cell"][0]]},
        relationships={
            ("Net", "PART_OF", "Net"): [
                {"a": "net-l3-01", "b": "net-l2", "since": "2023-03-01T00:00:00Z"}
            ]
        },
    )


def test_load_returns_what_it_wrote(engine: FalkorDBEngine, dataset: Dataset) -> None:
    counts = load(engine, _tiny(dataset), progress=True)
    assert counts == {"nodes": {"Net": 2, "Cell": 1}, "relationships": {"PART_OF": 1}}
    assert not is_empty(engine)


def test_a_missing_endpoint_is_an_error_and_writes_nothing(
    engine: FalkorDBEngine, dataset: Dataset
) -> None:
    broken = _tiny(dataset)
    broken.relationships[("Cell", "PART_OF", "Net")] = [
        {"a": dataset.nodes["Cell"][0]["uid"], "b": "net-l4-999", "since": "2023-04-01"}
    ]
    with pytest.raises(ValidationError, match="net-l4-999"):
        load(engine, broken, progress=False)
    assert is_empty(engine)


def test_an_unknown_label_is_an_error(engine: FalkorDBEngine, dataset: Dataset) -> None:
    broken = _tiny(dataset)
    broken.nodes["Pipeline"] = [{"uid": "pl-1"}]
    with pytest.raises(ValidationError, match="Pipeline"):
        load(engine, broken, progress=False)
    assert is_empty(engine)


def test_an_undeclared_relationship_is_an_error(engine: FalkorDBEngine, dataset: Dataset) -> None:
    broken = _tiny(dataset)
    broken.relationships[("Cell", "OWNED_BY", "Net")] = [{"a": "x", "b": "y"}]
    with pytest.raises(ValidationError, match="OWNED_BY"):
        load(engine, broken, progress=False)
    assert is_empty(engine)
