"""``redgrid escalate`` on a small grid in a real data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.falkordb_engine import FalkorDBEngine
from queries.audit import by_actor
from tests.queries.factories import add_hazard, add_problem
from tests.writes.test_workflow_problems import build_grid
from writes.audit import SYSTEM

runner = CliRunner()


def redgrid(data: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--data", str(data), *args], env=env)
    return result.exit_code, result.output


@pytest.fixture
def grid(tmp_path: Path) -> Iterator[tuple[Path, FalkorDBEngine]]:
    """A data directory holding the workflow grid, two open problems and an open hazard."""
    owner = FalkorDBEngine(tmp_path)
    owner.ensure_schema()
    build_grid(owner)
    add_problem(owner, "pb-old", cell="cell-1", status="accepted", reported_on="2026-03-01")
    add_problem(owner, "pb-new", cell="cell-1", status="reported", reported_on="2026-03-04")
    add_problem(owner, "pb-done", cell="cell-1", status="resolved", reported_on="2026-01-01")
    add_hazard(owner, "hz-late", cell="cell-1", found_on="2026-02-01", deadline="2026-03-02")
    yield tmp_path, owner
    owner.close()


def test_escalate_moves_the_overdue_once_a_day(grid: tuple[Path, FalkorDBEngine]) -> None:
    data, engine = grid
    code, output = redgrid(data, "escalate", "--today", "2026-03-05", "--json")
    assert code == 0, output
    body = json.loads(output)
    assert body["today"] == "2026-03-05" and body["moved"] == 2
    assert [(m["kind"], m["uid"], m["to"]) for m in body["by_level"]["level-4"]] == [
        ("Problem", "pb-old", "net-l4"),
        ("Hazard", "hz-late", "net-l4"),
    ]
    assert {e.target for e in by_actor(engine, SYSTEM)} == {"pb-old", "hz-late"}

    code, output = redgrid(data, "escalate", "--today", "2026-03-05")
    assert code == 0, output
    assert output.startswith("2026-03-05: 0 escalated (level 4: 0, level 3: 0, level 2: 0)")

    code, output = redgrid(data, "escalate", "--today", "2026-03-13")
    assert code == 0, output
    assert "2026-03-13: 3 escalated (level 4: 1, level 3: 2, level 2: 0)" in output
    assert "pb-new" in output and "hz-late" in output


def test_deadlines_come_from_the_settings(grid: tuple[Path, FalkorDBEngine]) -> None:
    data, _ = grid
    env = {"REDGRID_ESCALATION_DAYS": "[0, 7, 15]"}
    code, output = redgrid(data, "escalate", "--today", "2026-03-05", "--json", env=env)
    assert code == 0, output
    body = json.loads(output)
    assert body["days"] == {"cell": 0, "level-4": 7, "level-3": 15}
    assert body["moved"] == 3


@pytest.mark.parametrize("day", ["2026-02-30", "tomorrow", "05/03/2026"])
def test_a_bad_date_is_a_clear_error(grid: tuple[Path, FalkorDBEngine], day: str) -> None:
    data, engine = grid
    code, output = redgrid(data, "escalate", "--today", day)
    assert code == 2
    assert "--today" in output and f"{day!r} is not a date (YYYY-MM-DD)" in output
    assert by_actor(engine, SYSTEM) == []


def test_escalate_one_matter_only(grid: tuple[Path, FalkorDBEngine]) -> None:
    data, engine = grid
    code, output = redgrid(data, "escalate", "--today", "2026-03-05", "--uid", "hz-late", "--json")
    assert code == 0, output
    assert [m["uid"] for m in json.loads(output)["by_level"]["level-4"]] == ["hz-late"]
    assert {e.target for e in by_actor(engine, SYSTEM)} == {"hz-late"}  # pb-old, due too, stays


def test_escalate_refuses_a_uid_naming_no_matter(grid: tuple[Path, FalkorDBEngine]) -> None:
    data, engine = grid
    code, output = redgrid(
        data, "escalate", "--today", "2026-03-05", "--uid", "pb-old", "--uid", "cell-1"
    )
    assert code == 1
    assert "name no problem and no hazard: cell-1" in output
    assert by_actor(engine, SYSTEM) == []
