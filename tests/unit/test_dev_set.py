"""Search and matching quality where firms search: the 2,500-record dev set (tests/data/judged-dev,
from shared/judged) with 120 judged queries and 50 judged needs. Floors sit a little under what was
measured; every kind stays above jieba + BM25 on the same set (issue 20)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from xyhf.search import devset

# Measured 2026-12-05 (make bench prints the same): search nDCG@10 keyword 0.918, need 0.697,
# hard 0.835, all 0.805; matcher 0.758. BM25 on the same set: 0.902 / 0.566 / 0.420 / 0.641.
SEARCH_FLOORS = {"keyword": 0.905, "need": 0.68, "hard": 0.81, "all": 0.79}
MATCH_FLOOR = 0.74


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    from xyhf.pipeline import load_valid_catalog
    from xyhf.search.index import render_search_index

    work = tmp_path_factory.mktemp("dev")
    dev = devset.prepare(ROOT / "tests/data/judged-dev", work, ROOT / "catalog/synonyms.yaml")
    report, catalog = load_valid_catalog(dev.catalog, devset.TODAY)
    assert catalog is not None, report.render("text")
    for path, data in render_search_index(catalog, catalog.published()):
        (work / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (work / "site" / path).write_bytes(data)
    return dev, catalog, work / "site"


def test_the_search_beats_bm25_on_every_kind_and_stays_above_its_floors(dev):
    from xyhf.search.index_files import IndexFiles

    dev_set, _, site = dev
    scores = devset.search_scores(dev_set, IndexFiles(site).search_codes)
    assert {k: scores[k]["n"] for k in SEARCH_FLOORS} == {"keyword": 40, "need": 50, "hard": 30, "all": 120}
    for kind, floor in SEARCH_FLOORS.items():
        assert scores[kind]["ndcg"] >= floor, (kind, scores[kind])
        assert scores[kind]["ndcg"] > devset.BM25[kind], (kind, scores[kind])
    assert scores["need"]["zero"] == 0.0  # a firm's sentence always finds something


def test_the_matcher_lists_what_the_judges_found_relevant(dev):
    dev_set, catalog, _ = dev
    ranked: dict[str, list[str]] = {}
    for m in catalog.matches:
        ranked.setdefault(m.need, []).append(m.record)
    assert len(dev_set.need_ids) == 50
    scores = devset.match_scores(dev_set, ranked)
    assert scores["need"]["ndcg"] >= MATCH_FLOOR, scores["need"]
    assert scores["need"]["zero"] == 0.0


def test_a_need_lists_a_negotiating_record_when_it_is_the_most_relevant(dev):
    """n49 (retired solar modules): the one relevant record is under negotiation; it is still listed."""
    dev_set, catalog, _ = dev
    code = next(c for c, qid in dev_set.need_ids.items() if qid == "n49")
    [query] = [q for q in dev_set.queries if q["id"] == "n49"]
    best = {j["code"] for j in query["judged"] if j["grade"] == 2}
    listed = [m for m in catalog.matches if m.need == code]
    assert any(catalog.by_code[c].status == "negotiating" for c in best)
    hit = [m for m in listed if m.record in best]
    assert hit and "成果状态：洽谈中" in hit[0].reasons


def test_the_page_engine_ranks_the_dev_queries_as_the_python_twin(dev):
    """Python/JS equality on the dev catalog's own index and its 120 queries (the page's engine,
    fetching shards as it does in the browser)."""
    import shutil

    from test_search_query import assert_engine_ranks_as_python

    if shutil.which("node") is None:
        pytest.skip("node is part of this machine image")
    dev_set, _, site = dev
    assert_engine_ranks_as_python(site, [q["text"] for q in dev_set.queries])
