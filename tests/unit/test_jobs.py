"""The build's job queue (xyhf/render/jobs.py Pending): forked workers take the jobs from the
front, one at a time, each in a process of its own unless they belong together, and write their
files into the build's staging folder themselves; when the
caller's own work is over it takes the longest job left that it may; every job's files are written
exactly once; nothing is written before the staging folder is released; a worker's failure fails
the build."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from xyhf.render.jobs import Pending
from xyhf.write import SiteWriter


ran: list[str] = []  # the jobs this process ran, in order


def _ran_where(name: str, seconds: float = 0.0):
    def job():
        time.sleep(seconds)
        ran.append(name)
        return [(name, str(os.getpid()).encode()), (f"{name}-at", str(time.monotonic_ns()).encode())]

    job.__name__ = job.__qualname__ = f"job_{name}"
    return job


def job_fails():
    raise ValueError("坏了")


def job_many():
    """A long job of many files, run by the caller: 1,000 files, 2 ms apart."""
    for i in range(1000):
        time.sleep(0.002)
        yield (f"many-{i}", str(os.getpid()).encode())
    yield ("many-end", str(time.monotonic_ns()).encode())


def job_prepare():
    time.sleep(0.5)
    return ()


# Module-level jobs: the pool pickles them by name.
job_slow = _ran_where("slow", 1.5)
job_a, job_b, job_c, job_w = _ran_where("a"), _ran_where("b"), _ran_where("c"), _ran_where("w")
HERE = str(os.getpid()).encode()


def _pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))


def _written(writer: SiteWriter, everything: bool = False) -> dict[str, bytes]:
    """Each job's marker file (who wrote it); `everything`: its timestamps and job_many's files too."""
    writer.flush()
    files = {p.name: p.read_bytes() for p in writer.root.iterdir()}
    return files if everything else {k: v for k, v in files.items() if not k.endswith("-at") and not k.startswith("many-")}


def test_the_caller_takes_the_longest_jobs_left_while_the_worker_is_busy(tmp_path: Path):
    ran.clear()
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_slow, job_a, job_b, job_c], writer)
        pending.finish()
        where = _written(writer)
    assert sorted(where) == ["a", "b", "c", "slow"], "every job's files, each once"
    assert where["slow"] != HERE, "the first job went to the worker at once, and the worker wrote it"
    assert where["a"] == where["b"] == where["c"] == HERE, "taken here while the worker was busy"
    assert ran == ["a", "b", "c"], "from the front of the list (the longest first), not from its end"


def test_the_worker_gets_its_next_job_while_the_caller_runs_one(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_a, job_many, job_w], writer, worker_only={job_w})
        pending.running.result()  # the worker is free before the caller starts job_many
        pending.finish()
        where = _written(writer, everything=True)
    assert where["many-0"] == HERE and where["w"] != HERE, "job_w went to the worker during job_many, not after it"
    assert int(where["w-at"]) < int(where["many-end"]), "the worker started job_w before the caller's job ended"


def test_worker_only_jobs_are_never_taken_by_the_caller(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_slow, job_w, job_c], writer, worker_only={job_w})
        pending.finish()
        where = _written(writer)
    assert where["c"] == HERE and HERE != where["w"] != where["slow"] != HERE, "w in a worker (its own), never here"


def test_nothing_is_written_before_release_and_everything_after(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_a, job_b], writer, prepare=job_prepare)
        assert pending.running is not None and [j.__name__ for j in pending.todo] == ["job_a", "job_b"]
        pending.running.result()  # prepared
        pending.drain()
        assert _written(writer) == {} and len(pending.todo) == 2, "prepared, but held until released"
        pending.release()
        assert [j.__name__ for j in pending.todo] == ["job_b"], "one job at a time: the rest wait here"
        pending.finish()
        where = _written(writer)
    assert sorted(where) == ["a", "b"] and where["a"] != HERE


def test_interleaved_passes_every_item_through_and_hands_out_the_next_job(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_a, job_b], writer)
        pending.running.result()
        assert list(pending.interleaved(range(5), every=2)) == [0, 1, 2, 3, 4]
        assert pending.todo == [], "b went to the worker at the first drain"
        pending.finish()
        assert sorted(_written(writer)) == ["a", "b"]


def test_a_job_that_fails_in_the_worker_fails_the_build_and_staging_goes(tmp_path: Path):
    with pytest.raises(ValueError, match="坏了"), SiteWriter(tmp_path / "site") as writer:
        Pending(_pool, [job_fails, job_a], writer, worker_only={job_a}).finish()
    assert not (tmp_path / ".site.staging").exists() and not (tmp_path / "site").exists()


def test_a_joining_writer_needs_the_staging_folder_and_leaves_it_to_its_maker(tmp_path: Path):
    with pytest.raises(FileNotFoundError), SiteWriter(tmp_path / "site", join=True):
        pass
    with SiteWriter(tmp_path / "site") as maker:
        with pytest.raises(RuntimeError), SiteWriter(tmp_path / "site", join=True) as joined:
            joined.write("x.txt", "甲")
            joined.flush()
            raise RuntimeError
        assert maker.root.is_dir() and (maker.root / "x.txt").read_text(encoding="utf-8") == "甲"


def test_jobs_made_at_release_go_before_the_first_job_the_caller_may_take(tmp_path: Path):
    import functools

    late = functools.partial(_late, "late")
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_w, job_a, job_b], writer, prepare=job_prepare, worker_only={job_w})
        pending.release(late)
        assert pending.todo == [job_w, late, job_a, job_b], "after the worker's own jobs, before the caller's"
        pending.finish()
        assert sorted(_written(writer)) == ["a", "b", "late", "w"]


def _late(name: str):
    return [(name, str(os.getpid()).encode())]


def _pid():
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").read_text().find("zombie") < 0


def test_each_job_runs_in_a_process_of_its_own_and_that_process_ends_with_it(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_w, job_a], writer, worker_only={job_w, job_a}, first=_pid)
        assert pending.first_result is not None
        first = pending.first_result.result()
        pending.finish()
        where = _written(writer)
    assert first != os.getpid() and where["w"] != HERE and where["a"] != HERE
    assert len({str(first).encode(), where["w"], where["a"]}) == 3, "three jobs, three worker processes"
    assert not _alive(first) and not _alive(int(where["w"])), "each worker ended before the next one forked"
    assert pending.pool is None, "no worker is left once the jobs are done"


def test_jobs_that_belong_together_share_one_process(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(
            _pool, [job_w, job_a, job_b], writer, job_prepare, {job_w, job_a, job_b}, together={job_prepare, job_w, job_a}
        )
        pending.finish()
        where = _written(writer)
    assert where["w"] == where["a"] != where["b"], "w and a shared the prepared worker; b had its own"


def test_first_runs_before_prepare_and_its_result_comes_back(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_a], writer, job_prepare, first=job_slow)
        assert pending.running is pending.first_result, "first is running; prepare waits for it"
        assert [j.__name__ for j in pending.todo] == ["job_prepare", "job_a"]
        assert pending.first_result is not None and dict(pending.first_result.result())["slow"] != HERE
        pending.drain()
        assert [j.__name__ for j in pending.todo] == ["job_a"], "prepare went to a worker once first was done"
        pending.finish()
        assert sorted(_written(writer)) == ["a"]


def test_close_ends_the_worker_of_a_build_that_failed(tmp_path: Path):
    with pytest.raises(RuntimeError), SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_a], writer, first=_pid)
        assert pending.first_result is not None
        worker = pending.first_result.result()
        try:
            raise RuntimeError
        finally:
            pending.close()
    assert not _alive(worker) and pending.pool is None


def test_the_caller_takes_jobs_only_while_its_condition_holds(tmp_path: Path):
    ran.clear()
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(_pool, [job_slow, job_w, job_a, job_b, job_c], writer, worker_only={job_w})
        pending.take_while(lambda: len(ran) < 2)
        assert ran == ["a", "b"], "two jobs it may take, from the front; never the worker's own"
        assert [j.__name__ for j in pending.todo] == ["job_w", "job_c"]
        pending.take_while(lambda: False)
        assert len(pending.todo) == 2, "a false condition takes nothing"
        pending.finish()
        assert sorted(_written(writer)) == ["a", "b", "c", "slow", "w"]


def test_the_rest_may_share_one_worker_apart_from_first_and_the_tables(tmp_path: Path):
    with SiteWriter(tmp_path / "site") as writer:
        pending = Pending(
            _pool,
            [job_w, job_a, job_b],
            writer,
            job_prepare,
            {job_w, job_a, job_b},
            together={job_prepare, job_w},
            first=_pid,
            rest_together=True,
        )
        assert pending.first_result is not None
        first = pending.first_result.result()
        pending.finish()
        where = _written(writer)
    assert where["a"] == where["b"] != where["w"], "a and b shared the rest's worker; w had the tables'"
    assert str(first).encode() not in (where["a"], where["w"]), "first had a worker of its own"
