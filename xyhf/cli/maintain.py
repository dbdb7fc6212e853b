"""Maintainer commands: candidates, audit, reminders, push, event-draft, codeowners, summary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from xyhf.clock import today_from_env
from xyhf.pipeline import load_valid_catalog


def register(sub, with_catalog) -> None:
    p = with_catalog(sub.add_parser("candidates", help="生成年度推广目录候选草稿（YAML）"))
    p.add_argument("year", type=int, help="年度，如 2026")
    p.add_argument("--min-trl", type=int, default=6, help="最低技术成熟度（默认 6）")
    p.set_defaults(func=cmd_candidates)

    p = with_catalog(
        sub.add_parser("audit", help="巡检：知识产权到期、法律状态不再有效或久未核验、财政资助满 5 年未转化、长期洽谈中")
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=cmd_audit)

    p = with_catalog(
        sub.add_parser("reminders", help="提醒：30 天内到期或已逾期未付的合同节点；30 天没有跟踪记录的在库需求（按技术经理人）")
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=cmd_reminders)

    p = with_catalog(sub.add_parser("push", help="每周需求推送：各持有方的匹配需求、各工作站的在库需求及最佳匹配"))
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.add_argument("--site-url", default="https://xyhf.example.org/", help="网站地址（议题中的链接用）")
    p.set_defaults(func=cmd_push)

    p = with_catalog(sub.add_parser("event-draft", help="由需求匹配结果生成对接会草稿（YAML）"))
    p.add_argument("--city", required=True, help="市州代码，如 430100（长沙市）")
    p.add_argument("--field", type=int, action="append", default=[], help="技术领域编号（1–35，可重复）")
    p.add_argument("--date", help="活动日期 YYYY-MM-DD（默认 30 天后）")
    p.set_defaults(func=cmd_event_draft)

    p = with_catalog(
        sub.add_parser("synonyms", help="同义词表维护：suggest 由成果库（和语料）提出候选同义词组、缩写、相关概念与常见错别字")
    )
    p.add_argument("action", choices=["suggest"], help="suggest：输出候选同义词组草稿（YAML）")
    p.add_argument("--corpus", type=Path, help="语料文件（JSON Lines，每行含 title、abstract、keyphrases）")
    p.add_argument("--limit", type=int, default=60, help="每类最多列出几条（默认 60）")
    p.set_defaults(func=cmd_synonyms)

    p = with_catalog(sub.add_parser("codeowners", help="由持有方维护人生成 .github/CODEOWNERS"))
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
    p.set_defaults(func=cmd_codeowners)

    p = with_catalog(sub.add_parser("summary", help="拉取请求的中文检查摘要（Markdown）"))
    p.add_argument("--base", required=True, help="拉取请求的基准 git 版本")
    p.add_argument("--author", help="拉取请求作者的 GitHub 用户名")
    p.set_defaults(func=cmd_summary)


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


def _report_entries(args: argparse.Namespace, build, line, noun: str) -> int:
    """Run a weekly check (audit, reminders): JSON entries for the workflow, or one line a finding."""
    catalog, today = _valid_catalog(args)
    if catalog is None:
        return 1
    result = build(catalog, today)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for entry in result:
            for finding in entry["findings"]:
                print(line(finding))
        print(f"共 {sum(len(e['findings']) for e in result)} 条{noun}。")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from xyhf.maintain.audit import audit

    return _report_entries(args, audit, lambda f: f"{f['path']}: {f['code']}: {f['why']}", "巡检发现")


def cmd_reminders(args: argparse.Namespace) -> int:
    from xyhf.maintain.reminders import reminders

    return _report_entries(args, reminders, _reminder_line, "提醒（付款与需求跟进）")


def _reminder_line(f: dict) -> str:
    if "contract_no" in f:
        return f"{f['path']}: {f['contract_no']}: {f['node']} {f['amount']}，{f['why']}"
    return f"{f['path']}: {f['need']}: {f['need_title']}，{f['why']}（跟进：{f['who']}）"


def cmd_push(args: argparse.Namespace) -> int:
    from xyhf.maintain.push import push

    return _report_entries(
        args,
        lambda catalog, today: push(catalog, today, args.site_url),
        lambda f: f"{f['need']}: {f['need_title']}" + (f" → {f['record']}" if "record" in f else ""),
        "推送条目",
    )


def cmd_event_draft(args: argparse.Namespace) -> int:
    import datetime as dt

    from xyhf.domain.classify import cities
    from xyhf.maintain.event_draft import render_draft

    if args.city not in cities():
        print(f"不认识的市州代码 {args.city}：可用 {'、'.join(f'{c}（{n}）' for c, n in cities().items())}。")
        return 2
    bad = [f for f in args.field if not 1 <= f <= 35]
    if bad:
        print(f"技术领域编号应为 1–35（WIPO 35 个技术领域），不认识：{bad}。")
        return 2
    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"日期格式应为 YYYY-MM-DD，如 2026-12-18，现在是 {args.date!r}。")
        return 2
    catalog, today = _valid_catalog(args)
    if catalog is None:
        return 1
    print(render_draft(catalog, args.city, args.field, day or today + dt.timedelta(days=30)), end="")
    return 0


def cmd_synonyms(args: argparse.Namespace) -> int:
    from xyhf.maintain.synonyms import suggest

    catalog, _ = _valid_catalog(args)
    if catalog is None:
        return 1
    texts = [" ".join([r.title, r.summary, r.applications, r.advantages]) for r in catalog.records]
    keywords = [k for r in catalog.records for k in r.keywords]
    keyword_sets = [list(r.keywords) for r in catalog.records]
    if args.corpus:
        try:
            lines = args.corpus.read_text(encoding="utf-8").splitlines()
            rows = [json.loads(line) for line in lines if line.strip()]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            print(
                f"读不了语料文件 {args.corpus}：{exc}。请给出 JSON Lines 文件（每行一个含 title、abstract、keyphrases 的对象）。"
            )
            return 2
        rows = [r for r in rows if isinstance(r, dict)]
        texts += [f"{r.get('title', '')} {r.get('abstract', '')}" for r in rows]
        keywords += [k for r in rows for k in r.get("keyphrases", []) if isinstance(k, str)]
        keyword_sets += [[k for k in r.get("keyphrases", []) if isinstance(k, str)] for r in rows]
    print(suggest(texts, keywords, catalog.lexicon, args.limit, keyword_sets), end="")
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
