"""A record page as a firm decides on a phone: what it solves, the terms in one line and the actions
(电话 as tel:, 邮件 with the subject and body prefilled, 生成合同) above the fold; a withdrawn record
shows why and hides contact and terms; the JSON-LD Offer carries the real price."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from e2e_support import browser, served_site  # noqa: F401 - the fixture
from xyhf.views import base_fee

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def site(served_site):
    """(the built sample site, its base URL)"""
    return served_site


@pytest.fixture(scope="module")
def catalog():
    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog

    return load_valid_catalog(ROOT / "catalog", TODAY)[1]


@pytest.mark.parametrize("screen", [PHONE, DESK], ids=["390x844", "1366x900"])
def test_the_actions_are_above_the_fold_and_work(browser, site, catalog, screen):  # noqa: F811
    _, base = site
    record = catalog.by_code["HNXY-2026-ZL-00007-X"]
    page = browser.new_page(viewport=screen, is_mobile=screen is PHONE)
    page.goto(f"{base}records/{record.code}/")
    tel = page.locator(".xyhf-decide a[href^='tel:']")
    mail = page.locator(".xyhf-decide a[href^='mailto:']")
    contract = page.locator(f".xyhf-decide a[href$='contract/?code={record.code}']")
    for action in (tel, mail, contract):
        box = action.bounding_box()
        assert box and box["y"] + box["height"] <= screen["height"], "every action is on the first screen"
    assert re.fullmatch(r"tel:\+?[0-9]+", tel.get_attribute("href"))
    mailto = urlparse(mail.get_attribute("href"))
    query = parse_qs(mailto.query)
    assert "@" in unquote(mailto.path)
    assert record.code in query["subject"][0] and record.title in query["subject"][0] and "我要洽谈" in query["subject"][0]
    assert record.code in query["body"][0] and "企业名称" in query["body"][0]
    terms = page.inner_text(".xyhf-terms")
    assert terms.startswith("零首付") and f"{base_fee(record) / 10000:g} 万元" in terms
    contract.click()  # the builder opens on this record (tests/e2e/test_contract_builder.py builds the file)
    page.wait_for_selector(f"[data-xyhf-source] a[href$='records/{record.code}/']")
    page.close()


def test_a_withdrawn_record_says_why_and_hides_contact_and_terms(browser, site, catalog):  # noqa: F811
    built, base = site
    withdrawn = next(r for r in catalog.published() if r.status == "withdrawn")
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}records/{withdrawn.code}/")
    text = page.inner_text("article.xyhf-record")
    assert "该成果已撤回" in text and "不再接受洽谈" in text
    assert page.locator("a[href^='tel:'], a[href^='mailto:'], .xyhf-decide").count() == 0
    headings = page.locator("article.xyhf-record h2").all_inner_texts()
    assert "转化费用支付方式" not in headings and "联系方式" not in headings and "简要说明" in headings
    html = (built / f"records/{withdrawn.code}/index.html").read_text(encoding="utf-8")
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "offers" not in json.loads(block)
    page.close()


def test_json_ld_offers_the_real_price(site, catalog):
    built, _ = site
    for record in [r for r in catalog.published() if r.status != "withdrawn"][:20]:
        html = (built / f"records/{record.code}/index.html").read_text(encoding="utf-8")
        [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        offer = json.loads(block)["offers"]
        assert offer["price"] == base_fee(record) and offer["price"] > 0
        assert offer["priceSpecification"][0]["price"] == 0  # nothing up front
        assert offer["description"].startswith("零首付")


def test_the_fiscal_flag_is_phrased_for_firms(site, catalog):
    built, _ = site
    flagged = [r for r in catalog.published() if r.derived.fiscal_unconverted_5y and r.status != "withdrawn"]
    for record in flagged:
        html = (built / f"records/{record.code}/index.html").read_text(encoding="utf-8")
        assert "可按开放许可获得" in html and "财政资助满 5 年未转化</span>" not in html


def test_shortlist_survives_reload_and_compare_shows_records_side_by_side(browser, site, catalog):  # noqa: F811
    _, base = site
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    codes = ["HNXY-2026-ZL-00007-X", "HNXY-2026-ZL-00037-9"]
    for code in codes:
        page.goto(f"{base}records/{code}/")
        page.click(f".xyhf-decide [data-xyhf-save='{code}']")
        assert page.get_attribute(f".xyhf-decide [data-xyhf-save='{code}']", "aria-pressed") == "true"
    page.reload()
    assert page.inner_text(f".xyhf-decide [data-xyhf-save='{codes[1]}']") == "已收藏"  # kept in this browser
    assert "对比收藏（2）" in page.inner_text(".xyhf-decide")
    page.goto(f"{base}catalog/?kw=" + "正极材料")
    page.wait_for_selector("#xyhf-search[data-ready]")
    assert page.get_attribute(f".xyhf-results [data-xyhf-save='{codes[0]}']", "aria-pressed") == "true"
    page.goto(f"{base}compare/")
    page.wait_for_selector("#xyhf-compare[data-ready]")
    heads = page.locator("table.xyhf-compare thead th a").all_inner_texts()
    assert heads == [catalog.by_code[codes[1]].title, catalog.by_code[codes[0]].title]  # newest saved first
    assert f"codes={codes[1]},{codes[0]}" in page.url  # shareable
    terms = page.locator("table.xyhf-compare tbody tr", has_text="转化条件").inner_text()
    assert terms.count("零首付") == 2
    context.close()


def test_compare_from_a_shared_address_renders_four_and_prints(browser, site, catalog):  # noqa: F811
    _, base = site
    four = [r.code for r in catalog.published() if r.status == "available"][:4]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base}compare/?codes=" + ",".join(four + ["HNXY-BAD", "<script>"]))
    page.wait_for_selector("#xyhf-compare[data-ready]")
    assert page.locator("table.xyhf-compare thead th a").count() == 4
    assert page.locator("table.xyhf-compare tbody tr").count() >= 8
    page.emulate_media(media="print")
    assert not page.locator("#xyhf-compare .xyhf-screen-only").is_visible()
    page.close()


def test_the_phone_menu_of_a_record_page_lists_every_tab(browser, site):  # noqa: F811
    """Record pages do not carry the menu twice: the drawer is filled from the tabs (site.js)."""
    built, base = site
    html = (built / "records/HNXY-2026-ZL-00007-X/index.html").read_text(encoding="utf-8")
    assert "md-nav__link" not in html, "the drawer's list is not in the page's HTML"
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}records/HNXY-2026-ZL-00007-X/")
    tabs = page.locator(".md-tabs__link").evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])")
    page.click("label.md-header__button[for=__drawer]")
    drawer = page.locator("[data-xyhf-drawer] a.md-nav__link")
    drawer.filter(has_text="提交指南").wait_for(state="visible")
    assert drawer.evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])") == tabs
    assert len(tabs) >= 10 and tabs[1][0] == "成果检索"
    drawer.filter(has_text="成果检索").click()
    page.wait_for_url(re.compile(r"/catalog/$"))
    page.close()


CHROME = {  # what assets/xyhf/chrome.js puts back on record and need pages, as the theme wrote it
    "search": ".md-search",
    "search toggle": "#__search",
    "skip": "[data-md-component=skip]",
    "dialog": ".md-dialog",
    "sidebar": ".md-sidebar--primary",
    "top": ".md-top",
    "menu icon": ".md-header__inner > label[for=__drawer]",
    "search icon": ".md-header__inner > label[for=__search]",
    "footer": ".md-footer",
}
OUTER = (  # links written relative to each page, compared as the addresses they resolve to
    "e => { const c = e.cloneNode(true); c.querySelectorAll('[href]').forEach(a => a.setAttribute('href', a.href));"
    " c.querySelectorAll('[src]').forEach(i => i.setAttribute('src', i.src)); return c.outerHTML; }"
)
CHROME_JS = "() => ({config: JSON.parse(document.getElementById('__config').textContent), scope: __md_scope.href})"


@pytest.mark.parametrize("lean", ["records/HNXY-2026-ZL-00007-X/", "needs/HNXQ-2026-00001-7/"])
def test_a_lean_page_ends_up_with_the_theme_chrome_of_a_full_page(browser, site, lean):  # noqa: F811
    """Record and need pages leave the theme's script-only parts to chrome.js; once it has run, the
    page has the same search dialog, sidebar, button, icons, configuration, footer and tab links as a
    full page."""
    built, base = site
    html = (built / lean / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in html and "__config" not in html and "<svg" not in html
    seen = {}
    for path in (lean, "holders/cdny/"):  # a generated page at the same depth, rendered in full
        page = browser.new_page(viewport=PHONE, is_mobile=True)
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent.includes('初始化')")
        assert not errors, errors  # the theme's search worker started: it found its configuration
        found = {name: page.locator(css).evaluate(OUTER) for name, css in CHROME.items()}
        found["js"] = page.evaluate(CHROME_JS)
        found["tabs"] = page.locator(".md-tabs__link").evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])")
        seen[path] = found
        page.close()
    full = seen["holders/cdny/"]
    for name in [*CHROME, "js", "tabs"]:
        assert seen[lean][name] == full[name], name
    assert len(full["tabs"]) >= 10


def test_fact_tables_read_as_row_headers_without_scope(browser, site):  # noqa: F811
    """The two-column fact tables drop scope="row" (25 per page); browsers still announce each
    first-column header as the header of its row."""
    _, base = site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}records/HNXY-2026-ZL-00007-X/")
    headers = page.locator("table.xyhf-facts th").count()
    assert headers >= 10
    assert page.get_by_role("rowheader").count() == headers
    assert page.get_by_role("columnheader").count() == page.locator("table.xyhf-milestones th").count()
    page.close()


def test_every_sample_record_page_prints_on_one_a4_sheet(browser, site, catalog):  # noqa: F811
    """On paper a record page is one A4 sheet for a 对接会: its facts, terms and contact, and its
    address; the buttons, matches, downloads and related records stay on screen."""
    built, base = site
    page = browser.new_page()
    codes = sorted(p.name for p in (built / "records").iterdir() if p.is_dir())
    assert len(codes) == len(catalog.published())
    for code in codes:
        page.goto(f"{base}records/{code}/")
        pdf = page.pdf(prefer_css_page_size=True)
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, code
        assert all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes), code
    page.goto(f"{base}records/HNXY-2026-ZL-00007-X/")
    page.emulate_media(media="print")
    assert page.locator(".xyhf-print-url").inner_text() == "本页网址：https://xyhf.example.org/records/HNXY-2026-ZL-00007-X/"
    assert page.locator(".xyhf-terms").is_visible() and page.get_by_text("联系方式").is_visible()
    for hidden in (".xyhf-actions", ".xyhf-related", ".xyhf-downloads", "h2:has(+ .xyhf-related)"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.emulate_media(media="screen")
    assert not page.locator(".xyhf-print-url").is_visible()
    page.close()


def test_the_compare_button_appears_once_something_is_saved(browser, site):  # noqa: F811
    _, base = site
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base}records/HNXY-2026-ZL-00007-X/")
    compare = page.locator(".xyhf-decide [data-xyhf-compare-count]")
    assert not compare.is_visible(), "an empty shortlist offers nothing to compare"
    page.click(".xyhf-decide [data-xyhf-save]")
    assert compare.is_visible() and compare.inner_text() == "对比收藏（1）"
    context.close()
