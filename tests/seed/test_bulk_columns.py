"""The shortcuts of the binary load give what the value-at-a-time code gives: encoded
columns (graph.falkordb_bulk), the relationship check on node ids
(graph.bulk.canonical_relationships with ``ids``) and the search tokens worked out in a
helper process (graph.bulk.SearchHelper). No database needed."""

from __future__ import annotations

from typing import Any

import pytest

from graph import bulk
from graph.falkordb_bulk import Unencodable, _encoded_column, encode_value
from graph.schema import node_spec, relationship_spec
from seed.dataset import Dataset

COLUMNS: list[list[Any]] = [
    ["2024-03-01", "2024-03-01", "2024-03-02"] * 5,  # few distinct: encoded once each
    ["王建国", "E0001", "TRQ/DW-00168", "ＴＲＱ", "a"],  # all distinct
    ["x", None, "y", None],
    [None, "2024-03-01"] * 5,
    [None, None],
    [1.5, -0.0, float("inf"), 1e-300],
    [1.5, None],
    [0, -1, 2**63 - 1, -(2**63)],
    [3, None],
    [True, False, True],
    [True, None, False],
    [["a", "b"], None, ["c"]],
    [1, True],  # equal as keys of a cache, not as values
    [0.0, -0.0, None, 1.0],
    [1.0, 1],
]


@pytest.mark.parametrize("values", COLUMNS)
def test_an_encoded_column_is_its_values_encoded_one_by_one(values: list[Any]) -> None:
    assert _encoded_column(values) == [encode_value(value) for value in values]


@pytest.mark.parametrize(
    "values", [["a", "nul\x00inside"], ["a"] * 9 + ["nul\x00inside"], [1, 2**63], [-(2**63) - 1]]
)
def test_a_column_the_format_cannot_carry_is_refused(values: list[Any]) -> None:
    with pytest.raises(Unencodable):
        _encoded_column(values)


def test_the_check_on_node_ids_agrees_with_the_check_on_uids(dataset: Dataset) -> None:
    ids = {row["uid"]: n for n, row in enumerate(r for rs in dataset.nodes.values() for r in rs)}
    for key, rows in dataset.relationships.items():
        spec = relationship_spec(*key)
        by_uid = bulk.canonical_relationships(spec, rows)
        by_id = bulk.canonical_relationships(spec, rows, ids)
        assert by_uid is not None and by_id is not None, key
        assert by_id.ends == ([ids[r["a"]] for r in rows], [ids[r["b"]] for r in rows]), key
        assert by_id.values(0, len(rows), {}) == by_uid.values(0, len(rows), ids), key


def test_rows_merge_would_fold_together_are_refused_on_node_ids() -> None:
    ids = {"net-x": 0, "net-l2": 1, "net-y": 2}
    spec = relationship_spec("Net", "PART_OF", "Net")
    row = {"a": "net-x", "b": "net-l2", "since": "2023-03-01T00:00:00Z"}
    later = row | {"since": "2024-03-01T00:00:00Z"}
    other = row | {"a": "net-y"}
    assert bulk.canonical_relationships(spec, [row, later, other], ids) is not None
    assert bulk.canonical_relationships(spec, [row, later, dict(row)], ids) is None
    assert bulk.canonical_relationships(spec, [row | {"a": "net-z"}], ids) is None  # no id
    plain = relationship_spec("Process", "IN_NET", "Net")
    link = {"a": "net-x", "b": "net-l2"}
    assert bulk.canonical_relationships(plain, [link, link | {"a": "net-y"}], ids) is not None
    assert bulk.canonical_relationships(plain, [link, dict(link)], ids) is None


def test_the_search_helper_gives_the_tokens_worked_out_here(dataset: Dataset) -> None:
    labels = [
        (node_spec(label), rows)
        for label, rows in dataset.nodes.items()
        if rows and node_spec(label).searchable
    ]
    helper = bulk.SearchHelper(labels)
    try:
        for spec, rows in labels:
            for start in range(0, len(rows), bulk.BINARY_BATCH):
                chunk = rows[start : start + bulk.BINARY_BATCH]
                assert helper.tokens(len(chunk)) == list(map(spec.search_tokens, chunk)), spec
    finally:
        helper.close()


def test_when_the_helper_fails_the_caller_is_told_to_work_them_out(dataset: Dataset) -> None:
    spec = node_spec("Net")
    good = dataset.nodes["Net"][:3]
    helper = bulk.SearchHelper([(spec, good), (spec, [{"uid": "x", "name": 5}]), (spec, good)])
    try:
        assert helper.tokens(3) == list(map(spec.search_tokens, good))
        assert helper.tokens(1) is None  # the helper could not tokenise 5
        assert helper.tokens(3) is None  # and is not asked again
    finally:
        helper.close()
