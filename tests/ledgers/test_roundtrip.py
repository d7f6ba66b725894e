"""Export → import into an empty database → export gives the same files, on a hand-made
organisation (CSV and Chinese XLSX) and on the seed's real one (a brigade's subtree)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.engine import Engine
from graph.falkordb_engine import FalkorDBEngine
from seed.generator import generate
from seed.ledgers import KINDS, ImportReport, LedgerError, export_ledgers, import_ledgers
from seed.loader import load
from tests.ledgers.conftest import compare_exports

LATER = "2026-12-01T00:00:00Z"


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("xlsx", "zh")])
def test_round_trip_of_a_small_organisation(
    engine: Engine,
    empty_engine: Engine,
    base: ImportReport,
    tmp_path: Path,
    fmt: str,
    lang: str,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    report = export_ledgers(engine, first, fmt=fmt, lang=lang)
    assert sum(report.rows.values()) == base.rows
    assert len(report.rows) == len(KINDS)
    loaded = import_ledgers(empty_engine, [first], as_of=LATER)
    assert {k: c.created for k, c in loaded.kinds.items()} == {
        k: c.created for k, c in base.kinds.items()
    }
    export_ledgers(empty_engine, second, fmt=fmt, lang=lang)
    compare_exports(first, second)
    again = import_ledgers(engine, [first], as_of=LATER)
    assert not again.changed and set(again.relationships.values()) == {0}


def test_chinese_export_shows_labels_and_dates(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    export_ledgers(engine, tmp_path, fmt="csv", lang="zh")
    text = (tmp_path / "设备.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == (
        "编号,名称,位号,类别,投运日期,经度,纬度,线路走向,所属格,所属格起始日期,所属格结束日期,"
        "所在区域,责任人,责任人起始日期,责任人结束日期,执行标准"
    )
    assert text[1] == (
        "eq-1,1号分离器,SEP-001,分离器,2021-05-10,,,,cell-1,2026-01-01,,area-1,p-2,2026-01-01,,"
        "std-u1"
    )
    posts = (tmp_path / "职务.csv").read_text(encoding="utf-8-sig").splitlines()
    assert posts[1:4] == [
        "cell-1,格长,p-1,2026-01-01",
        "cell-1,宣传员,p-2;p-3,2026-01-01;2026-01-01",
        "cell-1,监督员,p-2,2026-01-01",
    ]


@pytest.fixture(scope="module")
def seeded(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    """The seed's organisation at scale 1 (65,540 nodes), loaded once for this module."""
    graph = FalkorDBEngine(data_dir, graph_name="ledgers-seeded")
    graph.ensure_schema()
    load(graph, generate(scale=1, seed=2026), progress=False)
    yield graph
    graph.clear()
    graph.close()


def _brigade_of(engine: Engine, person: str) -> str:
    rows = engine.run(
        "MATCH (:Person {uid: $p})-[m:MEMBER_OF]->(:MicroCell)-[:PART_OF]->(:Cell)"
        "-[:PART_OF]->(:Net)-[:PART_OF]->(n:Net {level: 3}) RETURN n.uid AS net ORDER BY m.since",
        {"p": person},
        readonly=True,
    )
    return rows[0]["net"]


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("xlsx", "zh")])
def test_round_trip_of_a_seeded_brigade(
    seeded: Engine, empty_engine: Engine, tmp_path: Path, fmt: str, lang: str
) -> None:
    """A brigade's subtree plus everything it names imports alone into an empty graph."""
    first, second = tmp_path / "first", tmp_path / "second"
    exported = export_ledgers(seeded, first, fmt=fmt, lang=lang, net="net-l3-01")
    equipment, posts = ("equipment", "posts") if lang == "en" else ("设备", "职务")
    assert exported.rows[f"{equipment}.{fmt}"] > 1000 and exported.rows[f"{posts}.{fmt}"] > 100
    loaded = import_ledgers(empty_engine, [first], as_of=LATER)
    assert loaded.rows == sum(exported.rows.values())
    export_ledgers(empty_engine, second, fmt=fmt, lang=lang, net="net-l3-01")
    compare_exports(first, second)
    again = import_ledgers(seeded, [first], as_of=LATER)
    assert not again.changed and set(again.relationships.values()) == {0}
    if fmt == "csv":
        shipped = " ".join(p.read_text(encoding="utf-8-sig") for p in first.iterdir())
        assert "hr-0" not in shipped  # health records never leave the database


@pytest.mark.slow
def test_round_trip_of_the_seeded_organisation(
    seeded: Engine, empty_engine: Engine, tmp_path: Path
) -> None:
    """Defect 4 of issue 12: the whole seeded organisation, planted defects included, exported
    as CSV imports into an empty graph with warnings only, and exports back identically;
    its assessments, visits and tackling teams too."""
    dataset = generate(scale=1, seed=2026)
    defects, counts = dataset.defects, dataset.node_counts()
    first, second = tmp_path / "first", tmp_path / "second"
    exported = export_ledgers(seeded, first, fmt="csv")
    service = {"assessments": "Assessment", "visits": "Visit", "tackle_teams": "TackleTeam"}
    assert {k: exported.rows[f"{k}.csv"] for k in service} == {
        k: counts[label] for k, label in service.items()
    }
    loaded = import_ledgers(empty_engine, [first], as_of=LATER)
    assert loaded.rows == sum(exported.rows.values())
    named = Counter(w.message.rsplit("(gap rule ", 1)[1] for w in loaded.warnings)
    assert named == {
        f"{rule})": len(defects[rule])
        for rule in ("person_in_several_microcells", "microcell_lead_not_member")
    }
    export_ledgers(empty_engine, second, fmt="csv")
    compare_exports(first, second)


def _planted_rows(seeded: Engine, tmp_path: Path) -> tuple[list[str], list[dict[str, str]]]:
    planted = generate(scale=1, seed=2026).defects["person_in_several_microcells"]
    export_ledgers(seeded, tmp_path, fmt="csv", net=_brigade_of(seeded, planted[0]))
    with (tmp_path / "people.csv").open(encoding="utf-8-sig") as handle:
        return planted, list(csv.DictReader(handle))


def test_a_person_in_two_micro_cells_is_a_warning_naming_the_gap_rule(
    seeded: Engine, tmp_path: Path
) -> None:
    """The seed plants people in two micro-cells; its export shows them, the import takes them
    and warns with the gap rule that reports them."""
    planted, rows = _planted_rows(seeded, tmp_path)
    expected = [
        f"people.csv, row {number}, column microcell: a person is in exactly one micro-cell "
        f"(身处一网、责集一格); found {row['microcell'].replace(';', ', ')} "
        "(gap rule person_in_several_microcells)"
        for number, row in enumerate(rows, start=2)
        if row["uid"] in planted
    ]
    assert expected
    report = import_ledgers(seeded, [tmp_path], as_of=LATER, dry_run=True)
    assert [str(w) for w in report.warnings] == expected


def test_strict_refuses_the_planted_person_in_two_micro_cells(
    seeded: Engine, tmp_path: Path
) -> None:
    """``strict`` refuses the governance violation, once per person: the rows naming them
    are not refused with it."""
    planted, rows = _planted_rows(seeded, tmp_path)
    expected = [
        f"people.csv, row {number}, column microcell: a person is in exactly one micro-cell "
        f"(身处一网、责集一格); found {row['microcell'].replace(';', ', ')}"
        for number, row in enumerate(rows, start=2)
        if row["uid"] in planted
    ]
    assert expected
    with pytest.raises(LedgerError) as caught:
        import_ledgers(seeded, [tmp_path], as_of=LATER, dry_run=True, strict=True)
    assert [str(issue) for issue in caught.value.issues] == expected
