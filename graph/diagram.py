"""Generate ``docs/model.md``: a Mermaid diagram and tables of the schema of record.

Everything is read from :func:`graph.schema.node_specs` and
:func:`graph.schema.relationship_specs`, so the document cannot drift from the neomodel
classes; a test fails when it was not regenerated.

Usage::

    python -m graph.diagram                        # print the Markdown
    python -m graph.diagram --write docs/model.md  # write it
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.schema import (
    NodeSpec,
    PropertySpec,
    RelationshipSpec,
    base_spec,
    node_specs,
    relationship_specs,
)

REGENERATE = "python -m graph.diagram --write docs/model.md"


@dataclass(frozen=True, slots=True)
class ChoiceSet:
    """One set of allowed values with their Chinese labels, and the properties using it."""

    labels: tuple[tuple[str, str], ...]
    used_by: list[str]


def render() -> str:
    """The whole Markdown document (ends with a single newline)."""
    nodes = list(node_specs().values())
    rels = relationship_specs()
    sections = [
        _header(nodes, rels),
        _diagram(nodes, rels),
        _node_table(nodes),
        _relationship_table(rels),
        _choice_tables(nodes, rels),
    ]
    return "\n\n".join(sections) + "\n"


def _header(nodes: list[NodeSpec], rels: list[RelationshipSpec]) -> str:
    types = {r.type for r in rels}
    temporal = sum(r.temporal for r in rels)
    base = base_spec()
    return (
        "# RedGrid data model\n\n"
        "<!-- Generated from the neomodel classes in graph/model/. Do not edit by hand: "
        f"run `{REGENERATE}`. -->\n\n"
        f"{len(nodes)} node labels and {len(rels)} declared relationships of {len(types)} "
        f"types, {temporal} of them temporal (they keep `since`/`until`, so accountability "
        "can be asked as of a date and history is closed, never overwritten).\n\n"
        f"Every node also carries the `{base.label}` label, on which {_names(base.unique)} "
        "is unique: one index finds a node of any kind, and no two nodes share a key."
    )


def _diagram(nodes: list[NodeSpec], rels: list[RelationshipSpec]) -> str:
    lines = ["## Diagram", "", "```mermaid", "erDiagram"]
    for spec in nodes:
        lines.append(f"    {spec.label} {{")
        lines += [f"        {_attribute(p)}" for p in spec.properties.values()]
        lines.append("    }")
    lines += [f"    {_edge(rel)}" for rel in rels]
    lines += ["```", "", _legend()]
    return "\n".join(lines)


def _attribute(prop: PropertySpec) -> str:
    key = " PK" if prop.name == "uid" else " UK" if prop.unique else ""
    return f'{prop.kind} {prop.name}{key} "{", ".join(_facts(prop)) or "optional"}"'


def _facts(prop: PropertySpec) -> list[str]:
    facts = []
    if prop.required:
        facts.append("required")
    if prop.indexed and not prop.unique:
        facts.append("indexed")
    if prop.max_length:
        facts.append(f"max {prop.max_length}")
    if prop.choices:
        facts.append(f"one of {len(prop.choices)}")
    return facts


def _edge(rel: RelationshipSpec) -> str:
    line = "--" if rel.temporal else ".."
    suffix = " (since/until)" if rel.temporal else ""
    return f'{rel.source} }}o{line}o{{ {rel.target} : "{rel.type}{suffix}"'


def _legend() -> str:
    return (
        "Reading the diagram: `PK` is the stable business key `uid` (unique on every label), "
        "`UK` another unique property; solid lines are temporal assignments (`since`/`until`), "
        "dashed lines plain relationships. The schema declares no cardinalities, so every "
        'end reads "zero or more". Property types are the neomodel ones; `date`, `month` '
        "and `timestamp` are ISO-8601 strings."
    )


def _node_table(nodes: list[NodeSpec]) -> str:
    rows = [
        "## Node labels",
        "",
        "| Label | Meaning | Required | Unique | Indexed | Access |",
        "|---|---|---|---|---|---|",
    ]
    for spec in nodes:
        required = [p.name for p in spec.properties.values() if p.required]
        rows.append(
            f"| `{spec.label}` | {_cell(_summary(spec.cls))} | {_names(required)} "
            f"| {_names(spec.unique)} | {_names(spec.indexed)} "
            f"| {'sensitive' if spec.sensitive else ''} |"
        )
    return "\n".join(rows)


def _relationship_table(rels: list[RelationshipSpec]) -> str:
    rows = [
        "## Relationships",
        "",
        "| Source | Type | Target | Temporal | Properties | Declared as |",
        "|---|---|---|---|---|---|",
    ]
    for rel in rels:
        props = [p.name for p in rel.properties.values()]
        rows.append(
            f"| `{rel.source}` | `{rel.type}` | `{rel.target}` "
            f"| {'yes' if rel.temporal else 'no'} | {_names(props)} "
            f"| `{rel.source}.{rel.attribute}` |"
        )
    return "\n".join(rows)


def _choice_tables(nodes: list[NodeSpec], rels: list[RelationshipSpec]) -> str:
    parts = ["## Choices", "", "Stored values and the Chinese terms users see."]
    for choice in _choice_sets(nodes, rels):
        parts += ["", f"### {', '.join(choice.used_by)}", "", "| Value | 中文 |", "|---|---|"]
        parts += [f"| `{value}` | {_cell(zh)} |" for value, zh in choice.labels]
    return "\n".join(parts)


def _choice_sets(nodes: list[NodeSpec], rels: list[RelationshipSpec]) -> list[ChoiceSet]:
    """Identical choice sets (e.g. the officer roles) are listed once, with every user."""
    sets: dict[tuple[tuple[str, str], ...], ChoiceSet] = {}
    for owner, cls, prop in _choice_properties(nodes, rels):
        labels = _choice_labels(cls, prop)
        sets.setdefault(labels, ChoiceSet(labels, [])).used_by.append(f"`{owner}.{prop.name}`")
    return list(sets.values())


def _choice_properties(
    nodes: list[NodeSpec], rels: list[RelationshipSpec]
) -> Iterator[tuple[str, type, PropertySpec]]:
    for spec in nodes:
        for prop in spec.properties.values():
            if prop.choices:
                yield spec.label, spec.cls, prop
    for rel in rels:
        if rel.model is None:
            continue
        for prop in rel.properties.values():
            if prop.choices:
                yield rel.type, rel.model, prop


def _choice_labels(cls: type, prop: PropertySpec) -> tuple[tuple[str, str], ...]:
    """Value → Chinese label from the declaration's ``choices`` mapping (the enums' ``zh``);
    PropertySpec keeps only the values."""
    declared = cls.defined_properties(aliases=False, rels=False)[prop.name]  # type: ignore[attr-defined]
    mapping = declared.choices if isinstance(declared.choices, dict) else {}
    return tuple((value, str(mapping.get(value, ""))) for value in prop.choices or ())


def _summary(cls: type) -> str:
    """The first paragraph of the class docstring, on one line."""
    doc = (inspect.getdoc(cls) or "").replace("``", "`")
    return " ".join(doc.split("\n\n", 1)[0].split())


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the document, or write it to ``--write PATH``."""
    parser = argparse.ArgumentParser(prog="python -m graph.diagram", description=__doc__)
    parser.add_argument("--write", type=Path, metavar="PATH", help="write the Markdown here")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {args.write}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
