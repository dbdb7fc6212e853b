"""The site as values: settings, the Markdown stubs MkDocs renders, and the filled pages.

Pure apart from reading the package's MkDocs config for the site URL; the writer owns disk.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from xyhf import forked
from xyhf.model.records import Catalog, Record
from xyhf.paths import MKDOCS_CONFIG, SCHEMA_DIR
from xyhf.render.base.page import Page
from xyhf.render.base.shell import NEED_SHELL, RECORD_SHELL, Shell, fill_markers, html_path, stub, tight
from xyhf.render.base.text import esc, plain
from xyhf.render.deals.deal_pages import deal_pages
from xyhf.render.deals.outcomes import institution_files, outcome_pages
from xyhf.render.documents import calendar, feeds, need_feeds
from xyhf.render.events.event_pages import event_calendars, event_pages
from xyhf.render.needs import need_pages as need_list
from xyhf.render.needs.stations import station_pages
from xyhf.render.records import record_page
from xyhf.render.records.history import Row as ChangeRow
from xyhf.render.records.history import history_files, record_history
from xyhf.render.records.pages import browse_pages, holder_pages, promotion_pages, stats_page
from xyhf.search import related
from xyhf.search.tokens import EMPTY_LEXICON
from xyhf.source.history import UNAVAILABLE, History

__all__ = [
    "Settings",
    "feed_files",
    "files",
    "filled_pages",
    "generated_pages",
    "html_path",
    "need_pages",
    "needs_by_record",
    "record_pages",
    "settings_for",
    "sitemap",
    "stubs",
]

DEFAULT_DATE = "2025-12-24"  # the programme's publication date: the stamp of an empty catalog


@dataclass(frozen=True)
class Settings:
    site_url: str
    updated: str  # the data's own latest date
    epoch: int  # SOURCE_DATE_EPOCH for archives and the theme


def update_date(catalog: Catalog) -> str:
    """The data's own latest date: the same catalog gives the same stamps on any build day."""
    dates = [r.listed_on for r in catalog.records] + [r.status_since for r in catalog.records if r.status_since]
    dates += [p.published_on for p in catalog.promotions]
    return max(dates, default=DEFAULT_DATE)


def settings_for(catalog: Catalog) -> Settings:
    from mkdocs.config import load_config

    url = os.environ.get("XYHF_SITE_URL") or load_config(str(MKDOCS_CONFIG)).site_url or "/"
    updated = update_date(catalog)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or dt.datetime.fromisoformat(updated).replace(tzinfo=dt.UTC).timestamp())
    return Settings(url if url.endswith("/") else url + "/", updated, epoch)


def generated_pages(catalog: Catalog, site_url: str = "https://xyhf.example.org/") -> list[Page]:
    """Every page built from the catalog apart from the record and need pages, in the order of the site."""
    today = dt.date.fromisoformat(catalog.today) if catalog.today else dt.date.today()
    return [
        *holder_pages(catalog),
        *browse_pages(catalog),
        *promotion_pages(catalog),
        stats_page(catalog),
        *deal_pages(catalog),
        *need_list.need_pages(catalog),
        *event_pages(catalog, site_url),
        *station_pages(catalog),
        *outcome_pages(catalog, today),
    ]


def stubs(pages: list[Page]) -> dict[str, str]:
    """Markdown files MkDocs renders: one placeholder stub per generated page, one shell for records."""
    out = {page.path: stub() for page in pages}
    out[f"{RECORD_SHELL}.md"] = stub(description=True)
    out[f"{NEED_SHELL}.md"] = stub(description=True)
    return out


def filled_pages(read, pages: list[Page], blocks: dict[str, dict[str, str]]) -> Iterator[tuple[str, str]]:
    """(HTML path, page) for generated pages and for prose pages with markers; `read` reads rendered HTML."""
    for page in pages:
        rel = html_path(page.path)
        yield rel, Shell(read(rel)).fill(page.title, page.body)
    for rel, markers in blocks.items():
        yield rel, fill_markers(read(rel), markers)


@dataclass(frozen=True)
class _RecordPages:
    """What every record page is made from."""

    shell: Shell
    catalog: Catalog
    records: list[Record]
    near: list[list[int]]  # related records, by position
    deals_of: dict[str, list]
    needs_of: dict[str, list]
    history: History
    site_url: str


# Record pages are rendered here, a slice at a time, while the build's job worker makes the heavy
# outputs on the other core (render/jobs.py). Forked page workers were tried: each one copies about
# 300 MiB of the catalog at 25,000 records as it touches the records (reference counts), for no
# gain in time, since the job worker keeps the second core busy anyway. The related records are
# worked out in one process for the same reason (two forked workers for them raised the build's
# peak by 150 MiB at 25,000 records and took no time off it): the build has its job worker do it
# first, while this process makes the other pages and runs MkDocs.
PAGE_SLICE = 500


def related_records(catalog: Catalog, records: list[Record]) -> list[list[int]]:
    """Each record's related records (positions in `records`), worked out in one process."""
    return related.related(records, lexicon=catalog.lexicon or EMPTY_LEXICON, workers=1)


def record_pages(
    shell_html: str,
    catalog: Catalog,
    records: list[Record],
    site_url: str,
    history: History = UNAVAILABLE,
    near: list[list[int]] | None = None,
) -> Iterator[tuple[str, str]]:
    """(path, page) of every record page, in record order; never every page in memory at once.
    `near`: related_records(catalog, records), when already worked out (the build's job worker does)."""
    deals_of: dict[str, list] = {}
    for deal in catalog.deals:
        for code in deal.records:
            deals_of.setdefault(code, []).append(deal)
    if near is None:
        near = related_records(catalog, records)
    shell = Shell(shell_html, own_path=RECORD_SHELL)
    job = _RecordPages(shell, catalog, records, near, deals_of, needs_by_record(catalog), history, site_url)
    for start, end in forked.bounds(len(records), PAGE_SLICE):
        yield from _record_slice(job, start, end)


def _record_slice(job: _RecordPages, start: int, end: int) -> list[tuple[str, str]]:
    out = []
    for i in range(start, end):
        record, code = job.records[i], job.records[i].code or ""
        revisions, more = record_history(job.history, record, job.catalog.repository)
        nearby = [job.records[j] for j in job.near[i]]
        body = record_page.record_body(
            record, job.catalog, nearby, job.deals_of.get(code, ()), job.needs_of.get(code, ()), revisions, more
        )
        head = record_page.record_jsonld(record, job.catalog, job.site_url)
        out.append(
            (
                f"records/{record.code}/index.html",
                job.shell.fill(record.title, tight(body), record_page.description(record), head, f"records/{record.code}"),
            )
        )
    return out


def need_jsonld(need, site_url: str) -> str:
    """schema.org Demand: what a firm seeks, where, for how much, until when."""
    from xyhf.domain.classify import cities
    from xyhf.render.base.text import json_for_script

    data = {
        "@context": "https://schema.org",
        "@type": "Demand",
        "identifier": need.code,
        "name": plain(need.title),
        "description": plain(f"{need.problem} {need.goal}")[:500],
        "url": f"{site_url}needs/{need.code}/",
        "areaServed": {"@type": "AdministrativeArea", "name": cities()[need.city]},
        "validFrom": need.listed_on,
        "validThrough": need.expires_on,
        "availability": "https://schema.org/InStock"
        if need.status == "open" and not need.expired
        else "https://schema.org/Discontinued",
        "itemOffered": {"@type": "Service", "name": plain(need.title), "category": "科技成果转化"},
    }
    if need.budget_max is not None:
        data["priceSpecification"] = {
            "@type": "PriceSpecification",
            "priceCurrency": "CNY",
            "maxPrice": need.budget_max,
            **({"minPrice": need.budget_min} if need.budget_min is not None else {}),
        }
    return f'<script type="application/ld+json">{json_for_script(data)}</script>'


def need_pages(shell_html: str, catalog: Catalog, site_url: str = "/") -> Iterator[tuple[str, str]]:
    shell = Shell(shell_html, own_path=NEED_SHELL)
    by_code = {n.code: n for n in catalog.needs}
    for code, title, body in need_list.need_details(catalog):
        need = by_code[code]
        head = need_jsonld(need, site_url)
        yield f"needs/{code}/index.html", shell.fill(title, tight(body), plain(need.problem)[:120], head, f"needs/{code}")


def needs_by_record(catalog: Catalog, per_record: int = 5) -> dict[str, list]:
    """Record code → its best (match, need) pairs: the matching read from the record's side."""
    by_code = {n.code: n for n in catalog.needs}
    out: dict[str, list] = {}
    for match in sorted(catalog.matches, key=lambda m: (-m.score, m.need)):
        pairs = out.setdefault(match.record, [])
        if len(pairs) < per_record:
            pairs.append((match, by_code[match.need]))
    return out


def feed_files(catalog: Catalog, site_url: str, updated: str, epoch: int, today: dt.date) -> Iterator[tuple[str, bytes]]:
    """Feeds, statistics tables and calendars (a job of the build's worker, jobs.py)."""
    yield from feeds.render_feeds(catalog, site_url)
    yield from need_feeds.render_need_feeds(catalog, site_url)
    yield from institution_files(catalog, today, epoch)
    yield from calendar.render_calendars(catalog, updated)
    yield from event_calendars(catalog, site_url, updated)


def sitemap(mkdocs_sitemap: str, records: list[Record], settings: Settings) -> Iterator[tuple[str, bytes]]:
    urls = [u for u in re.findall(r"<loc>(.*?)</loc>", mkdocs_sitemap) if RECORD_SHELL not in u]
    urls += [f"{settings.site_url}records/{r.code}/" for r in records]
    body = "".join(f"<url><loc>{esc(u)}</loc><lastmod>{settings.updated}</lastmod></url>" for u in urls)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
    ).encode()
    yield "sitemap.xml", xml
    yield "sitemap.xml.gz", gzip.compress(xml, 9, mtime=settings.epoch)


def files(catalog: Catalog, changes: list[ChangeRow], settings: Settings, mkdocs_sitemap: str) -> Iterator[tuple[str, bytes]]:
    """The files the main process writes beside the pages: the history, the schemas and the sitemap
    (MkDocs's, with the record pages added). The rest is the job worker's (jobs.py)."""
    yield from history_files(changes, settings.site_url)
    yield from ((f"schemas/{p.name}", p.read_bytes()) for p in sorted(SCHEMA_DIR.glob("*.json")))
    yield from sitemap(mkdocs_sitemap, catalog.published(), settings)
