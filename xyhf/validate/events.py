"""Rules for matchmaking events (catalog/events/) and the synonym table that a schema cannot express.
Pure: loaded sources in, diagnostics out; semantic rules run only on files whose schema passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from xyhf.errors import Diagnostic
from xyhf.search.tokens import normalize
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.base import diag, parse_day
from xyhf.validate.rules import check_file


def _known(loaded: LoadedCatalog, group: dict) -> dict[str, str]:
    """Code (or contract number) → status, of records, needs or deals."""
    out = {}
    for source in group.values():
        key = source.data.get("code") or source.data.get("contract_no")
        if isinstance(key, str):
            out[key] = str(source.data.get("status", ""))
    return out


def check_event(rel: str, source: Source, loaded: LoadedCatalog, today: dt.date) -> Iterator[Diagnostic]:
    data = source.data
    day = parse_day(data["date"])
    named = rel.split("/")[1][:10]
    if day and day.isoformat() != named:
        yield diag(source, ("date",), f"活动日期 {day} 与文件名中的日期 {named} 不一致：请改正其中之一。", "event.date")
    if "start" in data and "end" in data and data["end"] <= data["start"]:
        yield diag(source, ("end",), f"结束时间 {data['end']} 应晚于开始时间 {data['start']}。", "event.time")
    records, needs, deals = _known(loaded, loaded.records), _known(loaded, loaded.needs), _known(loaded, loaded.deals)
    for i, code in enumerate(data["records"]):
        if code not in records:
            yield diag(source, ("records", i), f"成果库中没有编码为 {code} 的成果：请从成果页面复制统一编码。", "event.record")
        elif records[code] == "withdrawn" and day and day >= today:
            yield diag(source, ("records", i), f"成果 {code} 已撤回，不能在对接会上展示：请从名单中删去。", "event.record")
    for i, code in enumerate(data.get("needs", [])):
        if code not in needs:
            yield diag(source, ("needs", i), f"没有编码为 {code} 的企业需求：请从需求页面复制需求编码。", "event.need")
    outcomes = data.get("outcomes")
    if outcomes and day and day > today:
        yield diag(source, ("outcomes",), f"活动在 {day} 举行，还没有成效可写：请在会后填写“活动成效”。", "event.outcomes")
    for i, contract in enumerate((outcomes or {}).get("deals", [])):
        if contract not in deals:
            yield diag(
                source,
                ("outcomes", "deals", i),
                f"没有合同编号为 {contract} 的成交记录：请先在 deals/ 中登记这份合同，再写入活动成效。",
                "event.deal",
            )


def check_synonyms(source: Source) -> Iterator[Diagnostic]:
    """A term may stand in one group only; otherwise two groups would silently merge."""
    seen: dict[str, int] = {}
    for g, group in enumerate(source.data.get("groups", [])):
        for t, term in enumerate(group):
            key = normalize(term)
            if key in seen and seen[key] != g:
                yield diag(
                    source,
                    ("groups", g, t),
                    f"“{term}”已在第 {seen[key] + 1} 组出现：一个词只能属于一个同义词组，请合并这两组或删去其一。",
                    "synonyms.duplicate",
                )
            seen.setdefault(key, g)
    yield from _check_variants(source, set(seen))


def _check_variants(source: Source, grouped: set[str]) -> Iterator[Diagnostic]:
    """A variant is replaced before anything is matched: one that is also a reviewed term (or a
    variant of itself) would silently take that term out of search and matching."""
    variants = source.data.get("variants", {}) or {}
    for wrong, right in variants.items():
        if normalize(wrong) in grouped:
            yield diag(
                source,
                ("variants", wrong),
                f"“{wrong}”已是同义词组里的词，不能再作为错别字或异体写法：请从 variants 中删去这一行，或从同义词组中删去这个词。",
                "synonyms.variant_is_term",
            )
        elif normalize(wrong) == normalize(right) or normalize(wrong) in normalize(right):
            yield diag(
                source,
                ("variants", wrong),
                f"“{wrong}”是“{right}”的一部分：替换后，原本写对的“{right}”也会被改坏。variants 只放错别字或异体写法本身，请删去这一行。",
                "synonyms.variant_loops",
            )


def validate_events(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rel, source in sorted(loaded.events.items()):
        out.extend(check_file("event", source) or check_event(rel, source, loaded, today))
    if loaded.synonyms is not None:
        out.extend(check_file("synonyms", loaded.synonyms) or check_synonyms(loaded.synonyms))
    return out
