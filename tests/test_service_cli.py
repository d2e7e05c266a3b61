"""`briefings serve` as a process: it starts on a free loopback port, serves, stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.servers import TOKEN, build_overview, free_port, project, wait_until_up

BRIEFINGS = Path(sys.executable).parent / "briefings"


def test_serve_starts_serves_with_its_token_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    folders = project(tmp_path)
    build_overview(folders)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    port = free_port()
    command = [str(BRIEFINGS), "serve", "--port", str(port), "--token-file", str(token_file)]
    env = {k: v for k, v in os.environ.items() if k != "BRIEFINGS_TOKEN"}
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url)
        assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
        assert httpx.get(f"{url}/api/briefings").status_code == 401
        listed = httpx.get(f"{url}/api/briefings", headers={"Authorization": f"Bearer {TOKEN}"})
        assert [b["name"] for b in listed.json()["briefings"]] == ["overview"]
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    assert server.returncode == 0
    assert f"http://127.0.0.1:{port}/" in stderr and "token required" in stderr
    assert TOKEN not in stderr


def test_an_empty_token_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("\n")
    result = subprocess.run(
        [str(BRIEFINGS), "serve", "--token-file", "token", "--facts", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1  # a bad option is a problem we explain: exit 1
    assert "token is empty" in result.stderr or "is empty" in result.stderr
