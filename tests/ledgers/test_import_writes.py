"""The fast write paths of an import write exactly what the general ones do.

``upsert_linked_nodes`` creates the nodes an import checked absent with positional rows and
CREATE; it must leave the same graph as the MERGE path with whole maps. A mixed import
(nodes updated and created in one file, links handed over, posts changed, new nodes
linked to each other) must leave the graph and audit entries commit 87ef512 left
(``import_writes_87ef512.json``, made by running :func:`mixed_import` on that tree).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.engine import Engine
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import relationship_spec
from graph.writer import Linked, upsert_linked_nodes
from queries.portability import violations
from seed.ledgers import import_ledgers
from tests.ledgers.conftest import BASE, T0, write_base, write_csv
from writes.audit import Actor, audit_entries

T1 = "2026-03-01T08:30:00Z"
EXPECTED = Path(__file__).with_name("import_writes_87ef512.json")


def graph_dump(engine: Engine) -> dict[str, list[Any]]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted;
    an audit entry without its uid and time (new each run)."""
    nodes = []
    for row in engine.run(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", readonly=True
    ):
        props = dict(row["props"])
        if "AuditEntry" in row["labels"]:
            props.pop("uid")
            props.pop("at")
        nodes.append([sorted(row["labels"]), props])
    rels = engine.run(
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.uid AS a, b.uid AS b, properties(r) AS p",
        readonly=True,
    )
    return {
        "nodes": sorted(nodes, key=lambda n: json.dumps(n, sort_keys=True, ensure_ascii=False)),
        "relationships": sorted(
            ([r["t"], r["a"], r["b"], dict(r["p"])] for r in rels),
            key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False),
        ),
    }


def _targets(engine: Engine) -> None:
    engine.run(
        "CREATE (:Cell:GridNode {uid: 'c1', name: '格'}), (:Person:GridNode {uid: 'p1'}),"
        " (:Person:GridNode {uid: 'p2'})"
    )


def test_the_create_path_writes_what_the_merge_path_writes(
    engine: Engine, empty_engine: Engine
) -> None:
    cell = relationship_spec("Equipment", "BELONGS_TO", "Cell")
    owner = relationship_spec("Equipment", "OWNED_BY", "Person")
    officer = relationship_spec("Person", "OFFICER_OF", "Cell")
    links: list[Linked] = [(cell, True), (owner, True)]
    # rows with different columns, blanks, quotes, backslashes and a control character
    rows = [
        {"uid": "e1", "name": '泵 "1#"', "tag": "T\\1", "category": "compressor"},
        {"uid": "e2", "name": "阀\n门", "category": "valve", "commissioned_on": None},
        {"uid": "e3", "name": "表", "category": "meter", "commissioned_on": "2021-05-10"},
    ]
    since = {"since": T0, "until": None}
    row_links = [
        [(0, "c1", since), (1, "p1", {"since": T0, "until": T1}), (1, "p2", since)],
        [],
        [(0, "c1", {"since": T1})],
    ]
    build = audit_entries(Actor("cli:planner", "req-1"), T1)
    audits = [
        build("import.create", "e1", "Equipment", None, {"name": '泵 "1#"'}),
        None,
        build("import.create", "e3", "Equipment", None, {"note": "a\\b\tc"}),
    ]
    entry_of = {row["uid"]: entry for row, entry in zip(rows, audits, strict=True)}
    for target, new in ((engine, True), (empty_engine, False)):
        _targets(target)
        upsert_linked_nodes(
            target, "Equipment", rows, links, row_links,
            audit=lambda row: entry_of[row["uid"]], revise=True, new=new,
        )  # fmt: skip
    assert graph_dump(engine) == graph_dump(empty_engine)
    assert len(graph_dump(engine)["relationships"]) == 4
    # incoming links (the row's node is the target), and no links at all
    for target, new in ((engine, True), (empty_engine, False)):
        person = {"uid": "p9", "name": "新人", "employee_no": "E9", "party_member": False}
        upsert_linked_nodes(
            target, "Person", [person], [(officer, True)],
            [[(0, "c1", {"since": T1, "role": "mediator"})]], new=new,
        )  # fmt: skip
    assert graph_dump(engine) == graph_dump(empty_engine)


def test_the_create_statement_is_portable(engine: FalkorDBEngine) -> None:
    """The statement goes through the engine's bulk row path: recorded on its way."""
    statements: list[str] = []
    run_rows = engine.run_rows

    def record(query: Any, rows: Any) -> Any:
        statements.append(query)
        return run_rows(query, rows)

    engine.run_rows = record  # type: ignore[method-assign]
    _targets(engine)
    links: list[Linked] = [(relationship_spec("Equipment", "BELONGS_TO", "Cell"), True)]
    upsert_linked_nodes(
        engine, "Equipment", [{"uid": "e1", "name": "泵", "category": "compressor"}], links,
        [[(0, "c1", {"since": T0})]], audit=lambda _: None, revise=True, new=True,
    )  # fmt: skip
    created = [s for s in statements if "CREATE (n:" in s]
    assert created and all(violations(s) == [] for s in created)


MIXED: dict[str, list[list[Any]]] = {
    "equipment": [
        [*BASE["equipment"][0], "owner_since"],
        # eq-1 renamed and handed to p-3; eq-2 unchanged; eq-3 and eq-4 new
        [
            "eq-1",
            "1号分离器（新）",
            "SEP-001",
            "separator",
            "2021-05-10",
            "cell-1",
            "area-1",
            "p-3",
            "std-u1",
            "",
        ],
        [*BASE["equipment"][2], ""],
        [
            "eq-3",
            "新阀门",
            "VLV-003",
            "阀门",
            "2024-02-01",
            "cell-2",
            "area-1",
            "E1005",
            "TRQ/DW-00001;std-g1",
            "2026-02-01",
        ],
        ["eq-4", "压力表", "", "instrument", "", "cell-2", "", "p-6", "", ""],
    ],
    "people": [
        ["uid", "employee_no", "name", "party_member", "post", "microcell"],
        ["p-2", "E1002", "李秀英", "否", "班长", "mc-1"],
        ["p-6", "E1006", "孙丽", "是", "巡检工", "mc-2"],
    ],
    "posts": [
        ["unit", "post", "person"],
        ["cell-2", "格长", "p-6"],
        ["cell-1", "宣传员", "p-3"],
    ],
}


def mixed_import(engine: Engine, directory: Path) -> dict[str, list[Any]]:
    """The small organisation imported at T0, then :data:`MIXED` at T1: the graph after."""
    import_ledgers(engine, [write_base(directory / "base")], as_of=T0)
    paths = [write_csv(directory / "mixed" / f"{kind}.csv", rows) for kind, rows in MIXED.items()]
    import_ledgers(engine, paths, as_of=T1, actor=Actor("cli:planner", None))
    return graph_dump(engine)


def test_a_mixed_import_writes_what_the_general_path_wrote(engine: Engine, tmp_path: Path) -> None:
    got = json.loads(json.dumps(mixed_import(engine, tmp_path), ensure_ascii=False))
    assert got == json.loads(EXPECTED.read_text(encoding="utf-8"))
