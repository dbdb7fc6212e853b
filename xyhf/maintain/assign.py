"""`xyhf assign-codes`: issue codes to records that have none. Plan purely, then write."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from xyhf.source.discover import LoadedCatalog
from xyhf.domain.codes import LedgerEntry, issue_codes, render_ledger


def ledger_entries(loaded: LoadedCatalog) -> list[LedgerEntry]:
    if loaded.ledger is None:
        return []
    return [LedgerEntry(e["code"], e["path"], str(e["issued_on"])) for e in loaded.ledger.data.get("codes") or []]


def with_code(text: str, code: str) -> str:
    """The record's text with `code:` as its first key, keeping comments and layout as they were."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    lines = body.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        i += 1
    lines.insert(i, f"code: {code}\n")
    return bom + "".join(lines)


def plan_codes(loaded: LoadedCatalog, today: dt.date) -> tuple[list[LedgerEntry], dict[str, str]]:
    """(new ledger entries, {record rel path: new text}). Oldest listing first, then by path."""
    uncoded = sorted(
        ((s.data["listed_on"], rel, s.data["type"]) for rel, s in loaded.records.items() if not s.data.get("code")),
    )
    requests = [(rel, rtype, int(listed[:4])) for listed, rel, rtype in uncoded]
    new = issue_codes(ledger_entries(loaded), requests, today.isoformat())
    edits = {}
    for entry in new:
        text = (loaded.root / entry.path).read_text(encoding="utf-8")
        edits[entry.path] = with_code(text, entry.code)
    return new, edits


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def write_codes(loaded: LoadedCatalog, new: list[LedgerEntry], edits: dict[str, str]) -> None:
    for rel, text in edits.items():
        _write_atomic(loaded.root / rel, text)
    _write_atomic(loaded.root / "codes.yaml", render_ledger(ledger_entries(loaded) + new))
