"""Heavy binary outputs (Word contracts, workbooks) rendered in forked workers beside the pages.

Workers return (path, bytes) lists; only the writer touches disk. Contracts go in chunks so the
main process writes each chunk as it arrives instead of holding every document at once.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor, as_completed

from xyhf.importers.xlsx import render_template
from xyhf.model import Catalog, Record
from xyhf.render import contract, data
from xyhf.render.zipfix import normalize_zip

CHUNK = 2000
Artifacts = list[tuple[str, bytes]]


def _contracts(catalog: Catalog, records: list[Record], epoch: int, first: bool) -> Artifacts:
    out = list(contract.render_contracts(catalog, records, epoch, blank=first))
    if first:
        out.append(("data/import-template.xlsx", normalize_zip(render_template(), epoch)))
        out.extend(data.render_promotion_files(catalog, epoch))
    return out


def _records_xlsx(tables: data.Tables, epoch: int) -> Artifacts:
    return [("data/records.xlsx", data.render_xlsx([(n, t, c, tables.rows(n)) for n, t, c in data.TABLES], epoch))]


def submit_all(
    pool: ProcessPoolExecutor, catalog: Catalog, records: list[Record], tables: data.Tables, epoch: int
) -> list[Future]:
    futures = [pool.submit(_records_xlsx, tables, epoch)]
    for start in range(0, max(len(records), 1), CHUNK):
        futures.append(pool.submit(_contracts, catalog, records[start : start + CHUNK], epoch, start == 0))
    return futures


def write_finished(pending: list[Future], writer, wait: bool = False) -> list[Future]:
    """Hand finished jobs' files to the writer now (so their bytes are not all held at once);
    return the jobs still running. With `wait`, write them all as they finish."""
    if wait:
        for future in as_completed(pending):
            writer.write_all(future.result())
        return []
    still = []
    for future in pending:
        if future.done():
            writer.write_all(future.result())
        else:
            still.append(future)
    return still
