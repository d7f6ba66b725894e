"""A static check that holds Cypher to the subset both engines run (DESIGN.md).

It looks for the constructs one engine lacks or that break parameterisation; it is a
lint, not a parser, so it errs on the side of flagging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Construct:
    """A forbidden construct, how to recognise it, and what to write instead."""

    name: str
    pattern: re.Pattern[str]
    instead: str


FORBIDDEN = (
    Construct(
        "EXISTS subquery",
        re.compile(r"\bEXISTS\s*\{", re.I),
        "a pattern predicate WHERE (n)-[:R]->() or OPTIONAL MATCH … IS NULL",
    ),
    Construct(
        "internal id", re.compile(r"(?<![\w.$])(elementId|id)\s*\(", re.I), "the uid property"
    ),
    Construct(
        "shortestPath in MATCH",
        re.compile(r"\bMATCH\b[^;]*?\b(all)?shortestPath\s*\(", re.I | re.S),
        "a bounded variable-length path",
    ),
    Construct(
        "engine temporal type",
        re.compile(r"(?<![\w.$])(date|datetime|localdatetime|time|duration)\s*\(", re.I),
        "ISO-8601 strings compared as text",
    ),
    Construct("procedure call", re.compile(r"\bCALL\s+[A-Za-z_]+\s*\.", re.I), "plain Cypher"),
    Construct("APOC", re.compile(r"\bapoc\.", re.I), "plain Cypher"),
    Construct("label union", re.compile(r"\(\s*\w*\s*:\s*\w+\s*\|"), "one label per pattern"),
    Construct("regular expression", re.compile(r"=~"), "STARTS WITH / CONTAINS"),
    Construct(
        "string literal value",
        re.compile(r"[=<>]\s*'[^']*'|\{\s*\w+\s*:\s*'[^']*'"),
        "a $parameter",
    ),
)


def _strip_comments(text: str) -> str:
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def violations(text: str) -> list[str]:
    """Every forbidden construct in a statement, as readable messages (empty when clean).

    Example:
        >>> violations("MATCH (n) RETURN id(n)")
        ['internal id: id( — use the uid property']
    """
    body = _strip_comments(text)
    found = []
    for construct in FORBIDDEN:
        for match in construct.pattern.finditer(body):
            snippet = match.group(0).strip()
            found.append(f"{construct.name}: {snippet} — use {construct.instead}")
    return found
