"""Small things a visitor meets: Chinese text alternatives, "订阅（Atom）", the contract builder's markup
(checkbox glyphs named, alerts not on lists, no empty options), and record and need pages whose header
label names only controls the page has."""

from __future__ import annotations

import re

import pytest

from e2e_support import browser, served_site  # noqa: F401 - fixtures


def pages(site):
    yield from sorted(site.glob("*/index.html"))
    yield site / "index.html"
    yield next(iter(sorted(site.glob("records/*/index.html"))))
    yield next(iter(sorted(site.glob("needs/HN*/index.html"))))


def test_text_alternatives_are_chinese_and_feeds_say_订阅_first(served_site):
    site, _ = served_site
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        for alt in re.findall(r'\balt="([^"]*)"', html):
            assert not re.search(r"[A-Za-z]{3,}", alt), (path, alt)
        assert "Atom 订阅" not in html, path
    need = next(iter(sorted(site.glob("needs/HN*/index.html")))).read_text(encoding="utf-8")
    assert "订阅（Atom）" in need


def test_the_contract_builder_markup_is_accessible(served_site):
    site, _ = served_site
    html = (site / "contract/index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<span class="xyhf-box"[^>]*>', html)
    assert boxes and all('role="img"' in b and 'aria-label="' in b for b in boxes)
    assert not re.search(r"<ul[^>]*role=\"alert\"", html)
    assert not re.search(r"<option[^>]*>\s*</option>", html)


@pytest.mark.browser
def test_record_and_need_pages_name_only_controls_they_have(browser, served_site):  # noqa: F811
    site, base = served_site
    record = next(iter(sorted(site.glob("records/*/index.html")))).parent.name
    need = next(iter(sorted(site.glob("needs/HN*/index.html")))).parent.name
    for path in (f"records/{record}/", f"needs/{need}/"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        for target in re.findall(r'<label[^>]*\bfor="([^"]+)"', html):
            assert f'id="{target}"' in html, (path, target)  # as served, before any script runs
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(base + path)
        page.wait_for_selector('label[for="__search"]', state="attached")  # the script puts the magnifier back
        assert page.locator("#__search").count() == 1
        page.close()
