"""Work cut into slices for forked worker processes, results back in order.

The enrichment's pure-Python stages (matching needs, related records) handle each item on its own,
so on a machine with several cores they run as slices in forked workers
(the record pages are not: see render/site.py). The workers inherit
the job (the catalog, indexes, shells) by fork, so nothing big is pickled on the way in; only each
slice's results come back, in slice order, so the output is the same as one process makes.
The catalog's loading and the postings' counts go through chunked.py instead (chunks shared as they
go, results streamed through scratch files); the build loads, checks and enriches the catalog in a
child, in_fresh_heap.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import select
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterator
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


def even_size(items: int, workers: int) -> int:
    """The size of each of `workers` slices as even as can be covering range(items)."""
    return -(-items // max(1, workers))


def even_slices(items: int, workers: int) -> list[tuple[int, int]]:
    """range(items) in `workers` consecutive slices as even as can be (one per worker)."""
    return bounds(items, even_size(items, workers))


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


class ChildDied(RuntimeError):
    """A forked process (in_fresh_heap's child, a worker of chunked.in_chunks) ended without sending
    its whole result (killed, out of memory)."""


BUFFER = 1 << 20
POLL = 0.5  # seconds between looks at a forked process that might have ended without a word


def in_fresh_heap(
    work: Callable[..., R],
    *args: Any,
    meanwhile: Callable[[], object] | None = None,
    once_done: Callable[[], object] | None = None,
    done_if: Callable[[R], bool] | None = None,
) -> R:
    """work(*args), computed in a forked child whose result is unpickled here into a compact heap.

    Loading a catalog leaves this process's heap full of holes where the parsed files were (a third
    of it at 25,000 records), interleaved with the catalog itself; processes forked from it later copy
    those pages as soon as they allocate into the holes or touch a record. Made in a child, the garbage
    goes when the child ends, and the catalog arrives here as one contiguous run of new objects,
    frozen out of the collector's walks (they would copy its pages into every fork too). `meanwhile`
    runs here while the child works (what this process will need next, loaded in time it would idle);
    `once_done` runs here after it, as soon as the child's work has returned a result for which
    `done_if` (judged in the child; by default any result) is true, while the child writes it: what
    would cost too much memory beside the child at work, but not beside it writing.

    The result goes through an unnamed scratch file, read here once the child has ended: streamed
    through a pipe and unpickled while the child still pickled it, the child's whole heap and this
    process's new catalog were alive at once, the build's peak of memory (1,010 MiB at 25,000
    records); one after the other costs about a second. A failure in the child is raised here with
    the child's traceback as a note; a child that ends without writing everything raises ChildDied
    (in Chinese, saying so when the scratch file's disk was full). Where no scratch file can be made,
    the work runs here instead: the same result, in a heap with the holes."""
    if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Linux has fork
        return _here(work, args, None, once_done, done_if)
    was_enabled = gc.isenabled()
    gc.disable()  # a million objects arrive at once and none is garbage: no collection passes over them
    try:
        ok, result = _run_in_child(work, args, meanwhile, once_done, done_if)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    if not ok:
        raise result
    return result


NO_SPACE = 75  # the child's exit code when its scratch file could not be written (EX_TEMPFAIL)


def _here(work: Callable[..., R], args: tuple, meanwhile, once_done, done_if) -> R:
    """The work in this process (no fork, no scratch file), with the same calls around it."""
    if meanwhile is not None:
        meanwhile()
    result = work(*args)
    if once_done is not None and (done_if is None or done_if(result)):
        once_done()
    return result


def _run_in_child(work: Callable[..., Any], args: tuple, meanwhile, once_done, done_if) -> tuple[bool, Any]:
    try:
        scratch = tempfile.TemporaryFile(prefix="xyhf-catalog-")  # noqa: SIM115 - closed by the with below
    except OSError:
        return True, _here(work, args, meanwhile, once_done, done_if)
    signal_read, signal_write = os.pipe() if once_done is not None else (-1, -1)
    with scratch:
        child = mp.get_context("fork").Process(
            target=_send_result, args=(scratch.fileno(), work, args, signal_write, done_if), name="xyhf-load"
        )
        try:
            try:
                child.start()
            finally:
                if signal_write >= 0:
                    os.close(signal_write)  # the child's copy alone: its word (or its end) is read below
            _while_child_works(child, meanwhile, once_done, signal_read)
        finally:
            if signal_read >= 0:
                os.close(signal_read)
        code = child.exitcode
        if code != 0:
            why = f"被信号 {-code} 终止，可能是内存不足" if code is not None and code < 0 else f"意外退出（退出码 {code}）"
            if code == NO_SPACE:
                why = f"无法写入临时文件（临时目录 {tempfile.gettempdir()} 所在磁盘可能已满）"
            raise ChildDied(f"读取成果库的子进程{why}，未能传回结果。")
        scratch.seek(0)
        return _receive(scratch)


def _while_child_works(child: Any, meanwhile, once_done, signal_read: int) -> None:
    """meanwhile, then once_done when the child says so, then the child's end; stopped on any error."""
    try:
        if meanwhile is not None:
            meanwhile()
        if once_done is not None and _done_signal(signal_read, child):
            once_done()
        child.join()
    except BaseException:
        child.terminate()  # nothing will read what it writes
        child.join()
        raise


def _done_signal(fd: int, child: Any) -> bool:
    """Whether the child said its work is done with a result worth `once_done`: b"1" on the pipe. Looked
    at every POLL seconds, so that a child gone without a word (failed, killed) is never waited for,
    even if a worker it forked still holds the pipe open."""
    waiting = select.poll()  # not select.select: it refuses descriptors numbered 1024 and above
    waiting.register(fd, select.POLLIN)
    while True:
        if waiting.poll(POLL * 1000):
            return os.read(fd, 1) == b"1"
        if not child.is_alive():
            return bool(waiting.poll(0)) and os.read(fd, 1) == b"1"  # a word written just before it ended


def _receive(stream: Any) -> tuple[bool, Any]:
    try:
        ok, payload = pickle.load(stream)
    except (EOFError, pickle.UnpicklingError) as exc:
        raise ChildDied("读取成果库的子进程意外退出，未能传回完整结果。") from exc
    if ok:
        return True, payload
    return False, rebuilt_failure(*payload)


def rebuilt_failure(pickled: bytes | None, text: str) -> BaseException:
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


def _send_result(fd: int, work: Callable[..., Any], args: tuple, signal: int = -1, done_if=None) -> None:
    """In the child: run the work with the collector off (loading pauses it anyway, and pickling the
    result with it on cost a third more), then write (True, result), or (False, (the exception
    pickled on its own, its traceback)) so that a failure never leaves half a message."""
    gc.disable()
    try:
        with open(os.dup(fd), "wb", buffering=BUFFER) as stream:
            try:
                result = work(*args)
            except BaseException as exc:  # raised in the parent instead
                stream.write(pickle.dumps((False, described_failure(exc))))
                return
            if signal >= 0:
                _say_done(signal, done_if is None or bool(done_if(result)))
            pickle.dump((True, result), stream, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # the scratch file's disk is full: the parent says so, in Chinese
        os._exit(NO_SPACE)


def _say_done(signal: int, worth: bool) -> None:
    try:
        os.write(signal, b"1" if worth else b"0")
    except OSError:  # the parent is gone or stopped listening: the result still goes to the file
        pass
    finally:
        os.close(signal)


def described_failure(exc: BaseException) -> tuple[bytes | None, str]:
    text = "子进程中的错误：\n" + "".join(traceback.format_exception(exc))
    try:
        return pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL), text
    except Exception:  # an exception that cannot be pickled: its text still goes
        return None, text
