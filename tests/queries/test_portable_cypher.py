"""Every Cypher file stays inside the portable subset and runs on the embedded engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.cypher import CYPHER_DIR, all_cypher_files, cypher
from queries.portability import violations

FILES = all_cypher_files()
SAMPLE_PARAMS = {
    "west": 125.0,
    "south": 46.0,
    "east": 125.1,
    "north": 46.1,
    "uid": "nothing-here",
    "uids": ["nothing-here"],
    "units": ["nothing-here"],
    "cells": ["nothing-here"],
    "cell": "nothing-here",
    "standards_of": ["nothing-here"],
    "duties_of": ["nothing-here"],
    "net": "nothing-here",
    "nets": ["nothing-here"],
    "labels": ["Person", "Net", "Cell", "MicroCell", "Equipment", "Area", "WorkItem", "RiskPoint"],
    "rels": ["PART_OF", "HEAD_OF", "LEADS", "MEMBER_OF", "OWNED_BY", "BELONGS_TO"],
    "from_month": "2025-11",
    "solved": ["resolved", "closed"],
    "roles": ["propagandist", "safety_supervisor"],
    "done": ["rectified", "verified", "closed"],
    "span_min": 2,
    "span_max": 4,
    "level": "unit",
    "rules": [],
    "at": "2026-11-15T23:59:59Z",
    "today": "2026-11-15",
    "since": "2026-05-19",
    "month": "2026-10",
    "threshold": 40,
    "days": 180,
    "limit": 10,
    "hidden": ["read_health_records"],
    "skip": 0,
    "top": 10,
    "actor": "nobody",
    "person": "nothing-here",
    "viewer": "nothing-here",
    "role": "health_instructor",
    "username": "nobody",
    "until": "2026-11-15T23:59:59Z",
}


def _name(path: Path) -> str:
    return str(path.relative_to(CYPHER_DIR).with_suffix(""))


def test_there_are_cypher_files() -> None:
    assert len(FILES) >= 3


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_file_is_inside_the_portable_subset(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_file_runs_on_the_embedded_engine(path: Path, engine: FalkorDBEngine) -> None:
    text = cypher(_name(path))
    names = sorted(set(re.findall(r"\$(\w+)", text)))
    missing = [n for n in names if n not in SAMPLE_PARAMS]
    assert not missing, f"add a sample value for {missing} to SAMPLE_PARAMS"
    engine.run(text, {n: SAMPLE_PARAMS[n] for n in names}, readonly=True)


@pytest.mark.parametrize(
    ("statement", "construct"),
    [
        ("MATCH (n) WHERE EXISTS { (n)-[:R]->() } RETURN n", "EXISTS subquery"),
        ("MATCH (n) RETURN id(n)", "internal id"),
        ("MATCH (n) RETURN elementId(n)", "internal id"),
        ("MATCH p = shortestPath((a)-[*]-(b)) RETURN p", "shortestPath in MATCH"),
        ("MATCH (n) WHERE n.at < datetime() RETURN n", "engine temporal type"),
        ("MATCH (n) RETURN date($d)", "engine temporal type"),
        ("CALL db.labels()", "procedure call"),
        ("RETURN apoc.text.join($a, ',')", "APOC"),
        ("MATCH (n:Net|Cell) RETURN n", "label union"),
        ("MATCH (n) WHERE n.name =~ $p RETURN n", "regular expression"),
        ("MATCH (n) WHERE n.uid = 'x' RETURN n", "string literal value"),
        ("MATCH (n {uid: 'x'}) RETURN n", "string literal value"),
    ],
)
def test_the_check_catches_each_forbidden_construct(statement: str, construct: str) -> None:
    assert any(v.startswith(construct) for v in violations(statement))


def test_the_check_passes_portable_forms() -> None:
    clean = (
        "MATCH (o:GridNode {uid: $uid})-[r:OWNED_BY|ASSIGNED_TO]->(p:Person) "
        "WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at) "
        "// id(x) in a comment is fine\n"
        "RETURN p.uid AS uid, labels(p) AS kinds, o.valid AS valid"
    )
    assert violations(clean) == []
