"""The stations page (stations/): the office and every 市州 station with its public contacts, the
cities and technology fields it serves, and its open needs. Pure: catalog in, Page out."""

from __future__ import annotations

from xyhf.domain.classify import cities, tech_fields
from xyhf.model.records import Catalog
from xyhf.model.stations import desk_for
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render


def open_needs_by_desk(catalog: Catalog) -> dict[str, list]:
    """Desk name → the open, unexpired needs of the cities it serves (newest first)."""
    out: dict[str, list] = {d.name: [] for d in catalog.desks}
    for need in catalog.needs:
        desk = desk_for(catalog.desks, need.city)
        if desk is not None and need.status == "open" and not need.expired:
            out[desk.name].append(need)
    return out


def stations_page(catalog: Catalog) -> Page:
    names = {f.id: f.name_zh for f in tech_fields().values()}
    needs = open_needs_by_desk(catalog)
    rows = [
        (desk, [cities()[c] for c in desk.cities], [names[f] for f in desk.fields if f in names], needs[desk.name])
        for desk in catalog.desks
    ]
    by_city = [(code, name, desk_for(catalog.desks, code)) for code, name in cities().items()]
    body = render("stations.html", rows=rows, by_city=by_city)
    return Page("stations/index.md", "联系工作站", body)


def station_pages(catalog: Catalog) -> list[Page]:
    """The stations page and every city's printable kit (render/needs/city_kit.py)."""
    from xyhf.render.needs.city_kit import kit_pages

    return [stations_page(catalog), *kit_pages(catalog)]
