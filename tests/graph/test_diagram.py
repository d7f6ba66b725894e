"""docs/model.md is the generator's output and shows every label, relationship and choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.diagram import REGENERATE, main, render
from graph.schema import base_spec, node_specs, relationship_specs

MODEL_MD = Path(__file__).resolve().parents[2] / "docs" / "model.md"


@pytest.fixture(scope="module")
def text() -> str:
    return render()


def test_docs_model_md_is_up_to_date(text: str) -> None:
    assert MODEL_MD.exists(), f"docs/model.md is missing: run `{REGENERATE}`"
    assert MODEL_MD.read_text(encoding="utf-8") == text, (
        f"docs/model.md is stale (the model changed): run `{REGENERATE}`"
    )


def test_every_label_has_an_entity_with_all_its_properties(text: str) -> None:
    for label, spec in node_specs().items():
        block = re.search(rf"^    {label} \{{\n(.*?)^    \}}$", text, re.M | re.S)
        assert block, f"no erDiagram entity for {label}"
        names = re.findall(r"^\s+\w+ (\w+)", block[1], re.M)
        assert names == list(spec.properties), label


def test_every_relationship_is_drawn_with_its_temporality(text: str) -> None:
    for rel in relationship_specs():
        line = "--" if rel.temporal else ".."
        suffix = " (since/until)" if rel.temporal else ""
        edge = f'    {rel.source} }}o{line}o{{ {rel.target} : "{rel.type}{suffix}"\n'
        assert edge in text
        assert f"| `{rel.source}` | `{rel.type}` | `{rel.target}` |" in text


def test_the_label_every_node_carries_is_named(text: str) -> None:
    assert f"Every node also carries the `{base_spec().label}` label" in text


def test_unique_properties_are_marked(text: str) -> None:
    assert 'string uid PK "required, max 64"' in text
    assert "string employee_no UK" in text
    assert "string code UK" in text


def test_every_choice_has_its_chinese_label(text: str) -> None:
    for spec in node_specs().values():
        for name, prop in spec.cls.defined_properties(aliases=False, rels=False).items():
            for value, zh in (getattr(prop, "choices", None) or {}).items():
                assert f"| `{value}` | {zh} |" in text, f"{spec.label}.{name}={value}"
    assert "`OFFICER_OF.role`" in text


def test_print_and_write_give_the_same_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == text
    target = tmp_path / "docs" / "model.md"
    assert main(["--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == text
