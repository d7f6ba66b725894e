"""The empty-graph fast path (``graph.bulk``): it accepts exactly what row-by-row validation
would store unchanged, writes the same graph as the MERGE path, and hands anything else
to the MERGE path."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from graph import bulk
from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine, rows_literal
from graph.schema import node_spec, relationship_spec, validate_relationship
from graph.writer import validate_rows
from seed.dataset import Dataset
from seed.loader import load


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    """What an engine keeps of a property map: null values are not stored."""
    return {key: value for key, value in row.items() if value is not None}


def test_column_checks_agree_with_row_validation_on_the_whole_dataset(dataset: Dataset) -> None:
    for label, rows in dataset.nodes.items():
        if not rows:  # accounts and audit entries are never generated
            continue
        batch = bulk.canonical_nodes(node_spec(label), rows)
        assert batch is not None, label
        fast = [
            _stored(dict(zip(batch.columns, values, strict=True)))
            for values in batch.rows(0, len(batch))
        ]
        assert fast == [_stored(row) for row in validate_rows(label, rows)], label
    for key, rows in dataset.relationships.items():
        spec = relationship_spec(*key)
        rel_batch = bulk.canonical_relationships(spec, rows)
        assert rel_batch is not None, key
        handles = {uid: uid for row in rows for uid in (row["a"], row["b"])}
        fast_props = [
            _stored(dict(zip(rel_batch.columns, values[2:], strict=True)))
            for values in rel_batch.rows(0, len(rel_batch), handles)
        ]
        slow = [
            _stored(validate_relationship(spec, {k: v for k, v in row.items() if k not in "ab"}))
            for row in rows
        ]
        assert fast_props == slow, key


NET = {"uid": "net-x", "name": "采气一大队", "level": 3, "kind": "strong_base"}


@pytest.mark.parametrize(
    "change",
    [
        {"level": "3"},  # the validator would convert it
        {"name": "  "},  # blank: stored as missing, or refused when required
        {"kind": "nonsense"},  # not one of the choices
        {"colour": "red"},  # undeclared
        {"search": "x"},  # derived by the writer
        {"name": None},  # required
    ],
)
def test_a_value_validation_would_change_or_refuse_is_not_vouched_for(
    change: dict[str, Any],
) -> None:
    assert bulk.canonical_nodes(node_spec("Net"), [NET]) is not None
    assert bulk.canonical_nodes(node_spec("Net"), [NET | change]) is None


def test_rows_merge_would_fold_together_are_not_vouched_for() -> None:
    assert bulk.canonical_nodes(node_spec("Net"), [NET, dict(NET)]) is None
    spec = relationship_spec("Net", "PART_OF", "Net")
    row = {"a": "net-x", "b": "net-l2", "since": "2023-03-01T00:00:00Z"}
    assert bulk.canonical_relationships(spec, [row]) is not None
    assert bulk.canonical_relationships(spec, [row, dict(row)]) is None
    later = row | {"since": "2024-03-01T00:00:00Z"}
    assert bulk.canonical_relationships(spec, [row, later]) is not None
    assert bulk.canonical_relationships(spec, [row | {"since": date(2023, 3, 1)}]) is None


def _tiny(dataset: Dataset, since: Any) -> Dataset:
    nets = [n for n in dataset.nodes["Net"] if n["uid"] in ("net-l2", "net-l3-01")]
    return replace(
        dataset,
        nodes={"Net": nets},
        relationships={
            ("Net", "PART_OF", "Net"): [{"a": "net-l3-01", "b": "net-l2", "since": since}]
        },
    )


def _part_of(engine: FalkorDBEngine) -> list[dict[str, Any]]:
    return engine.run(
        "MATCH (a)-[r:PART_OF]->(b) RETURN a.uid AS a, b.uid AS b, r.since AS since",
        readonly=True,
    )


def test_a_dataset_needing_conversion_loads_through_the_merge_path(
    engine: FalkorDBEngine, dataset: Dataset
) -> None:
    load(engine, _tiny(dataset, date(2023, 3, 1)), progress=False)
    expected = [{"a": "net-l3-01", "b": "net-l2", "since": "2023-03-01T00:00:00Z"}]
    assert _part_of(engine) == expected


def test_a_bad_value_is_still_reported_by_field(engine: FalkorDBEngine, dataset: Dataset) -> None:
    with pytest.raises(ValidationError, match="since"):
        load(engine, _tiny(dataset, "not a date"), progress=False)


def test_the_fast_path_on_an_empty_graph_then_merge_changes_nothing(
    engine: FalkorDBEngine, dataset: Dataset
) -> None:
    tiny = _tiny(dataset, "2023-03-01T00:00:00Z")
    assert load(engine, tiny, progress=False) == {
        "nodes": {"Net": 2},
        "relationships": {"PART_OF": 1},
    }
    assert len(_part_of(engine)) == 1
    load(engine, tiny, progress=False)
    assert len(_part_of(engine)) == 1
    assert engine.run("MATCH (n) RETURN count(n) AS c", readonly=True) == [{"c": 2}]


@pytest.mark.parametrize(
    "text", ['quote " inside', "back\\slash", "new\nline", "tab\tend", "中文 ／ 全角", "a\\nb"]
)
def test_batch_strings_reach_the_engine_unchanged(engine: FalkorDBEngine, text: str) -> None:
    engine.run_rows(
        "UNWIND $rows AS row CREATE (:Probe {uid: row[0], text: row[1]})", [["p", text]]
    )
    rows = engine.run("MATCH (n:Probe) RETURN n.text AS text", readonly=True)
    assert rows == [{"text": text}]


def test_rows_literal_uses_the_fast_encoder_only_when_it_prints_the_same() -> None:
    assert rows_literal([[1, "a", None, True, 1.5]]) == '[[1,"a",null,true,1.5]]'
    assert rows_literal([["new\nline"]]) == '[["new\nline"]]'  # the client's form, not JSON's
