"""Celery benchmark: meeting-note PDFs on Celery workers against the local pool.

* 2 workers (one process each, as if on two hosts) against local ``--jobs 2``: ≥ 0.9× throughput
* 1 → 2 workers: ≥ 1.7× throughput
* where the CPU went in each run: the coordinator (this process: plan, HTML, send, wait,
  check), redis-server, the workers' main processes, their pool processes, and everything
  else on the machine (the other engineers), so a missed goal can be told from a busy machine
* how long the result backend takes to hand a finished PDF back, against a file store

It starts its own redis-server on a free loopback port and its own `briefings worker`s, and
stops them. The three set-ups run in turn, round after round, so the machine's drift falls on
each alike; each run first waits (up to a minute) for 2 s in which other work left the cores
free, and a set-up's figure is its best round. BENCH_CELERY_DOCS sets the number of PDFs
(default 54: every event of the real facts, in English, Azerbaijani and Kazakh),
BENCH_CELERY_ROUNDS the rounds (default 3).
"""

from __future__ import annotations

import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefings.build import Folders, Hashes, Job, load, plan, prepare_task, run  # noqa: E402
from briefings.executors import Executor, LocalExecutor  # noqa: E402
from briefings.executors.celery import CeleryExecutor  # noqa: E402
from briefings.files import write_atomic  # noqa: E402
from briefings.kinds.base import BriefingOptions  # noqa: E402
from briefings.manifest import Manifest, sha256_bytes  # noqa: E402
from tests.processes import running_redis, stop_group, wait_until  # noqa: E402

BRIEFINGS = Path(sys.executable).parent / "briefings"
DOCS = int(os.environ.get("BENCH_CELERY_DOCS", "54"))
ROUNDS = int(os.environ.get("BENCH_CELERY_ROUNDS", "3"))
TRANSPORT_DOCS = 12  # PDFs fetched back one by one for the transport figure
TICK = os.sysconf("SC_CLK_TCK")
QUIET_CORES, QUIET_WAIT = 0.25, 60.0  # see quiet()
PARTS = ("coordinator", "redis", "worker main", "worker pool", "others")


def meeting_jobs(base: Any) -> list[Job]:
    """Return DOCS meeting-note PDF jobs: each event in English, Azerbaijani and Kazakh."""
    events = [e.id for e in base.of_kind("event")][: math.ceil(DOCS / 3)]
    jobs = [
        Job("meeting-prep", BriefingOptions(lang=lang, meeting=e), ("pdf",))
        for e in events
        for lang in ("en", "az", "kk")
    ]
    if len(jobs) < DOCS:
        raise SystemExit(f"the facts have events for {len(jobs)} meeting notes, not {DOCS}")
    return jobs[:DOCS]


MISSED: list[str] = []


def verdict(ok: bool) -> str:
    """Return OK or MISSED, remembering misses so `make bench` exits non-zero."""
    if not ok:
        MISSED.append("goal")
    return "OK" if ok else "MISSED"


# --- CPU accounting, from /proc ------------------------------------------------------------


def process_cpu(pid: int) -> tuple[float, float]:
    """Return a process's CPU seconds: its own, and its reaped children's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime) / TICK, (cutime + cstime) / TICK


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split()]


def machine_busy() -> float:
    """Return the CPU seconds every core has spent busy since boot (all processes)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICK


@dataclass
class Meter:
    """Where the CPU goes: this process, redis-server, worker mains and their pools."""

    redis_pid: int
    workers: list[int] = field(default_factory=list)

    def read(self) -> dict[str, float]:
        me = resource.getrusage(resource.RUSAGE_SELF)
        mine = resource.getrusage(resource.RUSAGE_CHILDREN)  # the local pool, once reaped
        main = pool = 0.0
        for pid in self.workers:
            own, reaped = process_cpu(pid)
            main += own
            pool += reaped + sum(process_cpu(child)[0] for child in children(pid))
        return {
            "coordinator": me.ru_utime + me.ru_stime + mine.ru_utime + mine.ru_stime,
            "redis": process_cpu(self.redis_pid)[0],
            "worker main": main,
            "worker pool": pool,
            "machine": machine_busy(),
        }


@dataclass
class Run:
    """One timed build: its wall time and the CPU seconds of each part."""

    seconds: float
    cpu: dict[str, float]

    @property
    def rate(self) -> float:
        return DOCS / self.seconds

    def line(self) -> str:
        parts = ", ".join(f"{name} {self.cpu[name]:.1f}" for name in PARTS)
        return f"{self.rate:.2f}/s ({self.seconds:.1f} s; CPU s: {parts})"


def timed(meter: Meter, action: Callable[[], Any]) -> Run:
    """Run ``action`` once the machine is quiet; return its wall time and CPU seconds."""
    quiet(meter)
    before, start = meter.read(), time.perf_counter()
    action()
    seconds, after = time.perf_counter() - start, meter.read()
    cpu = {name: after[name] - before[name] for name in after}
    cpu["others"] = max(0.0, cpu.pop("machine") - sum(cpu.values()))
    return Run(seconds, cpu)


def quiet(meter: Meter) -> None:
    """Wait (up to QUIET_WAIT seconds) until the rest of the machine leaves the cores free.

    The figures are this design's, not the neighbours': a run starts when other work has
    used under QUIET_CORES of a core for 2 s. The run still reports what others took.
    """
    deadline = time.monotonic() + QUIET_WAIT
    while time.monotonic() < deadline:
        before = meter.read()
        time.sleep(2)
        after = meter.read()
        ours = sum(after[n] - before[n] for n in after if n != "machine")
        if (after["machine"] - before["machine"] - ours) / 2 < QUIET_CORES:
            return


# --- the set-ups -----------------------------------------------------------------------------


@contextmanager
def workers(url: str, count: int, work: Path, meter: Meter) -> Iterator[None]:
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
        meter.workers = [process.pid for process, _ in started]
        yield
    finally:
        meter.workers = []
        for process, _ in started:
            stop_group(process)


def build(executor: Executor, out: Path) -> None:
    """Build every meeting note, forced, the way `briefings build` does."""
    folders = Folders(ROOT / "facts", ROOT / "templates", out)
    run(meeting_jobs, folders, force=True, executor=executor)


def one_round(url: str, work: Path, meter: Meter) -> dict[str, Run]:
    """Time local --jobs 2, then Celery with 1 and with 2 workers."""
    runs = {"local": timed(meter, lambda: build(LocalExecutor(2), work / "local"))}
    for count in (1, 2):
        with workers(url, count, work, meter), CeleryExecutor(url) as executor:
            executor._check_workers()  # connected before the clock starts, as a warm service is
            out = work / f"celery-{count}"
            runs[f"celery {count}"] = timed(meter, lambda: build(executor, out))  # noqa: B023
    return runs


def bench_throughput(url: str, work: Path, meter: Meter) -> None:
    print(f"{DOCS} meeting-note PDFs, documents per second, {ROUNDS} rounds:", flush=True)
    rounds = []
    for number in range(1, ROUNDS + 1):
        rounds.append(one_round(url, work, meter))
        for name, result in rounds[-1].items():
            print(f"  round {number}, {name:>8}: {result.line()}", flush=True)
    best = {name: min((r[name] for r in rounds), key=lambda r: r.seconds) for name in rounds[0]}
    local, one, two = best["local"].rate, best["celery 1"].rate, best["celery 2"].rate
    ratio, scaling = two / local, two / one
    print(f"  best of {ROUNDS}: local --jobs 2: {local:.2f}; Celery 1 worker: {one:.2f}; ", end="")
    print(f"2 workers: {two:.2f}")
    goal = verdict(ratio >= 0.9)
    print(f"  Celery 2 workers / local --jobs 2 = {ratio:.2f} (goal ≥ 0.9: {goal})")
    print(f"  Celery 1 → 2 workers = {scaling:.2f}× (goal ≥ 1.7: {verdict(scaling >= 1.7)})")
    spent = {name: sum(best[name].cpu[n] for n in PARTS[:-1]) / DOCS for name in best}
    print(
        "  CPU per PDF, all parts: " + "; ".join(f"{n} {v * 1e3:.0f} ms" for n, v in spent.items())
    )
    explain_ceiling(best["celery 1"], best["celery 2"])
    project(best)


def explain_ceiling(one: Run, two: Run) -> None:
    """Print what 2 cores allow: the pools' work against everything else a document costs.

    One worker renders at most one PDF per pool-second; two share the machine's cores with
    the coordinator, redis-server and their own main processes.
    """
    pool_one, pool = one.cpu["worker pool"] / DOCS, two.cpu["worker pool"] / DOCS
    beside = {n: two.cpu[n] / DOCS for n in ("coordinator", "redis", "worker main")}
    rest = sum(beside.values())
    cores = os.cpu_count() or 1
    ceiling = min(2, cores) / (pool + rest) * pool_one
    parts = ", ".join(f"{n} {v * 1e3:.0f}" for n, v in beside.items())
    print(
        f"  per PDF: {pool * 1e3:.0f} ms in a pool process, {rest * 1e3:.0f} ms beside it ({parts})"
    )
    print(
        f"  others on the machine took {two.cpu['others'] / two.seconds:.2f} of its {cores} cores"
    )
    print(f"  on {cores} idle cores, 1 → 2 workers can reach at most {ceiling:.2f}×")


def project(best: dict[str, Run]) -> None:
    """Print the goals' ratios as CPU seconds predict them on idle cores (others' load aside)."""
    local = sum(best["local"].cpu[n] for n in PARTS[:-1])
    two = sum(best["celery 2"].cpu[n] for n in PARTS[:-1])
    print(f"  from CPU seconds alone: Celery 2 workers / local --jobs 2 ≈ {local / two:.2f}")


# --- how the bytes come back -----------------------------------------------------------------


def bench_transport(url: str, work: Path, meter: Meter) -> None:
    """Time how a finished PDF comes back: Redis result backend against a file store."""
    folders = Folders(ROOT / "facts", ROOT / "templates", work / "transport")
    base = load(folders)
    hashes, manifest = Hashes(base, folders), Manifest()
    jobs = meeting_jobs(base)[:TRANSPORT_DOCS]
    tasks = [prepare_task(plan(j, hashes, manifest, True), folders, base) for j in jobs]
    with workers(url, 2, work, meter), CeleryExecutor(url) as executor:
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
    os.nice(10)  # coordinator, redis-server and workers alike: the machine is shared
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"{os.cpu_count()} cores shared with other work (load average {load}): figures drift")
    with tempfile.TemporaryDirectory() as tmp, running_redis() as port:
        url = f"redis://127.0.0.1:{port}/0"
        meter = Meter(redis.Redis(port=port).info("server")["process_id"])
        bench_throughput(url, Path(tmp), meter)
        bench_transport(url, Path(tmp), meter)
    return 1 if MISSED else 0


if __name__ == "__main__":
    sys.exit(main())
