"""Validate a whole loaded catalog: every file's schema and rules, then the cross-file rules.

Per-record checks are independent; for a large catalog they run in the loader's worker processes
(see `record_checker` and source/discover.load_catalog), so each record is parsed and judged in
one pass. The verdicts come from the same functions either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from xyhf.errors import Diagnostic
from xyhf.source.discover import FileCheck, LoadedCatalog, RecordCheck
from xyhf.source.yaml_loader import Source
from xyhf.validate.legal import check_listing_hosts
from xyhf.validate.open_license import check_open_license_deals
from xyhf.validate.rules import (
    check_codes,
    check_file,
    check_holder,
    check_ip_duplicates,
    check_promotions,
    check_record,
    check_uscc_duplicates,
    ledger_entries,
)
from xyhf.validate.base import diag
from xyhf.validate.deals import validate_deals
from xyhf.validate.events import validate_events
from xyhf.validate.needs import validate_needs
from xyhf.validate.followups import validate_followups
from xyhf.validate.stations import check_brokers, check_destinations
from xyhf.validate.schema import check_schema, compiled


def issued_codes(loaded: LoadedCatalog) -> set[str]:
    """Codes in the ledger; an entry whose code is not text (a mapping, a list) is left to the schema."""
    return {code for e in ledger_entries(loaded) if isinstance(code := e.get("code"), str)}


def record_checker(today: dt.date) -> Callable[[LoadedCatalog], RecordCheck]:
    """For load_catalog: given the ledger, the check each record gets as it is loaded."""

    def for_catalog(loaded: LoadedCatalog) -> RecordCheck:
        issued = issued_codes(loaded)
        compiled("record")  # compiled once here, before the loader forks, not once in every worker

        def check(source: Source) -> list[Diagnostic]:
            code = source.data.get("code")  # any YAML type: a mapping or a list must not reach `in`
            return check_record(source, today, is_new=not isinstance(code, str) or code not in issued)

        return check

    return for_catalog


_CHECKED_WHILE_LOADING = {"deals": "deal", "needs": "need"}  # top folder → schema: the many files besides records


def file_checker() -> FileCheck:
    """For load_catalog: the schema and text check of deals and needs, made in the loader's pass
    (in its worker processes for a large catalog) instead of one by one here afterwards."""
    for kind in _CHECKED_WHILE_LOADING.values():
        compiled(kind)  # once, before the loader forks

    def check(rel: str, source: Source) -> list[Diagnostic] | None:
        kind = _CHECKED_WHILE_LOADING.get(rel.split("/")[0])
        return check_file(kind, source) if kind else None

    return check


def validate_catalog(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    """Every diagnostic of the catalog; nothing is raised, nothing is written."""
    out: list[Diagnostic] = list(loaded.diagnostics)
    check = record_checker(today)(loaded)
    for holder_id, source in loaded.holders.items():
        out.extend(check_file("holder", source) or check_holder(holder_id, source))
    for rel, source in sorted(loaded.records.items()):
        holder_id = rel.split("/")[1]
        if holder_id not in loaded.holders:
            message = (
                f"没有持有方 {holder_id}：目录 records/{holder_id}/ 须与 holders/{holder_id}.yaml 对应。"
                "请先提交持有方文件，或把记录放到本单位的目录下。"
            )
            out.append(diag(source, (), message, "holder.missing"))
        found = loaded.record_findings.get(rel)
        out.extend(found if found is not None else check(source))
    for source in loaded.promotions.values():
        out.extend(check_file("promotion", source))
    if loaded.ledger is not None:
        out.extend(check_schema("codes", loaded.ledger))
    if loaded.settings is not None:
        out.extend(check_file("settings", loaded.settings))
    out.extend(check_ip_duplicates(loaded.records))
    out.extend(check_uscc_duplicates(loaded))
    out.extend(check_codes(loaded))
    out.extend(check_promotions(loaded, today))
    out.extend(validate_deals(loaded, today))
    coded = {
        s.data["code"]: s for s in loaded.records.values() if isinstance(s.data, dict) and isinstance(s.data.get("code"), str)
    }
    out.extend(check_open_license_deals(loaded, coded, today))
    out.extend(validate_needs(loaded, today))
    out.extend(validate_events(loaded, today))
    out.extend(check_destinations(loaded))
    out.extend(check_brokers(loaded))
    out.extend(validate_followups(loaded, today))
    out.extend(check_listing_hosts(loaded))
    return out
