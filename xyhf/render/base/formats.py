"""Bytes of the open formats from rows and columns: JSON, CSV (UTF-8 with BOM) and XLSX for people.

Every table the site publishes goes through here: spreadsheet cells are neutralised (no formulas),
workbooks are deterministic (zip times from the data's epoch), codes get their Chinese names.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import IO, BinaryIO

from xyhf.render.base.columns import Column
from xyhf.render.base.workbook import Sheet, workbook_bytes, write_workbook

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "知识共享署名 4.0 国际许可协议（CC BY 4.0）",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def json_bytes(data: object, one: bool = False) -> bytes:
    """One of thousands of items (`one`: a listing offer) compact on one line, like data/records/<code>.json
    (indented, 25,000 offers carried 3 MiB of spaces); small descriptive files indented; tables as an
    array of one compact object per line, which diffs and greps by row and is an eighth smaller than
    indented (10 MB of records.json at 25,000)."""
    if one:
        return json_line(data) + b"\n"
    if not isinstance(data, list):
        return (json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
    # Each row encoded on its own, then joined as bytes: joined as text first, a 25,000-row table was a
    # list of strings, one string of them and its bytes at once (Chinese text is two bytes a character).
    return json_array([json_line(row) for row in data])


def json_line(data: object) -> bytes:
    """Compact JSON on one line, without its newline: a table's row, a record's own file."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


class JsonArray:
    """A table written into `stream` as its rows come (compact, one object a row): a row a line. The
    one place the framing is decided: json_array uses it, and so does records.json, which is
    streamed to a scratch file a record at a time instead of held (70 MB at 25,000 records)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.rows = stream, 0
        stream.write(b"[")

    def add(self, row: bytes) -> None:
        self.stream.write(b",\n" if self.rows else b"\n")
        self.stream.write(row)
        self.rows += 1

    def close(self) -> None:
        self.stream.write(b"\n]\n" if self.rows else b"]\n")


def json_array(rows: list[bytes]) -> bytes:
    """A table from its rows already encoded, as JsonArray writes it."""
    out = io.BytesIO()
    array = JsonArray(out)
    for row in rows:
        array.add(row)
    array.close()
    return out.getvalue()


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A spreadsheet cell that could start a formula gets a leading apostrophe (OWASP CSV injection
    guidance): `=HYPERLINK(…)`, `+1`, `-2`, `@SUM`, and the same after leading spaces."""
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or value.lstrip(" \u3000").startswith(FORMULA_TRIGGERS)):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else neutralise(value)


def render_csv(rows: Iterable[dict], columns: list[Column], people: bool = False) -> bytes:
    """`people`: Chinese column titles as the header (a file a clerk fills in), not the stable keys."""
    out = io.BytesIO()
    write_csv(rows, columns, out, people)
    return out.getvalue()


def write_csv(rows: Iterable[dict], columns: list[Column], out: IO[bytes], people: bool = False) -> None:
    """render_csv's bytes written into `out` as they are made (the records' CSV is 84 MB at 50,000)."""
    out.write(b"\xef\xbb\xbf")  # BOM: Excel on Windows then reads UTF-8
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)  # encoded as written:
    writer = csv.writer(text, lineterminator="\r\n")  # a text buffer of 25,000 rows was 4 bytes a character
    writer.writerow([c.title if people else c.name for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c.name)) for c in columns])
    text.flush()
    text.detach()  # `out` stays open: it is the caller's


def _xlsx_safe(value: object) -> object:
    """Cells never start a formula (see neutralise); characters XML cannot hold are dropped."""
    if isinstance(value, str):
        value = _XML_CONTROL.sub("", value)
    return neutralise(value)


_XML_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)  # what XML 1.0 cannot hold: C0 controls but tab, line feed, return; surrogates; non-characters


@functools.cache
def _value_labels(table: str = "") -> dict[str, dict[str, str]]:
    """Chinese names of coded values, by column (and by table where one column name means different
    things: a need's status, a deal's status, a deal event's kind): a workbook is read by people."""
    from xyhf.domain import labels as L

    own = {
        "needs": {"status": L.NEED_STATUS_LABELS, "payment_models": L.PAYMENT_MODEL_LABELS},
        "deals": {"status": L.DEAL_STATUS_LABELS},
        "deal_events": {"kind": L.DEAL_EVENT_LABELS},
    }.get(table, {})
    return {
        "type": L.TYPE_LABELS,
        "status": L.STATUS_LABELS,
        "payment_model": L.PAYMENT_MODEL_LABELS,
        "transfer_modes": L.MODE_LABELS,
        "mode": L.MODE_LABELS,
        "license_kinds": L.LICENSE_KIND_LABELS,
        "license_kind": L.LICENSE_KIND_LABELS,
        "settlement": L.SETTLEMENT_LABELS,
        "patent_kind": L.PATENT_KIND_LABELS,
        "deferred_method": L.METHOD_LABELS,
        "kind": L.HOLDER_KIND_LABELS,
        "node": L.MILESTONE_LABELS,
        "size": L.SIZE_LABELS,
        "licensee_size": L.SIZE_LABELS,
        "enterprise_size": L.SIZE_LABELS,
        "payment_models": L.PAYMENT_MODEL_LABELS,
        "ip_legal_status": L.LEGAL_STATUS_LABELS,
        **own,
    }


def is_code_column(column: Column) -> bool:
    """A column that keeps the codes on purpose, beside its Chinese twin (titled …代码)."""
    return column.title.endswith("代码")


def people_value(column: Column, value: object, site_url: str = "", table: str = "") -> object:
    """A cell as people read it: Chinese names for codes, 是/否, real dates, absolute links."""
    if value is None or value == "":
        return None
    if column.type == "date" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if column.type == "boolean" and isinstance(value, bool):
        return "是" if value else "否"
    labels = None if is_code_column(column) else _value_labels(table).get(column.name)
    if labels and isinstance(value, str):
        return "；".join(labels.get(part, part) for part in value.split("；"))
    if labels and isinstance(value, list):
        return "；".join(labels.get(str(part), str(part)) for part in value)
    if column.name == "url" and isinstance(value, str) and site_url and not value.startswith("https://"):
        return site_url + value
    return value


SheetTables = Sequence[tuple[str, str, list[Column], Sequence[dict]]]  # (table, sheet title, columns, rows)


def render_xlsx(tables: SheetTables, epoch: int, site_url: str = "") -> bytes:
    """One sheet per table for people: one Chinese header row (frozen, with filters), Chinese values,
    dates as dates, absolute links. The English keys and codes stay in the CSV and JSON files."""
    return workbook_bytes(_sheets(tables, site_url), epoch)


def write_xlsx(tables: SheetTables, epoch: int, out: IO[bytes], site_url: str = "") -> None:
    """render_xlsx's workbook written into `out` as it is made: the catalog's own workbook is 44 MB at
    50,000 records, and held in memory it was the build's peak of memory."""
    write_workbook(_sheets(tables, site_url), epoch, out)


def _sheets(tables: SheetTables, site_url: str) -> list[Sheet]:
    sheets = [_sheet(table, title, columns, rows, site_url) for table, title, columns, rows in tables]
    notes = [
        "本工作簿由湖南省科技成果“先用后付”成果库生成，供人阅读：每张表第 1 行为中文列名，已开启筛选。",
        "程序使用请下载同名 CSV 或 JSON 文件：字段名和取值代码保持稳定（见 datapackage.json）。",
        f"许可：{LICENSE['title']}。个人电话和邮箱仅在本人同意公开时列出，否则为单位办公联系方式。",
        "口径：“已发布成果”指已签发统一编码、未撤回的成果（可转化、洽谈中和已许可），与网站首页和统计页相同；已撤回的成果仍列在“成果”表中，状态为“已撤回”。",
        "列名以“代码”结尾的列保留程序使用的英文代码或行政区划代码，旁边一列是对应的中文。",
    ]
    sheets.append(Sheet("说明", (), (), [((line,), False) for line in notes], len(notes), 0))
    return sheets


def _sheet(table: str, title: str, given: list[Column], rows: Sequence[dict], site_url: str) -> Sheet:
    from xyhf.domain.classify import cities

    columns, code_of = _with_city_names(given)
    names = cities() if code_of else {}
    total = bool(rows) and bool(rows[-1].get("_total"))  # a 合计 row stays below the filtered rows
    named = _value_labels(table)
    people = [c.type in ("date", "boolean") or c.name in named or c.name == "url" for c in columns]

    def value(row: dict, c: Column) -> object:
        code = code_of.get(c.name)
        return row.get(c.name) if code is None else names.get(str(row.get(code)), row.get(code))

    def cells(row: dict) -> tuple[list[object], bool]:
        values = [
            _xlsx_safe(people_value(c, value(row, c), site_url, table)) if shown else _xlsx_safe(value(row, c))
            for c, shown in zip(columns, people, strict=True)
        ]
        return values, bool(row.get("_total"))

    return Sheet(title, [c.title for c in columns], [_width(c) for c in columns], map(cells, rows), len(rows), len(rows) - total)


def _with_city_names(columns: list[Column]) -> tuple[list[Column], dict[str, str]]:
    """A workbook is read by people: beside each 市州代码 column without its Chinese twin, the city's
    name (the CSV and JSON keep the code only). The columns, and each added column's code column."""
    titles = {c.title for c in columns}
    out: list[Column] = []
    code_of: dict[str, str] = {}
    for c in columns:
        out.append(c)
        if c.title.endswith("市州代码") and c.title.removesuffix("代码") not in titles:
            out.append(Column(f"{c.name}__name", c.title.removesuffix("代码")))
            code_of[f"{c.name}__name"] = c.name
    return out, code_of


def _width(c: Column) -> int:
    if c.name in ("summary", "applications", "advantages", "licensee_requirements"):
        return 48
    return 30 if c.name in ("title", "holder_name", "condition", "name", "address", "url") else 14
