"""The whole business tree of a cell or net, read in at most seven statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from graph.engine import Engine, Row
from graph.errors import NotFoundError
from queries.business_tree.fruit import Fruit, read_fruit
from queries.business_tree.leaves import Leaves, read_leaves
from queries.business_tree.root import Root, cell_nodes, read_data_sources
from queries.business_tree.trunk import Trunk, read_processes, trunk_nets
from queries.clock import day, instant
from queries.cypher import cypher

type SubjectLabel = Literal["Cell", "Net"]


@dataclass(frozen=True, slots=True)
class Subject:
    """The cell or net the tree was asked for."""

    uid: str
    label: SubjectLabel
    name: str | None
    level: int | None

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "label": self.label, "name": self.name, "level": self.level}


@dataclass(frozen=True, slots=True)
class BusinessTree:
    """The business tree of a cell or a net (业务树), as of one instant.

    Example:
        >>> tree = business_tree(engine, "cell-0001", today="2026-11-15")  # doctest: +SKIP
        >>> tree.trunk.reaches_level_2, tree.leaves.leaf("mediator").role.zh
        (True, '调解员')
    """

    subject: Subject
    as_of: str
    today: str
    root: Root
    trunk: Trunk
    leaves: Leaves
    fruit: Fruit

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (see the ``queries.business_tree`` docstring)."""
        return {
            "subject": self.subject.to_json(),
            "as_of": self.as_of,
            "today": self.today,
            "root": self.root.to_json(),
            "trunk": self.trunk.to_json(),
            "leaves": self.leaves.to_json(),
            "fruit": self.fruit.to_json(),
        }


def business_tree(
    engine: Engine, uid: str, *, today: date | datetime | str | None = None
) -> BusinessTree:
    """The business tree of the cell or net ``uid`` as of ``today`` (now when None).

    Links and posts (PART_OF, HEAD_OF, OFFICER_OF, ASSIGNED_TO) are taken as current at
    the end of ``today``; the fruit counts what was reported, found, held or assessed by
    then. A net's tree aggregates every cell beneath it. Costs at most seven read
    statements whatever the subject's size (fewer when it has no cell or no net).

    Args:
        engine: the graph store.
        uid: uid of a Cell or a Net of any level.
        today: reference day (date, datetime or ISO string).

    Returns:
        The tree; ``to_json()`` gives the documented JSON shape.

    Raises:
        NotFoundError: ``uid`` names no Cell and no Net.
        ValidationError: ``today`` is not a date.
    """
    at = instant(today, field="today")
    reference = day(today)
    net_rows = engine.run(cypher("business_tree/nets"), {"uid": uid, "at": at}, readonly=True)
    if not net_rows:
        raise NotFoundError(uid, "Cell or Net")
    subject = _subject(net_rows[0])
    chain, below = trunk_nets(net_rows)
    cells = cell_nodes(
        engine.run(cypher("business_tree/cells"), {"uid": uid, "at": at}, readonly=True)
    )
    cell_uids = [c.uid for c in cells]
    net_uids = [n.uid for n in (*chain, *below)]
    return BusinessTree(
        subject=subject,
        as_of=at,
        today=reference,
        root=Root(cells=cells, data_sources=read_data_sources(engine, cell_uids)),
        trunk=Trunk(chain=chain, nets_below=below, processes=read_processes(engine, net_uids)),
        leaves=read_leaves(engine, cell_uids, at),
        fruit=read_fruit(engine, cell_uids, reference),
    )


def _subject(row: Row) -> Subject:
    label: SubjectLabel = "Cell" if row["is_cell"] else "Net"
    return Subject(uid=row["uid"], label=label, name=row["name"], level=row["level"])
