"""A risk point at its equipment or area (``AT``) and a hazard on its risk point
(``FOUND_AT``) are dated links (issue 12): a ledger re-import that names another target
closes the open link and opens a new one from its ``<link>_since`` date, so a trace as of an
earlier date follows the old target. Before issue 12 the import replaced the link and the
past followed the new target."""

from __future__ import annotations

from pathlib import Path

from graph.engine import Engine
from queries.accountability import trace
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import T0, holders, write_csv

T1 = "2026-03-01T08:30:00Z"
DAY = "2026-02-15T00:00:00Z"
POINTS = ["uid", "name", "grade", "cell", "at", "at_since"]
HAZARDS = [
    "uid",
    "title",
    "severity",
    "status",
    "found_on",
    "cell",
    "risk_point",
    "risk_point_since",
]


def _owners(engine: Engine, uid: str, as_of: str) -> list[str]:
    return [link.uid for link in trace(engine, uid, as_of).chain if link.role == "owner"]


def _load(engine: Engine, tmp_path: Path, at_target: str, since: str, as_of: str) -> None:
    points = [POINTS, ["rp-1", "分离器超压风险", "red", "cell-1", at_target, since]]
    points.append(["rp-2", "阀门泄漏风险", "yellow", "cell-1", "eq-2", ""])
    hazard = "rp-1" if at_target == "eq-1" else "rp-2"
    hazards = [HAZARDS, ["hz-1", "法兰渗漏", "general", "found", "2026-01-10", "cell-1", hazard,
                         since]]  # fmt: skip
    files = [
        write_csv(tmp_path / as_of[:10] / "riskpoints.csv", points),
        write_csv(tmp_path / as_of[:10] / "hazards.csv", hazards),
    ]
    import_ledgers(engine, files, as_of=as_of)


def test_a_reimport_moves_a_risk_point_and_a_hazard_from_their_since_date(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    _load(engine, tmp_path, "eq-1", "", T0)
    _load(engine, tmp_path, "eq-2", "2026-02-15", T1)

    assert holders(engine, "AT", "rp-1") == [("eq-1", T0, DAY), ("eq-2", DAY, None)]
    assert holders(engine, "FOUND_AT", "hz-1") == [("rp-1", T0, DAY), ("rp-2", DAY, None)]
    # eq-1 is owned by p-2, eq-2 by p-3: the trace follows the link that held on the day.
    assert _owners(engine, "rp-1", "2026-02-14") == ["p-2"]
    assert _owners(engine, "rp-1", DAY) == ["p-3"]
    assert _owners(engine, "hz-1", "2026-02-14") == ["p-2"]
    assert _owners(engine, "hz-1", "2026-03-02") == ["p-3"]
