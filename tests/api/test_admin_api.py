"""Administration over GraphQL on a fresh graph: ledgers imported by upload (a dry run lists
every row error by file, sheet, row and column and writes nothing; an apply writes and
audits), exported as files that import again without an error; all for admins only."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from queries.audit import history
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.graph_state import fingerprint

IMPORT = """
mutation Import($files: [LedgerFileInput!]!, $dryRun: Boolean!, $asOf: String) {
  importLedgers(files: $files, dryRun: $dryRun, asOf: $asOf) {
    ok dryRun written asOf rows files
    kinds { kind created updated unchanged empty }
    relationships { change count }
    errors { file sheet row column message text }
    warnings { file row column message }
  }
}"""

EXPORT = """
query Export($format: String!, $lang: String!) {
  exportLedgers(format: $format, lang: $lang) { name contentBase64 }
}"""

ORG: dict[str, list[list[Any]]] = {
    "nets": [
        ["uid", "name", "level", "kind", "parent"],
        ["net-2", "天然气分公司", 2, "navigator", ""],
        ["net-3", "采气一大队", 3, "strong_base", "net-2"],
        ["net-4", "徐深作业区党支部", 4, "fortress", "net-3"],
    ],
    "cells": [["uid", "name", "mode", "net"], ["cell-1", "徐深17集气站先锋格", "scene", "net-4"]],
    "microcells": [["uid", "name", "cell", "lead"], ["mc-1", "王建国微格", "cell-1", "p-1"]],
    "people": [
        ["uid", "employee_no", "name", "party_member", "post", "microcell"],
        ["p-1", "E1001", "王建国", "是", "采气工", "mc-1"],
        ["p-2", "E1002", "李秀英", "否", "集输工", "mc-1"],
    ],
}


def csv_file(name: str, rows: Sequence[Sequence[Any]]) -> dict[str, str]:
    """A ``LedgerFileInput`` of a CSV file (UTF-8 with BOM, as Excel saves)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    content = buffer.getvalue().encode("utf-8-sig")
    return {"name": name, "contentBase64": base64.b64encode(content).decode()}


def org_files() -> list[dict[str, str]]:
    return [csv_file(f"{kind}.csv", rows) for kind, rows in ORG.items()]


def run_import(client: TestClient, files: list[dict[str, str]], *, dry_run: bool) -> dict[str, Any]:
    variables = {"files": files, "dryRun": dry_run, "asOf": "2026-01-01"}
    result: dict[str, Any] = data(client, IMPORT, variables)["importLedgers"]
    return result


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    settings = Settings(account_cache_s=0, ledger_max_rows=20)
    with TestClient(create_app(settings, engine=engine)) as test_client:
        sign_in(test_client, engine, role="admin")
        yield test_client


def test_a_dry_run_lists_row_errors_by_place_and_writes_nothing(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    files = org_files()
    people = [
        *ORG["people"],
        ["p-3", "E1003", "张伟", "maybe", "仪表工", "mc-1"],
        ["p-4", "E1004", "赵敏", "否", "电工", "mc-9"],
    ]
    files[3] = csv_file("people.csv", people)
    before = fingerprint(engine)
    for dry_run in (True, False):  # an apply with an error writes nothing either
        result = run_import(client, files, dry_run=dry_run)
        assert result["ok"] is False and result["written"] is False
        places = {(e["file"], e["row"], e["column"]) for e in result["errors"]}
        assert ("people.csv", 4, "party_member") in places, result["errors"]
        assert ("people.csv", 5, "microcell") in places, result["errors"]
        assert all(e["sheet"] is None for e in result["errors"])  # a CSV file has none
        assert all(e["text"].startswith("people.csv, row ") for e in result["errors"])
        assert fingerprint(engine) == before


def test_a_clean_dry_run_counts_then_apply_writes_and_audits(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    before = fingerprint(engine)
    dry = run_import(client, org_files(), dry_run=True)
    assert dry["ok"] and dry["dryRun"] and not dry["written"] and not dry["errors"]
    counts = {k["kind"]: k["created"] for k in dry["kinds"]}
    assert counts["people"] == 2 and counts["nets"] == 3
    assert dry["asOf"] == "2026-01-01T00:00:00Z"
    assert fingerprint(engine) == before

    applied = run_import(client, org_files(), dry_run=False)
    assert applied["ok"] and applied["written"] and not applied["dryRun"]
    assert {k["kind"]: k["created"] for k in applied["kinds"]} == counts
    assert fingerprint(engine) != before
    entries = history(engine, "p-2", limit=10)
    assert entries and entries[0].actor == "test-admin"

    again = run_import(client, org_files(), dry_run=True)  # idempotent: nothing left to do
    assert again["ok"] and all(k["created"] == k["updated"] == 0 for k in again["kinds"])


def test_a_file_over_the_ledger_limits_is_refused_clearly(
    client: TestClient, engine: FalkorDBEngine
) -> None:
    people = [ORG["people"][0]] + [
        [f"p-{n}", f"E{n}", f"人{n}", "否", "工", "mc-1"] for n in range(30)
    ]
    before = fingerprint(engine)
    result = run_import(client, [*org_files()[:3], csv_file("people.csv", people)], dry_run=False)
    assert result["ok"] is False
    assert any("20" in e["message"] and "row" in e["message"] for e in result["errors"]), result
    assert fingerprint(engine) == before


def test_a_body_over_the_request_limit_is_refused_before_anything_runs(
    engine: FalkorDBEngine,
) -> None:
    with TestClient(create_app(Settings(max_body_bytes=4096), engine=engine)) as small:
        sign_in(small, engine, role="admin")
        big = {"name": "people.csv", "contentBase64": base64.b64encode(b"x" * 8192).decode()}
        response = small.post(
            "/graphql", json={"query": IMPORT, "variables": {"files": [big], "dryRun": True}}
        )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("file", "field"),
    [
        ({"name": "../people.csv", "contentBase64": ""}, "files[0].name"),
        ({"name": "peo\u0000ple.csv", "contentBase64": ""}, "files[0].name"),
        ({"name": "people\n.csv", "contentBase64": ""}, "files[0].name"),
        ({"name": "people.txt", "contentBase64": ""}, "files[0].name"),
        ({"name": "people.csv", "contentBase64": "not base64!"}, "files[0].contentBase64"),
    ],
)
def test_bad_files_are_bad_input_naming_the_file(
    client: TestClient, file: dict[str, str], field: str
) -> None:
    error = only_error(post(client, IMPORT, {"files": [file], "dryRun": True}))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert field in str(error["extensions"]), error


@pytest.mark.parametrize("role", ["planner", "investigator"])
def test_non_admins_neither_import_nor_export(
    client: TestClient, engine: FalkorDBEngine, role: str
) -> None:
    sign_in(client, engine, role=role)
    before = fingerprint(engine)
    refused = only_error(post(client, IMPORT, {"files": org_files(), "dryRun": False}))
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert fingerprint(engine) == before
    refused = only_error(post(client, EXPORT, {"format": "csv", "lang": "zh"}))
    assert refused["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(("fmt", "lang"), [("xlsx", "zh"), ("csv", "en")])
def test_export_round_trips_through_a_dry_run_import(
    client: TestClient, engine: FalkorDBEngine, fmt: str, lang: str
) -> None:
    run_import(client, org_files(), dry_run=False)
    files = data(client, EXPORT, {"format": fmt, "lang": lang})["exportLedgers"]
    assert files and all(f["name"].endswith(f".{fmt}") for f in files)
    before = fingerprint(engine)
    again = run_import(client, files, dry_run=True)
    assert again["ok"], again["errors"]
    assert all(k["created"] == k["updated"] == 0 for k in again["kinds"]), again["kinds"]
    assert fingerprint(engine) == before


def test_export_refuses_an_unknown_format_or_language(client: TestClient) -> None:
    error = only_error(post(client, EXPORT, {"format": "pdf", "lang": "fr"}))
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "format" in str(error) and "lang" in str(error)
