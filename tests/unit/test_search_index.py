"""The search index: tokenizer parity with search.js, sharding, field weights."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from xyhf.search.index import fnv1a
from xyhf.search.postings import index_tokens
from xyhf.search.query import QueryMeta, needed_tokens, pieces


def query_tokens(text: str) -> list[str]:
    """What a query fetches first (search/query.py, the twin of search-core.js), no filler words."""
    return needed_tokens(pieces(text, QueryMeta([], "", {})))


SEARCH_JS = ROOT / "xyhf" / "theme" / "assets" / "xyhf" / "search-core.js"


def test_partial_words_and_codes():
    assert set(query_tokens("合金涂层")) <= index_tokens("高熵合金涂层及其制备方法")
    assert set(query_tokens("科学院")) <= index_tokens("中国科学院")
    assert set(query_tokens("HNXY-2026-ZL-00042-4")) <= index_tokens("HNXY-2026-ZL-00042-4")
    assert "2017106" in index_tokens("ZL201710601862.3")  # a number found while being typed
    assert query_tokens("金") == ["金"] and "金" in index_tokens("合金")


def test_fullwidth_and_case_are_normalised():
    assert query_tokens("ＨＮＸＹ") == ["hnxy"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_tokenizer_and_hash_match_the_browser_code():
    """The same texts through Python and through search.js (in Node) give the same tokens and shards."""
    texts = [
        json.loads(line)["abstract"][:300]
        for line in (ROOT / "tests/data/kppatent-zh-slice.jsonl").read_text(encoding="utf-8").splitlines()[:150]
    ]
    texts += ["HNXY-2026-ZL-00042-4 ZL201710601862.3", "ＡＢＣ全角１２３", "中国科学院（长沙）", "ÉCOLE école İ"]
    script = f"""
const s = require({json.dumps(str(SEARCH_JS))});
const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(texts.map(t => [s.indexTokens(t), s.indexTokens(t).map(x => s.fnv1a(s.shardKey(x)))])));
"""
    out = subprocess.run(["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True)
    from xyhf.search.index import shard_key

    for text, (js_index, js_hashes) in zip(texts, json.loads(out.stdout), strict=True):
        assert js_index == sorted(index_tokens(text)), text
        assert js_hashes == [fnv1a(shard_key(t)) for t in sorted(index_tokens(text))], text


def test_built_index_finds_records_by_partial_word(built_site):
    from xyhf.search.index import shard_key

    meta = json.loads((built_site / "search-index/meta.json").read_text(encoding="utf-8"))
    shards = meta["shards"]

    def docs_for(token: str) -> set[int]:
        shard = json.loads(
            (built_site / f"search-index/s/{fnv1a(shard_key(token)) & (shards - 1)}.json").read_text(encoding="utf-8")
        )
        from xyhf.search.query import decode

        found = decode(shard.get(token))
        return set() if found is None else set(found[0].tolist())

    title, code = json.loads((built_site / "search-index/t/0.json").read_text(encoding="utf-8"))[0]
    assert code.startswith("HNXY-")
    part = title[2:5]
    found = set.intersection(*(docs_for(t) for t in query_tokens(part)))
    assert 0 in found
    cols = json.loads((built_site / "search-index/cols.json").read_text(encoding="utf-8"))
    assert meta["n"] == len(cols["listed"]) == len(meta["facets"]["type"]["values"])
    assert "title" not in meta, "titles come in chunks, not in meta.json"


def test_a_words_shard_is_the_shard_of_its_first_pair(built_site):
    """The browser segments a query with the words it finds in the shards of the query's pairs."""
    from xyhf.search.index import shard_key

    meta = json.loads((built_site / "search-index/meta.json").read_text(encoding="utf-8"))
    words = 0
    for path in (built_site / "search-index/s").glob("*.json"):
        shard = int(path.stem)
        for token, entry in json.loads(path.read_text(encoding="utf-8")).items():
            if token == "":  # the titles of its common terms' best records (test_title_hints_*)
                continue
            assert fnv1a(shard_key(token)) & (meta["shards"] - 1) == shard
            if len(token) > 2 and "\u4e00" <= token[0] <= "\u9fff":
                assert fnv1a(token[:2]) & (meta["shards"] - 1) == shard
                words += 1
            assert len(entry) in (2, 3, 4) and (len(entry) == 2 or entry[2] in (0, 1))
    assert words > 100


def test_title_hints_are_the_best_records_of_each_common_term_with_their_real_titles(built_site):
    """A shard's hints let a keystroke list its results without title chunks: every hinted title and
    code is the record's own, and a single character's best records by impact are hinted."""
    from xyhf.search.index import HINT_TOP, HINTS
    from xyhf.search.query import decode

    meta = json.loads((built_site / "search-index/meta.json").read_text(encoding="utf-8"))
    size = meta["title_chunk"]
    chunks = {}

    def row(doc: int) -> list:
        k = doc // size
        if k not in chunks:
            chunks[k] = json.loads((built_site / f"search-index/t/{k}.json").read_text(encoding="utf-8"))
        return chunks[k][doc % size]

    from xyhf.search.index import unpacked

    status = {"keys": meta["facets"]["status"]["keys"], "values": unpacked(meta["facets"]["status"]["values"])}
    checked = 0
    for path in sorted((built_site / "search-index/s").glob("*.json")):
        shard = json.loads(path.read_text(encoding="utf-8"))
        hinted = {doc: [title, code] for doc, title, code in shard.get(HINTS, [])}
        for doc, title_code in hinted.items():
            assert row(doc) == title_code
        for token, entry in shard.items():
            if len(token) != 1 or token == HINTS:
                continue
            docs, impacts = decode(entry)
            best = sorted(zip(docs.tolist(), impacts.tolist(), strict=True), key=lambda d: (-d[1] * factor(status, d[0]), d[0]))
            assert {d for d, _ in best[:HINT_TOP]} <= set(hinted), token
            checked += 1
    assert checked > 100


def factor(status: dict, doc: int) -> float:
    from xyhf.search.query import STATUS_FACTOR

    return STATUS_FACTOR[status["keys"][status["values"][doc]]]


def test_title_hints_break_ties_as_the_page_does_newest_first():
    """A first character ties thousands of records at one impact: the hinted ten must be the ten the
    page lists (highest impact × status, then the lowest doc id), not any ten of the tied."""
    import dataclasses

    import numpy as np

    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog
    from xyhf.search.index import title_hints
    from xyhf.search.postings import Postings

    records = [r for r in load_valid_catalog(ROOT / "catalog", TODAY)[1].published()]
    records = [dataclasses.replace(r, status="available") for r in records] * 40  # ties far beyond any shortlist
    n = len(records)
    weights = np.full(n, 7.0)
    weights[[5, 40, 66]] = 9.0  # three stronger ones lead, then the newest seven of the ties
    postings = Postings(["电"], [0, n], np.arange(n, dtype=np.int64), weights, frozenset(), n)
    [hinted] = title_hints(postings, records, 1)
    assert hinted == {5, 40, 66, 0, 1, 2, 3, 4, 6, 7}


def test_what_a_query_fetches_first_covers_every_piece_in_order():
    # Runs give their pairs, ASCII words themselves, a reviewed concept its token and then its own
    # surface (pairs when Chinese, the word when not), each token once, in the query's order.
    meta = QueryMeta([], "高熵合金", {"高熵合金": "c:hea", "pla": "c:pla"}, ascii="(?<![a-z0-9])(?:pla)(?![a-z0-9])")
    ps = pieces("高熵合金涂层 PLA 薄膜 abc", meta)
    assert [(p.kind, p.text) for p in ps] == [
        ("concept", "高熵合金"),
        ("run", "涂层"),
        ("concept", "pla"),
        ("run", "薄膜"),
        ("ascii", "abc"),
    ]
    assert needed_tokens(ps) == ["c:hea", "高熵", "熵合", "合金", "涂层", "c:pla", "pla", "薄膜", "abc"]
    assert needed_tokens(pieces("涂层涂层", meta)) == ["涂层", "层涂"]  # repeats once


def test_a_query_in_traditional_characters_is_read_in_simplified():
    # The fold table (traditional, simplified pairs) as meta.json carries it: every pair is read,
    # the last one too; reviewed variants become their standard form.
    meta = QueryMeta([], "", {}, variants={"锂电": "锂电池"}, variant_pattern="锂电(?!池)", fold="體体電电")
    assert meta.normalize("固體電池") == "固体电池"
    assert meta.normalize("锂电 锂电池") == "锂电池 锂电池"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=300), st.integers(min_value=0, max_value=5))
def test_postings_group_by_a_counting_sort_exactly_as_a_stable_argsort(keys, spare):
    """The postings' grouping (scipy's COO → CSR) is numpy's stable argsort and a cumulative
    bincount: docs stay ascending within a token, tokens with no postings get empty runs."""
    from xyhf.search.postings import _grouped

    key = np.asarray(keys, dtype=np.int32)
    groups = (max(keys) + 1 if keys else 0) + spare
    order, starts = _grouped(key, groups)
    assert order.tolist() == np.argsort(key, kind="stable").tolist()
    assert starts == [0, *np.cumsum(np.bincount(key, minlength=groups)).tolist()]
