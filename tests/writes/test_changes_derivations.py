"""derive_standard (issue 12): a standard derives from the one above it in the cascade; a
derivation that would close a cycle is refused naming the standards, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.writer import upsert_nodes
from tests.graph_state import fingerprint
from tests.queries.factories import link
from tests.writes.test_changes_helpers import ACTOR, AT, last_entry
from writes.changes import derive_standard


def _standard(uid: str, level: str) -> dict[str, Any]:
    return {
        "uid": uid,
        "code": uid.upper(),
        "title": uid,
        "level": level,
        "dimension": "safety",
        "domain": "gathering",
    }


@pytest.fixture
def cascade(engine: FalkorDBEngine) -> FalkorDBEngine:
    """std-g1 ← std-u1 ← std-u2, and std-g2 on its own."""
    rows = [_standard("std-g1", "guidance"), _standard("std-g2", "guidance")]
    rows += [_standard("std-u1", "unit"), _standard("std-u2", "unit")]
    upsert_nodes(engine, "Standard", rows)
    link(engine, "Standard", "DERIVED_FROM", "Standard", "std-u1", "std-g1")
    link(engine, "Standard", "DERIVED_FROM", "Standard", "std-u2", "std-u1")
    return engine


def test_a_standard_derives_from_another_with_its_audit_entry(cascade: FalkorDBEngine) -> None:
    change = derive_standard(cascade, ACTOR, "std-u2", "std-g2", at=AT)
    assert (change.before, change.after) == ({"derived_from": "std-u1"}, {"derived_from": "std-g2"})
    entry = last_entry(cascade, "std-u2")
    assert (entry.operation, entry.after) == ("derive_standard", {"derived_from": "std-g2"})


@pytest.mark.parametrize(
    ("standard", "guidance", "cycle"),
    [
        ("std-g1", "std-u2", "std-g1 → std-u2 → std-u1 → std-g1"),
        ("std-g1", "std-u1", "std-g1 → std-u1 → std-g1"),
        ("std-u1", "std-u1", "std-u1 → std-u1"),
    ],
)
def test_a_derivation_cycle_is_refused_naming_the_standards(
    cascade: FalkorDBEngine, standard: str, guidance: str, cycle: str
) -> None:
    before = fingerprint(cascade)
    with pytest.raises(ValidationError) as caught:
        derive_standard(cascade, ACTOR, standard, guidance, at=AT)
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("guidance", f"derivation cycle: {cycle}; a standard cannot derive from itself")
    ]
    assert fingerprint(cascade) == before
