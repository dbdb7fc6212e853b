"""The listing package for a technology-trading platform (进场交易): one machine-readable offer per
published record (data/listing/<code>.json, valid against schemas/listing.schema.json) and one
workbook per holder (data/listing/<holder_id>.xlsx) with the columns a listing form asks for.

Built from views.public_record only (the one privacy projection: a person's phone and e-mail only
with consent). Withdrawn records keep their file, marked not open, without contact or terms, so a
platform that listed them can see why they went."""

from __future__ import annotations

from collections.abc import Iterator

from xyhf.domain.labels import LEGAL_STATUS_OFFERABLE
from xyhf.model.records import Catalog, Record
from xyhf.render.base.columns import Column
from xyhf.render.base.formats import json_bytes, render_xlsx

SCHEMA_URL = "../../schemas/listing.schema.json"  # from data/listing/<code>.json
OPEN_STATUSES = ("available", "negotiating")

LISTING_COLUMNS = [
    Column("code", "统一编码"),
    Column("title", "项目名称"),
    Column("type_text", "成果类型"),
    Column("ip_number", "专利号", description="专利为专利号（申请号），其他类型为登记号"),
    Column("owners", "权利人"),
    Column("field_text", "技术领域"),
    Column("trl_text", "成熟度"),
    Column("modes_text", "转化方式"),
    Column("license_text", "许可类型"),
    Column("fee_text", "付费方式与金额"),
    Column("validity", "有效期"),
    Column("contact_text", "联系人"),
    Column("state_text", "状态"),
    Column("legal_text", "法律状态"),
    Column("url", "成果页面"),
]


def offer_open(record: Record) -> bool:
    legal = record.ip.legal_status
    return record.status in OPEN_STATUSES and (legal is None or legal in LEGAL_STATUS_OFFERABLE)


def listing_offer(pub: dict, record: Record, site_url: str) -> dict:
    """One offer as the JSON file holds it; keys as in schemas/listing.schema.json."""
    ip = pub["ip"]
    is_open = offer_open(record)
    offer: dict = {
        "$schema": SCHEMA_URL,
        "code": pub["code"],
        "title": pub["title"],
        "type": pub["type"],
        "type_label": pub["type_label"] + (f"（{pub['patent_kind_label']}）" if pub.get("patent_kind_label") else ""),
        "holder": {"id": pub["holder"], "name": pub["holder_name"], "city": pub["city"], "city_name": pub["city_name"]},
        "owners": ip.get("owners", []),
        "tech_field": pub["tech_field"],
        "tech_field_name": pub["tech_field_name"],
        "trl": pub["trl"],
        "trl_label": pub["trl_label"],
        "status": pub["status"],
        "status_label": pub["status_label"],
        "open": is_open,
        "listed_on": pub["listed_on"],
        "url": site_url + pub["url"] if site_url else pub["url"],
    }
    if ip.get("number"):
        offer["ip_number"] = ip["number"]
    if ip.get("expires_on"):
        offer["ip_expires_on"] = ip["expires_on"]
    if ip.get("legal_status"):
        offer["legal_status"] = {
            "status": ip["legal_status"],
            "label": ip["legal_status_label"],
            "checked_on": ip["status_checked_on"],
            "source": ip["status_source"],
            "stale": ip["status_stale"],
        }
    if is_open:
        transfer = pub["transfer"]
        offer["transfer"] = {
            "modes": transfer["modes"],
            "modes_label": transfer["modes_label"],
            "license_kinds": transfer["license_kinds"],
            "license_kinds_label": transfer["license_kinds_label"],
            "region": transfer["region"],
            **({"term": transfer["term"]} if "term" in transfer else {}),
        }
        offer["payment"] = {
            "model": pub["payment"]["model"],
            "model_label": pub["payment"]["model_label"],
            "terms": pub["terms"],
            **({"base_fee_cny": pub["base_fee_cny"]} if pub.get("base_fee_cny") is not None else {}),
            **({"royalty_percent": pub["payment"]["royalty_percent"]} if "royalty_percent" in pub["payment"] else {}),
        }
        offer["contact"] = pub["contact"]
    if pub.get("listings"):
        offer["listings"] = pub["listings"]
    return offer


def _validity(offer: dict) -> str:
    parts = []
    if offer.get("ip_expires_on"):
        parts.append(f"知识产权有效期至 {offer['ip_expires_on']}")
    if offer.get("transfer", {}).get("term"):
        parts.append(f"许可期限 {offer['transfer']['term']}")
    return "；".join(parts) or "—"


def _contact(contact: dict | None) -> str | None:
    if not contact:
        return None
    return " ".join(
        v for v in (contact.get("name"), contact.get("organization"), contact.get("phone"), contact.get("email")) if v
    )


def listing_row(offer: dict) -> dict:
    """The offer as one workbook row, every value already in Chinese."""
    transfer, legal = offer.get("transfer", {}), offer.get("legal_status")
    return {
        "code": offer["code"],
        "title": offer["title"],
        "type_text": offer["type_label"],
        "ip_number": offer.get("ip_number"),
        "owners": "；".join(offer["owners"]),
        "field_text": offer["tech_field_name"] or "未分类",
        "trl_text": f"TRL {offer['trl']}（{offer['trl_label']}）",
        "modes_text": transfer.get("modes_label"),
        "license_text": transfer.get("license_kinds_label") or None,
        "fee_text": offer.get("payment", {}).get("terms"),
        "validity": _validity(offer),
        "contact_text": _contact(offer.get("contact")),
        "state_text": offer["status_label"] + ("" if offer["open"] else "（不接受挂牌）"),
        "legal_text": f"{legal['label']}（{legal['checked_on']} 核验）" if legal else "未核验",
        "url": offer["url"],
    }


class Listings:
    """The listing package, a record at a time (data.record_files makes each public view once
    for all of a record's files): its offer now, the holders' workbooks at the end."""

    def __init__(self, catalog: Catalog, epoch: int, site_url: str) -> None:
        self.catalog, self.epoch, self.site_url = catalog, epoch, site_url
        self.rows_by_holder: dict[str, list[dict]] = {}

    def offer_file(self, pub: dict, record: Record) -> tuple[str, bytes]:
        """data/listing/<code>.json of one published record."""
        offer = listing_offer(pub, record, self.site_url)
        self.rows_by_holder.setdefault(record.holder, []).append(listing_row(offer))
        return f"data/listing/{pub['code']}.json", json_bytes(offer, one=True)

    def workbooks(self) -> Iterator[tuple[str, bytes]]:
        """data/listing/<holder_id>.xlsx of every holder with an offer."""
        for holder_id, rows in sorted(self.rows_by_holder.items()):
            rows.sort(key=lambda r: r["code"])
            title = self.catalog.holders[holder_id].name[:25] + "挂牌清单"  # the workbook writer makes it a name Excel accepts
            yield f"data/listing/{holder_id}.xlsx", render_xlsx([("listing", title, LISTING_COLUMNS, rows)], self.epoch)
