"""The generated dataset: node rows per label, relationship rows per (source, type, target),
and the defects planted on purpose, all relative to one reference date."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

SEED_TODAY = date(2026, 11, 15)
"""The seed's reference date ("today"): every generated date lies on or before it, except the
deadlines of hazards still open, and every "current" question is asked as of this day."""

type Row = dict[str, Any]
type RelKey = tuple[str, str, str]
"""(source label, relationship type, target label), as ``graph.schema.relationship_spec`` takes."""


@dataclass(slots=True)
class Dataset:
    """A whole organisation, ready for ``graph.writer``.

    ``nodes`` maps a label to rows of properties (each with its ``uid``);
    ``relationships`` maps ``(source, type, target)`` to rows ``{"a": uid, "b": uid, **props}``;
    ``defects`` maps a gap rule id to the sorted uids that rule must report.

    Example:
        >>> data = generate(scale=1, seed=2026)  # doctest: +SKIP
        >>> data.node_counts()["Net"], data.defects["net_without_head"]
        (116, ['net-l4-048'])
    """

    nodes: dict[str, list[Row]]
    relationships: dict[RelKey, list[Row]]
    defects: dict[str, list[str]]
    today: date
    scale: int
    seed: int

    def node_counts(self) -> dict[str, int]:
        """Rows per label."""
        return {label: len(rows) for label, rows in self.nodes.items()}

    def relationship_counts(self) -> dict[str, int]:
        """Rows per relationship type (summed over the endpoint labels)."""
        counts: Counter[str] = Counter()
        for (_, rel_type, _), rows in self.relationships.items():
            counts[rel_type] += len(rows)
        return dict(sorted(counts.items()))

    @property
    def total_nodes(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def total_relationships(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    def fingerprint(self) -> str:
        """SHA-256 over every row in a canonical form: equal iff the datasets are equal."""
        digest = hashlib.sha256()
        for label in sorted(self.nodes):
            digest.update(_canonical([label, self.nodes[label]]))
        for key in sorted(self.relationships):
            digest.update(_canonical([key, self.relationships[key]]))
        digest.update(_canonical({"defects": self.defects, "today": self.today.isoformat()}))
        return digest.hexdigest()


def _canonical(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, ensure_ascii=False) + "\n").encode()


@cache
def stamp(day: date) -> str:
    """A date as the stored form of an instant (``2024-03-01T00:00:00Z``).

    Cached so the many relationships sharing a date share one string object.
    """
    return f"{day.isoformat()}T00:00:00Z"


def iso(day: date) -> str:
    """A date as the stored form of a calendar date (``2024-03-01``)."""
    return day.isoformat()


@cache
def days(n: int) -> timedelta:
    """``n`` days; cached, as the generator asks for the same few thousand spans millions
    of times."""
    return timedelta(days=n)


@dataclass(frozen=True, slots=True)
class Weights[T]:
    """A weight table's options and running totals of their weights, worked out once.

    :meth:`draw` gives what ``rng.choices(list(table), weights=list(table.values()))[0]``
    gives from the same generator state: ``random.choices`` turns the weights into these
    totals (``itertools.accumulate``) on every call, then draws the same way.

    Example:
        >>> Weights.of({"a": 1, "b": 3}).totals
        (1, 4)
    """

    options: tuple[T, ...]
    totals: tuple[float, ...]

    @classmethod
    def of(cls, table: Mapping[T, float]) -> Weights[T]:
        return cls(tuple(table), tuple(accumulate(table.values())))

    def draw(self, rng: random.Random) -> T:
        return rng.choices(self.options, cum_weights=self.totals)[0]
