"""Every coverage rule on the seeded scale-1 organisation finds exactly the defects the seed
planted for it (``SeedReport.defects``), no more and no less; the roll-up adds up; and a
run restricted to one net finds exactly the whole run's findings under that net.

The organisation is seeded once for the module (about 30 s) into its own graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.coverage import GapReport, catalog, gaps
from seed import SEED_TODAY, SeedReport, seed_database


@pytest.fixture(scope="module")
def seeded(
    server_engine: FalkorDBEngine, data_dir: Path
) -> Iterator[tuple[FalkorDBEngine, SeedReport]]:
    engine = FalkorDBEngine(data_dir, graph_name="coverage-seeded")
    try:
        yield engine, seed_database(engine, scale=1, reset=True, progress=False)
    finally:
        engine.clear()
        engine.close()


@pytest.fixture(scope="module")
def report(seeded: tuple[FalkorDBEngine, SeedReport]) -> GapReport:
    engine, _ = seeded
    return gaps(engine, today=SEED_TODAY, as_of=SEED_TODAY)


@pytest.fixture(scope="module")
def planted(seeded: tuple[FalkorDBEngine, SeedReport]) -> dict[str, list[str]]:
    return seeded[1].defects


def test_the_seed_plants_a_defect_for_every_rule(planted: dict[str, list[str]]) -> None:
    assert sorted(planted) == sorted(rule.id for rule in catalog())


@pytest.mark.parametrize("rule", [rule.id for rule in catalog()])
def test_rule_finds_exactly_the_planted_defects(
    report: GapReport, planted: dict[str, list[str]], rule: str
) -> None:
    assert sorted(report.uids(rule)) == planted[rule]


def test_the_rollup_adds_up_at_every_level(report: GapReport) -> None:
    findings = report.findings
    rollup = report.rollup
    assert report.total == len(findings) > 0
    for level, slot in ((2, "l2"), (3, "l3"), (4, "l4")):
        in_level = sum(u.total for u in rollup.nets if u.level == level)
        assert in_level == sum(1 for f in findings if getattr(f, slot) is not None), level
    assert sum(u.total for u in rollup.cells) == sum(1 for f in findings if f.cell is not None)
    top = sum(u.total for u in rollup.nets if u.level == 2)
    assert top + sum(rollup.unplaced.values()) == report.total
    assert rollup.unplaced == dict(Counter(f.rule for f in findings if not f.placed))
    standards = report.uids("unit_standard_not_derived")
    assert rollup.unplaced["unit_standard_not_derived"] == len(standards) > 0


def test_a_net_restricted_run_finds_the_findings_under_that_net(
    seeded: tuple[FalkorDBEngine, SeedReport], report: GapReport, planted: dict[str, list[str]]
) -> None:
    engine, _ = seeded
    headless = planted["net_without_head"][0]
    l3 = next(f.l3 for f in report.findings if f.uid == headless)
    assert l3 is not None
    restricted = gaps(engine, net=l3, today=SEED_TODAY, as_of=SEED_TODAY)
    expected = {(f.rule, f.uid) for f in report.findings if f.l3 == l3}
    assert {(f.rule, f.uid) for f in restricted.findings} == expected
    assert ("net_without_head", headless) in expected
    assert [u.uid for u in restricted.rollup.nets if u.level == 3] == [l3]


def test_a_cell_restricted_run_finds_the_findings_in_that_cell(
    seeded: tuple[FalkorDBEngine, SeedReport], report: GapReport
) -> None:
    engine, _ = seeded
    cell = report.rollup.cells[0].uid
    restricted = gaps(engine, net=cell, today=SEED_TODAY, as_of=SEED_TODAY)
    expected = {(f.rule, f.uid) for f in report.findings if f.cell == cell}
    assert {(f.rule, f.uid) for f in restricted.findings} == expected
    assert restricted.total == report.rollup.cells[0].total
