"""``export_ledgers``: the templates filled from the database, one file per kind.

A row holds a node's properties and, for each link column, the nodes it currently reaches
(open assignments only, with the ``since`` of the holder). Rows are sorted by uid and lists
by uid, so exporting the same graph twice gives the same files, and importing an export
into an empty graph and exporting again gives them back unchanged.

``net`` limits the export to a net's (or a cell's) subtree, plus every node its rows name
(the parent chain, a trainer from another brigade, the standards used ...), so the files
import on their own into an empty database.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.engine import Engine
from graph.enums import OfficerRole
from graph.errors import NotFoundError
from graph.schema import relationship_spec
from seed.ledgers.kinds import HEAD_POST, KINDS, LIST_SEPARATOR, Column, Kind, kind_for_label
from seed.ledgers.progress import meter
from seed.ledgers.spreadsheets import FORMATS, ledger_path, write_ledger
from seed.ledgers.state import StoredLink, current_links, nodes_of, stored_nodes
from seed.ledgers.values import choice_labels

type Row = dict[str, Any]
type Selection = dict[str, set[str] | None]
"""Kind key → the uids to export (posts: the units), or None for all."""

_ROLE_ORDER = {role.value: index for index, role in enumerate(OfficerRole, start=1)}


@dataclass(slots=True)
class ExportReport:
    directory: Path
    format: str
    lang: str
    net: str | None
    rows: dict[str, int] = field(default_factory=dict)
    """File name → data rows written."""
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "directory": str(self.directory),
            "format": self.format,
            "lang": self.lang,
            "net": self.net,
            "rows": dict(self.rows),
            "total_rows": sum(self.rows.values()),
            "seconds": round(self.seconds, 3),
        }


def export_ledgers(
    engine: Engine,
    directory: Path,
    *,
    fmt: str = "xlsx",
    lang: str = "en",
    net: str | None = None,
    progress: bool = False,
) -> ExportReport:
    """Write one ledger file per kind into ``directory`` (created if missing).

    Health records are never exported (sensitive; not a ledger kind).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    started = time.perf_counter()
    selection = _subtree_selection(engine, net) if net is not None else dict.fromkeys(_keys())
    rows = _rows(engine, selection)
    if net is not None:
        _close_over_references(engine, rows)
    directory.mkdir(parents=True, exist_ok=True)
    report = ExportReport(directory, fmt, lang, net)
    with meter(progress) as bar:
        bar.start("writing ledgers", len(KINDS))
        for kind in KINDS:
            path = ledger_path(directory, kind, lang, fmt)
            ordered = sorted(rows[kind.key].values(), key=_order(kind))
            cells = [_cells(kind, row, lang, fmt) for row in ordered]
            write_ledger(path, kind, lang, cells)
            report.rows[path.name] = len(cells)
            bar.advance(1)
    report.seconds = time.perf_counter() - started
    return report


def _keys() -> list[str]:
    return [kind.key for kind in KINDS]


def _order(kind: Kind) -> Any:
    if kind.label is None:
        return lambda row: (row["unit"], _ROLE_ORDER.get(row["post"], 0))
    return lambda row: row["uid"]


# --- which rows ---------------------------------------------------------------------------


def _children(engine: Engine, source: str, target: str, parents: set[str]) -> set[str]:
    spec = relationship_spec(source, "PART_OF", target)
    links = current_links(engine, spec, anchor_is_source=False, anchors=parents)
    return {link.other for link in links}


def _subtree_selection(engine: Engine, root: str) -> Selection:
    """The rows that live under ``root``: its nets, cells and micro-cells, the people in
    those micro-cells, the posts of those units, and every row whose home is one of them."""
    found = stored_nodes(engine, [root]).get(root)
    if found is None or found.label not in ("Net", "Cell"):
        raise NotFoundError(root, "Net or Cell")
    nets: set[str] = set()
    cells = {root} if found.label == "Cell" else set()
    if found.label == "Net":
        frontier = {root}
        while frontier:
            nets |= frontier
            frontier = _children(engine, "Net", "Net", frontier) - nets
        cells = _children(engine, "Cell", "Net", nets)
    microcells = _children(engine, "MicroCell", "Cell", cells)
    units = {"Net": nets, "Cell": cells, "MicroCell": microcells}
    selection: Selection = {kind.key: set() for kind in KINDS}
    selection |= {"nets": nets, "cells": cells, "microcells": microcells, "posts": nets | cells}
    for kind in KINDS:
        if kind.home is None or kind.label is None or kind.key in ("nets", "cells", "microcells"):
            continue
        link = kind.link(kind.home)
        for target in link.targets:
            spec = link.spec(kind.label, target)
            homes = current_links(engine, spec, anchor_is_source=False, anchors=units[target])
            selection[kind.key] = (selection[kind.key] or set()) | {h.other for h in homes}
    return selection


def _close_over_references(engine: Engine, rows: dict[str, dict[str, Row]]) -> None:
    """Add the rows of every node the selected rows name, until nothing new is named (a
    retired node is named but has no row: the import will say so)."""
    tried: set[str] = set()
    while True:
        exported = {uid for kind_rows in rows.values() for uid in kind_rows}
        named = {
            uid for kind_rows in rows.values() for row in kind_rows.values() for uid in _named(row)
        }
        missing = named - exported - tried
        if not missing:
            return
        tried |= missing
        more: dict[str, set[str]] = defaultdict(set)
        for node in stored_nodes(engine, missing).values():
            kind = kind_for_label(node.label)
            if kind is not None:
                more[kind.key].add(node.uid)
        if not more:
            return
        wanted: Selection = {key: uids for key, uids in more.items()}
        for key, extra in _rows(engine, wanted).items():
            rows[key].update(extra)


def _named(row: Row) -> list[str]:
    """The uids a row refers to (its link columns; not the start dates beside them)."""
    return [
        uid
        for key, value in row.items()
        if isinstance(value, list) and not key.endswith("since")
        for uid in value
    ]


def _rows(engine: Engine, selection: Selection) -> dict[str, dict[str, Row]]:
    """Kind key → row key (uid, or unit + post) → row, for the selected uids."""
    rows: dict[str, dict[str, Row]] = {kind.key: {} for kind in KINDS}
    for kind in KINDS:
        if kind.key not in selection:
            continue
        uids = selection[kind.key]
        if uids is not None and not uids:
            continue
        if kind.label is None:
            rows[kind.key] = {f"{r['unit']}|{r['post']}": r for r in _post_rows(engine, uids)}
        else:
            rows[kind.key] = _node_rows(engine, kind, uids)
    return rows


def _node_rows(engine: Engine, kind: Kind, uids: set[str] | None) -> dict[str, Row]:
    assert kind.label is not None
    rows = {props["uid"]: dict(props) for props in nodes_of(engine, kind.label, uids)}
    for link in kind.links:
        held: dict[str, list[StoredLink]] = defaultdict(list)
        for target in link.targets:
            spec = link.spec(kind.label, target)
            for found in current_links(
                engine, spec, anchor_is_source=not link.incoming, anchors=uids
            ):
                held[found.anchor].append(found)
        for uid, row in rows.items():
            links = sorted(held.get(uid, []), key=lambda f: f.other)
            row[link.key] = [f.other for f in links]
            if not link.many and link.temporal(kind.label):
                row[link.since_key] = [f.since for f in links]
    return rows


def _post_rows(engine: Engine, units: set[str] | None) -> list[Row]:
    grouped: dict[tuple[str, str], list[StoredLink]] = defaultdict(list)
    labels: dict[str, str] = {}
    for rel_type, unit_label in (("HEAD_OF", "Net"), ("HEAD_OF", "Cell"), ("OFFICER_OF", "Cell")):
        spec = relationship_spec("Person", rel_type, unit_label)
        for found in current_links(engine, spec, anchor_is_source=False, anchors=units):
            post = HEAD_POST if rel_type == "HEAD_OF" else found.role or ""
            grouped[(found.anchor, post)].append(found)
            labels[found.anchor] = unit_label
    rows = []
    for (unit, post), holders in grouped.items():
        holders.sort(key=lambda f: f.other)
        rows.append(
            {
                "unit": unit,
                "unit_label": labels[unit],
                "post": post,
                "person": [f.other for f in holders],
                "since": [f.since for f in holders],
            }
        )
    return rows


# --- how rows look in a file --------------------------------------------------------------


def _cells(kind: Kind, row: Row, lang: str, fmt: str) -> list[Any]:
    if kind.label is None:
        return _post_cells(row, lang, fmt)
    return [_cell(kind.label, column, row.get(column.key), lang, fmt) for column in kind.columns]


def _cell(label: str, column: Column, value: Any, lang: str, fmt: str) -> Any:
    if value is None or value == []:
        return None
    if column.since_of is not None:
        return _instants(value, fmt)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    prop = column.prop
    if prop is None:
        return value
    if prop.choices and lang == "zh":
        return choice_labels(label, prop.name).get(value, value)
    if prop.kind == "boolean":
        return ("是" if value else "否") if lang == "zh" else ("true" if value else "false")
    if prop.kind == "date" and fmt == "xlsx":
        return date.fromisoformat(value)
    return value


def _instants(values: list[str | None], fmt: str) -> Any:
    """Starts of assignments: a date when at midnight (a date cell in XLSX), else the
    date-time; several (a defect the import refuses) joined like a list."""
    shown = [_instant(v, fmt) for v in values if v is not None]
    if len(shown) == 1:
        return shown[0]
    return LIST_SEPARATOR.join(str(v) for v in shown) or None


def _instant(value: str, fmt: str) -> Any:
    if not value.endswith("T00:00:00Z"):
        return value
    day = value[:10]
    return date.fromisoformat(day) if fmt == "xlsx" else day


def _post_cells(row: Row, lang: str, fmt: str) -> list[Any]:
    post = row["post"]
    if lang == "zh":
        heads = {"Net": "网长", "Cell": "格长"}
        post = heads[row["unit_label"]] if post == HEAD_POST else OfficerRole(post).zh
    return [row["unit"], post, LIST_SEPARATOR.join(row["person"]), _instants(row["since"], fmt)]
