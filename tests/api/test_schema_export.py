"""The committed SDL (docs/schema.graphql) matches the schema, and the schema follows the
house conventions: entity and `<Thing>Type` names, a description on every type, field and
argument."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    build_schema,
)

from api.export_schema import WRITE_COMMAND, main, schema_sdl
from graph.schema import node_specs

ROOT = Path(__file__).parents[2]
DOCS_SCHEMA = ROOT / "docs" / "schema.graphql"
SUFFIXES = ("Connection", "Edge", "Assignment")
RELAY = {"Query", "Mutation", "PageInfo", "OfficerPost"}


def test_docs_schema_is_current() -> None:
    committed = DOCS_SCHEMA.read_text(encoding="utf-8") if DOCS_SCHEMA.exists() else ""
    assert committed == schema_sdl(), f"docs/schema.graphql is stale: run `{WRITE_COMMAND}`"


def test_write_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "schema.graphql"
    assert main(["--check", str(target)]) == 1
    assert "is stale: run python -m api.export_schema --write" in capsys.readouterr().err
    assert main(["--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_sdl()
    assert main(["--check", str(target)]) == 0
    assert main([]) == 0
    assert capsys.readouterr().out == schema_sdl()


def _own_types() -> list[GraphQLNamedType]:
    schema = build_schema(schema_sdl())
    return [t for name, t in schema.type_map.items() if not name.startswith("__")]


def test_object_types_follow_the_naming_rule() -> None:
    """Entities are named after their node label and implement Entity and Node; pages of
    them are `<Label>Connection`/`<Label>Edge`, assignments `<Label>Assignment`; every
    computed view is `<Thing>Type`."""
    labels = set(node_specs())
    entities = {
        t.name
        for t in _own_types()
        if isinstance(t, GraphQLObjectType) and {"Entity", "Node"} <= {i.name for i in t.interfaces}
    }
    assert entities == labels - {"HealthRecord", "User", "AuditEntry"}  # never entities
    derived = {f"{label}{suffix}" for label in entities for suffix in SUFFIXES}
    objects = [t.name for t in _own_types() if isinstance(t, GraphQLObjectType)]
    odd = [n for n in objects if n not in entities | derived | RELAY and not n.endswith("Type")]
    assert odd == []


def test_every_type_field_and_argument_is_described() -> None:
    missing = []
    for t in _own_types():
        if isinstance(t, GraphQLScalarType) and t.name in {"String", "Int", "Float", "Boolean"}:
            continue
        if not t.description:
            missing.append(t.name)
        if isinstance(t, GraphQLObjectType | GraphQLInputObjectType):
            for name, field in t.fields.items():
                if not field.description:
                    missing.append(f"{t.name}.{name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{t.name}.{name}({arg_name})")
        if isinstance(t, GraphQLEnumType):
            missing += [f"{t.name}.{v}" for v, value in t.values.items() if not value.description]
    assert missing == []
