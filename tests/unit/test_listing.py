"""The listing package (进场交易): one offer per published record, valid against the schema the site
ships; one workbook per holder with Chinese headers and no formula cells; listing links only to
allow-listed hosts."""

from __future__ import annotations

import io
import json

from jsonschema import Draft202012Validator, FormatChecker
from openpyxl import load_workbook

from xyhf.render.base.formats import render_xlsx
from xyhf.render.opendata.listing import LISTING_COLUMNS
from xyhf.render.records.record_page import listing_href

REQUIRED_HEADERS = [
    "项目名称",
    "成果类型",
    "专利号",
    "权利人",
    "技术领域",
    "成熟度",
    "转化方式",
    "许可类型",
    "付费方式与金额",
    "有效期",
    "联系人",
]


def test_every_offer_validates_against_the_shipped_schema_and_matches_the_open_data(built_site):
    schema = json.loads((built_site / "schemas/listing.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    records = {r["code"]: r for r in json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))}
    offers = sorted((built_site / "data/listing").glob("*.json"))
    assert {p.stem for p in offers} == set(records)  # one per published record
    for path in offers:
        offer = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(offer)]
        assert not errors, (path.name, errors)
        record = records[offer["code"]]
        assert offer.get("contact", record["contact"]) == record["contact"]  # the one privacy projection
        assert offer["open"] == (record["status"] in ("available", "negotiating"))
    sample = json.loads((built_site / "data/listing/HNXY-2026-ZL-00006-1.json").read_text(encoding="utf-8"))
    assert sample["legal_status"]["label"] == "有效" and sample["listings"][0]["id"] == "示例-2026-0001"


def test_holder_workbooks_have_chinese_headers_and_no_formula_cells(built_site):
    books = sorted((built_site / "data/listing").glob("*.xlsx"))
    assert {p.stem for p in books} == {
        r["holder"] for r in json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))
    }
    for path in books:
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        headers = [c.value for c in ws[1]]
        assert all(h in headers for h in REQUIRED_HEADERS), headers
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate)
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))), cell.value


def test_cells_that_could_run_as_formulas_are_neutralised():
    row = {c.name: '=HYPERLINK("https://evil.example","点我")' for c in LISTING_COLUMNS}
    wb = load_workbook(io.BytesIO(render_xlsx([("listing", "挂牌清单", LISTING_COLUMNS, [row])], 0)))
    cells = [c for c in wb.worksheets[0][2]]
    assert all(c.data_type != "f" and str(c.value).startswith("'=") for c in cells)


def test_listing_links_only_to_allow_listed_https_hosts():
    hosts = ("trade.xyhf.example.org",)
    assert listing_href("https://trade.xyhf.example.org/listing/1", hosts) == "https://trade.xyhf.example.org/listing/1"
    assert listing_href("https://evil.example.org/listing/1", hosts) is None
    assert listing_href("http://trade.xyhf.example.org/listing/1", hosts) is None
    assert listing_href("https://user@trade.xyhf.example.org/", hosts) is None
    assert listing_href("javascript:alert(1)", hosts) is None


def test_the_record_page_shows_the_status_its_date_and_the_listing_link(built_site):
    html = (built_site / "records/HNXY-2026-ZL-00006-1/index.html").read_text(encoding="utf-8")
    assert "<th>法律状态</th><td><strong>有效</strong>" in html
    assert "产权状态核验于 2026-11-02（示例）" in html
    assert '<a href="https://trade.xyhf.example.org/listing/2026-0001" rel="noopener">挂牌编号 示例-2026-0001</a>' in html


def test_a_workbook_keeps_every_character_but_the_controls_xml_cannot_hold():
    # Control characters (but tab, line feed, return) and U+FFFE, U+FFFF are dropped (XML 1.0 cannot
    # hold them; the workbook is written as XML); every other character stays,
    # and the workbook opens (openpyxl refuses a cell with a control character it cannot write).
    from hypothesis import given, settings, strategies as st

    from xyhf.render.base.formats import _xlsx_safe, neutralise

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
    def check(text):
        expected = "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))
        assert _xlsx_safe(text) == neutralise(expected)
        render_xlsx([("listing", "挂牌清单", LISTING_COLUMNS[:1], [{LISTING_COLUMNS[0].name: text}])], 0)

    check()
    assert _xlsx_safe("a\x00b\x0bc\x1fd\te\nf\rg\x7f") == "abcd\te\nf\rg\x7f"
    assert _xlsx_safe("h\ufffei\uffffj\ufdd0") == "hij\ufdd0", "U+FFFE and U+FFFF are not XML characters"
