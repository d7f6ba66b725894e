"""A trace carries only the parts asked (``parts=``), and each part asked is exactly what the
whole trace says: the chain alone, any subset of officers, duties, standards and gaps, on
every kind of subject of the hand-built grid, now and before its owner changed."""

from __future__ import annotations

from itertools import combinations

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import PARTS, Part, trace
from tests.queries.test_accountability import grid  # noqa: F401  (the shared fixture)

SUBJECTS = ("eq1", "rp1", "hz1", "a2", "p-new", "p-lead2")
DATES = ("2024-01-15", None)
SUBSETS: list[tuple[Part, ...]] = [
    subset for n in range(len(PARTS) + 1) for subset in combinations(sorted(PARTS), n)
]


@pytest.mark.parametrize("as_of", DATES)
def test_every_subset_of_parts_agrees_with_the_whole_trace(
    grid: FalkorDBEngine,  # noqa: F811
    as_of: str | None,
) -> None:
    for uid in SUBJECTS:
        whole = trace(grid, uid, as_of=as_of)
        assert whole.gaps is not None and whole.officers is not None
        for subset in SUBSETS:
            part = trace(grid, uid, as_of=as_of, parts=subset)
            assert part.chain == whole.chain, (uid, subset)
            asked = set(subset) | (set(PARTS) if "gaps" in subset else set())
            for name in PARTS:
                expected = getattr(whole, name) if name in asked else None
                assert getattr(part, name) == expected, (uid, subset, name)


def test_the_chain_alone_is_one_statement_and_every_part_is_one_more_at_most(
    grid: FalkorDBEngine,  # noqa: F811
) -> None:
    for subset, statements in [((), 1), (tuple(PARTS), 1), (("officers",), 2), (("duties",), 2)]:
        before = grid.round_trips
        trace(grid, "hz1", parts=subset)
        assert grid.round_trips - before == statements, subset


def test_gaps_not_asked_leave_completeness_unknown(grid: FalkorDBEngine) -> None:  # noqa: F811
    chain_only = trace(grid, "eq1", parts=())
    assert chain_only.gaps is None and chain_only.complete is None
    assert trace(grid, "eq1", parts=("gaps",)).complete is trace(grid, "eq1").complete
