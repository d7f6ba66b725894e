"""The two state machines: the problem life cycle (看-听-报-防-帮) and the hazard closed loop
(隐患排查治理闭环), as transition tables checked before any statement is sent.

Example:
    >>> PROBLEM.allowed("reported")
    ('accept', 'escalate')
    >>> PROBLEM.check("pb-1", "resolve", "reported")
    Traceback (most recent call last):
    ...
    graph.errors.ValidationError: Problem pb-1: status: cannot resolve a problem that is \
'reported' (resolve leads to 'resolved' and needs 'accepted' or 'escalated'); from \
'reported' allowed: accept → 'accepted', escalate → 'escalated'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.enums import HazardStatus, ProblemStatus
from graph.errors import FieldError, ValidationError


@dataclass(frozen=True, slots=True)
class Step:
    """One action: the states it may start from and the state it leads to (None: unchanged)."""

    sources: tuple[str, ...]
    target: str | None


@dataclass(frozen=True, slots=True)
class Machine:
    """A transition table of one node label."""

    label: str
    noun: str
    steps: dict[str, Step]

    def allowed(self, status: str) -> tuple[str, ...]:
        """The actions allowed from ``status``, in table order."""
        return tuple(action for action, step in self.steps.items() if status in step.sources)

    def target(self, action: str, status: str) -> str:
        """The state ``action`` leads to from ``status``."""
        return str(self.steps[action].target or status)

    def check(self, uid: str, action: str, status: str) -> str:
        """The state ``action`` leads to, or a ValidationError naming the current state,
        the asked one and the allowed ones."""
        step = self.steps[action]
        if status in step.sources:
            return self.target(action, status)
        asked = f"'{step.target}'" if step.target else "the same state"
        needs = " or ".join(f"'{s}'" for s in step.sources)
        options = [f"{a} → '{self.target(a, status)}'" for a in self.allowed(status)]
        allowed = ", ".join(options) if options else "nothing (it is final)"
        message = (
            f"cannot {action} a {self.noun} that is '{status}' ({action} leads to {asked} "
            f"and needs {needs}); from '{status}' allowed: {allowed}"
        )
        raise ValidationError(f"{self.label} {uid}", [FieldError("status", message)])


_P = ProblemStatus
PROBLEM = Machine(
    "Problem",
    "problem",
    {
        "accept": Step((_P.REPORTED,), _P.ACCEPTED),
        "escalate": Step((_P.REPORTED, _P.ACCEPTED, _P.ESCALATED), _P.ESCALATED),
        "resolve": Step((_P.ACCEPTED, _P.ESCALATED), _P.RESOLVED),
        "close": Step((_P.RESOLVED,), _P.CLOSED),
    },
)
"""``report`` creates a problem as ``reported``; a big one is escalated at once."""

PROBLEM_OPEN: tuple[str, ...] = (_P.REPORTED, _P.ACCEPTED, _P.ESCALATED)
"""Problems not resolved yet: the ones whose clock runs."""

_H = HazardStatus
HAZARD = Machine(
    "Hazard",
    "hazard",
    {
        "assign": Step((_H.FOUND, _H.ASSIGNED), _H.ASSIGNED),
        "start": Step((_H.ASSIGNED,), _H.RECTIFYING),
        "rectified": Step((_H.RECTIFYING,), _H.RECTIFIED),
        "verify": Step((_H.RECTIFIED,), _H.VERIFIED),
        "close": Step((_H.VERIFIED,), _H.CLOSED),
        "escalate": Step((_H.FOUND, _H.ASSIGNED, _H.RECTIFYING), None),
    },
)
"""``find`` creates a hazard as ``found``; escalation moves it up the nets, not its status."""

HAZARD_OPEN: tuple[str, ...] = HAZARD.steps["escalate"].sources
"""Hazards not rectified yet: the ones whose clock runs."""
