"""The stages in order: load → validate → enrich. File system and clock come in as arguments."""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xyhf.source.discover import LoadedCatalog, load_catalog
from xyhf.errors import Diagnostic, Report
from xyhf.model.records import Catalog
from xyhf.validate.catalog import file_checker, validate_catalog, well_formed


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


def check_catalog(root: Path, today: dt.date, base: str | None = None, author: str | None = None) -> tuple[Report, LoadedCatalog]:
    with cycle_collection_paused():  # worker processes forked while loading inherit the pause
        loaded = load_catalog(root, file_checker(today))
        report = Report()
        report.extend(catalog_findings(loaded, today))
    if base:
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


JUDGED_BESIDE_FROM = 2000  # records; below, a process forked to judge the catalog costs more than it saves


def load_valid_catalog(root: Path, today: dt.date) -> tuple[Report, Catalog | None]:
    """check_catalog's report, and the enriched catalog where it is good."""
    from xyhf.enrich import indexed  # here: numpy, scipy and the matcher cost `xyhf check` 0.3 s to import

    with cycle_collection_paused():  # enrichment too makes long-lived objects by the million
        loaded = load_catalog(root, file_checker(today), only_receive=True)  # the postings and the matcher fork next
        report = Report()
        typed = _judged_and_typed(loaded, today, report)
        del loaded  # the parsed files go before the postings and the matcher, which reuse their memory
        if typed is None:
            return report, None
        catalog = indexed(typed)
    return report, catalog


def _judged_and_typed(loaded: LoadedCatalog, today: dt.date, report: Report) -> Catalog | None:
    """The catalog's findings into `report`, and its typed records if it is good. For a large catalog
    whose every file is well formed, the cross-file rules judge it in a forked process while this one
    types the records: each takes one core, and only a few diagnostics come back. A catalog with a
    cross-file error may fail to type: the report says why. Any other catalog is judged first."""
    from xyhf import forked
    from xyhf.enrich import typed_catalog

    if not (well_formed(loaded) and forked.can_fork(forked.default_workers(), len(loaded.records), JUDGED_BESIDE_FROM)):
        report.extend(catalog_findings(loaded, today))
        return typed_catalog(loaded, today) if report.ok else None
    typed: list[Catalog | Exception] = []
    meanwhile = functools.partial(_typed_into, typed, loaded, today)
    report.extend(forked.in_fresh_heap(catalog_findings, loaded, today, meanwhile=meanwhile))
    done = typed.pop()  # out of the list its traceback's frame holds: no cycle keeps the catalog alive
    if not report.ok:
        return None
    if isinstance(done, Exception):
        raise done
    return done


def _typed_into(out: list[Catalog | Exception], loaded: LoadedCatalog, today: dt.date) -> None:
    from xyhf.enrich import typed_catalog

    try:
        out.append(typed_catalog(loaded, today))
    except Exception as exc:  # a catalog with a cross-file error may not type at all: the report says why
        out.append(exc)


def catalog_findings(loaded: LoadedCatalog, today: dt.date) -> list[Diagnostic]:
    """What check_catalog reports of a loaded catalog, without a base to compare with."""
    from xyhf.validate.owners import check_codeowners

    return [*validate_catalog(loaded, today), *check_codeowners(loaded)]
