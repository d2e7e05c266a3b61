"""Celery benchmark: meeting-note PDFs on Celery workers against the local pool.

* 2 workers (one process each, as if on two hosts) against local ``--jobs 2``: ≥ 0.9× throughput
* 1 → 2 workers: ≥ 1.7× throughput
* how long the result backend takes to hand a finished PDF back, against a file store

It starts its own redis-server on a free loopback port and its own `briefings worker`s, and
stops them. BENCH_CELERY_DOCS sets the number of PDFs (default 12; meeting notes in three
languages for as many events as needed).
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_build import best_time  # noqa: E402

from briefings.build import Folders, Hashes, Job, load, plan, prepare_task, run  # noqa: E402
from briefings.executors import LocalExecutor  # noqa: E402
from briefings.executors.celery import CeleryExecutor  # noqa: E402
from briefings.files import write_atomic  # noqa: E402
from briefings.kinds.base import BriefingOptions  # noqa: E402
from briefings.manifest import Manifest, sha256_bytes  # noqa: E402
from tests.processes import running_redis, stop_group, wait_until  # noqa: E402

BRIEFINGS = Path(sys.executable).parent / "briefings"
DOCS = int(os.environ.get("BENCH_CELERY_DOCS", "12"))
RUNS = 2  # best of two: the machine is shared and its speed drifts


def meeting_jobs(base: Any) -> list[Job]:
    """Return DOCS meeting-note PDF jobs: each event in English, Azerbaijani and Kazakh."""
    events = [e.id for e in base.of_kind("event")][: math.ceil(DOCS / 3)]
    jobs = [
        Job("meeting-prep", BriefingOptions(lang=lang, meeting=e), ("pdf",))
        for e in events
        for lang in ("en", "az", "kk")
    ]
    return jobs[:DOCS]


MISSED: list[str] = []


def verdict(ok: bool) -> str:
    """Return OK or MISSED, remembering misses so `make bench` exits non-zero."""
    if not ok:
        MISSED.append("goal")
    return "OK" if ok else "MISSED"


@contextmanager
def redis_server() -> Iterator[str]:
    """Run redis-server on a free loopback port, in memory only; yield its URL."""
    with running_redis() as port:
        yield f"redis://127.0.0.1:{port}/0"


@contextmanager
def workers(url: str, count: int, work: Path) -> Iterator[None]:
    """Run ``count`` `briefings worker` processes of one process each; stop them after."""
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        for n in range(count):
            log = work / f"worker-{count}-{n}.log"
            with log.open("wb") as out:
                command = [str(BRIEFINGS), "worker", "--broker", url, "--concurrency", "1"]
                process = subprocess.Popen(
                    command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            started.append((process, log))
        for _, log in started:
            wait_until(lambda log=log: " ready." in log.read_text(errors="replace"), str(log))
        yield
    finally:
        for process, _ in started:
            stop_group(process)


def throughput(executor: Any, out: Path) -> float:
    """Return documents per second of a forced build of every job (the best of RUNS)."""
    folders = Folders(ROOT / "facts", ROOT / "templates", out)
    seconds = best_time(lambda: run(meeting_jobs, folders, force=True, executor=executor), RUNS)
    return DOCS / seconds


def bench_throughput(url: str, work: Path) -> None:
    local = throughput(LocalExecutor(2), work / "local")
    rates = {}
    for count in (1, 2):
        with workers(url, count, work), CeleryExecutor(url) as executor:
            rates[count] = throughput(executor, work / f"celery-{count}")
    ratio, scaling = rates[2] / local, rates[2] / rates[1]
    print(f"{DOCS} meeting-note PDFs, documents per second (best of {RUNS}):")
    print(
        f"  local --jobs 2: {local:.2f}; Celery 1 worker: {rates[1]:.2f}; 2 workers: {rates[2]:.2f}"
    )
    print(
        f"  Celery 2 workers / local --jobs 2 = {ratio:.2f} (goal ≥ 0.9: {verdict(ratio >= 0.9)})"
    )
    print(f"  Celery 1 → 2 workers = {scaling:.2f}× (goal ≥ 1.7: {verdict(scaling >= 1.7)})")


def bench_transport(url: str, work: Path) -> None:
    """Time how a finished PDF comes back: Redis result backend against a file store."""
    folders = Folders(ROOT / "facts", ROOT / "templates", work / "transport")
    base = load(folders)
    hashes, manifest = Hashes(base, folders), Manifest()
    tasks = [
        prepare_task(plan(j, hashes, manifest, True), folders, base) for j in meeting_jobs(base)
    ]
    with workers(url, 2, work), CeleryExecutor(url) as executor:
        results = [executor._send(task, {}) for task in tasks]
        wait_until(lambda: all(r.ready() for r in results), "the jobs")
        fetched = []
        for result in results:
            start = time.perf_counter()
            value = executor.app.AsyncResult(result.id).get()  # fresh: nothing cached
            fetched.append((time.perf_counter() - start, value["outputs"]["pdf"]["data"]))
    sizes = [len(data) for _, data in fetched]
    stored = [file_store_time(work / "store", data) for _, data in fetched]
    print(
        f"bytes back, per PDF (median of {len(sizes)}; {statistics.median(sizes) / 1e3:.0f} kB, "
        f"largest {max(sizes) / 1e3:.0f} kB):"
    )
    backend = statistics.median(t for t, _ in fetched)
    print(f"  Redis result backend, fetch and decode: {backend * 1e3:.1f} ms")
    print(
        f"  content-addressed file store, write and read: {statistics.median(stored) * 1e3:.1f} ms"
    )


def file_store_time(store: Path, data: bytes) -> float:
    """Return the time to write ``data`` under its hash and read it back (local disk)."""
    start = time.perf_counter()
    path = store / sha256_bytes(data)
    write_atomic(path, data)
    path.read_bytes()
    return time.perf_counter() - start


def main() -> int:
    if shutil.which("redis-server") is None:
        print("redis-server is not installed (.ci/system-deps installs it)")
        return 1
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"{os.cpu_count()} cores shared with other work (load average {load}): figures drift")
    with tempfile.TemporaryDirectory() as tmp, redis_server() as url:
        bench_throughput(url, Path(tmp))
        bench_transport(url, Path(tmp))
    return 1 if MISSED else 0


if __name__ == "__main__":
    sys.exit(main())
