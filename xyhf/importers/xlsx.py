"""Excel batch import for technology-transfer offices: a template, and rows → record files.

`xyhf xlsx-template` writes the template (Chinese headers, drop-down lists, a notes sheet).
`xyhf import-xlsx FILE --holder ID` validates every row with the same schema and rules as
`xyhf check`, reports errors by sheet, row and column in Chinese, and writes nothing unless
every row is good.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from xyhf.domain.labels import (
    LICENSE_KIND_LABELS,
    METHOD_LABELS,
    MILESTONE_LABELS,
    MODE_LABELS,
    PATENT_KIND_LABELS,
    PAYMENT_MODEL_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)
from xyhf.errors import Diagnostic
from xyhf.source.yaml_loader import Source

RECORDS_SHEET, MILESTONES_SHEET, NOTES_SHEET = "成果", "里程碑节点", "填写说明"
SEP = "；"
TRL_WHY = "：入库要求 TRL 4 及以上（4 级即关键技术已在实验室环境中验证，GB/T 22900-2022）"
LIST_SEPARATORS = r"[；;，,、\n]"  # 秸秆、饲料、青贮 is three keywords, as a clerk writes them
YES_NO = {"是": True, "否": False}
SETTLEMENT = {"每半年": "half_year", "每年": "year"}


@dataclass(frozen=True)
class Col:
    key: str  # dotted record path; "[]" marks a list split on ；
    header: str
    note: str = ""
    choices: dict | None = None  # label → value, offered as a drop-down
    kind: str = "text"  # text | int | number | date | bool


def _labels(mapping: dict[str, str]) -> dict[str, str]:
    return {label: key for key, label in mapping.items()}


RECORD_COLS = [
    Col("slug", "文件名", "小写英文字母、数字和连字符，如 high-entropy-coating；成为 records/<持有方>/<文件名>.yaml"),
    Col("title", "成果名称", "4–100 字"),
    Col("type", "类型", choices=_labels(TYPE_LABELS)),
    Col("ip.number", "登记/授权号", "专利如 ZL201710601862.3；单元格已设为文本格式，技术秘密不填"),
    Col("ip.patent_kind", "专利类型", "仅专利填写", choices=_labels(PATENT_KIND_LABELS)),
    Col("ip.filed_on", "申请日", "专利、布图设计填写", kind="date"),
    Col("ip.granted_on", "授权/登记日", "技术秘密不填", kind="date"),
    Col("ip.owners[]", "权利人", "多个用“；”分隔"),
    Col("appraisal.agency", "评估机构", "仅技术秘密：第三方评估机构"),
    Col("appraisal.report_no", "评估报告编号", "仅技术秘密"),
    Col("appraisal.date", "评估日期", "仅技术秘密", kind="date"),
    Col("trl", "技术成熟度", "4–9 级", choices={str(n): n for n in range(4, 10)}, kind="int"),
    Col("summary", "简要说明"),
    Col("applications", "应用领域与市场前景"),
    Col("advantages", "技术优势"),
    Col("licensee_requirements", "承接条件", "可不填"),
    Col("keywords[]", "关键词", "1–10 个，用“；”分隔"),
    Col("ipc[]", "IPC 分类号", "专利必填，如 C23C 4/06，多个用“；”分隔"),
    Col("industry", "国民经济行业分类", "可不填，如 C3360"),
    Col("transfer.modes[]", "转化方式", "转让、许可，多个用“；”分隔", choices=_labels(MODE_LABELS)),
    Col(
        "transfer.license_kinds[]",
        "许可类型",
        "开放许可、排他许可、独占许可，多个用“；”分隔",
        choices=_labels(LICENSE_KIND_LABELS),
    ),
    Col("transfer.region", "转化地域"),
    Col("transfer.term", "许可期限", "如 5年"),
    Col("transfer.field_of_use", "许可用途领域", "合同“仅限于……领域”所填，如 复合肥料生产；可不填"),
    Col("payment.model", "支付模式", choices=_labels(PAYMENT_MODEL_LABELS)),
    Col("payment.royalty_percent", "提成比例（%）", "里程碑模式可填", kind="number"),
    Col("payment.settlement", "提成结算周期", choices=SETTLEMENT),
    Col("payment.start.after_months", "合同生效满几个月开始支付", "延期启动模式", kind="int"),
    Col("payment.start.on_first_revenue", "产生收入后开始支付", "延期启动模式：是/否", choices=YES_NO, kind="bool"),
    Col("payment.method", "支付形式", "延期启动模式", choices=_labels(METHOD_LABELS)),
    Col("payment.total_cny", "转化费用总额（元）", "延期启动模式", kind="int"),
    Col("payment.lump_sum_due", "一次性总付期限", "如 条件达成后30日内"),
    Col("payment.installments.count", "分期期数", kind="int"),
    Col("payment.installments.amount_cny", "每期金额（元）", kind="int"),
    Col("payment.installments.schedule", "分期支付时间"),
    Col("funding.fiscal", "财政资金支持", "是/否", choices=YES_NO, kind="bool"),
    Col("funding.project", "财政项目名称"),
    Col("funding.accepted_on", "验收日期", kind="date"),
    Col("inventors[]", "成果完成人", "多个用“；”分隔"),
    Col("contact.name", "联系人"),
    Col("contact.phone", "联系电话", "单元格已设为文本格式"),
    Col("contact.email", "联系邮箱"),
    Col("publish_contact", "公开个人联系方式", "是/否，否则只公开单位办公电话", choices=YES_NO, kind="bool"),
    Col("status", "状态", choices=_labels(STATUS_LABELS)),
    Col("listed_on", "入库日期", kind="date"),
]
MILESTONE_COLS = [
    Col("slug", "文件名", "与“成果”表中的文件名相同"),
    Col("node", "里程碑节点", choices=_labels(MILESTONE_LABELS)),
    Col("condition", "支付条件"),
    Col("amount_cny", "支付金额（元）", kind="int"),
    Col("due", "支付期限"),
]


def columns_for_browser() -> dict:
    """The two sheets' columns for the Excel upload on the site (assets/xyhf/excel-import.js): one
    field list for the command-line importer and the browser."""

    def cols(columns: list[Col]) -> list[dict]:
        return [{"key": c.key, "header": c.header, "choices": c.choices, "kind": c.kind} for c in columns]

    return {
        "records": {"sheet": RECORDS_SHEET, "columns": cols(RECORD_COLS)},
        "milestones": {"sheet": MILESTONES_SHEET, "columns": cols(MILESTONE_COLS)},
        "separators": LIST_SEPARATORS,
    }


def render_template() -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    for index, (title, cols) in enumerate(((RECORDS_SHEET, RECORD_COLS), (MILESTONES_SHEET, MILESTONE_COLS))):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title
        ws.freeze_panes = "B2"
        for i, col in enumerate(cols, 1):
            cell = ws.cell(row=1, column=i, value=col.header)
            cell.font, cell.fill = bold, fill
            if col.note:
                cell.comment = Comment(col.note, "xyhf")
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = 40 if col.key in ("summary", "applications", "advantages", "title") else 16
            if col.kind == "text":
                for row in range(2, 502):
                    ws.cell(row=row, column=i).number_format = "@"  # Excel keeps numbers typed here as text
            if col.choices and not col.key.endswith("[]"):
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(col.choices) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="请从下拉列表中选择",
                    error="请从下拉列表中选择一项。",
                )
                dv.add(f"{letter}2:{letter}500")
                ws.add_data_validation(dv)
    notes = wb.create_sheet(NOTES_SHEET)
    notes.append(["工作表", "列名", "说明", "可选值"])
    for sheet, cols in ((RECORDS_SHEET, RECORD_COLS), (MILESTONES_SHEET, MILESTONE_COLS)):
        for col in cols:
            notes.append([sheet, col.header, col.note, "、".join(col.choices) if col.choices else ""])
    notes.append([])
    notes.append(["", "导入方法", ".venv/bin/xyhf import-xlsx 本文件.xlsx --holder <持有方编号>；任何一行有错都不会写入文件。"])
    notes.column_dimensions["C"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _Cell:
    def __init__(self, sheet: str, row: int, column: int, header: str):
        self.sheet, self.row, self.column, self.header = sheet, row, column, header


def _convert(col: Col, value, where: _Cell, problems: list) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = value.strip()
    if col.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value).replace("/", "-")
    if col.choices is not None and not col.key.endswith("[]"):
        key = str(value) if not isinstance(value, float) else str(int(value))
        if key in col.choices:
            return col.choices[key]
        if key in col.choices.values():
            return key
        why = TRL_WHY if col.key == "trl" else ""
        problems.append((where, f"“{value}”不是可选值{why}，请从下拉列表中选择：{'、'.join(col.choices)}。"))
        return None
    if col.kind in ("int", "number"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value) if col.kind == "int" and float(value).is_integer() else value
        try:
            number = float(str(value).replace(",", ""))
            return int(number) if col.kind == "int" and number.is_integer() else number
        except ValueError:
            problems.append((where, f"应填数字，现在是“{value}”。"))
            return None
    if isinstance(value, float):
        problems.append((where, f"单元格被 Excel 存成了数字 {value!r}，号码可能已经失真：请把单元格格式设为“文本”后重新输入。"))
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    text = str(value)
    if col.key.endswith("[]"):
        items = [x.strip() for x in re.split(LIST_SEPARATORS, text) if x.strip()]
        if col.choices:
            mapped = []
            for item in items:
                if item in col.choices:
                    mapped.append(col.choices[item])
                elif item in col.choices.values():
                    mapped.append(item)
                else:
                    problems.append((where, f"“{item}”不是可选值，可选：{'、'.join(col.choices)}。"))
            return mapped
        return items
    return text


def _set(record: dict, key: str, value, positions: dict, where: _Cell) -> None:
    parts = key.removesuffix("[]").split(".")
    node = record
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    path = tuple(parts)
    positions[path] = where
    if isinstance(value, list):
        for i in range(len(value)):
            positions[path + (i,)] = where


def _row_cells(row, mapping: dict[int, Col], sheet: str, problems: list):
    """(column definition, cell, converted value) for each mapped cell of a sheet row."""
    for cell in row:
        col = mapping.get(cell.column)
        if col is not None:
            where = _Cell(sheet, cell.row, cell.column, col.header)
            yield col, where, _convert(col, cell.value, where, problems)


def _header_map(ws, cols: list[Col], sheet: str, problems: list) -> dict[int, Col]:
    by_header = {c.header: c for c in cols}
    mapping = {}
    for cell in ws[1]:
        if cell.value in by_header:
            mapping[cell.column] = by_header[cell.value]
    missing = [c.header for c in cols if c not in mapping.values()]
    if missing:
        problems.append((_Cell(sheet, 1, 1, ""), f"缺少列：{'、'.join(missing)}。请使用 xyhf xlsx-template 生成的模板。"))
    return mapping


def read_workbook(path: Path, holder_name: str) -> tuple[list[tuple[str, dict, dict]], list[tuple[_Cell, str]]]:
    """([(slug, record, positions)], problems). Positions map record paths to cells."""
    from openpyxl import load_workbook

    problems: list[tuple[_Cell, str]] = []
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets one clear message
        return [], [(_Cell("", 1, 1, ""), f"无法读取 Excel 文件（{type(exc).__name__}）：请确认是 .xlsx 格式，用模板另存。")]
    for sheet in (RECORDS_SHEET, MILESTONES_SHEET):
        if sheet not in wb.sheetnames:
            problems.append((_Cell(sheet, 1, 1, ""), f"缺少工作表“{sheet}”。请使用 xyhf xlsx-template 生成的模板。"))
    if problems:
        return [], problems
    rows = []
    ws = wb[RECORDS_SHEET]
    mapping = _header_map(ws, RECORD_COLS, RECORDS_SHEET, problems)
    for row in ws.iter_rows(min_row=2):
        if all(c.value in (None, "") for c in row):
            continue
        record: dict = {}
        positions: dict = {}
        for col, where, value in _row_cells(row, mapping, RECORDS_SHEET, problems):
            if value not in (None, [], ""):
                _set(record, col.key, value, positions, where)
            else:  # a required field left empty is reported in its own column, not at 文件名
                positions.setdefault(tuple(col.key.removesuffix("[]").split(".")), where)
        slug = record.pop("slug", None)
        rows.append((slug, record, positions, row[0].row))
    ms = wb[MILESTONES_SHEET]
    ms_map = _header_map(ms, MILESTONE_COLS, MILESTONES_SHEET, problems)
    by_slug = {slug: (record, positions) for slug, record, positions, _ in rows if slug}
    for row in ms.iter_rows(min_row=2):
        if all(c.value in (None, "") for c in row):
            continue
        milestone, cells = {}, {}
        for col, where, value in _row_cells(row, ms_map, MILESTONES_SHEET, problems):
            cells[col.key] = where
            if value is not None:
                milestone[col.key] = value
        slug = milestone.pop("slug", None)
        if slug not in by_slug:
            problems.append(
                (cells.get("slug", _Cell(MILESTONES_SHEET, row[0].row, 1, "文件名")), f"文件名“{slug}”在“成果”表中没有对应的行。")
            )
            continue
        record, positions = by_slug[slug]
        milestones = record.setdefault("payment", {}).setdefault("milestones", [])
        i = len(milestones)
        milestones.append(milestone)
        for key, where in cells.items():
            if key != "slug":
                positions[("payment", "milestones", i, key)] = where
        positions[("payment", "milestones", i)] = cells.get("node", next(iter(cells.values())))
    out = []
    for slug, record, positions, row_number in rows:
        record.setdefault("ip", {}).setdefault("owners", [holder_name])
        positions[()] = _Cell(RECORDS_SHEET, row_number, 1, "文件名")
        out.append((slug or "", record, positions))
    return out, problems


def located(display: str, where: _Cell, field: str, message: str, rule: str) -> Diagnostic:
    prefix = f"工作表“{where.sheet}”第 {where.row} 行" + (f"“{where.header}”列" if where.header else "") + "："
    return Diagnostic(display, where.row, where.column, field, prefix + message, rule=rule)


def as_source(display: str, record: dict, positions: dict) -> Source:
    """A Source whose positions are cells: the catalog's own rules then report rows and columns."""
    return Source(Path(display), display, record, {k: (v.row, v.column) for k, v in positions.items()}, {})


def dump_record(record: dict) -> str:
    order = [
        "title",
        "type",
        "ip",
        "appraisal",
        "trl",
        "summary",
        "applications",
        "advantages",
        "licensee_requirements",
        "keywords",
        "ipc",
        "industry",
        "transfer",
        "payment",
        "funding",
        "inventors",
        "contact",
        "publish_contact",
        "status",
        "listed_on",
    ]
    ordered = {k: record[k] for k in order if k in record}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
    return "# 由 xyhf import-xlsx 从 Excel 导入\n" + text
