"""The ``redgrid`` command line against a real data directory seeded once at scale 1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.falkordb_engine import FalkorDBEngine
from seed.generator import SEED_TODAY

runner = CliRunner()


def redgrid(data: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data", str(data), *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory seeded through the CLI; its server stays up for the module."""
    data = tmp_path_factory.mktemp("cli-data")
    owner = FalkorDBEngine(data)
    code, output = redgrid(data, "seed", "--json")
    assert code == 0, output
    yield data
    owner.close()


def test_seed_then_stats_shows_the_article_counts(seeded: Path) -> None:
    code, output = redgrid(seeded, "stats", "--json")
    assert code == 0, output
    stats = json.loads(output)
    nodes = stats["nodes"]
    assert stats["engine"] == "falkordb"
    assert (nodes["Net"], nodes["Cell"], nodes["Person"]) == (116, 311, 4500)
    assert (nodes["RiskPoint"], nodes["Hazard"], nodes["RiskList"]) == (8491, 1168, 184)
    assert nodes["Equipment"] >= 20_000 and nodes["Problem"] >= 2_100
    assert stats["total_nodes"] == sum(nodes.values())


def test_seed_if_empty_leaves_a_seeded_graph_alone(seeded: Path) -> None:
    code, output = redgrid(seeded, "seed", "--if-empty")
    assert code == 0 and "already holds data" in output


def test_trace_prints_the_chain_and_json_is_stable(seeded: Path) -> None:
    code, output = redgrid(seeded, "trace", "hz-00001", "--as-of", SEED_TODAY.isoformat())
    assert code == 0, output
    assert "网长 net head" in output
    code, output = redgrid(seeded, "trace", "hz-00001", "--json")
    body = json.loads(output)
    assert body["uid"] == "hz-00001" and body["kind"] == "Hazard"
    assert [link["role"] for link in body["chain"]][-2:] == ["net", "net_head"]
    assert body["chain"][-2]["level"] == 2


def test_impact_tree_and_analytics_run(seeded: Path) -> None:
    person = json.loads(redgrid(seeded, "trace", "hz-00001", "--json")[1])["chain"][1]["uid"]
    code, output = redgrid(seeded, "impact", person, "--json")
    assert code == 0, output
    assert json.loads(output)["counts"]["owner"] >= 1
    code, output = redgrid(seeded, "tree", "net-l2", "--json")
    assert code == 0 and json.loads(output)["subject"]["uid"] == "net-l2"
    code, output = redgrid(seeded, "analytics", "--json", "--top", "3")
    assert code == 0 and len(json.loads(output)["single_points_of_failure"]) == 3


def test_gaps_finds_the_planted_defects_in_every_format(seeded: Path) -> None:
    from seed.generator import generate

    planted = generate().defects
    day = SEED_TODAY.isoformat()
    code, output = redgrid(seeded, "gaps", "--format", "json", "--today", day, "--as-of", day)
    assert code == 0, output
    assert json.loads(output)["counts"] == {rule: len(uids) for rule, uids in planted.items()}
    code, output = redgrid(seeded, "gaps", "--rule", "cell_without_head", "--format", "csv")
    assert code == 0 and output.splitlines()[0].startswith("rule,severity,uid")
    assert sum(1 for line in output.splitlines()[1:] if line) == len(planted["cell_without_head"])
    code, output = redgrid(seeded, "gaps", "--rule", "net_without_head", "--today", day)
    assert code == 0 and "net_without_head" in output
    code, output = redgrid(seeded, "gaps", "--rule", "no_such_rule")
    assert code == 1 and "no_such_rule" in output


def test_bad_input_gets_a_clear_error_and_a_non_zero_exit(seeded: Path) -> None:
    code, output = redgrid(seeded, "trace", "no-such-uid")
    assert code == 1 and "no node with uid 'no-such-uid'" in output
    code, output = redgrid(seeded, "trace", "hz-00001", "--as-of", "someday")
    assert code == 1 and "as_of" in output
    code, output = redgrid(seeded, "tree", "hz-00001")
    assert code == 1 and "hz-00001" in output


def test_stats_on_an_empty_directory_counts_zero(tmp_path: Path) -> None:
    code, output = redgrid(tmp_path, "stats", "--json")
    assert code == 0, output
    assert json.loads(output)["total_nodes"] == 0
