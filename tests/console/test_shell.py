"""The console's shell in a real browser: served under a strict CSP from this origin only,
sign-in and sign-out, Chinese first with an English switch, links typed by hand."""

from __future__ import annotations

import re

import httpx2 as httpx
from playwright.sync_api import expect

from api.console import CONTENT_SECURITY_POLICY
from api.security.passwords import hash_password
from graph.falkordb_engine import FalkorDBEngine
from tests.console.conftest import PASSWORD, Console
from writes.accounts import add_user
from writes.audit import Actor


def test_the_page_is_served_under_a_strict_policy_with_integrity(console_url: str) -> None:
    answer = httpx.get(f"{console_url}/console/grid")
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    for tag in answer.text.split("<")[1:]:
        if tag.startswith(("script ", 'link rel="stylesheet"', 'link rel="modulepreload"')):
            assert 'integrity="sha384-' in tag, tag
    assert httpx.get(f"{console_url}/").headers["location"] == "/console/"
    missing = httpx.get(f"{console_url}/console/assets/nothing-here.js")
    assert missing.status_code == 404


def test_a_page_asks_for_sign_in_and_returns_to_it_after(console: Console) -> None:
    console.open("/grid")
    expect(console.page).to_have_url(
        f"{console.page.url.split('/console')[0]}/console/login?next=/grid"
    )
    console.page.get_by_test_id("username").fill(console.users.names["planner"])
    console.page.get_by_test_id("password").fill(PASSWORD)
    console.page.get_by_test_id("submit").click()
    console.page.get_by_test_id("user").wait_for()
    assert console.page.url.endswith("/console/grid")
    expect(console.page.get_by_test_id("user")).to_contain_text("规划人员")


def test_a_wrong_password_is_refused_on_the_page(console: Console) -> None:
    console.open("/login")
    console.page.get_by_test_id("username").fill(console.users.names["planner"])
    console.page.get_by_test_id("password").fill("not-the-password")
    console.page.get_by_test_id("submit").click()
    expect(console.page.get_by_test_id("login-error")).to_contain_text("wrong name or password")
    console.watch.allow("401")


def test_sign_out_ends_the_session(console: Console) -> None:
    console.sign_in("admin")
    console.page.get_by_test_id("logout").click()
    expect(console.page).to_have_url(console.page.url.split("/console")[0] + "/console/login")
    console.open("/gaps")
    assert "/console/login" in console.page.url


def test_chinese_first_and_english_on_request(console: Console) -> None:
    console.sign_in("planner")
    expect(console.page.get_by_test_id("menu-grid")).to_have_text("网格树")
    console.choose_language("English")
    expect(console.page.get_by_test_id("menu-grid")).to_have_text("Grid tree")
    console.page.reload()
    expect(console.page.get_by_test_id("menu-grid")).to_have_text("Grid tree")


def test_an_unknown_page_says_so(console: Console) -> None:
    console.sign_in("member")
    console.open("/no/such/page")
    expect(console.page.get_by_text("没有这个页面")).to_be_visible()


def test_changing_ones_password_ends_the_session_and_the_new_one_signs_in(
    console: Console, seeded: FalkorDBEngine
) -> None:
    add_user(seeded, Actor("console-tests"), username="c-changer", role="planner",
             password_hash=hash_password(PASSWORD))  # fmt: skip
    page = console.page

    def sign_in(password: str) -> None:
        console.open("/login")
        page.get_by_test_id("username").fill("c-changer")
        page.get_by_test_id("password").fill(password)
        page.get_by_test_id("submit").click()

    sign_in(PASSWORD)
    page.get_by_test_id("user").click()
    page.get_by_test_id("change-password").click()
    page.get_by_test_id("password-current").fill("not-my-password")
    page.get_by_test_id("password-next").fill("brand-new-Pa55word")
    page.get_by_test_id("password-again").fill("brand-new-Pa55word")
    page.get_by_test_id("password-submit").click()
    expect(page.get_by_test_id("password-error")).to_be_visible()
    page.get_by_test_id("password-current").fill(PASSWORD)
    page.get_by_test_id("password-again").fill("brand-new-Pa55wordX")
    page.get_by_test_id("password-submit").click()
    expect(page.get_by_test_id("password-error")).to_have_text("两次输入的新密码不一致")
    page.get_by_test_id("password-again").fill("brand-new-Pa55word")
    page.get_by_test_id("password-submit").click()
    expect(page.get_by_text("密码已修改，请用新密码重新登录。")).to_be_visible()
    sign_in(PASSWORD)
    expect(page.get_by_test_id("login-error")).to_contain_text("wrong name or password")
    sign_in("brand-new-Pa55word")
    expect(page.get_by_test_id("user")).to_contain_text("c-changer")
    console.watch.allow("401")


def test_on_a_phone_the_menu_opens_from_a_button_and_nothing_spills_sideways(
    console: Console,
) -> None:
    page = console.page
    page.set_viewport_size({"width": 360, "height": 800})
    console.sign_in("head")
    expect(page.get_by_test_id("menu-grid")).to_have_count(0)
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-grid").click()
    expect(page).to_have_url(re.compile(r"/console/grid$"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
