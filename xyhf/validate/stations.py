"""The office and the stations: every 市州 has somewhere to send a submission or a question.

Schema findings for catalog.yaml come from catalog.py and for stations.yaml from needs.py; this adds
what a schema cannot say: one station per city, all 14 cities served by a station or the office, and
each broker (技术经理人) with a unique id serving only cities its station serves.
"""

from __future__ import annotations

from collections.abc import Iterator

from xyhf.domain.classify import cities
from xyhf.errors import Diagnostic
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.rules import diag


def station_entries(loaded: LoadedCatalog) -> list:
    data = loaded.stations.data if loaded.stations else None
    value = data.get("stations") if isinstance(data, dict) else None
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def _served(entry: dict) -> list[str]:
    serves = entry.get("serves")
    listed = serves.get("cities") if isinstance(serves, dict) else None
    return [c for c in listed if isinstance(c, str)] if isinstance(listed, list) else []


def check_destinations(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    settings = loaded.settings.data if loaded.settings and isinstance(loaded.settings.data, dict) else {}
    office = settings.get("office") if isinstance(settings.get("office"), dict) else None
    stations = station_entries(loaded)
    if office is None and not stations:
        return  # a catalog that names no destination at all (a test fixture): nothing to cover
    names = cities()
    seen: dict[str, int] = {}
    for i, station in enumerate(stations):
        city = station.get("city")
        if not isinstance(city, str) or city not in names:
            continue  # the schema reports it
        if city in seen and loaded.stations is not None:
            yield diag(
                loaded.stations,
                ("stations", i, "city"),
                f"{names[city]}（{city}）已有工作站（第 {seen[city] + 1} 个）：每个市州至多一个工作站，请合并为一项。",
                "stations.duplicate",
            )
        seen.setdefault(city, i)
    served = set(seen) | {c for s in stations for c in _served(s)} | set(_served(office or {}))
    missing = [c for c in names if c not in served]
    if not missing:
        return
    listed = "、".join(f"{names[c]}（{c}）" for c in missing)
    fix = "请把这些市州代码加到 catalog.yaml 的 office.serves.cities，或在 stations.yaml 为它们设工作站"
    if office is not None and loaded.settings is not None:
        path: tuple = ("office", "serves", "cities") if _served(office) else ("office",)
        yield diag(
            loaded.settings, path, f"以下市州没有工作站，也不在成果库办公室的服务范围内：{listed}。{fix}。", "stations.cover"
        )
    elif loaded.stations is not None:
        yield diag(
            loaded.stations,
            ("stations",),
            f"以下市州没有工作站，而成果库没有登记办公室（catalog.yaml 的 office）：{listed}。{fix}。",
            "stations.cover",
        )


def _brokers(entry: dict) -> list[tuple[int, dict]]:
    value = entry.get("brokers")
    return [(i, b) for i, b in enumerate(value) if isinstance(b, dict)] if isinstance(value, list) else []


def check_brokers(loaded: LoadedCatalog) -> Iterator[Diagnostic]:
    """Broker ids are unique across the office and all stations (follow-up entries name them), and a
    broker serves only cities of their own station (or of the office)."""
    settings = loaded.settings.data if loaded.settings and isinstance(loaded.settings.data, dict) else {}
    office = settings.get("office") if isinstance(settings.get("office"), dict) else None
    desks: list[tuple[Source | None, tuple, dict, set[str]]] = []
    if office is not None:
        desks.append((loaded.settings, ("office",), office, set(_served(office))))
    for i, station in enumerate(station_entries(loaded)):
        own = {station["city"]} if isinstance(station.get("city"), str) else set()
        desks.append((loaded.stations, ("stations", i), station, own | set(_served(station))))
    seen: dict[str, str] = {}
    names = cities()
    for source, at, desk, served in desks:
        if source is None:
            continue
        for j, broker in _brokers(desk):
            where = (*at, "brokers", j)
            bid = broker.get("id")
            if isinstance(bid, str) and bid in seen:
                message = f"技术经理人编号 {bid} 已被{seen[bid]}使用：编号在全省唯一（跟踪记录靠它找人），请换一个，如 {bid}-2。"
                yield diag(source, (*where, "id"), message, "stations.broker_id")
            elif isinstance(bid, str):
                seen[bid] = str(desk.get("name", ""))
            value = broker.get("cities")
            listed: list = value if isinstance(value, list) else []
            for k, city in enumerate(listed):
                if isinstance(city, str) and city in names and city not in served:
                    message = (
                        f"技术经理人服务的市州 {names[city]}（{city}）不在本工作站的服务范围内："
                        "请删去这个市州，或先把它加到工作站的 serves.cities。"
                    )
                    yield diag(source, (*where, "cities", k), message, "stations.broker_city")
