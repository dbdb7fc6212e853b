"""Progress of long commands on a terminal: stage lines with elapsed time, counts with an
estimate. Silent in CI, with --quiet, or when stderr is not a terminal. XYHF_TIMINGS=1 prints
the stage lines (with peak memory) anyway, for the benchmark."""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class Progress:
    def __init__(self, quiet: bool = False) -> None:
        self.timings = os.environ.get("XYHF_TIMINGS") == "1"
        self.live = not quiet and not os.environ.get("CI") and sys.stderr.isatty()
        self.start = self.last = time.perf_counter()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        if self.timings or self.live:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  [{name}] {now - self.last:.1f} s, peak {peak:.0f} MiB", file=sys.stderr)
        self.last = now

    def counted(self, name: str, items: Iterable[T], total: int) -> Iterator[T]:
        """Yield items; on a terminal, a line "name n/total, about s left" updated in place."""
        started = time.perf_counter()
        shown = 0.0
        for i, item in enumerate(items, 1):
            yield item
            now = time.perf_counter()
            if self.live and (now - shown > 0.5 or i == total):
                left = (now - started) / i * (total - i)
                print(f"\r  {name} {i}/{total}，约剩 {left:.0f} 秒   ", end="", file=sys.stderr, flush=True)
                shown = now
        if self.live and total:
            print(file=sys.stderr)
        self.stage(name)
