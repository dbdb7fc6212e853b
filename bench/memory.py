"""Peak memory of a whole process tree, shared pages counted once.

The largest process's peak RSS (what GNU time and rusage report) counts every page a forked worker
shares with its parent as the worker's own, and says nothing of the other processes alive at the
same moment. The machine's view is the sum of the tree's proportional set sizes (Pss: a page
shared by n processes counts 1/n in each), sampled while the command runs.
"""

from __future__ import annotations

import threading
from pathlib import Path


def tree_pids(root: int) -> list[int]:
    """`root` and every descendant alive now (Linux /proc; threads' children included)."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
    return out


def pss_kib(pid: int) -> int:
    """The process's Pss in KiB, 0 if it is gone or unreadable."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreePeak:
    """Samples the tree under `root` every `every` seconds until stopped; `peak_mib` is the largest sum."""

    def __init__(self, root: int, every: float = 0.25) -> None:
        self.root, self.every = root, every
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(pss_kib(pid) for pid in tree_pids(self.root)))
            self._stop.wait(self.every)

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024
