"""The submission pages as a clerk uses them with only a browser: the form generated from the schema,
filled for a patent with milestones, a software copyright with deferred payment, and a need, gives YAML
that `xyhf check` passes as written in a temporary catalog; missing and wrong entries are named in
Chinese next to the field while typing; "在 GitHub 上提交" opens GitHub's new-file page for the
right path with the content, or (for a long file) with the path only and the content on the clipboard."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ROOT, TODAY
from e2e_support import browser, check_written, served_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

PATENT = {
    "title": "一种秸秆青贮饲料发酵菌剂",
    "type": "patent",
    "ip.number": "ZL201710601862.3",
    "ip.patent_kind": "invention",
    "ip.filed_on": "2017-08-01",
    "ip.granted_on": "2020-03-10",
    "ip.owners": "湘江理工大学",
    "trl": "6",
    "summary": "本发明公开了一种秸秆青贮饲料发酵菌剂，发酵周期缩短三分之一，适用于规模化养殖场。",
    "applications": "肉牛、奶牛养殖场的青贮饲料制作。",
    "advantages": "发酵周期缩短约 30%，饲料损耗降低。",
    "keywords": "秸秆、饲料、青贮",
    "ipc": "A23K 10/12",
    "transfer.modes": ["license"],
    "transfer.license_kinds": ["open"],
    "transfer.region": "湖南省",
    "payment.model": "milestone",
    "payment.milestones[0].node": "tech_validation",
    "payment.milestones[0].condition": "中试验证通过",
    "payment.milestones[0].amount_cny": "50000",
    "payment.milestones[0].due": "节点达成后 30 日内",
    "payment.milestones[1].node": "market_launch",
    "payment.milestones[1].condition": "产品正式上市",
    "payment.milestones[1].amount_cny": "120000",
    "payment.milestones[1].due": "节点达成后 30 日内",
    "status": "available",
    "listed_on": "2026-11-20",
}
SOFTWARE = {
    "title": "养殖场环境远程监测软件",
    "type": "software_copyright",
    "ip.number": "2023SR0123456",
    "ip.granted_on": "2023-03-01",
    "ip.owners": "湘江理工大学",
    "trl": "7",
    "summary": "对养殖场温湿度、氨气浓度进行远程监测和报警的软件。",
    "applications": "规模化养殖场环境管理。",
    "advantages": "部署简单，手机即可查看。",
    "keywords": "养殖\n环境监测\n物联网",
    "transfer.modes": ["transfer", "license"],
    "transfer.license_kinds": ["open"],
    "transfer.region": "中国境内",
    "payment.model": "deferred_start",
    "payment.start.after_months": "6",
    "payment.method": "lump_sum",
    "payment.total_cny": "80000",
    "payment.lump_sum_due": "条件达成后 30 日内",
    "status": "available",
    "listed_on": "2026-11-20",
}


def fill(page, values: dict) -> None:
    for name, value in values.items():
        if isinstance(value, list):
            for v in value:
                page.check(f'input[name="{name}"][value="{v}"]')
            continue
        field = page.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def written(page) -> tuple[str, str]:
    text = page.text_content("#yaml-output")
    first = text.splitlines()[0]
    assert first.startswith("# catalog/")
    return first[len("# catalog/") :], text


def other_type(kind: str, ip: dict) -> dict:
    """SOFTWARE's offer with another record type's identifiers (one case per remaining type)."""
    values = {k: v for k, v in SOFTWARE.items() if not k.startswith("ip.")}
    values.update({"type": kind, "title": f"示例{kind}成果转化", **ip})
    return values


IC = other_type(
    "ic_layout",
    {"ip.number": "BS.18000056X", "ip.filed_on": "2018-11-05", "ip.granted_on": "2019-07-11", "ip.owners": "湘江理工大学"},
)
PLANT = other_type("plant_variety", {"ip.number": "CNA20191000057", "ip.granted_on": "2022-03-22", "ip.owners": "湘江理工大学"})
BIOMED = other_type(
    "biomedical_variety", {"ip.number": "湘药注字（2018）第58号", "ip.granted_on": "2018-05-17", "ip.owners": "湘江理工大学"}
)
SECRET = other_type(
    "trade_secret",
    {
        "ip.owners": "湘江理工大学",
        "appraisal.agency": "湖南省示例科技成果评价中心",
        "appraisal.report_no": "XPJ-2026-620",
        "appraisal.date": "2026-05-19",
    },
)


@pytest.mark.parametrize(
    "values",
    [PATENT, SOFTWARE, IC, PLANT, BIOMED, SECRET],
    ids=["patent-milestones", "software-deferred", "ic-layout", "plant-variety", "biomedical-variety", "trade-secret"],
)
def test_a_filled_form_gives_a_record_the_checker_passes(browser, served_site, tmp_path, values):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + "submit/")
    page.select_option('[name="_place"]', "xjlg")
    fill(page, values)
    page.wait_for_function("document.querySelector('[data-xyhf-status]').textContent.includes('检查通过')")
    rel, text = written(page)
    assert re.fullmatch(r"records/xjlg/chengguo-[0-9a-z]+\.yaml", rel)  # the repository's file name is never asked
    report = check_written(tmp_path, {rel: text})
    assert report.ok, report.render("text")
    assert "code:" not in text and ('- "饲料"' in text or '- "环境监测"' in text)  # lists split into items
    page.close()


def test_a_need_form_gives_a_need_the_checker_passes(browser, served_site, tmp_path):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + "submit/need/")
    need = (ROOT / "catalog/needs/430100/need-001.yaml").read_text(encoding="utf-8")
    values = {
        "title": "青贮饲料发酵慢、损耗大",
        "problem": "我们养殖场每年做 3000 吨青贮，发酵要 45 天，损耗 15% 左右。",
        "goal": "发酵周期缩短到 30 天以内，损耗降到 8% 以下。",
        "keywords": "青贮、发酵、饲料",
        "enterprise.name": "长沙示例牧业有限公司",
        "enterprise.uscc": re.search(r"uscc: (\S+)", need).group(1),
        "enterprise.size": "small",
        "enterprise.city": "430100",
        "payment_models": ["milestone"],
        "contact.name": "李经理",
        "contact.phone": "0731-88880000",
        "status": "open",
        "listed_on": "2026-11-20",
        "expires_on": "2027-11-20",
    }
    fill(page, values)
    page.wait_for_function("document.querySelector('[data-xyhf-status]').textContent.includes('检查通过')")
    rel, text = written(page)
    report = check_written(tmp_path, {rel: text})
    assert report.ok, report.render("text")
    page.close()


def test_missing_and_wrong_entries_are_named_next_to_the_field(browser, served_site):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + "submit/")
    page.fill('[name="title"]', "短")
    page.fill('[name="trl"]', "六")
    page.wait_for_function("document.querySelector('[data-xyhf-problems]').textContent.includes('请填写')")
    title_msg = page.inner_text('[data-field="title"] .xyhf-field-msg')
    assert "成果名称" in title_msg and "至少 4 个字" in title_msg
    assert "请填写数字" in page.inner_text('[data-field="trl"] .xyhf-field-msg')
    assert page.get_attribute('[name="title"]', "aria-invalid") == "true"
    problems = page.inner_text("[data-xyhf-problems]")
    assert "请填写“简要说明”" in problems and "请选择持有方" in problems
    assert not re.search(r"[A-Za-z]{6,}", problems.replace("YAML", ""))  # no English validator text
    page.close()


def test_github_opens_the_new_file_page_with_the_content_or_by_the_clipboard(browser, served_site):  # noqa: F811
    _, base = served_site
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.route("https://github.com/**", lambda route: route.fulfill(status=200, body="ok"))
    page = context.new_page()
    page.goto(base + "submit/")
    page.select_option('[name="_place"]', "xjlg")
    page.click(".xyhf-advanced summary")  # the repository's file name, kept for maintainers under 高级
    page.fill('[name="_slug"]', "qingzhu")
    fill(page, PATENT)
    with context.expect_page() as popup:
        page.click("[data-xyhf-github]")
    url = urlparse(popup.value.url)
    query = parse_qs(url.query)
    assert url.path == "/hunan-xyhf/xyhf-catalog/new/main"
    assert query["filename"] == ["catalog/records/xjlg/qingzhu.yaml"]
    assert query["value"][0] == page.text_content("#yaml-output")
    page.fill('[name="summary"]', "发酵菌剂的制备与应用。" * 150)  # a long text: the URL would pass 8,000 characters
    with context.expect_page() as popup:
        page.click("[data-xyhf-github]")
    query = parse_qs(urlparse(popup.value.url).query)
    assert "value" not in query and query["filename"] == ["catalog/records/xjlg/qingzhu.yaml"]
    assert page.evaluate("navigator.clipboard.readText()") == page.text_content("#yaml-output")
    context.close()


def test_every_record_page_links_to_github_s_edit_page_for_its_file(served_site):
    from xyhf.pipeline import load_valid_catalog

    site, _ = served_site
    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    for record in catalog.published():
        page = (site / f"records/{record.code}/index.html").read_text(encoding="utf-8")
        assert f'href="https://github.com/hunan-xyhf/xyhf-catalog/edit/main/catalog/{record.path}"' in page, record.code


@pytest.mark.parametrize("path", ["submit/", "submit/need/"])
def test_the_forms_fit_a_375_px_phone(browser, served_site, path):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True)
    page.goto(base + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("form#xyhf-submit [name]").count() > 20 and page.is_visible("[data-xyhf-mail]")
    page.click(".xyhf-advanced summary")  # the file itself stays one tap away, under 高级
    assert page.is_visible("#yaml-output")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_a_wrong_patent_check_digit_and_a_wrong_uscc_are_flagged_while_typing(browser, served_site):  # noqa: F811
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + "submit/")
    page.select_option('[name="type"]', "patent")
    page.select_option('[name="ip.patent_kind"]', "invention")
    page.fill('[name="ip.number"]', "ZL201710601862.4")
    page.locator('[data-field="ip.number"] .xyhf-field-msg').wait_for(state="visible")
    assert "校验位应为 3，而不是 4" in page.inner_text('[data-field="ip.number"] .xyhf-field-msg')
    page.fill('[name="ip.number"]', "ZL201710601862.3")
    page.wait_for_function("!document.querySelector('[data-xyhf-problems]').textContent.includes('校验位')")
    page.goto(base + "submit/need/")
    page.fill('[name="enterprise.uscc"]', "91430100MA4L16JQ9E")
    page.locator('[data-field="enterprise.uscc"] .xyhf-field-msg').wait_for(state="visible")
    assert "第 18 位应为 D" in page.inner_text('[data-field="enterprise.uscc"] .xyhf-field-msg')
    page.close()


def test_an_existing_record_loads_into_the_form_and_one_change_gives_its_new_file(browser, served_site, tmp_path):  # noqa: F811
    import yaml

    _, base = served_site
    from xyhf.pipeline import load_valid_catalog

    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    record = next(r for r in catalog.published() if r.type == "patent" and r.status == "available" and r.contact is None)
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(f"{base}submit/?code={record.code}")
    page.wait_for_selector(".xyhf-edit-note")
    page.fill('[name="trl"]', str(9 if record.trl != 9 else 8))
    page.wait_for_function("document.querySelector('[data-xyhf-status]').textContent.includes('检查通过')")
    rel, text = written(page)
    assert rel == record.path and page.locator('[name="code"]').count() == 0  # the code is never an input
    original = yaml.safe_load((ROOT / "catalog" / record.path).read_text(encoding="utf-8"))
    changed = yaml.safe_load(text)
    assert changed["code"] == record.code and changed["trl"] != original["trl"]
    for doc in (changed, original):  # choices come back in the form's order: the same set
        doc["transfer"] = {k: sorted(v) if isinstance(v, list) else v for k, v in doc["transfer"].items()}
    assert {k: v for k, v in changed.items() if k != "trl"} == {k: v for k, v in original.items() if k != "trl"}
    page.close()


def test_parts_a_choice_rules_out_are_hidden_and_left_out_of_the_file(browser, served_site):  # noqa: F811
    """From the schema's own if/then/else: milestones only for the milestone model, deferred terms
    only for deferred start, the patent kind only for patents."""
    _, base = served_site
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    page.goto(base + "submit/")
    page.select_option('[name="type"]', "software_copyright")
    assert not page.is_visible('[name="ip.patent_kind"]')
    page.select_option('[name="type"]', "patent")
    assert page.is_visible('[name="ip.patent_kind"]')
    page.select_option('[name="payment.model"]', "milestone")
    page.fill('[name="payment.milestones[0].condition"]', "中试验证通过")
    assert not page.is_visible('[name="payment.method"]') and not page.is_visible('[name="payment.start.after_months"]')
    page.select_option('[name="payment.model"]', "deferred_start")
    assert page.is_visible('[name="payment.method"]') and not page.is_visible('[name="payment.milestones[0].condition"]')
    assert "中试验证通过" not in page.text_content("#yaml-output")  # the hidden milestone stays out of the file
    page.close()


def test_the_holders_page_lists_every_holder_id_beside_its_name(served_site):
    from xyhf.pipeline import load_valid_catalog

    site, _ = served_site
    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    page = (site / "holders/index.html").read_text(encoding="utf-8")
    for holder in catalog.holders.values():
        assert re.search(rf">{re.escape(holder.name)}</a></td><td><code>{holder.id}</code>", page), holder.id
