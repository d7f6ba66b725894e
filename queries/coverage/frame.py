"""The frame a coverage run places findings in: every cell and net with the nets above it, as
the hierarchy stood at one instant."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.engine import Engine, Row
from queries.cypher import cypher
from queries.views import kind_of


@dataclass(frozen=True, slots=True)
class Unit:
    """A cell or net, and the net of each level above it (``above``: level → uid)."""

    uid: str
    kind: str
    name: str
    level: int | None
    above: dict[int, str] = field(default_factory=dict)

    def slot(self, level: int) -> str | None:
        """The net of ``level`` this unit lies in (a net of that level is its own)."""
        if self.kind == "Net" and self.level == level:
            return self.uid
        return self.above.get(level)

    @property
    def parent(self) -> str | None:
        levels = [lv for lv in self.above if self.level is None or lv < self.level]
        return self.above[max(levels)] if levels else None

    def within(self, root: str) -> bool:
        return root == self.uid or root in self.above.values()


def load_frame(engine: Engine, at: str) -> dict[str, Unit]:
    """Every cell and net by uid, placed under the nets its current PART_OF links reach at
    ``at`` (one statement)."""
    rows: list[Row] = []
    parents: dict[str, list[str]] = {}
    for row in engine.run(cypher("coverage/hierarchy"), readonly=True):
        if row["labels"] is not None:
            rows.append(row)
            continue
        since, until = row["since"], row["until"]
        if since is not None and since <= at and (until is None or until > at):
            parents.setdefault(row["uid"], []).append(row["parent"])
    levels = {row["uid"]: int(row["level"]) for row in rows if row["level"] is not None}
    frame = {}
    for row in rows:
        level = None if row["level"] is None else int(row["level"])
        reachable = _above(row["uid"], parents, hops=3 if level is not None else 4)
        above: dict[int, str] = {}
        for up in sorted(reachable):
            above.setdefault(levels[up], up)
        frame[row["uid"]] = Unit(row["uid"], kind_of(row["labels"]), row["name"], level, above)
    return frame


def _above(uid: str, parents: dict[str, list[str]], hops: int) -> set[str]:
    """The nets reachable upward from ``uid`` in at most ``hops`` current PART_OF links
    (nets in at most 3, cells in at most 4, as the hierarchy allows)."""
    found: set[str] = set()
    frontier = [uid]
    for _ in range(hops):
        frontier = [up for node in frontier for up in parents.get(node, ()) if up not in found]
        if not frontier:
            break
        found.update(frontier)
    return found
