"""Trace defects of issue 12 on hand-built grids: a member of a micro-cell that is in no cell
keeps the micro-cell (the break is the micro-cell's missing cell), and the guidance standard of
a unit standard is the top of its derivation cascade. Each is checked through the three trace
statements (the chain alone, every part, some parts)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.engine import Engine
from graph.writer import upsert_nodes
from queries.accountability import Trace, trace
from tests.queries.factories import (
    add_cell,
    add_microcell,
    add_net_chain,
    add_object,
    link,
)

AS_OF = "2026-11-15"
STATEMENTS: list[tuple[str, ...]] = [(), ("officers",), ("standards",), ("gaps",)]
"""The chain alone, some parts (two shapes), every part: the three trace statements."""


def _traces(engine: Engine, uid: str) -> list[Trace]:
    return [trace(engine, uid, as_of=AS_OF, parts=parts) for parts in STATEMENTS]


@pytest.fixture
def unplaced(engine: Engine) -> Engine:
    """A micro-cell ``mc-free`` that was never placed in a cell, led by ``p-lead``, with
    members ``p-a`` and ``p-b``; ``p-a`` owns ``eq-1`` of cell ``c1`` (a whole chain)."""
    chain = add_net_chain(engine)
    add_cell(engine, "c1", net=chain.l4, head="p-cell")
    add_microcell(engine, "mc-free", cell=None, lead="p-lead", members=["p-a", "p-b"])
    add_object(engine, "Equipment", "eq-1", cell="c1", owner="p-a")
    return engine


def test_a_member_of_a_micro_cell_in_no_cell_keeps_the_micro_cell(unplaced: Engine) -> None:
    for t in _traces(unplaced, "p-b"):
        assert [(link.role, link.uid) for link in t.chain] == [
            ("object", "p-b"),
            ("micro_cell", "mc-free"),
            ("micro_cell_lead", "p-lead"),
        ]
    gaps = trace(unplaced, "p-b", as_of=AS_OF).gaps
    assert gaps is not None
    assert [(g.code, g.uid) for g in gaps] == [("microcell_without_cell", "mc-free")]


def test_an_object_owned_from_an_unplaced_micro_cell_goes_on_from_its_own_cell(
    unplaced: Engine,
) -> None:
    for t in _traces(unplaced, "eq-1"):
        roles = [(link.role, link.uid) for link in t.chain]
        assert roles[:5] == [
            ("object", "eq-1"),
            ("owner", "p-a"),
            ("micro_cell", "mc-free"),
            ("micro_cell_lead", "p-lead"),
            ("cell", "c1"),
        ]
        assert roles[-1] == ("net_head", "head-net-l2")
    gaps = trace(unplaced, "eq-1", as_of=AS_OF).gaps
    assert gaps is not None
    codes = {g.code for g in gaps}
    assert {"microcell_without_cell", "owner_outside_cell"} <= codes
    assert "person_without_microcell" not in codes


def _standard(uid: str, level: str) -> dict[str, Any]:
    return {
        "uid": uid,
        "code": uid.upper(),
        "title": f"title {uid}",
        "level": level,
        "dimension": "safety",
        "domain": "gas_production",
    }


def test_the_guidance_of_a_unit_standard_is_the_top_of_its_cascade(engine: Engine) -> None:
    """guide ← unit-mid ← unit-leaf: eq-1 works to unit-leaf, whose guidance is ``guide``."""
    chain = add_net_chain(engine)
    add_cell(engine, "c1", net=chain.l4, head="p-cell")
    add_microcell(engine, "mc-1", cell="c1", lead="p-lead", members=["p-a", "p-b"])
    add_object(engine, "Equipment", "eq-1", cell="c1", owner="p-a")
    upsert_nodes(
        engine,
        "Standard",
        [
            _standard("guide", "guidance"),
            _standard("unit-mid", "unit"),
            _standard("unit-leaf", "unit"),
        ],
    )
    link(engine, "Standard", "DERIVED_FROM", "Standard", "unit-mid", "guide")
    link(engine, "Standard", "DERIVED_FROM", "Standard", "unit-leaf", "unit-mid")
    link(engine, "Equipment", "GOVERNED_BY", "Standard", "eq-1", "unit-leaf")
    link(engine, "Equipment", "GOVERNED_BY", "Standard", "eq-1", "unit-mid")
    for parts in [("standards",), ("gaps",)]:
        standards = trace(engine, "eq-1", as_of=AS_OF, parts=parts).standards
        assert standards is not None
        assert sorted((s.uid, s.guidance_uid, s.guidance_code) for s in standards) == [
            ("unit-leaf", "guide", "GUIDE"),
            ("unit-mid", "guide", "GUIDE"),
        ]
