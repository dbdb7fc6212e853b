"""Wide tables and charts on a 390 px phone: the institutions table, the deal ledger and the needs list
scroll sideways under a sticky first column with a visible cue; the page itself never scrolls
sideways; every chart label is drawn at 12 px or more."""

from __future__ import annotations

import pytest

from e2e_support import browser, served_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("path", "table"),
    [("stats/institutions/", ".xyhf-institutions"), ("deals/", "#xyhf-deals"), ("needs/", "#xyhf-needs")],
)
def test_a_wide_table_scrolls_under_a_sticky_first_column_with_a_cue(browser, served_site, path, table):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    wrap = page.locator(f".xyhf-table-wrap:has({table})")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # the table scrolls inside its box
    cue = wrap.evaluate("w => getComputedStyle(w, '::before').content")
    assert "左右滑动" in cue
    first = page.locator(f"{table} tbody tr td:first-child").first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    wrap.evaluate("w => { w.scrollLeft = 200; }")
    assert first.evaluate("e => e.getBoundingClientRect().left") >= 0  # still in view after scrolling
    widths = page.eval_on_selector_all(
        f"{table} tbody tr:first-child td", "cells => cells.map(c => c.getBoundingClientRect().width)"
    )
    assert min(widths) >= 60, widths  # no column squeezed to a character per line
    page.close()


@pytest.mark.parametrize("path", ["stats/", "stats/outcomes/"])
def test_chart_labels_are_at_least_12_px(browser, served_site, path):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + path)
    sizes = page.evaluate(
        """() => {
          const out = [];
          document.querySelectorAll('.xyhf-bars-label, .xyhf-bars-value').forEach(e => out.push(parseFloat(getComputedStyle(e).fontSize)));
          document.querySelectorAll('svg.xyhf-chart').forEach(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            svg.querySelectorAll('text').forEach(t => out.push(parseFloat(getComputedStyle(t).fontSize) * scale));
          });
          return out;
        }"""
    )
    assert sizes and min(sizes) >= 12, min(sizes)
    page.close()
