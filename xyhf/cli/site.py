"""`check`, `assign-codes`, `build`: the commands DATA-MODEL.md fixes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xyhf.cli.ending import keep
from xyhf.clock import today_from_env
from xyhf.pipeline import check_catalog
from xyhf.source.discover import display_path


def register(sub, with_catalog) -> None:
    p = with_catalog(sub.add_parser("check", help="校验成果库", description="校验成果库；有错误时退出码为 1"))
    p.add_argument("--base", help="与该 git 版本比较，执行编码与删除规则")
    p.add_argument("--format", choices=["text", "json", "github"], default="text", help="输出格式")
    p.add_argument("--author", help="拉取请求作者的 GitHub 用户名（与 --base 一起用）：只能修改自己维护的持有方")
    p.set_defaults(func=cmd_check)

    p = with_catalog(sub.add_parser("assign-codes", help="为尚无编码的成果签发统一编码（仅在主分支）"))
    p.add_argument("--base", help="签发前核对：台账在该 git 版本中的内容必须原样保留（发布任务传入上一次推送的版本）")
    p.set_defaults(func=cmd_assign_codes)

    p = with_catalog(sub.add_parser("build", help="校验并生成整个网站"))
    p.add_argument("--out", type=Path, default=Path("site"), help="输出目录（默认 site/）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_build)


def _report_out(report, fmt: str) -> None:
    text = report.render(fmt)
    if text:
        print(text)


def cmd_check(args: argparse.Namespace) -> int:
    report, loaded = check_catalog(args.catalog, today_from_env(), base=args.base, author=args.author)
    keep(loaded)  # freed by the process's end, not object by object here
    _report_out(report, args.format)
    if args.format == "text" and report.ok:
        print(f"检查通过：{display_path(args.catalog)}")
    return 0 if report.ok else 1


def cmd_assign_codes(args: argparse.Namespace) -> int:
    from xyhf.maintain.assign import plan_codes, write_codes
    from xyhf.validate.policy import GitError, check_ledger_append_only

    today = today_from_env()
    report, loaded = check_catalog(args.catalog, today)
    if report.ok and args.base:
        current = loaded.ledger.data.get("codes", []) if loaded.ledger else []
        try:
            report.extend(check_ledger_append_only(args.catalog, args.base, current))
        except GitError as exc:
            print(f"无法读取基准版本 {args.base} 的台账：{exc}", file=sys.stderr)
            return 1
    if not report.ok:
        _report_out(report, "text")
        print("成果库有错误，未签发任何编码。", file=sys.stderr)
        return 1
    new, edits, problems = plan_codes(loaded, today)
    if problems:
        print("\n".join(d.as_text() for d in problems))
        print("有文件无法安全写入编码，未签发任何编码。", file=sys.stderr)
        return 1
    write_codes(loaded, new, edits)
    for entry in new:
        print(f"{entry.code}  {entry.path}")
    print(f"签发 {len(new)} 个编码。")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from xyhf.build import build_site

    return build_site(args.catalog, args.out, today_from_env(), quiet=args.quiet)
