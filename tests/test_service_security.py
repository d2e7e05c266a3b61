"""Security of the service: traversal, tokens, CSRF, body size, escaping, binding, logs."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from briefings.cli import cli
from briefings.service.app import create_app
from briefings.service.settings import ServiceSettings
from tests.conftest import FACTS_YAML
from tests.servers import TOKEN, BlockedExecutor, build_overview, live_server, project, settings_for

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SECRET = "TOP-SECRET-CONTENT"

TRAVERSALS = [
    "/files/../secret.txt",
    "/files/../../secret.txt",
    "/files/editions/../../secret.txt",
    "/files/..%2fsecret.txt",
    "/files/%2e%2e/secret.txt",
    "/files/%2e%2e%2fsecret.txt",
    "/files/%252e%252e%252fsecret.txt",
    "/files/%252e%252e/secret.txt",
    "/files/..%5csecret.txt",
    "/files/..\\secret.txt",
    "/files//etc/passwd",
    "/files/%2fetc%2fpasswd",
    "/files/%2F" + "%2E%2E%2F" * 6 + "etc%2Fpasswd",
    "/files/outside-link.txt",
    "/files/.briefings-manifest.json",
    "/files/.briefings.lock",
    "/files/overview.html%00.txt",
    "/files/",
]


@pytest.fixture
def folders(tmp_path: Path):
    folders = project(tmp_path)
    build_overview(folders)
    (tmp_path / "secret.txt").write_text(SECRET)
    (folders.output / "outside-link.txt").symlink_to(tmp_path / "secret.txt")
    return folders


@pytest.fixture
def client(folders) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(folders), BlockedExecutor())) as client:
        yield client


def raw_get(url: str, path: str) -> tuple[int, str]:
    """Send the path byte for byte (no client normalises `..` away); return status and body."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
        sock.sendall((request + "Connection: close\r\n\r\n").encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.decode("utf-8", "replace").partition("\r\n\r\n")
    return int(head.split()[1]), body


def test_every_traversal_variant_is_a_404(folders) -> None:
    with live_server(settings_for(folders), BlockedExecutor()) as url:
        assert raw_get(url, "/files/overview.html")[0] == 200
        for path in TRAVERSALS:
            status, body = raw_get(url, path)
            assert status == 404, path
            assert SECRET not in body and "root:" not in body, path


def test_no_token_or_a_wrong_one_gets_401(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + TOKEN}):
        for path in ("/api/briefings", "/files/overview.html", "/metrics", "/api/facts"):
            answer = client.get(path, headers=headers)
            assert answer.status_code in (401, 429), (path, headers)
            assert "error" in answer.json()
    client.cookies.clear()


def test_repeated_wrong_tokens_are_slowed_down(client: TestClient) -> None:
    codes = [
        client.get("/api/briefings", headers={"Authorization": "Bearer no"}).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [401] * 5
    assert codes[5:] == [429, 429]
    slowed = client.get("/api/briefings", headers=AUTH)  # even the right token waits now
    assert slowed.status_code == 429 and int(slowed.headers["retry-after"]) >= 1


def test_the_right_token_passes_and_healthz_is_open(client: TestClient) -> None:
    assert client.get("/api/briefings", headers=AUTH).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_browser_signs_in_with_csrf_and_gets_a_strict_cookie(client: TestClient) -> None:
    first = client.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/login?next=/"
    form = client.get("/login?next=/facts")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    no_csrf = client.post("/login", data={"token": TOKEN, "next": "/facts"})
    assert no_csrf.status_code == 403
    wrong = client.post("/login", data={"token": "wrong", "csrf": csrf, "next": "/facts"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    right = client.post(
        "/login", data={"token": TOKEN, "csrf": csrf, "next": "/facts"}, follow_redirects=False
    )
    assert right.status_code == 303 and right.headers["location"] == "/facts"
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/facts").status_code == 200


def sign_in(client: TestClient) -> str:
    """Sign the test client in through the form; return the session's CSRF token."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"token": TOKEN, "csrf": csrf})
    page = client.get("/build")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_form_posts_without_the_csrf_token_are_refused(client: TestClient) -> None:
    csrf = sign_in(client)
    form = {"kind": "overview", "lang": "en", "formats": "html"}
    assert client.post("/build", data=form).status_code == 403
    assert client.post("/build", data={**form, "csrf": "forged"}).status_code == 403
    queued = client.post("/build", data={**form, "csrf": csrf}, follow_redirects=False)
    assert queued.status_code == 303 and queued.headers["location"].startswith("/builds/")


def test_api_posts_on_the_session_cookie_need_the_csrf_header(client: TestClient) -> None:
    csrf = sign_in(client)
    body = {"kind": "overview", "formats": ["html"]}
    assert client.post("/api/builds", json=body).status_code == 403
    assert client.post("/api/builds", json=body, headers={"X-CSRF-Token": csrf}).status_code == 202


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        client.cookies.clear()
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        answer = client.post(
            "/login", data={"token": TOKEN, "csrf": csrf, "next": target}, follow_redirects=False
        )
        assert answer.headers["location"] == "/"


def test_an_oversized_body_gets_413(client: TestClient) -> None:
    big = b'{"kind": "overview", "pad": "' + b"x" * 1_100_000 + b'"}'
    answer = client.post(
        "/api/builds", content=big, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert answer.status_code == 413 and "larger than" in answer.json()["error"]


def test_fact_text_holding_html_shows_as_text(tmp_path: Path) -> None:
    hostile = "<script>alert('x')</script><b>bold</b> & <img src=x onerror=alert(1)>"
    statements = FACTS_YAML["statements.yaml"].replace(
        "Proposed a C6-format forum of think tanks in 2026.", f'"{hostile}"'
    )
    folders = project(tmp_path, {**FACTS_YAML, "statements.yaml": statements})
    with TestClient(create_app(settings_for(folders, token=None), BlockedExecutor())) as client:
        for path in ("/facts/st-shafiyev-c6", "/facts?kind=statement"):
            page = client.get(path).text
            assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
            assert "<script>alert" not in page and "<img src=x" not in page


def test_no_token_off_loopback_refuses_to_start(tmp_path: Path) -> None:
    folders = project(tmp_path)
    assert ServiceSettings(folders=folders, host="0.0.0.0").problems()
    assert not ServiceSettings(folders=folders, host="::1").problems()
    assert not ServiceSettings(folders=folders, host="0.0.0.0", token=TOKEN).problems()
    result = CliRunner().invoke(
        cli,
        ["serve", "--host", "0.0.0.0", "--facts", str(folders.facts)],
        env={"BRIEFINGS_TOKEN": ""},
    )
    assert result.exit_code == 1  # a bad option is a problem we explain: exit 1
    assert "refusing to listen on 0.0.0.0 without a token" in result.output


def test_the_token_never_reaches_the_log(client: TestClient, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client.get("/api/briefings", headers=AUTH)
    client.get("/api/briefings", headers={"Authorization": f"Bearer {TOKEN}x"})
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"token": TOKEN + "y", "csrf": csrf})
    assert "wrong token" in caplog.text
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(settings_for(Path("x")))


def test_without_a_token_a_cross_site_text_post_cannot_queue_a_build(tmp_path: Path) -> None:
    """A page elsewhere can post text/plain to loopback; the API takes JSON only."""
    folders = project(tmp_path)
    with TestClient(create_app(settings_for(folders, token=None), BlockedExecutor())) as client:
        body = '{"kind": "overview", "formats": ["html"]}'
        for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
            answer = client.post("/api/builds", content=body, headers={"Content-Type": kind})
            assert answer.status_code == 422, kind
        assert client.post("/build", data={"kind": "overview"}).status_code == 403  # no CSRF
        assert client.post("/api/builds", json={"kind": "overview"}).status_code == 202
