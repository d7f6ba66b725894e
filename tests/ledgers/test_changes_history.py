"""The two-year history of docs/ledgers.md, read from the page itself: its changes ledger
imports in one go, and ``trace --as-of`` gives the answers its table shows on every date,
so the page cannot drift from what the import does."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from graph.engine import Engine
from queries.accountability import trace
from seed.ledgers import import_ledgers
from tests.graph_state import fingerprint
from tests.ledgers.conftest import write_csv

PAGE = Path(__file__).parents[2] / "docs" / "ledgers.md"
SECTION = "#### A two-year history in one file"


def _section() -> str:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n#", start + len(SECTION))
    return text[start:end]


def _block(section: str, language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert found, f"no {language} block in {SECTION!r}"
    return found.group(1)


def _table(section: str) -> list[list[str]]:
    lines = [line for line in section.splitlines() if line.startswith("|")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return [row for row in rows if not set("".join(row)) <= set("-: ")]


def _holders(uid: str, role: str) -> Callable[[Engine, str], str]:
    def holder(engine: Engine, day: str) -> str:
        found = [link.uid for link in trace(engine, uid, day, parts=()).chain if link.role == role]
        return ", ".join(found) or "—"

    return holder


ANSWERS: dict[str, Callable[[Engine, str], str]] = {
    "eq-1 owner": _holders("eq-1", "owner"),
    "area-1 owner": _holders("area-1", "owner"),
    "eq-2 owner": _holders("eq-2", "owner"),
    "p-5's micro-cell": _holders("p-5", "micro_cell"),
    "p-5's cell head": _holders("p-5", "cell_head"),
}
"""What each column of the page's table asks ``trace`` (— when nothing answers)."""


def test_the_two_year_history_of_the_page(engine: Engine, base_dir: Path, tmp_path: Path) -> None:
    section = _section()
    base_as_of = re.search(r"redgrid import base/ --as-of (\S+)`", section)
    changes_as_of = re.search(r"redgrid import changes.csv --as-of (\S+)`", section)
    assert base_as_of and changes_as_of
    import_ledgers(engine, [base_dir], as_of=base_as_of.group(1))
    rows = list(csv.reader(io.StringIO(_block(section, "csv"))))
    path = write_csv(tmp_path / "changes.csv", rows)

    report = import_ledgers(engine, [path], as_of=changes_as_of.group(1))

    counted = re.search(r"opens (\d+) assignments and closes (\d+)", section)
    assert counted
    assert (report.relationships["opened"], report.relationships["closed"]) == (
        int(counted.group(1)),
        int(counted.group(2)),
    )
    header, *table = _table(section)
    assert header[0] == "as of" and set(header[1:]) <= ANSWERS.keys()
    for row in table:
        day = row[0]
        found = [ANSWERS[column](engine, day) for column in header[1:]]
        assert found == row[1:], day
    stored = fingerprint(engine)
    again = import_ledgers(engine, [path], as_of=changes_as_of.group(1))
    assert set(again.relationships.values()) == {0}
    assert fingerprint(engine) == stored
