"""The stations page's follow-up service in a real browser, on the built sample site: on a 390 px phone
and a desktop the page never scrolls sideways, the 明细 link of 长沙 lands on its follow-up list, the
figures read the same as the list below them, and an unconsented broker shows no name or phone."""

from __future__ import annotations

import pytest

from e2e_support import browser, served_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}])
def test_station_follow_ups_read_on_phone_and_desktop(browser, served_site, viewport):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=viewport, is_mobile=viewport["width"] < 500)
    page.goto(base + "stations/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    card = page.locator("#station-430100")
    figure = card.locator('[data-figure="this_month"]').inner_text()
    card.get_by_role("link", name="明细").click()
    assert page.evaluate("location.hash") == "#followups-430100"
    detail = page.locator("#followups-430100")
    assert detail.is_visible()
    shown = detail.locator(".xyhf-followup-list li").count()
    assert figure.endswith(f"跟踪 {shown} 次") and shown == 3
    deals = card.locator('[data-figure="deals"]').inner_text()
    assert deals == f"跟进后成交 {detail.locator('.xyhf-followup-deals li').count()} 项"
    brokers = card.locator(".xyhf-brokers").inner_text()
    assert "示例 张工" in brokers and "长沙市工作站技术经理人" in brokers
    assert "示例 李工" not in page.content() and "13800000001" not in page.content()
    page.close()
