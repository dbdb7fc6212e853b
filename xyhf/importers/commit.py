"""The one way importers change a catalog: write the planned files, check the whole catalog
again, and remove what was written if that check fails. Nothing half-imported stays behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xyhf.errors import Report
from xyhf.pipeline import check_catalog


def write_then_check(root: Path, planned: dict[str, str], today: dt.date) -> tuple[list[Path], Report | None]:
    """(files written, None) on success; ([], the failing report) after rolling back."""
    written: list[Path] = []
    try:
        for rel, text in planned.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as f:  # never overwrite an existing file
                f.write(text)
            written.append(path)
        report, _ = check_catalog(root, today)
    except OSError:
        discard(root, written)
        raise
    if not report.ok:
        discard(root, written)
        return [], report
    return written, None


def discard(root: Path, paths: list[Path]) -> None:
    """Remove written files and the folders that writing them created (now empty), up to `root`."""
    for path in paths:
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != root and root in parent.parents:
            try:
                parent.rmdir()  # only succeeds when empty
            except OSError:
                break
            parent = parent.parent
