"""最近更新 and a record's 修改历史 on a 390 px phone and a desktop: reached from the nav, nothing
scrolls sideways. The sample site has history when built from a full clone; a shallow one says so."""

from __future__ import annotations

import pytest

from e2e_support import browser, served_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}])
def test_recent_changes_and_a_record_history_fit_the_screen(browser, served_site, viewport):  # noqa: F811
    site, base = served_site
    page = browser.new_page(viewport=viewport)
    page.goto(base + "stats/")
    if viewport["width"] > 1000:
        page.get_by_role("link", name="最近更新", exact=True).first.click()
    else:
        page.goto(base + "changes/")
    assert page.url.endswith("/changes/")
    assert page.locator("h1").inner_text() == "最近更新"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    links = page.eval_on_selector_all(".xyhf-changes > li > a", "as => as.map(a => a.getAttribute('href'))")
    if links:  # built with history: each change opens its record, whose page lists its history
        page.goto(base + "changes/" + links[0])
        assert page.locator("#history").is_visible()
        assert page.locator(".xyhf-history > li").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    else:
        assert "没有读取到成果库的修改历史" in page.content()
    page.close()
