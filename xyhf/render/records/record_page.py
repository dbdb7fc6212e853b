"""The body and head of one record page (/records/<code>/): templates/record_body.html and JSON-LD."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from collections.abc import Sequence

from xyhf.domain.classify import cities
from xyhf.model.records import Catalog, Record

from xyhf.render.base.templating import render, safe_url
from xyhf.render.base.text import iri_component, json_for_script, plain
from xyhf.search.match import reasons_on_record_page
from xyhf.views import DEAL_STATUS, base_fee, deal_status, public_contact, public_open_license, terms_line

UP = "../../"  # from records/<code>/ to the site root
CONTRACT_STATUSES = ("available", "negotiating")  # records still open to a licence: the contract builder opens on them


def enquiry_mailto(record: Record, email: object) -> str | None:
    """The 邮件 action: a checked mailto: address with the subject and body a firm would write."""
    address = safe_url(email, "mailto")
    if address is None:
        return None
    subject = f"我要洽谈：{record.title}（{record.code}）"
    body = f"您好！我们想按“先用后付”方式洽谈成果 {record.code}。\n企业名称：\n联系电话：\n想解决的问题：\n"
    return f"{address}?subject={iri_component(subject)}&body={iri_component(body)}"


def edit_url(repository: str, path: str) -> str:
    """GitHub's edit page for a catalog file ("" when the catalog names no repository)."""
    return f"https://github.com/{repository}/edit/main/catalog/{quote(path)}" if repository else ""


def listing_href(url: str, hosts: Sequence[str]) -> str | None:
    """A listing's link: a checked https: URL on a host the office allow-listed (catalog.yaml
    listing_platforms), else None and the page shows the listing ID as text."""
    href = safe_url(url, "https")
    if href is None:
        return None
    host = (urlsplit(href).hostname or "").lower()
    return href if host in hosts else None


def record_body(
    record: Record,
    catalog: Catalog,
    related: list[Record],
    deals: Sequence = (),
    needs: Sequence = (),
    history: Sequence = (),
    history_more: int = 0,
) -> str:
    """The article of a record page; `deals` are the signed contracts that include this record,
    `needs` the (match, need) pairs of the needs it could serve, `history` its revisions newest
    first (render/records/history.py) with `history_more` older ones left off."""
    holder = catalog.holders[record.holder]
    contact = public_contact(record, holder) if record.status != "withdrawn" else {}
    return render(
        "record_body.html",
        r=record,
        holder=holder,
        catalog=catalog,
        related=related,
        up=UP,
        contact=contact,
        terms=terms_line(record),
        mailto=enquiry_mailto(record, contact.get("email")),
        lead=_lead(record.summary),
        contract_file=record.status in CONTRACT_STATUSES,
        open_license=public_open_license(record.open_license) if record.open_license else None,
        deals=[(deal, DEAL_STATUS[deal_status(deal)]) for deal in deals],
        edit_url=edit_url(catalog.repository, record.path),
        needs=[(m, n, reasons_on_record_page(m.reasons)) for m, n in needs],
        listings=[(x, listing_href(x.url, catalog.listing_hosts)) for x in record.listings],
        history=history,
        history_more=history_more,
    )


def record_jsonld(record: Record, catalog: Catalog, site_url: str) -> str:
    """schema.org CreativeWork for search engines: what only it can say (type, identifiers, offer,
    provider). The description (the meta description), keywords (links on the page) and language
    (`<html lang>`) they read from the page already: not written twice, 10 MiB at 25,000 records."""
    holder = catalog.holders[record.holder]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "additionalType": record.type,
        "identifier": [record.code] + ([record.ip.number] if record.ip.number else []),
        "name": plain(record.title),
        "datePublished": record.listed_on,
        "url": f"{site_url}records/{record.code}/",
        "provider": {
            "@type": "Organization",
            "name": plain(holder.name),
            "identifier": holder.uscc,
            "address": {"@type": "PostalAddress", "addressRegion": "湖南省", "addressLocality": cities()[holder.city]},
        },
    }
    if record.status != "withdrawn":
        data["offers"] = record_offer(record)
    return f'<script type="application/ld+json">{json_for_script(data)}</script>'


def description(record: Record) -> str:
    """The page's meta description: what it solves, no longer than search results show.
    The summary itself is on the page."""
    return _lead(plain(record.summary), 120)


def _lead(summary: str, limit: int = 90) -> str:
    """What the record solves, in one sentence a phone shows above the fold."""
    text = " ".join(summary.split())
    for stop in "。；":
        at = text.find(stop)
        if 0 < at < limit:
            return text[: at + 1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_offer(record: Record) -> dict:
    """schema.org Offer with the real price: nothing up front, then the fixed fee (and royalty)."""
    fee = base_fee(record)
    parts: list[dict] = [{"@type": "UnitPriceSpecification", "name": "首付", "price": 0, "priceCurrency": "CNY"}]
    if fee is not None:
        when = "按里程碑节点支付" if record.payment.model == "milestone" else "延期启动后支付"
        parts.append({"@type": "UnitPriceSpecification", "name": f"基础转化费用（{when}）", "price": fee, "priceCurrency": "CNY"})
    if record.payment.royalty_percent is not None:
        parts.append(
            {
                "@type": "UnitPriceSpecification",
                "name": f"销售额提成 {record.payment.royalty_percent:g}%",
                "price": record.payment.royalty_percent,
                "unitText": "PERCENT",
            }
        )
    offer: dict = {
        "@type": "Offer",
        "priceCurrency": "CNY",
        "description": plain(terms_line(record)),
        "priceSpecification": parts,
        "availability": "https://schema.org/InStock"
        if record.status == "available"
        else "https://schema.org/LimitedAvailability",
    }
    if fee is not None:
        offer["price"] = fee
    return offer
