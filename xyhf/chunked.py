"""Chunks of work shared as they go by this process and forked workers; results back in chunk order.

For the catalog's loading (source/discover.py) and the postings' counts (search/postings.py). A
forked worker takes chunks from the front, this process from the back, each the next one left, so
all end together however uneven the chunks are.
Each worker appends every chunk's result to a scratch file of its own, which this process reads
between its own chunks: through a pipe, as multiprocessing's pools send results, a worker waited
whenever this process was busy and did not read (a quarter of `xyhf check`'s load at 25,000
records), and a last slice's whole result was unpickled here only after both were done.

Nothing waits for ever: a worker killed while it holds the shared counter's lock is seen within
POLL seconds and fails the call (ChildDied, in Chinese); a worker whose parent is gone stops; a
worker whose disk is full leaves its chunks to this process.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os
import pickle
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, NamedTuple, TypeVar

from xyhf.forked import (
    NO_SPACE,
    POLL,
    ChildDied,
    bounds,
    described_failure,
    rebuilt_failure,
)

J = TypeVar("J")
R = TypeVar("R")
Span = tuple[int, int]


class Wire(NamedTuple):
    """How a worker's result travels: `send` turns it into what is pickled to the scratch file, in the
    worker; `receive` turns that back, in this process. Results made here never take the trip."""

    send: Callable[[Any], Any]
    receive: Callable[[Any], Any]


def _as_is(result: Any) -> Any:
    return result


PICKLED = Wire(_as_is, _as_is)


def in_chunks(
    job: J,
    work: Callable[[J, int, int], R],
    items: int,
    size: int,
    workers: int,
    beside: Callable[[list[Span]], AbstractContextManager[object]] | None = None,
    here: bool = True,
    wire: Wire = PICKLED,
) -> list[R]:
    """work(job, start, end) for consecutive chunks of at most `size` items covering range(items),
    in chunk order, by this process and `workers` - 1 forked ones (all in this process where fork,
    a scratch file or a worker cannot be had). `beside(order)`, given the chunks in about the order
    they will be taken, is entered once the workers have forked (it may start a thread).

    `here=False`: this process only receives, and `workers` forked ones take every chunk. For a
    process that forks workers of its own afterwards: the garbage its own chunks left among the
    results made them copy more of its pages (the build's peak of memory, 100 MiB more at 50,000
    records).

    `wire`: how results travel from a worker (Wire), pickled as they are by default."""
    spans = bounds(items, size)
    team = _Team.started(job, work, spans, workers, here, wire) if workers >= 2 and len(spans) >= 2 else None
    if team is None:
        return [work(job, *span) for span in spans]
    with team:
        with beside(team.order()) if beside else nullcontext():
            team.share()
        team.finish()
    return [team.results[i] if i in team.results else work(job, *spans[i]) for i in range(len(spans))]


class _Team:
    """The forked workers of one in_chunks call, their scratch files and what they sent so far."""

    def __init__(self, job: Any, work: Callable[..., Any], spans: list[Span], here: bool, wire: Wire, scratch: list[Any]) -> None:
        ctx = mp.get_context("fork")
        self.job, self.work, self.spans, self.here, self.scratch = job, work, spans, here, scratch
        self.taker = _Taker(ctx.RawArray("q", [0, len(spans)]), ctx.Lock())
        # How far each worker's file holds complete records: one aligned 8-byte store a record, set
        # after the record is written, so a reader never sees a record (or its length) half-written.
        self.committed = ctx.RawArray("q", len(scratch))
        args = (job, work, wire.send, spans, self.taker, self.committed, os.getpid())
        self.children = [
            ctx.Process(target=_worker, args=(f.fileno(), slot, *args), name="xyhf-chunks") for slot, f in enumerate(scratch)
        ]
        self.readers = [_Reader(f.fileno(), self.committed, slot, wire.receive) for slot, f in enumerate(scratch)]
        self.results: dict[int, Any] = {}

    @classmethod
    def started(cls, job: Any, work: Callable[..., Any], spans: list[Span], workers: int, here: bool, wire: Wire) -> _Team | None:
        if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Linux has fork
            return None
        scratch: list[Any] = []
        team = None
        try:
            for _ in range(min(workers, len(spans)) - (1 if here else 0)):
                scratch.append(tempfile.TemporaryFile(prefix="xyhf-chunks-"))  # noqa: SIM115 - closed by the team
            team = cls(job, work, spans, here, wire, scratch)
            for child in team.children:
                child.start()
            return team
        except OSError:  # no scratch file, no shared memory, no process: the work is done here instead
            if team is not None:
                team._stop()
            for f in scratch:
                f.close()
            return None

    def __enter__(self) -> _Team:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()
        for f in self.scratch:
            f.close()

    def _stop(self) -> None:
        for child in self.children:
            if child.is_alive():
                child.terminate()
            if child.pid is not None:
                child.join()

    def order(self) -> list[Span]:
        """The chunks in about the order they will be taken: the forked ones from the front, one for
        each of them for every one this process takes from the back."""
        if not self.here:
            return list(self.spans)
        front, back, out, forked = 0, len(self.spans) - 1, [], len(self.children)
        while front <= back:
            take = [front + i for i in range(forked) if front + i <= back]
            out += [self.spans[i] for i in take]
            front += len(take)
            if front <= back:
                out.append(self.spans[back])
                back -= 1
        return out

    def share(self) -> None:
        """This process's part: chunks from the back until none is left (or only reading, when it is
        not to work), reading the workers' results between them; stops at a worker's failure."""
        while not self._failed() and self._dead() is None:
            at = self.taker.back(self._dead) if self.here else self._wait()
            if at is None:
                return
            if at >= 0:
                self.results[at] = self.work(self.job, *self.spans[at])
            self._read()

    def finish(self) -> None:
        """Wait for the workers (never for ever), read the rest, and raise what went wrong."""
        while not self._failed() and self._dead() is None and self._wait() is not None:
            pass
        self._stop()
        self._read()
        for reader in self.readers:
            if reader.failed is not None:
                raise reader.failed
        missing = len(self.spans) - len(self.results)
        dead = self._dead()
        if missing and dead is not None:  # NO_SPACE is not dead: its chunks are done here
            raise _died(dead)

    def _wait(self) -> int | None:
        """None once every worker has ended, else -1 after waiting a moment for one, having read
        what they wrote meanwhile."""
        self._read()
        alive = [child for child in self.children if child.is_alive()]
        if not alive:
            return None
        alive[0].join(0.02)
        return -1

    def _read(self) -> None:
        for reader in self.readers:
            self.results.update(reader.ready())

    def _failed(self) -> bool:
        return any(reader.failed is not None for reader in self.readers)

    def _dead(self) -> int | None:
        """The exit code of a worker that ended badly (killed, say), except for a full disk."""
        return next((c.exitcode for c in self.children if c.exitcode not in (None, 0, NO_SPACE)), None)


def _died(code: int) -> ChildDied:
    why = f"被信号 {-code} 终止，可能是内存不足" if code < 0 else f"意外退出（退出码 {code}）"
    return ChildDied(f"工作进程{why}，未能传回全部结果。")


class _Taker:
    """The chunks not yet taken, [front, back), shared by this process and its forked workers."""

    def __init__(self, ends: Any, lock: Any) -> None:
        self.ends, self.lock = ends, lock

    def front(self, parent: int) -> int | None:
        """The next chunk from the front, for a worker; None when none is left or its parent is gone."""
        while not self.lock.acquire(timeout=POLL):
            if os.getppid() != parent:
                return None
        try:
            at, end = self.ends[0], self.ends[1]
            if at >= end or os.getppid() != parent:
                return None
            self.ends[0] = at + 1
            return at
        finally:
            self.lock.release()

    def back(self, dead: Callable[[], int | None]) -> int | None:
        """The next chunk from the back, for this process; raises ChildDied when a worker died
        holding the lock (it would never be released)."""
        while not self.lock.acquire(timeout=POLL):
            code = dead()
            if code is not None:
                raise _died(code)
        try:
            at, end = self.ends[0], self.ends[1]
            if at >= end:
                return None
            self.ends[1] = end - 1
            return end - 1
        finally:
            self.lock.release()


def _worker(
    fd: int,
    slot: int,
    job: Any,
    work: Callable[..., Any],
    send: Callable[[Any], Any],
    spans: list[Span],
    taker: _Taker,
    committed: Any,
    parent: int,
) -> None:
    """In a forked worker: chunks from the front until none is left, each result appended to the
    scratch file and then committed; a failure of the work, or a result that cannot be pickled, is
    appended as (-1, described) and ends it. Only the scratch file's own OSError (a full disk)
    leaves the chunks to the parent."""
    try:
        while (at := taker.front(parent)) is not None:
            try:
                result = send(work(job, *spans[at]))
            except Exception as exc:  # raised in the parent instead
                committed[slot] = _append(fd, (-1, described_failure(exc)))
                return
            try:
                committed[slot] = _append(fd, (at, result))
            except _Unpicklable as exc:
                committed[slot] = _append(fd, (-1, described_failure(exc.__cause__ or exc)))
                return
    except OSError:  # the scratch file's disk is full: the parent does the rest
        os._exit(NO_SPACE)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole group: the parent says what happened
        os._exit(130)


class _Unpicklable(Exception):
    """A result pickle could not write (its OSErrors are the disk's and stay OSErrors)."""


def _append(fd: int, record: tuple[int, Any]) -> int:
    """One record at the end of the file, its length then the pickle, streamed (never whole in
    memory: the postings' counts are 100 MiB at 50,000 records, the build's peak of memory); returns
    the new end, for the caller to commit. A pickle that fails half-way is cut off again."""
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        with open(os.dup(fd), "wb", buffering=1 << 20) as stream:
            stream.seek(start + 8)
            try:
                pickle.dump(record, stream, protocol=pickle.HIGHEST_PROTOCOL)
            except OSError:
                raise
            except Exception as exc:
                raise _Unpicklable from exc
        end = os.lseek(fd, 0, os.SEEK_END)
    except BaseException:
        os.ftruncate(fd, start)
        raise
    os.pwrite(fd, (end - start - 8).to_bytes(8, "little"), start)
    return end


class _Span(io.RawIOBase):
    """`length` bytes of a file from `at`, read with pread: the file's offset is shared with the
    worker that writes it, and must not move here."""

    def __init__(self, fd: int, at: int, length: int) -> None:
        self.fd, self.at, self.end = fd, at, at + length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")[: self.end - self.at]
        done = os.preadv(self.fd, [view], self.at) if len(view) else 0
        self.at += done
        return done


class _Reader:
    """The complete records a worker has appended to its scratch file so far, read once each."""

    def __init__(self, fd: int, committed: Any, slot: int, receive: Callable[[Any], Any]) -> None:
        self.fd, self.committed, self.slot, self.receive, self.at = fd, committed, slot, receive, 0
        self.failed: BaseException | None = None

    def ready(self) -> dict[int, Any]:
        out = {}
        while self.failed is None and self.at < self.committed[self.slot]:
            length = int.from_bytes(os.pread(self.fd, 8, self.at), "little")
            try:  # streamed: the pickle is never whole in memory here either
                at, result = pickle.load(io.BufferedReader(_Span(self.fd, self.at + 8, length), 1 << 20))
                if at >= 0:
                    result = self.receive(result)
            except MemoryError:
                raise
            except Exception as exc:  # a damaged scratch file, or what `receive` cannot read back: said in Chinese
                self.failed = ChildDied("工作进程传回的结果已损坏（临时文件可能被改动），请重试。")
                self.failed.__cause__ = exc
                break
            self.at += 8 + length
            if at < 0:
                self.failed = rebuilt_failure(*result)
            else:
                out[at] = result
        return out
