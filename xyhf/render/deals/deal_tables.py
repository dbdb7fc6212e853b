"""The deals ledger as tables (CSV, SQLite, workbook, Data Package): one row a deal, one row an event.
Undisclosed amounts stay blank here; they count only in the totals on the statistics pages."""

from __future__ import annotations

from xyhf.model.records import Catalog
from xyhf.render.base.columns import Column
from xyhf.views import public_deal

DEAL_COLUMNS = [
    Column("contract_no", "合同编号"),
    Column("holder", "持有方编号"),
    Column("holder_name", "持有方"),
    Column("records", "涉及成果", description="统一编码，多个以“；”分隔"),
    Column("licensee_name", "承接方"),
    Column("licensee_uscc", "承接方统一社会信用代码"),
    Column("licensee_size", "承接方规模"),
    Column("licensee_city", "承接方市州代码"),
    Column("signed_on", "签订日期", "date"),
    Column("mode", "转化方式"),
    Column("license_kind", "许可类型"),
    Column("payment_model", "支付模式"),
    Column("amount_disclosed", "金额公开", "boolean"),
    Column("total_cny", "约定转化费用（元）", "integer", "金额未公开的合同留空"),
    Column("paid_cny", "已付（元）", "integer", "金额未公开的合同留空"),
    Column("outstanding_cny", "已到期未付（元）", "integer", "金额未公开的合同留空"),
    Column("status", "履约状态代码"),
    Column("status_label", "履约状态"),
    Column("overdue_days", "逾期天数", "integer"),
    Column("next_due_on", "下一笔应付日期", "date"),
    Column("ruling_number", "认定文书编号", description="只有官方认定才显示违约"),
    Column("case_title", "典型案例"),
]
EVENT_COLUMNS = [
    Column("contract_no", "合同编号"),
    Column("seq", "序号", "integer"),
    Column("date", "日期", "date"),
    Column("kind", "事项"),
    Column("node", "里程碑节点"),
    Column("amount_cny", "金额（元）", "integer", "金额未公开的合同留空"),
]


def deal_rows(catalog: Catalog) -> tuple[list[dict], list[dict]]:
    deals, events = [], []
    for deal in catalog.deals:
        pub = public_deal(deal, catalog)
        deals.append(
            {
                "contract_no": deal.contract_no,
                "holder": deal.holder,
                "holder_name": pub["holder_name"],
                "records": "；".join(deal.records),
                "licensee_name": deal.licensee.name,
                "licensee_uscc": deal.licensee.uscc,
                "licensee_size": deal.licensee.size,
                "licensee_city": deal.licensee.city,
                "signed_on": deal.signed_on,
                "mode": deal.mode,
                "license_kind": deal.license_kind,
                "payment_model": deal.payment.model,
                "amount_disclosed": deal.amount_disclosed,
                "total_cny": pub.get("total_cny"),
                "paid_cny": pub.get("paid_cny"),
                "outstanding_cny": pub.get("outstanding_cny"),
                "status": pub["status"],
                "status_label": pub["status_label"],
                "overdue_days": deal.state.overdue_days,
                "next_due_on": pub.get("next_due_on"),
                "ruling_number": deal.ruling.number if deal.ruling else None,
                "case_title": deal.case.title if deal.case else None,
            }
        )
        for seq, event in enumerate(pub["events"], 1):
            events.append({"contract_no": deal.contract_no, "seq": seq, **event})
    return deals, events


def credit_archive(catalog: Catalog) -> list[dict]:
    """The performance-credit archive as open data: one entry per licensee (companies only), its
    contracts, payment nodes settled on time, the longest overdue, and rulings. A licensee is marked
    in default only through a ruling: an official body, a document number, a date and a link."""
    from xyhf.render.deals.deal_pages import credit_rows

    return [
        {
            "licensee_uscc": row["uscc"],
            "licensee_name": row["name"],
            "contracts": row["contracts"],
            "nodes_on_time": row["on_time"],
            "nodes_settled": row["settled"],
            "overdue_days": row["overdue_days"],
            "default": bool(row["rulings"]),
            "rulings": [{"body": r.body, "number": r.number, "date": r.date, "url": r.url} for r in row["rulings"]],
        }
        for row in credit_rows(catalog)
    ]


NEED_COLUMNS = [
    Column("code", "需求编码"),
    Column("title", "需求名称"),
    Column("problem", "现状与问题"),
    Column("goal", "期望指标"),
    Column("keywords", "关键词", description="多个以“；”分隔"),
    Column("industry", "国民经济行业分类"),
    Column("enterprise_name", "需求企业"),
    Column("enterprise_size", "企业规模"),
    Column("city", "市州代码"),
    Column("budget_min_cny", "最低费用（元）", "integer"),
    Column("budget_max_cny", "最高费用（元）", "integer"),
    Column("payment_models", "可接受的付款方式"),
    Column("trl_min", "最低技术成熟度", "integer"),
    Column("status", "状态"),
    Column("listed_on", "发布日期", "date"),
    Column("expires_on", "有效期至", "date"),
]
MATCH_COLUMNS = [
    Column("need", "需求编码"),
    Column("record", "成果统一编码"),
    Column("rank", "名次", "integer"),
    Column("score", "匹配度", "number"),
    Column("available", "成果可转化", "boolean"),
    Column("reasons", "匹配理由", description="多条以“；”分隔"),
]


def need_rows(catalog: Catalog) -> tuple[list[dict], list[dict]]:
    needs = [
        {
            "code": n.code,
            "title": n.title,
            "problem": n.problem,
            "goal": n.goal,
            "keywords": "；".join(n.keywords),
            "industry": n.industry,
            "enterprise_name": n.enterprise.name,
            "enterprise_size": n.enterprise.size,
            "city": n.city,
            "budget_min_cny": n.budget_min,
            "budget_max_cny": n.budget_max,
            "payment_models": "；".join(n.payment_models),
            "trl_min": n.trl_min,
            "status": "expired" if n.expired else n.status,
            "listed_on": n.listed_on,
            "expires_on": n.expires_on,
        }
        for n in catalog.needs
    ]
    matches, rank, last = [], 0, None
    for m in catalog.matches:
        rank = rank + 1 if m.need == last else 1
        last = m.need
        matches.append(
            {
                "need": m.need,
                "record": m.record,
                "rank": rank,
                "score": m.score,
                "available": m.available,
                "reasons": "；".join(m.reasons),
            }
        )
    return needs, matches
