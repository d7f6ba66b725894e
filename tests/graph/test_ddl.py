"""Schema DDL derived from the neomodel classes, its effect on the embedded engine, and
write validation through those same classes (clear errors, nothing half-written)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph.dialect import (
    falkordb_constraint_commands,
    falkordb_fulltext_ddl,
    falkordb_index_ddl,
    neo4j_ddl,
)
from graph.errors import ConstraintViolation, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.model import NODE_CLASSES, GridNode
from graph.model.base import SEARCH_PROPERTY
from graph.schema import validate_node
from graph.writer import upsert_nodes

CONSTRAINT = re.compile(
    r"^CREATE CONSTRAINT (?P<name>\w+) IF NOT EXISTS "
    r"FOR \(n:(?P<label>\w+)\) REQUIRE n\.(?P<prop>\w+) IS UNIQUE$"
)
INDEX = re.compile(
    r"^CREATE INDEX (?P<name>\w+) IF NOT EXISTS FOR \(n:(?P<label>\w+)\) ON \(n\.(?P<prop>\w+)\)$"
)
FALKORDB_INDEX = re.compile(r"^CREATE INDEX FOR \(n:(?P<label>\w+)\) ON \(n\.(?P<prop>\w+)\)$")
FALKORDB_FULLTEXT = re.compile(
    r"^CREATE FULLTEXT INDEX FOR \(n:(?P<label>\w+)\) ON \(n\.(?P<prop>\w+)\) OPTIONS \{.*\}$"
)
NEO4J_FULLTEXT = re.compile(
    r"^CREATE FULLTEXT INDEX (?P<name>\w+) IF NOT EXISTS FOR \(n:(?P<labels>[\w|]+)\) "
    r"ON EACH \[n\.(?P<prop>\w+)\] OPTIONS \{indexConfig: \{`fulltext\.analyzer`: 'whitespace'\}\}$"
)

type Item = tuple[str, str]


SCHEMA_CLASSES: tuple[type[GridNode], ...] = (GridNode, *NODE_CLASSES)
"""Every label a stored node carries: its own, and ``GridNode`` (uid unique across kinds)."""


def _declared(flag: str) -> Counter[Item]:
    """(label, property) pairs whose neomodel declaration sets ``flag``, read directly."""
    return Counter(
        (cls.__name__, name)
        for cls in SCHEMA_CLASSES
        for name, prop in cls.defined_properties(aliases=False, rels=False).items()
        if getattr(prop, flag)
    )


UNIQUE = _declared("unique_index")
INDEXED = _declared("index")
SEARCHED: Counter[Item] = Counter(
    (cls.__name__, SEARCH_PROPERTY) for cls in NODE_CLASSES if getattr(cls, "__search_fields__", ())
)
"""Labels whose class names ``__search_fields__``: each gets a full-text index on ``search``."""


def _parsed(pattern: re.Pattern[str], statements: list[str]) -> Counter[Item]:
    matches = [pattern.match(s) for s in statements]
    return Counter((m["label"], m["prop"]) for m in matches if m)


# --- Derived DDL (no database) ----------------------------------------------------------


def test_every_label_declares_a_unique_uid() -> None:
    assert {label for label, prop in UNIQUE if prop == "uid"} == {
        c.__name__ for c in SCHEMA_CLASSES
    }
    assert not UNIQUE & INDEXED


def test_neo4j_ddl_has_one_unique_constraint_per_unique_property() -> None:
    assert _parsed(CONSTRAINT, neo4j_ddl()) == UNIQUE


def test_neo4j_ddl_has_one_index_per_indexed_property() -> None:
    assert _parsed(INDEX, neo4j_ddl()) == INDEXED


def test_neo4j_ddl_is_idempotent_and_names_are_distinct() -> None:
    *schema, fulltext = neo4j_ddl()
    matches = [CONSTRAINT.match(s) or INDEX.match(s) for s in schema]
    fulltext_match = NEO4J_FULLTEXT.match(fulltext)
    assert fulltext_match is not None
    names = [m["name"] for m in matches if m] + [fulltext_match["name"]]
    assert len(set(names)) == len(names) == len(matches) + 1 == len(UNIQUE) + len(INDEXED) + 1


def test_neo4j_ddl_ends_with_one_fulltext_index_over_every_searched_label() -> None:
    match = NEO4J_FULLTEXT.match(neo4j_ddl()[-1])
    assert match is not None
    assert Counter((label, match["prop"]) for label in match["labels"].split("|")) == SEARCHED


def test_falkordb_indexes_cover_every_unique_and_indexed_property() -> None:
    statements = falkordb_index_ddl()
    assert all(FALKORDB_INDEX.match(s) for s in statements)
    assert _parsed(FALKORDB_INDEX, statements) == UNIQUE + INDEXED


def test_falkordb_fulltext_indexes_cover_every_searched_label() -> None:
    statements = falkordb_fulltext_ddl()
    assert all(FALKORDB_FULLTEXT.match(s) for s in statements)
    assert _parsed(FALKORDB_FULLTEXT, statements) == SEARCHED


def test_falkordb_constraint_commands_cover_every_unique_property() -> None:
    commands = falkordb_constraint_commands("g")
    assert all(c[:5] == ("GRAPH.CONSTRAINT", "CREATE", "g", "UNIQUE", "NODE") for c in commands)
    assert all(c[6:8] == ("PROPERTIES", "1") for c in commands)
    assert Counter((c[5], c[8]) for c in commands) == UNIQUE


# --- Embedded engine ---------------------------------------------------------------------


def test_first_ensure_schema_reports_every_statement(
    server_engine: FalkorDBEngine, data_dir: Path
) -> None:
    fresh = FalkorDBEngine(data_dir, graph_name="ddl-fresh")
    try:
        created = fresh.ensure_schema()
    finally:
        fresh.clear()
        fresh.close()
    expected = (
        falkordb_index_ddl()
        + falkordb_fulltext_ddl()
        + [" ".join(c) for c in falkordb_constraint_commands("ddl-fresh")]
    )
    assert created == expected


def test_indexes_and_constraints_are_exactly_the_derived_ones(engine: FalkorDBEngine) -> None:
    engine.wait_for_constraints()
    rows = [r for r in engine.run("CALL db.indexes()", readonly=True) if r["entitytype"] == "NODE"]
    indexes = Counter(
        (row["label"], prop)
        for row in rows
        for prop in row["properties"]
        if "RANGE" in row["types"][prop]
    )
    fulltext = Counter(
        (row["label"], prop)
        for row in rows
        for prop in row["properties"]
        if "FULLTEXT" in row["types"][prop]
    )
    constraints = Counter(
        (row["label"], row["properties"][0])
        for row in engine.run("CALL db.constraints()", readonly=True)
        if row["type"] == "UNIQUE" and row["entitytype"] == "NODE" and len(row["properties"]) == 1
    )
    assert indexes == UNIQUE + INDEXED
    assert fulltext == SEARCHED
    assert constraints == UNIQUE


def test_second_ensure_schema_creates_nothing(engine: FalkorDBEngine) -> None:
    assert engine.ensure_schema() == []


def test_duplicate_uid_raises_constraint_violation(engine: FalkorDBEngine) -> None:
    engine.wait_for_constraints()
    engine.run("CREATE (:Cell {uid: $uid})", {"uid": "cell-1"})
    with pytest.raises(ConstraintViolation):
        engine.run("CREATE (:Cell {uid: $uid})", {"uid": "cell-1"})


def test_uid_is_unique_across_kinds_through_the_gridnode_label(engine: FalkorDBEngine) -> None:
    engine.wait_for_constraints()
    engine.run("CREATE (:Net:GridNode {uid: $uid})", {"uid": "shared-1"})
    with pytest.raises(ConstraintViolation):
        engine.run("CREATE (:Cell:GridNode {uid: $uid})", {"uid": "shared-1"})
    assert _count(engine) == 1


def test_duplicate_business_key_across_uids_raises_constraint_violation(
    engine: FalkorDBEngine,
) -> None:
    engine.wait_for_constraints()
    upsert_nodes(engine, "Person", [PERSON])
    with pytest.raises(ConstraintViolation):
        upsert_nodes(engine, "Person", [{**PERSON, "uid": "p-2"}])
    assert _count(engine) == 1


# --- Validation through the neomodel classes ---------------------------------------------

NET: dict[str, Any] = {"uid": "net-l2", "name": "川中油气矿", "level": 2, "kind": "navigator"}
HAZARD: dict[str, Any] = {
    "uid": "hz-1",
    "title": "分离器安全阀校验过期",
    "severity": "general",
    "status": "found",
    "found_on": "2024-03-01",
}
PERSON: dict[str, Any] = {
    "uid": "p-1",
    "employee_no": "E0001",
    "name": "张伟",
    "party_member": True,
}

BAD_ROWS = {
    "unknown property": ("Net", {**NET, "colour": "red"}, "colour", "unknown property for Net"),
    "missing required": ("Net", {**NET, "name": None}, "name", "is required"),
    "blank required": ("Net", {**NET, "name": "  "}, "name", "is required"),
    "wrong choice": (
        "Net",
        {**NET, "kind": "capital"},
        "kind",
        "'capital' is not one of: navigator, strong_base, fortress",
    ),
    "bad date": ("Hazard", {**HAZARD, "found_on": "2024-13-45"}, "found_on", "ISO-8601 date"),
    "not a boolean": ("Person", {**PERSON, "party_member": "maybe"}, "party_member", "yes/no"),
}
VALID: dict[str, dict[str, Any]] = {"Net": NET, "Hazard": HAZARD, "Person": PERSON}


def _count(engine: FalkorDBEngine) -> int:
    return int(engine.run("MATCH (n) RETURN count(n) AS c", readonly=True)[0]["c"])


@pytest.mark.parametrize(("label", "row", "field", "message"), BAD_ROWS.values(), ids=BAD_ROWS)
def test_validate_node_names_the_field(
    label: str, row: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_node(label, row)
    assert [e.field for e in caught.value.errors] == [field]
    assert message in caught.value.errors[0].message
    assert str(caught.value).startswith(f"{label}: {field}: ")


@pytest.mark.parametrize(("label", "row", "field", "message"), BAD_ROWS.values(), ids=BAD_ROWS)
def test_failed_upsert_names_row_and_field_and_writes_nothing(
    engine: FalkorDBEngine, label: str, row: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        upsert_nodes(engine, label, [VALID[label], row], batch_size=1)
    assert [e.field for e in caught.value.errors] == [f"row 2.{field}"]
    assert message in str(caught.value)
    assert _count(engine) == 0


def test_duplicate_uid_within_one_batch_names_both_rows_and_writes_nothing(
    engine: FalkorDBEngine,
) -> None:
    rows = [NET, {**NET, "name": "另一个名字"}]
    with pytest.raises(ValidationError) as caught:
        upsert_nodes(engine, "Net", rows)
    assert [str(e) for e in caught.value.errors] == ["row 2.uid: duplicate of row 1"]
    assert _count(engine) == 0


def test_every_bad_row_is_reported_at_once(engine: FalkorDBEngine) -> None:
    rows = [{**NET, "uid": "n-1", "kind": "capital"}, NET, {**NET, "uid": "n-3", "level": None}]
    with pytest.raises(ValidationError) as caught:
        upsert_nodes(engine, "Net", rows)
    assert [e.field for e in caught.value.errors] == ["row 1.kind", "row 3.level"]
    assert _count(engine) == 0


def test_unknown_label_is_named_with_the_known_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_node("Nett", NET)
    assert "unknown node label 'Nett'" in str(caught.value)
    assert "Net, Cell" in str(caught.value)


def test_valid_values_are_normalised_for_storage() -> None:
    stored = validate_node(
        "Person", {**PERSON, "party_member": "是", "joined_on": "2024-03-01T08:00:00+08:00"}
    )
    assert stored["party_member"] is True
    assert stored["joined_on"] == "2024-03-01"
