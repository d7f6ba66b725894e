"""Workflows of the grid (issue 6): the problem life cycle with escalation, the hazard
closed loop, and escalation by deadline — each change one guarded statement that appends
its own audit entry (decision 0005). See docs/workflows.md.

Modules: :mod:`~writes.workflows.problems`, :mod:`~writes.workflows.hazards`,
:mod:`~writes.workflows.escalation`; the transition tables are in
:mod:`~writes.workflows.states`.
"""

from writes.workflows.common import Change, Moment
from writes.workflows.escalation import EscalationReport, Held, Moved, escalate_overdue
from writes.workflows.problems import ProblemTally, monthly_problem_tally
from writes.workflows.states import HAZARD, PROBLEM

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
