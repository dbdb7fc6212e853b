"""The stations page (stations/): the office and every 市州 station with its public contacts, the
cities and technology fields it serves, its brokers (技术经理人, named only with consent), its open
needs and its follow-up service (跟踪服务): follow-ups this month, introductions made and the deals
that followed (definitions in xyhf/followups.py). Pure: catalog in, Page out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.labels import FOLLOWUP_ACTION_LABELS
from xyhf.followups import DEALS_DEFINITION, INTRODUCTIONS_DEFINITION, StationFigures, station_figures
from xyhf.model.records import Catalog
from xyhf.model.followups import FollowUp
from xyhf.model.stations import Desk, desk_for
from xyhf.render.records.pages import Page
from xyhf.render.base.templating import render
from xyhf.views import public_broker


@dataclass(frozen=True)
class FollowUpRow:
    date: str
    action: str  # Chinese label
    kind: str  # "need" or "record": the page the code links to
    code: str
    title: str
    outcome: str
    next_step: str
    broker: str  # the broker's public name


@dataclass(frozen=True)
class DeskRow:
    desk: Desk
    served: list[str]
    fields: list[str]
    brokers: list[dict]  # views.public_broker, plus "fields"
    figures: StationFigures
    this_month: list[FollowUpRow]


def _row(catalog: Catalog, desk: Desk, entry: FollowUp) -> FollowUpRow:
    brokers = {b.id: b for b in desk.brokers}
    if entry.need:
        need = next((n for n in catalog.needs if n.code == entry.need), None)
        kind, title = "need", need.title if need else entry.need
    else:
        record = catalog.by_code.get(entry.record or "")
        kind, title = "record", record.title if record else entry.subject
    nxt = f"{entry.next.date} {entry.next.text}" if entry.next else ""
    broker = public_broker(brokers[entry.broker], desk)["name"] if entry.broker in brokers else ""
    return FollowUpRow(entry.date, FOLLOWUP_ACTION_LABELS[entry.action], kind, entry.subject, title, entry.outcome, nxt, broker)


def desk_rows(catalog: Catalog, today: dt.date) -> list[DeskRow]:
    names = {f.id: f.name_zh for f in tech_fields().values()}
    rows = []
    for desk in catalog.desks:
        figures = station_figures(catalog, desk, today)
        brokers = [
            {**public_broker(b, desk), "fields": "、".join(names[f] for f in b.fields if f in names)} for b in desk.brokers
        ]
        rows.append(
            DeskRow(
                desk,
                [cities()[c] for c in desk.cities],
                [names[f] for f in desk.fields if f in names],
                brokers,
                figures,
                [_row(catalog, desk, e) for e in figures.this_month],
            )
        )
    return rows


def stations_page(catalog: Catalog) -> Page:
    today = dt.date.fromisoformat(catalog.today) if catalog.today else dt.date.today()
    by_city = [(code, name, desk_for(catalog.desks, code)) for code, name in cities().items()]
    body = render(
        "stations.html",
        rows=desk_rows(catalog, today),
        by_city=by_city,
        month=f"{today.year} 年 {today.month} 月",
        deals_definition=DEALS_DEFINITION,
        introductions_definition=INTRODUCTIONS_DEFINITION,
        titles={r.code: r.title for r in catalog.records if r.code},
    )
    return Page("stations/index.md", "联系工作站", body)


def station_pages(catalog: Catalog) -> list[Page]:
    """The stations page and every city's printable kit (render/needs/city_kit.py)."""
    from xyhf.render.needs.city_kit import kit_pages

    return [stations_page(catalog), *kit_pages(catalog)]
