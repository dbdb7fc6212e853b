"""制作对接会宣传册 (events/new/) in Chromium, as a broker uses it on a phone: records saved from their
pages arrive from the shortlist, the form says in Chinese what is missing, the brochure shows each
record with a QR code that decodes to its page, print is called, and the downloaded draft passes
`xyhf check` in a copy of the catalog. The sheets equal the committed event's brochure, text for
text; hostile record text stays text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, TODAY
from e2e_support import browser, served_site  # noqa: F401 - the fixtures
from qr_decode import decode, svg_matrix

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EVENT = "2026-12-18-changsha-new-materials"
SITE_URL = "https://xyhf.example.org/"  # site_url in xyhf/theme/mkdocs.yml, as the Python brochure uses it


@pytest.fixture(scope="module")
def site(served_site):
    return served_site


def available(built_site: Path, n: int) -> list[dict]:
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))
    return [r for r in records if r["status"] == "available"][:n]


def fill(page, **values: str) -> None:
    for name, value in values.items():
        if name == "city":
            page.select_option("select[name=city]", value)
        else:
            page.fill(f"[name={name}]", value)


def test_a_broker_makes_a_brochure_from_the_shortlist_on_a_phone(browser, site, tmp_path):  # noqa: F811
    built_site, base = site
    two = available(built_site, 2)
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    for r in two:  # the broker saves two records from their pages
        page.goto(f"{base}records/{r['code']}/")
        page.click(f'[data-xyhf-save="{r["code"]}"]')
    page.goto(f"{base}events/")
    page.click("a[href='new/']")
    page.wait_for_selector("#xyhf-event-builder[data-ready]")
    chosen = page.locator("[data-xyhf-chosen] > li")
    order = chosen.evaluate_all("els => els.map(e => e.dataset.code)")
    assert order == [r["code"] for r in reversed(two)]  # the shortlist's order: the latest saved first
    two = list(reversed(two))

    page.click("button[type=submit]")  # nothing typed yet: each field says what it needs, beside it
    assert page.locator("#xyhf-event-msg-date").inner_text() == "请选择活动日期。"
    assert page.locator("#xyhf-event-msg-venue").inner_text() == "请填写活动地点。"
    assert page.locator("[name=date]").get_attribute("aria-invalid") == "true"
    assert page.locator("#xyhf-event-msg-records").is_hidden()  # the records are there
    assert page.locator("[data-xyhf-preview] article").count() == 0

    fill(page, title="株洲“先用后付”专场对接会", date="2027-01-15", start="09:30", end="12:00", city="430200")
    fill(page, venue="株洲市天元区示例路 1 号会议中心", host="株洲市科学技术局")
    page.click("button[type=submit]")
    sheets = page.locator("[data-xyhf-preview] article.xyhf-sheet")
    assert sheets.count() == 2 and page.locator("#xyhf-event-msg-date").is_hidden()
    for i, r in enumerate(two):
        sheet = sheets.nth(i)
        assert sheet.locator("h2").inner_text() == r["title"]
        assert sheet.locator(".xyhf-sheet__holder").inner_text().startswith(r["holder_name"] + " · ")
        assert "2027-01-15 · 株洲市" in sheet.locator(".xyhf-sheet__head").inner_text()
        svg = sheet.locator(".xyhf-qr svg").evaluate("s => s.outerHTML")
        assert decode(svg_matrix(svg))[0] == f"{SITE_URL}records/{r['code']}/"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("[data-xyhf-event-print]")
    assert page.evaluate("window.__printed") == 1

    with page.expect_download() as got:
        page.click("[data-xyhf-event-draft]")
    download = got.value
    assert download.suggested_filename == "2027-01-15-matchmaking.yaml"
    text = Path(download.path()).read_text(encoding="utf-8")
    page.close()

    from xyhf.pipeline import check_catalog

    catalog = shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    (catalog / "events/2027-01-15-zhuzhou-materials.yaml").write_text(text, encoding="utf-8")
    report = check_catalog(catalog, TODAY)[0]
    assert report.errors == [], [d.message for d in report.errors]
    assert [r["code"] for r in two] == re.findall(r"^  - (HNXY-\S+)", text, flags=re.M)


def test_the_sheets_equal_the_committed_brochure(browser, site):  # noqa: F811
    built_site, base = site
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base}events/{EVENT}/brochure/")
    committed = page.locator("article.xyhf-sheet")
    codes = committed.locator("code").all_inner_texts()
    want = [committed.nth(i).inner_text() for i in range(committed.count())]
    shape = "a => [...a.querySelectorAll('*')].filter(e => !e.closest('svg')).map(e => e.tagName + '.' + e.className).join(' ')"
    want_shape = committed.first.evaluate(shape)
    want_qr = [decode(svg_matrix(s))[0] for s in committed.locator(".xyhf-qr svg").evaluate_all("a => a.map(s => s.outerHTML)")]
    assert want_qr == [f"{SITE_URL}records/{code}/" for code in codes]

    page.goto(f"{base}events/new/?codes={','.join(codes)}")
    page.wait_for_selector("#xyhf-event-builder[data-ready]")
    fill(page, title="长沙新材料与先进制造“先用后付”专场对接会", date="2026-12-18", city="430100")
    fill(page, venue="长沙市岳麓区示例路 1 号", host="湖南省科学技术厅")
    page.click("button[type=submit]")
    made = page.locator("[data-xyhf-preview] article.xyhf-sheet")
    assert [made.nth(i).inner_text() for i in range(made.count())] == want
    assert made.first.evaluate(shape) == want_shape
    assert [
        decode(svg_matrix(s))[0] for s in made.locator(".xyhf-qr svg").evaluate_all("a => a.map(s => s.outerHTML)")
    ] == want_qr
    pdf = page.pdf(prefer_css_page_size=True)  # on paper: the form gone, one A4 page a record
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == len(codes)
    page.emulate_media(media="print")
    assert not page.locator("#xyhf-event-builder").is_visible() and not page.locator(".md-header").is_visible()
    page.close()


def test_search_and_typed_codes_add_records(browser, site):  # noqa: F811
    built_site, base = site
    one = available(built_site, 1)[0]
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}stations/430200/")  # the city kit links the builder with its city chosen
    page.click("a[href='../../events/new/?city=430200']")
    page.wait_for_selector("#xyhf-event-builder[data-ready]")
    assert page.locator("select[name=city]").input_value() == "430200"
    page.fill("[name=q]", one["title"][:6])
    page.wait_for_selector("[data-xyhf-results][data-ready] button")
    code = page.locator("[data-xyhf-results] button").first.get_attribute("data-code")
    page.locator("[data-xyhf-results] button").first.click()
    page.wait_for_selector(f"[data-xyhf-chosen] li[data-code='{code}']")
    assert page.locator(f"[data-xyhf-results] button[data-code='{code}']").inner_text() == "已加入"
    page.fill("[name=code]", "HNXY-2026-ZL-00023-1")
    page.click("[data-xyhf-add-code]")
    assert page.locator("#xyhf-event-msg-code").inner_text() == "统一编码的校验位不对：请从成果页面复制统一编码。"
    other = next(r["code"] for r in available(built_site, 3) if r["code"] != code)
    page.fill("[name=code]", other.lower())
    page.click("[data-xyhf-add-code]")
    page.wait_for_selector(f"[data-xyhf-chosen] li[data-code='{other}']")
    assert page.locator("#xyhf-event-msg-code").is_hidden()

    page.fill("[name=title]", "株洲“先用后付”专场对接会")  # leaving and coming back keeps the work
    page.goto(f"{base}events/new/")
    page.wait_for_selector("#xyhf-event-builder[data-ready]")
    assert page.locator("[name=title]").input_value() == "株洲“先用后付”专场对接会"
    assert page.locator("select[name=city]").input_value() == "430200"
    assert page.locator("[data-xyhf-chosen] > li").evaluate_all("els => els.map(e => e.dataset.code)") == [code, other]
    page.click("[data-xyhf-event-reset]")
    assert page.locator("[data-xyhf-chosen] > li").count() == 0 and page.locator("[name=title]").input_value() == ""
    page.reload()
    page.wait_for_selector("#xyhf-event-builder[data-ready]")
    assert page.locator("[data-xyhf-chosen] > li").count() == 0
    page.close()


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> {{ config }} **粗体** [链接](javascript:alert(3))"


def test_record_text_stays_text_in_the_brochure(browser, site):  # noqa: F811
    built_site, base = site
    one = available(built_site, 1)[0]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def hostile(route):
        record = json.loads((built_site / f"data/records/{one['code']}.json").read_text(encoding="utf-8"))
        record.update(title=HOSTILE, holder_name=HOSTILE, summary=HOSTILE, terms=HOSTILE)
        record["contact"] = {"name": HOSTILE, "phone": "0731-88880000"}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(record, ensure_ascii=False))

    page.route(f"**/data/records/{one['code']}.json", hostile)
    page.goto(f"{base}events/new/?codes={one['code']}")
    page.wait_for_selector("#xyhf-event-builder[data-ready]")
    fill(page, title="测试活动 " + HOSTILE[:40], date="2027-01-15", city="430100", venue="示例会场一号", host="示例主办单位")
    page.click("button[type=submit]")
    sheet = page.locator("[data-xyhf-preview] article.xyhf-sheet")
    assert sheet.locator("h2").inner_text() == HOSTILE
    assert sheet.locator("dd").first.inner_text() == HOSTILE
    assert page.locator("[data-xyhf-preview] script, [data-xyhf-preview] img, [data-xyhf-preview] a").count() == 0
    assert page.locator("[data-xyhf-chosen] script, [data-xyhf-chosen] img").count() == 0
    assert dialogs == []
    page.close()
