"""What every page carries: a readable H1, no sidebar holding a lone item, a footer naming who runs
the programme with the data licence and the data's date, and one count of records everywhere."""

from __future__ import annotations

import re

import pytest

from e2e_support import browser, serve  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
PAGES = ["", "catalog/", "downloads/", "guide/", "contract/", "stats/", "needs/", "events/", "deals/", "holders/", "browse/"]


@pytest.fixture(scope="module")
def site(built_site):
    server, base = serve(built_site)
    yield base
    server.shutdown()


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
