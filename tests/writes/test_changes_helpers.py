"""Shared helpers of the change-layer tests: a small grid, a graph fingerprint, an actor.

Collected by pytest like any test module (it has no tests of its own) so it stays inside
the change layer's own test files.
"""

from __future__ import annotations

from typing import Any, LiteralString

from graph.engine import Engine, Params, Row
from graph.writer import upsert_nodes
from queries.audit import Entry, history
from tests.queries.factories import (
    add_cell,
    add_duty,
    add_microcell,
    add_net,
    add_net_chain,
    add_object,
    add_officer,
    link,
)
from writes.audit import Actor

ACTOR = Actor("admin", request_id="req-1")
BEFORE = "2024-01-01T00:00:00Z"
"""An instant before every change of these tests (factories start links on 2023-01-01)."""
AT = "2025-06-01T08:00:00Z"
"""When the changes of these tests happen."""
AFTER = "2025-07-01T00:00:00Z"


def build_grid(engine: Engine) -> None:
    """Two chains of nets, cells with heads, officers, micro-cells with leads and members,
    objects with owners, a duty with an assignee and a standard.

    net-l2 ← net-l3 ← net-l4 ← cell-a (head p-head-a) ← mc-a1 (lead p-lead-a: p-m1, p-m2)
                              ← cell-b (head p-head-b) ← mc-b1 (lead p-lead-b: p-m3)
    net-l3b (under net-l2) ← net-l4b
    eq-1 in cell-a owned by p-m1; area-1 in cell-a owned by p-m2; duty-1 of cell-a → p-m1.
    """
    chain = add_net_chain(engine)
    add_net(engine, "net-l3b", level=3, parent=chain.l2, head="p-head-l3b")
    add_net(engine, "net-l4b", level=4, parent="net-l3b", head="p-head-l4b")
    add_cell(engine, "cell-a", net=chain.l4, head="p-head-a")
    add_cell(engine, "cell-b", net=chain.l4, head="p-head-b")
    add_microcell(engine, "mc-a1", cell="cell-a", lead="p-lead-a", members=["p-m1", "p-m2"])
    add_microcell(engine, "mc-b1", cell="cell-b", lead="p-lead-b", members=["p-m3"])
    add_object(engine, "Equipment", "eq-1", cell="cell-a", owner="p-m1")
    add_object(engine, "Area", "area-1", cell="cell-a", owner="p-m2")
    add_object(engine, "RiskPoint", "rp-1", cell="cell-a", owner="p-m1")
    add_officer(engine, "p-lead-a", "cell-a", "mediator")
    add_duty(engine, "duty-1", cell="cell-a", assignee="p-m1", applies_to=("Equipment", "eq-1"))
    upsert_nodes(
        engine,
        "Standard",
        [
            {
                "uid": f"st-{n}",
                "code": f"GS-{n}",
                "title": f"standard {n}",
                "level": "guidance",
                "dimension": "safety",
                "domain": "gathering",
            }
            for n in (1, 2)
        ],
    )
    link(engine, "Equipment", "GOVERNED_BY", "Standard", "eq-1", "st-1")


def last_entry(engine: Engine, uid: str) -> Entry:
    """The newest audit entry about ``uid``."""
    return history(engine, uid, limit=1)[0]


class Meanwhile:
    """The real engine, with another user's write slipped in just before the next write
    statement — the race a guard exists for."""

    def __init__(self, engine: Engine, query: LiteralString, params: Params) -> None:
        self.engine = engine
        self.pending: tuple[LiteralString, Params] | None = (query, params)

    def run(
        self,
        query: LiteralString,
        params: Params | None = None,
        *,
        readonly: bool = False,
        timeout_ms: int | None = None,
    ) -> list[Row]:
        if not readonly and self.pending is not None:
            other, other_params = self.pending
            self.pending = None
            self.engine.run(other, other_params)
        return self.engine.run(query, params, readonly=readonly, timeout_ms=timeout_ms)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)
