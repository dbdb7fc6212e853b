"""Chunks shared as they go by this process and forked workers (xyhf/chunked.py): every chunk's
result once, in chunk order; a worker that fails, dies or runs out of disk never loses a chunk
silently nor leaves this process waiting for ever."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time
from pathlib import Path

import pytest

from xyhf import chunked, forked


def _squares(job: object, start: int, end: int) -> list[tuple[int, int, int]]:
    return [(os.getpid(), i, i * i) for i in range(start, end)]


def _meet(job: tuple[int, Path]) -> None:
    """Both sides have begun: each marks its own start, then waits (at most 30 s) for the other's,
    so that neither can take every chunk before the other starts, however the runner schedules them."""
    parent, where = job
    mine, theirs = ("here", "worker") if os.getpid() == parent else ("worker", "here")
    (where / mine).touch()
    deadline = time.monotonic() + 30
    while not (where / theirs).exists() and time.monotonic() < deadline:
        time.sleep(0.005)


def _squares_met(job: tuple[int, Path], start: int, end: int) -> list[tuple[int, int, int]]:
    _meet(job)
    return _squares(job, start, end)


def rows(parts: list[list[tuple[int, int, int]]]) -> list[tuple[int, int]]:
    return [(i, square) for part in parts for _, i, square in part]


def test_chunks_come_back_in_order_taken_from_both_ends(tmp_path):
    here, entered = os.getpid(), []

    def beside(order):
        entered.append((os.getpid(), order))
        return contextlib.nullcontext()

    parts = chunked.in_chunks((here, tmp_path), _squares_met, 50, 4, 2, beside=beside)
    assert rows(parts) == [(i, i * i) for i in range(50)]
    pids = [part[0][0] for part in parts]
    assert pids[0] != here and pids[-1] == here, "a worker starts at the front, this process at the back"
    assert len(set(pids)) == 2
    assert entered[0][0] == here and entered[0][1][:3] == [(0, 4), (48, 50), (4, 8)], "beside: the chunks in taking order"
    assert sorted(entered[0][1]) == forked.bounds(50, 4)


def _slow_here(job: tuple[int, Path], start: int, end: int) -> list[int]:
    _meet(job)
    if os.getpid() == job[0]:
        time.sleep(0.05)
    return [os.getpid()] * (end - start)


def test_a_slower_process_takes_fewer_chunks(tmp_path):
    parts = chunked.in_chunks((os.getpid(), tmp_path), _slow_here, 40, 1, 2)
    mine = sum(part == [os.getpid()] for part in parts)
    assert 1 <= mine < 20, "this process, slowed down, left most chunks to the worker"


def test_a_process_that_only_receives_takes_no_chunk():
    order = []
    parts = chunked.in_chunks(None, _squares, 30, 4, 2, here=False, beside=lambda o: order.append(o) or contextlib.nullcontext())
    assert rows(parts) == [(i, i * i) for i in range(30)]
    assert os.getpid() not in {pid for part in parts for pid, _, _ in part}, "forked workers did every chunk"
    assert order == [forked.bounds(30, 4)], "read ahead in the order the workers take them: from the front"


def _fails_in_a_worker(job: tuple[int, Path], start: int, end: int) -> list[int]:
    _meet(job)
    if os.getpid() != job[0]:
        raise ValueError("成果库有误")
    return list(range(start, end))


def _disk_fails_in_a_worker(job: tuple[int, Path], start: int, end: int) -> list[int]:
    _meet(job)
    if os.getpid() != job[0]:
        raise PermissionError(13, "无权读取")  # the work's own OSError: not a full scratch disk
    return list(range(start, end))


def _dies_in_a_worker(job: tuple[int, Path], start: int, end: int) -> list[int]:
    _meet(job)
    if os.getpid() != job[0]:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would end it
    return list(range(start, end))


def _dies_at_once(job: None, start: int, end: int) -> list[int]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def test_a_worker_that_fails_or_dies_fails_the_call_in_chinese(tmp_path):
    def job(name: str) -> tuple[int, Path]:
        (tmp_path / name).mkdir()
        return os.getpid(), tmp_path / name

    with pytest.raises(ValueError, match="成果库有误"):
        chunked.in_chunks(job("fails"), _fails_in_a_worker, 20, 1, 2)
    with pytest.raises(PermissionError, match="无权读取"):
        chunked.in_chunks(job("oserror"), _disk_fails_in_a_worker, 20, 1, 2)
    with pytest.raises(forked.ChildDied, match="工作进程被信号 9 终止"):
        chunked.in_chunks(job("dies"), _dies_in_a_worker, 20, 1, 2)
    with pytest.raises(forked.ChildDied, match="工作进程被信号 9 终止"):  # receiving only: no one to meet
        chunked.in_chunks(None, _dies_at_once, 20, 1, 2, here=False)
    assert mp.active_children() == []


_HOLDING = Path("/nonexistent")  # set by the test: where the worker marks that it holds the lock


def _dies_holding_the_lock(self, parent: int) -> int | None:
    self.lock.acquire()
    _HOLDING.touch()
    os.kill(os.getpid(), signal.SIGKILL)


def _slow(job: None, start: int, end: int) -> list[int]:
    time.sleep(0.05)
    return list(range(start, end))


def _waits_for_the_lock_holder(job: None, start: int, end: int) -> list[int]:
    deadline = time.monotonic() + 30
    while not _HOLDING.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    return list(range(start, end))


def test_a_worker_killed_holding_the_lock_fails_the_call_instead_of_hanging(monkeypatch, tmp_path):
    monkeypatch.setattr(chunked._Taker, "front", _dies_holding_the_lock)  # inherited by the fork
    monkeypatch.setattr(chunked, "POLL", 0.1)
    monkeypatch.setitem(globals(), "_HOLDING", tmp_path / "holding")
    started = time.monotonic()
    with pytest.raises(forked.ChildDied, match="被信号 9 终止"):
        chunked.in_chunks(None, _waits_for_the_lock_holder, 40, 1, 2)
    assert time.monotonic() - started < 10
    assert mp.active_children() == []


def _no_space(fd: int, record: tuple) -> None:
    raise OSError(28, "No space left on device")


def test_a_worker_whose_disk_is_full_leaves_its_chunks_to_this_process(monkeypatch):
    monkeypatch.setattr(chunked, "_append", _no_space)  # inherited by the fork: every write fails there
    parts = chunked.in_chunks(None, _squares, 30, 2, 2)
    assert rows(parts) == [(i, i * i) for i in range(30)]
    assert {pid for part in parts for pid, _, _ in part} == {os.getpid()}


def test_without_a_scratch_file_the_work_is_done_here(monkeypatch):
    def no_file(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(chunked.tempfile, "TemporaryFile", no_file)
    parts = chunked.in_chunks(None, _squares, 10, 2, 2)
    assert rows(parts) == [(i, i * i) for i in range(10)]
    assert {pid for part in parts for pid, _, _ in part} == {os.getpid()}


def test_a_failing_beside_stops_the_workers_and_leaks_no_file():
    chunked.in_chunks(None, _squares, 20, 2, 2)  # multiprocessing keeps one shared-memory arena open for good
    before = len(os.listdir("/proc/self/fd"))

    def beside(order):
        raise RuntimeError("预读失败")

    with pytest.raises(RuntimeError, match="预读失败"):
        chunked.in_chunks(None, _slow, 20, 1, 2, beside=beside)
    for _ in range(3):
        chunked.in_chunks(None, _squares, 20, 2, 2)
    assert mp.active_children() == []
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_worker_whose_parent_is_gone_takes_nothing_more():
    taker = chunked._Taker(mp.get_context("fork").RawArray("q", [0, 5]), mp.get_context("fork").Lock())
    assert taker.front(parent=os.getppid()) == 0
    assert taker.front(parent=-1) is None, "another parent: this one is gone"
    assert taker.back(lambda: None) == 4 and taker.front(os.getppid()) == 1


def test_one_worker_or_one_chunk_stays_in_this_process():
    for workers, size in ((1, 3), (2, 100)):
        parts = chunked.in_chunks(list(range(10)), _squares, 10, size, workers)
        assert {pid for part in parts for pid, _, _ in part} == {os.getpid()}
        assert rows(parts) == [(i, i * i) for i in range(10)]


def _unpicklable_in_a_worker(job: tuple[int, Path], start: int, end: int) -> object:
    _meet(job)
    if os.getpid() != job[0]:
        return (bytes(3_000_000), lambda: None)  # pickle fails after a megabyte is written: cut off, reported
    return list(range(start, end))


def test_a_result_that_cannot_be_pickled_is_reported_not_waited_for(tmp_path):
    with pytest.raises(Exception, match="(?i)pickle"):
        chunked.in_chunks((os.getpid(), tmp_path), _unpicklable_in_a_worker, 20, 1, 2)
    assert mp.active_children() == []


def _big(job: None, start: int, end: int) -> tuple[int, bytes, list[str]]:
    return start, bytes([start % 251]) * 3_000_000, [f"词{i}" for i in range(start, end)]


def test_large_results_stream_through_the_scratch_file_intact():
    parts = chunked.in_chunks(None, _big, 8, 1, 2, here=False)
    assert [(start, len(blob), blob[:1], words) for start, blob, words in parts] == [
        (i, 3_000_000, bytes([i % 251]), [f"词{i}"]) for i in range(8)
    ]


def _sent(result: list) -> tuple[str, int, list]:
    return ("sent", os.getpid(), result)


def _received(sent: tuple[str, int, list]) -> list:
    tag, pid, result = sent
    assert tag == "sent" and pid != os.getpid()  # sent by a worker, received here
    return [(pid, i, square, "received") for _, i, square in result]


def test_a_workers_results_travel_by_the_wire_and_this_process_keeps_its_own(tmp_path):
    here = os.getpid()
    parts = chunked.in_chunks((here, tmp_path), _squares_met, 40, 4, 2, wire=chunked.Wire(_sent, _received))
    assert [(i, square) for part in parts for _, i, square, *_ in part] == [(i, i * i) for i in range(40)]
    mine = [row for part in parts for row in part if row[0] == here]
    theirs = [row for part in parts for row in part if row[0] != here]
    assert mine and theirs  # both sides took chunks (they met)
    assert all(len(row) == 3 for row in mine)  # never sent, never received
    assert all(row[3] == "received" for row in theirs)


def _unreadable(sent: object) -> object:
    raise ValueError("bad marshal data")


def test_a_result_that_cannot_be_received_fails_the_call_in_chinese():
    with pytest.raises(forked.ChildDied, match="已损坏"):
        chunked.in_chunks(None, _squares, 20, 2, 2, here=False, wire=chunked.Wire(_sent, _unreadable))
    assert mp.active_children() == []
