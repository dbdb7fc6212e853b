"""A broker's city kit: for each 市州, a printable sheet (stations/<city>/) and its workbook
(stations/<city>/kit-<city>.xlsx) — every open need of the city with its top matches' titles, holders
and public contacts, and the station's (or office's) own contact. Matches are read from the catalog's
Match objects as ranked by the matcher. Pure: catalog in, Pages and bytes out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xyhf.domain.classify import cities
from xyhf.model.records import Catalog
from xyhf.model.needs import Need
from xyhf.model.stations import Desk, desk_for
from xyhf.render.base.columns import Column
from xyhf.render.base.page import Page
from xyhf.render.base.templating import render
from xyhf.views import matches_by_need, public_contact, public_need

TOP = 3  # matches per need on the sheet


@dataclass(frozen=True)
class KitEntry:
    need: Need
    pub: dict  # public_need: the firm's contact only with consent
    matches: list  # (Match, Record, public contact dict)


def kit_entries(catalog: Catalog, city: str, top: int = TOP, grouped: dict[str, list] | None = None) -> list[KitEntry]:
    """`grouped`: matches_by_need(catalog), passed in when every city's kit is made (one grouping, not fourteen)."""
    grouped = matches_by_need(catalog) if grouped is None else grouped
    out = []
    for need in catalog.needs:  # newest first
        if need.city != city or need.status != "open" or need.expired:
            continue
        ranked = grouped.get(need.code or "", [])
        chosen = [m for m in ranked if m.record in catalog.by_code][:top]
        rows = []
        for match in chosen:
            record = catalog.by_code[match.record]
            rows.append((match, record, public_contact(record, catalog.holders[record.holder])))
        out.append(KitEntry(need, public_need(need, catalog, ranked), rows))
    return out


def kit_pages(catalog: Catalog) -> list[Page]:
    pages = []
    grouped = matches_by_need(catalog)
    for code, name in cities().items():
        desk = desk_for(catalog.desks, code)
        entries = kit_entries(catalog, code, grouped=grouped)
        body = render("city_kit.html", city=code, city_name=name, desk=desk, entries=entries, top=TOP)
        pages.append(Page(f"stations/{code}.md", f"{name}需求对接清单", body))
    return pages


KIT_COLUMNS = [
    Column("need_code", "需求编码"),
    Column("need_title", "需求名称"),
    Column("enterprise", "需求企业"),
    Column("need_contact", "企业联系人"),
    Column("goal", "期望指标"),
    Column("expires_on", "有效期至", "date"),
    Column("rank", "匹配排名", "integer"),
    Column("record_code", "成果统一编码"),
    Column("record_title", "成果名称"),
    Column("holder", "持有方"),
    Column("contact_name", "成果联系人"),
    Column("contact_phone", "电话"),
    Column("contact_email", "电子邮箱"),
    Column("reasons", "匹配理由"),
]
DESK_COLUMNS = [
    Column("name", "工作站"),
    Column("cities", "服务市州"),
    Column("phone", "电话"),
    Column("email", "电子邮箱"),
    Column("address", "地址"),
    Column("hours", "办公时间"),
]


def kit_rows(entries: list[KitEntry]) -> list[dict]:
    rows = []
    for entry in entries:
        need, contact = entry.need, entry.pub.get("contact") or {}
        base: dict[str, object] = {
            "need_code": need.code,
            "need_title": need.title,
            "enterprise": need.enterprise.name,
            "need_contact": "，".join(v for v in (contact.get("name"), contact.get("phone"), contact.get("email")) if v),
            "goal": need.goal,
            "expires_on": need.expires_on,
        }
        if not entry.matches:
            rows.append({**base, "record_title": "暂无匹配的成果"})
        for rank, (match, record, who) in enumerate(entry.matches, 1):
            rows.append(
                {
                    **base,
                    "rank": rank,
                    "record_code": record.code,
                    "record_title": record.title,
                    "holder": who.get("organization"),
                    "contact_name": who.get("name"),
                    "contact_phone": who.get("phone"),
                    "contact_email": who.get("email"),
                    "reasons": "；".join(match.reasons),
                }
            )
    return rows


def desk_row(desk: Desk | None) -> list[dict]:
    if desk is None:
        return []
    names = cities()
    return [
        {
            "name": desk.name,
            "cities": "、".join(names[c] for c in desk.cities if c in names),
            "phone": desk.phone,
            "email": desk.email,
            "address": desk.address,
            "hours": desk.hours,
        }
    ]


def kit_files(catalog: Catalog, epoch: int) -> Iterator[tuple[str, bytes]]:
    from xyhf.render.base.formats import render_xlsx

    grouped = matches_by_need(catalog)
    for code, name in cities().items():
        sheets = [
            ("kit", f"{name}需求对接清单"[:31], KIT_COLUMNS, kit_rows(kit_entries(catalog, code, grouped=grouped))),
            ("desk", "工作站联系方式", DESK_COLUMNS, desk_row(desk_for(catalog.desks, code))),
        ]
        yield f"stations/{code}/kit-{code}.xlsx", render_xlsx(sheets, epoch)
