"""Enterprise needs as published from the sample catalog: pages with ranked, explained matches, the
record side of the matching, open data that agrees, and the privacy rule for contacts."""

from __future__ import annotations

import csv
import io
import json

from conftest import ROOT
from xyhf.source.discover import load_catalog


def sample_needs() -> dict[str, dict]:
    return {s.data["code"]: s.data for _, s in sorted(load_catalog(ROOT / "catalog").needs.items())}


def test_sample_needs_meet_the_issue():
    needs = sample_needs()
    assert len(needs) >= 40 and len({n["enterprise"]["city"] for n in needs.values()}) >= 8


def test_needs_json_matches_csv_and_pages_agree(built_site):
    needs = sample_needs()
    published = {n["code"]: n for n in json.loads((built_site / "data/needs.json").read_text(encoding="utf-8"))}
    assert set(published) == set(needs)
    rows = list(csv.DictReader(io.StringIO((built_site / "data/matches.csv").read_text(encoding="utf-8-sig"))))
    assert rows and all(r["reasons"] for r in rows)
    for code, need in published.items():
        assert [m["record"] for m in need["matches"]] == [r["record"] for r in rows if r["need"] == code]
    matched = next(code for code, n in published.items() if n["matches"])
    page = (built_site / f"needs/{matched}/index.html").read_text(encoding="utf-8")
    first = published[matched]["matches"][0]
    assert first["record"] in page and first["reasons"][0] in page and "可能解决这项需求的成果" in page
    record_page = (built_site / f"records/{first['record']}/index.html").read_text(encoding="utf-8")
    assert "匹配的企业需求" in record_page and f"needs/{matched}/" in record_page


def test_contact_phone_only_with_consent(built_site):
    needs = sample_needs()
    published = {n["code"]: n for n in json.loads((built_site / "data/needs.json").read_text(encoding="utf-8"))}
    for code, need in needs.items():
        phone = need.get("contact", {}).get("phone")
        page = (built_site / f"needs/{code}/index.html").read_text(encoding="utf-8")
        if need.get("publish_contact"):
            assert published[code]["contact"]["phone"] == phone and phone in page
        elif phone:
            assert not (published[code].get("contact") or {}).get("phone") and phone not in page


def _text_outputs(site):
    """Every file of the site a person or a program reads as text, and the SQLite and XLSX files' bytes."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".ics", ".txt", ".sqlite", ".xlsx", ".yaml"):
            yield path


def test_a_need_contacts_name_is_published_only_with_consent_anywhere(built_site):
    """Issue 24: the name is personal data like the phone and the e-mail. Without consent it is in no
    output (pages, JSON, CSV, feeds, calendars, SQLite, workbooks); the need page names the station."""
    import zipfile

    hidden = {
        need["contact"]["name"]: code
        for code, need in sample_needs().items()
        if not need.get("publish_contact") and (need.get("contact") or {}).get("name")
    }
    shown = {need["contact"]["name"] for need in sample_needs().values() if need.get("publish_contact") and need.get("contact")}
    hidden = {name: code for name, code in hidden.items() if name not in shown and len(name) >= 2}
    assert hidden, "the sample has needs whose contact did not consent"
    for path in _text_outputs(built_site):
        raw = path.read_bytes()
        texts = [raw.decode("utf-8", "ignore")]
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts = [z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml")]
        for name, code in hidden.items():
            assert not any(name in t for t in texts), (name, code, path.relative_to(built_site))
    code = next(iter(hidden.values()))
    page = (built_site / f"needs/{code}/index.html").read_text(encoding="utf-8")
    assert "企业未公开联系人，请联系" in page and "stations/" in page


def test_need_and_holder_feeds_parse_with_stable_ids(built_site):
    import feedparser

    published = {n["code"]: n for n in json.loads((built_site / "data/needs.json").read_text(encoding="utf-8"))}
    new = feedparser.parse((built_site / "feeds/needs.xml").read_bytes())
    assert not new.bozo and {e.id for e in new.entries} <= {f"urn:xyhf:need:{c}" for c in published}
    code = next(c for c, n in published.items() if n["matches"])
    feed = feedparser.parse((built_site / f"feeds/need/{code}.xml").read_bytes())
    assert not feed.bozo and [e.id for e in feed.entries] == [
        f"urn:xyhf:match:{code}:{m['record']}" for m in published[code]["matches"]
    ]
    holder_feeds = sorted((built_site / "feeds/holder").glob("*.xml"))
    assert holder_feeds and all(not feedparser.parse(p.read_bytes()).bozo for p in holder_feeds)


def test_need_pages_carry_schema_org_demand(built_site):
    import re

    for code, need in list(sample_needs().items())[:5]:
        html = (built_site / f"needs/{code}/index.html").read_text(encoding="utf-8")
        [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block)
        assert data["@type"] == "Demand" and data["identifier"] == code and data["validThrough"] == need["expires_on"]
        if "budget_cny" in need and "max" in need["budget_cny"]:
            assert data["priceSpecification"]["maxPrice"] == need["budget_cny"]["max"]
