"""Enterprise-need pages: the list (filters by city, industry section, status) and one page per need
with its ranked matches and the reasons for each. Pure: catalog in, Pages out."""

from __future__ import annotations

from collections.abc import Iterator

from xyhf.domain.classify import cities
from xyhf.model.records import Catalog
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render
from xyhf.domain.labels import SIZE_LABELS
from xyhf.followups import need_fields, route_need
from xyhf.search.match import reasons_on_need_page
from xyhf.views import NEED_STATUS, matches_by_need, public_broker, public_need

INDUSTRY_SECTIONS = {
    "A": "农林牧渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力热力燃气及水",
    "E": "建筑业",
    "I": "信息技术服务业",
    "M": "科学研究和技术服务业",
    "N": "水利环境和公共设施管理业",
    "Q": "卫生和社会工作",
}


def need_details(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(code, title, body) of every need page; filled into one shared shell (site.need_pages)."""
    by_need: dict[str, list] = {}
    for m in catalog.matches:
        by_need.setdefault(m.need, []).append((m, catalog.by_code[m.record], reasons_on_need_page(m.reasons)))
    fields = need_fields(catalog)
    for need in catalog.needs:
        pub = public_need(need, catalog, [m for m, _, _ in by_need.get(need.code or "", [])])
        routed = route_need(catalog, need, fields)
        body = render(
            "need.html",
            need=need,
            pub=pub,
            matches=by_need.get(need.code or "", []),
            catalog=catalog,
            size_labels=SIZE_LABELS,
            desk=routed.desk,
            broker=public_broker(routed.broker, routed.desk) if routed.broker else None,
        )
        yield need.code or "", need.title, body


def need_pages(catalog: Catalog) -> list[Page]:
    """The needs list (its detail pages come from need_details)."""
    grouped = matches_by_need(catalog)
    pubs = [(need, public_need(need, catalog, grouped.get(need.code or "", []))) for need in catalog.needs]
    pages: list[Page] = []
    statuses = sorted({"expired" if n.expired else n.status for n in catalog.needs})
    filters = [
        ("city", "市州", [(c, cities()[c]) for c in sorted({n.city for n in catalog.needs})]),
        (
            "industry",
            "行业",
            [(s, INDUSTRY_SECTIONS.get(s, s)) for s in sorted({(n.industry or "")[:1] for n in catalog.needs} - {""})],
        ),
        ("status", "状态", [(s, "已过期" if s == "expired" else NEED_STATUS[s]) for s in statuses]),
    ]
    pages.append(Page("needs/index.md", "企业技术需求", render("needs_index.html", rows=pubs, filters=filters)))
    return pages
