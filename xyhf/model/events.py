"""Typed matchmaking events (专场对接会, 成果路演)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outcomes:
    summary: str
    attendance: int | None
    intentions: int | None
    deals: tuple[str, ...]  # contract numbers


@dataclass(frozen=True)
class Event:
    path: str
    slug: str  # the file name without .yaml: <yyyy-mm-dd>-<slug>, the page address
    title: str
    date: str
    kind: str
    city: str
    venue: str
    host: str
    records: tuple[str, ...]
    needs: tuple[str, ...] = ()
    fields: tuple[int, ...] = ()
    start: str | None = None
    end: str | None = None
    signup: str | None = None
    outcomes: Outcomes | None = None

    def is_past(self, today_iso: str) -> bool:
        return self.date < today_iso


def event_from_dict(path: str, d: dict[str, Any]) -> Event:
    o = d.get("outcomes")
    return Event(
        path=path,
        slug=path.rsplit("/", 1)[-1].removesuffix(".yaml"),
        title=d["title"],
        date=d["date"],
        kind=d["kind"],
        city=d["city"],
        venue=d["venue"],
        host=d["host"],
        records=tuple(d["records"]),
        needs=tuple(d.get("needs", ())),
        fields=tuple(d.get("fields", ())),
        start=d.get("start"),
        end=d.get("end"),
        signup=d.get("signup"),
        outcomes=Outcomes(o["summary"], o.get("attendance"), o.get("intentions"), tuple(o.get("deals", ()))) if o else None,
    )
