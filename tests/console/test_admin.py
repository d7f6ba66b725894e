"""Administration in a real browser: an admin creates an account (acting as a person picked
by name) and locks it out; uploads a ledger with a bad row, whose dry run shows the row
error and writes nothing; an investigator reads the audit trail only; heads and members
are told they may not; all usable on a 360 × 800 phone."""

from __future__ import annotations

import csv
import io
import uuid

from playwright.sync_api import expect

from graph.falkordb_engine import FalkorDBEngine
from queries.users import find_user
from tests.console.conftest import Console, Users
from tests.graph_state import fingerprint


def bad_people_csv(uid: str) -> bytes:
    """A people ledger whose one row has a bad yes/no value and an unknown micro-cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["uid", "employee_no", "name", "party_member", "post", "microcell"])
    writer.writerow([uid, f"E-{uid}", "测试人员", "也许", "采气工", "mc-no-such"])
    return buffer.getvalue().encode("utf-8-sig")


def no_horizontal_scroll(console: Console, where: str) -> None:
    width = console.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{where}: the page scrolls sideways, {width}px wide"


def test_an_admin_creates_an_account_for_a_person_and_locks_it_out(
    console: Console, users: Users, seeded: FalkorDBEngine
) -> None:
    person = users.member_person
    rows = seeded.run(
        "MATCH (p:Person {uid: $uid}) RETURN p.name AS name", {"uid": person}, readonly=True
    )
    name = f"c-new-{uuid.uuid4().hex[:8]}"
    page = console.page
    console.sign_in("admin")
    console.open("/admin")
    expect(page.get_by_test_id("admin-users-table")).to_contain_text("c-investigator")
    page.get_by_test_id("admin-new-username").fill(name)
    page.get_by_test_id("admin-new-role").click()
    page.get_by_test_id("admin-role-member").click()
    page.get_by_test_id("admin-new-person").click()
    page.keyboard.type(rows[0]["name"])
    page.get_by_test_id(f"admin-person-{person}").click()
    page.get_by_test_id("admin-new-password").fill("a long initial password")
    page.get_by_test_id("admin-create").click()
    expect(page.get_by_test_id("admin-users-done")).to_contain_text(name)
    expect(page.get_by_test_id(f"admin-state-{name}")).to_have_text("启用")
    account = find_user(seeded, name)
    assert account is not None and account.role == "member" and account.person == person

    page.get_by_test_id(f"admin-toggle-{name}").click()
    expect(page.get_by_test_id(f"admin-state-{name}")).to_have_text("停用")
    account = find_user(seeded, name)
    assert account is not None and not account.active


def test_a_dry_run_shows_the_row_error_and_writes_nothing(
    console: Console, seeded: FalkorDBEngine
) -> None:
    uid = f"p-adm-{uuid.uuid4().hex[:8]}"
    page = console.page
    console.sign_in("admin")
    console.open("/admin?tab=ledgers")
    page.get_by_test_id("admin-ledger-files").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": bad_people_csv(uid)}
    )
    expect(page.get_by_test_id("admin-ledger-chosen")).to_contain_text("people.csv")
    expect(page.get_by_test_id("admin-ledger-apply")).to_be_disabled()
    before = fingerprint(seeded)
    page.get_by_test_id("admin-ledger-dry-run").click()
    expect(page.get_by_test_id("admin-ledger-outcome")).to_contain_text("未写入任何数据")
    errors = page.get_by_test_id("admin-ledger-errors")
    expect(errors).to_contain_text("people.csv")
    expect(errors).to_contain_text("party_member")
    expect(page.get_by_test_id("admin-ledger-apply")).to_be_disabled()
    assert fingerprint(seeded) == before
    assert not seeded.run("MATCH (p:Person {uid: $uid}) RETURN p", {"uid": uid}, readonly=True)
    console.screenshot("admin")


def test_an_upload_over_the_body_limit_is_refused_before_sending(console: Console) -> None:
    page = console.page
    console.sign_in("admin")
    console.open("/admin?tab=ledgers")
    expect(page.get_by_test_id("admin-ledger-limit")).to_contain_text("1.00 MiB")  # the server's
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    page.get_by_test_id("admin-ledger-files").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": b"x" * 900_000}
    )
    expect(page.get_by_test_id("admin-ledger-too-big")).to_contain_text("REDGRID_MAX_BODY_BYTES")
    expect(page.get_by_test_id("admin-ledger-dry-run")).to_be_disabled()
    assert not [url for url in sent if url.endswith("/graphql")]


def test_an_investigator_reads_the_audit_trail_only(console: Console) -> None:
    page = console.page
    console.sign_in("investigator")
    console.open("/admin?tab=users")
    expect(page.get_by_test_id("admin-tab-audit")).to_be_visible()
    expect(page.get_by_test_id("admin-tab-users")).to_have_count(0)
    expect(page.get_by_test_id("admin-tab-ledgers")).to_have_count(0)
    page.get_by_test_id("admin-audit-by-actor").click()
    page.get_by_test_id("admin-audit-actor").fill("console-tests")
    page.get_by_test_id("admin-audit-show").click()
    table = page.get_by_test_id("admin-audit-table")
    expect(table).to_contain_text("c-investigator")
    expect(table).to_contain_text("console-tests")
    assert "actor=console-tests" in page.url


def test_heads_and_members_are_told_they_may_not(console: Console) -> None:
    for role in ("head", "member"):
        console.sign_in(role)
        console.open("/admin")
        expect(console.page.get_by_test_id("admin-not-allowed")).to_contain_text("无权")
        expect(console.page.get_by_test_id("admin-tabs")).to_have_count(0)
        console.page.context.clear_cookies()


def test_every_tab_fits_a_phone(console: Console, users: Users) -> None:
    page = console.page
    page.set_viewport_size({"width": 360, "height": 800})
    console.sign_in("admin")
    console.open("/admin")
    expect(page.get_by_test_id("admin-users-table")).to_be_visible()
    no_horizontal_scroll(console, "users")
    page.get_by_test_id("admin-tab-ledgers").click()
    expect(page.get_by_test_id("admin-ledger-dry-run")).to_be_visible()
    page.get_by_test_id("admin-ledger-files").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": bad_people_csv("p-adm-phone")}
    )
    page.get_by_test_id("admin-ledger-dry-run").click()
    expect(page.get_by_test_id("admin-ledger-errors")).to_be_visible()
    no_horizontal_scroll(console, "ledgers")
    page.get_by_test_id("admin-tab-audit").click()
    page.get_by_test_id("admin-audit-uid").fill(users.member_person)
    page.get_by_test_id("admin-audit-show").click()
    answer = page.get_by_test_id("admin-audit-table").or_(page.get_by_test_id("admin-audit-none"))
    expect(answer).to_be_visible()
    no_horizontal_scroll(console, "audit")
