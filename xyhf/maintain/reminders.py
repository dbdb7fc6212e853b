"""`xyhf reminders`: each holder's milestone payments due within 30 days or overdue without payment,
as entries the weekly workflow turns into one GitHub issue per holder (the audit's machinery:
maintain/audit.plan_issue_sync). Pure: catalog and date in, entries out."""

from __future__ import annotations

import datetime as dt

from xyhf.maintain.audit import _md, issue_body
from xyhf.render.base.gfm import mentions
from xyhf.model.records import Catalog
from xyhf.render.documents.calendar import node_name

REMINDER_LABEL = "付款提醒"
DUE_SOON_DAYS = 30


def deal_findings(deal, today: dt.date) -> list[dict]:
    if deal.state.terminated:
        return []
    out = []
    for node in deal.state.milestones:
        if node.due_on is None or node.waived or node.paid_cny >= node.amount_cny:
            continue
        days = (node.due_on - today).days
        if days < 0:
            why = f"已逾期 {-days} 天（应于 {node.due_on} 前支付）"
        elif days <= DUE_SOON_DAYS:
            why = f"{days} 天后到期（{node.due_on}）"
        else:
            continue
        name = node_name(node.node)
        amount = f"{node.amount_cny - node.paid_cny:,} 元" if deal.amount_disclosed else "金额未公开"
        out.append(
            {
                "contract_no": deal.contract_no,
                "licensee": deal.licensee.name,
                "node": name,
                "amount": amount,
                "due_on": node.due_on.isoformat(),
                "overdue": days < 0,
                "why": why,
                "path": f"catalog/{deal.path}",
            }
        )
    return out


def reminders(catalog: Catalog, today: dt.date) -> list[dict]:
    """Payment reminders, one entry per holder, then follow-up reminders, one per broker
    (maintain/followup_reminders.py); every entry with or without findings, so the workflow can
    also close issues."""
    from xyhf.maintain.followup_reminders import followup_reminders

    return payment_reminders(catalog, today) + followup_reminders(catalog, today)


def payment_reminders(catalog: Catalog, today: dt.date) -> list[dict]:
    out = []
    for holder_id, holder in sorted(catalog.holders.items()):
        findings = [f for deal in catalog.deals if deal.holder == holder_id for f in deal_findings(deal, today)]
        findings.sort(key=lambda f: (not f["overdue"], f["due_on"], f["contract_no"]))
        body = [
            f"{_md(holder.name)} 的“先用后付”合同在 {today} 有以下付款节点已逾期或将在 {DUE_SOON_DAYS} 天内到期。",
            "",
            "| 合同编号 | 承接方 | 节点 | 应付 | 情况 |",
            "|---|---|---|---|---|",
        ]
        body += [
            f"| [{_md(f['contract_no'])}]({f['path']}) | {_md(f['licensee'])} | {_md(f['node'])} | {_md(f['amount'])} | {_md(f['why'])} |"
            for f in findings
        ]
        body += [
            "",
            f"维护人：{mentions(holder.maintainers)}",
            "",
            "收到款项后，请在合同文件末尾追加一条 `kind: paid` 的履约记录并提交 PR；逾期请追加 `kind: overdue`。"
            "提醒会在下周自动更新，全部处理后自动关闭。只有有权机关的认定才会在信用档案中显示为违约。",
        ]
        out.append(
            {
                "holder": holder_id,
                "holder_name": holder.name,
                "maintainers": list(holder.maintainers),
                "title": f"[付款提醒] {holder.name}（{holder_id}）",
                "findings": findings,
                "body": issue_body(body, "xyhf reminders"),
            }
        )
    return out
