"""Precise push without a server: Atom feeds a firm or a holder subscribes to.

- feeds/needs.xml: new enterprise needs;
- feeds/need/<code>.xml: the achievements matching one need, best first (a firm follows its own need);
  each says who holds it and why it matched, the fit details (city, payment, TRL, budget) stay on the
  need page (5,000 feeds: 9 MiB);
- feeds/holder/<holder_id>.xml: the needs matching one holder's achievements, newest first.
Entry ids are stable URNs (urn:xyhf:need:<code>, urn:xyhf:match:<need>:<record>)."""

from __future__ import annotations

from collections.abc import Iterator

from xyhf.model.records import Catalog
from xyhf.render.base.text import xml_text
from xyhf.search.match import why_in_brief

AUTHOR = "湖南省科技成果“先用后付”成果库"


def _feed(path: str, title: str, entries: list[str], updated: str, site_url: str) -> bytes:
    self_url = f"{site_url}{path}"
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
        f"<id>{xml_text(self_url)}</id><title>{xml_text(title)}</title>"
        f'<link rel="self" type="application/atom+xml" href="{xml_text(self_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{xml_text(site_url)}"/>'
        f"<updated>{updated}T00:00:00+08:00</updated><author><name>{AUTHOR}</name></author>" + "".join(entries) + "</feed>\n"
    )
    return text.encode("utf-8")


def _entry(entry_id: str, title: str, url: str, day: str, summary: str) -> str:
    return (
        f"<entry><id>{xml_text(entry_id)}</id><title>{xml_text(title)}</title>"
        f'<link href="{xml_text(url)}"/>'  # rel="alternate" is Atom's default (RFC 4287 4.2.7.2): 1.6 MiB less
        f"<updated>{day}T00:00:00+08:00</updated>"  # Atom needs no <published>; 5,000 need feeds, 3 MB
        f"<summary>{xml_text(summary)}</summary></entry>"
    )


def render_need_feeds(catalog: Catalog, site_url: str) -> Iterator[tuple[str, bytes]]:
    needs = {n.code: n for n in catalog.needs}
    latest = max((n.listed_on for n in catalog.needs), default="2025-12-24")
    new_needs = [
        _entry(
            f"urn:xyhf:need:{n.code}",
            n.title,
            f"{site_url}needs/{n.code}/",
            n.listed_on,
            f"{n.enterprise.name} · {n.problem[:150]}",
        )
        for n in catalog.needs[:50]
    ]
    yield "feeds/needs.xml", _feed("feeds/needs.xml", "企业技术需求", new_needs, latest, site_url)
    by_need: dict[str, list] = {}
    by_holder: dict[str, list] = {}
    for m in catalog.matches:
        by_need.setdefault(m.need, []).append(m)
        by_holder.setdefault(catalog.by_code[m.record].holder, []).append(m)
    for code, need in needs.items():
        records = [catalog.by_code[m.record] for m in by_need.get(code, [])]
        yield f"feeds/need/{code}.xml", _need_feed(code, need.title, records, by_need.get(code, []), catalog, site_url)
    for holder_id, matches in sorted(by_holder.items()):
        matches = sorted(matches, key=lambda m: (needs[m.need].listed_on, m.need), reverse=True)[:50]
        entries = [
            _entry(
                f"urn:xyhf:match:{m.need}:{m.record}",
                needs[m.need].title,
                f"{site_url}needs/{m.need}/",
                needs[m.need].listed_on,
                f"可能用上：{catalog.by_code[m.record].title}。{'；'.join(why_in_brief(m.reasons))}",  # the rest is on the need page
            )
            for m in matches
        ]
        name = catalog.holders[holder_id].name
        updated = max((needs[m.need].listed_on for m in matches), default=latest)
        yield (
            f"feeds/holder/{holder_id}.xml",
            _feed(f"feeds/holder/{holder_id}.xml", f"与{name}成果匹配的企业需求", entries, updated, site_url),
        )


def _need_feed(code: str, title: str, records, matches, catalog: Catalog, site_url: str) -> bytes:
    entries = [
        _entry(
            f"urn:xyhf:match:{code}:{m.record}",
            r.title,
            f"{site_url}records/{r.code}/",
            r.listed_on,
            f"{catalog.holders[r.holder].name} · {'；'.join(why_in_brief(m.reasons))}",
        )
        for r, m in zip(records, matches, strict=True)
    ]
    updated = max((r.listed_on for r in records), default="2025-12-24")
    return _feed(f"feeds/need/{code}.xml", f"与需求“{title}”匹配的成果", entries, updated, site_url)
