"""Scale: loading and checking 10,000 records takes under 3 s (on a 2-core machine).

Generates a synthetic facts base (benchmarks/synthetic.py) with its article texts, so the
anchor-quote check runs too, then times `check_facts(facts, sources)`: best of 3 runs, and
the peak RSS. Generating and measuring each run in a fresh child process, so the figures
are the checker's alone, whatever ran before in `make bench`.

    python benchmarks/bench_check.py [--records 10000] [--limit 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RECORDS = 10_000
LIMIT_S = 3.0
REPEAT = 3


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB.

    Linux's VmHWM starts afresh at exec; ru_maxrss would carry over the peak of the large
    parent this child was forked from (make bench runs the build benchmarks first).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def generate(folder: Path, records: int, seed: int = 0) -> tuple[Path, Path]:
    """Write the synthetic base in a child process; return (facts, sources)."""
    command = [sys.executable, str(HERE / "synthetic.py"), str(folder)]
    command += ["--records", str(records), "--seed", str(seed)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return folder / "facts", folder / "sources"


def measure(facts: Path, sources: Path, repeat: int, profile: bool) -> dict[str, Any]:
    """Time ``repeat`` checks in this process; return the figures (run in the child)."""
    from briefings.facts.check import check_facts

    baseline = peak_rss_mb()
    times, report = [], None
    for _ in range(repeat):
        report = None  # let the previous base go before building the next
        start = time.perf_counter()
        report = check_facts(facts, sources)
        times.append(time.perf_counter() - start)
    assert report is not None
    result = {
        "times": times,
        "peak_rss_mb": peak_rss_mb(),
        "baseline_rss_mb": baseline,
        "counts": report.counts(),
        "infos": len(report.infos),
        "problems": [str(p) for p in report.errors + report.warnings],
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(check_facts, facts, sources)
        stats = pstats.Stats(profiler, stream=sys.stderr).strip_dirs()
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(25)
    return result


def measure_in_child(facts: Path, sources: Path, repeat: int, profile: bool) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(facts)]
    command += [str(sources), "--repeat", str(repeat)] + (["--profile"] if profile else [])
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 1 when the check is over the limit or the base not clean."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=RECORDS)
    parser.add_argument("--limit", type=float, default=LIMIT_S, help="seconds")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="print a cProfile report too")
    parser.add_argument("--measure", nargs=2, type=Path, metavar=("FACTS", "SOURCES"))
    args = parser.parse_args([] if argv is None else argv)
    if args.measure:  # the child: one JSON line on stdout
        print(json.dumps(measure(*args.measure, args.repeat, args.profile)))
        return 0

    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as tmp:
        start = time.perf_counter()
        facts, sources = generate(Path(tmp), args.records, args.seed)
        size = sum(p.stat().st_size for p in facts.iterdir()) / 1e6
        elapsed = time.perf_counter() - start
        print(f"generated {args.records} records ({size:.1f} MB of YAML) in {elapsed:.1f} s")
        result = measure_in_child(facts, sources, args.repeat, args.profile)

    best = min(result["times"])
    loaded = sum(result["counts"].values())
    clean = not result["problems"] and loaded == args.records
    verdict = "OK" if best < args.limit else "TOO SLOW"
    print(
        f"check {args.records} records: {best:.2f} s (best of {args.repeat}), "
        f"peak RSS {result['peak_rss_mb']:.0f} MB, limit {args.limit:g} s: {verdict}"
    )
    runs = ", ".join(f"{t:.2f}" for t in result["times"])
    print(f"  runs: {runs} s; RSS before the first check {result['baseline_rss_mb']:.0f} MB")
    print("  " + ", ".join(f"{n} {kind}" for kind, n in result["counts"].items()))
    if clean:
        print(f"  0 errors, 0 warnings, {result['infos']} notes (recorded disagreements)")
    else:
        print(f"  the synthetic base is not clean: {loaded} of {args.records} records loaded")
        for problem in result["problems"][:10]:
            print(f"  {problem}")
    return 0 if clean and best < args.limit else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
