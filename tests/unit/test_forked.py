"""Slices of work in forked workers (xyhf/forked.py): results in slice order, the same as one process
makes, for the build's record pages too; small inputs stay in one process."""

from __future__ import annotations

import os

import pytest

from xyhf import forked


def _squares(job: list[int], start: int, end: int) -> list[tuple[int, int, int]]:
    return [(os.getpid(), i, job[i] ** 2) for i in range(start, end)]


def test_bounds_cover_every_item_once_in_order():
    assert forked.bounds(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert forked.bounds(6, 3) == [(0, 3), (3, 6)]
    assert forked.bounds(0, 3) == [] and forked.bounds(2, 0) == [(0, 1), (1, 2)]
    assert forked.even_slices(7, 2) == [(0, 4), (4, 7)] and forked.even_slices(3, 4) == [(0, 1), (1, 2), (2, 3)]


def test_slices_come_back_in_order_from_this_process_and_the_workers():
    job = list(range(50))
    parts = list(forked.in_slices(job, _squares, forked.bounds(50, 7), 2))
    rows = [row for part in parts for row in part]
    assert [(i, sq) for _, i, sq in rows] == [(i, i * i) for i in range(50)]
    pids = [part[0][0] for part in parts]
    here = os.getpid()
    assert pids[0] != here, "a forked worker takes the first slice"
    assert pids[-1] == here, "this process takes the last slice instead of waiting"
    assert pids == [pids[0]] * 4 + [here] * 4, "the worker takes the first half of the slices, this process the rest"
    assert len(set(pids) - {here}) == 1, "two workers: this process and one forked"
    assert forked._JOB is None, "the job is not kept after the pool"


def test_one_slice_each_for_two_workers():
    parts = list(forked.in_slices(list(range(10)), _squares, forked.even_slices(10, 2), 2))
    assert [[i for _, i, _ in part] for part in parts] == [list(range(5)), list(range(5, 10))]
    assert parts[0][0][0] != os.getpid() and parts[1][0][0] == os.getpid()


@pytest.mark.parametrize(
    ("workers", "items", "minimum", "expected"),
    [(2, 10, 10, True), (2, 9, 10, False), (1, 100, 0, False), (4, 3, 0, False), (3, 3, 0, True)],
)
def test_forking_only_pays_with_two_workers_and_enough_items(workers, items, minimum, expected):
    assert forked.can_fork(workers, items, minimum) is expected


def test_workers_default_to_the_cores_and_can_be_set(monkeypatch):
    monkeypatch.setenv("XYHF_WORKERS", "1")
    assert forked.default_workers() == 1
    monkeypatch.setenv("XYHF_WORKERS", "3")
    assert forked.default_workers() == 3
    monkeypatch.delenv("XYHF_WORKERS")
    assert 1 <= forked.default_workers() <= 4


def test_record_pages_in_slices_equal_one_slice(monkeypatch):
    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog
    from xyhf.render import site

    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    records = catalog.published()
    shell_html = (  # what MkDocs makes of the record shell's stub, in brief
        '<html><head><meta name="description" content="XYHFPAGEDESC"><title>XYHFPAGETITLE</title><!--XYHF-HEAD--></head>'
        '<body><a href="../../">首页</a><article><h1>XYHFPAGETITLE</h1><p>XYHFPAGEBODY</p></article></body></html>'
    )
    one = list(site.record_pages(shell_html, catalog, records, "https://example.org/"))
    assert [path for path, _ in one] == [f"records/{r.code}/index.html" for r in records]
    monkeypatch.setattr(site, "PAGE_SLICE", 7)
    assert list(site.record_pages(shell_html, catalog, records, "https://example.org/")) == one


def _dies_on_the_second_slice(job: None, start: int, end: int) -> list[int]:
    if start == 2:
        os._exit(9)  # as the kernel's out-of-memory killer would end it
    return list(range(start, end))


def test_a_worker_that_dies_fails_the_build_instead_of_hanging():
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        list(forked.in_slices(None, _dies_on_the_second_slice, forked.bounds(6, 2), 2))
    assert forked._JOB is None


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails(_: int) -> None:
    raise ValueError("成果库有误")


def test_work_in_a_fresh_heap_comes_back_from_a_child_and_meanwhile_runs_here():
    import gc

    here: list[int] = []
    pid, doubled = forked.in_fresh_heap(_pid_and, 21, meanwhile=lambda: here.append(os.getpid()))
    assert pid != os.getpid() and doubled == 42, "computed in a child, its result unpickled here"
    assert here == [os.getpid()], "meanwhile ran in this process while the child worked"
    assert gc.isenabled(), "the collector is back on"
    with pytest.raises(ValueError, match="成果库有误"):
        forked.in_fresh_heap(_fails, 1)
    assert gc.isenabled()


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle")


def _raises_unpicklable(_: int) -> None:
    raise _Unpicklable("锁住了")


def _dies(_: int) -> None:
    os._exit(9)


def _sleeps(_: int) -> int:
    import time

    time.sleep(30)
    return 1


def test_a_fresh_heap_child_that_dies_or_fails_oddly_is_reported_and_never_hangs():
    import time

    with pytest.raises(forked.ChildDied, match="退出码 9"):
        forked.in_fresh_heap(_dies, 1)
    with pytest.raises(RuntimeError, match="_Unpicklable: 锁住了"):
        forked.in_fresh_heap(_raises_unpicklable, 1)
    started = time.monotonic()
    with pytest.raises(KeyError):
        forked.in_fresh_heap(_sleeps, 1, meanwhile=lambda: {}["缺"])
    assert time.monotonic() - started < 10, "the child was stopped, not waited for"


def test_a_large_result_comes_back_whole():
    big = forked.in_fresh_heap(_many, 200_000)
    assert len(big) == 200_000 and big[-1] == ("第199999项", 199999)


def _many(n: int) -> list[tuple[str, int]]:
    return [(f"第{i}项", i) for i in range(n)]


def _killed_with_its_workers_alive(_: int) -> None:
    """A child that forks workers (as loading does), which outlive it holding its descriptors, then dies."""
    import signal
    import subprocess

    subprocess.Popen(["sleep", "5"])  # inherits every descriptor, as forked pool workers do
    if os.fork() == 0:
        import time

        time.sleep(5)
        os._exit(0)
    os.kill(os.getpid(), signal.SIGKILL)


class _TwoArguments(Exception):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(a)
        self.b = b


def _raises_two_arguments(_: int) -> None:
    raise _TwoArguments("两个参数", "乙")


def test_a_child_killed_while_its_own_workers_live_is_reported_at_once():
    import time

    started = time.monotonic()
    with pytest.raises(forked.ChildDied, match="信号 9"):
        forked.in_fresh_heap(_killed_with_its_workers_alive, 1)
    assert time.monotonic() - started < 10, "the end of the child was seen, not waited past"


def test_a_child_error_comes_with_its_traceback_even_when_it_cannot_be_rebuilt_here():
    import gc

    with pytest.raises(ValueError, match="成果库有误") as raised:
        forked.in_fresh_heap(_fails, 1)
    assert any("_fails" in note for note in raised.value.__notes__), "the child's traceback as a note"
    with pytest.raises(RuntimeError, match="_TwoArguments: 两个参数"):
        forked.in_fresh_heap(_raises_two_arguments, 1)
    assert gc.isenabled()


def test_a_child_that_cannot_start_leaves_the_collector_on_and_no_descriptor_open(monkeypatch):
    import gc
    import multiprocessing.process

    before = len(os.listdir("/proc/self/fd"))

    def refuse(self):
        raise OSError(11, "资源暂时不可用")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    with pytest.raises(OSError):
        forked.in_fresh_heap(_pid_and, 1)
    assert gc.isenabled() and len(os.listdir("/proc/self/fd")) == before


def _child_gone(pid: int) -> bool:
    """Called as the result is unpickled here: whether the child that made it has already ended."""
    return not os.path.exists(f"/proc/{pid}")


class _ReadsWhetherItsMakerIsGone:
    """Unpickles as the answer to: had the process that pickled it ended when it was read?"""

    def __init__(self) -> None:
        self.pid = os.getpid()

    def __reduce__(self):
        return (_child_gone, (self.pid,))


def _made_in_the_child(_: int) -> _ReadsWhetherItsMakerIsGone:
    return _ReadsWhetherItsMakerIsGone()


def test_the_result_is_read_only_once_the_child_has_ended_and_nothing_is_left_open():
    """The child's heap and this process's copy of the result are never alive at once (the build's
    peak of memory was that overlap): the child has ended and been reaped when its result is read."""
    before = len(os.listdir("/proc/self/fd"))
    assert forked.in_fresh_heap(_made_in_the_child, 1) is True, "read while the child was still alive"
    assert len(os.listdir("/proc/self/fd")) == before, "the scratch file is closed"


def _writes_a_result(_: int) -> str:
    return "结果"


def test_a_full_disk_for_the_scratch_file_is_said_in_chinese(monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(forked.pickle, "dump", full)  # the child inherits it: its write fails as on a full disk
    with pytest.raises(forked.ChildDied, match="磁盘可能已满"):
        forked.in_fresh_heap(_writes_a_result, 1)


def test_without_a_scratch_file_the_work_runs_here(monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(forked.tempfile, "TemporaryFile", refused)
    here: list[int] = []
    pid, doubled = forked.in_fresh_heap(_pid_and, 4, meanwhile=lambda: here.append(1))
    assert pid == os.getpid() and doubled == 8 and here == [1]


class _PickledOnceAFileIsThere:
    """A result whose pickling (in the child) waits for a file that once_done makes (here)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        import time

        deadline = time.monotonic() + 10
        while not os.path.exists(self.path) and time.monotonic() < deadline:
            time.sleep(0.01)
        return (str, ("写入时已见到" if os.path.exists(self.path) else "没等到",))


def test_once_done_runs_here_while_the_child_writes_its_result(tmp_path):
    """Only for a result that done_if accepts, before the child has written it; never for a child
    that failed or died, and never waiting for one."""
    import time

    marker = tmp_path / "done"
    ran: list[int] = []

    def once_done() -> None:
        ran.append(os.getpid())
        marker.touch()

    got = forked.in_fresh_heap(_PickledOnceAFileIsThere, str(marker), once_done=once_done)
    assert got == "写入时已见到" and ran == [os.getpid()], "ran here while the child was still writing"
    ran.clear()
    assert forked.in_fresh_heap(_pid_and, 21, once_done=once_done, done_if=lambda r: r[1] > 100)[1] == 42
    assert ran == [], "a result done_if refuses: not run"
    with pytest.raises(ValueError, match="成果库有误"):
        forked.in_fresh_heap(_fails, 1, once_done=once_done)
    started = time.monotonic()
    with pytest.raises(forked.ChildDied, match="信号 9"):
        forked.in_fresh_heap(_killed_with_its_workers_alive, 1, once_done=once_done)  # its worker holds the pipe
    assert time.monotonic() - started < 10 and ran == []
