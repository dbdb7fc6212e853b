"""Work cut into slices for forked worker processes, results back in order.

The enrichment's pure-Python stages (cutting records into tokens, matching needs, related records)
handle each item on its own, so on a machine with several cores they run as slices in forked workers
(the record pages are not: see render/site.py). The workers inherit
the job (the catalog, indexes, shells) by fork, so nothing big is pickled on the way in; only each
slice's results come back, in slice order, so the output is the same as one process makes.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

J = TypeVar("J")
R = TypeVar("R")

_JOB: tuple[Any, Callable[[Any, int, int], Any]] | None = None  # set just before the pool forks


def default_workers() -> int:
    """The cores this process may use (XYHF_WORKERS overrides; 1 turns the workers off), at most four."""
    chosen = os.environ.get("XYHF_WORKERS", "")
    if chosen.isdigit():
        return int(chosen)
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1), 4)


def can_fork(workers: int, items: int, minimum: int) -> bool:
    """Whether `items` are worth forking `workers` processes for (below `minimum`, forking costs more)."""
    return workers >= 2 and items >= max(minimum, workers) and "fork" in mp.get_all_start_methods()


def bounds(items: int, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive slices of at most `size` items covering range(items)."""
    size = max(1, size)
    return [(i, min(i + size, items)) for i in range(0, items, size)]


def even_slices(items: int, workers: int) -> list[tuple[int, int]]:
    """range(items) in `workers` consecutive slices as even as can be (one per worker)."""
    return bounds(items, -(-items // max(1, workers)))


def in_slices(job: J, work: Callable[[J, int, int], R], slices: list[tuple[int, int]], workers: int) -> Iterator[R]:
    """work(job, start, end) for each slice, yielded in slice order: the last ⌊len(slices)/workers⌋
    slices computed by this process (none when there are fewer slices than workers), the others by
    `workers` - 1 forked ones. This process would only wait
    otherwise, and each forked process holds its own copy of every page of the job it touches (a
    matcher worker 200 MiB at 25,000 records): one process fewer is that much less memory for the
    same cores, and its own slices are not pickled back either. A worker that dies (killed, out of
    memory) fails the build with BrokenProcessPool, once this process has done its own share, instead
    of leaving it waiting forever for the slice it lost."""
    global _JOB
    before, _JOB = _JOB, (job, work)
    theirs = len(slices) - len(slices) // max(1, workers)
    pool = ProcessPoolExecutor(max(1, workers - 1), mp_context=mp.get_context("fork"))  # forked at the first submit
    try:
        futures = [pool.submit(_run, span) for span in slices[:theirs]]
        mine = [work(job, *span) for span in slices[theirs:]]
        for future in futures:
            yield future.result()
        yield from mine
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _JOB = before


def _run(span: tuple[int, int]) -> Any:
    assert _JOB is not None, "runs only in workers forked by in_slices"
    job, work = _JOB
    return work(job, *span)


def in_chunks(
    job: J,
    work: Callable[[J, int, int], R],
    items: int,
    size: int,
    workers: int,
    beside: Callable[[list[tuple[int, int]]], AbstractContextManager[object]] | None = None,
    here: bool = True,
) -> list[R]:
    """work(job, start, end) for consecutive chunks of at most `size` items covering range(items),
    the results in chunk order. This process takes chunks from the back and `workers` - 1 forked ones
    from the front, each the next one left, so all end together however uneven the chunks are.

    A forked worker writes each chunk's result to a scratch file of its own, which this process
    reads between its own chunks. Through a pipe, as multiprocessing's pools send results, a worker
    waited whenever this process was busy and did not read (a quarter of `xyhf check`'s load at
    25,000 records), or the last slice's whole result was unpickled here after both were done.
    `beside(order)`, given the chunks in the order they will roughly be taken, is entered once the
    workers have forked (it may start a thread). A worker that fails or dies fails the call, in
    Chinese, once this process has done its share.

    `here=False`: this process only receives, and `workers` forked ones take every chunk. For a
    process that forks workers of its own afterwards: the garbage its own chunks left among the
    results made them copy more of its pages (the build's peak of memory, 100 MiB more at 50,000
    records)."""
    spans = bounds(items, size)
    if workers < 2 or len(spans) < 2:
        return [work(job, *span) for span in spans]
    try:
        forks = min(workers, len(spans)) - (1 if here else 0)
        scratch = [tempfile.TemporaryFile(prefix="xyhf-chunks-") for _ in range(forks)]  # noqa: SIM115
    except OSError:
        return [work(job, *span) for span in spans]
    ctx = mp.get_context("fork")
    ends, lock = ctx.RawArray("q", [0, len(spans)]), ctx.Lock()
    taker = _Taker(ends, lock)
    children = [
        ctx.Process(target=_chunk_worker, args=(f.fileno(), job, work, spans, taker), name="xyhf-chunks") for f in scratch
    ]
    results: dict[int, R] = {}
    readers = [_ChunkReader(f.fileno()) for f in scratch]
    try:
        for child in children:
            child.start()
        with beside(_taking_order(spans, len(children))) if beside else nullcontext():
            while (at := taker.back() if here else _waited(children)) is not None:
                if here:
                    results[at] = work(job, *spans[at])
                for reader in readers:
                    results.update(reader.ready())
                if any(reader.failed for reader in readers):
                    break  # raised below, without doing the rest of the work first
        for child in children:
            child.join()
        for reader in readers:
            results.update(reader.ready())
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
                child.join()
        for f in scratch:
            f.close()
    _check_children(children, readers, len(results), len(spans))
    return [results[i] for i in range(len(spans))]


def _waited(children: list[Any]) -> int | None:
    """For a process that only receives: None once every worker has ended, else (after a short wait
    for one to end) -1, to read what they wrote meanwhile."""
    alive = [child for child in children if child.is_alive()]
    if not alive:
        return None
    alive[0].join(0.02)
    return -1


class _Taker:
    """The chunks not yet taken, [front, back), shared by this process and its forked workers."""

    def __init__(self, ends: Any, lock: Any) -> None:
        self.ends, self.lock = ends, lock

    def front(self) -> int | None:
        with self.lock:
            at, end = self.ends[0], self.ends[1]
            if at >= end:
                return None
            self.ends[0] = at + 1
            return at

    def back(self) -> int | None:
        with self.lock:
            at, end = self.ends[0], self.ends[1]
            if at >= end:
                return None
            self.ends[1] = end - 1
            return end - 1


def _taking_order(spans: list[tuple[int, int]], forked: int) -> list[tuple[int, int]]:
    """The chunks roughly in the order they will be taken: `forked` from the front for each one
    from the back."""
    front, back, out = 0, len(spans) - 1, []
    while front <= back:
        for _ in range(forked):
            if front <= back:
                out.append(spans[front])
                front += 1
        if front <= back:
            out.append(spans[back])
            back -= 1
    return out


def _chunk_worker(fd: int, job: Any, work: Callable[..., Any], spans: list[tuple[int, int]], taker: _Taker) -> None:
    """In a forked worker: chunks from the front until none is left, each result appended to the
    scratch file as a length and a pickle; a failure is appended as (-1, described) and ends it."""
    try:
        while (at := taker.front()) is not None:
            try:
                payload = pickle.dumps((at, work(job, *spans[at])), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # raised in the parent instead
                payload = pickle.dumps((-1, _described(exc)), protocol=pickle.HIGHEST_PROTOCOL)
                _append(fd, payload)
                return
            _append(fd, payload)
    except OSError:  # the scratch file's disk is full: the parent says so, in Chinese
        os._exit(NO_SPACE)


def _append(fd: int, payload: bytes) -> None:
    data = memoryview(len(payload).to_bytes(8, "little") + payload)
    while data:
        data = data[os.write(fd, data) :]


class _ChunkReader:
    """The complete records a worker has appended to its scratch file so far, read once each."""

    def __init__(self, fd: int) -> None:
        self.fd, self.at = fd, 0
        self.failed: BaseException | None = None

    def ready(self) -> dict[int, Any]:
        out = {}
        while len(head := os.pread(self.fd, 8, self.at)) == 8:
            length = int.from_bytes(head, "little")
            payload = os.pread(self.fd, length, self.at + 8)
            if len(payload) < length:
                break  # still being written
            self.at += 8 + length
            at, result = pickle.loads(payload)
            if at < 0:
                self.failed = _rebuilt(*result)
            else:
                out[at] = result
        return out


def _check_children(children: list[Any], readers: list[_ChunkReader], taken: int, expected: int) -> None:
    """Raise what went wrong in a worker: its own exception, a full disk, or an early death."""
    for reader in readers:
        if reader.failed is not None:
            raise reader.failed
    if any(child.exitcode == NO_SPACE for child in children):
        raise ChildDied(f"工作进程无法写入临时文件（临时目录 {tempfile.gettempdir()} 所在磁盘可能已满），未能传回结果。")
    if taken != expected:
        codes = "、".join(str(child.exitcode) for child in children)
        raise ChildDied(f"工作进程意外退出（退出码 {codes}，可能是内存不足），未能传回全部结果。")


class ChildDied(RuntimeError):
    """The child of in_fresh_heap ended without sending its whole result (killed, out of memory)."""


BUFFER = 1 << 20


def in_fresh_heap(work: Callable[..., R], *args: Any, meanwhile: Callable[[], object] | None = None) -> R:
    """work(*args), computed in a forked child whose result is unpickled here into a compact heap.

    Loading a catalog leaves this process's heap full of holes where the parsed files were (a third
    of it at 25,000 records), interleaved with the catalog itself; processes forked from it later copy
    those pages as soon as they allocate into the holes or touch a record. Made in a child, the garbage
    goes when the child ends, and the catalog arrives here as one contiguous run of new objects,
    frozen out of the collector's walks (they would copy its pages into every fork too). `meanwhile`
    runs here while the child works (what this process will need next, loaded in time it would idle).

    The result goes through an unnamed scratch file, read here once the child has ended: streamed
    through a pipe and unpickled while the child still pickled it, the child's whole heap and this
    process's new catalog were alive at once, the build's peak of memory (1,010 MiB at 25,000
    records); one after the other costs about a second. A failure in the child is raised here with
    the child's traceback as a note; a child that ends without writing everything raises ChildDied
    (in Chinese, saying so when the scratch file's disk was full). Where no scratch file can be made,
    the work runs here instead: the same result, in a heap with the holes."""
    if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Linux has fork
        return work(*args)
    was_enabled = gc.isenabled()
    gc.disable()  # a million objects arrive at once and none is garbage: no collection passes over them
    try:
        ok, result = _run_in_child(work, args, meanwhile)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    if not ok:
        raise result
    return result


NO_SPACE = 75  # the child's exit code when its scratch file could not be written (EX_TEMPFAIL)


def _run_in_child(work: Callable[..., Any], args: tuple, meanwhile: Callable[[], object] | None) -> tuple[bool, Any]:
    try:
        scratch = tempfile.TemporaryFile(prefix="xyhf-catalog-")  # noqa: SIM115 - closed by the with below
    except OSError:
        if meanwhile is not None:
            meanwhile()
        return True, work(*args)
    with scratch:
        child = mp.get_context("fork").Process(target=_send_result, args=(scratch.fileno(), work, args), name="xyhf-load")
        child.start()
        try:
            if meanwhile is not None:
                meanwhile()
            child.join()
        except BaseException:
            child.terminate()  # nothing will read what it writes
            child.join()
            raise
        code = child.exitcode
        if code != 0:
            why = f"被信号 {-code} 终止，可能是内存不足" if code is not None and code < 0 else f"意外退出（退出码 {code}）"
            if code == NO_SPACE:
                why = f"无法写入临时文件（临时目录 {tempfile.gettempdir()} 所在磁盘可能已满）"
            raise ChildDied(f"读取成果库的子进程{why}，未能传回结果。")
        scratch.seek(0)
        return _receive(scratch)


def _receive(stream: Any) -> tuple[bool, Any]:
    try:
        ok, payload = pickle.load(stream)
    except (EOFError, pickle.UnpicklingError) as exc:
        raise ChildDied("读取成果库的子进程意外退出，未能传回完整结果。") from exc
    if ok:
        return True, payload
    return False, _rebuilt(*payload)


def _rebuilt(pickled: bytes | None, text: str) -> BaseException:
    """The child's exception as it was raised there, its traceback as a note; or, where it cannot be
    rebuilt here, an error carrying the traceback's text."""
    try:
        exc = pickle.loads(pickled) if pickled is not None else None
    except Exception:
        exc = None
    if not isinstance(exc, BaseException):
        return RuntimeError(text)
    exc.add_note(text)
    return exc


def _send_result(fd: int, work: Callable[..., Any], args: tuple) -> None:
    """In the child: run the work with the collector off (loading pauses it anyway, and pickling the
    result with it on cost a third more), then write (True, result), or (False, (the exception
    pickled on its own, its traceback)) so that a failure never leaves half a message."""
    gc.disable()
    try:
        with open(os.dup(fd), "wb", buffering=BUFFER) as stream:
            try:
                result = work(*args)
            except BaseException as exc:  # raised in the parent instead
                stream.write(pickle.dumps((False, _described(exc))))
                return
            pickle.dump((True, result), stream, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # the scratch file's disk is full: the parent says so, in Chinese
        os._exit(NO_SPACE)


def _described(exc: BaseException) -> tuple[bytes | None, str]:
    text = "子进程中的错误：\n" + "".join(traceback.format_exception(exc))
    try:
        return pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL), text
    except Exception:  # an exception that cannot be pickled: its text still goes
        return None, text
