"""`make bench`: search and matching quality on the 2,500-record dev set (tests/data/judged-dev, from
shared/judged), per kind and overall: nDCG@10, recall@10 and zero-result share of
- the search through its Python twin (xyhf.search.query, tested equal to the page's script),
- the same queries typed into the built page in headless Chromium (the first ten results shown),
- the need → record matcher (the 50 need files, data/matches.csv's order),
- jieba + BM25, the baseline of shared/judged/evaluate.py (computed when shared/ is beside the
  repository, else the figures of its baseline.md).
"""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from xyhf.search import devset
from xyhf.search.index_files import IndexFiles

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "judged" / "evaluate.py"
TARGETS = "targets: search all >= 0.80 and above BM25 per kind; matcher >= 0.75; need queries never zero"


def run(out: Path) -> list[str]:
    dev = devset.prepare(ROOT / "tests/data/judged-dev", out, ROOT / "catalog/synonyms.yaml")
    site = out / "site"
    env = {**os.environ, "XYHF_TODAY": devset.TODAY.isoformat()}
    subprocess.run(
        [str(ROOT / ".venv/bin/xyhf"), "build", "--catalog", str(dev.catalog), "--out", str(site), "--quiet"], check=True, env=env
    )
    rows = [("search (Python twin)", devset.search_scores(dev, IndexFiles(site).search_codes))]
    page = _through_the_page(dev, site)
    if page:
        rows.append(("search (page, Chromium)", page))
    rows.append(("matcher (matches.csv)", devset.match_scores(dev, _matches(site))))
    rows.append(_baseline(dev))
    lines = [f"dev set {name:>24}: " + _cells(scores) for name, scores in rows]
    return lines + [f"dev set {'':>24}  ({TARGETS})"]


def _cells(scores: dict) -> str:
    order = [k for k in ("keyword", "need", "hard", "all") if k in scores]
    return (
        "; ".join(f"{k} {scores[k]['ndcg']:.3f}/{scores[k]['recall']:.3f}/{scores[k]['zero']:.0%}" for k in order)
        + "  (nDCG@10/R@10/zero)"
    )


def _matches(site: Path) -> dict[str, list[str]]:
    ranked: dict[str, list[tuple[int, str]]] = {}
    with (site / "data/matches.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            ranked.setdefault(row["need"], []).append((int(row["rank"]), row["record"]))
    return {need: [code for _, code in sorted(rows)] for need, rows in ranked.items()}


def _baseline(dev: devset.DevSet) -> tuple[str, dict]:
    if not SHARED.exists():
        return "jieba+BM25 (baseline.md)", {
            k: {"ndcg": v, "recall": float("nan"), "zero": float("nan")} for k, v in devset.BM25.items()
        }
    spec = importlib.util.spec_from_file_location("shared_evaluate", SHARED)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bm25 = module.BM25(dev.catalog)
    return "jieba+BM25 (evaluate.py)", devset.search_scores(dev, bm25.search)


def _through_the_page(dev: devset.DevSet, site: Path) -> dict | None:
    """Every query typed into catalog/?kw=… as a visitor would; the codes the page lists, in order."""
    try:
        from playwright.sync_api import sync_playwright
        from search_bench import LAUNCH_ARGS, serve
    except ImportError as exc:
        print(f"dev set: the page was not measured ({exc})", file=sys.stderr)
        return None
    server, base = serve(site)
    shown: dict[str, list[str]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            page = browser.new_page()
            for q in dev.queries:
                page.goto(base + "catalog/?kw=" + quote(q["text"]))
                page.wait_for_function("() => { const r = document.querySelector('#xyhf-search'); return r && r.dataset.ready; }")
                hrefs = page.eval_on_selector_all(".xyhf-results h2 a", "els => els.map(e => e.getAttribute('href'))")
                shown[q["text"]] = [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]
            browser.close()
    finally:
        server.shutdown()
    return devset.search_scores(dev, lambda text: shown.get(text, []))
