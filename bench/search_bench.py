"""Search figures in headless Chromium: bytes before first results, milliseconds per keystroke.

Bytes are counted as a static host serves them, gzip-compressed: every file the page fetched
from its load until the first results of a query were on screen (search.js, meta.json,
shards, the result rows' JSON). The theme's own page, CSS and JS are reported apart.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

QUERIES = [
    "合金",
    "合金涂层",
    "电池",
    "图像处理方法",
    "中药",
    "HNXY-2026",
    "锂离子电池正极材料",
    "机器人",
    "我们需要一种能提高锂电池循环寿命的正极材料",
    "想降低铸件气孔率，有没有合适的技术",
]
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def gz_size(site: Path, url: str) -> int:
    path = site / unquote(urlparse(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), 6, mtime=0)) if path.is_file() else 0


def measure(site: Path, size: int) -> list[str]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    lines = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            search_bytes, theme_bytes, keystroke_ms, index_ms, rows_ms, slow = [], [], [], [], [], []
            for query in QUERIES:
                context = browser.new_context()  # a cold cache for every query
                page = context.new_page()
                urls: list[str] = []
                page.on("request", lambda r, urls=urls: urls.append(r.url))
                page.goto(base + "catalog/")
                page.wait_for_selector("#xyhf-search[data-ready]")
                urls.clear()
                loaded = page.get_attribute("#xyhf-search", "data-ready")
                page.fill("#xyhf-q", query)
                page.wait_for_function(f"document.querySelector('#xyhf-search').dataset.ready !== '{loaded}'")
                page.wait_for_timeout(50)
                first = [u for u in urls]
                data = (
                    sum(gz_size(site, u) for u in first)
                    + gz_size(site, base + "search-index/meta.json")
                    + gz_size(site, base + "search-index/cols.json")
                    + gz_size(site, base + "assets/xyhf/search-core.js")
                    + gz_size(site, base + "assets/xyhf/search.js")
                )
                search_bytes.append(data)
                theme_bytes.append(gz_size(site, base + "catalog/"))
                # Then type the query again one character at a time, caches warm, as a person does.
                page.fill("#xyhf-q", "")
                for i in range(1, len(query) + 1):
                    before = page.get_attribute("#xyhf-search", "data-ready")
                    page.type("#xyhf-q", query[i - 1])
                    page.wait_for_function(f"document.querySelector('#xyhf-search').dataset.ready !== '{before}'")
                    keystroke_ms.append(page.evaluate("window.xyhfLastQueryMs"))
                    index_ms.append(page.evaluate("window.xyhfLastIndexMs"))
                    rows_ms.append(page.evaluate("window.xyhfLastRowsMs"))
                    if keystroke_ms[-1] > 50:
                        slow.append(f"{query[:i]}={keystroke_ms[-1]:.0f}")
                context.close()
            browser.close()
        worst = max(search_bytes)
        lines.append(
            f"search  {size:>7} records: before first results {statistics.median(search_bytes) / 1024:.0f} KiB median, "
            f"{worst / 1024:.0f} KiB worst, gzip (targets 150 KB at 2,500, 350 KB at 25,000)"
        )
        lines.append(
            f"search  {size:>7} records: per keystroke median {statistics.median(keystroke_ms):.1f} ms, "
            f"max {max(keystroke_ms):.1f} ms over {len(keystroke_ms)} keystrokes (target ≤ 50 ms): results listed"
        )
        lines.append(
            f"search  {size:>7} records: index answer (count, facets) median {statistics.median(index_ms):.1f} ms, "
            f"max {max(index_ms):.1f} ms; keystrokes over 50 ms: {', '.join(slow) or 'none'}"
        )
        lines.append(
            f"search  {size:>7} records: snippets and verification in place (result files fetched) "
            f"median {statistics.median(rows_ms):.1f} ms, max {max(rows_ms):.1f} ms"
        )
        meta = site / "search-index" / "meta.json"
        shards = list((site / "search-index" / "s").glob("*.json"))
        lines.append(
            f"search  {size:>7} records: meta.json {gz_size(site, base + 'search-index/meta.json') / 1024:.0f} KiB gz, "
            f"cols.json {gz_size(site, base + 'search-index/cols.json') / 1024:.0f} KiB gz, "
            f"{len(shards)} shards, mean shard {statistics.mean(gz_size(site, base + f'search-index/s/{s.name}') for s in shards[:200]) / 1024:.1f} KiB gz"
        )
        del meta
    finally:
        server.shutdown()
    return lines
