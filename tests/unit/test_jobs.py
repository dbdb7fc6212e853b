"""The build's job queue (xyhf/render/jobs.py Pending): one forked worker takes the jobs from the
front, one at a time; when the caller's own work is over it takes unstarted ones from the end; every
job's files reach the writer exactly once."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from xyhf.render.jobs import Pending


class Collecting:
    def __init__(self) -> None:
        self.files: list[tuple[str, bytes]] = []

    def write_all(self, artifacts) -> None:
        self.files.extend(artifacts)


def _ran_where(name: str, seconds: float = 0.0):
    def job():
        time.sleep(seconds)
        return [(name, str(os.getpid()).encode())]

    job.__name__ = job.__qualname__ = f"job_{name}"
    return job


# Module-level jobs: the pool pickles them by name.
job_slow = _ran_where("slow", 1.5)
job_a, job_b, job_c = _ran_where("a"), _ran_where("b"), _ran_where("c")


def _pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))


def test_the_caller_takes_unstarted_jobs_from_the_end_while_the_worker_is_busy():
    writer = Collecting()
    with _pool() as pool:
        pending = Pending(pool, [job_slow, job_a, job_b, job_c], writer)
        pending.finish()
    where = dict(writer.files)
    assert sorted(where) == ["a", "b", "c", "slow"], "every job's files, each once"
    assert len(writer.files) == 4
    here = str(os.getpid()).encode()
    assert where["slow"] != here, "the first job went to the worker at once"
    assert where["c"] == where["b"] == here, "the last ones were taken here while the worker was busy"


def test_drain_writes_what_is_done_and_hands_the_worker_the_next_job():
    writer = Collecting()
    with _pool() as pool:
        pending = Pending(pool, [job_a, job_b], writer)
        assert [j.__name__ for j in pending.todo] == ["job_b"], "one job at a time: the rest wait here"
        deadline = time.monotonic() + 10
        while not pending.running.done() and time.monotonic() < deadline:
            time.sleep(0.01)
        pending.drain()
        assert [name for name, _ in writer.files] == ["a"]
        assert pending.todo == [] and pending.running is not None, "b went to the worker"
        pending.finish()
    assert [name for name, _ in writer.files] == ["a", "b"]
    assert writer.files[1][1] != str(os.getpid()).encode()


def test_interleaved_passes_every_item_through_and_drains_between():
    writer = Collecting()
    with _pool() as pool:
        pending = Pending(pool, [job_a], writer)
        pending.running.result()
        assert list(pending.interleaved(range(5), every=2)) == [0, 1, 2, 3, 4]
        assert [name for name, _ in writer.files] == ["a"], "written at the first drain"
        pending.finish()
    assert len(writer.files) == 1
