"""``<link>_until`` on a row naming several holders, each with its own start (a person
recorded in two micro-cells, ``microcell mc-1;mc-2``, ``microcell_since
2025-01-01;2025-03-01``, ``microcell_until 2025-06-30``): each past holder keeps its own
start, as the same row without the end does."""

from __future__ import annotations

from pathlib import Path

from graph.engine import Engine
from seed.ledgers import import_ledgers
from tests.ledgers.conftest import holders, write_csv

EARLY = "2024-12-01T00:00:00Z"
AS_OF = "2026-06-01T00:00:00Z"
HEADER = ["uid", "employee_no", "name", "party_member", "post", "microcell", "microcell_since"]
P9 = ["p-9", "E1009", "周强", "否", "巡检工", "mc-1;mc-2", "2025-01-01;2025-03-01"]


def test_each_past_holder_keeps_its_own_start(
    engine: Engine, base_dir: Path, tmp_path: Path
) -> None:
    import_ledgers(engine, [base_dir], as_of=EARLY)
    ledger = [
        [*HEADER, "microcell_until"],
        [
            "p-9",
            "E1009",
            "周强",
            "否",
            "巡检工",
            "mc-1;mc-2",
            "2025-01-01;2025-03-01",
            "2025-06-30",
        ],
    ]
    import_ledgers(engine, [write_csv(tmp_path / "people.csv", ledger)], as_of=AS_OF)
    assert holders(engine, "MEMBER_OF", "p-9") == [
        ("mc-1", "2025-01-01T00:00:00Z", "2025-06-30T00:00:00Z"),
        ("mc-2", "2025-03-01T00:00:00Z", "2025-06-30T00:00:00Z"),
    ]


def test_the_same_row_without_an_end_keeps_each_start(
    engine: Engine, base_dir: Path, tmp_path: Path
) -> None:
    import_ledgers(engine, [base_dir], as_of=EARLY)
    ledger = [
        HEADER,
        ["p-9", "E1009", "周强", "否", "巡检工", "mc-1;mc-2", "2025-01-01;2025-03-01"],
    ]
    import_ledgers(engine, [write_csv(tmp_path / "people.csv", ledger)], as_of=AS_OF)
    assert holders(engine, "MEMBER_OF", "p-9") == [
        ("mc-1", "2025-01-01T00:00:00Z", None),
        ("mc-2", "2025-03-01T00:00:00Z", None),
    ]
