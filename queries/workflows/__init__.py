"""Workflows of the grid (issue 6): the problem life cycle with escalation, the hazard
closed loop, and escalation by deadline — each change one guarded statement that appends
its own audit entry (decision 0005). See docs/workflows.md.

Modules: :mod:`~queries.workflows.problems`, :mod:`~queries.workflows.hazards`,
:mod:`~queries.workflows.escalation`; the transition tables are in
:mod:`~queries.workflows.states`.
"""

from queries.workflows.common import Change, Moment
from queries.workflows.escalation import EscalationReport, Held, Moved, escalate_overdue
from queries.workflows.problems import ProblemTally, monthly_problem_tally
from queries.workflows.states import HAZARD, PROBLEM

__all__ = [
    "HAZARD",
    "PROBLEM",
    "Change",
    "EscalationReport",
    "Held",
    "Moment",
    "Moved",
    "ProblemTally",
    "escalate_overdue",
    "monthly_problem_tally",
]
