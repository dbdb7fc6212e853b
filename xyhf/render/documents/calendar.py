"""iCalendar (RFC 5545) files of milestone due dates: one per deal, one per holder, so a technology-
transfer office (or the licensee) sees the coming payments in its own calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from xyhf.domain.labels import MILESTONE_LABELS
from xyhf.model.records import Catalog
from xyhf.domain.contracts import contract_slug as case_slug

PRODID = "-//Hunan XYHF catalog//deal due dates//ZH"
NODE_NAMES = {**MILESTONE_LABELS, "lump_sum": "一次性总付", "deferred": "转化费用"}


def ical_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11)."""
    out = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    parts, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            parts.append(current)
            current = " " + ch
        else:
            current += ch
    parts.append(current)
    return "\r\n".join(parts)


UNTIMED_HOURS = 2  # an event with a start time and no end: a half-day session, so DTEND is later than DTSTART


def event_times(day: dt.date, start: str | None = None, end: str | None = None) -> list[str]:
    """DTSTART and DTEND of an event on `day` (RFC 5545 §3.6.1: DTEND is later than DTSTART). An all-day
    event ends the next day; a timed one at `end` (HH:MM), or UNTIMED_HOURS after `start` without one."""
    if not start:
        return [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}"]
    begins = dt.datetime.combine(day, dt.time.fromisoformat(start))
    ends = dt.datetime.combine(day, dt.time.fromisoformat(end)) if end else begins
    if ends <= begins:
        ends = begins + dt.timedelta(hours=UNTIMED_HOURS)
    return [f"DTSTART:{begins:%Y%m%dT%H%M%S}", f"DTEND:{ends:%Y%m%dT%H%M%S}"]


def node_name(node: str) -> str:
    """A payment node's Chinese name: milestone labels, the deferred lump sum, or an installment."""
    return NODE_NAMES.get(node, "分期付款" if node.startswith("installment") else node)


def _events(deal, stamp: str) -> list[list[str]]:
    slug = case_slug(deal.contract_no)
    events = []
    for node in deal.state.milestones:
        if node.due_on is None or node.waived or node.paid_cny >= node.amount_cny or deal.state.terminated:
            continue
        name = node_name(node.node)
        amount = f" {node.amount_cny - node.paid_cny:,} 元" if deal.amount_disclosed else ""
        events.append(
            [
                "BEGIN:VEVENT",
                f"UID:{slug}-{node.node}@xyhf",
                f"DTSTAMP:{stamp}",
                *event_times(node.due_on),
                f"SUMMARY:{ical_text(f'先用后付应付：{name}{amount}（合同 {deal.contract_no}）')}",
                f"DESCRIPTION:{ical_text(f'承接方：{deal.licensee.name}。到期未付时，请在合同文件中追加履约记录。')}",
                "END:VEVENT",
            ]
        )
    return events


def fold_lines(lines: list[str]) -> bytes:
    """Content lines folded and CRLF-terminated, as RFC 5545 wants them."""
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


def _calendar(name: str, events: list[list[str]]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{ical_text(name)}"]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return fold_lines(lines)


def render_calendars(catalog: Catalog, updated: str) -> Iterator[tuple[str, bytes]]:
    stamp = updated.replace("-", "") + "T000000Z"  # from the data, so rebuilds are identical
    by_holder: dict[str, list[list[str]]] = {}
    for deal in catalog.deals:
        events = _events(deal, stamp)
        by_holder.setdefault(deal.holder, []).extend(events)
        yield f"calendar/deal/{case_slug(deal.contract_no)}.ics", _calendar(f"合同 {deal.contract_no} 付款节点", events)
    for holder_id, events in sorted(by_holder.items()):
        yield f"calendar/holder/{holder_id}.ics", _calendar(f"{catalog.holders[holder_id].name} 先用后付应收", events)
