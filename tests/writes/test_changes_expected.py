"""A hand-over decided on a stale page is a conflict: every reassignment and move takes the
holders the caller read (``expected``) and writes nothing when they have changed since."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.errors import ConflictError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.audit import history
from tests.graph_state import fingerprint
from tests.writes.test_changes_assignments import CASES
from tests.writes.test_changes_helpers import ACTOR, AT, build_grid
from writes.changes import Change, assign_owner, move_object, move_unit

MOVES: list[tuple[str, Callable[..., Change], tuple[str, ...], list[str]]] = [
    ("object to another cell", move_object, ("Equipment", "eq-1", "cell-b"), ["cell-a"]),
    ("micro-cell to another cell", move_unit, ("mc-a1", "cell-b"), ["cell-a"]),
]


def _read(before: dict[str, Any]) -> list[str]:
    """The holders a caller read before the change, from the audit entry's ``before``."""
    value = next(iter(before.values()))
    return list(value) if isinstance(value, list) else [value]


CHANGES = [(name, change, args, _read(before)) for name, change, args, *_, before, _after in CASES]
ALL = [*CHANGES, *MOVES]


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


@pytest.mark.parametrize(("change", "args", "read"), [c[1:] for c in ALL], ids=[c[0] for c in ALL])
def test_the_holders_read_let_the_change_through(
    grid: FalkorDBEngine, change: Callable[..., Change], args: tuple[str, ...], read: list[str]
) -> None:
    result = change(grid, ACTOR, *args, at=AT, expected=read)
    assert result.audit is not None
    assert (result.actor, result.at) == ("admin", AT)


@pytest.mark.parametrize(("change", "args", "read"), [c[1:] for c in ALL], ids=[c[0] for c in ALL])
def test_holders_changed_since_they_were_read_are_a_conflict(
    grid: FalkorDBEngine, change: Callable[..., Change], args: tuple[str, ...], read: list[str]
) -> None:
    stale = [*read, "p-somebody-else"]
    before = fingerprint(grid)
    with pytest.raises(ConflictError, match=r"not .*p-somebody-else.* as read; read it again"):
        change(grid, ACTOR, *args, at=AT, expected=stale)
    assert fingerprint(grid) == before


def test_a_post_read_as_empty_but_held_now_is_a_conflict(grid: FalkorDBEngine) -> None:
    with pytest.raises(ConflictError, match="its owner is now p-m1, not nobody as read"):
        assign_owner(grid, ACTOR, "eq-1", "p-m2", at=AT, expected=[])
    assert history(grid, "eq-1") == []


@pytest.mark.parametrize("expected", ["p-m1", [1], {"p-m1": 1}])
def test_expected_holders_must_be_a_list_of_uids(grid: FalkorDBEngine, expected: Any) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError, match=r"expected: .* is not a list of uids"):
        assign_owner(grid, ACTOR, "eq-1", "p-m2", at=AT, expected=expected)
    assert fingerprint(grid) == before
