"""Heavy outputs (workbooks, the contract's Word files, the search index) rendered in forked workers
beside the pages: their CPU runs on the other core, and their memory peaks (the index's arrays over
8 million postings at 25,000 records) stay out of the main process.

Workers return (path, bytes) lists; only the writer touches disk. The catalog reaches the
workers by fork, never as an argument (pickling 25,000 records for every job cost more than
the jobs).
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from collections.abc import Iterable, Iterator
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
    """Submit every job. The pool must not have started its workers yet: they fork on the first
    submit and inherit the inputs set here."""
    global _INPUTS
    _INPUTS = _Inputs(catalog, records, tables, epoch, site_url)
    jobs = (_records_xlsx, _search_index, _documents, _listings, _city_kits)
    return Pending([pool.submit(job) for job in jobs], writer)


class Pending:
    """The submitted jobs; finished ones are handed to the writer whenever `drain` is called, so
    documents that arrive while pages render are written then instead of piling up in memory."""

    def __init__(self, futures: list[Future], writer) -> None:
        self.futures = futures
        self.writer = writer

    def drain(self) -> None:
        still = []
        for future in self.futures:
            if future.done():
                self.writer.write_all(future.result())
            else:
                still.append(future)
        self.futures = still

    def interleaved(self, items: Iterable[T], every: int = 200) -> Iterator[T]:
        """`items`, draining finished jobs every `every` items."""
        for i, item in enumerate(items, 1):
            yield item
            if i % every == 0:
                self.drain()

    def finish(self) -> None:
        for future in as_completed(self.futures):
            self.writer.write_all(future.result())
        self.futures = []
