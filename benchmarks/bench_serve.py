"""Service load: 50 clients read lists, facts and files for 30 s while 20 builds run.

Loopback only, bounded in count and time: `briefings serve` runs as its own process on a
free port of 127.0.0.1 with two build workers; the clients are 50 connections, 10 threads in
each of 5 processes (one Python process cannot drive 50 connections without its own GIL
becoming the bottleneck).
Goals (issue 11): p95 read latency < 100 ms, zero 5xx, every build done.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = Path(sys.executable).parent / "briefings"
TOKEN = "bench-token-" + "x" * 20
CLIENTS = 50
BASELINE = 10.0  # seconds of reads with no build running, for comparison
PROCESSES = 5  # client processes, 10 connections each
SECONDS = 30.0
BUILDS = 20
P95_GOAL = 0.100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """Start `briefings serve` on loopback in ``folder`` and wait for /healthz."""
    command = [str(BRIEFINGS), "serve", "--port", str(port), "--jobs", "2", "--max-queue", "64"]
    env = {**os.environ, "BRIEFINGS_TOKEN": TOKEN}
    server = subprocess.Popen(command, cwd=folder, env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def reader(url: str, paths: list[str], until: float, samples: list[tuple[float, int]]) -> None:
    """Read random paths on one connection until ``until``; record latency and status."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        while time.time() < until:
            start = time.perf_counter()
            status = client.get(random.choice(paths)).status_code
            samples.append((time.perf_counter() - start, status))


def reader_process(url: str, paths: list[str], until: float, clients: int) -> list:
    """Run ``clients`` reader threads in this process (several processes: no client GIL)."""
    samples: list[tuple[float, int]] = []
    threads = [
        threading.Thread(target=reader, args=(url, paths, until, samples)) for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def read_load(url: str, paths: list[str], seconds: float = SECONDS) -> list[tuple[float, int]]:
    """Run CLIENTS concurrent readers, in PROCESSES processes, for ``seconds``."""
    until = time.time() + seconds
    per_process = CLIENTS // PROCESSES
    with ProcessPoolExecutor(PROCESSES) as pool:
        parts = [
            pool.submit(reader_process, url, paths, until, per_process) for _ in range(PROCESSES)
        ]
        return [sample for part in parts for sample in part.result()]


def build_requests(client: httpx.Client) -> list[dict]:
    """Return 20 distinct builds: a meeting note for each event, then overviews."""
    events = [f["id"] for f in client.get("/api/facts?kind=event").json()["facts"]]
    requests = [{"kind": "meeting-prep", "meeting": e, "formats": ["pdf"]} for e in events]
    langs = ["en", "az", "kk"] * 7
    requests += [{"kind": "overview", "lang": lang, "formats": ["pdf"]} for lang in langs]
    return requests[:BUILDS]


def run_load(url: str) -> tuple[list[tuple[float, int]], list[dict], float]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        facts = [f["id"] for f in client.get("/api/facts").json()["facts"]]
        paths = ["/api/briefings", "/api/facts", "/api/facts?q=aliyev", "/files/overview.html"]
        paths += [f"/api/facts/{i}" for i in random.Random(1).sample(facts, 20)]
        alone = read_load(url, paths, BASELINE)
        report("reads alone", alone, BASELINE)
        requests = build_requests(client)
        status_urls = [client.post("/api/builds", json=r).json()["status_url"] for r in requests]
        samples = read_load(url, paths)
        finished = [wait(client, s) for s in status_urls]
        return samples, finished, SECONDS


def wait(client: httpx.Client, status_url: str) -> dict:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        body: dict = client.get(status_url).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.5)
    return {"status": "timeout"}


def report(what: str, samples: list[tuple[float, int]], seconds: float) -> None:
    """Print requests/s and latency percentiles of a read phase."""
    latencies = [s for s, _ in samples]
    ms = [round(percentile(latencies, q) * 1000, 1) for q in (0.50, 0.95, 0.99)]
    rate = len(samples) / seconds
    print(f"{what}: {len(samples)} reads in {seconds:.0f} s by {CLIENTS} clients = {rate:.0f}/s;")
    print(f"    p50 {ms[0]} ms, p95 {ms[1]} ms, p99 {ms[2]} ms", flush=True)


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        shutil.copytree(ROOT / "facts", folder / "facts")
        shutil.copytree(ROOT / "templates", folder / "templates")
        subprocess.run(
            [str(BRIEFINGS), "build", "overview", "--format", "html"],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        port = free_port()
        server = start_server(folder, port)
        try:
            samples, builds, seconds = run_load(f"http://127.0.0.1:{port}")
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    errors = sum(1 for _, status in samples if status >= 500)
    done = sum(1 for b in builds if b["status"] == "done")
    report(f"reads during {BUILDS} builds (goal p95 < 100 ms)", samples, seconds)
    p95 = percentile([s for s, _ in samples], 0.95)
    print(f"5xx answers: {errors}; non-200: {sum(1 for _, s in samples if s != 200)}")
    print(f"builds done: {done} of {len(builds)}")
    met = p95 < P95_GOAL and errors == 0 and done == len(builds) == BUILDS
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
