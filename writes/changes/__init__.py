"""The change layer: every write a user makes to the grid, each one guarded statement
that appends its own audit entry (decision 0005, docs/changes.md).

Every function takes the engine and the :class:`~queries.audit.Actor`, validates all its
input through the schema of record before any statement runs, and returns a
:class:`Change` (or a :class:`Restructure` for the multi-step merges and splits).
"""

from writes.changes.assignments import (
    add_standard,
    assign_duty,
    assign_head,
    assign_lead,
    assign_officer,
    assign_owner,
    move_member,
    withdraw_standard,
)
from writes.changes.derivations import derive_standard
from writes.changes.moves import move_object, move_unit
from writes.changes.nodes import create, retire, update
from writes.changes.restructure import (
    merge_cells,
    merge_micro_cells,
    split_cell,
    split_micro_cell,
)
from writes.results import Change, Restructure


def statements() -> list[str]:
    """Every Cypher statement the change layer can send, for the portability check."""
    from writes.changes import derivations, moves, nodes, restructure
    from writes.changes.assignments import POSTS
    from writes.changes.derivations import DERIVATION
    from writes.changes.moves import OBJECT_CELL, PARENT
    from writes.changes.posts import statements as post_statements

    return [
        *nodes.statements(),
        *post_statements([*POSTS, PARENT, OBJECT_CELL, DERIVATION]),
        *moves.statements(),
        *derivations.statements(),
        *restructure.statements(),
    ]


__all__ = [
    "Change",
    "Restructure",
    "add_standard",
    "assign_duty",
    "assign_head",
    "assign_lead",
    "assign_officer",
    "assign_owner",
    "create",
    "derive_standard",
    "merge_cells",
    "merge_micro_cells",
    "move_member",
    "move_object",
    "move_unit",
    "retire",
    "split_cell",
    "split_micro_cell",
    "statements",
    "update",
    "withdraw_standard",
]
