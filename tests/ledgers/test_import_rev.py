"""Imports bump ``rev`` on the nodes they change (issue 12), so an edit based on data read
before an import gets CONFLICT instead of silently overwriting what the import wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from graph.errors import ConflictError
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import write_csv
from writes.audit import Actor
from writes.changes import update
from writes.guarded import read_node

ACTOR = Actor("planner")
EQUIPMENT = ["uid", "name", "category", "cell"]


def test_an_edit_read_before_an_import_conflicts(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    assert read_node(engine, "eq-1").rev == 1  # created by the import
    read_before = update(engine, ACTOR, "Equipment", "eq-1", {"tag": "SEP-9"}, rev=1)
    assert read_before.after is not None and read_node(engine, "eq-1").rev == 2
    ledger = [EQUIPMENT, ["eq-1", "1号分离器(改)", "separator", "cell-1"]]
    import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", ledger)], as_of="2026-03-01")
    assert read_node(engine, "eq-1").rev == 3
    with pytest.raises(ConflictError, match="eq-1"):
        update(engine, ACTOR, "Equipment", "eq-1", {"name": "旧名"}, rev=2)
    assert read_node(engine, "eq-1").props["name"] == "1号分离器(改)"
    update(engine, ACTOR, "Equipment", "eq-1", {"name": "新名"}, rev=3)


def test_an_import_that_changes_nothing_keeps_the_revision(
    engine: Engine, base: ImportReport, base_dir: Path
) -> None:
    import_ledgers(engine, [base_dir], as_of="2026-03-01")
    assert read_node(engine, "eq-1").rev == 1
