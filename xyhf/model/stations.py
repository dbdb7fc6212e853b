"""Where a visitor's task ends: the provincial office and the 市州 stations, with their public contacts.

catalog.yaml `office` and catalog/stations.yaml (DATA-MODEL "Office and stations"). Every page that
sends someone somewhere (the submit forms' e-mail, the stations page, the city kits) asks `desk_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OFFICE = ""  # the office's `city`: it has none, it serves the cities without a station


@dataclass(frozen=True)
class Broker:
    """A 技术经理人 of a station (or the office). Name, phone and e-mail reach the site only with
    publish_contact (views.public_broker)."""

    id: str
    name: str
    title: str | None  # 职称, optional
    cities: tuple[str, ...]
    fields: tuple[int, ...]
    phone: str | None
    email: str | None
    publish_contact: bool


def broker_from_dict(d: dict[str, Any]) -> Broker:
    contact = d.get("contact") or {}
    return Broker(
        d["id"],
        d["name"],
        d.get("title"),
        tuple(d.get("cities", ())),
        tuple(d.get("fields", ())),
        contact.get("phone"),
        contact.get("email"),
        bool(d.get("publish_contact", False)),
    )


@dataclass(frozen=True)
class Desk:
    name: str
    city: str  # the station's 市州 code; OFFICE for the office
    maintainers: tuple[str, ...]
    phone: str
    email: str
    address: str | None
    hours: str | None
    cities: tuple[str, ...]  # served, the station's own city first
    fields: tuple[int, ...]
    brokers: tuple[Broker, ...] = ()

    @property
    def is_office(self) -> bool:
        return self.city == OFFICE


def desk_from_dict(d: dict[str, Any], city: str = OFFICE) -> Desk:
    contact, serves = d.get("contact") or {}, d.get("serves") or {}
    served = [city] if city else []
    served += [c for c in serves.get("cities", []) if c not in served]
    return Desk(
        d["name"],
        city,
        tuple(d.get("maintainers", ())),
        contact.get("phone", ""),
        contact.get("email", ""),
        contact.get("address"),
        contact.get("hours"),
        tuple(served),
        tuple(serves.get("fields", ())),
        tuple(broker_from_dict(b) for b in d.get("brokers", ())),
    )


def desks_of(office: dict[str, Any] | None, stations: list[dict[str, Any]]) -> tuple[Desk, ...]:
    """The office first (when declared), then the stations by city code."""
    out = [desk_from_dict(office)] if office else []
    out += sorted((desk_from_dict(s, s["city"]) for s in stations), key=lambda d: d.city)
    return tuple(out)


def desk_for(desks: tuple[Desk, ...], city: str) -> Desk | None:
    """The desk a holder or firm of `city` submits to: its city's station, else a station that
    serves the city, else the office."""
    stations = [d for d in desks if not d.is_office]
    for desk in stations:
        if desk.city == city:
            return desk
    for desk in stations:
        if city in desk.cities:
            return desk
    return next((d for d in desks if d.is_office), None)


def broker_for(desk: Desk | None, city: str, field: int | None) -> Broker | None:
    """The broker of `desk` who takes a need or record of `city` in technology `field`: among the
    desk's brokers serving the city, the first (in file order) who also serves the field, else the
    first serving the city; None when no broker serves the city (the desk itself then answers)."""
    if desk is None:
        return None
    local = [b for b in desk.brokers if city in b.cities]
    return next((b for b in local if field is not None and field in b.fields), local[0] if local else None)


@dataclass(frozen=True)
class Route:
    """Who follows up a need or record: the desk of its city and, where one serves it, the broker."""

    desk: Desk | None
    broker: Broker | None


def route(desks: tuple[Desk, ...], city: str, field: int | None) -> Route:
    desk = desk_for(desks, city)
    return Route(desk, broker_for(desk, city, field))
