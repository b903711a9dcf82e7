"""`python -m bench [name ...]`: run every benchmark of the project (or the named ones) on PostgreSQL.

A benchmark is a module of this package with a `run(scale: float) -> None` that seeds what it needs and
emits its figures; add one by adding its module name to BENCHMARKS. BENCH_SCALE (default 1.0) shrinks
every data size, e.g. BENCH_SCALE=0.1 for a quick check that everything still runs.
"""

import importlib
import os
import sys
import time

from bench.database import log, prepare

BENCHMARKS = ["foundation", "lexicon", "cases", "search", "reports"]


def _scale() -> float:
    raw = os.environ.get("BENCH_SCALE", "1.0")
    try:
        scale = float(raw)
    except ValueError:
        raise SystemExit(f"BENCH_SCALE must be a number, not {raw!r}") from None
    if not 0 < scale <= 10:
        raise SystemExit(f"BENCH_SCALE must be in (0, 10], not {raw!r}")
    return scale


def main(argv: list[str]) -> None:
    names = argv or BENCHMARKS
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    scale = _scale()
    prepare()  # Django is configured from here on: benchmark modules may import models at top level.
    for name in names:
        started = time.perf_counter()
        log(f"bench: --- {name} (scale {scale}) ---")
        importlib.import_module(f"bench.{name}").run(scale)
        log(f"bench: --- {name} done in {time.perf_counter() - started:.1f} s ---")


if __name__ == "__main__":
    main(sys.argv[1:])
