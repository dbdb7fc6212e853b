"""Command line: parse arguments, call the library, return an exit code. Nothing else.

Exit codes: 0 clean, 1 the input has errors (all reported), 2 wrong usage or an internal fault
(reported in Chinese; never a bare traceback).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from xyhf.cli import ending, maintain, publish, site, submit
from xyhf.cli.zh import ZhArgumentParser
from xyhf.paths import CHECKOUT_CATALOG


def default_catalog() -> Path:
    """DATA-MODEL: --catalog defaults to the repository's catalog/. Run inside another catalog
    repository (or a workflow checkout) that is ./catalog; elsewhere, this checkout's."""
    here = Path("catalog")
    return here if here.is_dir() else CHECKOUT_CATALOG


def make_parser() -> argparse.ArgumentParser:
    parser = ZhArgumentParser(prog="xyhf", description="湖南省科技成果“先用后付”成果库工具")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令", parser_class=ZhArgumentParser)

    def with_catalog(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--catalog", type=Path, default=default_catalog(), help="成果库目录（默认 catalog/）")
        return p

    for module in (site, submit, maintain, publish):
        module.register(sub, with_catalog)
    return parser


def main(argv: list[str] | None = None) -> int:
    ending.release()
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence: a fault, said in Chinese, never a bare trace
        print("内部错误：xyhf 遇到了未预料的情况，未写入任何结果。请把下面的信息发给成果库维护人：", file=sys.stderr)
        print(traceback.format_exc(limit=-3), file=sys.stderr)
        return 2


def run() -> None:
    """The `xyhf` console command: main(), then the process ends (quickly where the command allows)."""
    ending.end(main())


if __name__ == "__main__":
    run()
