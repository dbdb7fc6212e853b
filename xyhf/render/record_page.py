"""The body and head of one record page (/records/<code>/): templates/record_body.html and JSON-LD."""

from __future__ import annotations

from collections.abc import Sequence

from xyhf.domain.classify import cities
from xyhf.model import Catalog, Record
from xyhf.render.templating import render
from xyhf.render.text import json_for_script, plain
from xyhf.views import DEAL_STATUS, deal_status, public_contact

UP = "../../"  # from records/<code>/ to the site root
CONTRACT_STATUSES = ("available", "negotiating")  # records still open to a licence get a prefilled contract


def record_body(record: Record, catalog: Catalog, related: list[Record], deals: Sequence = (), needs: Sequence = ()) -> str:
    """The article of a record page; `deals` are the signed contracts that include this record,
    `needs` the (match, need) pairs of the needs it could serve."""
    holder = catalog.holders[record.holder]
    return render(
        "record_body.html",
        r=record,
        holder=holder,
        catalog=catalog,
        related=related,
        up=UP,
        contact=public_contact(record, holder),
        contract_file=record.status in CONTRACT_STATUSES,
        deals=[(deal, DEAL_STATUS[deal_status(deal)]) for deal in deals],
        needs=needs,
    )


def record_jsonld(record: Record, catalog: Catalog, site_url: str) -> str:
    holder = catalog.holders[record.holder]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "additionalType": record.type,
        "identifier": [record.code] + ([record.ip.number] if record.ip.number else []),
        "name": plain(record.title),
        "description": plain(record.summary)[:500],
        "keywords": ",".join(plain(k) for k in record.keywords),
        "datePublished": record.listed_on,
        "url": f"{site_url}records/{record.code}/",
        "inLanguage": "zh-CN",
        "provider": {
            "@type": "Organization",
            "name": plain(holder.name),
            "identifier": holder.uscc,
            "address": {"@type": "PostalAddress", "addressRegion": "湖南省", "addressLocality": cities()[holder.city]},
        },
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "CNY",
            "description": "先用后付：零门槛许可，按里程碑或延期启动支付转化费用",
            "availability": "https://schema.org/InStock"
            if record.status == "available"
            else "https://schema.org/LimitedAvailability",
        },
    }
    return f'<script type="application/ld+json">{json_for_script(data)}</script>'
