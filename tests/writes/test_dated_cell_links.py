"""The link a reported problem (RAISED_IN) or a found hazard (BELONGS_TO) gets to its cell is
dated: ``since`` is the report instant (issue 13), whether the cell was named or resolved from
a point. A problem's link is not temporal (no ``until``, never handed over); a hazard's is,
as every membership of a cell (issue 12)."""

from __future__ import annotations

from graph.falkordb_engine import FalkorDBEngine
from graph.properties import to_timestamp
from graph.schema import relationship_spec
from tests.writes.test_workflow_hazards import find
from tests.writes.test_workflow_problems import build_grid, report

DAY = "2026-04-01"


def cell_link(engine: FalkorDBEngine, uid: str) -> list[dict[str, object]]:
    return engine.run(
        "MATCH (x:GridNode {uid: $uid})-[r:RAISED_IN|BELONGS_TO]->(c:Cell) "
        "RETURN type(r) AS type, c.uid AS cell, r.since AS since, r.until AS until",
        {"uid": uid},
        readonly=True,
    )


def test_a_reported_problem_and_a_found_hazard_keep_when_their_cell_link_began(
    engine: FalkorDBEngine,
) -> None:
    build_grid(engine)
    report(engine, "pb-dated", at="2026-04-01T08:30:00Z", lon=125.02, lat=46.08)
    assert cell_link(engine, "pb-dated") == [
        {"type": "RAISED_IN", "cell": "cell-1", "since": "2026-04-01T08:30:00Z", "until": None}
    ]
    find(engine, "hz-dated", at=DAY)
    assert cell_link(engine, "hz-dated") == [
        {"type": "BELONGS_TO", "cell": "cell-1", "since": to_timestamp(DAY), "until": None}
    ]


def test_a_problem_link_is_dated_and_a_hazard_membership_temporal() -> None:
    raised = relationship_spec("Problem", "RAISED_IN", "Cell")
    assert list(raised.properties) == ["since"] and not raised.temporal
    # a hazard moves from cell to cell like any object (issue 12)
    belongs = relationship_spec("Hazard", "BELONGS_TO", "Cell")
    assert list(belongs.properties) == ["since", "until"] and belongs.temporal
