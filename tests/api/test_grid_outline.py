"""``gridOutline`` on the seeded organisation: the rows and counts of a level-4 net computed
from the dataset's rows (tests/api/grid_oracle.py), gaps equal to the coverage roll-up, a
head's reach, and the errors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.api.grid_oracle import NOW, current, subtree_cells, subtree_nets
from tests.api.test_access import Branch, heads_now

OUTLINE = """
query ($net: String, $asOf: String, $today: String) {
  gridOutline(net: $net, asOf: $asOf, today: $today) {
    asOf today roots
    units { uid kind name level parent heads { uid name } officers
            directMembers members directGaps gaps }
  }
}
"""
TODAY = "2026-11-15"


@pytest.fixture(scope="module")
def branch(seeded_dataset: Dataset) -> Branch:
    """The head of exactly one level-4 net (the first by person uid)."""
    levels = {n["uid"]: n["level"] for n in seeded_dataset.nodes["Net"]}
    for person, posts in sorted(heads_now(seeded_dataset).items()):
        if len(posts) == 1 and levels.get(next(iter(posts))) == 4:
            return Branch(seeded_dataset, next(iter(posts)), person)
    raise AssertionError("the seed has no head of exactly one level-4 net")


@pytest.fixture
def client(seeded: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=seeded)) as client:
        yield client


def _outline(client: TestClient, **variables: Any) -> dict[str, Any]:
    answer: dict[str, Any] = data(client, OUTLINE, {"asOf": NOW, "today": TODAY, **variables})
    return answer["gridOutline"]


def test_a_level_4_net_has_the_dataset_counts(
    client: TestClient, seeded: FalkorDBEngine, seeded_dataset: Dataset, branch: Branch
) -> None:
    sign_in(client, seeded, role="planner")
    outline = _outline(client, net=branch.net)
    units = {u["uid"]: u for u in outline["units"]}
    rels = seeded_dataset.relationships
    cells = {r["a"] for r in current(rels[("Cell", "PART_OF", "Net")]) if r["b"] == branch.net}
    micro = {r["a"]: r["b"] for r in current(rels[("MicroCell", "PART_OF", "Cell")])
             if r["b"] in cells}  # fmt: skip
    members = Counter(r["b"] for r in current(rels[("Person", "MEMBER_OF", "MicroCell")]))
    leads = {r["b"]: r["a"] for r in current(rels[("Person", "LEADS", "MicroCell")])}
    officers = {cell: {r["a"] for r in current(rels[("Person", "OFFICER_OF", "Cell")])
                       if r["b"] == cell} for cell in cells}  # fmt: skip

    assert outline["roots"] == [branch.net]
    assert outline["units"][0]["uid"] == branch.net
    assert set(units) == {branch.net} | cells | set(micro)
    for uid, cell in micro.items():
        row = units[uid]
        assert (row["kind"], row["parent"]) == ("MicroCell", cell)
        assert row["directMembers"] == row["members"] == members[uid]
        assert [h["uid"] for h in row["heads"]] == ([leads[uid]] if uid in leads else [])
    for cell in cells:
        row = units[cell]
        in_cell = sum(members[m] for m, c in micro.items() if c == cell)
        assert (row["kind"], row["parent"], row["officers"]) == ("Cell", branch.net,
                                                                 len(officers[cell]))  # fmt: skip
        assert row["directMembers"] == row["members"] == in_cell
    net = units[branch.net]
    assert net["level"] == 4 and [h["uid"] for h in net["heads"]] == [branch.head]
    assert net["directMembers"] == net["members"] == sum(members[m] for m in micro)


def test_gaps_are_the_coverage_roll_up(
    client: TestClient, seeded: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    sign_in(client, seeded, role="planner")
    l3 = next(n["uid"] for n in sorted(seeded_dataset.nodes["Net"], key=lambda n: n["uid"])
              if n["level"] == 3)  # fmt: skip
    outline = _outline(client, net=l3)
    gaps = data(
        client,
        "query ($net: String, $asOf: String, $today: String) { coverageGaps(net: $net, "
        "asOf: $asOf, today: $today) { total rollup { nets { uid total } cells { uid total } } } }",
        {"net": l3, "asOf": NOW, "today": TODAY},
    )["coverageGaps"]
    rolled = {u["uid"]: u["total"] for u in gaps["rollup"]["nets"] + gaps["rollup"]["cells"]}
    units = {u["uid"]: u for u in outline["units"]}
    assert units[l3]["gaps"] == gaps["total"]
    for unit in outline["units"]:
        if unit["kind"] != "MicroCell":
            assert unit["gaps"] == rolled.get(unit["uid"], 0), unit
        assert 0 <= unit["directGaps"] <= unit["gaps"] or unit["kind"] == "Net"
    for unit in outline["units"]:  # a net's rolled-up counts are its own plus its children's
        below = [u for u in outline["units"] if u["parent"] == unit["uid"]]
        if unit["kind"] == "Net":
            assert unit["members"] == sum(u["members"] for u in below)
            assert unit["gaps"] == unit["directGaps"] + sum(
                u["gaps"] for u in below if u["kind"] != "MicroCell"
            )
    placed = {u for u, row in units.items() if row["kind"] == "MicroCell"}
    assert (
        set(units) == subtree_nets(seeded_dataset, l3) | subtree_cells(seeded_dataset, l3) | placed
    )


def test_a_head_gets_only_their_branch(
    client: TestClient, seeded: FalkorDBEngine, seeded_dataset: Dataset, branch: Branch
) -> None:
    sign_in(client, seeded, role="head", person=branch.head)
    outline = _outline(client)
    uids = {u["uid"] for u in outline["units"]}
    micro = {r["a"] for r in current(seeded_dataset.relationships[("MicroCell", "PART_OF", "Cell")])
             if r["b"] in branch.cells}  # fmt: skip
    assert outline["roots"] == [branch.net]
    assert uids == branch.nets | branch.cells | micro
    assert {h["uid"] for u in outline["units"] for h in u["heads"]} <= branch.people
    assert _outline(client, net=sorted(branch.cells)[0])["units"][0]["kind"] == "Cell"


def test_other_branches_the_nets_above_and_unknown_units_are_not_found(
    client: TestClient, seeded: FalkorDBEngine, seeded_dataset: Dataset, branch: Branch
) -> None:
    sign_in(client, seeded, role="head", person=branch.head)
    others = sorted(
        n["uid"] for n in seeded_dataset.nodes["Net"]
        if n["level"] == 4 and n["uid"] != branch.net
    )  # fmt: skip
    for net in [others[-1], *sorted(branch.ancestors), "net-nowhere"]:
        body = post(client, OUTLINE, {"net": net})
        assert only_error(body)["extensions"]["code"] == "NOT_FOUND", (net, body)
        assert body["data"]["gridOutline"] is None
    sign_in(client, seeded, role="admin")
    for unit in ["net-nowhere", "mc-00001"]:
        body = post(client, OUTLINE, {"net": unit})
        assert only_error(body)["extensions"]["code"] == "NOT_FOUND", body


@pytest.mark.parametrize("variables", [{"asOf": "yesterday"}, {"today": "2026-13-45"}])
def test_bad_dates_are_bad_input(
    client: TestClient, seeded: FalkorDBEngine, branch: Branch, variables: dict[str, str]
) -> None:
    sign_in(client, seeded, role="planner")
    body = post(client, OUTLINE, {"net": branch.net, **variables})
    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_INPUT", body


def test_members_may_not_outline(
    client: TestClient, seeded: FalkorDBEngine, branch: Branch
) -> None:
    person = sorted(branch.people - {branch.head})[0]
    sign_in(client, seeded, role="member", person=person)
    assert only_error(post(client, OUTLINE))["extensions"]["code"] == "FORBIDDEN"
