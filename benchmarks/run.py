"""`make bench`: run every benchmarks/bench_*.py module's main(), in sorted order.

Each benchmark gets a header; a main() that returns a non-zero number (over its limit) or
raises makes the whole run exit 1, after the other benchmarks have run. Name benchmarks on
the command line to run only those: ``python benchmarks/run.py check``.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmark_names(only: list[str] | None = None) -> list[str]:
    """Return the module names of the benchmarks, sorted; ``only`` filters by substring."""
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    return [n for n in names if not only or any(word in n for word in only)]


def run(name: str) -> bool:
    """Import benchmark ``name``, run its main() and return whether it passed."""
    module = importlib.import_module(name)
    doc = (module.__doc__ or "").strip().splitlines()
    print(f"=== {name}: {doc[0] if doc else ''}", flush=True)
    start = time.perf_counter()
    try:
        status = module.main()
    except SystemExit as exit_:
        status = exit_.code
    except Exception:
        traceback.print_exc()
        status = 1
    elapsed = time.perf_counter() - start
    passed = not status
    print(f"=== {name}: {'passed' if passed else 'FAILED'} ({elapsed:.1f} s)\n", flush=True)
    return passed


def main(argv: list[str] | None = None) -> int:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # benchmarks import their helpers (synthetic) by name
    names = benchmark_names(sys.argv[1:] if argv is None else argv)
    if not names:
        print("no benchmarks found (benchmarks/bench_*.py)", file=sys.stderr)
        return 1
    failed = [name for name in names if not run(name)]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
