"""Enterprise-need pages: the list (filters by city, industry section, status) and one page per need
with its ranked matches and the reasons for each. Pure: catalog in, Pages out."""

from __future__ import annotations

from xyhf.domain.classify import cities
from xyhf.model import Catalog
from xyhf.render.pages import Page
from xyhf.render.templating import render
from xyhf.views import NEED_STATUS, SIZE_LABELS, public_need

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


def need_pages(catalog: Catalog) -> list[Page]:
    pubs = [(need, public_need(need, catalog)) for need in catalog.needs]
    pages = []
    for need, pub in pubs:
        matches = [(m, catalog.by_code[m.record]) for m in catalog.matches if m.need == need.code]
        body = render("need.html", need=need, pub=pub, matches=matches, catalog=catalog, size_labels=SIZE_LABELS)
        pages.append(Page(f"needs/{need.code}.md", need.title, body))
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
