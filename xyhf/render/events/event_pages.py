"""Matchmaking events (专场对接会, 成果路演): the events list, a page per event with the records
and needs shown and, afterwards, its outcomes; a printable brochure (one A4 sheet per record with
a QR code to its page); an iCalendar file per event. Pure: catalog in, pages and bytes out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import segno
from markupsafe import Markup

from xyhf.domain.classify import cities, tech_fields
from xyhf.model.records import Catalog
from xyhf.model.events import Event
from xyhf.render.documents.calendar import event_times, fold_lines, ical_text
from xyhf.render.deals.deal_pages import case_slug
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render
from xyhf.views import public_contact, terms_line

SUMMARY_CHARS = 160  # what fits on the sheet beside the title, terms and contact


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code of our own URL (never of record text): error level M survives a crease.
    A viewBox and no fixed size, so the code fills the box site.css gives it (35 mm on paper)."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=3, border=2, title="扫码打开成果页面", omitsize=True)
    return Markup(svg)  # noqa: S704 - segno's own markup of a URL we built


def sheet(catalog: Catalog, code: str, site_url: str) -> dict:
    record = catalog.by_code[code]
    holder = catalog.holders[record.holder]
    summary = record.summary if len(record.summary) <= SUMMARY_CHARS else record.summary[: SUMMARY_CHARS - 1] + "…"
    return {
        "record": record,
        "holder": holder,
        "summary": summary,
        "terms": terms_line(record),
        "contact": public_contact(record, holder) if record.status != "withdrawn" else {},
        "qr": qr_svg(f"{site_url}records/{code}/"),
    }


def _context(event: Event, catalog: Catalog) -> dict:
    needs = {n.code: n for n in catalog.needs}
    deals = {d.contract_no: d for d in catalog.deals}
    return {
        "event": event,
        "records": [catalog.by_code[c] for c in event.records if c in catalog.by_code],
        "needs": [needs[c] for c in event.needs if c in needs],
        "fields": [tech_fields()[f].name_zh for f in event.fields if f in tech_fields()],
        "deals": [(deals[c], case_slug(c)) for c in (event.outcomes.deals if event.outcomes else ()) if c in deals],
        "past": event.is_past(catalog.today),
        "catalog": catalog,
    }


def event_pages(catalog: Catalog, site_url: str) -> list[Page]:
    pages = []
    for event in catalog.events:
        context = _context(event, catalog)
        pages.append(Page(f"events/{event.slug}/index.md", event.title, render("event.html", **context)))
        sheets = [sheet(catalog, r.code or "", site_url) for r in context["records"]]
        pages.append(
            Page(f"events/{event.slug}/brochure.md", f"{event.title} · 宣传册", render("brochure.html", sheets=sheets, **context))
        )
    upcoming = [e for e in catalog.events if not e.is_past(catalog.today)]
    past = [e for e in reversed(catalog.events) if e.is_past(catalog.today)]
    pages.append(Page("events/index.md", "对接会与路演", render("events_index.html", upcoming=upcoming, past=past)))
    pages.append(builder_page(catalog, site_url))
    return pages


def builder_page(catalog: Catalog, site_url: str) -> Page:
    """events/new/: a broker's own brochure in the browser (assets/xyhf/event-builder.js), the QR code
    of the same address as sheet() above; "new" never clashes with an event's <date>-<slug>."""
    body = render(
        "event_builder.html",
        site_url=site_url,
        sample=catalog.sample_data,
        city_json=json.dumps(cities(), ensure_ascii=False, sort_keys=True),
    )
    return Page("events/new/index.md", "制作对接会宣传册", body)


def event_calendars(catalog: Catalog, site_url: str, updated: str) -> Iterator[tuple[str, bytes]]:
    """events/<slug>.ics: one VEVENT, floating local time (Beijing) when a time is given."""
    stamp = updated.replace("-", "") + "T000000Z"  # from the data, so rebuilds are identical
    for event in catalog.events:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Hunan XYHF catalog//events//ZH",
            "CALSCALE:GREGORIAN",
            "BEGIN:VEVENT",
            f"UID:event-{event.slug}@xyhf",
            f"DTSTAMP:{stamp}",
            *event_times(dt.date.fromisoformat(event.date), event.start, event.end),
            f"SUMMARY:{ical_text(event.title)}",
            f"LOCATION:{ical_text(event.venue)}",
            f"DESCRIPTION:{ical_text(f'主办：{event.host}。展示成果 {len(event.records)} 项。')}",
            f"URL:{site_url}events/{event.slug}/",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        yield f"events/{event.slug}.ics", fold_lines(lines)
