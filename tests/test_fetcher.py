"""TemplatesFetcher: WeasyPrint reaches templates/ files and nothing else, never the network."""

from __future__ import annotations

import io
import logging
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefings.writers.base import WriterOptions
from briefings.writers.fetcher import RefusedURL, TemplatesFetcher, resolve_inside
from briefings.writers.pdf import PdfWriter

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SECRET = Path("/etc/passwd")


class RecordingServer(ThreadingHTTPServer):
    """A local HTTP server that records every connection and request it receives."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.connections: list[object] = []
        self.requests: list[str] = []

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.connections.append(client_address)
        return True


class RecordingHandler(BaseHTTPRequestHandler):
    """Answer every GET with a tiny stylesheet (so a leak would visibly style the page)."""

    server: RecordingServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.server.requests.append(self.path)
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    """Run the recording server on a random port for one test."""
    httpd = RecordingServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """Copy the real templates (print.css, fonts) and add symlinks that point outside."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES / "fonts", folder / "fonts")
    shutil.copy(TEMPLATES / "print.css", folder / "print.css")
    (folder / "escape.css").symlink_to(SECRET)
    (folder / "fonts" / "up").symlink_to(tmp_path)
    (tmp_path / "outside.css").write_text("body { color: red }")
    return folder


def hostile_html(port: int) -> str:
    """Return a vocabulary document salted with every kind of outside reference."""
    http = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fetcher probe</title>
<meta name="dcterms.created" content="2025-12-18">
<link rel="stylesheet" href="print.css">
<link rel="stylesheet" href="{http}/a.css">
<link rel="stylesheet" href="file://{SECRET}">
<link rel="stylesheet" href="escape.css">
<link rel="stylesheet" href="../outside.css">
<link rel="stylesheet" href="fonts/up/outside.css">
<link rel="stylesheet" href="data:text/css,body%7Bcolor:red%7D">
<link rel="attachment" href="{http}/attachment.bin">
<link rel="attachment" href="file://{SECRET}">
<style>
@import url({http}/imported.css);
@import url("file://{SECRET}");
@font-face {{ font-family: Leak; src: url({http}/leak.ttf), local("DejaVu Sans"); }}
p.probe {{ background: url({http}/bg.png); }}
h2 {{ background-image: url("ftp://127.0.0.1:{port}/x.png"); }}
</style></head>
<body>
<h2>Probe</h2>
<p class="probe">Nothing here may leave the templates folder.
<img src="{http}/x.png" alt=""><img src="file://{SECRET}" alt="">
<img src="https://127.0.0.1:{port}/y.png" alt="">
<a rel="attachment" href="file://{SECRET}">passwd</a>
<a rel="attachment" href="{http}/z.bin">z</a></p>
</body></html>
"""


def test_render_makes_no_request_and_leaks_no_file(
    server: RecordingServer, templates: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="briefings.writers.fetcher")
    pdf = PdfWriter().render(hostile_html(server.server_address[1]), WriterOptions(templates))
    assert server.connections == [] and server.requests == []
    reader = PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    assert "/Names" not in root  # no embedded files (attachments)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Probe" in text and "root:" not in text
    assert b"root:x:0:0" not in pdf
    refused = " ".join(record.getMessage() for record in caplog.records)
    for fragment in ("a.css", "imported.css", "x.png", "bg.png", "attachment.bin", "z.bin"):
        assert fragment in refused, fragment
    for fragment in ("/etc/passwd", "escape.css", "outside.css", "data:", "ftp:", "https:"):
        assert fragment in refused, fragment


def test_templates_fonts_are_served_through_the_fetcher(templates: Path) -> None:
    html = hostile_html(9).replace("Probe", "Ədalət Muradov, Қасым-Жомарт Тоқаев")
    pdf = PdfWriter().render(html, WriterOptions(templates))
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        names |= {str(ref.get_object()["/BaseFont"]) for ref in resources["/Font"].values()}
    assert names and all("+Briefings-" in name for name in names), names


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.css",
        "https://example.org/x.css",
        "ftp://example.org/x.css",
        "data:text/css,p{}",
        "file://remote-host/etc/passwd",
        f"file://{SECRET}",
        "file:///{templates}/../outside.css",
        "file:///{templates}/escape.css",
        "file:///{templates}/fonts/up/outside.css",
        "file:///{templates}/fonts",
        "file:///{templates}/missing.css",
        "file:///{templates}/print.css%00.ttf",
        "file:///{templates}/%2e%2e/outside.css",
        "file:///{templates}/" + "x" * 5000,
    ],
)
def test_resolve_inside_refuses(url: str, templates: Path) -> None:
    with pytest.raises(RefusedURL):
        resolve_inside(templates.resolve(), url.replace("{templates}", str(templates).lstrip("/")))


def test_fetch_serves_templates_files_with_their_type(templates: Path) -> None:
    fetcher = TemplatesFetcher(templates)
    css = fetcher.fetch((templates / "print.css").as_uri() + "?v=1#x")
    font = fetcher.fetch((templates / "fonts" / "NotoSans-Regular.ttf").as_uri())
    assert css.content_type == "text/css" and b"@font-face" in css.read()
    assert font.content_type == "font/ttf" and font.read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.refused == []


def test_fetch_refusal_is_logged_and_recorded(
    templates: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher = TemplatesFetcher(templates)
    with (
        caplog.at_level(logging.WARNING, logger="briefings.writers.fetcher"),
        pytest.raises(RefusedURL),
    ):
        fetcher.fetch("http://127.0.0.1:9/x.css")
    assert fetcher.refused == ["http://127.0.0.1:9/x.css"]
    assert "refused to fetch http://127.0.0.1:9/x.css" in caplog.text


def test_fetcher_never_follows_redirects_nor_opens_urls(templates: Path) -> None:
    fetcher = TemplatesFetcher(templates)
    with pytest.raises(RefusedURL):
        fetcher.open("http://127.0.0.1:9/redirect")
    assert not any(type(h).__name__ == "HTTPRedirectHandler" for h in fetcher.handlers)
