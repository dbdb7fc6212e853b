"""The stages in order: load → validate → enrich. File system and clock come in as arguments."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xyhf.source.discover import LoadedCatalog, load_catalog
from xyhf.errors import Report
from xyhf.model.records import Catalog
from xyhf.validate.catalog import file_checker, validate_catalog


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Loading makes millions of long-lived objects (the catalog's data) and almost no cycles: the
    collector's full passes over them cost a third of `xyhf check` at 25,000 records and find nothing
    (about 3 small objects a file). Reference counting still frees everything else as usual.

    What was made meanwhile is then frozen (moved out of the collector's generations): otherwise the
    first collection after the pause walks all of it (0.25 s at 25,000 records, 1 s at 100,000), and
    in processes forked later the collector's walks would copy the pages they share."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def check_catalog(
    root: Path, today: dt.date, base: str | None = None, author: str | None = None, only_receive: bool = False
) -> tuple[Report, LoadedCatalog]:
    from xyhf.validate.owners import check_codeowners

    with cycle_collection_paused():  # worker processes forked while loading inherit the pause
        loaded = load_catalog(root, file_checker(today), only_receive)
        report = Report()
        report.extend(validate_catalog(loaded, today))
    report.extend(check_codeowners(loaded))
    if base:
        from xyhf.errors import Diagnostic
        from xyhf.validate.policy import GitError, changed_files, check_against_base, maintainers_at, touched_holders

        try:
            changes = changed_files(root, base)
            report.extend(check_against_base(root, base, changes))
            if author:
                from xyhf.validate.owners import check_author

                touched = touched_holders(changes)
                report.extend(check_author(loaded, touched, author, maintainers_at(root, base, sorted(touched))))
        except GitError as exc:
            report.add(Diagnostic(str(root), 1, 1, "", f"无法与基准版本 {base} 比较：{exc}", rule="base.git"))
    return report, loaded


def load_valid_catalog(root: Path, today: dt.date) -> tuple[Report, Catalog | None]:
    from xyhf.enrich import indexed, typed_catalog  # here: numpy, scipy and the matcher cost `xyhf check` 0.3 s to import

    report, loaded = check_catalog(root, today, only_receive=True)  # the postings and the matcher fork next
    if not report.ok:
        return report, None
    with cycle_collection_paused():  # enrichment too makes long-lived objects by the million
        typed = typed_catalog(loaded, today)
        del loaded  # the parsed files go before the postings and the matcher, which reuse their memory
        catalog = indexed(typed)
    return report, catalog
