"""The fruit of a business tree (运行质效+考核评价): problems, hazards, training and the
monthly assessments of its cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from graph.engine import Engine, Row
from graph.grid_rules import SOLVED_PROBLEM_STATUSES, TRAINING_WINDOW_DAYS
from queries.clock import instant
from queries.cypher import cypher

ASSESSMENT_WINDOW_MONTHS = 12
"""The assessment average covers the twelve months up to and including ``today``'s month."""


@dataclass(frozen=True, slots=True)
class ProblemTally:
    """Problems raised in the cells by ``today``: solved (resolved/closed by then) vs open."""

    total: int
    solved: int

    @property
    def open(self) -> int:
        return self.total - self.solved

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "solved": self.solved, "open": self.open}


@dataclass(frozen=True, slots=True)
class HazardTally:
    """Hazards found by ``today``: closed on time (by the deadline) or late, or still open;
    ``open_overdue`` counts the open ones already past their deadline."""

    total: int
    closed_on_time: int
    closed_late: int
    open_overdue: int

    @property
    def open(self) -> int:
        return self.total - self.closed_on_time - self.closed_late

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "closed_on_time": self.closed_on_time,
            "closed_late": self.closed_late,
            "open": self.open,
            "open_overdue": self.open_overdue,
        }


@dataclass(frozen=True, slots=True)
class TrainingTally:
    """Distinct training sessions held for the cells from ``window_from`` to ``window_to``
    (both included)."""

    sessions: int
    attendees: int
    window_from: str
    window_to: str

    def to_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "attendees": self.attendees,
            "window_days": TRAINING_WINDOW_DAYS,
            "from": self.window_from,
            "to": self.window_to,
        }


@dataclass(frozen=True, slots=True)
class AssessmentTally:
    """Monthly assessments: the latest month's average score over the cells assessed then,
    and the average of every assessment from ``year_from`` to ``today``'s month."""

    latest_month: str | None
    latest_average: float | None
    latest_assessments: int
    year_from: str
    year_average: float | None
    year_assessments: int

    def to_json(self) -> dict[str, Any]:
        return {
            "latest_month": self.latest_month,
            "latest_average": _round(self.latest_average),
            "latest_assessments": self.latest_assessments,
            "year_from": self.year_from,
            "year_average": _round(self.year_average),
            "year_assessments": self.year_assessments,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True, slots=True)
class Fruit:
    """Fruit (运行质效+考核评价): operating quality and assessment."""

    problems: ProblemTally
    hazards: HazardTally
    training: TrainingTally
    assessment: AssessmentTally

    def to_json(self) -> dict[str, Any]:
        return {
            "problems": self.problems.to_json(),
            "hazards": self.hazards.to_json(),
            "training": self.training.to_json(),
            "assessment": self.assessment.to_json(),
        }


def _month_back(month: str, months: int) -> str:
    """``YYYY-MM`` that lies ``months`` months before ``month``."""
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def read_fruit(engine: Engine, cells: list[str], today: str) -> Fruit:
    """The fruit of ``cells`` by ``today`` (one statement; none for no cell)."""
    since = (date.fromisoformat(today) - timedelta(days=TRAINING_WINDOW_DAYS)).isoformat()
    month = today[:7]
    from_month = _month_back(month, ASSESSMENT_WINDOW_MONTHS - 1)
    rows: list[Row] = []
    if cells:
        params = {
            "cells": cells,
            "today": today,
            "at": instant(today),
            "since": since,
            "month": month,
            "from_month": from_month,
            "solved": list(SOLVED_PROBLEM_STATUSES),
        }
        rows = engine.run(cypher("business_tree/fruit"), params, readonly=True)

    def total(key: str) -> int:
        return sum(int(r[key] or 0) for r in rows)

    sessions = {s["uid"]: int(s.get("attendees") or 0) for r in rows for s in r["sessions"] if s}
    return Fruit(
        problems=ProblemTally(total=total("problems"), solved=total("problems_solved")),
        hazards=HazardTally(
            total=total("hazards"),
            closed_on_time=total("hazards_on_time"),
            closed_late=total("hazards_late"),
            open_overdue=total("hazards_overdue"),
        ),
        training=TrainingTally(len(sessions), sum(sessions.values()), since, today),
        assessment=_assessment(rows, from_month),
    )


def _assessment(rows: list[Row], from_month: str) -> AssessmentTally:
    """Add the cells' assessments up: the latest month is the latest of any cell."""
    latest = max((r["latest_month"] for r in rows if r["latest_month"]), default=None)
    current = [r for r in rows if latest is not None and r["latest_month"] == latest]
    latest_count = sum(int(r["latest_count"]) for r in current)
    year_count = sum(int(r["year_count"]) for r in rows)
    return AssessmentTally(
        latest_month=latest,
        latest_average=_mean(sum(float(r["latest_sum"]) for r in current), latest_count),
        latest_assessments=latest_count,
        year_from=from_month,
        year_average=_mean(sum(float(r["year_sum"]) for r in rows), year_count),
        year_assessments=year_count,
    )


def _mean(total: float, count: int) -> float | None:
    return total / count if count else None
