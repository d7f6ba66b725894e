"""网上直通车 and the heads' inbox in a real browser (issue 15, parts 1–2): a member reports a
problem by name and anonymously in their own cell → the cell head sees both in the inbox and
accepts them → on a controllable clock the named one escalates to the level-4 net (the ladder
shows it) → the level-4 head resolves it, is refused closing it (only the cell head closes) →
the cell head closes it, and the member sees it closed. The anonymous report names nobody, in
the page or in the API. Every page is usable at 360 × 800.

The tests write to the shared ``seeded`` organisation: only new problems (fresh uids) and new
accounts; the escalation moves only the problem made here."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Locator, expect

from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.console.conftest import Console, Users
from tests.console.workflow_accounts import (
    add_head_account,
    cell_heads,
    cell_of_person,
    graphql,
    no_horizontal_scroll,
    open_as,
)
from writes.audit import SYSTEM, Actor
from writes.workflows import escalate_overdue


def escalate_one(engine: FalkorDBEngine, uid: str, today: date) -> str:
    """Run the nightly escalation (``redgrid escalate --today``) as of ``today``, recorded
    now, limited to ``uid``: the seeded organisation is shared, and a run over everything
    would move every overdue seeded matter too. Returns the net reached."""
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    report = escalate_overdue(engine, Actor(SYSTEM), today=today, at=now, uids=[uid])
    assert [m.uid for m in report.moved] == [uid], f"{uid} is not due on {today}: {report}"
    assert report.moved[0].target_level == 4
    return report.moved[0].target


@pytest.fixture(scope="module")
def cell_head(seeded: FalkorDBEngine, seeded_dataset: Dataset, users: Users) -> tuple[str, str]:
    """(the member's cell, a new account of the person heading it now)."""
    cell = cell_of_person(seeded_dataset, users.member_person)
    head = cell_heads(seeded_dataset)[cell]
    assert head not in (users.member_person, users.branch.head)
    return cell, add_head_account(seeded, head, "c-cellhead")


def report(console: Console, title: str, *, anonymous: bool) -> str:
    page = console.page
    page.get_by_test_id("report-title").fill(title)
    switch = page.get_by_test_id("report-anonymous")
    if anonymous != (switch.get_attribute("aria-checked") == "true"):
        switch.click()
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("report-sent-uid")).to_be_visible()
    uid = page.get_by_test_id("report-sent-uid").inner_text().strip()
    page.wait_for_load_state("networkidle")
    return uid


def item(console: Console, uid: str) -> Locator:
    return console.page.get_by_test_id(f"inbox-item-{uid}")


def step(console: Console, uid: str, action: str, **fields: str) -> None:
    """Click ``action`` on ``uid``'s card, fill the dialog's fields, confirm."""
    item(console, uid).get_by_test_id(f"inbox-do-{action}").click()
    dialog = console.page.get_by_role("dialog")
    for name, value in fields.items():
        dialog.get_by_test_id(f"inbox-field-{name}").fill(value)
    dialog.get_by_test_id("inbox-confirm").click()


def test_report_inbox_escalate_resolve_close(
    console: Console, seeded: FalkorDBEngine, users: Users, cell_head: tuple[str, str]
) -> None:
    head_account = cell_head[1]
    page = console.page
    tag = uuid.uuid4().hex[:6]

    # 1. The member reports, by name and anonymously, in their own cell.
    open_as(console, users.names["member"], "/report")
    expect(page.get_by_test_id("report-cell")).to_be_visible()
    named = report(console, f"配电室漏水 {tag}", anonymous=False)
    expect(page.get_by_test_id(f"report-item-{named}")).to_contain_text("已上报")
    secret = report(console, f"班组矛盾 {tag}", anonymous=True)
    expect(page.get_by_test_id("report-anonymous-note")).to_be_visible()
    assert page.get_by_test_id(f"report-item-{secret}").count() == 0
    console.screenshot("report")
    # The member cannot read the anonymous one at all: it is linked to nobody.
    ids = [base64.b64encode(f"Problem:{u}".encode()).decode() for u in (named, secret)]
    seen = graphql(
        console, "query($ids:[ID!]!){nodes(ids:$ids){... on Problem{uid}}}", {"ids": ids}
    )
    assert seen["data"]["nodes"][0] == {"uid": named}
    assert seen["data"]["nodes"][1] is None

    # 2. The cell head sees both at the cell, and accepts them (as the handler).
    open_as(console, head_account, "/inbox")
    for uid in (named, secret):
        expect(item(console, uid).get_by_test_id("inbox-level")).to_contain_text("先锋格")
        step(console, uid, "accept")
        expect(item(console, uid).get_by_test_id("inbox-status")).to_have_text("已受理")
    expect(item(console, secret)).to_contain_text("匿名")

    # 3. Four days on, the nightly escalation moves the named one to the level-4 net.
    assert escalate_one(seeded, named, date.today() + timedelta(days=4)) == users.branch.net
    console.open("/inbox")
    card = item(console, named)
    expect(card.get_by_test_id("inbox-level")).to_contain_text("四级网")
    expect(card.get_by_test_id("inbox-status")).to_have_text("已升级")
    expect(card.get_by_test_id("inbox-ladder").locator(".el-step__head.is-process")).to_have_count(
        1
    )
    expect(card.get_by_test_id("inbox-ladder").locator(".el-step__title.is-process")).to_have_text(
        "四级网"
    )

    # 4. The level-4 head resolves it; closing is refused (only the cell's head closes).
    open_as(console, users.names["head"], "/inbox")
    step(console, named, "resolve", resolution="已更换阀门，现场复查无渗漏")
    expect(item(console, named).get_by_test_id("inbox-status")).to_have_text("已解决")
    step(console, named, "close")
    refusal = page.get_by_test_id("inbox-refusal")
    expect(refusal).to_contain_text("only the cell head verifies and closes")
    expect(refusal).to_contain_text("操作被拒绝（")
    console.screenshot("inbox")
    page.get_by_role("dialog").get_by_test_id("inbox-cancel").click()

    # 5. The cell head closes it: it leaves the inbox.
    open_as(console, head_account, "/inbox")
    step(console, named, "close")
    expect(item(console, named)).to_have_count(0)

    # 6. The member follows it: closed, handled by the cell head, at the cell again.
    open_as(console, users.names["member"], "/report")
    mine = page.get_by_test_id(f"report-item-{named}")
    expect(mine.get_by_test_id("report-status")).to_have_text("已办结")
    # (a member reads neither the cell head nor the handler: people outside their own records)
    expect(mine.get_by_test_id("report-handler")).to_contain_text("已由先锋格受理")


def test_an_anonymous_report_names_nobody(
    console: Console, seeded_dataset: Dataset, users: Users, cell_head: tuple[str, str]
) -> None:
    member = next(p for p in seeded_dataset.nodes["Person"] if p["uid"] == users.member_person)
    open_as(console, users.names["member"], "/report")
    secret = report(console, f"匿名建议 {uuid.uuid4().hex[:6]}", anonymous=True)
    # The cell head's inbox and the problem's page show no reporter.
    open_as(console, cell_head[1], "/inbox")
    expect(item(console, secret)).to_contain_text("匿名")
    expect(item(console, secret)).not_to_contain_text(member["name"])
    console.open(f"/object/{secret}")
    expect(console.page.locator("h1")).to_be_visible()
    assert member["name"] not in console.page.content()
    # Nor does the API, even to an admin: no reporter, and the audit trail names nobody.
    open_as(console, users.names["admin"], "/report")
    ids = [base64.b64encode(f"Problem:{secret}".encode()).decode()]
    answer = graphql(
        console,
        "query($ids:[ID!]!,$uid:String!){nodes(ids:$ids){... on Problem"
        "{uid anonymous reporter{uid}}} history(uid:$uid){actor operation before after}}",
        {"ids": ids, "uid": secret},
    )
    assert "errors" not in answer, answer
    assert answer["data"]["nodes"][0] == {"uid": secret, "anonymous": True, "reporter": None}
    text = str(answer["data"]["history"])
    assert answer["data"]["history"][0]["actor"] == "anonymous"
    for leak in (users.names["member"], users.member_person, member["name"]):
        assert leak not in text


def test_the_pages_fit_a_phone(console: Console, users: Users) -> None:
    console.page.set_viewport_size({"width": 360, "height": 800})
    open_as(console, users.names["member"], "/report")
    expect(console.page.get_by_test_id("report-submit")).to_be_visible()
    no_horizontal_scroll(console)
    open_as(console, users.names["head"], "/inbox")
    expect(console.page.get_by_test_id("inbox-summary")).to_be_visible()
    no_horizontal_scroll(console)
    console.page.get_by_test_id("inbox-tab-hazards").click()
    console.page.wait_for_load_state("networkidle")
    no_horizontal_scroll(console)
