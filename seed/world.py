"""The generator's working state: rows being built plus the indexes later phases look up.

Phases (organisation, assets, safety, activity, defects) each read what earlier phases
left here and append their own rows. Only ``random.Random`` draws and list/dict order are
used, never set iteration, so a seed always produces the same world.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from graph.enums import OfficerRole
from graph.model import NODE_CLASSES
from seed.dataset import SEED_TODAY, Dataset, RelKey, Row, days
from seed.names import Brigade


@dataclass(frozen=True, slots=True)
class Volumes:
    """How many of each thing to generate; :meth:`at` gives the figures for a scale."""

    l3_nets: int = 23
    l4_per_l3: int = 4
    cells: int = 311
    micro_cells: int = 1450
    people: int = 4500
    equipment: int = 23_000
    areas: int = 1800
    work_items: int = 3000
    guidance_standards: int = 400
    unit_standards: int = 1200
    risk_lists: int = 184
    risk_points: int = 8491
    hazards: int = 1168
    problems: int = 2150
    trainings: int = 170
    visits: int = 200

    @classmethod
    def at(cls, scale: int) -> Volumes:
        """Scale N multiplies everything below the company except the guidance catalogue."""
        if scale < 1:
            raise ValueError(f"scale must be a positive integer, not {scale}")
        fixed = ("l4_per_l3", "guidance_standards")
        base = asdict(cls())
        return cls(**{k: v if k in fixed else v * scale for k, v in base.items()})

    @property
    def l4_nets(self) -> int:
        return self.l3_nets * self.l4_per_l3


@dataclass(frozen=True, slots=True)
class Tenure:
    """Who held a post from ``since`` until ``until`` (open when ``until`` is None)."""

    person: str
    since: date
    until: date | None


@dataclass
class World:
    """Rows and lookup tables shared by the generation phases."""

    rng: random.Random
    scale: int
    seed: int
    volumes: Volumes
    today: date = SEED_TODAY
    nodes: dict[str, list[Row]] = field(
        default_factory=lambda: {cls.__name__: [] for cls in NODE_CLASSES}
    )
    relationships: dict[RelKey, list[Row]] = field(default_factory=dict)
    defects: dict[str, list[str]] = field(default_factory=dict)
    reserved: dict[str, None] = field(default_factory=dict)
    """uids already used by a planted defect: other defects keep away from them."""

    # organisation
    l2: str = ""
    l3: list[str] = field(default_factory=list)
    l4: list[str] = field(default_factory=list)
    net_name: dict[str, str] = field(default_factory=dict)
    net_parent: dict[str, str] = field(default_factory=dict)
    net_children: dict[str, list[str]] = field(default_factory=dict)
    net_cells: dict[str, list[str]] = field(default_factory=dict)
    """Every cell in a net's subtree (for L2/L3/L4 alike)."""
    brigade_of: dict[str, Brigade] = field(default_factory=dict)
    cells: list[str] = field(default_factory=list)
    cell_no: dict[str, int] = field(default_factory=dict)
    cell_net: dict[str, str] = field(default_factory=dict)
    cell_mode: dict[str, str] = field(default_factory=dict)
    cell_place: dict[str, str] = field(default_factory=dict)
    cell_since: dict[str, date] = field(default_factory=dict)
    cell_people: dict[str, list[str]] = field(default_factory=dict)
    microcells: list[str] = field(default_factory=list)
    mc_cell: dict[str, str] = field(default_factory=dict)
    mc_lead: dict[str, str] = field(default_factory=dict)
    mc_members: dict[str, list[str]] = field(default_factory=dict)
    """Members of a micro-cell other than its lead (the lead's "span")."""

    # people
    person: dict[str, Row] = field(default_factory=dict)
    person_cell: dict[str, str] = field(default_factory=dict)
    person_mc: dict[str, str] = field(default_factory=dict)
    heads: dict[str, list[Tenure]] = field(default_factory=dict)
    officers: dict[str, dict[OfficerRole, str]] = field(default_factory=dict)

    # standards, objects, processes
    guidance: list[Row] = field(default_factory=list)
    unit_standards: list[Row] = field(default_factory=list)
    unit_effective: dict[str, date] = field(default_factory=dict)
    cell_objects: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """cell → (label, uid) of its equipment, areas and work items."""
    cell_areas: dict[str, list[str]] = field(default_factory=dict)
    cell_equipment: dict[str, list[str]] = field(default_factory=dict)
    cell_work_items: dict[str, list[str]] = field(default_factory=dict)
    object_name: dict[str, str] = field(default_factory=dict)
    object_owner: dict[str, Row] = field(default_factory=dict)
    """object uid → its open OWNED_BY row (mutable: defects reassign owners)."""
    owner_load: dict[str, int] = field(default_factory=dict)
    objects_with_history: list[str] = field(default_factory=list)
    process: dict[tuple[str, OfficerRole], str] = field(default_factory=dict)

    # safety and duties
    rp_cell: dict[str, str] = field(default_factory=dict)
    rp_owner: dict[str, str] = field(default_factory=dict)
    rp_name: dict[str, str] = field(default_factory=dict)
    rp_grade: dict[str, str] = field(default_factory=dict)
    rp_target: dict[str, str] = field(default_factory=dict)
    cell_risk_points: dict[str, list[str]] = field(default_factory=dict)
    duty: dict[str, Row] = field(default_factory=dict)
    duty_controls: dict[str, list[str]] = field(default_factory=dict)
    officer_duties: list[str] = field(default_factory=list)
    hazard: dict[str, Row] = field(default_factory=dict)
    hazard_owner: dict[str, Row] = field(default_factory=dict)
    session_held: dict[str, date] = field(default_factory=dict)

    # --- writing rows -----------------------------------------------------------------------

    def node(self, label: str, row: Row) -> Row:
        self.nodes[label].append(row)
        return row

    def rel(self, source: str, rel_type: str, target: str, a: str, b: str, **props: Any) -> Row:
        row = {"a": a, "b": b, **props}
        key = (source, rel_type, target)
        rows = self.relationships.get(key)
        if rows is None:  # not setdefault: it would build a list on every call
            rows = self.relationships[key] = []
        rows.append(row)
        return row

    def drop(self, key: RelKey, predicate: Callable[[Row], bool]) -> int:
        """Remove the relationship rows matching ``predicate``; returns how many went."""
        if key not in self.relationships:
            return 0
        rows = self.relationships[key]
        kept = [row for row in rows if not predicate(row)]
        self.relationships[key] = kept
        return len(rows) - len(kept)

    def plant(self, rule: str, uids: Sequence[str]) -> None:
        """Record the offenders of a planted defect and keep other defects away from them."""
        self.defects[rule] = sorted(uids)
        for uid in uids:
            self.reserved[uid] = None

    # --- drawing ----------------------------------------------------------------------------

    def between(self, start: date, end: date) -> date:
        """A uniformly drawn day in ``[start, end]`` (``end`` before ``start`` gives ``start``)."""
        span = (end - start).days
        return start + days(self.rng.randint(0, span)) if span > 0 else start

    def spread(self, total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
        """Split ``total`` over ``len(weights)`` bins: ``minimum`` each, the rest by weight."""
        counts = [minimum] * len(weights)
        rest = total - minimum * len(weights)
        if rest < 0:
            raise ValueError(f"cannot give {minimum} to each of {len(weights)} bins from {total}")
        for index in self.rng.choices(range(len(weights)), weights=weights, k=rest):
            counts[index] += 1
        return counts

    def pick(self, candidates: Sequence[str], k: int, what: str) -> list[str]:
        """Draw ``k`` distinct candidates not yet reserved by another defect."""
        free = [uid for uid in candidates if uid not in self.reserved]
        if len(free) < k:
            raise RuntimeError(f"only {len(free)} candidates for {what}, need {k}")
        return self.rng.sample(free, k)

    def dataset(self) -> Dataset:
        return Dataset(
            nodes=self.nodes,
            relationships=self.relationships,
            defects=dict(sorted(self.defects.items())),
            today=self.today,
            scale=self.scale,
            seed=self.seed,
        )


def uid(prefix: str, number: int, total: int, width: int) -> str:
    """A readable uid: ``prefix-0042``, padded to fit ``total`` (at least ``width`` digits)."""
    return f"{prefix}-{number:0{max(width, len(str(total)))}d}"
