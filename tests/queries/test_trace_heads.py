"""The heads in a trace are read in one walk up from the cell and matched to their unit
(trace_chain.cypher): a unit reached along a closed link or along two open ones still lists
each of its heads once, after its own link, in the chain alone and in the whole trace."""

from __future__ import annotations

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import PARTS, trace
from tests.queries.test_accountability import SINCE, UP_FROM_C1, grid, rel, roles  # noqa: F401

PART_SETS = [(), tuple(PARTS)]


@pytest.mark.parametrize("parts", PART_SETS)
def test_a_cell_that_left_its_net_and_came_back_lists_each_head_once(
    grid: FalkorDBEngine,  # noqa: F811
    parts: tuple[str, ...],
) -> None:
    rel(grid, "Cell", "PART_OF", "Net", [{"a": "c1", "b": "n4", "since": "2018-01-01",
                                          "until": "2019-01-01"}])  # fmt: skip
    rel(grid, "Person", "HEAD_OF", "Cell", [{"a": "p-cell", "b": "c1", "since": "2018-01-01",
                                             "until": "2019-01-01"}])  # fmt: skip
    assert roles(trace(grid, "eq1", as_of="2025-01-01", parts=parts))[4:] == UP_FROM_C1


@pytest.mark.parametrize("parts", PART_SETS)
def test_a_cell_under_two_nets_at_once_lists_each_nets_heads_once_per_path(
    grid: FalkorDBEngine,  # noqa: F811
    parts: tuple[str, ...],
) -> None:
    """c1 → n4 → n3 → n2 and c1 → n3 → n2 (a broken grid rule the trace still shows): every
    path's net is listed, each followed by its heads once."""
    rel(grid, "Cell", "PART_OF", "Net", [{"a": "c1", "b": "n3", "since": SINCE}])
    # Sorted by distance, then level: n4 and n3 one step up, n3 and n2 two, n2 three.
    n4, n3, n2 = UP_FROM_C1[2:4], UP_FROM_C1[4:6], UP_FROM_C1[6:8]
    chain = roles(trace(grid, "eq1", as_of="2025-01-01", parts=parts))
    assert chain[4:] == UP_FROM_C1[:2] + n4 + n3 + n3 + n2 + n2


def test_a_head_of_a_unit_no_longer_above_the_cell_is_not_listed(
    grid: FalkorDBEngine,  # noqa: F811
) -> None:
    rel(grid, "Cell", "PART_OF", "Net", [{"a": "c1", "b": "n3", "since": "2018-01-01",
                                          "until": "2019-01-01"}])  # fmt: skip
    rel(grid, "Person", "HEAD_OF", "Net", [{"a": "p-lead", "b": "n3", "since": "2018-01-01"}])
    chain = roles(trace(grid, "eq1", as_of="2025-01-01", parts=()))
    assert chain.count(("net", "n3")) == 1
    assert chain.count(("net_head", "p-lead")) == 1
