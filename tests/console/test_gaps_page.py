"""覆盖缺口 (GapsPage, route /gaps): the rule × net heat map as of a date, the drill-down to the
findings of one rule in one net (by a click on the heat map or by the query-string link) that
lists exactly what coverageGaps answers, the CSV and Excel exports with formula-looking cells
neutralised, and a head kept to their branch."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Route, expect

from seed.dataset import Dataset
from tests.console.conftest import Console, Users
from tests.console.test_map_page import api, names_of, signed_in

TODAY = "2026-11-15"
HEATMAP = """query($today: String!) { coverageRules { id titleEn severity }
  coverageGaps(today: $today) { rollup { nets { uid level counts { rule count } } } } }"""
FINDINGS = """query($today: String!, $net: String, $rule: String!) {
  coverageGaps(today: $today, net: $net, rules: [$rule]) {
    rules { count findings(first: 100) { uid } } } }"""
SEVERITY_ZH = {"HIGH": "高", "MEDIUM": "中", "LOW": "低"}
PLANTED = ["=HYPERLINK(1)", "+1+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "ordinary"]


@pytest.fixture(scope="module")
def dataset(seeded_dataset: Dataset) -> Dataset:
    return seeded_dataset


@pytest.fixture(scope="module")
def grid(console_url: str, users: Users) -> dict:
    return api(console_url, users.names["admin"], HEATMAP, {"today": TODAY})


def finding_uids(console: Console) -> set[str]:
    ids = console.page.locator("[data-test^='finding-']").evaluate_all(
        "nodes => nodes.map(n => n.dataset.test)"
    )
    return {test_id.removeprefix("finding-") for test_id in ids}


def settled(console: Console) -> None:
    done = ", ".join(
        f"[data-test={name}]"
        for name in (
            "gaps-heatmap",
            "gaps-nothing",
            "gaps-not-found",
            "gaps-bad-date",
            "gaps-failed",
        )
    )
    console.page.locator(done).first.wait_for()


def test_the_query_string_link_lists_exactly_the_findings_of_the_rule_in_the_net(
    console: Console, console_url: str, users: Users, grid: dict
) -> None:
    net = next(n for n in grid["coverageGaps"]["rollup"]["nets"] if n["level"] == 3)
    rule = max(net["counts"], key=lambda c: c["count"])["rule"]
    expected = api(
        console_url,
        users.names["admin"],
        FINDINGS,
        {"today": TODAY, "net": net["uid"], "rule": rule},
    )["coverageGaps"]["rules"][0]
    signed_in(console, "planner")
    console.open(f"/gaps?today={TODAY}&net={net['uid']}&rule={rule}")
    page = console.page
    expect(page.get_by_test_id("gaps-findings")).to_be_visible()
    expect(page.get_by_test_id("gaps-heatmap").locator("canvas").first).to_be_attached()
    assert finding_uids(console) == {f["uid"] for f in expected["findings"]}
    expect(page.get_by_test_id("gaps-rationale")).not_to_be_empty()
    severity = next(r["severity"] for r in grid["coverageRules"] if r["id"] == rule)
    expect(page.get_by_test_id("gaps-severity")).to_have_text(SEVERITY_ZH[severity])
    console.screenshot("gaps")


def test_a_click_on_the_heat_map_drills_down(
    console: Console, console_url: str, grid: dict
) -> None:
    rules = [r["id"] for r in grid["coverageRules"]]
    columns = [n for n in grid["coverageGaps"]["rollup"]["nets"] if n["level"] == 3]
    first = columns[0]
    rule = min((c["rule"] for c in first["counts"]), key=rules.index)
    signed_in(console, "admin")
    console.open(f"/gaps?today={TODAY}")
    box = console.page.get_by_test_id("gaps-heatmap").bounding_box()
    assert box is not None
    left, right, top, bottom = 190, 24, 16, 110  # the heat map's grid margins (GapsPage.vue)
    width, height = box["width"] - left - right, box["height"] - top - bottom
    x = box["x"] + left + width / len(columns) / 2
    y = box["y"] + top + (rules.index(rule) + 0.5) * height / len(rules)
    console.page.mouse.click(x, y)
    expect(console.page).to_have_url(
        f"{console_url}/console/gaps?today={TODAY}&net={first['uid']}&rule={rule}"
    )
    expect(console.page.get_by_test_id("gaps-findings")).to_be_visible()


def plant(route: Route) -> None:
    """Answer the findings request with extra findings whose names look like formulas."""
    response = route.fetch()
    body = response.json()
    rules = (body.get("data") or {}).get("coverageGaps", {}).get("rules")
    if rules:
        for i, name in enumerate(PLANTED):
            rules[0]["findings"].append(
                {
                    "uid": f"eq-planted-{i}",
                    "kind": "Equipment",
                    "name": name,
                    "cell": None,
                    "l4": None,
                    "l3": None,
                    "detail": {},
                }
            )
    route.fulfill(response=response, body=json.dumps(body))


def test_exports_carry_a_bom_and_neutralise_formulas(
    console: Console, tmp_path: Path, grid: dict
) -> None:
    net = next(n for n in grid["coverageGaps"]["rollup"]["nets"] if n["level"] == 3)
    rule = net["counts"][0]["rule"]
    signed_in(console, "admin")
    console.page.route("**/graphql", plant)
    console.open(f"/gaps?today={TODAY}&net={net['uid']}&rule={rule}")
    page = console.page
    expect(page.get_by_test_id("finding-eq-planted-0")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    download = info.value
    assert download.suggested_filename == f"gaps-{rule}-{net['uid']}-{TODAY}.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.startswith('"编号","类别","名称"')
    for name in PLANTED[:-1]:
        assert f'"\'{name}"' in text, name
    assert '"ordinary"' in text
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    xlsx = info.value
    assert xlsx.suggested_filename == f"gaps-{rule}-{net['uid']}-{TODAY}.xlsx"
    with zipfile.ZipFile(io.BytesIO(Path(xlsx.path()).read_bytes())) as book:
        xml = "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    assert "'=HYPERLINK(1)" in xml and "'@SUM(A1)" in xml and "'-2" in xml
    assert "<f>" not in xml


def test_a_head_sees_only_their_branch(
    console: Console, users: Users, dataset: Dataset, grid: dict
) -> None:
    hidden = names_of(dataset, users.other.cells | users.other.nets) - names_of(
        dataset, users.branch.universe
    )
    other_l3 = sorted(users.other.ancestors - {"net-l2"})
    signed_in(console, "head")
    page = console.page
    paths = [f"/gaps?today={TODAY}"] + [
        f"/gaps?today={TODAY}&net={net}&rule=object_without_owner"
        for net in [users.other.net, *other_l3]
    ]
    for path in paths:
        console.open(path)
        settled(console)
        text = page.locator("main").inner_text()
        for name in hidden:
            assert name not in text, (path, name)
        assert not finding_uids(console) - users.branch.universe, path
    expect(page.get_by_test_id("gaps-not-found")).to_contain_text("不在您的管辖范围内")


@pytest.mark.parametrize("today", ["2026-13-45", "yesterday", "2026-02-30"])
def test_a_bad_date_in_the_url_says_so(console: Console, today: str) -> None:
    signed_in(console, "planner")
    console.open(f"/gaps?today={today}")
    expect(console.page.get_by_test_id("gaps-bad-date")).to_contain_text(today)


def test_an_unknown_rule_or_net_says_so(console: Console) -> None:
    signed_in(console, "admin")
    console.open(f"/gaps?today={TODAY}&net=net-l3-01&rule=no_such_rule")
    expect(console.page.get_by_test_id("gaps-failed")).to_be_visible()
    console.open(f"/gaps?today={TODAY}&net=nothing-here")
    expect(console.page.get_by_test_id("gaps-not-found")).to_be_visible()


def test_english_on_request(console: Console, grid: dict) -> None:
    net = next(n for n in grid["coverageGaps"]["rollup"]["nets"] if n["level"] == 3)
    rule = net["counts"][0]["rule"]
    title = next(r["titleEn"] for r in grid["coverageRules"] if r["id"] == rule)
    signed_in(console, "investigator", language="en")
    console.open(f"/gaps?today={TODAY}&net={net['uid']}&rule={rule}")
    expect(console.page.get_by_role("heading", name="Coverage gaps")).to_be_visible()
    expect(console.page.get_by_test_id("gaps-findings")).to_contain_text(title)
