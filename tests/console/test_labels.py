"""The label sheet: every device of a cell as a QR label (a data: URL image encoding the
object page's absolute URL), paged through the API; other branches' cells are not found."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from seed.dataset import Dataset
from tests.console.conftest import Console, Users


def _devices_per_cell(dataset: Dataset) -> dict[str, set[str]]:
    cells: dict[str, set[str]] = {}
    for row in dataset.relationships[("Equipment", "BELONGS_TO", "Cell")]:
        if not row.get("until"):
            cells.setdefault(row["b"], set()).add(row["a"])
    return cells


def test_the_sheet_shows_every_device_of_the_cell(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    cells = _devices_per_cell(seeded_dataset)
    cell = max(sorted(users.branch.cells & set(cells)), key=lambda c: len(cells[c]))
    console.sign_in("head", into=f"/labels/{cell}")
    labels = console.page.get_by_test_id("qr-label")
    expect(labels).to_have_count(len(cells[cell]))
    expect(console.page.get_by_test_id("count")).to_contain_text(str(len(cells[cell])))
    expect(console.page.get_by_test_id("logout")).to_have_count(0)
    qr = console.page.get_by_test_id("qr").first
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    url = qr.get_attribute("data-url") or ""
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/console/object/eq-\d+", url), url
    assert url.rsplit("/", 1)[1] in cells[cell]
    console.page.evaluate("window.print = () => { window.printed = true }")
    console.page.get_by_test_id("print").click()
    assert console.page.evaluate("window.printed") is True
    console.screenshot("labels")


def test_more_than_one_page_of_devices(console: Console, seeded_dataset: Dataset) -> None:
    cells = _devices_per_cell(seeded_dataset)
    cell = max(sorted(cells), key=lambda c: len(cells[c]))
    console.sign_in("admin", into=f"/labels/{cell}", language="en")
    expect(console.page.get_by_test_id("qr-label")).to_have_count(len(cells[cell]))
    expect(console.page.get_by_test_id("count")).to_have_text(f"{len(cells[cell])} devices")


@pytest.mark.parametrize("uid", ["cell-9999", "eq-000001", "<script>", "%20"])
def test_unknown_cells_are_not_found(console: Console, uid: str) -> None:
    console.sign_in("planner", into=f"/labels/{uid}")
    expect(console.page.get_by_test_id("not-found")).to_be_visible()


def test_another_branch_is_not_found_for_the_head(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    cells = _devices_per_cell(seeded_dataset)
    other = sorted(users.other.cells & set(cells))[0]
    names = {n["uid"]: n["name"] for n in seeded_dataset.nodes["Equipment"]}
    cell_names = {n["uid"]: n["name"] for n in seeded_dataset.nodes["Cell"]}
    console.sign_in("head", into=f"/labels/{other}")
    expect(console.page.get_by_test_id("not-found")).to_be_visible()
    text = console.page.inner_text("body")
    assert cell_names[other] not in text
    assert not [names[d] for d in cells[other] if names[d] in text]
