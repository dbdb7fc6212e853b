"""Rules for the follow-up log (跟踪服务, catalog/followups/<station city>/<yyyy>.yaml) that a schema
cannot express: the folder names a station, each entry's broker belongs to it, names one existing need
or record, is dated in the file's year, not in the future and not before the entry above it.
Pure: loaded sources in, diagnostics out; entry rules run only on files whose schema passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from xyhf.errors import Diagnostic
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.rules import check_file, diag, parse_day
from xyhf.validate.stations import station_entries


def _codes(group: dict[str, Source]) -> set[str]:
    return {code for s in group.values() if isinstance(s.data, dict) and isinstance(code := s.data.get("code"), str)}


def _brokers_by_station(loaded: LoadedCatalog) -> dict[str, list[str]]:
    """Station city → its broker ids (only well-formed entries; the stations schema reports the rest)."""
    out: dict[str, list[str]] = {}
    for station in station_entries(loaded):
        brokers = station.get("brokers") if isinstance(station.get("brokers"), list) else []
        ids = [b["id"] for b in brokers if isinstance(b, dict) and isinstance(b.get("id"), str)]
        if isinstance(station.get("city"), str):
            out.setdefault(station["city"], ids)
    return out


def _check_subject(source: Source, i: int, entry: dict, needs: set[str], records: set[str]) -> Iterator[Diagnostic]:
    if ("need" in entry) == ("record" in entry):
        fix = "同一次走访涉及两项，请分成两条记录。" if "need" in entry else "请补上跟踪的是哪一项。"
        message = f"每条跟踪记录写一个对象：企业需求写 need（需求编码），科技成果写 record（统一编码），二者选一。{fix}"
        yield diag(source, ("entries", i), message, "followup.subject")
    elif "need" in entry and entry["need"] not in needs:
        message = f"没有编码为 {entry['need']} 的企业需求：请从需求页面复制需求编码。"
        yield diag(source, ("entries", i, "need"), message, "followup.code")
    elif "record" in entry and entry["record"] not in records:
        message = f"成果库中没有编码为 {entry['record']} 的成果：请从成果页面复制统一编码。"
        yield diag(source, ("entries", i, "record"), message, "followup.code")


def _check_dates(source: Source, i: int, entry: dict, year: int, previous, today: dt.date) -> Iterator[Diagnostic]:
    day = parse_day(entry["date"])
    if day is None:
        return
    if day > today:
        yield diag(source, ("entries", i, "date"), f"跟踪日期 {day} 晚于今天（{today}）：只记录已经发生的事。", "followup.date")
    if day.year != year:
        message = f"跟踪日期 {day} 不在 {year} 年：{day.year} 年的记录请写在 {day.year}.yaml 里。"
        yield diag(source, ("entries", i, "date"), message, "followup.year")
    if previous is not None and day < previous:
        message = f"跟踪日期 {day} 早于上一条的 {previous}：记录按日期先后排列，请把这条移到日期正确的位置（补记的旧事也按实际日期排）。"
        yield diag(source, ("entries", i, "date"), message, "followup.order")
    planned = parse_day((entry.get("next") or {}).get("date"))
    if planned is not None and planned < day:
        message = f"下一步的计划日期 {planned} 早于本次跟踪日期 {day}，请核对。"
        yield diag(source, ("entries", i, "next", "date"), message, "followup.next")


def check_followups(rel: str, source: Source, loaded: LoadedCatalog, today: dt.date) -> Iterator[Diagnostic]:
    city, year = rel.split("/")[1], int(rel.split("/")[2][:4])
    stations = _brokers_by_station(loaded)
    if city not in stations:
        message = (
            f"市州 {city} 没有工作站（stations.yaml）：跟踪服务记录放在所属工作站的目录下，"
            "如 followups/430100/2026.yaml；没有工作站的市州请交成果库办公室汇总。"
        )
        yield diag(source, (), message, "followup.station")
        return
    needs, records = _codes(loaded.needs), _codes(loaded.records)
    previous: dt.date | None = None
    for i, entry in enumerate(source.data["entries"]):
        if entry["broker"] not in stations[city]:
            known = "、".join(stations[city]) or "（本工作站尚未登记技术经理人）"
            message = f"本工作站没有编号为 {entry['broker']} 的技术经理人：可用 {known}。新来的技术经理人请先加到 stations.yaml。"
            yield diag(source, ("entries", i, "broker"), message, "followup.broker")
        yield from _check_subject(source, i, entry, needs, records)
        yield from _check_dates(source, i, entry, year, previous, today)
        previous = max(filter(None, (previous, parse_day(entry["date"]))), default=None)


def validate_followups(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rel, source in sorted(loaded.followups.items()):
        out.extend(check_file("followups", source) or check_followups(rel, source, loaded, today))
    return out
