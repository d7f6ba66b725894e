"""Cell values as spreadsheets hand them over, normalised without a database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from graph.schema import node_spec
from seed.ledgers import values
from seed.ledgers.sources import decode


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1001.0, "1001"),
        (1001, "1001"),
        (" E01 ", "E01"),
        ("1001.0", "1001"),
        ("", None),
        (None, None),
    ],
)
def test_identifiers_lose_excel_decimals_and_spaces(raw: object, expected: str | None) -> None:
    assert values.identifier(raw) == expected


def test_several_references_in_one_cell() -> None:
    assert values.identifiers("std-1; std-2；std-3、std-4,\nstd-5") == [
        "std-1",
        "std-2",
        "std-3",
        "std-4",
        "std-5",
    ]
    assert values.identifiers(1001.0) == ["1001"]
    assert values.identifiers("  ") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime(2024, 3, 1, 0, 0), "2024-03-01"),
        (date(2024, 3, 1), "2024-03-01"),
        ("2024/3/1", "2024-03-01"),
        ("2024.03.01", "2024-03-01"),
        ("2024年3月1日", "2024-03-01"),
        ("2024-03-01 00:00:00", "2024-03-01"),
        (45352, "2024-03-01"),
    ],
)
def test_dates_in_the_shapes_spreadsheets_hold(raw: object, expected: str) -> None:
    assert values.calendar_date(raw) == expected


def test_instants_are_utc_timestamps() -> None:
    assert values.instant("2026-02-15") == "2026-02-15T00:00:00Z"
    assert values.instant(datetime(2026, 2, 15, 8, 30)) == "2026-02-15T08:30:00Z"
    assert values.instants("2026-02-01;2026-02-20T10:00:00Z") == [
        "2026-02-01T00:00:00Z",
        "2026-02-20T10:00:00Z",
    ]
    with pytest.raises(ValueError, match="not an ISO-8601"):
        values.instant("last week")


def test_choices_accept_values_and_chinese_labels() -> None:
    assert values.choice("Equipment", "category", "阀门") == "valve"
    assert values.choice("Equipment", "category", " VALVE ") == "valve"
    assert values.choice("Net", "kind", "领航网") == "navigator"
    assert values.choice("Net", "kind", "领航网（二级网）") == "navigator"
    assert values.choice("RiskPoint", "grade", "重大风险") == "red"
    assert values.choice("Equipment", "category", "飞机") == "飞机"  # the schema reports it


def test_property_values_keep_numbers_and_text_apart() -> None:
    person = node_spec("Person").properties
    net = node_spec("Net").properties
    assert values.property_value(person["employee_no"], 1001.0, "Person") == "1001"
    assert values.property_value(person["name"], " 王建国 ", "Person") == "王建国"
    assert values.property_value(person["party_member"], True, "Person") is True
    assert values.property_value(net["level"], 4.0, "Net") == 4
    assert values.property_value(net["region"], 3.5, "Net") == "3.5"


def test_decoding_utf8_bom_gbk_and_an_explicit_encoding() -> None:
    text = "编号,名称\n格-1,集气站\n"
    assert decode(b"\xef\xbb\xbf" + text.encode()) == (text, "utf-8-sig")
    assert decode(text.encode()) == (text, "utf-8")
    assert decode(text.encode("gbk")) == (text, "gb18030")
    assert decode(text.encode("gb18030")) == (text, "gb18030")
    traditional = "編號,名稱\n格-1,集氣站\n"
    assert decode(traditional.encode("big5"), "big5") == (traditional, "big5")
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    with pytest.raises(ValueError, match="not valid utf-8 text"):
        decode(text.encode("gbk"), "utf-8")
