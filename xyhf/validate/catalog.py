"""Validate a whole loaded catalog: every file's schema and rules, then the cross-file rules.

Per-record checks are independent, so a large catalog checks them in forked worker processes
(jsonschema costs ~0.3 ms a record); the verdicts are the same functions' either way.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os

from xyhf.errors import Diagnostic
from xyhf.source.discover import PARALLEL_FROM, LoadedCatalog
from xyhf.validate.rules import (
    diag,
    check_codes,
    check_file,
    check_holder,
    check_ip_duplicates,
    check_promotions,
    check_record,
    check_uscc_duplicates,
    ledger_entries,
)
from xyhf.validate.schema import check_schema

_JOB: tuple[list, dt.date, set] | None = None  # set before forking; workers read it, never pickle it


def _check_slice(bounds: tuple[int, int]) -> list[Diagnostic]:
    assert _JOB is not None
    sources, today, issued = _JOB
    out: list[Diagnostic] = []
    for source in sources[bounds[0] : bounds[1]]:
        out.extend(check_record(source, today, is_new=source.data.get("code") not in issued))
    return out


def _check_records(loaded: LoadedCatalog, today: dt.date, issued: set) -> list[Diagnostic]:
    global _JOB
    sources = [source for _, source in sorted(loaded.records.items())]
    _JOB = (sources, today, issued)
    try:
        workers = min(os.cpu_count() or 1, 4)
        if len(sources) < PARALLEL_FROM or workers < 2:
            return _check_slice((0, len(sources)))
        step = 500
        slices = [(i, i + step) for i in range(0, len(sources), step)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [d for part in pool.map(_check_slice, slices) for d in part]
    finally:
        _JOB = None


def validate_catalog(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    """Every diagnostic of the catalog; nothing is raised, nothing is written."""
    out: list[Diagnostic] = list(loaded.diagnostics)
    issued = {e.get("code") for e in ledger_entries(loaded)}
    for holder_id, source in loaded.holders.items():
        out.extend(check_file("holder", source) or check_holder(holder_id, source))
    for rel, source in loaded.records.items():
        holder_id = rel.split("/")[1]
        if holder_id not in loaded.holders:
            out.append(
                diag(
                    source,
                    (),
                    f"没有持有方 {holder_id}：目录 records/{holder_id}/ 须与 holders/{holder_id}.yaml 对应。"
                    "请先提交持有方文件，或把记录放到本单位的目录下。",
                    "holder.missing",
                )
            )
    out.extend(_check_records(loaded, today, issued))
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
    return out
