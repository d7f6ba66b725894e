"""The few places where the engines differ: schema DDL, full-text search and error texts.

Queries themselves are shared; they stay inside the portable Cypher subset (DESIGN.md).
Full-text search needs each engine's own procedure, so its statements live here too.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal, LiteralString, cast

from graph.model.base import SEARCH_PROPERTY
from graph.schema import base_spec, node_specs, searchable_specs

type Dialect = Literal["falkordb", "neo4j"]
"""Which engine's Cypher and procedures a statement is written for (``Engine.dialect``)."""


@dataclass(frozen=True, slots=True)
class SchemaItem:
    """One index or unique constraint the schema declares."""

    label: str
    prop: str
    unique: bool


def schema_items() -> list[SchemaItem]:
    """Every unique constraint and index, derived from the neomodel declarations."""
    items = []
    for spec in (base_spec(), *node_specs().values()):
        items += [SchemaItem(spec.label, p, True) for p in spec.unique]
        items += [SchemaItem(spec.label, p, False) for p in spec.indexed]
    return items


def neo4j_ddl() -> list[str]:
    """Neo4j 5 statements; ``IF NOT EXISTS`` makes them idempotent. The last one is the
    full-text index of the searchable labels (:func:`neo4j_fulltext_ddl`)."""
    statements = []
    for item in schema_items():
        if item.unique:
            statements.append(
                f"CREATE CONSTRAINT {item.label}_{item.prop}_unique IF NOT EXISTS "
                f"FOR (n:{item.label}) REQUIRE n.{item.prop} IS UNIQUE"
            )
        else:
            statements.append(
                f"CREATE INDEX {item.label}_{item.prop} IF NOT EXISTS "
                f"FOR (n:{item.label}) ON (n.{item.prop})"
            )
    return [*statements, neo4j_fulltext_ddl()]


def falkordb_index_ddl(labels: Collection[str] | None = None) -> list[str]:
    """FalkorDB range indexes: one per unique or indexed property (a unique constraint
    needs an index on the same property first); only those of ``labels`` when given."""
    return [
        f"CREATE INDEX FOR (n:{i.label}) ON (n.{i.prop})"
        for i in schema_items()
        if labels is None or i.label in labels
    ]


def falkordb_constraint_commands(
    graph: str, labels: Collection[str] | None = None
) -> list[tuple[str, ...]]:
    """FalkorDB creates constraints by command, not Cypher; only those of ``labels`` when
    given."""
    return [
        ("GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", i.label, "PROPERTIES", "1", i.prop)
        for i in schema_items()
        if i.unique and (labels is None or i.label in labels)
    ]


ALREADY_EXISTS_MARKERS = ("already indexed", "already exists", "equivalent")
"""Texts by which either engine says an index or constraint is there already."""


# --- Full-text search -------------------------------------------------------------------

NEO4J_SEARCH_INDEX = "redgrid_search"
"""Neo4j's one full-text index over the ``search`` tokens of every searchable label."""


def neo4j_fulltext_ddl() -> str:
    """One Neo4j full-text index over every searchable label; the whitespace analyser
    keeps our tokens as they are (``graph.search_text`` has already split and lowered them).

    ``IF NOT EXISTS`` goes by name: after a change to the searchable labels, drop the
    index (``DROP INDEX redgrid_search``) and run ``ensure_schema`` again.
    """
    labels = "|".join(spec.label for spec in searchable_specs())
    return (
        f"CREATE FULLTEXT INDEX {NEO4J_SEARCH_INDEX} IF NOT EXISTS "
        f"FOR (n:{labels}) ON EACH [n.{SEARCH_PROPERTY}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}"
    )


def falkordb_fulltext_ddl(labels: Collection[str] | None = None) -> list[str]:
    """One FalkorDB (RediSearch) full-text index per searchable label on ``search`` (only
    ``labels``' when given).

    No stopwords (a token such as ``a`` or ``an`` in a code must stay findable) and no
    stemming of the stored tokens; RediSearch still expands an English query word to its
    stem (``pumps`` also finds ``pump``), which only widens matches on Latin words.
    """
    return [
        f"CREATE FULLTEXT INDEX FOR (n:{spec.label}) ON (n.{SEARCH_PROPERTY}) "
        "OPTIONS {language: 'english', stopwords: [], nostem: true}"
        for spec in searchable_specs()
        if labels is None or spec.label in labels
    ]


def _hit_name() -> str:
    """What a hit is called: its ``name``; a label without one (a standard) by its search
    fields joined with spaces (``TRQ/DW-00401 采气一大队师带徒工作标准``).

    One ``coalesce`` serves every label (a missing field makes a joined text null, so the
    next one is tried): a ``CASE`` per label made a broad search three times slower on
    FalkorDB, which appears to evaluate every branch on every row.
    """
    joined = [
        " + ' ' + ".join(f"node.{field}" for field in spec.search_fields)
        for spec in searchable_specs()
        if "name" not in spec.properties
    ]
    return f"coalesce({', '.join(['node.name', *joined])})" if joined else "node.name"


def _search_tail() -> str:
    """Name, score, order and limit, shared by both engines' search statements.

    The score is the query's length (``$length``) over the hit's name's, capped at 1, when
    the name holds the query as typed (``$plain``, case-insensitive): an exact name scores
    1 and outranks longer names holding it. A hit found otherwise (by its post, tag, code,
    or by terms apart in its name) is scored against its ``search`` tokens, about four
    times longer than its text, so it ranks below the hits by name. Ties go by name, then
    uid: the order is total and the same on both engines.
    """
    return (
        f"WITH kind, node.uid AS uid, {_hit_name()} AS name, node.{SEARCH_PROPERTY} AS tokens "
        "WITH kind, uid, name, "
        "CASE WHEN toLower(name) CONTAINS $plain THEN size(name) ELSE size(tokens) END AS basis "
        "RETURN uid, kind, name, "
        "CASE WHEN basis <= $length THEN 1.0 ELSE toFloat($length) / basis END AS score "
        "ORDER BY score DESC, name, uid LIMIT $first"
    )


def search_statement(dialect: Dialect) -> LiteralString:
    """The full-text search of one engine: hits of every term among ``$labels``, ranked.

    Parameters: ``$query`` (from :func:`fulltext_query`), ``$labels`` (searchable labels
    to look in), ``$plain`` (the query normalised as typed) and its ``$length``, and
    ``$first``. Rows: ``uid, kind, name, score``.
    FalkorDB keeps one index per label, queried for each label in ``$labels``; Neo4j keeps
    one index over them all, its hits filtered by label.
    """
    if dialect == "falkordb":
        head = "UNWIND $labels AS kind CALL db.idx.fulltext.queryNodes(kind, $query) YIELD node "
    else:
        head = (
            f"CALL db.index.fulltext.queryNodes('{NEO4J_SEARCH_INDEX}', $query) YIELD node "
            "WITH node, [label IN labels(node) WHERE label IN $labels][0] AS kind "
            "WHERE kind IS NOT NULL "
        )
    return cast(LiteralString, head + _search_tail())


def fulltext_query(dialect: Dialect, terms: Sequence[str]) -> str:
    """The engine's full-text query requiring every term (terms from ``query_terms``:
    letters, digits and Chinese characters only, so nothing needs escaping).

    RediSearch intersects space-separated terms; Lucene's default operator is OR, so each
    term is marked required.

    Example:
        >>> fulltext_query("neo4j", ["王建", "建国"])
        '+王建 +建国'
    """
    if dialect == "neo4j":
        return " ".join(f"+{term}" for term in terms)
    return " ".join(terms)
