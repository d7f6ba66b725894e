"""Every workflow statement stays inside the portable Cypher subset (DESIGN.md)."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from queries.portability import violations
from writes.audit import AUDIT
from writes.workflows import common, deadlines, escalation, hazards, ladder, problems

MODULES: tuple[ModuleType, ...] = (common, ladder, problems, hazards, escalation, deadlines)
STATEMENTS = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in MODULES
    for name, value in vars(module).items()
    if name.isupper() and isinstance(value, str) and re.search(r"\b(MATCH|CREATE)\b", value)
}
CHANGES = {
    "REPORT",
    "FIND",
    "ACCEPT",
    "ASSIGN",
    "PLAIN",
    "RECTIFIED",
    "VERIFY",
    "RESOLVE",
    "CLOSE",
    "ESCALATE",
}
"""The statements that change something (the others read)."""


def test_the_statements_are_found() -> None:
    assert {"problems.REPORT", "hazards.VERIFY", "ladder.ESCALATE", "common.STATE"} <= set(
        STATEMENTS
    )


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_is_inside_the_portable_subset(name: str) -> None:
    assert violations(STATEMENTS[name]) == []


@pytest.mark.parametrize("name", sorted(n for n in STATEMENTS if n.split(".")[1] in CHANGES))
def test_every_change_is_guarded_and_appends_its_audit_entry(name: str) -> None:
    text = STATEMENTS[name]
    assert text.rstrip().endswith("RETURN x AS node")  # what run_guarded reads back
    assert AUDIT in text
    first_write = min(text.find(word) for word in ("SET ", "CREATE ", "FOREACH") if word in text)
    guard = max(text.find("x.status = $from"), text.find("WHERE taken = 0"))
    assert 0 <= guard < first_write, "the guard must come before any write"
