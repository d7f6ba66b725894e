"""One description per argument name, shared by every mutation that takes it, so the same
name always means the same thing across the API."""

from __future__ import annotations

from typing import Any

ARGUMENTS: dict[str, str] = {
    "kind": "The node's kind (its label).",
    "uid": "Uid of the node.",
    "props": "Its fields, by their names in docs/model.md (snake_case).",
    "patch": "The fields to change, by their names in docs/model.md; null clears a field.",
    "reason": "Why (kept in the audit trail).",
    "person": "Uid of the person.",
    "unit": "Uid of the net or cell.",
    "parent": "Uid of the net (or cell) it moves under.",
    "cell": "Uid of the cell.",
    "micro_cell": "Uid of the micro-cell.",
    "role": "An officer role (OfficerRole value) or, for accounts, a UserRole value.",
    "duty": "Uid of the duty.",
    "standard": "Uid of the standard.",
    "source": "Uid of the unit merged away (it retires).",
    "target": "Uid of the unit it merges into.",
    "new": "The new unit's fields, uid included.",
    "micro_cells": "Uids of the micro-cells that move to the new cell.",
    "objects": "Uids of the objects that move to the new cell.",
    "members": "Uids of the people who move to the new micro-cell.",
    "lead": "Uid of the new micro-cell's lead.",
    "title": "Title.",
    "category": "ProblemCategory value.",
    "scale": "small (solved in the cell) or big (straight to the level-4 net).",
    "anonymous": "Report without naming anyone (staff opinions).",
    "owner": "Uid of the person who takes it on.",
    "resolution": "How it was resolved.",
    "by_person": "Uid of the person doing it (default: the person you act as).",
    "risk_point": "Uid of the risk point where it was found.",
    "severity": "HazardSeverity value.",
    "deadline": "Rectification deadline (YYYY-MM-DD).",
    "username": "Account name.",
    "password": "Its password (10–256 characters).",
    "active": "True to let the account in, false to lock it out.",
    "current": "Your current password.",
}


def describe(mutation_type: Any) -> Any:
    """Give every undescribed argument of ``mutation_type``'s fields its shared description.

    Raises:
        KeyError: an argument whose name has no description yet (add it above).
    """
    for field in mutation_type.__strawberry_definition__.fields:
        for argument in field.arguments:
            if argument.description is None:
                argument.description = ARGUMENTS[argument.python_name]
    return mutation_type
