"""The grid's own rules of thumb from the article, shared by the seed and every query."""

from __future__ import annotations

from graph.enums import DutyElement, HazardStatus, ProblemStatus

SPAN_MIN, SPAN_MAX = 2, 4
"""A micro-cell lead leads 2–4 further members (每名党员带动2-4名群众)."""

OVERLOAD_LIMIT = 40
"""Default: a person may own at most this many current objects (equipment, areas, work items)."""

TRAINING_WINDOW_DAYS = 180
"""Default: every cell needs a training session within this many days before today (inclusive)."""

SIX_ELEMENTS: tuple[str, ...] = tuple(element.value for element in DutyElement)
"""The six elements of a duty, in the order they are reported."""

DONE_HAZARD_STATUSES: tuple[str, ...] = tuple(
    s.value for s in (HazardStatus.RECTIFIED, HazardStatus.VERIFIED, HazardStatus.CLOSED)
)
"""Hazard states that need neither a deadline nor a current owner any more."""

SOLVED_PROBLEM_STATUSES: tuple[str, ...] = (
    ProblemStatus.RESOLVED.value,
    ProblemStatus.CLOSED.value,
)
"""Problem states that count as solved."""
