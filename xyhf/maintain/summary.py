"""The pull request's job summary in Chinese: each added or changed record with its flags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xyhf.domain.labels import TYPE_LABELS
from xyhf.enrich import derive
from xyhf.model.records import Derived
from xyhf.validate.policy import changed_files
from xyhf.pipeline import check_catalog
from xyhf.render.base.gfm import code_span, escape_gfm


def _cell(text: object) -> str:
    """Data in the summary (a table cell, a list item): the bot's one escaper."""
    return escape_gfm(text)


def _expiry_cell(flags: Derived) -> str:
    """For the reviewer: expired, ending within a year (kept out of the promotion directory), or the date."""
    if flags.ip_expired:
        return f"已到期（{flags.expires_on}）"
    if flags.ip_expiring:
        return f"不足一年（{flags.expires_on} 到期）"
    return flags.expires_on or "—"


def pr_summary(root: Path, base: str, author: str | None, today: dt.date) -> str:
    report, loaded = check_catalog(root, today, base=base, author=author)
    errors, warnings = report.errors, report.warnings
    by_file: dict[str, list] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    lines = ["## 成果库检查摘要", ""]
    lines.append("✅ 检查通过。" if report.ok else f"❌ 有 {len(errors)} 个错误，请按“Files changed”中标注的说明修改。")
    if warnings:
        lines.append(f"⚠️ {len(warnings)} 个提示需要审核人留意。")
    rows = []
    for change in changed_files(root, base):
        rel = change.new or change.old or ""
        if not rel.startswith("records/"):
            continue
        kind = {"A": "新增", "M": "修改", "R": "移动", "D": "删除"}[change.status]
        source = loaded.records.get(rel)
        holder_id = rel.split("/")[1]
        holder = loaded.holders.get(holder_id)
        problems = [d for f, ds in by_file.items() if f.endswith(rel) for d in ds]
        dup = "是" if any(d.rule == "ip.duplicate" for d in problems) else "否"
        if source is None or holder is None:
            rows.append(f"| {code_span(rel)} | {kind} | — | — | {_cell(holder_id)} | — | — | — | {dup} | {len(problems)} |")
            continue
        d = source.data
        try:
            flags = derive(d, holder_id, holder.data.get("city", ""), today)
            expired = _expiry_cell(flags)
            fiscal = "是（应纳入开放许可）" if flags.fiscal_unconverted_5y else "否"
        except (KeyError, TypeError, ValueError):
            expired = fiscal = "（记录有错误）"
        rows.append(
            f"| {code_span(rel)} | {kind} | {_cell(d.get('title', ''))} | {_cell(TYPE_LABELS.get(d.get('type'), d.get('type', '')))} "
            f"| {_cell(holder.data.get('name', holder_id))} | {_cell(d.get('trl', ''))} | {expired} | {fiscal} | {dup} "
            f"| {len([p for p in problems if p.severity.value == 'error'])} |"
        )
    if rows:
        lines += [
            "",
            "| 文件 | 改动 | 成果名称 | 类型 | 持有方 | TRL | 知识产权到期 | 财政资助满5年未转化 | 重复 | 错误数 |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    else:
        lines += ["", "本次没有改动成果记录。"]
    foreign = [d for d in report.diagnostics if d.rule.startswith("author.")]
    if foreign:
        lines += ["", "### 跨持有方修改", "", *[f"- {_cell(d.message)}（{code_span(d.file)}）" for d in foreign]]
    if errors:
        lines += [
            "",
            "### 错误",
            "",
            *[f"- {code_span(f'{d.file}:{d.line}')} {_cell(d.field)}：{_cell(d.message)}" for d in errors[:50]],
        ]
    return "\n".join(lines) + "\n"
