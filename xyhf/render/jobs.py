"""Heavy outputs (workbooks, the contract's Word files, the search index) rendered in forked workers
beside the pages: their CPU runs on the other core, and their memory peaks (the index's arrays over
8 million postings at 25,000 records) stay out of the main process.

Workers return (path, bytes) lists; only the writer touches disk. The catalog reaches the
workers by fork, never as an argument (pickling 25,000 records for every job cost more than
the jobs).
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from xyhf.importers.xlsx import render_template
from xyhf.model.records import Catalog, Record
from xyhf.render.documents import contract
from xyhf.render.base.formats import render_xlsx
from xyhf.render.opendata import data, tables as open_tables
from xyhf.render.base.zipfix import normalize_zip

T = TypeVar("T")
Artifacts = list[tuple[str, bytes]]


@dataclass(frozen=True)
class _Inputs:
    catalog: Catalog
    records: list[Record]
    tables: open_tables.Tables
    epoch: int
    site_url: str = ""


_INPUTS: _Inputs | None = None  # set before the pool forks its workers


def _inputs() -> _Inputs:
    assert _INPUTS is not None, "jobs run only in workers forked after submit_all"
    return _INPUTS


def _documents() -> Artifacts:
    job = _inputs()
    out = list(contract.render_contracts(job.epoch))
    out.append(("data/import-template.xlsx", normalize_zip(render_template(), job.epoch)))
    out.extend(data.render_promotion_files(job.catalog, job.epoch))
    return out


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
    return list(kit_files(job.catalog, job.epoch))


def _search_index() -> Artifacts:
    from xyhf.search.index import render_search_index

    job = _inputs()
    return list(render_search_index(job.catalog, job.records))


def _listings() -> Artifacts:
    from xyhf.render.opendata.listing import render_listings

    job = _inputs()
    return list(render_listings(job.catalog, job.records, job.tables.public, job.epoch, job.site_url))


def submit_all(
    pool: ProcessPoolExecutor,
    catalog: Catalog,
    records: list[Record],
    tables: open_tables.Tables,
    epoch: int,
    writer,
    site_url: str = "",
) -> Pending:
    """Start the jobs. The pool must not have started its worker yet: it forks on the first submit
    and inherits the inputs set here."""
    global _INPUTS
    _INPUTS = _Inputs(catalog, records, tables, epoch, site_url)
    return Pending(pool, [_records_xlsx, _search_index, _listings, _city_kits, _documents], writer)


class Pending:
    """The jobs, handed to the worker one at a time (the longest first) so that the ones it has not
    started stay here: when the caller's own work is over, it takes them from the end of the list
    instead of idling while the worker works through them. Finished results are written whenever
    `drain` is called, so what arrives while pages render does not pile up in memory."""

    def __init__(self, pool: ProcessPoolExecutor, jobs: list[Callable[[], Artifacts]], writer) -> None:
        self.pool, self.todo, self.writer = pool, list(jobs), writer
        self.running: Future | None = None
        self._top_up()  # the worker forks now, inheriting the inputs

    def _top_up(self) -> None:
        if self.running is not None and self.running.done():
            self.writer.write_all(self.running.result())
            self.running = None
        if self.running is None and self.todo:
            self.running = self.pool.submit(self.todo.pop(0))

    def drain(self) -> None:
        self._top_up()

    def interleaved(self, items: Iterable[T], every: int = 200) -> Iterator[T]:
        """`items`, draining finished jobs every `every` items."""
        for i, item in enumerate(items, 1):
            yield item
            if i % every == 0:
                self.drain()

    def finish(self) -> None:
        """Every job done and written: the caller takes unstarted ones from the end of the list while
        the worker goes on from the front."""
        while self.todo:
            self._top_up()
            if self.todo:
                self.writer.write_all(self.todo.pop()())
        while self.running is not None:
            self.writer.write_all(self.running.result())
            self.running = None
            self._top_up()
