"""`xyhf import-legal-status FILE`: a legal-status export (CSV or XLSX, as CNIPA's 专利检索及分析
系统 or a patent-information service gives it) → in-place edits of the matching records'
`ip.legal_status`, `ip.status_checked_on` and `ip.status_source`.

Pure planning here: rows in, planned file texts and a report out; the CLI writes through
importers/commit.py (write → check → roll back). Rules, as documented in the guide:

- Columns are found by header, in the first 10 rows (exports often carry a title row), matched
  loosely: full-width and half-width brackets, spaces and case do not matter (NUMBER_HEADERS,
  STATUS_HEADERS, DATE_HEADERS). The number and status columns are required; the date is optional.
- Every number is normalised (ZL/CN prefix, dots, spaces, full-width digits) and its check digit
  verified; a malformed number, an unknown status word or a bad date is an error, and one error
  anywhere means nothing is written.
- An export lists a patent's history, so one number may have several rows: the row with the latest
  announcement date wins; rows repeating it are reported as duplicates; two different statuses on
  that same latest date are ambiguous (an error).
- A number not in the catalog is reported, not an error (an export covers all of a holder's
  patents); a record whose status and date are already as in the file is reported as unchanged;
  a row older than the record's last check is reported and not applied.
- A record whose IP is no longer in force (lapsed, expired, revoked, abandoned, withdrawn,
  transferred) cannot stay available or negotiating: its `status` becomes `withdrawn` with
  `status_since` the check date, and the report says so, so the office reviews it in the PR.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from xyhf.domain.identifiers import mod11_weighted_check, normalize_ip_number, patent_number_problem
from xyhf.domain.labels import LEGAL_STATUS_LABELS
from xyhf.errors import Diagnostic, Report, Severity
from xyhf.source.discover import LoadedCatalog
from xyhf.source.edit import set_scalars
from xyhf.validate.legal import offerable

MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 10
NUMBER_HEADERS = ("申请号", "专利号", "申请(专利)号", "申请号/专利号", "专利申请号", "申请专利号", "专利号/申请号", "公开号")
STATUS_HEADERS = ("法律状态", "当前法律状态", "案件状态", "专利状态", "法律状态信息")
DATE_HEADERS = ("法律状态公告日", "公告日", "法律状态日期", "法律状态公告日期", "状态日期", "公告日期")

# CNIPA's words → WIPO ST.27 keys. Exact words first; then, in this order, words contained in the
# cell (so 未缴年费专利权终止 is lapsed before it could be anything else, 有效期届满 expired not
# in force). A word matching none is an error: a guess would write a wrong fact.
EXACT_STATUS = {
    "有效": "in_force",
    "授权": "in_force",
    "专利权维持": "in_force",
    "部分无效": "in_force",  # the patent stands with the remaining claims
    "审中": "pending",
    "在审": "pending",
    "公开": "pending",
    "实质审查": "pending",
    "实质审查的生效": "pending",
    "无效": "revoked",
}
CONTAINED_STATUS = (
    ("未缴年费", "lapsed"),
    ("年费终止", "lapsed"),
    ("届满", "expired"),
    ("宣告无效", "revoked"),
    ("全部无效", "revoked"),
    ("撤回", "withdrawn"),
    ("放弃", "abandoned"),
    ("权利转移", "transferred"),
    ("转让", "transferred"),
    ("实质审查", "pending"),
    ("审中", "pending"),
    ("授权", "in_force"),
    ("有效", "in_force"),
)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def status_key(word: str) -> str | None:
    folded = _fold(word)
    if folded in EXACT_STATUS:
        return EXACT_STATUS[folded]
    return next((key for part, key in CONTAINED_STATUS if part in folded), None)


def canonical_number(text: str) -> tuple[str | None, str | None]:
    """(canonical application number such as 201710601862.3, None) or (None, why not)."""
    folded = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text)).upper()
    folded = re.sub(r"^(ZL|CN)", "", folded)
    if re.fullmatch(r"[0-9]{9}[A-Z][0-9]?", folded):
        return None, f"{text.strip()} 是公开（公告）号，不能用来匹配成果：请导出申请号（专利号）列。"
    digits = folded.replace(".", "")
    if re.fullmatch(r"[0-9]{12}[0-9X]|[0-9]{8}[0-9X]", digits):
        number = f"{digits[:-1]}.{digits[-1]}"
    elif re.fullmatch(r"[0-9]{12}|[0-9]{8}", digits):
        return None, f"申请号 {text.strip()} 缺少校验位：应写成 {digits}.{mod11_weighted_check(digits)}（请核对导出文件）。"
    else:
        return None, f"“{text.strip()}”不是专利申请号或专利号：应为 12 位申请号 + “.” + 校验位，如 ZL201710601862.3。"
    problem = patent_number_problem(number, None, None)
    return (None, problem) if problem else (number, None)


def parse_date(value: object) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD or None when empty, None) or (None, why not)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:\s.*)?|(\d{4})(\d{2})(\d{2})", text)
    if m:
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        try:
            return dt.date(int(y), int(mo), int(d)).isoformat(), None
        except ValueError:
            pass
    return None, f"日期“{text}”无法识别：请写成 YYYY-MM-DD（如 2026-03-01）。"


@dataclass
class Row:
    line: int  # 1-based row in the sheet or file
    cells: dict[str, object]  # "number" | "status" | "date" → raw value
    columns: dict[str, int]  # the same keys → 1-based column
    headers: dict[str, str]  # the same keys → header text as found


def _header_role(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    folded = _fold(text).replace("(", "").replace(")", "")
    for role, names in (("number", NUMBER_HEADERS), ("status", STATUS_HEADERS), ("date", DATE_HEADERS)):
        if folded in {_fold(n).replace("(", "").replace(")", "") for n in names}:
            return role
    return None


def rows_from_table(table: list[list[object]], display: str) -> tuple[list[Row], list[Diagnostic]]:
    for index, header in enumerate(table[:HEADER_SEARCH_ROWS]):
        roles: dict[str, int] = {}
        names: dict[str, str] = {}
        for col, text in enumerate(header, 1):
            role = _header_role(text)
            # 公开号 only stands in when no application-number column exists
            if role and (role not in roles or (role == "number" and names[role].strip() == "公开号")):
                roles[role], names[role] = col, str(text).strip()
        if "number" in roles and "status" in roles:
            rows = []
            for offset, values in enumerate(table[index + 1 :], index + 2):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                cells = {role: values[col - 1] if col - 1 < len(values) else None for role, col in roles.items()}
                rows.append(Row(offset, cells, roles, names))
            return rows, []
    wanted = f"申请号列（{'、'.join(NUMBER_HEADERS[:3])} 等）和法律状态列（{'、'.join(STATUS_HEADERS[:3])} 等）"
    return [], [Diagnostic(display, 1, 1, "", f"在前 {HEADER_SEARCH_ROWS} 行中找不到表头：须有{wanted}。", rule="legal.header")]


def read_table(path: Path) -> tuple[list[list[object]], str | None]:
    """The first sheet of an .xlsx, or a CSV (UTF-8 with or without BOM, else GBK), as rows."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets one clear message
            return [], f"无法读取 Excel 文件（{type(exc).__name__}）：请确认是 .xlsx 格式。"
        rows = []
        for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
            if i >= MAX_ROWS:
                return [], f"文件超过 {MAX_ROWS} 行，请分批导入。"
            rows.append(list(row))
        wb.close()
        return rows, None
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        return [], "无法识别文件编码：请另存为 UTF-8 的 CSV。"
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > MAX_ROWS:
        return [], f"文件超过 {MAX_ROWS} 行，请分批导入。"
    return rows, None


@dataclass
class Plan:
    report: Report  # errors (nothing is written if any) and notes
    planned: dict[str, tuple[str, str]] = field(default_factory=dict)  # catalog path → (old text, new text)
    updated: list[str] = field(default_factory=list)  # lines for the summary
    withdrawn: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    older: list[str] = field(default_factory=list)


@dataclass
class _Reading:
    row: Row
    number: str
    status: str
    date: str | None


def _error(display: str, row: Row, role: str, message: str, rule: str) -> Diagnostic:
    column = row.columns.get(role, 1)
    return Diagnostic(display, row.line, column, row.headers.get(role, ""), message, rule=rule)


def read_rows(rows: list[Row], display: str, today: dt.date) -> tuple[list[_Reading], list[Diagnostic]]:
    readings, errors = [], []
    for row in rows:
        raw_number, raw_status = row.cells.get("number"), row.cells.get("status")
        number, why = canonical_number(str(raw_number)) if raw_number not in (None, "") else (None, "申请号为空。")
        if why:
            errors.append(_error(display, row, "number", why, "legal.number"))
        word = str(raw_status).strip() if raw_status is not None else ""
        status = status_key(word) if word else None
        if status is None:
            known = "、".join(sorted(set(EXACT_STATUS) | {w for w, _ in CONTAINED_STATUS}))
            message = f"法律状态“{word}”无法对应到成果库的状态，可识别的写法：{known}。" if word else "法律状态为空。"
            errors.append(_error(display, row, "status", message, "legal.status"))
        day, bad = parse_date(row.cells.get("date"))
        if bad:
            errors.append(_error(display, row, "date", bad, "legal.date"))
        elif day and day > today.isoformat():
            errors.append(_error(display, row, "date", f"日期 {day} 晚于今天（{today}），请核对。", "legal.date"))
        if number and status and not bad:
            readings.append(_Reading(row, number, status, day))
    return readings, errors


def plan_legal_status(loaded: LoadedCatalog, path: Path, today: dt.date, display: str | None = None) -> Plan:
    display = display or path.name
    report = Report()
    plan = Plan(report)
    table, problem = read_table(path)
    if problem:
        report.add(Diagnostic(display, 1, 1, "", problem, rule="legal.file"))
        return plan
    rows, problems = rows_from_table(table, display)
    report.extend(problems)
    readings, errors = read_rows(rows, display, today)
    report.extend(errors)
    by_number: dict[str, list[_Reading]] = {}
    for reading in readings:
        by_number.setdefault(reading.number, []).append(reading)
    records: dict[str, str] = {}  # canonical number → catalog path
    for rel, source in loaded.records.items():
        ip = source.data.get("ip") if isinstance(source.data, dict) else None
        number = ip.get("number") if isinstance(ip, dict) and source.data.get("type") == "patent" else None
        if isinstance(number, str):
            records[normalize_ip_number(number)] = rel
    for number, group in sorted(by_number.items()):
        latest_day = max((r.date or today.isoformat()) for r in group)
        latest = [r for r in group if (r.date or today.isoformat()) == latest_day]
        if len({r.status for r in latest}) > 1:
            words = "、".join(f"第 {r.row.line} 行 {LEGAL_STATUS_LABELS[r.status]}" for r in latest)
            report.add(
                _error(
                    display,
                    latest[-1].row,
                    "status",
                    f"申请号 {number} 在同一日期 {latest_day} 有不同的法律状态（{words}）：无法判断哪一条是当前状态，请核对导出文件。",
                    "legal.ambiguous",
                )
            )
            continue
        pick = latest[0]
        for other in group:
            if other is not pick:
                plan.duplicates.append(
                    f"第 {other.row.line} 行（{number}）：同一号码的{'重复行' if other in latest else '较早记录'}，以第 {pick.row.line} 行为准"
                )
        found = records.get(number)
        if found is None:
            plan.unknown.append(f"第 {pick.row.line} 行：{number} 不在成果库中")
            continue
        _plan_record(plan, loaded, found, pick, latest_day, display, today)
    return plan


def _plan_record(plan: Plan, loaded: LoadedCatalog, rel: str, pick: _Reading, day: str, display: str, today: dt.date) -> None:
    source = loaded.records[rel]
    data, ip = source.data, source.data["ip"]
    where = f"catalog/{rel}"
    label = LEGAL_STATUS_LABELS[pick.status]
    if ip.get("legal_status") == pick.status and str(ip.get("status_checked_on")) == day:
        plan.unchanged.append(f"{where}：已是“{label}”（{day}）")
        return
    if isinstance(ip.get("status_checked_on"), str) and ip["status_checked_on"] > day:
        plan.older.append(f"第 {pick.row.line} 行：{where} 已于 {ip['status_checked_on']} 核验，比本文件的 {day} 新，未改动")
        return
    changes: dict[tuple[str, ...], str] = {
        ("ip", "legal_status"): pick.status,
        ("ip", "status_checked_on"): day,
        ("ip", "status_source"): display,
    }
    withdraw = not offerable(pick.status) and data.get("status") in ("available", "negotiating")
    if withdraw:
        changes[("status",)] = "withdrawn"
        changes[("status_since",)] = day
    try:
        old = source.path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    new = set_scalars(old, changes) if old else None
    if new is None:
        plan.report.add(
            Diagnostic(
                where,
                1,
                1,
                "ip",
                "本文件的写法无法自动改写法律状态：请用块格式书写 ip（每行一个“键: 值”），或手工填写 legal_status、"
                f"status_checked_on、status_source（第 {pick.row.line} 行：{label}，{day}）。",
                rule="legal.layout",
                severity=Severity.ERROR,
            )
        )
        return
    plan.planned[rel] = (old, new)
    before = LEGAL_STATUS_LABELS.get(str(ip.get("legal_status")), "未核验")
    plan.updated.append(f"{where}：{before} → {label}（{day}，第 {pick.row.line} 行）")
    if withdraw:
        plan.withdrawn.append(f"{where}：法律状态为“{label}”，状态由 {data.get('status')} 改为 withdrawn，请在 PR 中复核")
