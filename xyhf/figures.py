"""The headline counts, one definition and one function each, for every page, chart and workbook.

已发布成果 (published): records with a unified code that are not withdrawn — available, negotiating
or licensed. A withdrawn record keeps its code and page but is not counted. 可转化 (available) is the
part of them open to a new licensee today. Per city and per holder count published records.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from xyhf.model.records import Catalog, Record

PUBLISHED_DEFINITION = "已发布成果：已签发统一编码、未撤回的成果（可转化、洽谈中和已许可），已撤回的不计入"
AVAILABLE_DEFINITION = "可转化成果：已发布成果中状态为“可转化”的"
TARGET = 2500  # published records by the end of 2028: the provincial plan's target


def published(catalog: Catalog) -> list[Record]:
    """Published records, newest first (the order of Catalog.published)."""
    return [r for r in catalog.published() if r.status != "withdrawn"]


def published_count(catalog: Catalog) -> int:
    return len(published(catalog))


def withdrawn_count(catalog: Catalog) -> int:
    return sum(1 for r in catalog.published() if r.status == "withdrawn")


def available_count(catalog: Catalog) -> int:
    return sum(1 for r in published(catalog) if r.status == "available")


def per_city(catalog: Catalog) -> Counter:
    """City code → published records of the holders in that city."""
    return Counter(r.derived.city for r in published(catalog))


def per_holder(catalog: Catalog) -> Counter:
    """Holder id → its published records."""
    return Counter(r.holder for r in published(catalog))


def open_need_count_by_city(catalog: Catalog) -> Counter:
    """City code → needs open to offers today (open, not expired)."""
    return Counter(n.city for n in catalog.needs if n.status == "open" and not n.expired)


def city_summary(catalog: Catalog) -> list[dict]:
    """One row per 市州 (all 14, in code order) and a 合计 row (`_total`): the per-city summary sheet."""
    from xyhf.domain.classify import cities

    shown, needs = per_city(catalog), open_need_count_by_city(catalog)
    available = Counter(r.derived.city for r in published(catalog) if r.status == "available")
    deals = Counter(d.licensee.city for d in catalog.deals)
    rows: list[dict[str, Any]] = [
        {
            "city_name": name,
            "city": code,
            "published": shown[code],
            "available": available[code],
            "needs_open": needs[code],
            "deals": deals[code],
        }
        for code, name in cities().items()
    ]
    total = {"city_name": "合计", "city": "", "_total": True}
    total.update({k: sum(int(r[k]) for r in rows) for k in ("published", "available", "needs_open", "deals")})
    return [*rows, total]
