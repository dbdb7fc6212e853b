"""`xyhf audit` (weekly freshness check) and `xyhf candidates` (promotion-directory draft). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from xyhf.domain.labels import LEGAL_STATUS_LABELS, STATUS_LABELS
from xyhf.domain.law import add_years
from xyhf.model.records import Catalog, Record
from xyhf.render.base.gfm import cap_reply, escape_gfm, mentions
from xyhf.validate.legal import STALE_DAYS, offerable

FRESHNESS_LABEL = "成果巡检"
EXPIRY_WARNING_DAYS = 90
NEGOTIATING_MONTHS = 6


@dataclass(frozen=True)
class Finding:
    holder: str
    code: str
    title: str
    path: str
    kind: str  # ip_expired | ip_expiring | fiscal_5y | negotiating_stale | legal_not_in_force | legal_status_stale
    why: str  # the reason in Chinese, so no finding is opaque


def _months_ago(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 - months, 12)
    return dt.date(day.year + year, month + 1, min(day.day, 28))


def audit_record(record: Record, today: dt.date) -> list[Finding]:
    code = record.code
    if record.status in ("withdrawn",) or not code:
        return []
    out = []

    def add(kind: str, why: str) -> None:
        out.append(Finding(record.holder, code, record.title, f"catalog/{record.path}", kind, why))

    d = record.derived
    if d.expires_on and record.status != "licensed":
        end = dt.date.fromisoformat(d.expires_on)
        if end < today:
            add(
                "ip_expired",
                f"知识产权已于 {d.expires_on} 到期（{'按法定保护期推算' if d.expires_on_derived else '按记录填写的有效期'}），"
                "不再受保护：请把 status 改为 withdrawn。",
            )
        elif (end - today).days <= EXPIRY_WARNING_DAYS:
            add("ip_expiring", f"知识产权将于 {d.expires_on} 到期（还有 {(end - today).days} 天）：请尽快安排转化或准备撤回。")
    legal = record.ip.legal_status
    if legal and not offerable(legal):
        add(
            "legal_not_in_force",
            f"法律状态为“{LEGAL_STATUS_LABELS[legal]}”（{record.ip.status_checked_on} 核验，来源：{record.ip.status_source}），"
            "知识产权已不在持有方名下有效：请把 status 改为 withdrawn；如登记有误，请重新核验后更正 ip.legal_status。",
        )
    elif legal and d.legal_status_stale:
        add(
            "legal_status_stale",
            f"法律状态最后核验于 {record.ip.status_checked_on}，已超过 {STALE_DAYS} 天：请在国家知识产权局系统重新查询，"
            "更新 ip.legal_status 与 status_checked_on（成果库办公室也可用 xyhf import-legal-status 批量导入）。",
        )
    if d.fiscal_unconverted_5y and record.funding:
        f = record.funding
        add(
            "fiscal_5y",
            f"财政资金支持形成（{f.project or '财政项目'}），{f.accepted_on} 验收，已满 5 年未转化且未开放许可："
            "按省方案应纳入开放许可（在 license_kinds 中加入 open）。",
        )
    if record.status == "negotiating":
        since = dt.date.fromisoformat(record.status_since or record.listed_on)
        if since < _months_ago(today, NEGOTIATING_MONTHS):
            add(
                "negotiating_stale",
                f"自 {since} 起处于“洽谈中”已超过 {NEGOTIATING_MONTHS} 个月：请更新状态"
                "（谈成改 licensed，未谈成改回 available 并填写 status_since）。",
            )
    return out


def audit(catalog: Catalog, today: dt.date) -> list[dict]:
    """One entry per holder that has findings: what the freshness workflow turns into an issue."""
    by_holder: dict[str, list[Finding]] = {}
    for record in catalog.published():
        for finding in audit_record(record, today):
            by_holder.setdefault(finding.holder, []).append(finding)
    out = []
    for holder_id in sorted(catalog.holders):
        holder = catalog.holders[holder_id]
        findings = sorted(by_holder.get(holder_id, []), key=lambda f: (f.kind, f.code))
        body = [
            f"以下是 {_md(holder.name)} 的成果在 {today} 巡检中发现的问题，每条都写明了原因和处理办法。",
            "",
            "| 统一编码 | 成果 | 问题与原因 |",
            "|---|---|---|",
        ]
        body += [f"| {_md(f.code)} | [{_md(f.title)}]({f.path}) | {_md(f.why)} |" for f in findings]
        body += [
            "",
            f"维护人：{mentions(holder.maintainers)}",
            "",
            "处理后提交 PR，下次巡检时本 issue 会自动更新；问题全部处理后自动关闭。",
        ]
        out.append(
            {
                "holder": holder_id,
                "holder_name": holder.name,
                "maintainers": list(holder.maintainers),
                "title": f"[成果巡检] {holder.name}（{holder_id}）",
                "findings": [asdict(f) for f in findings],
                "body": issue_body(body, "xyhf audit"),
            }
        )
    return out + audit_needs(catalog, today)


def audit_needs(catalog: Catalog, today: dt.date) -> list[dict]:
    """One entry per city with needs: open needs past their expiry date, for the city's 工作站."""
    from xyhf.domain.classify import cities

    out = []
    for city in sorted({n.city for n in catalog.needs}):
        name, maintainers = catalog.stations.get(city, (f"{cities()[city]}工作站", ()))
        findings = [
            {
                "holder": city,
                "code": n.code,
                "title": n.title,
                "path": f"catalog/{n.path}",
                "kind": "need_expired",
                "why": f"需求已于 {n.expires_on} 到期但仍是 open：请与企业确认后更新有效期，或把 status 改为 closed / withdrawn。",
            }
            for n in catalog.needs
            if n.city == city and n.expired
        ]
        body = [
            f"{_md(name)}负责的企业需求在 {today} 巡检中发现以下问题：",
            "",
            "| 需求编码 | 需求 | 问题与原因 |",
            "|---|---|---|",
        ]
        body += [f"| {_md(f['code'])} | [{_md(f['title'])}]({f['path']}) | {_md(f['why'])} |" for f in findings]
        body += [
            "",
            f"维护人：{mentions(maintainers) or '（catalog/stations.yaml 中尚未登记）'}",
            "",
            "处理后提交 PR，下次巡检时本 issue 会自动更新；问题全部处理后自动关闭。",
        ]
        out.append(
            {
                "holder": city,
                "holder_name": name,
                "maintainers": list(maintainers),
                "title": f"[需求巡检] {name}（{city}）",
                "findings": findings,
                "body": issue_body(body, "xyhf audit"),
            }
        )
    return out


def _md(text: object) -> str:
    """Data text in an issue body: the bot's one escaper (no markup, link, mention or reference)."""
    return escape_gfm(text)


def issue_body(lines: list[str], command: str) -> str:
    """An issue body the bot posts: capped below GitHub's limit, saying where the whole list is."""
    return cap_reply("\n".join(lines), where=f"网站，或在本地运行 `{command}`")


def promotion_candidates(catalog: Catalog, year: int, today: dt.date, min_trl: int = 6) -> list[Record]:
    """Available records, TRL ≥ min_trl, IP valid at least one more year, not in an earlier directory."""
    listed_before = {e.code for p in catalog.promotions if p.year < year for e in p.entries}
    horizon = add_years(today, 1)
    out = []
    for record in catalog.published():
        if record.status != "available" or record.trl < min_trl or record.code in listed_before:
            continue
        d = record.derived
        if d.ip_expired or (d.expires_on and dt.date.fromisoformat(d.expires_on) < horizon):
            continue
        out.append(record)
    return sorted(out, key=lambda r: (-r.trl, r.code or ""))


def render_candidates(catalog: Catalog, year: int, records: list[Record], today: dt.date) -> str:
    lines = [
        f"# {year} 年度推广目录候选（由 xyhf candidates 生成的草稿）：审核人增删条目、改写推荐理由后，",
        f"# 保存为 catalog/promotion/{year}.yaml 提交。候选条件：可转化、TRL ≥ 6、知识产权有效期超过一年、未入选往年目录。",
        f"year: {year}",
        f'title: "{year} 年度“先用后付”重点科技成果推广目录"',
        f"published_on: '{today.isoformat()}'",
        "entries:",
    ]
    for r in records:
        reason = f"TRL {r.trl}（{r.derived.trl_label}），{r.derived.tech_field_name or '技术领域待定'}，{STATUS_LABELS[r.status]}"
        lines.append(f"  - code: {r.code}   # {r.title}（{catalog.holders[r.holder].name}）")
        lines.append(f'    reason: "{reason}"')
    if not records:
        lines[-1] = "entries: []"
    return "\n".join(lines) + "\n"


def plan_issue_sync(entries: list[dict], open_issues: list[dict]) -> list[dict]:
    """What to do on GitHub: one open issue per holder with findings, closed when none are left."""
    by_title = {issue["title"]: issue["number"] for issue in open_issues}
    actions = []
    for entry in entries:
        number = by_title.get(entry["title"])
        if entry["findings"]:
            if number is None:
                actions.append({"do": "create", "title": entry["title"], "body": entry["body"]})
            else:
                actions.append({"do": "update", "number": number, "title": entry["title"], "body": entry["body"]})
        elif number is not None:
            actions.append({"do": "close", "number": number, "title": entry["title"]})
    return actions
