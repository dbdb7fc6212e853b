"""`publish`: a built site to S3-compatible object storage, changed objects only.

Exit codes: 0 published (or, with --dry-run, compared); 2 refused or failed, said in one
Chinese sentence (wrong credentials, a missing bucket, a network failure: rerun to continue).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from xyhf.write import MARKER

if TYPE_CHECKING:  # the command imports boto3 only when it runs
    from xyhf.publish import Outcome
    from xyhf.publish.plan import Plan

SHOWN = 2000  # --dry-run lists at most this many keys per kind, then counts the rest


def endpoint(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"端点应是 https://… 形式的地址，收到的是 {value!r}")
    return value


def register(sub, with_catalog) -> None:
    p = sub.add_parser(
        "publish",
        help="把生成好的网站发布到对象存储（S3 兼容），只上传有变化的对象",
        description="把生成好的网站发布到 S3 兼容的对象存储（阿里云 OSS、腾讯云 COS、华为云 OBS、MinIO 等），"
        "只上传内容有变化的对象；先上传资源与数据，再上传页面，最后删除网站已没有的对象。"
        "访问凭据从环境变量 AWS_ACCESS_KEY_ID 与 AWS_SECRET_ACCESS_KEY 读取，不接受命令行参数。",
    )
    p.add_argument("site", type=Path, metavar="SITE", help="xyhf build 生成的网站目录，如 site/")
    p.add_argument("--bucket", required=True, help="存储桶名称")
    p.add_argument("--prefix", default="", help="对象键前缀（目录），如 xyhf/；默认存储桶根目录。前缀之外的对象永不改动")
    p.add_argument("--endpoint", required=True, type=endpoint, help="对象存储的 S3 端点，如 https://oss-cn-hangzhou.aliyuncs.com")
    p.add_argument("--dry-run", action="store_true", help="只列出将上传与删除的对象，不做任何改动")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    from xyhf.publish import PublishError, Target, publish

    site: Path = args.site
    if not (site / MARKER).is_file():
        print(
            f"{site} 不是 xyhf build 生成的网站目录（没有 {MARKER} 标记文件）：请先运行 xyhf build --out {site}。",
            file=sys.stderr,
        )
        return 2
    target = Target.of(args.endpoint, args.bucket, args.prefix)
    try:
        outcome = publish(site, target, dry_run=args.dry_run, quiet=args.quiet, skip={MARKER})
    except PublishError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if outcome.dry_run:
        for line in dry_run_lines(outcome.plan):
            print(line)
    print(summary(outcome, target.url))
    return 0


def dry_run_lines(plan: Plan) -> list[str]:
    kinds = [("新增", [k for k in plan.uploads if k in plan.added]), ("更新", [k for k in plan.uploads if k not in plan.added])]
    kinds.append(("删除", list(plan.deletions)))
    lines = []
    for verb, keys in kinds:
        lines += [f"{verb}  {key}" for key in keys[:SHOWN]]
        if len(keys) > SHOWN:
            lines.append(f"{verb}  ……另有 {len(keys) - SHOWN} 个")
    return lines


def summary(outcome: Outcome, url: str) -> str:
    plan = outcome.plan
    added, changed = len(plan.added), len(plan.uploads) - len(plan.added)
    if outcome.dry_run:
        return (
            f"试运行，未改动 {url}：将上传 {len(plan.uploads)} 个对象（新增 {added}，更新 {changed}），"
            f"将删除 {len(plan.deletions)} 个，不变 {plan.unchanged} 个。"
        )
    return (
        f"已发布到 {url}：上传 {outcome.uploaded} 个对象（新增 {added}，更新 {changed}），"
        f"删除 {outcome.deleted} 个，不变 {plan.unchanged} 个。"
    )
