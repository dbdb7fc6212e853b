"""The follow-up log (跟踪服务) as typed objects: catalog/followups/<station city>/<yyyy>.yaml.

Entries are appended, never edited (validate/policy.py enforces it against a git base)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NextStep:
    date: str
    text: str


@dataclass(frozen=True)
class FollowUp:
    station: str  # the station's 市州 code (the file's folder)
    path: str  # followups/<city>/<yyyy>.yaml
    index: int  # position in the file's entries
    date: str
    broker: str  # broker id of that station
    action: str  # call, visit, event, recommend, signed
    outcome: str
    need: str | None = None  # need code
    record: str | None = None  # record code
    next: NextStep | None = None

    @property
    def subject(self) -> str:
        """The code followed up: the need's or the record's."""
        return self.need or self.record or ""


def followups_from(path: str, data: dict[str, Any]) -> list[FollowUp]:
    station = path.split("/")[1]
    out = []
    for i, e in enumerate(data.get("entries") or []):
        nxt = e.get("next")
        out.append(
            FollowUp(
                station,
                path,
                i,
                e["date"],
                e["broker"],
                e["action"],
                e["outcome"],
                e.get("need"),
                e.get("record"),
                NextStep(nxt["date"], nxt["text"]) if nxt else None,
            )
        )
    return out
