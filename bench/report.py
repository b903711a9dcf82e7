"""Timing and reporting shared by every benchmark.

Each figure is one stdout line, `bench <name>: <value> <unit>`, so a run can be diffed or graphed with
nothing smarter than grep; everything else goes to stderr.
"""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.database import log

__all__ = ["Timing", "emit", "emit_timing", "log", "measure", "measure_side_by_side"]

WARMUP = 5
REPETITIONS = 30


def emit(name: str, value, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.2f}" if value < 100 else f"{value:.0f}"
    print(f"bench {name}: {value} {unit}", flush=True)


@dataclass(frozen=True)
class Timing:
    """Wall-clock milliseconds of repeated calls, and how many SQL queries one call makes."""

    samples_ms: tuple[float, ...]
    queries: int

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile: with 30 samples, the second slowest."""
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(call: Callable[[int], object], repetitions: int = REPETITIONS, warmup: int = WARMUP) -> Timing:
    """Time call(i) for i in range(repetitions) after `warmup` untimed calls; count its queries once."""
    return measure_side_by_side({"": call}, repetitions, warmup)[""]


def measure_side_by_side(
    calls: dict[str, Callable[[int], object]], repetitions: int = REPETITIONS, warmup: int = WARMUP
) -> dict[str, Timing]:
    """Time several calls in alternation, so that a burst of load on the machine hits them alike and their
    ratio stays fair. Queries are counted in a separate call because CaptureQueriesContext forces Django's
    debug cursor, whose bookkeeping would otherwise be part of the timings.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(warmup + repetitions):
        for name, call in calls.items():
            started = time.perf_counter()
            call(i)
            if i >= warmup:
                samples[name].append((time.perf_counter() - started) * 1000)
    timings = {}
    for name, call in calls.items():
        with CaptureQueriesContext(connection) as captured:
            call(0)
        timings[name] = Timing(tuple(samples[name]), len(captured.captured_queries))
    return timings


def emit_timing(name: str, timing: Timing) -> None:
    emit(f"{name}.median", timing.median, "ms")
    emit(f"{name}.p95", timing.p95, "ms")
    emit(f"{name}.queries", timing.queries, "queries")
