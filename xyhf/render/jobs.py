"""Heavy outputs (open data, workbooks, the search index, listings, need pages, feeds and calendars,
city kits, the contract's Word files) rendered in a forked worker beside the record pages, on the
other core. The main process, once its pages are done, takes the longest job left that reads no
tables (the search index, say, whose arrays over 8 million postings then peak in it).

The worker writes each job's files into the build's staging folder itself, through a SiteWriter of
its own: nothing comes back through the pipe (pickling 300 MiB of open data and holding it in the
main process until written cost both time and memory). The catalog reaches the worker by fork,
never as an argument (pickling 25,000 records for every job cost more than the jobs).
"""

from __future__ import annotations

import datetime as dt
import functools
from concurrent.futures import Future, ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from xyhf.importers.xlsx import render_template
from xyhf.model.records import Catalog, Record
from xyhf.render.documents import contract
from xyhf.render.base.formats import render_xlsx
from xyhf.render.opendata import data, tables as open_tables
from xyhf.render import site
from xyhf.render.base.zipfix import normalize_zip
from xyhf.write import SiteWriter

T = TypeVar("T")
Artifacts = Iterable[tuple[str, bytes | str]]  # what SiteWriter.write_all takes


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

    sheets = [("cities", "按市州汇总", open_tables.CITY_COLUMNS, figures.city_summary(job.catalog))]
    sheets += [(n, t, c, tables.rows(n)) for n, t, c in open_tables.TABLES]
    return [("data/records.xlsx", render_xlsx(sheets, job.epoch, job.site_url))]


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


def _listings() -> Artifacts:
    from xyhf.render.opendata.listing import render_listings

    job = _inputs()
    return render_listings(job.catalog, job.records, job.tables.public, job.epoch, job.site_url)


def start(
    pool: ProcessPoolExecutor,
    catalog: Catalog,
    records: list[Record],
    writer: SiteWriter,
    epoch: int,
    site_url: str,
    updated: str,
    today: dt.date,
) -> tuple[Pending, Future[list[list[int]]]]:
    """Fork the worker now, inheriting the inputs set here, and have it work out the related records
    (the record pages wait for them) and then build the tables while the caller goes on (generated
    pages, MkDocs). The jobs that write wait for `Pending.release`: MkDocs empties the folder it
    builds into."""
    global _INPUTS
    _INPUTS = _Inputs(catalog, records, epoch, site_url, updated, today)
    near = pool.submit(_related_records)  # the worker forks here
    # Longest first. The caller, once its own work is over, takes the longest job left that reads no
    # tables (building them again would cost it two seconds and their memory at 25,000 records).
    jobs = [_open_data, _records_xlsx, _search_index, _listings, _feeds, _city_kits, _documents]
    return Pending(pool, jobs, writer, prepare=_prepare_tables, worker_only={_open_data, _records_xlsx, _listings}), near


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
    """The jobs, handed to the worker one at a time (the longest first) so that the ones it has not
    started stay here: when the caller's own work is over, it takes the longest one left that it may
    (not `worker_only`) instead of idling while the worker works through them. The worker writes what
    it makes; the caller writes what it takes. A job that failed fails the build at the next drain.
    `prepare`, run at once, writes nothing; the rest wait for `release`."""

    def __init__(
        self,
        pool: ProcessPoolExecutor,
        jobs: list[Callable[[], Artifacts]],
        writer: SiteWriter,
        prepare: Callable[[], Artifacts] | None = None,
        worker_only: set[Callable[[], Artifacts]] | frozenset = frozenset(),
    ) -> None:
        self.pool, self.todo, self.writer, self.worker_only = pool, list(jobs), writer, worker_only
        self.released = prepare is None
        self.running: Future | None = pool.submit(prepare) if prepare else None  # the worker forks now
        self._top_up()

    def release(self, *more: Callable[[], Artifacts]) -> None:
        """The staging folder is ready for the jobs' files. `more`: jobs made only now, queued before
        the first job the caller may take (so the first it takes when its own work is over)."""
        at = self._first_takeable()
        self.todo[at:at] = more
        self.released = True
        self._top_up()

    def _first_takeable(self) -> int:
        """Where the first job the caller may take stands in the queue (its length: none)."""
        return next((i for i, job in enumerate(self.todo) if job not in self.worker_only), len(self.todo))

    def _top_up(self) -> None:
        if self.running is not None and self.running.done():
            self.running.result()  # re-raises the worker's failure here
            self.running = None
        if self.running is None and self.todo and self.released:
            self.running = self.pool.submit(write_in_worker, self.todo.pop(0), self.writer.out)

    def drain(self) -> None:
        self._top_up()

    def interleaved(self, items: Iterable[T], every: int = 200) -> Iterator[T]:
        """`items`, handing the worker its next job every `every` items."""
        for i, item in enumerate(items, 1):
            yield item
            if i % every == 0:
                self.drain()

    def finish(self) -> None:
        """Every job done and written: the caller takes the longest job left that it may while the
        worker goes on from the front."""
        if not self.released:
            self.release()
        while (at := self._first_takeable()) < len(self.todo):
            mine = self.todo.pop(at)
            self.writer.write_all(self.interleaved(mine()))  # the worker gets its next job as soon as it is free
        while self.running is not None:
            self.running.result()
            self.running = None
            self._top_up()
