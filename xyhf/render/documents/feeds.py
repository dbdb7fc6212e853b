"""Atom feeds of newly listed records: all, and one per type, technology field and city.

An SME subscribes to its own field (the plan asks for targeted push). Entry ids are the
unified codes (urn:xyhf:<code>), so they never change.
"""

from __future__ import annotations

from collections.abc import Iterator

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.labels import TYPE_LABELS
from xyhf.model.records import Catalog, Record
from xyhf.render.base.text import xml_text

FEED_SIZE = 50


def _entry(record: Record, catalog: Catalog, site_url: str) -> str:
    holder = catalog.holders[record.holder]
    url = f"{site_url}records/{record.code}/"
    summary = f"{holder.name} · {TYPE_LABELS[record.type]} · TRL {record.trl} · {record.summary[:200]}"
    updated = f"{record.status_since or record.listed_on}T00:00:00+08:00"
    cats = "".join(
        f'<category term="{xml_text(t)}"/>'
        for t in (TYPE_LABELS[record.type], record.derived.city_name, record.derived.tech_field_name)
        if t
    )
    return (
        f"<entry><id>urn:xyhf:{record.code}</id><title>{xml_text(record.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{xml_text(url)}"/>'
        f"<published>{record.listed_on}T00:00:00+08:00</published><updated>{updated}</updated>"
        f"<author><name>{xml_text(holder.name)}</name></author>{cats}"
        f"<summary>{xml_text(summary)}</summary></entry>"
    )


def render_feed(feed_id: str, title: str, records: list[Record], catalog: Catalog, site_url: str) -> bytes:
    newest = sorted(records, key=lambda r: (r.listed_on, r.code or ""), reverse=True)[:FEED_SIZE]
    updated = max((f"{r.status_since or r.listed_on}" for r in newest), default="2025-12-24")
    return atom(feed_id, title, f"{updated}T00:00:00+08:00", [_entry(r, catalog, site_url) for r in newest], site_url)


def atom(feed_id: str, title: str, updated: str, entries: list[str], site_url: str, alternate: str = "") -> bytes:
    """The project's Atom document around entries already written as escaped XML."""
    self_url = f"{site_url}feeds/{feed_id}.xml"
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
        f"<id>{xml_text(self_url)}</id><title>{xml_text(title)}</title>"
        f'<link rel="self" type="application/atom+xml" href="{xml_text(self_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{xml_text(site_url + alternate)}"/>'
        f"<updated>{updated}</updated><author><name>湖南省科技成果“先用后付”成果库</name></author>"
        + "".join(entries)
        + "</feed>\n"
    )
    return text.encode("utf-8")


def feed_list(catalog: Catalog) -> list[tuple[str, str, list[Record]]]:
    """(feed id, title, records) for every feed, in a stable order; the records grouped in one pass
    (a pass a feed was 55 passes over 25,000 records)."""
    live = [r for r in catalog.published() if r.status != "withdrawn"]
    by_type: dict[str, list[Record]] = {}
    by_field: dict[int | None, list[Record]] = {}
    by_city: dict[str, list[Record]] = {}
    for r in live:
        by_type.setdefault(r.type, []).append(r)
        by_field.setdefault(r.derived.tech_field, []).append(r)
        by_city.setdefault(r.derived.city, []).append(r)
    feeds = [("all", "“先用后付”新入库成果", live)]
    for t, label in TYPE_LABELS.items():
        feeds.append((f"type-{t}", f"新入库成果：{label}", by_type.get(t, [])))
    for f in tech_fields().values():
        feeds.append((f"field-{f.id}", f"新入库成果：{f.name_zh}", by_field.get(f.id, [])))
    for code, name in cities().items():
        feeds.append((f"city-{code}", f"新入库成果：{name}", by_city.get(code, [])))
    return feeds


def render_feeds(catalog: Catalog, site_url: str) -> Iterator[tuple[str, bytes]]:
    for feed_id, title, records in feed_list(catalog):
        yield f"feeds/{feed_id}.xml", render_feed(feed_id, title, records, catalog, site_url)
