"""An independent, pure-Python implementation of the four spatial gap rules over a Dataset's
rows (shapely only; no code shared with ``seed/`` or ``queries/``)."""

from __future__ import annotations

import json
import math
from typing import Any

from shapely.geometry import Point, shape
from shapely.ops import unary_union

from seed.dataset import Dataset

SPATIAL_RULE_IDS = (
    "object_outside_cell",
    "overlapping_cells",
    "territory_not_covered",
    "object_without_position",
)
TOLERANCE_M2 = 1.0


def _m2(geom: Any) -> float:
    lat = geom.centroid.y if not geom.is_empty else 0.0
    return float(geom.area) * 111_320.0**2 * math.cos(math.radians(lat))


class SpatialChecker:
    """Mixed into the gap checker: ``self.data`` is the Dataset."""

    data: Dataset

    def _rows(self, label: str) -> list[dict[str, Any]]:
        return self.data.nodes.get(label, [])

    def _link(self, source: str, rel: str, target: str) -> dict[str, str]:
        rows = self.data.relationships.get((source, rel, target), [])
        return {r["a"]: r["b"] for r in rows if r.get("until") is None}

    def _territories(self, label: str) -> dict[str, Any]:
        return {
            r["uid"]: shape(json.loads(r["geometry"]))
            for r in self._rows(label)
            if r.get("geometry")
        }

    def _points(self, label: str) -> dict[str, Point]:
        return {
            r["uid"]: Point(r["lon"], r["lat"])
            for r in self._rows(label)
            if r.get("lon") is not None
        }

    def object_outside_cell(self) -> list[str]:
        cells = self._territories("Cell")
        areas = self._territories("Area")
        equipment = self._points("Equipment")
        found = []
        for label, rel, places in (
            ("Equipment", "BELONGS_TO", equipment),
            ("Hazard", "BELONGS_TO", self._points("Hazard")),
            ("Problem", "RAISED_IN", self._points("Problem")),
            ("Area", "BELONGS_TO", areas),
        ):
            for uid, cell in self._link(label, rel, "Cell").items():
                if uid in places and cell in cells and not cells[cell].covers(places[uid]):
                    found.append(uid)
        own = self._points("RiskPoint")
        at = {**self._link("RiskPoint", "AT", "Equipment"), **self._link("RiskPoint", "AT", "Area")}
        for uid, cell in self._link("RiskPoint", "BELONGS_TO", "Cell").items():
            where = own.get(uid) or equipment.get(at.get(uid, ""))
            if where is None and at.get(uid) in areas:
                where = areas[at[uid]].representative_point()
            if where is not None and cell in cells and not cells[cell].covers(where):
                found.append(uid)
        return found

    def overlapping_cells(self) -> list[str]:
        in_grid = self._link("Cell", "PART_OF", "Net")
        cells = {u: g for u, g in self._territories("Cell").items() if u in in_grid}
        uids = sorted(cells)
        found = set()
        for i, a in enumerate(uids):
            for b in uids[i + 1 :]:
                if _m2(cells[a].intersection(cells[b])) > TOLERANCE_M2:
                    found |= {a, b}
        return sorted(found)

    def territory_not_covered(self) -> list[str]:
        nets = self._territories("Net")
        cells = self._territories("Cell")
        children: dict[str, list[Any]] = {}
        for uid, parent in self._link("Net", "PART_OF", "Net").items():
            if uid in nets:
                children.setdefault(parent, []).append(nets[uid])
        for uid, parent in self._link("Cell", "PART_OF", "Net").items():
            if uid in cells:
                children.setdefault(parent, []).append(cells[uid])
        return [
            uid
            for uid, territory in nets.items()
            if children.get(uid)
            and _m2(territory.difference(unary_union(children[uid]))) > TOLERANCE_M2
        ]

    def object_without_position(self) -> list[str]:
        cells = self._territories("Cell")
        found = []
        for label, prop in (("Equipment", "lon"), ("Area", "geometry")):
            placed = {r["uid"] for r in self._rows(label) if r.get(prop) is not None}
            for uid, cell in self._link(label, "BELONGS_TO", "Cell").items():
                if cell in cells and uid not in placed:
                    found.append(uid)
        return found
