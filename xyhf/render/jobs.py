"""Heavy outputs (open data, workbooks, the search index, listings, need pages, feeds and calendars,
city kits, the contract's Word files) rendered in a forked worker beside the record pages, on the
other core. The main process, once its pages are done, takes the longest job left that reads no
tables (each record's own files, say, or the search index).

The worker writes each job's files into the build's staging folder itself, through a SiteWriter of
its own: nothing comes back through the pipe (pickling 300 MiB of open data and holding it in the
main process until written cost both time and memory). The catalog reaches the worker by fork,
never as an argument (pickling 25,000 records for every job cost more than the jobs).
"""

from __future__ import annotations

import datetime as dt
import gc
import functools
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from xyhf.importers.xlsx import render_template
from xyhf.model.records import Catalog, Record
from xyhf.render.documents import contract
from xyhf.render.base.columns import Column
from xyhf.render.base.formats import write_xlsx
from xyhf.render.opendata import data, tables as open_tables
from xyhf.render import site
from xyhf.render.base.zipfix import normalize_zip
from xyhf.write import Content, SiteWriter, made_in_scratch

T = TypeVar("T")
Artifacts = Iterable[tuple[str, Content]]  # what SiteWriter.write_all takes


@dataclass(frozen=True)
class _Inputs:
    catalog: Catalog
    records: list[Record]
    epoch: int
    site_url: str = ""
    updated: str = ""
    today: dt.date = dt.date(1970, 1, 1)

    @functools.cached_property
    def tables(self) -> open_tables.Tables:
        """Built once, in the process that first needs them (the worker: the open data comes first)."""
        return open_tables.build_tables(self.catalog, self.records)


_INPUTS: _Inputs | None = None  # set before the pool forks its workers


def _inputs() -> _Inputs:
    assert _INPUTS is not None, "jobs run only after start() has set their inputs"
    return _INPUTS


def _documents() -> Artifacts:
    job = _inputs()
    out = list(contract.render_contracts(job.epoch))
    out.append(("data/import-template.xlsx", normalize_zip(render_template(), job.epoch)))
    out.extend(data.render_promotion_files(job.catalog, job.epoch))
    return out


def _open_data() -> Artifacts:
    job = _inputs()
    return data.render_data(job.catalog, job.tables, job.site_url, job.updated)


def _records_xlsx() -> Artifacts:
    job = _inputs()
    tables = job.tables
    from xyhf import figures

    sheets: list[tuple[str, str, list[Column], Sequence[dict]]]
    sheets = [("cities", "按市州汇总", open_tables.CITY_COLUMNS, figures.city_summary(job.catalog))]
    sheets += [(n, t, c, tables.rows(n)) for n, t, c in open_tables.TABLES]
    return made_in_scratch("data/records.xlsx", lambda out: write_xlsx(sheets, job.epoch, out, job.site_url))


def _city_kits() -> Artifacts:
    from xyhf.render.needs.city_kit import kit_files

    job = _inputs()
    return kit_files(job.catalog, job.epoch)


def _feeds() -> Artifacts:
    from xyhf.render import site

    job = _inputs()
    return site.feed_files(job.catalog, job.site_url, job.updated, job.epoch, job.today)


def need_pages(shell_html: str) -> Callable[[], Artifacts]:
    """The need pages as a job: the shell comes from MkDocs, after the worker forked, so it travels
    with the job (a few kilobytes)."""
    return functools.partial(_need_pages, shell_html)


def _need_pages(shell_html: str) -> Artifacts:
    from xyhf.render import site

    job = _inputs()
    return site.need_pages(shell_html, job.catalog, job.site_url)


def _search_index() -> Artifacts:
    from xyhf.search.index import render_search_index

    job = _inputs()
    return render_search_index(job.catalog, job.records)


def _record_files() -> Artifacts:
    job = _inputs()
    return data.record_files(job.catalog, job.records, job.site_url, job.epoch)


@contextmanager
def start(
    catalog: Catalog,
    records: list[Record],
    writer: SiteWriter,
    epoch: int,
    site_url: str,
    updated: str,
    today: dt.date,
) -> Iterator[tuple[Pending, Future[list[list[int]]]]]:
    """Fork a worker now, inheriting the inputs set here, to work out the related records (the record
    pages wait for them) while the caller goes on (generated pages, MkDocs); the next, handed out at
    the caller's next drain or release, builds the tables. The jobs that write wait for
    `Pending.release`: MkDocs empties the folder it builds into. Every worker is gone when the block
    ends, even on an error."""
    global _INPUTS
    _INPUTS = _Inputs(catalog, records, epoch, site_url, updated, today)
    # Longest first. The caller, once its own work is over, takes the longest job left that reads no
    # tables (building them again would cost it two seconds and their memory at 25,000 records).
    # The tables' jobs stay together: a job between them would end their worker, and the next would
    # build the tables again.
    jobs = [_open_data, _records_xlsx, _record_files, _search_index, _feeds, _city_kits, _documents]
    tables = {_prepare_tables, _open_data, _records_xlsx}
    pending = Pending(
        _one_worker,
        jobs,
        writer,
        _prepare_tables,
        tables - {_prepare_tables},
        together=tables,
        first=_related_records,
        rest_together=True,
    )
    try:
        assert pending.first_result is not None
        yield pending, pending.first_result
    finally:
        pending.close()


def _one_worker() -> ProcessPoolExecutor:
    """A worker that first freezes what it inherits: the collector's walks write into every object
    they pass, and would copy into the worker all the pages of what this process made since its
    catalog was frozen (MkDocs's pages and templates, say)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"), initializer=gc.freeze)


def _related_records() -> list[list[int]]:
    job = _inputs()
    return site.related_records(job.catalog, job.records)


def _prepare_tables() -> Artifacts:
    _inputs().tables  # noqa: B018 - cached for the jobs that follow in this worker
    return ()


def write_in_worker(job: Callable[[], Artifacts], out: Path) -> int:
    """A job run in the worker, its files written there into the build's staging folder."""
    with SiteWriter(out, join=True) as writer:
        return writer.write_all(job())


class Pending:
    """The jobs, handed to a worker one at a time (the longest first) so that the ones it has not
    started stay here: when the caller's own work is over, it takes the longest one left that it may
    (not `worker_only`) instead of idling while the worker works through them. The worker writes what
    it makes; the caller writes what it takes. A job that failed fails the build at the next drain.

    The jobs run in forked processes that end with their group: `first` alone, the jobs `together`
    in one (they read the same cached tables), the others in one more (`rest_together`) or each in
    its own. A long-lived worker kept the high-water mark of every job it ran and the pages of the
    catalog it had copied on the way: 889 MiB of its own at 25,000 records, against 654 for the
    tables' jobs alone. A fork for every small job cost the main process time instead: after each
    fork, every page it writes is copied again. `first`, run at once, returns a result;
    `prepare` (of `together`) writes nothing and runs next; the rest wait for `release`."""

    def __init__(
        self,
        new_pool: Callable[[], ProcessPoolExecutor],
        jobs: list[Callable[[], Artifacts]],
        writer: SiteWriter,
        prepare: Callable[[], Artifacts] | None = None,
        worker_only: set[Callable[[], Artifacts]] | frozenset = frozenset(),
        together: set[Callable[[], Artifacts]] | frozenset = frozenset(),
        first: Callable[[], object] | None = None,
        rest_together: bool = False,
    ) -> None:
        self.new_pool, self.todo, self.writer = new_pool, list(jobs), writer
        self.worker_only, self.together, self.rest_together = worker_only, together, rest_together
        self.early = {prepare} if prepare else set()
        if prepare:
            self.todo.insert(0, prepare)
        self.released = prepare is None  # with nothing to prepare, the staging folder is taken as ready
        self.pool: ProcessPoolExecutor | None = None
        self.pool_for: object = None  # "together", "rest", or the one job the current worker process was made for
        self.running: Future | None = None
        try:
            self.running = self._submit(first, first, alone=True) if first else None
            self.first_result = self.running  # `first`'s result, when it is done
            self._top_up()
        except BaseException:  # a worker already forked must not outlive a failed start
            self._retire()
            raise

    def _submit(self, job: Callable, fn: Callable, *args: object, alone: bool = False) -> Future:
        key = job if alone else "together" if job in self.together else "rest" if self.rest_together else job
        if self.pool is None or key != self.pool_for or key not in ("together", "rest"):
            self._retire()
            self.pool, self.pool_for = self.new_pool(), key
        return self.pool.submit(fn, *args)

    def _retire(self) -> None:
        """The current worker process ends: its memory goes back before the next one forks."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = self.pool_for = None

    def close(self) -> None:
        self._retire()

    def release(self, *more: Callable[[], Artifacts]) -> None:
        """The staging folder is ready for the jobs' files. `more`: jobs made only now, queued before
        the first job the caller may take (so the first it takes when its own work is over)."""
        at = self._first_takeable()
        self.todo[at:at] = more
        self.released = True
        self._top_up()

    def _first_takeable(self) -> int:
        """Where the first job the caller may take stands in the queue (its length: none)."""
        return next(
            (i for i, job in enumerate(self.todo) if job not in self.worker_only and job not in self.early), len(self.todo)
        )

    def _top_up(self) -> None:
        if self.running is not None and self.running.done():
            self.running.result()  # re-raises the worker's failure here
            self.running = None
        if self.running is None and self.todo and (self.released or self.todo[0] in self.early):
            job = self.todo.pop(0)
            self.running = (
                self._submit(job, job) if job in self.early else self._submit(job, write_in_worker, job, self.writer.out)
            )

    def drain(self) -> None:
        self._top_up()

    def interleaved(self, items: Iterable[T], every: int = 200) -> Iterator[T]:
        """`items`, handing the worker its next job every `every` items."""
        for i, item in enumerate(items, 1):
            yield item
            if i % every == 0:
                self.drain()

    def take_while(self, condition: Callable[[], bool]) -> None:
        """While `condition()` holds, the caller takes the longest job left that it may (it would idle
        otherwise) and writes its files; the worker gets its next job as soon as it is free. Nothing
        before `release`: the staging folder is not ready for files."""
        while self.released and condition() and (at := self._first_takeable()) < len(self.todo):
            mine = self.todo.pop(at)
            self.writer.write_all(self.interleaved(mine()))

    def finish(self) -> None:
        """Every job done and written: the caller takes the longest job left that it may while the
        worker goes on from the front."""
        if not self.released:
            self.release()
        self.take_while(lambda: True)
        while self.running is not None:
            self.running.result()
            self.running = None
            self._top_up()
        self._retire()
