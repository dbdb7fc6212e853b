"""跟踪服务: who follows up a need or record, and each station's follow-up figures — one definition
each, for the need pages, the stations page and `xyhf reminders`. Pure: catalog and date in.

Routing: a need or record goes to the desk of its city (model_stations.desk_for: the city's station,
else a station serving it, else the office) and, within it, to the broker serving that city, preferring
one who serves its technology field (a record's derived field; a need's is that of its best match).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xyhf.model.records import Catalog, Record
from xyhf.model.followups import FollowUp
from xyhf.model.needs import Need
from xyhf.model.stations import Desk, Route, route

STALE_DAYS = 30  # an open need with no follow-up for this long is listed by `xyhf reminders`
DEALS_DEFINITION = (
    "跟进后成交：合同涉及的成果或对应的需求，在签约日期当天或之前有本工作站的跟踪记录（电话、走访、对接会、推荐成果或签约）"
)
INTRODUCTIONS_DEFINITION = "推荐成果：本工作站跟踪记录中“推荐成果”的次数（累计）"


def need_fields(catalog: Catalog) -> dict[str, int | None]:
    """Need code → its technology field: that of its best-ranked matched record (one pass; matches
    are in rank order). A need without matches has no field."""
    out: dict[str, int | None] = {}
    for match in catalog.matches:
        if match.need not in out and match.record in catalog.by_code:
            out[match.need] = catalog.by_code[match.record].derived.tech_field
    return out


def route_need(catalog: Catalog, need: Need, fields: dict[str, int | None] | None = None) -> Route:
    field = (fields if fields is not None else need_fields(catalog)).get(need.code or "")
    return route(catalog.desks, need.city, field)


def route_record(catalog: Catalog, record: Record) -> Route:
    return route(catalog.desks, record.derived.city, record.derived.tech_field)


def open_needs(catalog: Catalog) -> list:
    """Needs a station works on: open and not past their expiry (newest first)."""
    return [n for n in catalog.needs if n.status == "open" and not n.expired]


@dataclass(frozen=True)
class StationFigures:
    open_needs: tuple  # model_needs.Need routed to this desk
    this_month: tuple[FollowUp, ...]  # entries dated in the month of `today`, newest first
    introductions: int  # recommend entries, all time
    deals: tuple  # model_deals.Deal that followed a follow-up (DEALS_DEFINITION)


def followed_deals(catalog: Catalog, entries: list[FollowUp]) -> tuple:
    first: dict[str, str] = {}
    for entry in entries:  # date order: the first follow-up of each code
        first.setdefault(entry.subject, entry.date)
    out = []
    for deal in catalog.deals:
        codes = [*deal.records, *([deal.need] if deal.need else [])]
        if any(code in first and first[code] <= deal.signed_on for code in codes):
            out.append(deal)
    return tuple(out)


def station_figures(catalog: Catalog, desk: Desk, today: dt.date) -> StationFigures:
    entries = [f for f in catalog.followups if f.station == desk.city and not desk.is_office]
    month = today.isoformat()[:7]
    fields = need_fields(catalog)
    needs = [n for n in open_needs(catalog) if (d := route_need(catalog, n, fields).desk) is not None and d.name == desk.name]
    return StationFigures(
        tuple(needs),
        tuple(reversed([f for f in entries if f.date[:7] == month])),
        sum(1 for f in entries if f.action == "recommend"),
        followed_deals(catalog, entries),
    )


def last_followed(catalog: Catalog) -> dict[str, str]:
    """Code → the date of its latest follow-up (any station)."""
    out: dict[str, str] = {}
    for entry in catalog.followups:  # date order
        out[entry.subject] = entry.date
    return out


@dataclass(frozen=True)
class StaleNeed:
    need: Need
    since: str  # the date counted from
    followed: bool  # False: never followed up, counted from the listing date
    route: Route


def stale_needs(catalog: Catalog, today: dt.date) -> list[StaleNeed]:
    """Open needs not followed up for STALE_DAYS, counted from the latest follow-up, or from the
    listing date for a need never followed up (a need listed last week is not yet overdue)."""
    last, fields = last_followed(catalog), need_fields(catalog)
    out = []
    for need in open_needs(catalog):
        followed = last.get(need.code or "")
        since = max(followed or "", need.listed_on)
        if (today - dt.date.fromisoformat(since)).days >= STALE_DAYS:
            out.append(StaleNeed(need, since, followed is not None, route_need(catalog, need, fields)))
    return out
