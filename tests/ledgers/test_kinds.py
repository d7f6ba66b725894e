"""The ledger kinds follow the schema of record; templates are what the import reads."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from graph.engine import Engine
from graph.model.base import SEARCH_PROPERTY
from graph.schema import node_specs
from graph.status_history import PROPERTY as STATUS_HISTORY
from seed.ledgers import KINDS, import_ledgers, write_templates
from seed.ledgers.geography import DERIVED
from seed.ledgers.kinds import IMPORTABLE_LABELS, kind_named, lifecycle_properties
from seed.ledgers.rows import column_key


def test_every_declared_property_has_a_column_and_links_are_declared() -> None:
    for kind in KINDS:
        if kind.label is None:
            continue
        declared = set(node_specs()[kind.label].properties) - {SEARCH_PROPERTY}
        declared -= lifecycle_properties() | DERIVED  # the box comes from the territory
        declared -= {STATUS_HISTORY}  # kept by the workflow steps, not by a ledger
        assert {c.key for c in kind.columns if c.prop is not None} == declared
        for link in kind.links:
            for target in link.targets:
                assert link.spec(kind.label, target).type == link.rel_type


def test_retirement_is_left_to_the_change_workflow() -> None:
    assert lifecycle_properties() == {"retired_at", "retired_reason"}
    assert not {c.key for k in KINDS for c in k.columns} & lifecycle_properties()


def test_health_records_are_not_a_ledger() -> None:
    sensitive = {spec.label for spec in node_specs().values() if spec.sensitive}
    assert sensitive == {"HealthRecord"}
    assert not sensitive & set(IMPORTABLE_LABELS)
    assert all(t not in sensitive for k in KINDS for link in k.links for t in link.targets)


def test_headers_and_names_in_english_and_chinese() -> None:
    equipment = kind_named("设备台账")
    assert equipment is not None and equipment.key == "equipment"
    assert kind_named(" Work Items ") == kind_named("工作事项")
    assert kind_named("汇总") is None
    assert column_key(equipment, "责任人") == "owner"
    assert column_key(equipment, "Owner Since") == "owner_since"
    assert column_key(equipment, "责任人起始日期") == "owner_since"
    assert column_key(equipment, "名称（name）") == "name"
    assert column_key(equipment, "颜色") is None
    headers = [(c.key, c.zh) for k in KINDS for c in k.columns]
    assert ("uid", "编号") in headers and ("name", "名称") in headers


def test_templates_are_empty_ledgers_the_import_accepts(engine: Engine, tmp_path: Path) -> None:
    xlsx = write_templates(tmp_path / "xlsx", fmt="xlsx", lang="zh")
    csvs = write_templates(tmp_path / "csv", fmt="csv", lang="en")
    assert len(xlsx) == len(csvs) == len(KINDS) == 20
    equipment = tmp_path / "csv" / "equipment.csv"
    assert equipment.read_bytes() == (
        b"\xef\xbb\xbfuid,name,tag,category,commissioned_on,lon,lat,line,cell,cell_since,cell_until,"
        b"area,owner,owner_since,owner_until,standards\r\n"
    )
    book = openpyxl.load_workbook(tmp_path / "xlsx" / "设备.xlsx")
    assert book.sheetnames == ["设备", "说明"]
    assert [c.value for c in book["设备"][1]][:4] == ["编号", "名称", "位号", "类别"]
    notes = list(book["说明"].iter_rows(values_only=True))
    assert notes[0] == ("列名", "English column", "必填", "取值", "含义")
    category = next(row for row in notes if row[0] == "类别")
    assert category[2] == "是" and "valve / 阀门" in category[3]
    owner = next(row for row in notes if row[0] == "责任人")
    assert owner[3] == "uid or employee_no of a Person"
    for directory in ("xlsx", "csv"):
        report = import_ledgers(engine, [tmp_path / directory], as_of="2026-01-01")
        assert report.rows == 0 and not report.changed
