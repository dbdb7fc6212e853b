"""Submitter commands: new, xlsx-template, import-xlsx, receive, issue-form, issue-to-record, issue-to-need."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xyhf.clock import today_from_env
from xyhf.source.discover import load_catalog, valid_name


def register(sub, with_catalog) -> None:
    p = with_catalog(sub.add_parser("new", help="生成带中文注释的成果记录模板"))
    p.add_argument("--holder", required=True, help="持有方编号（如 xjlg；不知道时先运行一次，出错信息会列出全部编号）")
    p.add_argument("--slug", default="new-record", help="文件名：小写英文字母、数字和连字符（默认 new-record）")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("xlsx-template", help="生成 Excel 批量导入模板")
    p.add_argument("--out", type=Path, default=Path("成果导入模板.xlsx"), help="保存位置")
    p.set_defaults(func=cmd_xlsx_template)

    p = with_catalog(sub.add_parser("import-xlsx", help="从 Excel 批量导入成果；有任何错误则不写入"))
    p.add_argument("file", type=Path, help="填好的 Excel 文件")
    p.add_argument("--holder", required=True, help="持有方编号")
    p.set_defaults(func=cmd_import_xlsx)

    p = with_catalog(
        sub.add_parser(
            "import-legal-status",
            help="从法律状态导出文件（CSV 或 XLSX）更新成果的法律状态与核验日期；有任何错误则不写入",
        )
    )
    p.add_argument("file", type=Path, metavar="FILE", help="法律状态导出文件：含申请号（专利号）、法律状态、法律状态公告日列")
    p.add_argument("--dry-run", action="store_true", help="只报告将做的修改，不写入")
    p.set_defaults(func=cmd_import_legal_status)

    p = with_catalog(sub.add_parser("receive", help="收到邮件提交的文件：放到成果库中应在的位置并检查；有错则不写入"))
    p.add_argument("file", type=Path, help="邮件附件：网页表单下载的文件")
    p.add_argument("--slug", help="另取仓库中的文件名（小写英文字母、数字和连字符）")
    p.add_argument("--to", help="不按文件第一行，直接指定保存位置，如 records/xjlg/qingzhu.yaml")
    p.set_defaults(func=cmd_receive)

    p = sub.add_parser("issue-form", help="生成“成果提交”或“需求提交”议题表单")
    p.add_argument("--kind", choices=["record", "need"], default="record", help="record：成果（默认）；need：企业需求")
    p.add_argument("--out", type=Path, help="保存位置（默认 .github/ISSUE_TEMPLATE/submit-<kind>.yml）")
    p.set_defaults(func=cmd_issue_form)

    p = with_catalog(sub.add_parser("issue-to-need", help="把“需求提交”议题正文转成需求文件"))
    p.add_argument("body", type=Path, help="议题正文（Markdown）文件；“-”表示从标准输入读取")
    p.add_argument("--report", type=Path, help="写入校验结果（Markdown，用于回复议题）")
    p.add_argument("--check-only", action="store_true", help="只检查、不写文件（议题刚提交或修改时）")
    p.set_defaults(func=cmd_issue_to_need)

    p = with_catalog(sub.add_parser("issue-to-record", help="把“成果提交”议题正文转成记录文件"))
    p.add_argument("body", type=Path, help="议题正文（Markdown）文件；“-”表示从标准输入读取")
    p.add_argument("--report", type=Path, help="写入校验结果（Markdown，用于回复议题）")
    p.add_argument("--check-only", action="store_true", help="只检查、不写文件（议题刚提交或修改时）")
    p.set_defaults(func=cmd_issue_to_record)


def holder_list(root: Path, asked: str = "") -> str:
    """Every holder id with its name, for messages that must say which ids exist; when the clerk
    typed (part of) a holder's name instead of its id, that holder is named first."""
    holders = load_catalog(root).holders
    names = {hid: str(source.data.get("name", "")) for hid, source in sorted(holders.items())}
    rows = [f"  {hid}  {name}" for hid, name in names.items()]
    guess = [hid for hid, name in names.items() if asked and len(asked) >= 2 and (asked in name or name in asked)]
    hint = f"您要找的可能是 {'、'.join(f'{h}（{names[h]}）' for h in guess)}。" if guess else ""
    return hint + "现有的持有方：\n" + ("\n".join(rows) or "  （成果库中还没有持有方）")


def cmd_new(args: argparse.Namespace) -> int:
    from xyhf.importers.scaffold import new_record_text

    if not valid_name(args.holder) or not (args.catalog / "holders" / f"{args.holder}.yaml").is_file():
        print(
            f"没有持有方编号“{args.holder}”。--holder 要写编号，不是单位名称。{holder_list(args.catalog, args.holder)}",
            file=sys.stderr,
        )
        return 1
    if not valid_name(args.slug):
        print(
            f"文件名“{args.slug}”不可用：只能用小写英文字母、数字和连字符，2–64 个字符，如 high-entropy-coating。",
            file=sys.stderr,
        )
        return 1
    holder = load_catalog(args.catalog).holders.get(args.holder)
    name = holder.data.get("name", args.holder) if holder else args.holder
    target = args.catalog / "records" / args.holder / f"{args.slug}.yaml"
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
    from xyhf.importers.commit import write_then_check
    from xyhf.importers.xlsx_plan import plan_import
    from xyhf.pipeline import check_catalog

    today = today_from_env()
    _, loaded = check_catalog(args.catalog, today)
    if args.holder not in loaded.holders:
        print(f"没有持有方编号“{args.holder}”。{holder_list(args.catalog, args.holder)}", file=sys.stderr)
        return 1
    if not args.file.is_file():
        print(f"找不到文件 {args.file}。", file=sys.stderr)
        return 1
    report, planned = plan_import(loaded, args.holder, args.file, today)
    if not report.ok:
        print(report.render("text"))
        print("Excel 中有错误，未写入任何文件。", file=sys.stderr)
        return 1
    written, failed = write_then_check(args.catalog, planned, today)
    if failed is not None:
        print(failed.render("text"))
        print("导入后成果库检查未通过，已撤销写入的文件。", file=sys.stderr)
        return 1
    for path in written:
        print(f"已写入 {path}")
    print(f"导入 {len(written)} 项成果。提交 PR 前可运行 xyhf check 再检查一遍。")
    return 0


def cmd_import_legal_status(args: argparse.Namespace) -> int:
    from xyhf.importers.commit import rewrite_then_check
    from xyhf.importers.legal_status import plan_legal_status
    from xyhf.pipeline import check_catalog

    today = today_from_env()
    if not args.file.is_file():
        print(f"找不到文件 {args.file}。", file=sys.stderr)
        return 1
    before, loaded = check_catalog(args.catalog, today)
    if not before.ok:
        print(before.render("text"))
        print("成果库本身有错误，请先改正再导入法律状态。", file=sys.stderr)
        return 1
    plan = plan_legal_status(loaded, args.file, today)
    sections = [
        ("将更新" if args.dry_run else "已更新", plan.updated),
        ("法律状态不再有效、改为撤回", plan.withdrawn),
        ("不在成果库中的号码", plan.unknown),
        ("无变化", plan.unchanged),
        ("比成果库中的核验更早、未采用", plan.older),
        ("重复或较早的行", plan.duplicates),
    ]
    if not plan.report.ok:
        print(plan.report.render("text"))
        print("文件中有错误，未写入任何文件。请改正后重新导入。", file=sys.stderr)
        return 1
    if plan.planned and not args.dry_run:
        try:
            _written, failed = rewrite_then_check(args.catalog, plan.planned, today)
        except OSError as exc:
            print(f"写入失败（{exc}），已恢复原文件。", file=sys.stderr)
            return 2
        if failed is not None:
            print(failed.render("text"))
            print("导入后成果库检查未通过，已恢复全部原文件。", file=sys.stderr)
            return 1
    for title, lines in sections:
        if lines:
            print(f"{title}（{len(lines)}）：")
            print("\n".join(f"  {line}" for line in lines))
    if plan.report.diagnostics:
        print(plan.report.render("text"))
    done = "将更新" if args.dry_run else "已更新"
    print(f"{done} {len(plan.planned)} 项成果的法律状态。" + ("" if args.dry_run else "提交 PR 前可运行 xyhf check 再检查一遍。"))
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    from xyhf.importers.mailed import receive

    try:
        code, message = receive(args.file, args.catalog, today_from_env(), args.slug, args.to)
    except (OSError, UnicodeDecodeError) as e:
        print(f"无法读取 {args.file}：{e}。请确认是网页表单下载的文件（UTF-8 文本）。", file=sys.stderr)
        return 1
    print(message, file=sys.stdout if code == 0 else sys.stderr)
    return code


def cmd_issue_form(args: argparse.Namespace) -> int:
    from xyhf.importers.issue import render_issue_form
    from xyhf.importers.need_issue import render_need_issue_form

    out = args.out or Path(f".github/ISSUE_TEMPLATE/submit-{args.kind}.yml")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_need_issue_form() if args.kind == "need" else render_issue_form(), encoding="utf-8")
    print(f"已生成 {out}")
    return 0


def read_body(path: Path) -> str | None:
    """The issue body from a file or, for "-", standard input: never from an environment variable
    or an argument, which Linux caps at 128 KiB (a long body would stop the workflow before xyhf)."""
    if str(path) == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    if not path.is_file():
        print(f"找不到议题正文文件 {path}。", file=sys.stderr)
        return None
    return path.read_text(encoding="utf-8", errors="replace")


def _write_report(args: argparse.Namespace, report: str) -> None:
    """The whole report to standard output (the workflow's log); the reply file capped below
    GitHub's comment limit, pointing to that log for what it leaves out."""
    from xyhf.importers.issue import capped_reply

    if args.report:
        args.report.write_text(capped_reply(report), encoding="utf-8")
    print(report)


def cmd_issue_to_need(args: argparse.Namespace) -> int:
    from xyhf.importers.need_issue import issue_to_need

    body = read_body(args.body)
    if body is None:
        return 2
    code, report = issue_to_need(body, args.catalog, today_from_env(), write=not args.check_only)
    _write_report(args, report)
    return code


def cmd_issue_to_record(args: argparse.Namespace) -> int:
    from xyhf.importers.issue import issue_to_record

    body = read_body(args.body)
    if body is None:
        return 2
    code, report = issue_to_record(body, args.catalog, today_from_env(), write=not args.check_only)
    _write_report(args, report)
    return code
