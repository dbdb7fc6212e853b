"""Enrich: a loaded, validated catalog → typed, frozen objects with derived fields. No I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt

from xyhf.domain.classify import cities, classify_field, classify_sei, tech_fields, trl_labels
from xyhf.domain.law import expires_within_a_year, fiscal_unconverted, legal_term_end
from xyhf.domain.deal_state import deal_state
from xyhf.model.deals import deal_from_dict
from xyhf.model.needs import need_from_dict
from xyhf.model.events import event_from_dict
from xyhf.model.stations import desks_of
from xyhf.model.followups import FollowUp, followups_from
from xyhf.search.match import match_all
from xyhf.search.postings import build_postings
from xyhf.search.tokens import Lexicon, lexicon_from
from xyhf.model.records import Catalog, Derived, Holder, Promotion, PromotionEntry, record_from_dict
from xyhf.source.discover import LoadedCatalog
from xyhf.validate.legal import is_stale, listing_hosts_of


def derive(data: dict, holder_id: str, holder_city: str, today: dt.date) -> Derived:
    ip = data.get("ip") or {}
    ipcs = list(data.get("ipc") or [])
    field = classify_field(data["type"], ipcs)
    legal_end = legal_term_end(data["type"], ip.get("patent_kind"), ip.get("filed_on"))
    expires_on = legal_end or ip.get("expires_on")
    return Derived(
        holder=holder_id,
        city=holder_city,
        city_name=cities().get(holder_city, holder_city),
        tech_field=field,
        tech_field_name=tech_fields()[field].name_zh if field else None,
        sei_category=classify_sei(ipcs, field, data.get("industry")),
        trl_label=trl_labels()[data["trl"]],
        expires_on=expires_on,
        expires_on_derived=legal_end is not None,
        ip_expired=expires_on is not None and dt.date.fromisoformat(expires_on) < today,
        fiscal_unconverted_5y=fiscal_unconverted(data, today),
        ip_expiring=expires_within_a_year(expires_on, today),
        legal_status_stale=is_stale(ip.get("status_checked_on"), today),
    )


def assemble_catalog(loaded: LoadedCatalog, today: dt.date) -> Catalog:
    """The enriched catalog: typed (typed_catalog), then indexed and matched (indexed)."""
    return indexed(typed_catalog(loaded, today))


def typed_catalog(loaded: LoadedCatalog, today: dt.date) -> Catalog:
    """Every file as a typed object with its derived fields; no postings and no matches yet. Nothing
    refers to the parsed files afterwards, so a caller that lets them go (330 MiB at 25,000 records)
    has that memory back for the postings and the matcher (load_valid_catalog). Every file must be as
    its schema asks (validate/catalog.well_formed); a cross-file error may make this raise."""
    holders = {
        holder_id: Holder.from_dict(holder_id, f"holders/{holder_id}.yaml", source.data)
        for holder_id, source in sorted(loaded.holders.items())
    }
    records = []
    for rel, source in sorted(loaded.records.items()):
        holder = holders[rel.split("/")[1]]
        records.append(record_from_dict(rel, source.data, derive(source.data, holder.id, holder.city, today)))
    promotions = tuple(
        Promotion(
            s.data["year"],
            s.data["title"],
            s.data["published_on"],
            tuple(PromotionEntry(e["code"], e["reason"]) for e in s.data["entries"]),
        )
        for _, s in sorted(loaded.promotions.items())
    )
    sample = bool(loaded.settings.data.get("sample_data", False)) if loaded.settings else False
    by_code = {r.code: r for r in records if r.code}
    deals = sorted(
        (deal_from_dict(rel, s.data, deal_state(s.data, today)) for rel, s in loaded.deals.items()),
        key=lambda d: (d.signed_on, d.path),
    )
    needs = sorted(
        (need_from_dict(rel, s.data, today.isoformat()) for rel, s in loaded.needs.items() if s.data.get("code")),
        key=lambda n: (n.listed_on, n.code or ""),
        reverse=True,
    )
    events = sorted((event_from_dict(rel, s.data) for rel, s in loaded.events.items()), key=lambda e: (e.date, e.path))
    stations = {
        s["city"]: (s["name"], tuple(s["maintainers"])) for s in (loaded.stations.data["stations"] if loaded.stations else [])
    }
    return Catalog(
        holders,
        tuple(records),
        promotions,
        sample,
        today.isoformat(),
        by_code,
        tuple(deals),
        tuple(needs),
        (),
        stations,
        tuple(events),
        lexicon_of(loaded),
        str(loaded.settings.data.get("repository", "")) if loaded.settings else "",
        desks_of(
            loaded.settings.data.get("office") if loaded.settings else None,
            loaded.stations.data["stations"] if loaded.stations else [],
        ),
        None,
        listing_hosts(loaded),
        followups_of(loaded),
    )


def indexed(catalog: Catalog) -> Catalog:
    """The catalog with its postings (built once: the matcher and the search index read them) and
    every open need's matches."""
    shown = catalog.published()  # every status: relevance decides, status is shown (issue 20)
    postings = build_postings(shown, lambda h: catalog.holders[h].name, catalog.lexicon)
    needs = [n for n in catalog.needs if n.status in ("open", "matched") and not n.expired]
    matches = match_all(needs, shown, catalog.lexicon, postings)
    return dataclasses.replace(catalog, postings=postings, matches=tuple(matches))


def followups_of(loaded: LoadedCatalog) -> tuple[FollowUp, ...]:
    entries = [f for rel, s in loaded.followups.items() for f in followups_from(rel, s.data)]
    return tuple(sorted(entries, key=lambda f: (f.date, f.path, f.index)))


def listing_hosts(loaded: LoadedCatalog) -> tuple[str, ...]:
    """The reviewed allow-list of trading-platform hosts (catalog.yaml `listing_platforms`)."""
    return tuple(sorted(listing_hosts_of(loaded.settings.data if loaded.settings else None)))


def lexicon_of(loaded: LoadedCatalog) -> Lexicon:
    data = loaded.synonyms.data if loaded.synonyms else {}
    return lexicon_from(data)
