"""`xyhf assign-codes`: issue codes to records that have none. Plan purely, verify, then write.

Each record gets `code:` through source/edit.insert_code, which re-parses the result and
returns None unless it reads as the old data plus the code. If any file cannot be edited that
way, nothing at all is written: main never holds a half-issued batch or an unparseable file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from xyhf.domain.codes import LedgerEntry, issue_codes, render_ledger
from xyhf.errors import Diagnostic
from xyhf.source.discover import LoadedCatalog, display_path
from xyhf.source.edit import insert_code


def ledger_entries(loaded: LoadedCatalog) -> list[LedgerEntry]:
    if loaded.ledger is None:
        return []
    return [LedgerEntry(e["code"], e["path"], str(e["issued_on"])) for e in loaded.ledger.data.get("codes") or []]


def plan_codes(loaded: LoadedCatalog, today: dt.date) -> tuple[list[LedgerEntry], dict[str, str], list[Diagnostic]]:
    """(new ledger entries, {record rel path: new text}, problems). Oldest listing first, then by path."""
    uncoded = sorted(
        [(s.data["listed_on"], rel, s.data["type"]) for rel, s in loaded.records.items() if not s.data.get("code")]
        + [(s.data["listed_on"], rel, "need") for rel, s in loaded.needs.items() if not s.data.get("code")]
    )
    requests = [(rel, rtype, int(listed[:4])) for listed, rel, rtype in uncoded]
    new = issue_codes(ledger_entries(loaded), requests, today.isoformat())
    edits: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for entry in new:
        path = loaded.root / entry.path
        edited = insert_code(path.read_text(encoding="utf-8"), entry.code)
        if edited is None:
            problems.append(
                Diagnostic(
                    display_path(path),
                    1,
                    1,
                    "code",
                    "无法在不改变其他内容的前提下写入统一编码，"
                    "本次未签发任何编码。请把文件改成块格式（每行一个“键: 值”）后重新合并。",
                    rule="assign",
                )
            )
        else:
            edits[entry.path] = edited
    return new, edits, problems


def _write_atomic(path: Path, text: str) -> None:
    """Replace (or create) `path` whole. The text goes to a temporary file in the same folder (the
    rename is atomic only within one filesystem) that takes the replaced file's permissions, or a new
    file's (mkstemp makes it 0600); if anything fails, the temporary file is removed and `path` is as it was."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        if path.exists():
            shutil.copymode(path, tmp)
        else:  # a new file gets the mode any new file gets here (mkstemp's 0600 would hide it from the group)
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_codes(loaded: LoadedCatalog, new: list[LedgerEntry], edits: dict[str, str]) -> None:
    for rel, text in edits.items():
        _write_atomic(loaded.root / rel, text)
    _write_atomic(loaded.root / "codes.yaml", render_ledger(ledger_entries(loaded) + new))
