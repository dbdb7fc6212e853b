"""The stages in order: load → validate → enrich. File system and clock come in as arguments."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .assemble import assemble_catalog
from .catalog import LoadedCatalog, load_catalog
from .errors import Report
from .model import Catalog
from .validate import validate_catalog


def today_from_env() -> dt.date:
    """The clock, read once at the edge. XYHF_TODAY (YYYY-MM-DD) pins it for tests and rebuilds."""
    pinned = os.environ.get("XYHF_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def check_catalog(root: Path, today: dt.date, base: str | None = None,
                  author: str | None = None) -> tuple[Report, LoadedCatalog]:
    from .owners import check_codeowners
    loaded = load_catalog(root)
    report = Report()
    report.extend(validate_catalog(loaded, today))
    report.extend(check_codeowners(loaded))
    if base:
        from .errors import Diagnostic
        from .gitrules import GitError, changed_files, check_against_base
        try:
            report.extend(check_against_base(root, base))
            if author:
                from .owners import check_author
                touched = {}
                for change in changed_files(root, base):
                    for rel in (change.old, change.new):
                        parts = (rel or "").split("/")
                        if parts[0] == "records" and len(parts) == 3:
                            touched.setdefault(parts[1], rel)
                        elif parts[0] == "holders" and len(parts) == 2:
                            touched.setdefault(parts[1].removesuffix(".yaml"), rel)
                report.extend(check_author(loaded, touched, author))
        except GitError as exc:
            report.add(Diagnostic(str(root), 1, 1, "", f"无法与基准版本 {base} 比较：{exc}", rule="base.git"))
    return report, loaded


def load_valid_catalog(root: Path, today: dt.date) -> tuple[Report, Catalog | None]:
    report, loaded = check_catalog(root, today)
    return report, (assemble_catalog(loaded, today) if report.ok else None)
