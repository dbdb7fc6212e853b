"""Outcome pages from the deals ledger: the ledger itself, the performance-credit archive, and the
典型案例 pages. Pure: catalog in, Pages out."""

from __future__ import annotations

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.contracts import contract_slug
from xyhf.model.records import Catalog
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render
from xyhf.views import public_deal

EVENT_LABELS = {
    "milestone_met": "节点达成",
    "paid": "付款",
    "overdue": "逾期",
    "waived": "豁免",
    "amended": "更正",
    "terminated": "合同终止",
    "dispute_resolved": "争议解决",
    "first_revenue": "产生市场化收入",
}


def case_slug(contract_no: str) -> str:
    """cases/<slug>/ from a contract number: the one slug function (xyhf/domain/contracts.py)."""
    return contract_slug(contract_no)


def deal_pages(catalog: Catalog) -> list[Page]:
    pubs = [(deal, public_deal(deal, catalog), _filter_keys(deal, catalog)) for deal in catalog.deals]
    slugs = {deal.contract_no: case_slug(deal.contract_no) for deal in catalog.deals}
    totals = {"total": sum(d.total_cny for d in catalog.deals), "paid": sum(d.state.paid_cny for d in catalog.deals)}
    pages = [
        Page(
            "deals/index.md",
            "成交台账",
            render(
                "deals_index.html",
                rows=pubs,
                totals=totals,
                catalog=catalog,
                case_slugs=slugs,
                calendars=sorted({(d.holder, catalog.holders[d.holder].name) for d in catalog.deals}),
                filters=deal_filters(catalog, [keys for _, _, keys in pubs]),
            ),
        ),
        Page("deals/credit.md", "履约信用档案", render("credit.html", rows=credit_rows(catalog))),
    ]
    with_cases = [(slugs[d.contract_no], d) for d in catalog.deals if d.case]
    for slug, deal in with_cases:
        body = render(
            "case.html",
            case=deal.case,
            deal=deal,
            pub=public_deal(deal, catalog),
            holder=catalog.holders[deal.holder],
            catalog=catalog,
            event_labels=EVENT_LABELS,
        )
        pages.append(Page(f"cases/{slug}.md", deal.case.title, body))
    pages.append(Page("cases/index.md", "典型案例", render("cases_index.html", items=with_cases)))
    return pages


def _filter_keys(deal, catalog: Catalog) -> dict[str, str]:
    record = catalog.by_code.get(deal.records[0])
    return {"city": catalog.holders[deal.holder].city, "field": str(record.derived.tech_field or 0) if record else "0"}


def deal_filters(catalog: Catalog, keys: list[dict[str, str]]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(attribute, label, [(value, name)]) for the ledger's filters: only values that occur."""
    fields = {str(f.id): f.name_zh for f in tech_fields().values()} | {"0": "未分类"}
    cities_used = sorted({k["city"] for k in keys})
    fields_used = sorted({k["field"] for k in keys}, key=int)
    holders = sorted({d.holder for d in catalog.deals})
    years = sorted({d.signed_on[:4] for d in catalog.deals}, reverse=True)
    return [
        ("city", "市州", [(c, cities()[c]) for c in cities_used]),
        ("field", "技术领域", [(f, fields[f]) for f in fields_used]),
        ("holder", "持有方", [(h, catalog.holders[h].name) for h in holders]),
        ("year", "签订年份", [(y, y) for y in years]),
    ]


def credit_rows(catalog: Catalog) -> list[dict]:
    """One row a licensee (by USCC): contracts, nodes paid on time of those settled, overdue, rulings."""
    by_uscc: dict[str, dict] = {}
    for deal in catalog.deals:
        row = by_uscc.setdefault(
            deal.licensee.uscc,
            {
                "uscc": deal.licensee.uscc,
                "name": deal.licensee.name,
                "contracts": [],
                "on_time": 0,
                "settled": 0,
                "overdue_days": 0,
                "rulings": [],
            },
        )
        row["contracts"].append(deal.contract_no)
        flags = deal.state.settled_on_time
        row["on_time"] += sum(flags)
        row["settled"] += len(flags)
        row["overdue_days"] = max(row["overdue_days"], deal.state.overdue_days)
        if deal.ruling:
            row["rulings"].append(deal.ruling)
    return sorted(by_uscc.values(), key=lambda r: (r["name"], r["uscc"]))
