"""One scoring model (BM25F) for the search and the need–record matcher: field weights, impacts,
idf and specificity in one place (search/weights.py); the matcher reads the same posting lists as
the search index and ranks a need as the search ranks a query."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xyhf.search import match
from xyhf.search import weights as w
from xyhf.search.postings import build_postings, record_tokens
from xyhf.search.query import Term, rank


@pytest.fixture(scope="module")
def sample():
    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog

    return load_valid_catalog(ROOT / "catalog", TODAY)[1]


def test_idf_weighs_a_rare_term_more_and_never_divides_by_zero():
    assert w.idf(100, 1) > w.idf(100, 10) > w.idf(100, 100) > 0
    assert w.idf(100, 0) == math.log(1 + 100.5 / 0.5)


def test_impact_saturates_with_frequency_and_falls_with_length():
    tf = np.array([1.0, 2.0, 4.0, 40.0])
    levels = w.impact_levels(tf, np.full(4, 100.0), 100.0)
    assert levels.tolist() == sorted(levels.tolist()) and levels[-1] <= w.LEVELS
    gains = [int(levels[1]) - int(levels[0]), (int(levels[2]) - int(levels[1])) / 2, (int(levels[3]) - int(levels[2])) / 36]
    assert gains == sorted(gains, reverse=True) and gains[-1] < gains[0]  # each extra occurrence adds less
    short, long = w.impact_levels(np.array([2.0, 2.0]), np.array([50.0, 400.0]), 100.0)
    assert short > long >= 1


def test_specificity_lowers_everyday_words_and_pairs_across_words():
    assert w.specificity("锅炉") > w.specificity("办法") > 0
    assert w.specificity("滤网") == w.SPECIFIC
    assert w.specificity("的旧") <= w.specificity("的") + 1  # no word: as specific as its commoner character


def test_the_query_side_scores_a_term_by_weight_times_idf_times_impact():
    postings = {"合金": (np.array([0, 3]), np.array([30.0, 10.0]))}
    ranked = rank([Term("pair", "合金")], postings.get, 10, np.ones(10), lambda _: 10)
    assert ranked.ids.tolist() == [0, 3]
    assert ranked.values.tolist() == [1.0 * w.idf(10, 2) * 30.0, 1.0 * w.idf(10, 2) * 10.0]
    half = rank([Term("pair", "合金")], postings.get, 10, np.ones(10), lambda _: 5)
    assert half.values[0] == pytest.approx(ranked.values[0] / 2)


def test_more_matched_terms_rank_higher_and_no_term_is_required():
    postings = {"甲": (np.array([0, 1]), np.array([20.0, 20.0])), "乙": (np.array([1, 2]), np.array([20.0, 20.0]))}
    ranked = rank([Term("pair", "甲"), Term("pair", "乙")], postings.get, 10, np.ones(10), lambda _: 10)
    assert ranked.ordered()[0] == 1 and set(ranked.ids.tolist()) == {0, 1, 2}


def test_a_record_field_weighs_as_its_field_weight(sample):
    record = next(r for r in sample.published() if r.keywords and r.keywords[0] not in r.title)
    tf, _ = record_tokens(record, "")
    title_pair = next(t for t in (record.title[i : i + 2] for i in range(len(record.title) - 1)) if t not in record.summary)
    assert tf[title_pair] % w.TITLE == 0


def test_the_matcher_reads_the_same_postings_as_the_search_index(sample):
    records = [r for r in sample.published() if r.code]
    index_postings = build_postings(records, lambda _: "", sample.lexicon)
    matcher = match.CatalogIndex(index_postings, match.query_meta(sample.lexicon))
    token = index_postings.tokens[len(index_postings.tokens) // 2]
    k = index_postings.tokens.index(token)
    docs = matcher.docs(token)
    assert docs is not None
    assert docs[0].tolist() == index_postings.docs[index_postings.starts[k] : index_postings.starts[k + 1]].tolist()


def test_postings_counted_by_forked_workers_equal_one_process(sample, monkeypatch):
    from xyhf.search.postings import count_in_parallel

    records = [r for r in sample.published() if r.code]
    name = lambda h: sample.holders[h].name  # noqa: E731
    one = build_postings(records, name, sample.lexicon, workers=1)
    counts = count_in_parallel(records, name, sample.lexicon, workers=3, minimum=0)
    assert counts is not None and len(counts.counts) == len(records)
    assert count_in_parallel(records, name, sample.lexicon, workers=3) is None  # 72 records: one process
    monkeypatch.setattr("xyhf.search.postings.PARALLEL_FROM", 0)
    three = build_postings(records, name, sample.lexicon, workers=3)
    assert three.tokens == one.tokens and three.starts == one.starts and three.word_pairs == one.word_pairs
    assert np.array_equal(three.docs, one.docs) and np.array_equal(three.weights, one.weights)


def test_specificity_levels_run_from_1_to_10_over_the_general_idf_scale():
    assert w._level(None) == w.SPECIFIC
    assert [w._level(v) for v in (3.0, 4.0, 4.3, 7.0, 10.0, 11.0)] == [1, 1, 1, 5, 10, 10]
    assert (w.specificity("以后"), w.specificity("锅炉")) == (1, 8)  # idf 4.3 and 8.5 in jieba's table
    assert (
        w.specificity("旧炉") == w.specificity("炉旧") == 4 == min(w.specificity("旧"), w.specificity("炉"))
    )  # no word: its commoner character
    assert w.specificity("氢化锂电") == w.SPECIFIC  # longer and in no table: rarer than anything in it
    assert (w.token_specificity("abc"), w.token_specificity("以后")) == (w.SPECIFIC, 1)  # only Chinese is looked up


def test_impact_levels_are_clipped_to_1_and_levels():
    levels = w.impact_levels(np.array([1.0, 1000.0, 0.001]), np.array([100.0, 1.0, 10000.0]), 100.0)
    assert levels.tolist() == [18, 40, 1] and levels.dtype == np.uint8
    assert w.idf(10, 2) == math.log(1 + 8.5 / 2.5)


def test_the_postings_cut_of_ids_counts_what_the_plain_cut_counts(sample):
    """The postings cut each text once and keep its tokens as ids (postings._IdCut): for every record,
    each id's count is the count of its token by the plain cut, and the jieba pairs are the same."""
    from xyhf.search.postings import _IdCut, _Vocabulary

    vocab = _Vocabulary()
    cut = _IdCut(vocab, sample.lexicon)
    for record in sample.records:
        name = sample.holders[record.holder].name
        plain, plain_pairs = record_tokens(record, name, sample.lexicon)
        by_id, pairs = record_tokens(record, name, sample.lexicon, cut)
        tokens = list(vocab)
        assert {tokens[i]: n for i, n in by_id.items()} == dict(plain) and pairs == plain_pairs
        assert list(by_id) == [vocab[t] for t in plain], "in the same order: the postings' ties stay put"
    assert cut.cache, "texts were cut once and kept"


def test_the_matcher_reads_views_of_the_postings_never_copies(sample):
    records = [r for r in sample.published() if r.code]
    postings = build_postings(records, lambda _: "", sample.lexicon)
    matcher = match.CatalogIndex(postings, match.query_meta(sample.lexicon))
    docs = matcher.docs(postings.tokens[0])
    assert docs is not None
    assert np.shares_memory(docs[0], postings.docs) and np.shares_memory(docs[1], postings.weights)
    assert docs[1].dtype == np.uint8 and postings.docs.dtype == np.int32


def test_word_levels_are_the_levels_of_the_general_idf_table():
    """The table keeps each word's level, not its idf: the level of a word is _level of its idf."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None
    lines = (Path(spec.origin).parent / "analyse" / "idf.txt").read_text(encoding="utf-8").splitlines()
    for line in lines[:: len(lines) // 500]:
        word, _, value = line.partition(" ")
        assert w.specificity(word) == w._level(float(value)), word
