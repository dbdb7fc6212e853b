"""Turn a loaded, validated catalog into typed objects with derived fields. No I/O."""

from __future__ import annotations

import datetime as dt

from xyhf.source.discover import LoadedCatalog
from xyhf.enrich import derive
from xyhf.model import Catalog, Holder, Promotion, PromotionEntry, record_from_dict


def assemble_catalog(loaded: LoadedCatalog, today: dt.date) -> Catalog:
    holders = {
        holder_id: Holder.from_dict(holder_id, f"holders/{holder_id}.yaml", source.data)
        for holder_id, source in sorted(loaded.holders.items())
    }
    records = []
    for rel, source in sorted(loaded.records.items()):
        holder = holders[rel.split("/")[1]]
        records.append(record_from_dict(rel, source.data, derive(source.data, holder.id, holder.city, today)))
    promotions = tuple(
        Promotion(s.data["year"], s.data["title"], s.data["published_on"],
                  tuple(PromotionEntry(e["code"], e["reason"]) for e in s.data["entries"]))
        for _, s in sorted(loaded.promotions.items())
    )
    sample = bool(loaded.settings.data.get("sample_data", False)) if loaded.settings else False
    by_code = {r.code: r for r in records if r.code}
    return Catalog(holders, tuple(records), promotions, sample, today.isoformat(), by_code)
