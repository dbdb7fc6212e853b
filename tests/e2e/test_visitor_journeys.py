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
    from xyhf.model.stations import desk_for
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


def english_codes() -> set[str]:
    """Every code the one label table (domain/labels.py) turns into Chinese."""
    from xyhf.domain import labels

    return {k for name, table in vars(labels).items() if name.endswith("_LABELS") for k in table if isinstance(k, str)}


def test_the_official_downloads_every_workbook_and_the_counts_agree(browser, served_site):  # noqa: F811
    import io

    from openpyxl import load_workbook

    from xyhf import figures

    catalog, _ = desks()
    shown = figures.published_count(catalog)
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    links: set[str] = set()
    years = [f"promotion/{p.year}/" for p in catalog.promotions]
    for path in ("downloads/", "stats/institutions/", *years):
        page.goto(base + path)
        links |= set(page.eval_on_selector_all('a[href$=".xlsx"]', "els => els.map(e => e.href)"))
    assert any(u.endswith("data/records.xlsx") for u in links) and any(u.endswith("institutions.xlsx") for u in links)
    codes = english_codes()
    totals = {}
    for url in sorted(links):
        response = page.request.get(url)
        assert response.ok, url
        wb = load_workbook(io.BytesIO(response.body()))
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            head = rows[0] if rows else ()
            for row in rows[1:]:
                for title, value in zip(head, row, strict=False):
                    if isinstance(value, str) and not str(title or "").endswith("代码"):
                        parts = {p.strip() for p in value.split("；")}
                        assert not parts & codes, (url, ws.title, title, value)
                if "合计" in row[:2]:
                    totals[(url.rsplit("/", 1)[-1], ws.title)] = dict(zip(head, row, strict=False))
    assert totals[("records.xlsx", "按市州汇总")]["已发布成果"] == shown
    records_xlsx = next(u for u in links if u.endswith("data/records.xlsx"))
    book = load_workbook(io.BytesIO(page.request.get(records_xlsx).body()))
    for sheet, code in (("企业技术需求", "市州代码"), ("先用后付合同", "承接方市州代码")):
        head = next(book[sheet].iter_rows(values_only=True))
        assert head[head.index(code) + 1] == code.removesuffix("代码")  # the Chinese name beside the code
    assert totals[("institutions.xlsx", "各单位工作情况")]["已发布成果"] == shown
    page.goto(base)
    home = re.search(r"已发布 (\d+) 项", page.inner_text("article")).group(1)
    page.goto(base + "stats/")
    stats = re.search(r"已发布成果 (\d+) 项", page.inner_text("article")).group(1)
    page.goto(base + "stats/outcomes/")
    outcomes = re.search(r"已发布 (\d+) 项", page.inner_text("article")).group(1)
    assert int(home) == int(stats) == int(outcomes) == shown
    page.close()


def test_per_city_and_per_holder_counts_are_one_function_s(served_site):
    """The city summary sheet, the institutions table and the stats charts count the same records."""
    from openpyxl import load_workbook

    from xyhf import figures

    catalog, _ = desks()
    site, _ = served_site
    sheet = load_workbook(site / "data/records.xlsx")["按市州汇总"]
    by_city = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert by_city == {c: figures.per_city(catalog)[c] for c in by_city}
    holders = load_workbook(site / "stats/institutions.xlsx").worksheets[0]
    by_holder = {row[0]: row[3] for row in holders.iter_rows(min_row=2, values_only=True) if row[0]}
    assert by_holder == {h: figures.per_holder(catalog)[h] for h in by_holder}
    # a holder's city total equals the city's row
    from collections import Counter

    summed = Counter()
    for hid, n in by_holder.items():
        summed[catalog.holders[hid].city] += n
    assert all(summed[c] == by_city[c] for c in by_city)


def test_every_city_has_a_printable_kit_with_its_open_needs_top_matches_and_desk(served_site):
    """The broker's city kit: each open need of the city with its top matches (title, holder,
    contact) from the catalog's Match objects, the station's own contact, and the same in a workbook."""
    from openpyxl import load_workbook

    from xyhf.domain.classify import cities
    from xyhf.render.needs.city_kit import TOP
    from xyhf.views import matches_by_need, public_contact

    catalog, desk_for = desks()
    site, _ = served_site
    grouped = matches_by_need(catalog)
    for city in cities():
        page = (site / f"stations/{city}/index.html").read_text(encoding="utf-8")
        desk = desk_for(city)
        assert desk.email in page and desk.phone in page
        sheet = load_workbook(site / f"stations/{city}/kit-{city}.xlsx").worksheets[0]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        open_needs = [n for n in catalog.needs if n.city == city and n.status == "open" and not n.expired]
        assert {r[0] for r in rows} == {n.code for n in open_needs}
        for need in open_needs:
            assert need.title in page
            for match in grouped.get(need.code, [])[:TOP]:
                record = catalog.by_code[match.record]
                who = public_contact(record, catalog.holders[record.holder])
                assert record.title in page and who["organization"] in page
                assert any(r[0] == need.code and r[7] == record.code and r[9] == who["organization"] for r in rows)


def test_the_broker_opens_the_city_sheet_from_the_stations_page_and_prints_its_match_titles(browser, served_site):  # noqa: F811
    """The broker's journey on a phone: 联系工作站 → the city's 对接清单 → every open need with its top
    matches' titles → 打印清单 (the print dialog, stubbed) shows the titles and none of the site chrome."""
    from xyhf.render.needs.city_kit import TOP
    from xyhf.views import matches_by_need

    catalog, _ = desks()
    _, base = served_site
    city = "430100"
    grouped = matches_by_need(catalog)
    open_needs = [n for n in catalog.needs if n.city == city and n.status == "open" and not n.expired]
    titles = [catalog.by_code[m.record].title for n in open_needs for m in grouped.get(n.code, [])[:TOP]]
    assert titles, "the sample's 长沙 needs have matches"
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(base + "stations/")
    page.locator(f"#station-{city} a[href='{city}/']").click()
    page.wait_for_url(f"**/stations/{city}/")
    page.click("[data-xyhf-print]")
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    shown = page.inner_text("body")
    assert all(title in shown for title in titles)
    assert not page.is_visible(".md-header") and not page.is_visible("[data-xyhf-print]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
