"""Service load: 50 clients read lists, facts and files for 30 s while 20 builds run.

Loopback only, bounded in count and time: `briefings serve` runs as its own process on a
free port of 127.0.0.1 with JOBS build workers (at the default --worker-nice 10); the clients
are 50 keep-alive connections, 10 threads in each of 5 processes, each sending its next
request as soon as the last answer is read (no think time: a closed loop at saturation, so
the latency is mostly the queue of 50 requests in front of the server's event loop).
The clients use the standard library's http.client: the clients and the server share the
machine's cores, and httpx spent about five times the CPU per request (1.2 ms against
0.2 ms), so it, not the server, set the pace. The figures include the clients' own time.
Goals (issue 11): p95 read latency < 100 ms, zero 5xx, every build done.
"""

from __future__ import annotations

import http.client
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
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
JOBS = 2  # build workers, as in the README's systemd unit (1 gave the same reads: README)
SERVE_OPTIONS: list[str] = []  # more `briefings serve` options (the defaults are measured)
P95_GOAL = 0.100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """Start `briefings serve` on loopback in ``folder`` and wait for /healthz."""
    command = [str(BRIEFINGS), "serve", "--port", str(port), "--jobs", str(JOBS)]
    command += ["--max-queue", "64", *SERVE_OPTIONS]
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
    """Read random paths on one keep-alive connection until ``until``; record latency, status."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    try:
        while time.time() < until:
            start = time.perf_counter()
            connection.request("GET", random.choice(paths), headers=headers)
            answer = connection.getresponse()
            answer.read()
            samples.append((time.perf_counter() - start, answer.status))
    finally:
        connection.close()


def reader_process(url: str, paths: list[str], until: float, clients: int) -> tuple[list, float]:
    """Run ``clients`` reader threads in this process; return the samples and its CPU seconds."""
    samples: list[tuple[float, int]] = []
    threads = [
        threading.Thread(target=reader, args=(url, paths, until, samples)) for _ in range(clients)
    ]
    before = cpu_seconds()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, cpu_seconds() - before


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def read_load(url: str, paths: list[str], seconds: float = SECONDS) -> tuple[list, float]:
    """Run CLIENTS concurrent readers, in PROCESSES processes, for ``seconds``.

    Return the samples and the CPU seconds the clients used (they share the cores).
    """
    until = time.time() + seconds
    per_process = CLIENTS // PROCESSES
    with ProcessPoolExecutor(PROCESSES) as pool:
        parts = [
            pool.submit(reader_process, url, paths, until, per_process) for _ in range(PROCESSES)
        ]
        results = [part.result() for part in parts]
    return [s for samples, _ in results for s in samples], sum(cpu for _, cpu in results)


def build_requests(client: httpx.Client) -> list[dict]:
    """Return 20 distinct builds: a meeting note for each event, then overviews."""
    events = [f["id"] for f in client.get("/api/facts?kind=event").json()["facts"]]
    requests = [{"kind": "meeting-prep", "meeting": e, "formats": ["pdf"]} for e in events]
    langs = ["en", "az", "kk"] * 7
    requests += [{"kind": "overview", "lang": lang, "formats": ["pdf"]} for lang in langs]
    return requests[:BUILDS]


def run_load(url: str, server: int) -> tuple[list[tuple[float, int]], list[dict]]:
    """Read alone for BASELINE seconds, then for SECONDS while BUILDS builds run; print both."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        facts = [f["id"] for f in client.get("/api/facts").json()["facts"]]
        paths = ["/api/briefings", "/api/facts", "/api/facts?q=aliyev", "/files/overview.html"]
        paths += [f"/api/facts/{i}" for i in random.Random(1).sample(facts, 20)]
        alone = measured(server, lambda: read_load(url, paths, BASELINE))
        report("reads alone", alone[0], BASELINE, alone[1:])
        requests = build_requests(client)
        start = time.monotonic()
        status_urls = [client.post("/api/builds", json=r).json()["status_url"] for r in requests]
        during = measured(server, lambda: read_load(url, paths))
        finished = [wait(client, s) for s in status_urls]
        report(f"reads during {BUILDS} builds (goal p95 < 100 ms)", during[0], SECONDS, during[1:])
        print(f"    the {BUILDS} builds took {time.monotonic() - start:.0f} s ({JOBS} workers)")
        return during[0], finished


def measured(server: int, load: Callable[[], tuple[list, float]]) -> tuple[list, float, float]:
    """Run ``load``; return its samples, the clients' CPU seconds and the server's."""
    before = server_cpu(server)
    samples, clients = load()
    return samples, clients, server_cpu(server) - before


def server_cpu(pid: int) -> float:
    """Return the server process's CPU seconds (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait(client: httpx.Client, status_url: str) -> dict:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        body: dict = client.get(status_url).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.5)
    return {"status": "timeout"}


def report(
    what: str, samples: list[tuple[float, int]], seconds: float, cpu: tuple[float, float]
) -> None:
    """Print requests/s, latency percentiles and CPU use of a read phase."""
    latencies = [s for s, _ in samples]
    ms = [round(percentile(latencies, q) * 1000, 1) for q in (0.50, 0.95, 0.99)]
    rate = len(samples) / seconds
    print(f"{what}: {len(samples)} reads in {seconds:.0f} s by {CLIENTS} clients = {rate:.0f}/s;")
    print(f"    p50 {ms[0]} ms, p95 {ms[1]} ms, p99 {ms[2]} ms, max {max(latencies) * 1000:.0f} ms")
    clients, server = (round(c / seconds, 2) for c in cpu)
    print(f"    CPU cores busy: clients {clients}, server process {server}", flush=True)


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
            samples, builds = run_load(f"http://127.0.0.1:{port}", server.pid)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    errors = sum(1 for _, status in samples if status >= 500)
    done = sum(1 for b in builds if b["status"] == "done")
    p95 = percentile([s for s, _ in samples], 0.95)
    print(f"5xx answers: {errors}; non-200: {sum(1 for _, s in samples if s != 200)}")
    print(f"builds done: {done} of {len(builds)}")
    print("load average at the end (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    met = p95 < P95_GOAL and errors == 0 and done == len(builds) == BUILDS
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
