"""The grid on the map (空间): a deterministic geography around Daqing for the generated rows.

Level-3 nets tile the company's territory, level-4 nets tile their brigade's, cells tile their
branch's; areas lie inside their cell, equipment inside its area, hazards where their risk
point is, problems inside the cell they were raised in. Risk points carry no position of
their own: they sit at their equipment or area. Micro-cells are not mapped.

Every draw comes from its own ``random.Random`` stream (derived from the seed), so adding
geography changes none of the rows the other phases draw: only new properties appear. Four
spatial defects are planted with fixed counts (``seed/rules.py``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from shapely.geometry import LineString, box

from graph.geometry import territory_properties, to_geojson
from seed.dataset import Row
from seed.world import World

TERRITORY = (124.55, 46.20, 125.35, 46.75)
"""The company's territory (west, south, east, north), around the Daqing gas fields."""

GEO_STREAM = 0x6E0
"""Mixed into the seed for the geography's own random stream."""

LINE_STREAM = 0x11E
"""Mixed into the seed for the pipelines' routes (a stream apart from the geography's)."""

LINES_PER_SCALE = 8
"""Pipelines given a route, per scale unit (the rest have only a point)."""

UNCOVERED_SHARE = 0.25
"""The planted uncovered net leaves this share of its territory (the east strip) to no cell."""

OVERLAP_SHARE = 0.3
"""The planted overlapping cell reaches this far into its eastern neighbour."""

type Rect = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Layout:
    """Territories drawn so far: the polygon stored for each unit, and the rectangle its
    contents are placed in (its *core*: the stored polygon, unless a defect changed that)."""

    territory: dict[str, Rect]
    core: dict[str, Rect]


def build_geography(w: World) -> None:
    """Draw every territory and position onto the rows and plant the four spatial defects."""
    rng = random.Random(w.seed * 1_000_003 + GEO_STREAM)
    nets = _current_parents(w, ("Net", "PART_OF", "Net"))
    cells = _current_parents(w, ("Cell", "PART_OF", "Net"))
    children: dict[str, list[str]] = {}
    for child, parent in nets.items():
        children.setdefault(parent, []).append(child)
    net_cells: dict[str, list[str]] = {}
    for cell, net in cells.items():
        net_cells.setdefault(net, []).append(cell)

    l4 = sorted(n for n in net_cells if n not in children)
    candidates = [n for n in l4 if len(net_cells[n]) >= 3 and n not in w.reserved]
    uncovered_net, overlap_net = rng.sample(candidates, 2)

    layout = Layout({}, {})
    layout.territory[w.l2] = layout.core[w.l2] = TERRITORY
    brigades = sorted(children[w.l2])
    for brigade, rect in zip(brigades, tile(TERRITORY, len(brigades), rng), strict=True):
        layout.territory[brigade] = layout.core[brigade] = rect
        branches = sorted(children[brigade])
        for branch, inner in zip(branches, tile(rect, len(branches), rng), strict=True):
            layout.territory[branch] = layout.core[branch] = inner
            own = sorted(net_cells.get(branch, []))
            drawn = _shrunk_east(inner, UNCOVERED_SHARE) if branch == uncovered_net else inner
            for cell, cell_rect in zip(own, tile(drawn, len(own), rng), strict=True):
                layout.territory[cell] = layout.core[cell] = cell_rect
    overlapping = _plant_overlap(layout, sorted(net_cells[overlap_net]))

    for label in ("Net", "Cell"):
        for row in w.nodes[label]:
            if row["uid"] in layout.territory:
                row.update(territory_properties(box(*layout.territory[row["uid"]])))

    area_rects = _draw_areas(w, layout, rng)
    positions = _place_objects(w, layout, area_rects, rng)
    w.plant("object_outside_cell", _plant_outside(w, layout, positions, cells, rng))
    w.plant("object_without_position", _plant_unplaced(w, area_rects, positions, rng))
    w.plant("overlapping_cells", overlapping)
    w.plant("territory_not_covered", [uncovered_net])

    for row in w.nodes["Area"]:
        if row["uid"] in area_rects:
            row.update(territory_properties(box(*area_rects[row["uid"]])))
    for label in ("Equipment", "Hazard", "Problem"):
        for row in w.nodes[label]:
            if (where := positions.get(row["uid"])) is not None:
                row["lon"], row["lat"] = where
    _draw_lines(w, layout, area_rects)


def _draw_lines(w: World, layout: Layout, areas: dict[str, Rect]) -> None:
    """A few pipelines get a route (``line``): from their point through two more points of the
    rectangle they were placed in, so the route stays in their area and cell. On a stream of
    its own, so no other draw of the geography changes; planted devices are left alone."""
    rng = random.Random(w.seed * 1_000_003 + LINE_STREAM)
    area_of = _links(w, ("Equipment", "LOCATED_IN", "Area"))
    equipment_cell = _belongs(w, "Equipment", "BELONGS_TO")
    pipelines = [
        row
        for row in w.nodes["Equipment"]
        if row.get("category") == "pipeline" and row.get("lon") is not None
        and row["uid"] not in w.reserved
    ]  # fmt: skip
    pipelines.sort(key=lambda row: str(row["uid"]))
    for row in rng.sample(pipelines, min(len(pipelines), LINES_PER_SCALE * w.scale)):
        uid = row["uid"]
        rect = areas.get(area_of.get(uid, "")) or layout.core.get(equipment_cell.get(uid, ""))
        if rect is None:
            continue
        route = [(row["lon"], row["lat"]), _inside(rect, rng), _inside(rect, rng)]
        row["line"] = to_geojson(LineString(route))


# --- territories --------------------------------------------------------------------------


def tile(rect: Rect, n: int, rng: random.Random) -> list[Rect]:
    """``n`` rectangles tiling ``rect`` exactly, row by row from the north-west, with
    jittered row heights and column widths; neighbours share their edges' coordinates."""
    west, south, east, north = rect
    columns = math.ceil(math.sqrt(n))
    rows = math.ceil(n / columns)
    per_row = [n // rows + (1 if r < n % rows else 0) for r in range(rows)]
    ys = _cuts(north, south, rows, rng)
    tiles: list[Rect] = []
    for r, count in enumerate(per_row):
        xs = _cuts(west, east, count, rng)
        tiles.extend((xs[c], ys[r + 1], xs[c + 1], ys[r]) for c in range(count))
    return tiles


def _cuts(start: float, end: float, parts: int, rng: random.Random) -> list[float]:
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    total = sum(weights)
    cuts = [start]
    for weight in weights[:-1]:
        cuts.append(round(cuts[-1] + (end - start) * weight / total, 7))
    return [*cuts, end]


def _shrunk_east(rect: Rect, share: float) -> Rect:
    west, south, east, north = rect
    return (west, south, round(east - (east - west) * share, 7), north)


def _plant_overlap(layout: Layout, cells: Sequence[str]) -> list[str]:
    """Stretch the net's first cell east into its neighbour in the same row (the two share
    their north and south edges); its contents stay in its old rectangle."""
    first, second = cells[0], cells[1]
    w0, s0, e0, n0 = layout.territory[first]
    _, _, e1, _ = layout.territory[second]
    layout.territory[first] = (w0, s0, round(e0 + (e1 - e0) * OVERLAP_SHARE, 7), n0)
    return sorted([first, second])


def _draw_areas(w: World, layout: Layout, rng: random.Random) -> dict[str, Rect]:
    """Each cell's areas tile the middle of its core, each drawn a little smaller so areas
    neither touch each other nor the cell's edge."""
    rects: dict[str, Rect] = {}
    for cell in w.cells:
        areas = w.cell_areas.get(cell, [])
        if not areas or cell not in layout.core:
            continue
        drawn = tile(_inset(layout.core[cell], 0.1), len(areas), rng)
        for area, rect in zip(areas, drawn, strict=True):
            rects[area] = _inset(rect, 0.12)
    return rects


def _inset(rect: Rect, share: float) -> Rect:
    west, south, east, north = rect
    dx, dy = (east - west) * share, (north - south) * share
    return (round(west + dx, 7), round(south + dy, 7), round(east - dx, 7), round(north - dy, 7))


def _inside(rect: Rect, rng: random.Random) -> tuple[float, float]:
    """A point in the middle 90 % of ``rect`` (never on its edge)."""
    west, south, east, north = rect
    dx, dy = (east - west) * 0.05, (north - south) * 0.05
    return (
        round(rng.uniform(west + dx, east - dx), 7),
        round(rng.uniform(south + dy, north - dy), 7),
    )


def _place_objects(
    w: World, layout: Layout, areas: dict[str, Rect], rng: random.Random
) -> dict[str, tuple[float, float]]:
    """Equipment in its area (or its cell when it has none), hazards at their risk point,
    problems in the cell they were raised in."""
    positions: dict[str, tuple[float, float]] = {}
    area_of = _links(w, ("Equipment", "LOCATED_IN", "Area"))
    equipment_cell = _belongs(w, "Equipment", "BELONGS_TO")
    for row in w.nodes["Equipment"]:
        uid = row["uid"]
        rect = areas.get(area_of.get(uid, "")) or layout.core.get(equipment_cell.get(uid, ""))
        if rect is not None:
            positions[uid] = _inside(rect, rng)
    at: dict[str, str] = {}
    for target in ("Equipment", "Area"):
        at.update({r["a"]: r["b"] for r in w.relationships.get(("RiskPoint", "AT", target), [])})
    found_at = {
        r["a"]: r["b"] for r in w.relationships.get(("Hazard", "FOUND_AT", "RiskPoint"), [])
    }
    for row in w.nodes["Hazard"]:
        target = at.get(found_at.get(row["uid"], ""), "")
        if target in positions:
            positions[row["uid"]] = positions[target]
        elif target in areas:
            positions[row["uid"]] = _inside(areas[target], rng)
    raised_in = _belongs(w, "Problem", "RAISED_IN")
    for row in w.nodes["Problem"]:
        if (cell := raised_in.get(row["uid"])) in layout.core:
            positions[row["uid"]] = _inside(layout.core[cell], rng)
    return positions


def _plant_outside(
    w: World,
    layout: Layout,
    positions: dict[str, tuple[float, float]],
    cells: dict[str, str],
    rng: random.Random,
) -> list[str]:
    """Two devices no risk point sits at, and one hazard, moved into a cell of another net."""
    targeted = {r["b"] for r in w.relationships.get(("RiskPoint", "AT", "Equipment"), [])}
    equipment_cell = _belongs(w, "Equipment", "BELONGS_TO")
    devices = [
        r["uid"] for r in w.nodes["Equipment"] if r["uid"] not in targeted and r["uid"] in positions
    ]
    hazard_cell = _belongs(w, "Hazard", "BELONGS_TO")
    hazards = [r["uid"] for r in w.nodes["Hazard"] if r["uid"] in positions]
    moved = w.pick(devices, 2, "equipment outside its cell") + w.pick(
        hazards, 1, "hazard outside its cell"
    )
    placed = sorted(c for c in cells if c in layout.core)
    for uid in moved:
        own = equipment_cell.get(uid) or hazard_cell.get(uid)
        far = [c for c in placed if cells[c] != cells.get(own or "")]
        positions[uid] = _inside(_inset(layout.core[rng.choice(far)], 0.2), rng)
    return moved


def _plant_unplaced(
    w: World, areas: dict[str, Rect], positions: dict[str, tuple[float, float]], rng: random.Random
) -> list[str]:
    """Three devices and one area, none with a risk point at it, left off the map (the
    area's equipment keeps its positions)."""
    targeted = {
        r["b"]
        for target in ("Equipment", "Area")
        for r in w.relationships.get(("RiskPoint", "AT", target), [])
    }
    devices = [r["uid"] for r in w.nodes["Equipment"] if r["uid"] not in targeted]
    bare_areas = [r["uid"] for r in w.nodes["Area"] if r["uid"] not in targeted]
    chosen = w.pick(devices, 3, "equipment without a position") + w.pick(
        bare_areas, 1, "area without a position"
    )
    for uid in chosen:
        positions.pop(uid, None)
        areas.pop(uid, None)
    return chosen


def _current_parents(w: World, key: tuple[str, str, str]) -> dict[str, str]:
    return {r["a"]: r["b"] for r in w.relationships.get(key, []) if r.get("until") is None}


def _links(w: World, key: tuple[str, str, str]) -> dict[str, str]:
    return {r["a"]: r["b"] for r in w.relationships.get(key, [])}


def _belongs(w: World, label: str, rel_type: str) -> dict[str, str]:
    return {r["a"]: r["b"] for r in w.relationships.get((label, rel_type, "Cell"), [])}


def rows_with(rows: Sequence[Row], prop: str) -> int:
    """How many rows carry ``prop`` (for the seed report)."""
    return sum(1 for row in rows if row.get(prop) is not None)
