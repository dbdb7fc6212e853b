"""The office and the stations: every 市州 has somewhere to send a submission or a question.

Schema findings for catalog.yaml come from catalog.py and for stations.yaml from needs.py; this adds
what a schema cannot say: one station per city, and all 14 cities served by a station or the office.
"""

from __future__ import annotations

from collections.abc import Iterator

from xyhf.domain.classify import cities
from xyhf.errors import Diagnostic
from xyhf.source.discover import LoadedCatalog
from xyhf.validate.base import diag


def _stations(loaded: LoadedCatalog) -> list:
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
    stations = _stations(loaded)
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
