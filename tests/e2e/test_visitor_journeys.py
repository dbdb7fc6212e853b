"""Every visitor's task ends somewhere (issue 23), on a 390×844 phone: the clerk fills the record form
and leaves with a file named after the title and an e-mail addressed to the right station; the firm
finds "发布需求" in the menu and its e-mail goes to its city's station, or to the office where the city
has none. Nothing in the main flow speaks of YAML, slugs, forks or pull requests."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from conftest import ROOT, TODAY
from e2e_support import browser, check_written, served_site  # noqa: F401 - fixtures
from test_submit_form import PATENT, fill

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
JARGON = re.compile(r"(?<!\.)yaml|slug|fork|pull request|拉取请求|合并请求", re.IGNORECASE)  # a file's .yaml is its name


def desks():
    from xyhf.model_stations import desk_for
    from xyhf.pipeline import load_valid_catalog

    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    return catalog, lambda city: desk_for(catalog.desks, city)


def mail_of(page) -> tuple[str, str, str]:
    """(address, subject, body) of the 发邮件提交 link."""
    href = page.get_attribute("[data-xyhf-mail]", "href")
    url = urlparse(href)
    assert url.scheme == "mailto"
    query = parse_qs(url.query)
    return unquote(url.path), query["subject"][0], query["body"][0]


def test_the_clerk_gets_a_file_named_after_the_title_and_a_mail_to_the_holders_station(browser, served_site, tmp_path):  # noqa: F811
    catalog, desk_for = desks()
    station = desk_for(catalog.holders["xjlg"].city)
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True, accept_downloads=True)
    page.goto(base + "submit/")
    page.select_option('[name="_place"]', "xjlg")
    fill(page, PATENT)
    page.wait_for_function("document.querySelector('[data-xyhf-status]').textContent.includes('检查通过')")
    main = page.inner_text("article")
    assert not JARGON.search(main), JARGON.search(main)
    with page.expect_download() as download:
        page.click("[data-xyhf-download]")
    assert download.value.suggested_filename == f"{PATENT['title']}.yaml"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rel = text.splitlines()[0].removeprefix("# catalog/")
    assert check_written(tmp_path, {rel: text}).ok
    address, subject, body = mail_of(page)
    assert address == station.email and station.email in page.inner_text("[data-xyhf-desk]")
    assert PATENT["title"] in subject and catalog.holders["xjlg"].name in subject
    assert f"{PATENT['title']}.yaml" in body and "附件" in body and "下一步" in body
    assert page.is_visible("text=已有 GitHub 账号？") and page.is_visible("[data-xyhf-github]")
    page.close()


@pytest.mark.parametrize("city", ["430100", "430500"], ids=["changsha-station", "shaoyang-office"])
def test_the_firm_reaches_the_need_form_from_the_menu_and_mails_its_city_s_desk(browser, served_site, city):  # noqa: F811
    catalog, desk_for = desks()
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base)
    page.click("label.md-header__button[for=__drawer]")
    item = page.locator(".md-sidebar--primary a.md-nav__link").filter(has_text="发布需求")
    item.wait_for(state="visible")
    item.click()
    page.wait_for_url("**/submit/need/")
    page.fill('[name="title"]', "青贮饲料发酵慢、损耗大")
    page.fill('[name="enterprise.name"]', "示例牧业有限公司")
    page.select_option('[name="enterprise.city"]', city)
    address, subject, body = mail_of(page)
    desk = desk_for(city)
    assert address == desk.email and desk.is_office == (city == "430500")
    assert "青贮饲料发酵慢" in subject and "示例牧业有限公司" in body and "青贮饲料发酵慢、损耗大.yaml" in body
    assert not JARGON.search(page.inner_text("article"))
    page.close()


def test_the_home_page_and_the_needs_page_lead_to_the_need_form_and_the_stations(served_site):
    site, _ = served_site
    home = (site / "index.html").read_text(encoding="utf-8")
    needs = (site / "needs/index.html").read_text(encoding="utf-8")
    assert 'href="submit/need/"' in home and 'href="stations/"' in home
    assert 'href="../submit/need/"' in needs and 'href="../stations/"' in needs
    for page in ("submit/index.html", "submit/need/index.html", "guide/index.html", "index.html"):
        assert "stations/" in (site / page).read_text(encoding="utf-8"), page
