"""`xyhf import-legal-status`: a legal-status export (written here, as CNIPA's systems give it)
updates matching records in place, all or nothing, comments and layout kept."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import valid_text
from xyhf.cli import main
from xyhf.importers.legal_status import canonical_number, parse_date, status_key
from xyhf.source.edit import set_scalars

COATING = "records/xjlg/coating.yaml"
# The patent record with a comment line and an end-of-line comment that must survive the edit.
PATENT = valid_text("patent.yaml").replace(
    "  granted_on: 2020-03-10\n", "  # 授权公告见专利证书\n  granted_on: 2020-03-10  # 授权日\n"
)
NUMBER = "201710601862.3"  # the patent in PATENT
OTHER = "201821000000.1"  # well formed, not in the catalog


def run(root, export, *extra) -> int:
    return main(["import-legal-status", str(export), "--catalog", str(root), *extra])


def write_csv(path, lines: list[str], encoding: str = "utf-8-sig"):
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


GOOD = [
    "专利法律状态导出（示例）",  # a title row above the header, as exports have
    "序号,申请号,名称,当前法律状态,法律状态公告日",
    f"1,ZL{NUMBER},高熵合金涂层,有效,2026-10-08",
    f"2,CN {NUMBER[:4]} {NUMBER[4:]},高熵合金涂层,有效,2026.10.08",  # duplicate, another spelling
    f"3,{OTHER},别的专利,有效,2026-10-08",  # unknown to the catalog
    f"4,{NUMBER},高熵合金涂层,实质审查的生效,2018-02-01",  # the same patent's older history
]
MALFORMED = [
    f"5,{NUMBER[:-1]}5,坏校验位,有效,2026-10-08",
    f"6,{OTHER},不认识的状态,被冻结,2026-10-08",
    f"7,{OTHER},坏日期,有效,2026-13-45",
    "8,ABC,不是号码,有效,2026-10-08",
]


def test_good_unknown_and_duplicate_rows_update_the_record_in_place(make_catalog, tmp_path, capsys):
    root = make_catalog({COATING: PATENT})
    export = write_csv(tmp_path / "法律状态.csv", GOOD)
    assert run(root, export) == 0
    out = capsys.readouterr().out
    text = (root / COATING).read_text(encoding="utf-8")
    assert "  # 授权公告见专利证书\n  granted_on: 2020-03-10  # 授权日\n" in text  # comments kept
    assert text.startswith("# 测试用成果（虚构）")
    data = yaml.safe_load(text)
    assert data["ip"]["legal_status"] == "in_force"
    assert data["ip"]["status_checked_on"] == "2026-10-08"
    assert data["ip"]["status_source"] == "法律状态.csv"
    added = [line for line in text.splitlines() if line not in PATENT.splitlines()]
    assert added == ["  legal_status: in_force", "  status_checked_on: '2026-10-08'", "  status_source: 法律状态.csv"]
    assert len(text.splitlines()) == len(PATENT.splitlines()) + 3  # nothing else moved or vanished
    assert "不在成果库中" in out and OTHER in out
    assert "第 4 行" in out and "重复" in out and "较早" in out  # duplicate and history rows reported
    # a second run finds nothing to do and says so
    assert run(root, export) == 0
    assert "无变化" in capsys.readouterr().out
    assert (root / COATING).read_text(encoding="utf-8") == text


def test_any_malformed_row_means_nothing_is_written_and_every_row_is_located(make_catalog, tmp_path, capsys):
    root = make_catalog({COATING: PATENT})
    before = (root / COATING).read_bytes()
    export = write_csv(tmp_path / "export.csv", GOOD + MALFORMED)
    assert run(root, export) == 1
    out, err = capsys.readouterr()
    assert (root / COATING).read_bytes() == before
    assert "未写入任何文件" in err
    assert "export.csv:7:2: 错误: 申请号：专利号校验位错误" in out
    assert "export.csv:8:4: 错误: 当前法律状态：法律状态“被冻结”无法对应" in out
    assert "export.csv:9:5: 错误: 法律状态公告日：日期“2026-13-45”无法识别" in out
    assert "export.csv:10:2: 错误: 申请号：“ABC”不是专利申请号" in out


def test_xlsx_with_other_headers_withdraws_a_lapsed_patent_and_the_catalog_still_checks(make_catalog, tmp_path, capsys):
    from openpyxl import Workbook

    root = make_catalog({COATING: PATENT})
    wb = Workbook()
    ws = wb.active
    ws.append(["申请（专利）号", "案件状态", "公告日"])
    ws.append([f"ZL{NUMBER}", "未缴年费专利权终止", dt.datetime(2026, 9, 1)])
    wb.save(tmp_path / "导出.xlsx")
    assert run(root, tmp_path / "导出.xlsx") == 0
    out = capsys.readouterr().out
    data = yaml.safe_load((root / COATING).read_text(encoding="utf-8"))
    assert data["ip"]["legal_status"] == "lapsed" and data["status"] == "withdrawn"
    assert data["status_since"] == "2026-09-01"
    assert "改为撤回" in out
    assert main(["check", "--catalog", str(root)]) == 0


def test_gbk_csv_without_a_date_uses_today_from_the_clock(make_catalog, tmp_path):
    root = make_catalog({COATING: PATENT})
    export = write_csv(tmp_path / "gbk.csv", ["专利号,法律状态", f"{NUMBER},有效"], encoding="gbk")
    assert run(root, export) == 0
    data = yaml.safe_load((root / COATING).read_text(encoding="utf-8"))
    assert data["ip"]["status_checked_on"] == "2026-11-24"  # XYHF_TODAY, pinned by the fixture


def test_two_statuses_on_the_same_day_are_ambiguous(make_catalog, tmp_path, capsys):
    root = make_catalog({COATING: PATENT})
    before = (root / COATING).read_bytes()
    export = write_csv(
        tmp_path / "a.csv", ["申请号,法律状态,法律状态公告日", f"{NUMBER},有效,2026-10-08", f"{NUMBER},放弃,2026-10-08"]
    )
    assert run(root, export) == 1
    assert "同一日期 2026-10-08 有不同的法律状态" in capsys.readouterr().out
    assert (root / COATING).read_bytes() == before


def test_a_failing_check_after_writing_restores_every_file(make_catalog, tmp_path, capsys):
    root = make_catalog({COATING: PATENT})
    before = (root / COATING).read_bytes()
    export = write_csv(tmp_path / ("x" * 100 + ".csv"), ["申请号,法律状态", f"{NUMBER},有效"])  # source > 100 characters
    assert run(root, export) == 1
    assert "已恢复全部原文件" in capsys.readouterr().err
    assert (root / COATING).read_bytes() == before


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ZL201710601862.3", NUMBER),
        ("CN201710601862.3", NUMBER),
        ("2017106018623", NUMBER),
        ("２０１７１０６０１８６２．３", NUMBER),
        (" 2017 1060 1862.3 ", NUMBER),
        ("ZL95115608.X", "95115608.X"),
        ("zl95115608x", "95115608.X"),
    ],
)
def test_numbers_are_normalised(text, expected):
    assert canonical_number(text) == (expected, None)


@pytest.mark.parametrize(
    "text, why",
    [
        ("201710601862.4", "校验位应为 3"),
        ("201710601862", "缺少校验位"),
        ("CN102822194B", "公开（公告）号"),
        ("12345", "不是专利申请号"),
    ],
)
def test_bad_numbers_say_why(text, why):
    number, message = canonical_number(text)
    assert number is None and why in (message or "")


@pytest.mark.parametrize(
    "word, key",
    [
        ("有效", "in_force"),
        ("授权", "in_force"),
        ("审中", "pending"),
        ("实质审查的生效", "pending"),
        ("期限届满", "expired"),
        ("专利权有效期届满", "expired"),
        ("未缴年费专利权终止", "lapsed"),
        ("年费终止", "lapsed"),
        ("宣告无效", "revoked"),
        ("无效", "revoked"),
        ("部分无效", "in_force"),
        ("视为撤回", "withdrawn"),
        ("放弃", "abandoned"),
        ("专利权的转移", None),
        ("权利转移", "transferred"),
        ("转让", "transferred"),
        ("被冻结", None),
    ],
)
def test_cnipa_words_map_to_st27(word, key):
    assert status_key(word) == key


def test_dates_in_the_ways_exports_write_them():
    assert parse_date("2026/3/1") == ("2026-03-01", None)
    assert parse_date("2026年3月1日") == ("2026-03-01", None)
    assert parse_date("20260301") == ("2026-03-01", None)
    assert parse_date(dt.date(2026, 3, 1)) == ("2026-03-01", None)
    assert parse_date("") == (None, None)
    assert parse_date("下周")[0] is None


def test_in_place_edits_keep_bom_crlf_and_refuse_flow_mappings():
    text = "\ufefftitle: x\r\nip:\r\n  owners:\r\n  - a\r\nstatus: available\r\n"
    out = set_scalars(text, {("ip", "legal_status"): "in_force", ("status",): "withdrawn"})
    assert out == "\ufefftitle: x\r\nip:\r\n  legal_status: in_force\r\n  owners:\r\n  - a\r\nstatus: withdrawn\r\n"
    assert set_scalars("title: x\nip: {owners: [a]}\n", {("ip", "legal_status"): "in_force"}) is None


def _legal(status: str, checked: str, record_status: str = "available") -> str:
    return PATENT.replace(
        "  granted_on: 2020-03-10  # 授权日\n",
        f"  granted_on: 2020-03-10  # 授权日\n  legal_status: {status}\n  status_checked_on: {checked}\n  status_source: 示例\n",
    ).replace("status: available", f"status: {record_status}")


@pytest.mark.parametrize(
    "status, checked, record_status, kind",
    [
        ("in_force", "2026-05-01", "available", "legal_status_stale"),  # 207 days before TODAY
        ("in_force", "2026-06-01", "available", None),  # 176 days: fresh
        ("lapsed", "2026-10-01", "licensed", "legal_not_in_force"),  # the checker allows a licensed record
    ],
)
def test_the_weekly_audit_flags_stale_and_not_in_force_status_per_holder(
    make_catalog, capsys, status, checked, record_status, kind
):
    import json

    from xyhf.maintain.audit import plan_issue_sync

    root = make_catalog({COATING: _legal(status, checked, record_status)})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    capsys.readouterr()
    assert main(["audit", "--catalog", str(root), "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    holder = next(e for e in entries if e["holder"] == "xjlg")
    kinds = [f["kind"] for f in holder["findings"] if f["kind"].startswith("legal")]
    assert kinds == ([kind] if kind else [])
    if kind:
        why = next(f["why"] for f in holder["findings"] if f["kind"] == kind)
        assert checked in why and "status_checked_on" in why or "withdrawn" in why
        assert "ip\\.legal\\_status" in holder["body"]  # the issue body goes through the bot's escaper
        assert plan_issue_sync([holder], [])[0]["do"] == "create"  # one issue for the holder


def test_the_page_marks_a_stale_check_amber_and_links_only_allow_listed_listings(make_catalog):
    from conftest import TODAY
    from xyhf.pipeline import load_valid_catalog
    from xyhf.render.records.record_page import record_body

    listings = (
        "listings:\n"
        "  - {platform: 示例平台, id: A-1, url: 'https://trade.xyhf.example.org/a/1', listed_on: 2026-10-01}\n"
        "  - {platform: 别的平台, id: B-2, url: 'https://elsewhere.example.org/b/2', listed_on: 2026-10-02}\n"
    )
    settings = "sample_data: true\nlisting_platforms:\n  - {name: 示例平台, host: trade.xyhf.example.org}\n"
    root = make_catalog({COATING: _legal("in_force", "2026-05-01") + listings, "catalog.yaml": settings})
    assert main(["assign-codes", "--catalog", str(root)]) == 0
    report, catalog = load_valid_catalog(root, TODAY)
    assert catalog is not None, report.render("text")
    record = next(r for r in catalog.records if r.type == "patent")
    html = record_body(record, catalog, [])
    assert '<span class="xyhf-checked xyhf-caution">产权状态核验于 2026-05-01（示例），已超过 180 天' in html
    assert '<a href="https://trade.xyhf.example.org/a/1" rel="noopener">挂牌编号 A-1</a>' in html
    assert "elsewhere.example.org" not in html and "挂牌编号 B-2" in html  # shown, never linked


def test_dry_run_reports_without_writing(make_catalog, tmp_path, capsys):
    root = make_catalog({COATING: PATENT})
    before = (root / COATING).read_bytes()
    export = write_csv(tmp_path / "e.csv", ["申请号,法律状态,法律状态公告日", f"{NUMBER},有效,2026-10-08"])
    assert run(root, export, "--dry-run") == 0
    assert "将更新 1 项" in capsys.readouterr().out
    assert (root / COATING).read_bytes() == before
