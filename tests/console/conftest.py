"""Console fixtures: the app serving the seeded organisation on a real port, signed-in users of
every role, and headless Chromium (the system's, driven by Playwright) watching every page for
console errors and for requests that leave the server.

Without Chromium the console tests skip, saying what to install; under CI (``CI`` set) they
fail instead, since ``make test`` installs it (scripts/ensure-chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from api.app import create_app
from api.security.passwords import hash_password
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.test_access import Branch, heads_now
from writes.accounts import add_user
from writes.audit import Actor

PASSWORD = "console-Tests-2026"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "console"
"""Where screenshots go when ``REDGRID_SCREENSHOTS`` is set (``make screenshots``)."""


def chromium_path() -> str | None:
    configured = os.environ.get("REDGRID_CHROMIUM")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class Users:
    """Accounts of every role; ``head`` heads exactly one level-4 net (``branch``), ``other``
    is a level-4 net under another level-3 net, which the head must never see."""

    branch: Branch
    other: Branch
    member_person: str
    names: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="session")
def users(seeded: FalkorDBEngine, seeded_dataset: Dataset) -> Users:
    dataset = seeded_dataset
    levels = {n["uid"]: n["level"] for n in dataset.nodes["Net"]}
    mine = next(
        Branch(dataset, next(iter(posts)), person)
        for person, posts in sorted(heads_now(dataset).items())
        if len(posts) == 1 and levels.get(next(iter(posts))) == 4
    )
    l3 = {n["uid"] for n in dataset.nodes["Net"] if n["level"] == 3}
    mine_l3 = set(mine.ancestors) & l3
    other = next(
        branch
        for net in sorted(uid for uid, level in levels.items() if level == 4)
        if not (branch := Branch(dataset, net, "nobody")).ancestors & mine_l3
    )
    member = sorted(mine.people - {mine.head})[0]
    actor = Actor("console-tests")
    names = {
        "admin": "c-admin", "planner": "c-planner", "investigator": "c-investigator",
        "head": "c-head", "member": "c-member",
    }  # fmt: skip
    persons = {"head": mine.head, "member": member}
    digest = hash_password(PASSWORD)
    for role, name in names.items():
        add_user(seeded, actor, username=name, role=role, password_hash=digest,
                 person=persons.get(role))  # fmt: skip
    return Users(mine, other, member, names)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def console_url(seeded: FalkorDBEngine, users: Users, data_dir: Path) -> Iterator[str]:
    """The whole app (API and console) on a real port, as ``redgrid serve`` runs it."""
    port = _free_port()
    app = create_app(Settings(data=data_dir), engine=seeded)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="console-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the console server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        message = "no Chromium: install the Debian package `chromium` (scripts/ensure-chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        playwright.selectors.set_test_id_attribute("data-test")
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


class Watch:
    """What a page did wrong: console errors, uncaught exceptions, failed requests, and any
    request to another origin than the server's (the console must work offline)."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin = urlsplit(origin).netloc
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _request(self, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob"):
            return
        if url.netloc != self.origin:
            self.foreign.append(request.url)

    def _failed(self, request: Request) -> None:
        self.errors.append(f"request failed: {request.url} ({request.failure})")

    def allow(self, fragment: str) -> None:
        """Forget errors mentioning ``fragment`` (a test that provokes one on purpose)."""
        self.errors = [error for error in self.errors if fragment not in error]

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests left the server: {self.foreign}"
        assert not self.errors, "\n".join(self.errors)


class Console:
    """One browser tab on the console, with helpers to sign in, open pages and take the
    screenshots docs/console.md shows."""

    def __init__(self, page: Page, watch: Watch, users: Users) -> None:
        self.page, self.watch, self.users = page, watch, users

    def sign_in(self, role: str, *, language: str | None = None, into: str = "/") -> None:
        """Sign in through the sign-in page as the account of ``role``, landing on
        ``/console{into}``."""
        self.sign_in_as(self.users.names[role], language=language, into=into)

    def sign_in_as(self, username: str, *, language: str | None = None, into: str = "/") -> None:
        """Sign in as ``username`` (password :data:`PASSWORD`) straight into ``/console{into}``,
        after the page's own requests are done: a test leaving a page at once would abort
        them (failures, to Watch)."""
        self.page.goto(f"/console/login?next={quote(into, safe='/')}")
        if language == "en":
            self.choose_language("English")
        self.page.get_by_test_id("username").fill(username)
        self.page.get_by_test_id("password").fill(PASSWORD)
        self.page.get_by_test_id("submit").click()
        self.page.wait_for_url(lambda url: "/console/login" not in url)
        self.page.wait_for_load_state("networkidle")

    def choose_language(self, label: str) -> None:
        self.page.get_by_test_id("language").click()
        self.page.get_by_role("option", name=label).click()

    def open(self, path: str) -> None:
        """Open ``/console{path}`` and wait until the network is quiet."""
        self.page.goto(f"/console{path}")
        self.page.wait_for_load_state("networkidle")

    def screenshot(self, name: str) -> None:
        """Save docs/console/<name>.png when REDGRID_SCREENSHOTS is set (make screenshots)."""
        if os.environ.get("REDGRID_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)


@contextmanager
def watched(browser: Browser, url: str, users: Users, **options: Any) -> Iterator[Console]:
    """A fresh browser context (no cookies) on the console at ``url``, with Playwright's
    context ``options`` (a phone's viewport and touch…); fails the test if the page logged an
    error or reached outside the server."""
    context = browser.new_context(base_url=url, locale="zh-CN", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch = Watch(page, url)
    yield Console(page, watch, users)
    context.close()
    watch.assert_clean()


@pytest.fixture
def console(browser: Browser, console_url: str, users: Users) -> Iterator[Console]:
    """The console in a desktop browser (1440 × 900), watched (:func:`watched`)."""
    with watched(browser, console_url, users, viewport={"width": 1440, "height": 900}) as tab:
        yield tab
