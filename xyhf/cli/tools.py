"""Submitter and maintainer commands: new, xlsx-template, import-xlsx, candidates, audit,
codeowners, summary, issue-form, issue-to-record. Thin: parse, call the library, exit code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from xyhf.pipeline import check_catalog, load_valid_catalog, today_from_env


def register(sub, with_catalog) -> None:
    p = with_catalog(sub.add_parser("new", help="生成带中文注释的成果记录模板"))
    p.add_argument("--holder", required=True, help="持有方编号")
    p.add_argument("--slug", help="文件名（默认 new-record）")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("xlsx-template", help="生成 Excel 批量导入模板")
    p.add_argument("--out", type=Path, default=Path("成果导入模板.xlsx"))
    p.set_defaults(func=cmd_xlsx_template)

    p = with_catalog(sub.add_parser("import-xlsx", help="从 Excel 批量导入成果；有任何错误则不写入"))
    p.add_argument("file", type=Path)
    p.add_argument("--holder", required=True, help="持有方编号")
    p.set_defaults(func=cmd_import_xlsx)

    p = with_catalog(sub.add_parser("candidates", help="生成年度推广目录候选草稿（YAML）"))
    p.add_argument("year", type=int)
    p.add_argument("--min-trl", type=int, default=6)
    p.set_defaults(func=cmd_candidates)

    p = with_catalog(sub.add_parser("audit", help="巡检：知识产权到期、财政资助满 5 年未转化、长期洽谈中"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_audit)

    p = with_catalog(sub.add_parser("codeowners", help="由持有方维护人生成 .github/CODEOWNERS"))
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
    p.set_defaults(func=cmd_codeowners)

    p = with_catalog(sub.add_parser("summary", help="拉取请求的中文检查摘要（Markdown）"))
    p.add_argument("--base", required=True)
    p.add_argument("--author")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("issue-form", help="生成“成果提交”议题表单（与 Excel 模板同一字段定义）")
    p.add_argument("--out", type=Path, default=Path(".github/ISSUE_TEMPLATE/submit-record.yml"))
    p.set_defaults(func=cmd_issue_form)

    p = with_catalog(sub.add_parser("issue-to-record", help="把“成果提交”议题正文转成记录文件"))
    p.add_argument("body", type=Path, help="议题正文（Markdown）文件")
    p.add_argument("--report", type=Path, help="写入校验结果（Markdown，用于回复议题）")
    p.set_defaults(func=cmd_issue_to_record)


def cmd_new(args: argparse.Namespace) -> int:
    from xyhf.importers.scaffold import new_record_text
    holder = args.catalog / "holders" / f"{args.holder}.yaml"
    if not holder.exists():
        print(f"没有持有方 {args.holder}：请先建立 {holder}。", file=sys.stderr)
        return 1
    import yaml
    name = yaml.safe_load(holder.read_text(encoding="utf-8")).get("name", args.holder)
    target = args.catalog / "records" / args.holder / f"{args.slug or 'new-record'}.yaml"
    if target.exists():
        print(f"{target} 已存在，请换一个 --slug。", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new_record_text(name, today_from_env()), encoding="utf-8")
    print(f"已生成 {target}：按注释修改后运行 xyhf check。")
    return 0


def cmd_xlsx_template(args: argparse.Namespace) -> int:
    from xyhf.importers.xlsx import render_template
    args.out.write_bytes(render_template())
    print(f"已生成 Excel 模板：{args.out}")
    return 0


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from xyhf.source.discover import valid_name, display_path
    from xyhf.errors import Report
    from xyhf.domain.identifiers import normalize_ip_number
    from xyhf.validate.rules import check_record
    from xyhf.importers.xlsx import RECORDS_SHEET, _Cell, as_source, dump_record, located, read_workbook
    today = today_from_env()
    base_report, loaded = check_catalog(args.catalog, today)
    if args.holder not in loaded.holders:
        print(f"没有持有方 {args.holder}：请先建立 catalog/holders/{args.holder}.yaml。", file=sys.stderr)
        return 1
    display = display_path(args.file)
    rows, problems = read_workbook(args.file, loaded.holders[args.holder].data.get("name", args.holder))
    report = Report([located(display, where, "", msg, "xlsx") for where, msg in problems])
    existing_numbers = {normalize_ip_number(s.data["ip"]["number"]): rel for rel, s in loaded.records.items()
                        if isinstance(s.data.get("ip"), dict) and isinstance(s.data["ip"].get("number"), str)}
    seen_slugs: dict[str, int] = {}
    planned: dict[str, str] = {}
    for slug, record, positions in rows:
        first = positions[()]
        source = as_source(display, record, positions)
        cells = {(w.row, w.column): w for w in positions.values()}
        if not valid_name(slug):
            report.add(located(display, first, "slug", "文件名只能用小写英文字母、数字和连字符（2–64 个），如 high-entropy-coating。", "xlsx.slug"))
        elif slug in seen_slugs:
            report.add(located(display, first, "slug", f"文件名与第 {seen_slugs[slug]} 行重复。", "xlsx.slug"))
        elif (args.catalog / "records" / args.holder / f"{slug}.yaml").exists():
            report.add(located(display, first, "slug", f"records/{args.holder}/{slug}.yaml 已存在：要修改已有成果请直接编辑该文件。", "xlsx.slug"))
        seen_slugs.setdefault(slug, first.row)
        for d in check_record(source, today, is_new=True):
            where = cells.get((d.line, d.column), first)
            report.add(located(display, where, d.field, d.message, d.rule))
        number = (record.get("ip") or {}).get("number")
        if isinstance(number, str):
            key = normalize_ip_number(number)
            where = positions.get(("ip", "number"), first)
            if key in existing_numbers:
                report.add(located(display, where, "ip.number", f"该知识产权已登记在 {existing_numbers[key]}，同一成果只能入库一次。", "ip.duplicate"))
            existing_numbers.setdefault(key, f"{RECORDS_SHEET}第 {first.row} 行")
        planned[f"records/{args.holder}/{slug}.yaml"] = dump_record(record)
    if not rows and report.ok:
        report.add(located(display, _Cell(RECORDS_SHEET, 2, 1, ""), "", "没有可导入的行。", "xlsx.empty"))
    if not report.ok:
        print(report.render("text"))
        print("Excel 中有错误，未写入任何文件。", file=sys.stderr)
        return 1
    written = []
    try:
        for rel, text in planned.items():
            path = args.catalog / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        after, _ = check_catalog(args.catalog, today)
        if not after.ok:
            raise RuntimeError(after.render("text"))
    except Exception as exc:  # noqa: BLE001 - roll back, then report
        for path in written:
            path.unlink(missing_ok=True)
        print(str(exc))
        print("导入后成果库检查未通过，已撤销写入的文件。", file=sys.stderr)
        return 1
    for path in written:
        print(f"已写入 {path}")
    print(f"导入 {len(written)} 项成果。提交 PR 前可运行 xyhf check 再检查一遍。")
    return 0


def _valid_catalog(args: argparse.Namespace):
    """(catalog, today), or (None, today) after printing why the catalog cannot be used."""
    today = today_from_env()
    report, catalog = load_valid_catalog(args.catalog, today)
    if catalog is None:
        print(report.render("text"))
    return catalog, today


def cmd_candidates(args: argparse.Namespace) -> int:
    from xyhf.maintain.audit import promotion_candidates, render_candidates
    catalog, today = _valid_catalog(args)
    if catalog is None:
        return 1
    print(render_candidates(catalog, args.year, promotion_candidates(catalog, args.year, today, args.min_trl), today), end="")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from xyhf.maintain.audit import audit
    catalog, today = _valid_catalog(args)
    if catalog is None:
        return 1
    result = audit(catalog, today)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for entry in result:
            for f in entry["findings"]:
                print(f"{f['path']}: {f['code']}: {f['why']}")
        print(f"共 {sum(len(e['findings']) for e in result)} 条巡检发现。")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from xyhf.source.discover import load_catalog
    from xyhf.validate.owners import codeowners_path, render_codeowners
    loaded = load_catalog(args.catalog)
    text = render_codeowners(loaded, args.catalog.resolve().name)
    if args.stdout:
        print(text, end="")
        return 0
    path = codeowners_path(args.catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已更新 {path}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from xyhf.maintain.summary import pr_summary
    print(pr_summary(args.catalog, args.base, args.author, today_from_env()))
    return 0


def cmd_issue_form(args: argparse.Namespace) -> int:
    from xyhf.importers.issue import render_issue_form
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_issue_form(), encoding="utf-8")
    print(f"已生成 {args.out}")
    return 0


def cmd_issue_to_record(args: argparse.Namespace) -> int:
    from xyhf.importers.issue import issue_to_record
    code, report = issue_to_record(args.body.read_text(encoding="utf-8"), args.catalog, today_from_env())
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    print(report)
    return code
