"""Rules whose diagnostics the paired cases and older tests held only in part (a word of the message,
the field), asserted whole here so that a wrong rule id, field or message fails (issue 24): the
holder's USCC, an expired right, a template text left in, a layout that cannot take a code, the
listing-host whitelist, and the office and stations covering every city."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import OFFICE, TODAY, base_files, coded_catalog, valid_text, write_files
from test_stations import CHANGSHA
from xyhf.domain import placeholders as ph
from xyhf.errors import Diagnostic, Severity
from xyhf.pipeline import check_catalog
from xyhf.source.yaml_loader import Source, parse_yaml
from xyhf.validate.rules import check_code_insertable, check_holder, check_placeholders, check_record_expiry

HOLDER, RECORD = "catalog/holders/xjlg.yaml", "catalog/records/xjlg/coating.yaml"
PATENT = valid_text("patent.yaml")
EXPIRED = PATENT.replace("filed_on: 2017-08-01", "filed_on: 2005-08-01")  # an invention: 20 years, to 2025-07-31


def parsed(text: str, display: str, path: Path | None = None) -> Source:
    source, problems = parse_yaml(text, path or Path(display), display)
    assert source is not None, problems
    return source


def holder_with(uscc: str) -> list[Diagnostic]:
    return list(check_holder("xjlg", parsed(valid_text("holder.yaml").replace("12430100MB1234562J", uscc), HOLDER)))


def test_a_holder_uscc_with_a_wrong_check_character_or_a_letter_it_never_uses_is_refused():
    assert holder_with("12430100MB1234562J") == []
    fix = "。请对照法人证书逐位核对（常见是抄错一位）。"
    wrong = "统一社会信用代码校验不通过：按 GB 32100-2015 计算，第 18 位应为 J，而不是 K" + fix
    assert holder_with("12430100MB1234562K") == [Diagnostic(HOLDER, 3, 7, "uscc", wrong, rule="uscc")]
    letter = "统一社会信用代码校验不通过：含有统一社会信用代码不使用的字母（I、O、S、V、Z）" + fix
    assert holder_with("12430100MBI234562J") == [Diagnostic(HOLDER, 3, 7, "uscc", letter, rule="uscc")]


def expiry(text: str, is_new: bool = False) -> list[Diagnostic]:
    return list(check_record_expiry(parsed(text, RECORD), TODAY, is_new))


def test_an_expired_right_is_a_warning_on_a_listed_record_and_an_error_on_a_new_one():
    message = "知识产权已于 2025-07-31 到期，请将状态改为 withdrawn（撤回）。"
    assert expiry(EXPIRED) == [Diagnostic(RECORD, 5, 3, "ip", message, rule="ip.expired", severity=Severity.WARNING)]
    new = "知识产权已于 2025-07-31 到期，不再受保护，不能作为新成果入库。"
    assert expiry(EXPIRED, is_new=True) == [Diagnostic(RECORD, 5, 3, "ip", new, rule="ip.expired")]


def test_an_expired_right_of_a_withdrawn_or_licensed_record_is_not_reported():
    assert expiry(EXPIRED.replace("status: available", "status: withdrawn")) == []
    assert expiry(EXPIRED.replace("status: available", "status: licensed")) == []


def test_a_written_expiry_date_counts_where_the_law_fixes_no_term():
    software = PATENT.replace("type: patent", "type: software_copyright").replace("  filed_on: 2017-08-01\n", "")
    software = software.replace("  granted_on: 2020-03-10\n", "  expires_on: 2026-11-23\n")
    message = "知识产权已于 2026-11-23 到期，请将状态改为 withdrawn（撤回）。"
    assert expiry(software) == [Diagnostic(RECORD, 5, 3, "ip", message, rule="ip.expired", severity=Severity.WARNING)]
    assert expiry(software.replace("expires_on: 2026-11-23", "expires_on: 2026-11-24")) == []  # the last day itself


def test_a_template_text_left_in_is_refused_under_the_template_rule():
    source = parsed(PATENT.replace("title: 高熵合金涂层及其制备方法", f"title: {ph.TEMPLATE_TITLE}"), RECORD)
    message = "“成果名称”还是 xyhf new 模板里的示例内容：请改成本成果的实际情况后再提交。"
    assert list(check_placeholders(source)) == [Diagnostic(RECORD, 2, 8, "title", message, rule="template")]


def test_a_layout_that_cannot_take_a_code_is_refused_for_the_whole_file(tmp_path):
    path = tmp_path / "coating.yaml"
    path.write_text("? title\n: 高熵合金涂层\n", encoding="utf-8")
    message = (
        "本文件的写法无法自动写入统一编码：请用块格式书写，每行一个“键: 值”，顶层的键顶格对齐（可参考 xyhf new 生成的模板）。"
    )
    found = list(check_code_insertable(parsed(path.read_text(encoding="utf-8"), RECORD, path)))
    assert found == [Diagnostic(RECORD, 1, 1, "", message, rule="layout")]
    path.write_text("title: 高熵合金涂层\n", encoding="utf-8")
    assert list(check_code_insertable(parsed(path.read_text(encoding="utf-8"), RECORD, path))) == []


LISTINGS = (
    "listings:\n"
    "  - {platform: 平台甲, id: GP-1, url: 'https://[bad/listing/1', listed_on: 2026-10-01}\n"
    "  - {platform: 平台乙, id: GP-2, url: 'https://Trade.Example.org/listing/2', listed_on: 2026-10-01}\n"
)


def test_a_listing_links_only_to_a_whitelisted_host_and_an_unreadable_url_does_not_stop_the_check(make_catalog):
    files = {"records/xjlg/coating.yaml": PATENT + LISTINGS}
    report, _ = check_catalog(make_catalog(files), TODAY)
    message = (
        "挂牌网址的域名 trade.example.org 不在 catalog.yaml 的 listing_platforms（交易平台白名单）中，"
        "成果页只显示挂牌编号、不显示链接：请核对网址，或请成果库办公室把该平台加入白名单。"
    )
    warning = Diagnostic(RECORD, 36, 36, "listings[1].url", message, rule="listings.host", severity=Severity.WARNING)
    assert report.diagnostics == [warning]
    whitelist = "listing_platforms:\n  - {name: 平台乙, host: trade.example.org}\n"
    report, _ = check_catalog(make_catalog({**files, "catalog.yaml": whitelist}), TODAY)
    assert report.diagnostics == []


CITIES = (
    "株洲市（430200）、湘潭市（430300）、衡阳市（430400）、邵阳市（430500）、岳阳市（430600）、常德市（430700）、"
    "张家界市（430800）、益阳市（430900）、郴州市（431000）、永州市（431100）、怀化市（431200）、娄底市（431300）、"
    "湘西土家族苗族自治州（433100）"
)
FIX = "请把这些市州代码加到 catalog.yaml 的 office.serves.cities，或在 stations.yaml 为它们设工作站。"


def test_cities_left_without_a_station_or_an_office_are_named_at_the_stations(make_catalog):
    report, _ = check_catalog(make_catalog({"stations.yaml": CHANGSHA}), TODAY)
    message = f"以下市州没有工作站，而成果库没有登记办公室（catalog.yaml 的 office）：{CITIES}。{FIX}"
    assert report.diagnostics == [Diagnostic("catalog/stations.yaml", 2, 3, "stations", message, rule="stations.cover")]


def test_a_city_the_office_leaves_out_is_named_at_its_cities(make_catalog):
    office = OFFICE.replace('"433100"', '"430100"')
    report, _ = check_catalog(make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": office}), TODAY)
    message = f"以下市州没有工作站，也不在成果库办公室的服务范围内：湘西土家族苗族自治州（433100）。{FIX}"
    expected = Diagnostic("catalog/catalog.yaml", 8, 13, "office.serves.cities", message, rule="stations.cover")
    assert report.diagnostics == [expected]


def test_a_holder_uscc_whose_organisation_code_check_fails_is_a_warning():
    message = "统一社会信用代码第 9–17 位（组织机构代码）的校验位不符，请核对（仅作提示）。"
    expected = Diagnostic(HOLDER, 3, 7, "uscc", message, rule="uscc.org", severity=Severity.WARNING)
    assert holder_with("12430100MB1234563M") == [expected]  # the 18th character right, the 17th not


BROKER = '    brokers:\n      - {id: zhang, name: 测试 张工, cities: ["430100"], contact: {phone: "13800000001"}}\n'


def test_a_broker_may_serve_the_own_city_of_a_station_that_lists_other_cities(make_catalog):
    station = CHANGSHA.replace('cities: ["430100"]', 'cities: ["433100"]') + BROKER
    assert check_catalog(make_catalog({"stations.yaml": station, "catalog.yaml": OFFICE}), TODAY)[0].diagnostics == []


def test_a_station_broker_may_not_take_the_id_of_an_office_broker(make_catalog):
    office = OFFICE + '  brokers:\n    - {id: zhang, name: 测试 王工, cities: ["430200"], contact: {phone: "13800000002"}}\n'
    report, _ = check_catalog(make_catalog({"stations.yaml": CHANGSHA + BROKER, "catalog.yaml": office}), TODAY)
    message = "技术经理人编号 zhang 已被成果库办公室使用：编号在全省唯一（跟踪记录靠它找人），请换一个，如 zhang-2。"
    field = "stations[0].brokers[0].id"
    assert report.diagnostics == [Diagnostic("catalog/stations.yaml", 11, 14, field, message, rule="stations.broker_id")]


def test_the_ledgers_code_rules_name_the_ledger_entry_the_copied_code_and_the_changed_type(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "catalog"
    assert coded_catalog(root, {**base_files(), "records/xjlg/coating.yaml": PATENT})[0] == "HNXY-2026-ZL-00001-0"
    coated = (root / "records/xjlg/coating.yaml").read_text(encoding="utf-8")

    def found(files: dict[str, str]) -> list[Diagnostic]:
        write_files(root, files)
        return check_catalog(root, TODAY)[0].diagnostics

    copied = found({"records/xjlg/copy.yaml": coated.replace("ZL201710601862.3", "ZL201710601863.8")})
    message = "编码 HNXY-2026-ZL-00001-0 已被 records/xjlg/coating.yaml 使用：一个编码只属于一项成果。请删除本文件的 code 行。"
    assert copied == [Diagnostic("catalog/records/xjlg/copy.yaml", 2, 7, "code", message, rule="codes.duplicate")]
    (root / "records/xjlg/copy.yaml").unlink()
    software = coated.replace("type: patent", "type: software_copyright").replace("  patent_kind: invention\n", "")
    retyped = found({"records/xjlg/coating.yaml": software.replace("ZL201710601862.3", "2020SR0100001")})
    message = (
        "类型与统一编码 HNXY-2026-ZL-00001-0 不符：编码签发后不能改类型。请撤回本记录（status: withdrawn），另提交一条新记录。"
    )
    assert retyped == [Diagnostic(RECORD, 4, 7, "type", message, rule="codes.type")]
    ledger = (root / "codes.yaml").read_text(encoding="utf-8")
    entry = "  - {code: HNXY-2026-ZL-00003-0, path: records/xjlg/gone-record.yaml, issued_on: '2026-11-24'}\n"
    forged = found({"records/xjlg/coating.yaml": coated, "codes.yaml": ledger + entry})
    message = "统一编码校验位错误：应为 7，而不是 0。编码可能被抄错了，请从成果库网站复制。 台账只能由 xyhf assign-codes 写入。"
    assert forged == [Diagnostic("catalog/codes.yaml", 6, 12, "codes[2].code", message, rule="codes.ledger")]
    (root / "records/xjlg/coating.yaml").unlink()
    gone = found({"codes.yaml": ledger})
    message = (
        "已签发编码 HNXY-2026-ZL-00001-0 的记录（records/xjlg/coating.yaml）不见了：已入库记录不能删除。"
        "请恢复该文件；如不再推广，把 status 改为 withdrawn。"
    )
    assert gone == [Diagnostic("catalog/codes.yaml", 4, 5, "codes[0]", message, rule="codes.deleted")]


ODD_LISTINGS = (
    "listings:\n"
    "  - https://evil.example.org/listing/0\n"  # not a mapping: the schema's finding
    "  - {platform: 平台甲, id: GP-1, url: 'http://evil.example.org/1', listed_on: 2026-10-01}\n"
    "  - {platform: 平台乙, id: GP-2, url: 'https:///listing/2', listed_on: 2026-10-01}\n"  # no host at all
    "  - {platform: 平台丙, id: GP-3, url: 'https://evil.example.org/3', listed_on: 2026-10-01}\n"
    "  - {platform: 平台丁, id: GP-4, url: 'https://ok.example.org/4', listed_on: 2026-10-01}\n"
)
ODD_PLATFORMS = "listing_platforms:\n  - 平台甲\n  - {name: 平台乙}\n  - {name: 平台丁, host: OK.example.org}\n"


def test_odd_listings_and_platforms_leave_the_host_check_to_the_well_formed_entries(make_catalog):
    files = {"records/xjlg/coating.yaml": PATENT + ODD_LISTINGS, "catalog.yaml": ODD_PLATFORMS}
    report, _ = check_catalog(make_catalog(files), TODAY)
    hosts = [(d.field, d.message.split(" ")[1]) for d in report.diagnostics if d.rule == "listings.host"]
    assert hosts == [("listings[3].url", "evil.example.org")], report.diagnostics
    assert {d.field for d in report.diagnostics if d.rule != "listings.host"} >= {"listings[0]", "listing_platforms[0]"}


def test_an_office_broker_outside_the_offices_cities_is_named_at_the_office(make_catalog):
    office = OFFICE + '  brokers:\n    - {id: wang, name: 测试 王工, cities: ["430100"], contact: {phone: "13800000002"}}\n'
    report, _ = check_catalog(make_catalog({"stations.yaml": CHANGSHA, "catalog.yaml": office}), TODAY)
    message = (
        "技术经理人服务的市州 长沙市（430100）不在本工作站的服务范围内：请删去这个市州，或先把它加到工作站的 serves.cities。"
    )
    field = "office.brokers[0].cities[0]"
    assert [(d.file, d.field, d.message, d.rule) for d in report.diagnostics] == [
        ("catalog/catalog.yaml", field, message, "stations.broker_city")
    ]


def test_brokers_of_a_station_without_a_city_or_a_name_are_still_checked(make_catalog):
    nameless = CHANGSHA.replace('  - city: "430100"\n    name: 长沙市工作站\n', "  - name_missing: true\n") + BROKER
    twice = CHANGSHA.removeprefix("stations:\n") + BROKER
    report, _ = check_catalog(make_catalog({"stations.yaml": nameless + twice, "catalog.yaml": OFFICE}), TODAY)
    ids = [d for d in report.diagnostics if d.rule == "stations.broker_id"]
    message = "技术经理人编号 zhang 已被使用：编号在全省唯一（跟踪记录靠它找人），请换一个，如 zhang-2。"
    assert [(d.field, d.message) for d in ids] == [("stations[1].brokers[0].id", message)], report.diagnostics


def _with_ip(rel: str, ip: object) -> Source:
    return Source(Path(rel), rel, {"title": rel, "ip": ip})


def test_a_record_without_a_number_does_not_end_the_duplicate_search():
    from xyhf.validate.rules import check_ip_duplicates

    records = {
        "records/a/1.yaml": _with_ip("records/a/1.yaml", {"number": None}),
        "records/a/2.yaml": _with_ip("records/a/2.yaml", "ZL201710601862.3"),
        "records/a/3.yaml": _with_ip("records/a/3.yaml", {"number": "ZL201710601862.3"}),
        "records/a/4.yaml": _with_ip("records/a/4.yaml", {"number": "201710601862.3"}),
    }
    [found] = check_ip_duplicates(records)
    assert (found.file, found.rule) == ("records/a/4.yaml", "ip.duplicate")
    assert "已登记在 records/a/3.yaml" in found.message


def test_a_ledger_whose_codes_are_not_a_list_has_no_entries():
    from xyhf.source.discover import LoadedCatalog
    from xyhf.validate.rules import ledger_entries

    for codes in (None, "HNXY-2026-ZL-00001-0", {"code": "HNXY-2026-ZL-00001-0"}, 7):
        loaded = LoadedCatalog(root=Path("catalog"))
        loaded.ledger = Source(Path("codes.yaml"), "codes.yaml", {"codes": codes})
        assert ledger_entries(loaded) == [], codes
    loaded.ledger = Source(Path("codes.yaml"), "codes.yaml", {"codes": [{"code": "A"}, "B", None]})
    assert ledger_entries(loaded) == [{"code": "A"}]


def test_an_expired_right_warns_on_a_record_already_coded_and_refuses_a_new_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "catalog"
    coded_catalog(root, {**base_files(), "records/xjlg/coating.yaml": PATENT})
    coated = (root / "records/xjlg/coating.yaml").read_text(encoding="utf-8")
    write_files(root, {"records/xjlg/coating.yaml": coated.replace("filed_on: 2017-08-01", "filed_on: 2005-08-01")})
    write_files(root, {"records/xjlg/fresh.yaml": EXPIRED.replace("ZL201710601862.3", "ZL200510601862.6")})
    expired = [(d.file, d.severity) for d in check_catalog(root, TODAY)[0].diagnostics if d.rule == "ip.expired"]
    assert expired == [(RECORD, Severity.WARNING), ("catalog/records/xjlg/fresh.yaml", Severity.ERROR)]


@pytest.mark.parametrize("parallel", [False, True])
def test_a_code_missing_from_the_ledger_makes_the_record_new_on_either_path(tmp_path, monkeypatch, parallel):
    """The loader judges records before the ledger is read, taking a record with a code as issued;
    one whose code the ledger lacks is judged again as new: its expired right is an error."""
    monkeypatch.chdir(tmp_path)
    if parallel:
        monkeypatch.setattr("xyhf.source.discover.PARALLEL_FROM", 1)
        monkeypatch.setenv("XYHF_WORKERS", "2")
        monkeypatch.setattr("xyhf.source.discover.CHUNK", 1)
    root = tmp_path / "catalog"
    coded_catalog(root, {**base_files(), "records/xjlg/coating.yaml": PATENT})
    coated = (root / "records/xjlg/coating.yaml").read_text(encoding="utf-8")
    code = next(line.split(": ")[1] for line in coated.splitlines() if line.startswith("code: "))
    unissued = coated.replace(code, "HNXY-2026-ZL-00099-3").replace("filed_on: 2017-08-01", "filed_on: 2005-08-01")
    write_files(root, {"records/xjlg/coating.yaml": unissued})
    found = {(d.rule, d.severity) for d in check_catalog(root, TODAY)[0].diagnostics if d.file == RECORD}
    assert ("ip.expired", Severity.ERROR) in found and ("ip.expired", Severity.WARNING) not in found
    assert ("codes.unissued", Severity.ERROR) in found


def test_a_catalog_loaded_without_the_record_check_still_gets_every_record_checked(tmp_path, monkeypatch):
    from xyhf.source.discover import load_catalog
    from xyhf.validate.catalog import validate_catalog

    monkeypatch.chdir(tmp_path)
    root = write_files(tmp_path / "catalog", {**base_files(), "records/xjlg/coating.yaml": PATENT + "unknown_field: 1\n"})
    loaded = load_catalog(root)  # no record check while loading: as the bot and the maintainer commands load
    assert loaded.record_findings == {}
    assert ("unknown_field", RECORD) in [(d.field, d.file) for d in validate_catalog(loaded, TODAY)]
