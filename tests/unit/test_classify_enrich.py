"""Classification tables and derived fields."""

from __future__ import annotations

import datetime as dt

from xyhf.domain import classify
from xyhf.domain.classify import classify_field, classify_sei, cities, ipc_to_field, tech_fields, trl_labels
from xyhf.domain.law import expires_within_a_year, fiscal_unconverted, legal_term_end
from xyhf.enrich import derive


def test_35_wipo_fields_in_5_sectors():
    fields = tech_fields()
    assert sorted(fields) == list(range(1, 36))
    assert {f.sector for f in fields.values()} == {"electrical", "instruments", "chemistry", "mechanical", "other"}


def test_every_table_reads_its_csv_from_the_package_data_skipping_comment_lines():
    # The tables are cached, and read once at import (source/discover.py): read them again here.
    for table in (classify.tech_fields, classify.trl_labels, classify.cities, classify._ipc_rules, classify._sei_rules):
        table.cache_clear()
    assert cities()["430100"] == "长沙市" and len(cities()) == 14
    assert trl_labels()[1] == "基本原理清晰" and sorted(trl_labels()) == list(range(1, 10))
    assert tech_fields()[7].name_zh and len(tech_fields()) == 35
    assert ipc_to_field("G06Q 10/06") == 7 and classify_sei(["B60L 53/00"], None, None) == "新能源汽车"


def test_longest_match_rules_from_the_concordance():
    # Schmoch 2008 examples quoted in STANDARDS.md.
    assert ipc_to_field("G06Q 10/06") == 7
    assert ipc_to_field("G06F 16/33") == 6
    assert ipc_to_field("G01N 33/48") == 11
    assert ipc_to_field("G01N 21/00") == 10
    assert ipc_to_field("B01D 46/00") == 24  # B01D 45-53 → environmental technology
    assert ipc_to_field("B01D 1/00") == 23
    assert ipc_to_field("A61K 8/02") == 14  # cosmetics → organic fine chemistry
    assert ipc_to_field("A61K 36/00") == 16
    assert ipc_to_field("C23C 4/06") == 21
    assert ipc_to_field("H04W 4/00") == 4  # newer than 2008: mapped explicitly
    assert ipc_to_field("Z99Z 1/00") is None


def test_types_without_ipc_fall_back():
    assert classify_field("software_copyright", []) == 6
    assert classify_field("ic_layout", []) == 8
    assert classify_field("trade_secret", []) is None
    assert classify_field("patent", ["Z99Z 1/00", "C23C 4/06"]) == 21


def test_strategic_emerging_industry():
    assert classify_sei(["H01M 10/0525"], 1, None) == "新能源"
    assert classify_sei(["B60L 53/00"], 32, None) == "新能源汽车"
    assert classify_sei(["C23C 4/06"], 21, None) == "新材料"
    assert classify_sei([], None, "I6510") == "新一代信息技术"
    assert classify_sei(["A47B 1/00"], 33, None) is None
    # Only the main (first) IPC symbol is read: a later one that would map elsewhere is not.
    assert classify_sei(["A47B 1/00", "H01M 10/0525"], 33, None) is None
    assert classify_sei(["C23C 4/06", "H01M 10/0525"], 21, None) == "新材料"


def test_trl_labels_gb_t_22900():
    assert trl_labels()[4] == "通过实验室环境验证"
    assert len(trl_labels()) == 9


def test_legal_terms():
    assert legal_term_end("patent", "invention", "2017-08-01") == "2037-07-31"
    assert legal_term_end("patent", "utility_model", "2015-03-01") == "2025-02-28"
    assert legal_term_end("patent", "design", "2021-05-31") == "2031-05-30"
    assert legal_term_end("patent", "design", "2021-06-01") == "2036-05-31"  # 15 years from 2021-06-01
    assert legal_term_end("patent", "invention", "2016-02-29") == "2036-02-28"
    assert legal_term_end("ic_layout", None, "2020-01-10") == "2030-01-09"
    assert legal_term_end("software_copyright", None, "2020-01-10") is None


def _record(**over):
    base = {
        "type": "patent",
        "trl": 6,
        "ip": {"patent_kind": "invention", "filed_on": "2010-01-01"},
        "ipc": ["C23C 4/06"],
        "status": "available",
        "transfer": {"license_kinds": ["exclusive"]},
    }
    base.update(over)
    return base


def test_derive_flags():
    today = dt.date(2026, 11, 24)
    d = derive(_record(), "xjlg", "430100", today)
    assert (d.city_name, d.tech_field, d.tech_field_name, d.trl_label) == (
        "长沙市",
        21,
        "表面技术、涂层",
        "相关环境中系统/样机演示（中试）",
    )
    assert d.expires_on == "2029-12-31" and not d.ip_expired
    old = derive(_record(ip={"patent_kind": "utility_model", "filed_on": "2015-03-01"}), "x", "430100", today)
    assert old.ip_expired and not old.ip_expiring
    ending = derive(_record(ip={"patent_kind": "utility_model", "filed_on": "2016-09-01"}), "x", "430100", today)
    assert ending.expires_on == "2026-08-31" and ending.ip_expired  # the legal term, not the date typed
    soon = derive(_record(ip={"patent_kind": "utility_model", "filed_on": "2017-03-01"}), "x", "430100", today)
    assert soon.expires_on == "2027-02-28" and soon.ip_expiring and not soon.ip_expired and not d.ip_expiring


def test_protection_ending_within_a_year():
    today = dt.date(2026, 11, 24)
    assert expires_within_a_year("2026-11-24", today)  # the last day of protection is today
    assert expires_within_a_year("2027-11-23", today)
    assert not expires_within_a_year("2027-11-24", today)  # a full year left
    assert not expires_within_a_year("2026-11-23", today)  # already over: that is ip_expired
    assert not expires_within_a_year(None, today)
    leap = dt.date(2024, 2, 29)  # a year from a leap day ends on 28 February
    assert expires_within_a_year("2025-02-27", leap) and not expires_within_a_year("2025-02-28", leap)


def test_fiscal_five_year_rule():
    today = dt.date(2026, 11, 24)
    funded = {"fiscal": True, "accepted_on": "2020-06-30"}
    assert fiscal_unconverted(_record(funding=funded), today)
    assert not fiscal_unconverted(_record(funding={"fiscal": True, "accepted_on": "2022-06-30"}), today)
    assert not fiscal_unconverted(_record(funding=funded, status="licensed"), today)
    assert not fiscal_unconverted(_record(funding=funded, transfer={"license_kinds": ["open"]}), today)
    assert not fiscal_unconverted(_record(funding={"fiscal": False}), today)


def test_an_ipc_symbol_that_cannot_be_read_suggests_no_industry():
    from xyhf.domain.classify import classify_sei

    assert classify_sei(["不是分类号"], None, None) is None
    assert classify_sei(["B60L 53/00"], None, None) == "新能源汽车"  # the main (first) symbol is read


def test_an_industry_key_with_a_main_group_matches_that_group_only():
    assert classify_sei(["B60W 20/00"], None, None) == "新能源汽车"
    assert classify_sei(["G06T 13/20"], None, None) == "数字创意"
    assert classify_sei(["B60W 10/00"], None, None) is None and classify_sei(["G06T 7/00"], None, None) is None


def test_records_hold_fresh_copies_of_the_parsed_texts():
    """model.records.fresh_copy: the record's texts are new objects beside it, never the parsed
    file's own strings (a forked reader copies the pages those lie on), equal in value."""
    from conftest import ROOT, TODAY
    from xyhf.model.records import fresh_copy, record_from_dict
    from xyhf.pipeline import load_valid_catalog

    sample = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    assert sample is not None

    long_text = "一种高熵合金涂层及其制备方法，" * 4  # over SHARED_UP_TO characters: a copy of its own
    owner = "".join(["湖南", "大学", "测试学院"])  # made here at run time, so interned nowhere yet
    data = {"title": long_text, "keywords": ["涂层", "合金"], "ip": {"owners": [owner]}, "n": 3}
    copy, again = fresh_copy(data), fresh_copy(data)
    assert copy == data and copy["title"] is not data["title"] and copy["title"] is not again["title"]
    assert copy["ip"] is not data["ip"] and copy["ip"]["owners"][0] is not data["ip"]["owners"][0]
    assert copy["ip"]["owners"][0] is again["ip"]["owners"][0], "a short value is one string however many records hold it"
    assert copy["keywords"][1] is again["keywords"][1]
    record = sample.records[0]
    raw = {
        "title": record.title,
        "type": record.type,
        "ip": {"owners": list(record.ip.owners)},
        "trl": record.trl,
        "summary": record.summary,
        "applications": record.applications,
        "advantages": record.advantages,
        "keywords": list(record.keywords),
        "transfer": {"modes": list(record.transfer.modes), "region": record.transfer.region},
        "payment": {"model": record.payment.model},
        "status": record.status,
        "listed_on": record.listed_on,
    }
    made = record_from_dict(record.path, raw, record.derived)
    assert made.title == record.title and made.summary == record.summary and made.summary is not raw["summary"]
