"""`xyhf build`: load → validate → enrich → render → write. Orchestration only."""

from __future__ import annotations

import datetime as dt
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from xyhf.paths import ASSETS_DIR, MKDOCS_CONFIG, PROSE_DIR, SCHEMA_DIR
from xyhf.pipeline import load_valid_catalog
from xyhf.progress import Progress
from xyhf.render import jobs, prose, site
from xyhf.render.events import event_pages as events
from xyhf.render.needs import city_kit
from xyhf.render.deals import outcomes
from xyhf.render.documents import calendar, feeds, need_feeds
from xyhf.render.opendata import data, tables as open_tables
from xyhf.render.base import lean
from xyhf.render.records import history as history_out
from xyhf.render.base.shell import NEED_SHELL, RECORD_SHELL, TOKENS
from xyhf.search import index as search_index
from xyhf.source.history import NO_HISTORY, read_history
from xyhf.write import SiteWriter, out_problem, protected_folders


def build_site(catalog_root: Path, out: Path, today: dt.date, quiet: bool = False) -> int:
    progress = Progress(quiet)
    report, catalog = load_valid_catalog(catalog_root, today)
    progress.stage("校验")
    if report.diagnostics:
        print(report.render("text"), file=sys.stderr)
    if catalog is None:
        print(f"成果库有错误，未生成网站；{out} 保持原样。", file=sys.stderr)
        return 1
    refused = out_problem(out, protected_folders(catalog_root))
    if refused:
        print(refused, file=sys.stderr)
        return 1
    settings = site.settings_for(catalog)
    records = catalog.published()
    history = read_history(catalog_root)  # one git pass; dates from the commits, not the clock
    if not history.available:
        print(NO_HISTORY, file=sys.stderr)
    changes = history_out.rows(history, catalog)
    progress.stage("修改历史")
    generated = site.generated_pages(catalog, settings.site_url) + [history_out.changes_page(history, catalog, changes)]
    with SiteWriter(out) as writer, ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
        # Heavy binary outputs run beside the pages in forked workers that return bytes.
        tables = open_tables.build_tables(catalog, records)  # once: the open data and the workbook share them
        pending = jobs.submit_all(pool, catalog, records, tables, settings.epoch, writer, settings.site_url)
        writer.run_mkdocs(
            MKDOCS_CONFIG,
            PROSE_DIR,
            ASSETS_DIR,
            site.stubs(generated),
            settings.site_url,
            {"sample_data": catalog.sample_data},
            settings.epoch,
        )
        progress.stage("MkDocs")
        expected = {site.html_path(page.path) for page in generated} | {f"{RECORD_SHELL}/index.html", f"{NEED_SHELL}/index.html"}
        leaked = [rel for rel in writer.html_files() if rel not in expected and any(t in writer.read(rel) for t in TOKENS)]
        if leaked:  # the theme put a placeholder on a page that is never filled: fail loudly, publish nothing
            raise RuntimeError(f"placeholders leaked into {leaked[:5]}")
        writer.write_all(site.filled_pages(writer.read, generated, prose.prose_blocks(catalog, settings.updated)))
        shell, chrome = lean.lighten(writer.read(f"{RECORD_SHELL}/index.html"))
        need_shell, need_chrome = lean.lighten(writer.read(f"{NEED_SHELL}/index.html"))
        if need_chrome != chrome:  # one script serves both kinds of page
            raise RuntimeError("record and need shells defer different theme markup")
        writer.remove(RECORD_SHELL)
        writer.remove(NEED_SHELL)
        writer.write(lean.CHROME_JS, chrome)
        record_pages = site.record_pages(shell, catalog, records, settings.site_url, history)
        # Documents finished by the workers are written as pages go, not held until the end.
        writer.write_all(pending.interleaved(progress.counted("成果页面", record_pages, len(records))))
        writer.write_all(pending.interleaved(site.need_pages(need_shell, catalog, settings.site_url)))
        writer.write_all(search_index.render_search_index(catalog, records))
        progress.stage("检索索引")
        pending.drain()
        writer.write_all(data.render_data(catalog, tables, settings.site_url, settings.updated))
        writer.write_all(feeds.render_feeds(catalog, settings.site_url))
        writer.write_all(history_out.history_files(changes, settings.site_url))
        writer.write_all(need_feeds.render_need_feeds(catalog, settings.site_url))
        writer.write_all(outcomes.institution_files(catalog, today, settings.epoch))
        writer.write_all(city_kit.kit_files(catalog, settings.epoch))
        writer.write_all(calendar.render_calendars(catalog, settings.updated))
        writer.write_all(events.event_calendars(catalog, settings.site_url, settings.updated))
        writer.write_all((f"schemas/{p.name}", p.read_bytes()) for p in sorted(SCHEMA_DIR.glob("*.json")))
        writer.write_all(site.sitemap(writer.read("sitemap.xml"), records, settings))
        progress.stage("开放数据与订阅")
        pending.finish()
        progress.stage("合同与表格")
        writer.commit()
    from xyhf import figures

    shown = figures.published_count(catalog)
    print(f"已生成网站：{out}（已发布成果 {shown} 项，成果页面 {len(records)} 个，含已撤回的）")
    return 0
