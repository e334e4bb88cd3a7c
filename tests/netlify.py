"""A small local stand-in for Netlify: serves a built site with the headers of
netlify.toml and _headers and the redirects of netlify.toml applied."""

from __future__ import annotations

import http.server
import re
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    target: str
    status: int


def _compile(path_pattern: str) -> re.Pattern[str]:
    regex = ""
    for part in re.split(r"(:[A-Za-z_]+|\*)", path_pattern):
        if part == "*":
            regex += "(?P<splat>.*)"
        elif part.startswith(":"):
            regex += f"(?P<{part[1:]}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(f"^{regex}$")


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """Netlify's ``_headers`` format: a path line, then indented ``Name: value`` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


@dataclass(frozen=True)
class NetlifySite:
    root: Path
    headers: list[tuple[re.Pattern[str], dict[str, str]]]
    redirects: list[Rule]

    @classmethod
    def load(cls, netlify_toml: Path, site_dir: Path) -> NetlifySite:
        config = tomllib.loads(netlify_toml.read_text(encoding="utf-8"))
        headers = [(_compile(rule["for"]), dict(rule["values"])) for rule in config["headers"]]
        generated = site_dir / "_headers"
        if generated.exists():
            headers += [
                (_compile(path), values)
                for path, values in parse_headers_file(generated.read_text(encoding="utf-8"))
            ]
        redirects = [
            Rule(_compile(rule["from"]), rule["to"], int(rule.get("status", 301)))
            for rule in config["redirects"]
        ]
        return cls(site_dir, headers, redirects)

    def headers_for(self, path: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for pattern, values in self.headers:
            if pattern.match(path):
                found.update(values)
        return found

    def resolve(self, path: str) -> tuple[int, Path | None, str | None]:
        """(status, file to send, Location) for a request path, as Netlify would answer."""
        candidate = self.root / path.lstrip("/")
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file():
            return 200, candidate, None
        for rule in self.redirects:
            match = rule.pattern.match(path)
            if not match:
                continue
            target = rule.target
            for name, value in match.groupdict().items():
                target = target.replace(":" + name, value)
            if rule.status in (301, 302):
                return rule.status, None, target
            return rule.status, self.root / target.lstrip("/"), None
        return 404, None, None


@contextmanager
def serve_like_netlify(site: NetlifySite) -> Iterator[str]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            status, file, location = site.resolve(path)
            self.send_response(status)
            for name, value in site.headers_for(path).items():
                self.send_header(name, value)
            if location:
                self.send_header("Location", location)
                self.end_headers()
                return
            body = file.read_bytes() if file and file.is_file() else b"not found"
            self.send_header("Content-Type", self.guess_type(str(file)) if file else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
