"""The ledger and the codes in files (xyhf/validate/rules.py check_codes, check_promotions): a code
twice in the ledger, an entry without a text code, a record code in a need file and a need code in
a record file, a malformed code before a duplicate (issue 24 survivors: none of these had a test)."""

from __future__ import annotations

from pathlib import Path

from xyhf.domain.codes import make_code, make_need_code
from xyhf.source.discover import LoadedCatalog
from xyhf.source.yaml_loader import Source
from xyhf.validate.rules import check_codes, check_promotions

RECORD, OTHER, NEED = make_code(2026, "patent", 1), make_code(2026, "patent", 2), make_need_code(2026, 1)
DAY = "2026-11-24"


def _source(rel: str, data: dict) -> Source:
    return Source(Path(rel), rel, data)


def _catalog(ledger: list, records: dict[str, str] | None = None, needs: dict[str, str] | None = None) -> LoadedCatalog:
    loaded = LoadedCatalog(root=Path("catalog"))
    loaded.ledger = _source("codes.yaml", {"codes": ledger})
    for rel, code in (records or {}).items():
        loaded.records[rel] = _source(rel, {"code": code, "type": "patent"})
    for rel, code in (needs or {}).items():
        loaded.needs[rel] = _source(rel, {"code": code})
    return loaded


def _entry(code: object, path: str) -> dict:
    return {"code": code, "path": path, "issued_on": DAY}


def found(loaded: LoadedCatalog) -> list[tuple[str, str, str]]:
    return [(d.file, d.field, d.rule) for d in check_codes(loaded)]


def test_a_code_twice_in_the_ledger_is_named_at_its_second_entry():
    loaded = _catalog([_entry(RECORD, "records/a/1.yaml"), _entry(RECORD, "records/a/1.yaml")], {"records/a/1.yaml": RECORD})
    [dup] = check_codes(loaded)
    assert (dup.file, dup.field, dup.rule) == ("codes.yaml", "codes[1].code", "codes.ledger")
    assert dup.message == f"台账中编码 {RECORD} 重复。台账只能由 xyhf assign-codes 写入。"


def test_an_entry_without_a_text_code_does_not_hide_the_entries_after_it():
    ledger = [_entry(5, "records/a/0.yaml"), {"path": "records/a/x.yaml"}, _entry(RECORD, "records/a/1.yaml")]
    assert found(_catalog(ledger, {"records/a/1.yaml": RECORD})) == []


def test_a_record_code_in_a_need_file_and_a_need_code_in_a_record_file_are_refused():
    ledger = [_entry(RECORD, "records/a/1.yaml"), _entry(NEED, "needs/a/1.yaml")]
    swapped = _catalog(ledger, {"records/a/1.yaml": NEED}, {"needs/a/1.yaml": RECORD})
    assert ("needs/a/1.yaml", "code", "codes.form") in found(swapped)
    assert ("records/a/1.yaml", "code", "codes.form") in found(swapped)
    assert found(_catalog(ledger, {"records/a/1.yaml": RECORD}, {"needs/a/1.yaml": NEED})) == []


def test_a_malformed_code_does_not_end_the_search_for_duplicates():
    ledger = [_entry(RECORD, "records/a/2.yaml"), _entry(OTHER, "records/a/9.yaml")]
    records = {"records/a/1.yaml": "HNXY-2026-ZL-1", "records/a/2.yaml": RECORD, "records/a/3.yaml": RECORD}
    records["records/a/9.yaml"] = OTHER
    assert found(_catalog(ledger, records)) == [
        ("records/a/1.yaml", "code", "codes.form"),
        ("records/a/3.yaml", "code", "codes.duplicate"),
    ]


def test_a_promotion_entry_without_a_code_does_not_hide_the_entries_after_it():
    import datetime as dt

    loaded = _catalog([_entry(RECORD, "records/a/1.yaml")], {"records/a/1.yaml": RECORD})
    entries = [{"reason": "无编码"}, "text", {"code": RECORD}, {"code": RECORD}, {"code": OTHER}]
    loaded.promotions["2026"] = _source("promotion/2026.yaml", {"year": 2026, "entries": entries})
    rules = [(d.field, d.rule) for d in check_promotions(loaded, dt.date(2026, 11, 24))]
    assert ("entries[3].code", "promotion.duplicate") in rules and ("entries[4].code", "promotion.unknown") in rules, rules
