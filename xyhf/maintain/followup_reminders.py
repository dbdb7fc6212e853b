"""`xyhf reminders`, second part: open needs with no follow-up for 30 days (xyhf/followups.STALE_DAYS),
one entry per broker (技术经理人) — and one per station for needs no broker serves — so the weekly
workflow opens, updates or closes one issue each. Brokers appear by their public name (consent rule,
views.public_broker) and id. Pure: catalog and date in, entries out."""

from __future__ import annotations

import datetime as dt

from xyhf.followups import STALE_DAYS, StaleNeed, stale_needs
from xyhf.maintain.audit import _md, issue_body
from xyhf.model.records import Catalog
from xyhf.model.stations import Desk
from xyhf.render.base.gfm import mentions
from xyhf.views import public_broker


def _finding(stale: StaleNeed, who: str, today: dt.date) -> dict:
    need, since = stale.need, stale.since
    days = (today - dt.date.fromisoformat(since)).days
    why = f"已 {days} 天没有跟踪记录（上次 {since}）" if stale.followed else f"发布 {days} 天仍没有跟踪记录"
    return {
        "need": need.code or "",
        "need_title": need.title,
        "since": since,
        "days": days,
        "who": who,
        "why": why,
        "path": f"catalog/{need.path}",
    }


def _entry(desk: Desk, key: str, who: str, findings: list[dict], today: dt.date) -> dict:
    body = [
        f"{_md(who)}（{_md(desk.name)}）负责的以下企业需求在 {today} 已超过 {STALE_DAYS} 天没有跟踪记录。",
        "",
        "| 需求编码 | 需求名称 | 情况 |",
        "|---|---|---|",
    ]
    body += [f"| [{_md(f['need'])}]({f['path']}) | {_md(f['need_title'])} | {_md(f['why'])} |" for f in findings]
    body += [
        "",
        f"工作站维护人：{mentions(desk.maintainers)}",
        "",
        f"联系企业后，请在 catalog/followups/{desk.city or '<市州代码>'}/{today.year}.yaml 末尾追加一条跟踪记录"
        "（日期、技术经理人编号、需求编码、方式、结果、下一步）并提交 PR，或发邮件请成果库办公室代为登记。"
        "提醒每周自动更新，全部跟进后自动关闭。",
    ]
    return {
        "broker": key,
        "desk": desk.name,
        "maintainers": list(desk.maintainers),
        "title": f"[跟进提醒] {who}（{key}）",
        "findings": findings,
        "body": issue_body(body, "xyhf reminders"),
    }


def followup_reminders(catalog: Catalog, today: dt.date) -> list[dict]:
    """One entry per broker of every desk, then one per desk for needs without a broker (with or
    without findings, so the workflow can close issues); findings oldest first."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for stale in stale_needs(catalog, today):
        route = stale.route
        if route.desk is None:
            continue
        key = route.broker.id if route.broker else f"desk-{route.desk.city or 'office'}"
        who = public_broker(route.broker, route.desk)["name"] if route.broker else route.desk.name
        grouped.setdefault((route.desk.name, key), []).append(_finding(stale, who, today))
    out = []
    for desk in catalog.desks:
        keys = [(b.id, public_broker(b, desk)["name"]) for b in desk.brokers]
        keys.append((f"desk-{desk.city or 'office'}", desk.name))
        for key, who in keys:
            findings = sorted(grouped.get((desk.name, key), []), key=lambda f: (f["since"], f["need"]))
            out.append(_entry(desk, key, who, findings, today))
    return out
