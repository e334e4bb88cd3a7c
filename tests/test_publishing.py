"""Publishing: Netlify config and headers, strict CSP in a real browser, no third parties."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
from playwright.sync_api import Browser, ConsoleMessage
from playwright.sync_api import Request as BrowserRequest

from tests.helpers import ROOT
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


def test_netlify_toml_builds_strictly_with_python_3_11_and_previews_drafts() -> None:
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert config["build"]["publish"] == "site"
    assert "mkdocs build --strict" in config["build"]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] >= "3.11"
    assert config["build"]["environment"]["NO_MKDOCS_2_WARNING"] == "1"
    assert "deploy-preview" in config["context"]
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
    assert immutable and all(".min." in path for path in immutable)
    assert all((sample_site / path.lstrip("/")).is_file() for path in immutable)
    assert "/assets/policies/policies.js" not in immutable  # not fingerprinted


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
