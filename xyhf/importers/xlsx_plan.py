"""Excel rows → planned record files, each row checked with the same rules as `xyhf check` and
its findings located by sheet, row and column. Nothing is written here (see commit.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xyhf.domain.identifiers import normalize_ip_number
from xyhf.errors import Report
from xyhf.importers.xlsx import RECORDS_SHEET, _Cell, as_source, dump_record, located, read_workbook
from xyhf.source.discover import LoadedCatalog, display_path, valid_name
from xyhf.source.yaml_loader import field_name
from xyhf.validate.rules import check_record


def _existing_numbers(loaded: LoadedCatalog) -> dict[str, str]:
    return {
        normalize_ip_number(s.data["ip"]["number"]): rel
        for rel, s in loaded.records.items()
        if isinstance(s.data.get("ip"), dict) and isinstance(s.data["ip"].get("number"), str)
    }


def _cell_for(by_field: dict[str, _Cell], field: str) -> _Cell | None:
    """The cell of a finding's field; for a whole group (transfer, ip) its first column's cell."""
    if not field:
        return None
    if field in by_field:
        return by_field[field]
    inside = [name for name in by_field if name.startswith((field + ".", field + "["))]
    return by_field[inside[0]] if inside else None


def plan_import(loaded: LoadedCatalog, holder_id: str, file: Path, today: dt.date) -> tuple[Report, dict[str, str]]:
    """(every finding, {record rel path: YAML text}) for one workbook of one holder."""
    display = display_path(file)
    rows, problems = read_workbook(file, loaded.holders[holder_id].data.get("name", holder_id))
    report = Report([located(display, where, "", msg, "xlsx") for where, msg in problems])
    numbers = _existing_numbers(loaded)
    seen_slugs: dict[str, int] = {}
    planned: dict[str, str] = {}
    for slug, record, positions in rows:
        first = positions[()]
        if not valid_name(slug):
            report.add(
                located(
                    display,
                    first,
                    "slug",
                    "文件名只能用小写英文字母、数字和连字符（2–64 个），如 high-entropy-coating。",
                    "xlsx.slug",
                )
            )
        elif slug in seen_slugs:
            report.add(located(display, first, "slug", f"文件名与第 {seen_slugs[slug]} 行重复。", "xlsx.slug"))
        elif (loaded.root / "records" / holder_id / f"{slug}.yaml").exists():
            report.add(
                located(
                    display,
                    first,
                    "slug",
                    f"records/{holder_id}/{slug}.yaml 已存在：要修改已有成果请直接编辑该文件。",
                    "xlsx.slug",
                )
            )
        seen_slugs.setdefault(slug, first.row)
        cells = {(w.row, w.column): w for w in positions.values()}
        by_field = {field_name(k): w for k, w in positions.items() if k}
        said: set[tuple] = set()
        for d in check_record(as_source(display, record, positions), today, is_new=True):
            where = _cell_for(by_field, d.field) or cells.get((d.line, d.column), first)
            if where is first and d.field not in ("", "slug"):  # a field with no cell: the row, never 文件名
                where = _Cell(first.sheet, first.row, first.column, "")
            if (where.row, where.column, d.message) not in said:  # one message once
                said.add((where.row, where.column, d.message))
                report.add(located(display, where, d.field, d.message, d.rule))
        number = (record.get("ip") or {}).get("number")
        if isinstance(number, str):
            key = normalize_ip_number(number)
            if key in numbers:
                report.add(
                    located(
                        display,
                        positions.get(("ip", "number"), first),
                        "ip.number",
                        f"该知识产权已登记在 {numbers[key]}，同一成果只能入库一次。",
                        "ip.duplicate",
                    )
                )
            numbers.setdefault(key, f"{RECORDS_SHEET}第 {first.row} 行")
        if valid_name(slug):
            planned[f"records/{holder_id}/{slug}.yaml"] = dump_record(record)
    if not rows and report.ok:
        report.add(located(display, _Cell(RECORDS_SHEET, 2, 1, ""), "", "没有可导入的行。", "xlsx.empty"))
    return report, planned
