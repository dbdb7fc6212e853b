"""Validate a whole loaded catalog: every file's schema and rules, then the cross-file rules.

Per-file checks are independent; for a large catalog they run in the loader's worker processes
(see `file_checker` and source/discover.load_catalog), so each file is parsed and judged in one
pass. The verdicts come from the same functions either way.
"""

from __future__ import annotations

import datetime as dt

from xyhf.errors import Diagnostic, Severity
from xyhf.source.discover import LEDGER_FILE, FileCheck, LoadedCatalog
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
from xyhf.validate.needs import need_findings, validate_needs
from xyhf.validate.followups import validate_followups
from xyhf.validate.stations import check_brokers, check_destinations
from xyhf.validate.schema import check_schema, compiled, is_valid


def issued_codes(loaded: LoadedCatalog) -> set[str]:
    """Codes in the ledger; an entry whose code is not text (a mapping, a list) is left to the schema."""
    return {code for e in ledger_entries(loaded) if isinstance(code := e.get("code"), str)}


def record_findings(source: Source, today: dt.date, issued: set[str] | None) -> list[Diagnostic]:
    """check_record for a record of the catalog. A record is new unless its code is in the ledger;
    with the ledger not yet read (`issued` None, while loading) a record with a code is taken as
    issued, and validate_catalog judges it again if its code turns out not to be."""
    code = source.data.get("code")  # any YAML type: a mapping or a list must not reach `in`
    issued_here = isinstance(code, str) and (issued is None or code in issued)
    return check_record(source, today, is_new=not issued_here)


def file_checker(today: dt.date) -> FileCheck:
    """For load_catalog: every record's check, every need's (need_findings), and the schema and text
    check of deals, made in the loader's pass (in its worker processes for a large catalog) instead
    of one by one here afterwards."""
    for kind in ("record", "codes", "deal", "need"):
        compiled(kind)  # once, before the loader forks, not once in every worker

    def check(rel: str, source: Source) -> list[Diagnostic] | None:
        top = rel.split("/")[0]
        if top == "records":
            return record_findings(source, today, None)
        if top == "needs":
            return need_findings(source, rel, today)
        if top == "deals":  # the deal's own rules wait for its holder's file, which validate_deals judges first
            return check_file("deal", source)
        if rel == LEDGER_FILE:  # 30,000 entries at 25,000 records: in a worker, not in the serial part after
            return list(check_schema("codes", source))
        return None

    return check


def validate_catalog(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    """Every diagnostic of the catalog; nothing is raised, nothing is written."""
    out: list[Diagnostic] = list(loaded.diagnostics)
    issued = issued_codes(loaded)
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
        code = source.data.get("code")
        if found is None or (isinstance(code, str) and code not in issued):  # not judged, or judged as issued
            found = record_findings(source, today, issued)
        out.extend(found)
    for source in loaded.promotions.values():
        out.extend(check_file("promotion", source))
    if loaded.ledger is not None:
        found = loaded.file_findings.get(LEDGER_FILE)  # made while loading, where the loader checked
        out.extend(found if found is not None else check_schema("codes", loaded.ledger))
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


# The files the loader's pass does not judge (few), and their schemas.
_JUDGED_AFTER = {"holders": "holder", "promotions": "promotion", "events": "event", "followups": "followups"}
_SINGLE_FILES = {"settings": "settings", "stations": "stations", "synonyms": "synonyms"}


def well_formed(loaded: LoadedCatalog) -> bool:
    """Whether every file was read and has the shape its schema asks for, with no error of its own:
    from the loader's pass for records, deals, needs and the ledger, by the compiled schemas for the
    few others. Typing the records assumes as much (a deal's instalments are counted out one by one,
    say), so the build types them beside the cross-file rules only for such a catalog; any other is
    judged first, and typed only if good. False where the pass did not judge (no checker)."""
    if loaded.diagnostics:
        return False
    judged = [loaded.record_findings.get(rel) for rel in loaded.records]
    judged += [loaded.file_findings.get(rel) for rel in (*loaded.deals, *loaded.needs)]
    if loaded.ledger is not None:
        judged.append(loaded.file_findings.get(LEDGER_FILE))
    if any(found is None or any(d.severity is Severity.ERROR for d in found) for found in judged):
        return False
    files = [(kind, source) for folder, kind in _JUDGED_AFTER.items() for source in getattr(loaded, folder).values()]
    files += [(kind, source) for name, kind in _SINGLE_FILES.items() if (source := getattr(loaded, name)) is not None]
    return all(is_valid(kind, source.data) for kind, source in files)
