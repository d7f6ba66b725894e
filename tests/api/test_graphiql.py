"""The GraphiQL IDE is served from vendored files: no CDN, same versions as strawberry's page."""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import strawberry
from fastapi import FastAPI
from fastapi.testclient import TestClient
from strawberry.fastapi import GraphQLRouter
from strawberry.types import Info

from api.graphiql import ASSETS_DIR, GRAPHIQL_DIR, mount_graphiql

CDN_NAMES = re.compile(r"unpkg|jsdelivr|cdnjs|googleapis|gstatic", re.IGNORECASE)
ANY_URL = re.compile(r"(?:https?:)?//[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# Ways a script or stylesheet makes the browser fetch another host. Vendored bundles keep
# URLs in comments, error messages and licence strings; those are never fetched.
REMOTE_LOADERS = re.compile(
    r"""(?:src|href)\s*=\s*\\?["']?(?:https?:)?//"""
    r"""|\b(?:import|importScripts|fetch)\s*\(\s*["'`](?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)
# Whole-line // comments (graphiql.min.js is a readable webpack build with its sources'
# comments, one of which shows markdown-it turning text into <a href="//example.com/">).
LINE_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)
STRAWBERRY_CDN = re.compile(
    r'(?:src|href)="https://(?:unpkg\.com|cdn\.jsdelivr\.net/npm)/'
    r'(?P<name>(?:@[^/@"]+/)?[^/@"]+)@(?P<version>[^/"]+)/(?P<file>[^"?#]+)"'
    r'(?:\s+integrity="(?P<integrity>[^"]+)")?'
)


class _Links(HTMLParser):
    """Collects every src/href attribute and the integrity of the tag carrying it."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if (url := values.get(name)) is not None:
                self.links.append((url, values.get("integrity")))


def links(page: str) -> list[tuple[str, str | None]]:
    parser = _Links()
    parser.feed(page)
    return parser.links


def sri(data: bytes, algorithm: str) -> str:
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def strawberry_assets() -> list[re.Match[str]]:
    """The CDN files strawberry's own GraphiQL page loads."""
    page = importlib.resources.files("strawberry") / "static" / "graphiql.html"
    return list(STRAWBERRY_CDN.finditer(page.read_text(encoding="utf-8")))


def vendored_files(*suffixes: str) -> list[Path]:
    return sorted(p for p in GRAPHIQL_DIR.rglob("*") if p.is_file() and p.suffix in suffixes)


@strawberry.type
class Query:
    @strawberry.field
    def authorization(self, info: Info) -> str | None:
        return info.context["request"].headers.get("authorization")


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(GraphQLRouter(strawberry.Schema(Query), graphql_ide=None), prefix="/graphql")
    mount_graphiql(app)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def page(client: TestClient) -> str:
    response = client.get("/graphiql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_page_is_the_graphiql_ide(page: str) -> None:
    assert '<div id="graphiql"' in page
    assert "GraphiQLPluginExplorer.explorerPlugin()" in page
    assert "{{" not in page


def test_every_src_and_href_is_local_and_served(client: TestClient, page: str) -> None:
    found = links(page)
    assert len(found) >= len(strawberry_assets())
    for url, integrity in found:
        assert url.startswith("/graphiql/static/"), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content, url
        if integrity:  # a wrong hash makes the browser refuse the file
            algorithm = integrity.split("-", 1)[0]
            assert sri(response.content, algorithm) == integrity, url


def test_page_posts_to_the_graphql_endpoint_with_pasted_headers(
    client: TestClient, page: str
) -> None:
    endpoint = re.search(r'const fetchURL = new URL\("([^"]+)", window\.location\.href\)', page)
    assert endpoint is not None
    assert endpoint[1] == "/graphql"
    # the headers tab is what a user pastes {"Authorization": "Bearer ..."} into
    assert "isHeadersEditorEnabled: true" in page
    assert "headers: headers" in page
    response = client.post(
        endpoint[1],
        json={"query": "{ authorization }"},
        headers={"Authorization": "Bearer t0ken"},
    )
    assert response.json() == {"data": {"authorization": "Bearer t0ken"}}


def test_page_has_no_remote_url_and_forbids_them(client: TestClient, page: str) -> None:
    assert ANY_URL.findall(page) == []
    assert not CDN_NAMES.search(page)
    policy = client.get("/graphiql").headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert not ANY_URL.search(policy)


def test_vendored_css_loads_nothing_remote() -> None:
    stylesheets = vendored_files(".css")
    assert stylesheets
    for path in stylesheets:
        css = path.read_text(encoding="utf-8")
        assert not ANY_URL.findall(css), path
        assert not CDN_NAMES.search(css), path
        assert not REMOTE_LOADERS.search(css), path


def test_vendored_scripts_and_pages_load_nothing_remote() -> None:
    files = vendored_files(".js", ".html")
    assert any(p.name == "graphiql.min.js" for p in files)
    for path in files:
        code = LINE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        loader = REMOTE_LOADERS.search(code)
        assert loader is None, (path, code[loader.start() - 200 : loader.end() + 200])
    template = (GRAPHIQL_DIR / "index.html").read_text(encoding="utf-8")
    assert not ANY_URL.findall(template)
    assert not CDN_NAMES.search(template)


def test_versions_are_the_ones_strawberrys_page_references() -> None:
    """Fails after a strawberry upgrade until scripts/vendor-graphiql is run again."""
    upstream = {m["name"]: m["version"] for m in strawberry_assets()}
    assert upstream, "strawberry's graphiql.html no longer loads packages from unpkg/jsdelivr"
    vendored = json.loads((GRAPHIQL_DIR / "VERSIONS.json").read_text(encoding="utf-8"))
    assert vendored == upstream, "re-run scripts/vendor-graphiql (see docs/graphiql.md)"


def test_vendored_files_are_the_bytes_strawberry_pins() -> None:
    for asset in strawberry_assets():
        path = ASSETS_DIR / asset["name"] / asset["file"]
        assert path.is_file(), f"{path} missing: re-run scripts/vendor-graphiql"
        # stylesheets may lose remote @import rules when vendored; scripts never change
        if asset["integrity"] and path.suffix == ".js":
            algorithm = asset["integrity"].split("-", 1)[0]
            assert sri(path.read_bytes(), algorithm) == asset["integrity"], path


def test_every_vendored_package_carries_its_licence() -> None:
    versions = json.loads((GRAPHIQL_DIR / "VERSIONS.json").read_text(encoding="utf-8"))
    for name in versions:
        licence = ASSETS_DIR / name / "LICENSE"
        assert "Permission is hereby granted" in licence.read_text(encoding="utf-8"), name
    third_party = (GRAPHIQL_DIR / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for name, version in versions.items():
        assert f"{name}@{version} " in third_party, name


def test_custom_paths_and_proxy_prefix() -> None:
    app = FastAPI()
    mount_graphiql(app, graphql_path="/api/graphql/", path="/ide")
    client = TestClient(app, root_path="/redgrid")
    page = client.get("/redgrid/ide").text
    urls = [url for url, _ in links(page)]
    assert urls
    assert all(url.startswith("/redgrid/ide/static/") for url in urls)
    assert 'new URL("/redgrid/api/graphql", window.location.href)' in page
    assert all(client.get(url).status_code == 200 for url in urls)


@pytest.mark.parametrize(
    ("graphql_path", "path"), [("graphql", "/graphiql"), ("/graphql", "graphiql"), ("/g", "/")]
)
def test_mount_rejects_bad_paths(graphql_path: str, path: str) -> None:
    with pytest.raises(ValueError, match="path"):
        mount_graphiql(FastAPI(), graphql_path=graphql_path, path=path)
