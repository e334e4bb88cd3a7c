"""Publishing: Netlify config and headers, strict CSP in a real browser, no third parties."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
from playwright.sync_api import Browser, ConsoleMessage
from playwright.sync_api import Request as BrowserRequest

from generator.site import urls
from tests.helpers import ROOT, parse_page
from tests.netlify import NetlifySite, parse_headers_file, serve_like_netlify

PAGE_TYPES = {
    "home": "/",
    "company": "/example/",
    "policy": "/example/privacy/",
    "archived version": "/example/privacy/2024-01-15/",
    "upcoming version": "/example/privacy/2027-03-01/",
    "history": "/example/privacy/history/",
    "comparison": "/example/privacy/2024-09-01/changes/",
    "seed policy": "/mono/privacy/",
}


@pytest.fixture(scope="module")
def netlify_url(sample_site: Path) -> Iterator[str]:
    with serve_like_netlify(NetlifySite.load(ROOT / "netlify.toml", sample_site)) as url:
        yield url


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body, without following redirects."""
    try:
        with build_opener(_NoRedirect).open(url) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_netlify_toml_builds_strictly_from_the_lock_with_python_3_11() -> None:
    """One command for every context (the plugin reads Netlify's CONTEXT: production
    refuses drafts, previews show them); Netlify's own parser reads the file in
    tests/test_deploy.py."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert config["build"]["publish"] == "site"
    assert config["build"]["command"].endswith("&& mkdocs build --strict")
    assert "--require-hashes -r requirements.lock" in config["build"]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] >= "3.11"
    assert config["build"]["environment"]["NO_MKDOCS_2_WARNING"] == "1"
    assert "context" not in config  # written once, in [build]
    assert [plugin["package"] for plugin in config["plugins"]] == ["netlify-plugin-cache"]
    values = config["headers"][0]["values"]
    assert values["Strict-Transport-Security"].startswith("max-age=")
    assert values["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in values and "Permissions-Policy" in values
    assert "Content-Security-Policy" not in values  # generated with hashes into _headers


def test_generated_headers_hold_a_strict_csp_and_immutable_caching(sample_site: Path) -> None:
    rules = dict(parse_headers_file((sample_site / "_headers").read_text()))
    csp = rules["/*"]["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'sha256-" in csp
    immutable = {
        path for path, values in rules.items() if "immutable" in values.get("Cache-Control", "")
    }
    assert all((sample_site / path.lstrip("/")).is_file() for path in immutable)
    # Material's bundles and the plugin's own stylesheet and scripts, and nothing else.
    assert immutable == {
        "/" + path.relative_to(sample_site).as_posix()
        for path in sample_site.rglob("*")
        if re.search(r"\.[0-9a-f]{8}(\.min)?\.(css|js)$", path.name)
    }
    own = sorted(path for path in immutable if path.startswith("/assets/policies/"))
    assert sorted(re.sub(r"\.[0-9a-f]{8}\.", ".", path) for path in own) == [
        "/assets/policies/compare.js",
        "/assets/policies/jsdiff.js",
        "/assets/policies/policies.css",
        "/assets/policies/policies.js",
    ]


def test_every_page_links_the_fingerprinted_assets_of_its_build(sample_site: Path) -> None:
    """The names carry a hash of the content: the same in every page, the files built. The
    compare pages, and they alone, load jsdiff and their own script too."""
    names = {
        re.sub(r"\.[0-9a-f]{8}\.", ".", path.name): path.relative_to(sample_site).as_posix()
        for path in (sample_site / "assets/policies").iterdir()
    }
    assert set(names) == {"compare.js", "jsdiff.js", "policies.css", "policies.js"}
    for name in names.values():
        digest = hashlib.sha256((sample_site / name).read_bytes()).hexdigest()[:8]
        assert f".{digest}." in name
    everywhere = {names["policies.css"], names["policies.js"]}
    comparing = {names["jsdiff.js"], names["compare.js"]}
    compare_pages = set()
    for page in [*sample_site.rglob("index.html"), sample_site / "404.html"]:
        here = urls.site_path(page.parent.relative_to(sample_site).as_posix()) + "/"
        linked = {
            # The 404 page, served at any address, links from the site's root.
            urls.site_path(href) if href.startswith("/") else urls.resolve(here, href)
            for href in parse_page(page).xpath("//link[@rel='stylesheet']/@href | //script/@src")
        }
        assert everywhere <= linked, page
        if comparing <= linked:
            compare_pages.add(here)
        else:
            assert not comparing & linked, page
    assert compare_pages == {"example/privacy/compare/", "example/cookies/compare/"}


@pytest.mark.parametrize(
    "path",
    [
        "/example/privacy/versions.json",
        "/example/privacy/2024-01-15.json",
        "/schemas/versions.schema.json",
        "/feed.xml",
        "/example/feed.xml",
        "/example/privacy/feed.xml",
    ],
)
def test_json_files_and_feeds_may_be_read_from_other_sites(netlify_url: str, path: str) -> None:
    status, headers, _ = fetch(netlify_url + path)
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_pages_are_not_opened_to_other_sites(netlify_url: str) -> None:
    _, headers, _ = fetch(netlify_url + "/example/privacy/")
    assert "Access-Control-Allow-Origin" not in headers


def test_served_pages_carry_the_headers(netlify_url: str) -> None:
    status, headers, _ = fetch(netlify_url + "/example/privacy/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in headers


def test_latest_redirects_to_the_current_version_and_unknown_pages_get_404(
    netlify_url: str,
) -> None:
    status, headers, _ = fetch(netlify_url + "/example/privacy/latest/")
    assert (status, headers["Location"]) == (302, "/example/privacy/")
    status, _, body = fetch(netlify_url + "/no/such/page/")
    assert status == 404
    assert b"404" in body


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_loads_without_csp_violations_third_parties_or_cookies(
    browser: Browser, netlify_url: str, name: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") or "Content Security Policy" in message.text:
            problems.append(message.text)

    def on_request(request: BrowserRequest) -> None:
        requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", on_request)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(netlify_url + PAGE_TYPES[name])
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    # Open the search so its worker and index load too.
    page.keyboard.press("/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    assert problems == []
    assert requests and all(url.startswith(netlify_url) for url in requests), requests
    assert context.cookies() == []
    context.close()
