"""Small rule functions read directly, each at its edge (issue 24 survivors): a need code's two
messages, a contract number with invisible separators, and when a legal-status check goes stale."""

from __future__ import annotations

import datetime as dt

from xyhf.domain.codes import need_code_problem
from xyhf.domain.contracts import contract_key
from xyhf.validate.legal import STALE_DAYS, is_stale

FORMAT = "需求编码格式应为 HNXQ-年份-5位序号-校验位，如 HNXQ-2026-00007-3。"


def test_a_need_code_is_read_as_text_of_its_one_form():
    assert need_code_problem("HNXQ-2026-00000-0") == "需求编码的序号从 00001 开始。"
    assert need_code_problem("HNXQ-26") == need_code_problem(5) == need_code_problem(None) == FORMAT


def test_invisible_and_wide_separators_do_not_make_a_contract_number_new():
    plain = contract_key("CDNY-XYHF-2026")
    assert contract_key("CDNY\u200bXYHF\u200b2026") == contract_key("CDNY\u3000XYHF\u00a02026") == plain


def test_a_legal_status_check_goes_stale_after_180_days_not_on_the_180th():
    today = dt.date(2026, 11, 24)
    assert STALE_DAYS == 180
    assert not is_stale((today - dt.timedelta(days=180)).isoformat(), today)
    assert is_stale((today - dt.timedelta(days=181)).isoformat(), today)
    assert not is_stale(None, today) and not is_stale("", today)


def _record(data: dict):
    from pathlib import Path

    from xyhf.source.yaml_loader import Source

    return Source(Path("records/x/a.yaml"), "records/x/a.yaml", data)


def test_a_patent_number_without_a_readable_filing_day_is_still_checked_and_nothing_raises():
    from xyhf.validate.rules import check_record_ip

    for filed in (None, "2026-02-30", 20170801, ["2017-08-01"]):
        ip = {"number": "ZL201710601862.3", "patent_kind": "invention", "filed_on": filed}
        assert list(check_record_ip(_record({"type": "patent", "ip": ip}))) == [], filed
        wrong = {**ip, "number": "ZL201710601862.4"}
        found = list(check_record_ip(_record({"type": "patent", "ip": wrong})))
        assert [(d.field, d.rule) for d in found] == [("ip.number", "ip.patent_number")], filed
    year_off = {"number": "ZL201710601862.3", "patent_kind": "invention", "filed_on": "2018-01-05"}
    assert "申请年份 2017" in next(check_record_ip(_record({"type": "patent", "ip": year_off}))).message


def test_an_ip_that_is_not_a_mapping_is_left_to_the_schema():
    from xyhf.validate.rules import check_record_ip

    for ip in ("ZL201710601862.4", ["ZL201710601862.4"], 7, None):
        assert list(check_record_ip(_record({"type": "patent", "ip": ip, "ipc": ["C23C 4/06"]}))) == [], ip


def test_an_unconfirmed_check_digit_warns_and_a_wrong_format_refuses():
    from xyhf.errors import Severity
    from xyhf.validate.rules import check_record_ip

    def found(rtype: str, number: str):
        return [(d.rule, d.severity) for d in check_record_ip(_record({"type": rtype, "ip": {"number": number}}))]

    assert found("ic_layout", "BS.185559221") == [("ip.number_format", Severity.WARNING)]
    assert found("plant_variety", "CNA20080376.1") == [("ip.number_format", Severity.WARNING)]
    assert found("software_copyright", "SR0322683") == [("ip.number_format", Severity.ERROR)]
    assert found("ic_layout", "BS.185559220") == [] and found("software_copyright", "2019SR0322683") == []


def test_the_code_layout_check_reads_the_file_as_utf8_whatever_the_locale(tmp_path, ascii_locale):
    from xyhf.source.yaml_loader import Source
    from xyhf.validate.rules import check_code_insertable

    path = tmp_path / "records" / "x" / "a.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("? title\n: 高熵合金耐磨涂层\n", encoding="utf-8")  # an explicit key: no place for a code
    source = Source(path, "records/x/a.yaml", {"title": "高熵合金耐磨涂层", "type": "patent"})
    assert [d.rule for d in check_code_insertable(source)] == ["layout"]
