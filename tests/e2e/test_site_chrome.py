"""What every page carries: a readable H1, no sidebar holding a lone item, a footer naming who runs
the programme with the data licence and the data's date, and one count of records everywhere."""

from __future__ import annotations

import re

import pytest

from e2e_support import browser, served_site  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
PAGES = [
    "",
    "catalog/",
    "downloads/",
    "guide/",
    "contract/",
    "stats/",
    "needs/",
    "events/",
    "deals/",
    "holders/",
    "browse/",
    "feeds/",
]


@pytest.fixture(scope="module")
def site(served_site):
    """the served sample site's base URL"""
    return served_site[1]


def test_no_lonely_sidebar_a_dark_h1_and_a_footer_on_every_page(browser, site):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    for path in PAGES + ["records/HNXY-2026-ZL-00007-X/"]:
        page.goto(site + path)
        visible = page.eval_on_selector_all(".md-sidebar--primary .md-nav__item", "els => els.filter(e => e.offsetParent).length")
        assert visible == 0, path
        color = page.eval_on_selector("h1", "h => getComputedStyle(h).color")
        assert max(int(c) for c in re.findall(r"\d+", color)[:3]) < 80, (path, color)  # near black, not faded grey
        footer = page.inner_text(".md-footer")
        assert "主办单位" in footer and "湖南省科学技术厅" in footer and "CC BY 4.0" in footer
        assert re.search(r"数据更新：\d{4}-\d{2}-\d{2}", footer)
    page.close()


def test_one_count_of_records_says_which_statuses_it_includes(browser, site):  # noqa: F811
    page = browser.new_page()
    page.goto(site)
    home = page.inner_text(".xyhf-progress")
    shown = int(re.search(r"已发布 (\d+) 项", home).group(1))
    withdrawn = int(re.search(r"不含已撤回的 (\d+) 项", home).group(1))
    page.goto(site + "catalog/")
    page.wait_for_selector("#xyhf-search[data-ready]")
    count = page.inner_text(".xyhf-count")
    total = int(re.search(r"共 (\d+) 项成果", count).group(1))
    assert total == shown + withdrawn and f"已撤回 {withdrawn} 项" in count
    page.close()


def test_feeds_are_explained_and_their_addresses_copied_whole(browser, site):  # noqa: F811
    """A feed link does not drop a firm on raw XML: the downloads page sends it to 如何订阅, which
    lists every feed with its count and copies the absolute address a reader needs."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "downloads/")
    page.click("a[href$='feeds/']")
    assert page.inner_text("h1") == "订阅新成果与企业需求"
    rows = page.locator(".xyhf-feeds li")
    assert rows.count() > 20 and "RSS 阅读器" in page.inner_text("article")
    page.click("[data-xyhf-copy='../feeds/needs.xml']")
    page.wait_for_function("document.querySelector('[data-xyhf-copied]').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == site + "feeds/needs.xml"
    context.close()
