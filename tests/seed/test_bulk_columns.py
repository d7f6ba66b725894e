"""The shortcuts of the binary load give what the value-at-a-time code gives: encoded
columns (graph.falkordb_bulk), the relationship check on node ids
(graph.bulk.canonical_relationships with ``ids``) and the search tokens worked out in a
helper process (graph.bulk.SearchHelper). No database needed."""

from __future__ import annotations

from typing import Any

import pytest

from graph import bulk
from graph.falkordb_bulk import Unencodable, _encoded_column, encode_value
from graph.schema import NodeSpec, node_spec, relationship_spec, searchable_specs
from seed.dataset import Dataset, Row

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


def _answers(
    helper: bulk.SearchHelper, spec: NodeSpec, rows: list[Row]
) -> list[list[str | None] | None]:
    """The helper's answer for each slice of ``rows``, asked for in order as the loader does."""
    size = bulk.BINARY_BATCH
    return [
        helper.tokens(spec, rows[start : start + size], start // size)
        for start in range(0, len(rows), size)
    ]


def test_the_search_helper_gives_the_tokens_worked_out_here(dataset: Dataset) -> None:
    helper = bulk.SearchHelper()
    try:
        helper.offer(dataset.nodes)
        helper.finish()
        for spec in searchable_specs():
            rows = dataset.nodes[spec.label]
            answers = _answers(helper, spec, rows)
            assert answers, spec.label
            tokens = [token for answer in answers for token in answer or [None]]
            assert tokens == list(map(spec.search_tokens, rows)), spec.label
        assert helper.tokens(node_spec("Process"), [], 0) is None  # not searchable: not sent
    finally:
        helper.close()


def test_rows_changed_after_they_were_offered_are_left_to_the_caller(dataset: Dataset) -> None:
    """The generator offers each phase's rows while later phases may still change them."""
    spec = node_spec("Person")
    size = bulk.BINARY_BATCH
    people = dataset.nodes["Person"]
    rows = [dict(people[i % len(people)]) for i in range(2 * size + 10)]
    helper = bulk.SearchHelper()
    try:
        helper.offer({"Person": rows})
        helper.offer({"Person": rows[:1]})  # a label is sent once: the first offer holds
        helper.finish()
        rows[3]["name"] = "王改名"  # a search field changed in the first slice
        rows[size]["uid"] = "person-other"  # another field changed in the second
        rows.append(dict(people[0]))  # a row added to the third
        assert (
            _answers(helper, spec, rows)
            == [
                None,  # worked out by the caller
                list(map(spec.search_tokens, rows[size : 2 * size])),
                None,
            ]
        )
    finally:
        helper.close()


def test_when_the_helper_fails_the_caller_is_told_to_work_them_out(dataset: Dataset) -> None:
    good = dataset.nodes["Net"][:3]
    helper = bulk.SearchHelper()
    try:
        helper.offer({"Net": good, "Cell": [{"uid": "x", "name": 5}]})
        helper.offer({"Area": dataset.nodes["Area"][:3]})
        helper.finish()
        assert helper.tokens(node_spec("Net"), good, 0) == list(
            map(node_spec("Net").search_tokens, good)
        )
        assert (
            helper.tokens(node_spec("Cell"), [{"uid": "x", "name": 5}], 0) is None
        )  # cannot tokenise 5
        assert (
            helper.tokens(node_spec("Area"), dataset.nodes["Area"][:3], 0) is None
        )  # not asked again
    finally:
        helper.close()


def test_rows_offered_after_the_helper_failed_are_left_to_the_caller(dataset: Dataset) -> None:
    """A helper that fails while the dataset is still generated leaves no one waiting."""
    good = dataset.nodes["Net"][:3]
    helper = bulk.SearchHelper()
    try:
        helper.offer({"Cell": [{"uid": "x", "name": 5}]})
        assert helper.tokens(node_spec("Cell"), [{"uid": "x", "name": 5}], 0) is None
        helper.offer({"Net": good})  # offered once the helper has ended
        helper.finish()
        assert helper.tokens(node_spec("Net"), good, 0) is None
    finally:
        helper.close()
