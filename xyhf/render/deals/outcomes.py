"""Outcome statistics from the deals ledger and per-institution results (stats/institutions/).

Every figure is recomputed from the YAML: deals and 成交额 over time and by group, the share of
deals insured, the pace needed to reach the 2,500-listing target by 2028-12-31, and per holder:
records listed, fiscal five-year records and how many are under open licence, deals signed,
milestone payments made on time, amounts received (disclosed ones) and the double-credit count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from markupsafe import Markup

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.labels import HOLDER_KIND_LABELS, PAYMENT_MODEL_LABELS
from xyhf import figures
from xyhf.domain.law import add_years
from xyhf.model.records import Catalog
from xyhf.render.base.charts import bar_chart
from xyhf.render.base.columns import Column
from xyhf.render.base.formats import render_csv, render_xlsx
from xyhf.figures import TARGET
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render

TARGET_DATE = dt.date(2028, 12, 31)  # the provincial plan runs to the end of 2028
INSTITUTION_COLUMNS = [
    Column("holder", "持有方编号"),
    Column("name", "持有方"),
    Column("kind", "单位类型"),
    Column("records", "已发布成果", "integer", "已签发统一编码、未撤回的成果"),
    Column("fiscal_5y", "财政资助且验收满 5 年的成果", "integer"),
    Column("fiscal_5y_open", "其中已开放许可", "integer"),
    Column("deals", "已签先用后付合同", "integer"),
    Column("nodes_on_time", "按期付款的节点", "integer"),
    Column("nodes_settled", "已结清的节点", "integer"),
    Column("received_cny", "已收转化费用（元，仅公开金额）", "integer"),
    Column("double_credit", "绩效考核计分（高校双倍）", "integer", "高等院校先用后付转化完成量实行双倍积分：合同数 × 2"),
]


def months_left(today: dt.date) -> int:
    return max(1, (TARGET_DATE.year - today.year) * 12 + TARGET_DATE.month - today.month + 1)


def outcome_charts(catalog: Catalog) -> list[tuple[str, Markup]]:
    deals = catalog.deals
    fields = {f.id: f.name_zh for f in tech_fields().values()} | {0: "未分类"}

    def by(key, names=None) -> list[tuple[str, int]]:
        rows = sorted(Counter(key(d) for d in deals).items(), key=lambda kv: (-kv[1], str(kv[0])))
        return [((names or {}).get(k, str(k)), n) for k, n in rows]

    def amount_by(key) -> list[tuple[str, int]]:
        """Disclosed amounts only: a group's figure must not reveal a contract that keeps its amount private."""
        sums: Counter = Counter()
        for d in deals:
            if d.amount_disclosed:
                sums[key(d)] += d.total_cny
        return sorted(sums.items())

    def first_field(d) -> int:
        record = catalog.by_code.get(d.records[0])
        return (record.derived.tech_field or 0) if record else 0

    charts = [
        ("每月签订合同数", bar_chart("每月签订合同数", sorted(Counter(d.signed_on[:7] for d in deals).items()))),
        ("每月成交额（元，仅公开金额；合计见上方）", bar_chart("每月成交额", amount_by(lambda d: d.signed_on[:7]))),
        ("按持有方所在市州", bar_chart("合同按市州", by(lambda d: catalog.holders[d.holder].city, cities()))),
        ("按技术领域", bar_chart("合同按技术领域", by(first_field, fields))),
        ("按持有方类型", bar_chart("合同按持有方类型", by(lambda d: catalog.holders[d.holder].kind, HOLDER_KIND_LABELS))),
        ("按支付模式", bar_chart("合同按支付模式", by(lambda d: d.payment.model, PAYMENT_MODEL_LABELS))),
    ]
    return [(title, Markup(svg)) for title, svg in charts]  # noqa: S704 - charts.py escapes every value


def outcome_summary(catalog: Catalog, today: dt.date) -> dict:
    listed = figures.published_count(catalog)
    deals = catalog.deals
    return {
        "deals": len(deals),
        "total_cny": sum(d.total_cny for d in deals),
        "paid_cny": sum(d.state.paid_cny for d in deals),
        "insured_share": round(100 * sum(1 for d in deals if d.insurance) / len(deals)) if deals else 0,
        "listed": listed,
        "target": TARGET,
        "per_month": max(0, -(-(TARGET - listed) // months_left(today))),
        "months_left": months_left(today),
    }


def institution_rows(catalog: Catalog, today: dt.date) -> list[dict]:
    rows = []
    records_of: dict[str, list] = {}
    for record in figures.published(catalog):
        records_of.setdefault(record.holder, []).append(record)
    deals_of: dict[str, list] = {}
    for deal in catalog.deals:
        deals_of.setdefault(deal.holder, []).append(deal)
    for hid, holder in sorted(catalog.holders.items()):
        records = records_of.get(hid, [])
        fiscal = [
            r
            for r in records
            if r.funding
            and r.funding.fiscal
            and r.funding.accepted_on
            and add_years(dt.date.fromisoformat(r.funding.accepted_on), 5) <= today
        ]
        deals = deals_of.get(hid, [])
        flags = [flag for d in deals for flag in d.state.settled_on_time]
        rows.append(
            {
                "holder": hid,
                "name": holder.name,
                "kind": HOLDER_KIND_LABELS[holder.kind],
                "records": len(records),
                "fiscal_5y": len(fiscal),
                "fiscal_5y_open": sum(1 for r in fiscal if "open" in r.transfer.license_kinds),
                "deals": len(deals),
                "nodes_on_time": sum(flags),
                "nodes_settled": len(flags),
                "received_cny": sum(d.state.paid_cny for d in deals if d.amount_disclosed),
                "double_credit": len(deals) * (2 if holder.kind == "university" else 1),
            }
        )
    return rows


def institution_page(catalog: Catalog, today: dt.date) -> Page:
    rows = institution_rows(catalog, today)
    body = render("institutions.html", rows=rows, total=institution_total(rows), columns=INSTITUTION_COLUMNS)
    return Page("stats/institutions.md", "各单位“先用后付”工作情况", body)


def outcome_pages(catalog: Catalog, today: dt.date) -> Iterator[Page]:
    yield institution_page(catalog, today)
    yield Page(
        "stats/outcomes.md",
        "转化成效统计",
        render("outcomes.html", summary=outcome_summary(catalog, today), charts=outcome_charts(catalog)),
    )


def institution_files(catalog: Catalog, today: dt.date, epoch: int) -> Iterator[tuple[str, bytes]]:
    """The per-institution table for 教育厅 and 科技厅 as CSV and a workbook."""
    rows = institution_rows(catalog, today)
    yield "stats/institutions.csv", render_csv(rows, INSTITUTION_COLUMNS)
    sheets = [("institutions", "各单位工作情况", INSTITUTION_COLUMNS, [*rows, institution_total(rows)])]
    yield "stats/institutions.xlsx", render_xlsx(sheets, epoch)


def institution_total(rows: list[dict]) -> dict:
    """The 合计 row of the institutions table (page and workbook)."""
    total: dict = {"holder": "", "name": "合计", "kind": "", "_total": True}
    total.update({c.name: sum(int(r[c.name]) for r in rows) for c in INSTITUTION_COLUMNS if c.type == "integer"})
    return total
