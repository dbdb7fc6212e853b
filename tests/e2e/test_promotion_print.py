"""The yearly promotion directory as an official prints it and a firm reads it on a phone: one
compact A4 page (landscape) for the sample's twelve entries, codes on one line, contact and terms on
every row, no download links or buttons on paper; cards on a 390 px phone."""

from __future__ import annotations

import re

import pytest

from e2e_support import browser, served_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
PATH = "promotion/2026/"


def test_the_directory_prints_on_one_landscape_page(browser, served_site):  # noqa: F811
    _, base = served_site
    page = browser.new_page()
    page.goto(base + PATH)
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    boxes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)}
    assert boxes == {(842, 595)}  # A4 landscape, in points
    page.emulate_media(media="print")
    assert not page.is_visible("text=下载：") and not page.is_visible("[data-xyhf-print]")
    assert page.is_visible(".xyhf-print-only")
    rows = page.locator("table.xyhf-directory tbody tr")
    assert rows.count() == 12
    for i in range(rows.count()):
        code = rows.nth(i).locator("code")
        line = float(code.evaluate("c => parseFloat(getComputedStyle(c).lineHeight) || c.getBoundingClientRect().height"))
        assert code.bounding_box()["height"] <= line * 1.5, "a code stays on one line"
        assert re.search(r"\d{4}-\d{7,8}", rows.nth(i).inner_text()), "a phone number on every row"
        assert "零首付" in rows.nth(i).locator(".xyhf-dir-terms").inner_text()
    page.close()


def test_the_directory_is_cards_on_a_phone(browser, served_site):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(base + PATH)
    assert not page.is_visible("table.xyhf-directory thead")
    first = page.locator("table.xyhf-directory tbody tr").first
    assert first.bounding_box()["width"] > 330  # a card as wide as the screen, not a squeezed column
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


@pytest.mark.parametrize("path", ["promotion/2026/", "events/2026-12-18-changsha-new-materials/brochure/"])
def test_the_print_button_opens_the_print_dialog_once(browser, served_site, path):  # noqa: F811
    _, base = served_site
    page = browser.new_page()
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(base + path)
    page.click("[data-xyhf-print]")
    assert page.evaluate("window.__printed") == 1
    page.close()
