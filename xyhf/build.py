"""`xyhf build`: check → enrich → render → write. Orchestration only."""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import os
import re
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from xyhf.model import Catalog, Record
from xyhf.pipeline import load_valid_catalog
from xyhf.render import contract, data, feeds, pages, record_page
from xyhf.search import index as search
from xyhf.search import related
from xyhf.render.text import esc, plain
from xyhf.write import Staging

from xyhf.paths import ASSETS_DIR, MKDOCS_CONFIG, PROSE_DIR, SCHEMA_DIR
TEMPLATE_DIR = "records/__template__"
TEMPLATE_MD = """---
title: XYHFTITLEPLACEHOLDER
description: XYHFDESCPLACEHOLDER
xyhf_record_template: true
search:
  exclude: true
hide:
  - navigation
  - toc
---

XYHFBODYPLACEHOLDER
"""


def update_date(catalog: Catalog) -> str:
    """The data's own latest date: the same catalog gives the same stamps on any build day."""
    dates = [r.listed_on for r in catalog.records] + [r.status_since for r in catalog.records if r.status_since]
    dates += [p.published_on for p in catalog.promotions]
    return max(dates, default="2025-12-24")


def site_url_of() -> str:
    from mkdocs.config import load_config
    url = os.environ.get("XYHF_SITE_URL") or load_config(str(MKDOCS_CONFIG)).site_url or "/"
    return url if url.endswith("/") else url + "/"


def prepare_docs(docs: Path, catalog: Catalog) -> None:
    shutil.copytree(PROSE_DIR, docs)
    shutil.copytree(ASSETS_DIR, docs / "assets")
    generated = {**pages.holder_pages(catalog), **pages.browse_pages(catalog), **pages.promotion_pages(catalog),
                 "stats.md": pages.stats_page(catalog), f"{TEMPLATE_DIR}.md": TEMPLATE_MD}
    for rel, text in generated.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    fill = {
        "index.md": {"progress": pages.progress_html(catalog), "newest": pages.newest_html(catalog, "")},
        "downloads.md": {"downloads": downloads_table(catalog)},
        "contract/index.md": {"contract": contract.render_contract_html()},
        "guide.md": {"field-reference": pages.field_reference()},
    }
    for rel, markers in fill.items():
        path = docs / rel
        text = path.read_text(encoding="utf-8")
        for name, html in markers.items():
            text = text.replace(f"<!-- xyhf:{name} -->", html)
        path.write_text(text, encoding="utf-8")


def downloads_table(catalog: Catalog) -> str:
    updated = update_date(catalog)
    rows = [
        ("data/records.json", "全部公开成果，每项一个对象（含派生字段）", "JSON"),
        ("data/records.csv", "全部成果，一行一项", "CSV（UTF-8，带 BOM）"),
        ("data/milestones.csv", "里程碑支付节点，一行一个节点", "CSV"),
        ("data/holders.csv", "持有方", "CSV"),
        ("data/records.xlsx", "成果、里程碑节点、持有方三张表", "Excel"),
        ("data/catalog.sqlite", "同样三张表，可用 Datasette 或数据库工具打开", "SQLite"),
        ("data/holders.json", "持有方（个人电话仅在同意公开时列出）", "JSON"),
        ("data/datapackage.json", "数据包描述：表结构与中文列名", "Frictionless Data Package"),
        ("data/catalog.jsonld", "数据目录", "DCAT（JSON-LD）"),
        ("schemas/record.schema.json", "成果记录的 JSON Schema", "JSON Schema"),
        ("feeds/all.xml", "新入库成果订阅；另有按类型、技术领域、市州的订阅（见下）", "Atom"),
        ("contract/先用后付合同示范文本.docx", "合同示范文本", "Word"),
        ("data/import-template.xlsx", "成果批量导入模板（下拉选项、填写说明；用 xyhf import-xlsx 导入）", "Excel"),
    ]
    body = "".join(f'<tr><td><a href="../{esc(p)}">{esc(p.rsplit("/", 1)[-1])}</a></td><td>{esc(d)}</td><td>{esc(f)}</td></tr>'
                   for p, d, f in rows)
    feed_links = "".join(f'<li><a href="../feeds/{esc(fid)}.xml">{esc(title)}</a>（{len(recs)}）</li>'
                         for fid, title, recs in feeds.feed_list(catalog)[1:] if recs)
    return (f"<p>数据更新日期：{esc(updated)} · 许可：{esc(data.LICENSE['title'])}</p>"
            '<div class="xyhf-table-wrap"><table class="xyhf-list"><thead><tr><th scope="col">文件</th><th scope="col">内容</th>'
            f'<th scope="col">格式</th></tr></thead><tbody>{body}</tbody></table></div>'
            f'<details><summary>按类型、技术领域、市州订阅新成果</summary><ul class="xyhf-columns">{feed_links}</ul></details>')


def run_mkdocs(docs: Path, site: Path, site_url: str, sample: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(site), site_url=site_url)
    config.extra["sample_data"] = sample
    mkdocs_build(config)


class RecordTemplate:
    """The theme's page around a placeholder, filled per record: the theme renders once, not 25,000 times."""

    SLOTS = re.compile(r"<p>XYHFBODYPLACEHOLDER</p>|<!--XYHF-HEAD-->|XYHFDESCPLACEHOLDER|XYHFTITLEPLACEHOLDER|"
                       + re.escape(TEMPLATE_DIR + "/"))

    def __init__(self, html: str):
        if "<p>XYHFBODYPLACEHOLDER</p>" not in html or "<!--XYHF-HEAD-->" not in html:
            raise RuntimeError("record template lost its markers")
        # Split once into literal text and slot names; each page is then one join.
        self.parts: list[str] = []
        self.slots: list[str] = []
        pos = 0
        for m in self.SLOTS.finditer(html):
            self.parts.append(html[pos:m.start()])
            self.slots.append(m.group(0))
            pos = m.end()
        self.tail = html[pos:]

    def render(self, record: Record, body: str, head: str) -> str:
        values = {"<p>XYHFBODYPLACEHOLDER</p>": body, "<!--XYHF-HEAD-->": head,
                  "XYHFDESCPLACEHOLDER": esc(plain(record.summary)[:120]), "XYHFTITLEPLACEHOLDER": esc(record.title),
                  TEMPLATE_DIR + "/": f"records/{record.code}/"}
        out = []
        for literal, slot in zip(self.parts, self.slots):
            out.append(literal)
            out.append(values[slot])
        out.append(self.tail)
        return "".join(out)


def render_record_pages(stage: Staging, catalog: Catalog, records: list[Record], site_url: str) -> None:
    template = RecordTemplate(stage.read(f"{TEMPLATE_DIR}/index.html"))
    stage.remove(TEMPLATE_DIR)
    neighbours = related.related(records)
    for record, near in zip(records, neighbours):
        body = record_page.record_body(record, catalog, [records[j] for j in near])
        head = record_page.record_jsonld(record, catalog, site_url)
        stage.write(f"records/{record.code}/index.html", template.render(record, body, head))


def write_sitemap(stage: Staging, records: list[Record], site_url: str, updated: str, epoch: int) -> None:
    text = stage.read("sitemap.xml")
    urls = [u for u in re.findall(r"<loc>(.*?)</loc>", text) if TEMPLATE_DIR not in u]
    urls += [f"{site_url}records/{r.code}/" for r in records]
    body = "".join(f"<url><loc>{esc(u)}</loc><lastmod>{updated}</lastmod></url>" for u in urls)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           f"{body}</urlset>\n")
    stage.write("sitemap.xml", xml)
    stage.write("sitemap.xml.gz", gzip.compress(xml.encode("utf-8"), 9, mtime=epoch))


def _contracts_job(stage_root: str, catalog: Catalog, records: list[Record], epoch: int) -> str:
    """Runs in a forked worker beside the page rendering; writes into the same staging folder."""
    import time
    from xyhf.render.zipfix import normalize_zip
    from xyhf.importers.xlsx import render_template
    started = time.perf_counter()
    stage = Staging.at(Path(stage_root))
    n = stage.write_all(contract.render_contracts(catalog, records, epoch))
    stage.write("data/import-template.xlsx", normalize_zip(render_template(), epoch))
    n += stage.write_all(data.render_promotion_files(catalog, epoch))
    return f"contracts: {n} files in {time.perf_counter() - started:.1f} s (worker)"


def _xlsx_job(stage_root: str, catalog: Catalog, records: list[Record], epoch: int) -> str:
    import time
    started = time.perf_counter()
    stage = Staging.at(Path(stage_root))
    tables = data.build_tables(catalog, records)
    stage.write("data/records.xlsx", data.render_xlsx([(n, t, c, tables.rows(n)) for n, t, c in data.TABLES], epoch))
    return f"records.xlsx in {time.perf_counter() - started:.1f} s (worker)"


class Timer:
    """Stage timings and peak memory on stderr when XYHF_TIMINGS=1 (for the benchmark)."""

    def __init__(self) -> None:
        import time
        self.on = os.environ.get("XYHF_TIMINGS") == "1"
        self.clock = time.perf_counter
        self.last = self.clock()

    def __call__(self, stage: str) -> None:
        if self.on:
            import resource
            now = self.clock()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  [{stage}] {now - self.last:.1f} s, peak {peak:.0f} MiB", file=sys.stderr)
            self.last = now


def build_site(catalog_root: Path, out: Path, today: dt.date) -> int:
    tick = Timer()
    report, catalog = load_valid_catalog(catalog_root, today)
    tick("check")
    if report.diagnostics:
        print(report.render("text"), file=sys.stderr)
    if catalog is None:
        print(f"成果库有错误，未生成网站；{out} 保持原样。", file=sys.stderr)
        return 1
    updated = update_date(catalog)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or
                dt.datetime.fromisoformat(updated).replace(tzinfo=dt.UTC).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # mkdocs and the theme read it for their dates
    site_url = site_url_of()
    records = catalog.published()
    with Staging(out) as stage, tempfile.TemporaryDirectory(prefix="xyhf-docs-") as scratch:
        with ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
            prepare_docs(Path(scratch) / "docs", catalog)
            run_mkdocs(Path(scratch) / "docs", stage.root, site_url, catalog.sample_data)
            tick("mkdocs")
            # Heavy binary outputs run beside the pages, in forked workers writing into the stage.
            jobs = [pool.submit(_contracts_job, str(stage.root), catalog, records, epoch),
                    pool.submit(_xlsx_job, str(stage.root), catalog, records, epoch)]
            render_record_pages(stage, catalog, records, site_url)
            tick("record pages")
            stage.write_all(search.render_search_index(catalog, records))
            tick("search index")
            stage.write_all(data.render_data(catalog, records, site_url, updated, epoch, xlsx=False))
            tick("data")
            stage.write_all(feeds.render_feeds(catalog, site_url))
            tick("feeds")
            for schema in sorted(SCHEMA_DIR.glob("*.json")):
                stage.write(f"schemas/{schema.name}", schema.read_bytes())
            write_sitemap(stage, records, site_url, updated, epoch)
            for job in jobs:
                tick(f"waiting for {job.result()}")
        stage.commit()
    print(f"已生成网站：{out}（{len(records)} 项成果）")
    return 0
