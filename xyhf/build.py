"""`xyhf build`: load → validate → enrich → render → write, one line a stage. Orchestration only:
what each stage does lives in its module (pipeline.py, render/site.py, mkdocs_step.py, write.py)."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

from xyhf import figures, forked, mkdocs_step
from xyhf.model.records import Catalog
from xyhf.pipeline import load_valid_catalog
from xyhf.progress import Progress
from xyhf.render import jobs, site
from xyhf.render.records import history as history_out
from xyhf.source.history import NO_HISTORY, UNAVAILABLE, History, read_history
from xyhf.write import SiteWriter, out_problem, protected_folders


def build_site(catalog_root: Path, out: Path, today: dt.date, quiet: bool = False) -> int:
    progress = Progress(quiet)
    catalog, history = checked_catalog(catalog_root, out, today)  # load → validate → enrich; problems on stderr
    progress.stage("校验")
    if catalog is None:
        return 1
    settings, records = site.settings_for(catalog), catalog.published()
    # Two processes for two cores: this one makes the pages, a job worker the heavy outputs (open
    # data, workbooks, index); three job workers in turn (render/jobs.py), each ending with its jobs.
    # Each forked process that touches the catalog holds its own copy of the memory it touched, so
    # there is no third. The first works out the related records while this process makes the other
    # pages; the next builds the tables as soon as it is done. They write into staging once MkDocs
    # is done with it.
    with (
        SiteWriter(out) as writer,
        jobs.start(catalog, records, writer, settings.epoch, settings.site_url, settings.updated, today) as (pending, near),
    ):
        if not history.available:
            print(NO_HISTORY, file=sys.stderr)
        changes = history_out.rows(history, catalog)
        progress.stage("修改历史")
        pages = site.generated_pages(catalog, settings.site_url) + [history_out.changes_page(history, catalog, changes)]
        progress.stage("生成页面")
        pending.drain()  # the related records done: the tables' worker starts now, beside MkDocs
        mkdocs_step.run(writer, catalog, pages, settings)  # the one MkDocs call: prose pages and the shells
        progress.stage("MkDocs")
        pending.drain()
        shells = mkdocs_step.fill(writer, catalog, pages, settings)
        pending.release(jobs.need_pages(shells.need))  # MkDocs emptied staging before it built; the worker may write there now
        pending.take_while(lambda: not near.done())  # the record pages wait for the related records: other jobs meanwhile
        record_pages = site.record_pages(shells.record, catalog, records, settings.site_url, history, near.result())
        writer.write_all(pending.interleaved(progress.counted("成果页面", record_pages, len(records))))
        writer.write_all(site.files(catalog, changes, settings, writer.read("sitemap.xml")))
        pending.finish()  # the last worker gone: its memory goes back before the swap, not after
        progress.stage("需求页、开放数据与表格")
        writer.commit()
    shown = figures.published_count(catalog)
    print(f"已生成网站：{out}（已发布成果 {shown} 项，成果页面 {len(records)} 个，含已撤回的）")
    return 0


def checked_catalog(catalog_root: Path, out: Path, today: dt.date) -> tuple[Catalog | None, History]:
    """The enriched catalog and its git history (one git pass; dates from the commits, not the
    clock), or None when the catalog has errors or `out` is refused (the reason on stderr). The
    history needs only the folder, so it is read here while a child loads the catalog: one core
    idles through the load's single-process steps, and read after the load, every page stage
    waited for git's pass and the parsing of the old revisions. A failure to read it fails only a
    build that would otherwise go on: never instead of the catalog's own errors."""
    read: list[History | Exception] = []

    def meanwhile() -> None:
        _warm_up()
        if _may_write(out, catalog_root):
            try:
                read.append(read_history(catalog_root))
            except Exception as exc:  # raised below, once the catalog is known to be good
                read.append(exc)
        gc.collect()  # what the history's reading left, before the catalog arrives (the collector is paused meanwhile)

    report, catalog = forked.in_fresh_heap(
        load_valid_catalog, catalog_root, today, meanwhile=meanwhile, once_done=_load_words, done_if=_is_good
    )
    if report.diagnostics:
        print(report.render("text"), file=sys.stderr)
    if catalog is None:
        print(f"成果库有错误，未生成网站；{out} 保持原样。", file=sys.stderr)
        return None, UNAVAILABLE
    refused = out_problem(out, protected_folders(catalog_root))
    if refused:
        print(refused, file=sys.stderr)
        return None, UNAVAILABLE
    history = read[0] if read else read_history(catalog_root)  # where nothing forks, meanwhile never ran
    if isinstance(history, Exception):
        raise history
    return catalog, history


def _may_write(out: Path, catalog_root: Path) -> bool:
    """Whether `out` looks writable now (then the history is worth reading while the catalog loads).
    Judged again, and said, after the catalog's own errors: a folder that cannot even be looked at
    is no reason to hide them."""
    try:
        return out_problem(out, protected_folders(catalog_root)) is None
    except OSError:
        return False


def _warm_up() -> None:
    """MkDocs, which the page stages load on first use, loaded while the catalog is read in a child."""
    from mkdocs.commands import build  # noqa: F401
    from mkdocs import config  # noqa: F401


def _is_good(result: tuple) -> bool:
    """In the child: whether its (report, catalog) is a catalog to build from (then the words are wanted)."""
    return result[1] is not None


def _load_words() -> None:
    """jieba's dictionary and the word levels (the related records, MkDocs's search and the search
    index cut words), loaded while the child writes a good catalog for this process (a second on a
    core that idled then), before MkDocs's config loads its search plugin (which imports jieba) and
    before the first job worker forks: every worker inherits them instead of loading its own. Not
    while the child loads and enriches the catalog: their 70 MiB sat beside the child and its workers
    at those peaks of memory. Nor before the child forks, for it to share: the child and its worker
    then copied much of it as they cut words, 125 MiB more at the load's peak at 25,000 records."""
    from xyhf.search.tokens import cjk_words
    from xyhf.search.weights import token_specificity

    cjk_words("预热")
    token_specificity("预热")
