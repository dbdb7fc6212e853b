"""Command line: parse arguments, call the library, return an exit code. Nothing else."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xyhf.paths import CHECKOUT_CATALOG
from xyhf.pipeline import check_catalog, today_from_env



def default_catalog() -> Path:
    """DATA-MODEL: --catalog defaults to the repository's catalog/. Run inside another catalog
    repository (or a workflow checkout) that is ./catalog; elsewhere, this repository's."""
    here = Path("catalog")
    return here if here.is_dir() else CHECKOUT_CATALOG



def _report_out(report, fmt: str) -> None:
    text = report.render(fmt)
    if text:
        print(text)


def cmd_check(args: argparse.Namespace) -> int:
    report, _ = check_catalog(args.catalog, today_from_env(), base=args.base, author=args.author)
    _report_out(report, args.format)
    if args.format == "text" and report.ok:
        from xyhf.source.discover import display_path
        print(f"检查通过：{display_path(args.catalog)}")
    return 0 if report.ok else 1


def cmd_assign_codes(args: argparse.Namespace) -> int:
    from xyhf.maintain.assign import plan_codes, write_codes
    today = today_from_env()
    report, loaded = check_catalog(args.catalog, today)
    if not report.ok:
        _report_out(report, "text")
        print("成果库有错误，未签发任何编码。", file=sys.stderr)
        return 1
    new, edits = plan_codes(loaded, today)
    write_codes(loaded, new, edits)
    for entry in new:
        print(f"{entry.code}  {entry.path}")
    print(f"签发 {len(new)} 个编码。")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from xyhf.build import build_site
    return build_site(args.catalog, args.out, today_from_env())


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xyhf", description="湖南省科技成果“先用后付”成果库工具")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_catalog(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--catalog", type=Path, default=default_catalog(), help="成果库目录（默认 catalog/）")
        return p

    p = with_catalog(sub.add_parser("check", help="校验成果库"))
    p.add_argument("--base", help="与该 git 版本比较，执行编码与删除规则")
    p.add_argument("--format", choices=["text", "json", "github"], default="text", help="输出格式")
    p.add_argument("--author", help="拉取请求作者的 GitHub 用户名（与 --base 一起用）：只能修改自己维护的持有方")
    p.set_defaults(func=cmd_check)

    p = with_catalog(sub.add_parser("assign-codes", help="为尚无编码的成果签发统一编码（仅在主分支）"))
    p.set_defaults(func=cmd_assign_codes)

    p = with_catalog(sub.add_parser("build", help="校验并生成整个网站"))
    p.add_argument("--out", type=Path, default=Path("site"), help="输出目录（默认 site/）")
    p.set_defaults(func=cmd_build)

    from xyhf.cli import tools
    tools.register(sub, with_catalog)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
