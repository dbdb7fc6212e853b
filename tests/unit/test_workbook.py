"""Workbooks written as SpreadsheetML (xyhf/render/base/workbook.py) read back, in openpyxl and pandas,
as the workbook openpyxl itself writes from the same tables: the same values and types, dates as
dates in yyyy-mm-dd, a bold header on its fill, a frozen header and first column, filters that leave
a 合计 row below them, column widths, and bold total rows. Text is never a formula; the bytes are the
same each time and dated from the data."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from xyhf.render.base.columns import Column
from xyhf.render.base.formats import render_xlsx
from xyhf.render.base.workbook import Sheet, column_letter, sheet_titles, workbook_bytes

EPOCH = 1_796_500_000  # 2026-12-05 19:46:40 UTC
COLUMNS = [
    Column("code", "统一编码"),
    Column("holder_city", "持有方市州代码"),
    Column("listed_on", "入库日期", "date"),
    Column("total_cny", "金额（元）", "integer"),
    Column("ip_expired", "知识产权已到期", "boolean"),
    Column("status", "状态"),
    Column("summary", "成果简介"),
]
ROWS = [
    {"code": "XYHF-2026-430100-000001-3", "holder_city": "430100", "listed_on": "2026-01-02", "total_cny": 300000,
     "ip_expired": False, "status": "available", "summary": "=HYPERLINK(\"http://x\") <b>&amp;</b>\r\n第二行  "},
    {"code": "XYHF-2026-430200-000002-8", "holder_city": "430200", "listed_on": "not a date", "total_cny": 2.5,
     "ip_expired": True, "status": "licensed", "summary": ""},
    {"code": "合计", "total_cny": 300002.5, "_total": True},
]  # fmt: skip


NOTES = [
    "本工作簿由湖南省科技成果“先用后付”成果库生成，供人阅读：每张表第 1 行为中文列名，已开启筛选。",
    "程序使用请下载同名 CSV 或 JSON 文件：字段名和取值代码保持稳定（见 datapackage.json）。",
    "许可：知识共享署名 4.0 国际许可协议（CC BY 4.0）。个人电话和邮箱仅在本人同意公开时列出，否则为单位办公联系方式。",
    "口径：“已发布成果”指已签发统一编码、未撤回的成果（可转化、洽谈中和已许可），与网站首页和统计页相同；已撤回的成果仍列在“成果”表中，状态为“已撤回”。",
    "列名以“代码”结尾的列保留程序使用的英文代码或行政区划代码，旁边一列是对应的中文。",
]


def _facts(data: bytes) -> list:
    """What a reader sees of each sheet: name, freeze, filter, widths, and every cell's value,
    number format, boldness and fill."""
    out = []
    for sheet in load_workbook(io.BytesIO(data)):
        widths = {k: v.width for k, v in sheet.column_dimensions.items() if v.customWidth}
        cells = [
            (c.coordinate, c.value, c.number_format, bool(c.font.b), c.fill.fgColor.rgb if c.fill.fill_type else None)
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None or c.font.b
        ]
        out.append((sheet.title, sheet.freeze_panes, sheet.auto_filter.ref, widths, cells))
    return out


def _openpyxl_reference(rows: list[dict]) -> bytes:
    """The same table as openpyxl writes it, cell by cell (how render_xlsx wrote workbooks before)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "成果"
    ws.freeze_panes = "B2"
    titles = ["统一编码", "持有方市州代码", "持有方市州", "入库日期", "金额（元）", "知识产权已到期", "状态", "成果简介"]
    ws.auto_filter.ref = f"A1:H{len(rows)}"  # the 合计 row stays below
    for i, width in enumerate([14, 14, 14, 14, 14, 14, 14, 48], 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    ws.append(titles)
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
    shown = [
        ["XYHF-2026-430100-000001-3", "430100", "长沙市", dt.date(2026, 1, 2), 300000, "否", "可转化",
         "'=HYPERLINK(\"http://x\") <b>&amp;</b>\r\n第二行  "],
        ["XYHF-2026-430200-000002-8", "430200", "株洲市", "not a date", 2.5, "是", "已转化", None],
        ["合计", None, None, None, 300002.5, None, None, None],
    ]  # fmt: skip
    for values in shown:
        ws.append(values)
    for cell in ws[2][3:4]:
        cell.number_format = "yyyy-mm-dd"
    for cell in ws[4]:
        cell.font = bold
    notes = wb.create_sheet("说明")
    for line in NOTES:
        notes.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _notes(data: bytes) -> list[str]:
    return [row[0] for row in load_workbook(io.BytesIO(data))["说明"].iter_rows(values_only=True)]


def test_a_table_reads_back_as_the_workbook_openpyxl_writes_from_it():
    ours = render_xlsx([("records", "成果", COLUMNS, ROWS)], EPOCH)
    assert _facts(ours) == _facts(_openpyxl_reference(ROWS))
    sheet = _facts(ours)[0]
    assert sheet[1:3] == ("B2", "A1:H3")  # frozen header and first column; the 合计 row (row 4) below the filter
    assert ("H2", '\'=HYPERLINK("http://x") <b>&amp;</b>\r\n第二行  ', "General", False, None) in sheet[4]
    assert ("D2", dt.datetime(2026, 1, 2), "yyyy-mm-dd", False, None) in sheet[4]
    assert ("A1", "统一编码", "General", True, "00E8EEF7") in sheet[4]
    assert ("B4", None, "General", True, None) in sheet[4]  # an empty cell of the 合计 row keeps the bold
    assert len(_notes(ours)) == 5 and _notes(ours)[0].startswith("本工作簿由湖南省")


def test_pandas_reads_dates_as_dates_and_text_as_text():
    frame = pd.read_excel(io.BytesIO(render_xlsx([("records", "成果", COLUMNS, ROWS)], EPOCH)), sheet_name="成果")
    assert list(frame.columns)[:3] == ["统一编码", "持有方市州代码", "持有方市州"]
    assert frame.loc[0, "入库日期"] == pd.Timestamp("2026-01-02") and frame.loc[1, "入库日期"] == "not a date"
    assert list(frame["知识产权已到期"][:2]) == ["否", "是"] and list(frame["状态"][:2]) == ["可转化", "已转化"]
    assert frame.loc[2, "金额（元）"] == 300002.5


def test_text_is_never_a_formula_and_xml_specials_round_trip():
    hostile = [
        "=1+1",
        "+SUM(A1)",
        "-2",
        "@cmd",
        " \u3000=HYPERLINK(1)",
        "</t></is><f>1+1</f>",
        "a & b < c > d",
        "\r\n\t",
        "x\x00y\x1fz\ufffe",
    ]
    rows = [{"code": text, "summary": text} for text in hostile]
    data = render_xlsx([("records", "成果", COLUMNS, rows)], EPOCH)
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    ElementTree.fromstring(sheet_xml)  # well-formed
    assert b"<f>" not in sheet_xml.replace(b"&lt;f&gt;", b"")
    cells = [row[0] for row in load_workbook(io.BytesIO(data))["成果"].iter_rows(min_row=2, values_only=True)]
    assert cells == [
        "'=1+1",
        "'+SUM(A1)",
        "'-2",
        "'@cmd",
        "' \u3000=HYPERLINK(1)",
        "</t></is><f>1+1</f>",
        "a & b < c > d",
        "'\r\n\t",
        "xyz",
    ]


def test_the_same_tables_give_the_same_bytes_dated_from_the_data():
    first = render_xlsx([("records", "成果", COLUMNS, ROWS)], EPOCH)
    assert first == render_xlsx([("records", "成果", COLUMNS, ROWS)], EPOCH)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(2026, 12, 5, 19, 46, 40)}
    assert archive.read("docProps/core.xml").decode().count("2026-12-05T19:46:40Z") == 2
    workbook = archive.read("xl/workbook.xml").decode()
    assert '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'成果\'!$A$1:$H$3</definedName>' in workbook
    assert render_xlsx([("records", "成果", COLUMNS, ROWS)], EPOCH + 86400) != first


def test_a_large_sheet_streams_and_reads_back_whole():
    rows = (([f"成果 {i}", i, dt.date(2026, 1, 1) + dt.timedelta(days=i % 400)], i % 1000 == 0) for i in range(20_000))
    data = workbook_bytes([Sheet("成果", ["名称", "序号", "日期"], [30, 14, 14], rows, 20_000, 20_000)], EPOCH)
    read = list(load_workbook(io.BytesIO(data), read_only=True)["成果"].iter_rows(values_only=True))
    assert len(read) == 20_001 and read[20_000] == ("成果 19999", 19999, dt.datetime(2026, 1, 1) + dt.timedelta(days=19999 % 400))


def test_a_sheet_that_breaks_its_promise_is_refused():
    with pytest.raises(ValueError, match="promised 3 rows and gave 2"):
        workbook_bytes([Sheet("成果", ["a"], [], iter([(["x"], False), (["y"], False)]), 3, 3)], EPOCH)
    with pytest.raises(ValueError, match="2 cells for 1 columns"):
        workbook_bytes([Sheet("成果", ["a"], [], iter([(["x", "y"], False)]), 1, 1)], EPOCH)
    with pytest.raises(TypeError, match="cannot hold list"):
        workbook_bytes([Sheet("成果", ["a"], [], iter([([["x"]], False)]), 1, 1)], EPOCH)


def test_numbers_that_excel_cannot_hold_are_shown_as_text_and_booleans_as_booleans():
    rows = iter([([float("nan"), float("inf"), True, 10**20], False)])
    data = workbook_bytes([Sheet("表", ["a", "b", "c", "d"], [], rows, 1, 1)], EPOCH)
    assert list(load_workbook(io.BytesIO(data))["表"].iter_rows(min_row=2, values_only=True)) == [("nan", "inf", True, 10**20)]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=18_278))
def test_column_letters_are_excels(index):
    assert column_letter(index) == get_column_letter(index)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1, max_size=6))
def test_any_text_reads_back_as_written_less_what_xml_cannot_hold(texts):
    from xyhf.render.base.formats import _xlsx_safe

    rows = [{"code": text} for text in texts]
    data = render_xlsx([("records", "成果", [Column("code", "统一编码")], rows)], EPOCH)
    read = [row[0] for row in load_workbook(io.BytesIO(data))["成果"].iter_rows(min_row=2, max_col=1, values_only=True)]
    expected = [_xlsx_safe(text) or None for text in texts]
    assert read[: len(expected)] + [None] * (len(expected) - len(read)) == expected


def test_sheet_names_are_made_ones_excel_accepts_and_unique():
    asked = ["'某某/大学'", "某某大学", "a:b\\c?*[d]", "History", "x" * 40, "x" * 40, "", "''", "甲\x00乙", "说明"]
    names = sheet_titles(asked)
    assert names == [
        "某某大学",
        "某某大学（2）",
        "abcd",
        "History 表",
        "x" * 31,
        "x" * 28 + "（2）",
        "表",
        "表（2）",
        "甲乙",
        "说明",
    ]
    sheets = [Sheet(title, ["列"], [], iter([(["值"], False)]), 1, 1) for title in asked]
    workbook = load_workbook(io.BytesIO(workbook_bytes(sheets, EPOCH)))
    assert workbook.sheetnames == names and all(sheet["A2"].value == "值" for sheet in workbook)
    assert len({name.casefold() for name in names}) == len(names)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_any_sheet_names_give_a_workbook_that_reads_back(titles):
    names = sheet_titles(titles)
    assert all(1 <= len(n) <= 31 and not n.startswith("'") and not n.endswith("'") for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert len({n.casefold() for n in names}) == len(names)
    sheets = [Sheet(title, ["列"], [], iter([]), 0, 0) for title in titles]
    assert load_workbook(io.BytesIO(workbook_bytes(sheets, EPOCH))).sheetnames == names
