"""The demand side in Chromium: a need page shows ranked matches with their reasons on a phone, a
record page shows the needs it could serve, and an event's brochure prints as one A4 page per
record (counted in the PDF Chromium prints)."""

from __future__ import annotations

import json
import re

import pytest

from e2e_support import browser, served_site  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(served_site):
    """(the built sample site, its base URL)"""
    return served_site


def _published(built_site) -> dict:
    return {n["code"]: n for n in json.loads((built_site / "data/needs.json").read_text(encoding="utf-8"))}


def test_a_need_page_shows_ranked_matches_with_reasons_on_a_phone(browser, site):  # noqa: F811
    built_site, base = site
    code, need = next((c, n) for c, n in _published(built_site).items() if len(n["matches"]) >= 2)
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}needs/{code}/")
    items = page.locator("ol.xyhf-matches > li")
    assert items.count() == len(need["matches"])
    first = items.nth(0)
    assert first.locator("a").first.get_attribute("href").endswith(f"records/{need['matches'][0]['record']}/")
    reasons = first.locator("ul > li").all_inner_texts()
    published = need["matches"][0]["reasons"]  # the page leaves out the status its badge shows
    assert reasons == [r for r in published if not r.startswith("成果状态：")] and all(r.strip() for r in reasons)
    status = next(r for r in published if r.startswith("成果状态：")).removeprefix("成果状态：")
    assert first.locator(".xyhf-badge").first.inner_text() == status
    assert first.is_visible()
    # Nothing overflows the phone's width (a long reason wraps instead).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/records/HNXY-"))
    assert "匹配的企业需求" in page.inner_text("article.md-content__inner")
    page.close()


def test_a_record_page_lists_the_needs_it_could_serve(browser, site):  # noqa: F811
    built_site, base = site
    rows = [(c, m["record"]) for c, n in _published(built_site).items() for m in n["matches"]]
    need_code, record = rows[0]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base}records/{record}/")
    block = page.locator("article.md-content__inner").inner_text()
    assert "匹配的企业需求" in block
    links = page.locator(f'a[href$="needs/{need_code}/"]')
    assert links.count() >= 1 and links.first.is_visible()
    page.close()


def test_the_event_brochure_prints_one_a4_page_per_record(browser, site):  # noqa: F811
    built_site, base = site
    page = browser.new_page()
    slug = "2026-12-18-changsha-new-materials"
    page.goto(f"{base}events/{slug}/brochure/")
    sheets = page.locator("article.xyhf-sheet").count()
    assert sheets == 6
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == sheets
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)  # A4 in points
    # The screen-only controls and the site chrome do not print.
    page.emulate_media(media="print")
    assert not page.locator("button[data-xyhf-print]").is_visible()
    assert not page.locator(".md-header").is_visible()
    page.close()


def test_the_event_page_links_its_brochure_calendar_and_records(browser, site):  # noqa: F811
    built_site, base = site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}events/")
    page.get_by_role("link", name=re.compile("郴州有色金属")).click()
    assert "活动成效" in page.inner_text("article.md-content__inner")
    ics = page.get_by_role("link", name=re.compile("加入日历")).get_attribute("href")
    assert ics and (built_site / "events" / ics.removeprefix("../")).exists()
    page.close()
