"""Edges of the search ranking (xyhf/search/query.py rank, scored_terms), read with hand-made
postings: a term in exactly half the records ranks by score, a term in one record still silences a
common one, related terms alone give no coverage, shares stop at one, and a record at exactly the
kept share of the best stays (issue 24 survivors)."""

from __future__ import annotations

import numpy as np

from xyhf.search.query import KEEP, Term, rank, scored_terms


def docs(ids: list[int], impacts: list[float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(ids, dtype=np.int64), np.array(impacts, dtype=float)


def test_a_term_in_exactly_half_the_records_ranks_them_by_score_not_by_age():
    lists = {"甲乙": docs([0, 1, 2, 3, 4], [1.0, 2.0, 3.0, 4.0, 5.0]), "丙丁": docs(list(range(9)), [1.0] * 9)}
    ranked = rank([Term("pair", "甲乙"), Term("pair", "丙丁")], lists.get, 10, np.ones(10))
    assert ranked.ordered() == [4, 3, 2, 1, 0]


def test_a_term_in_one_record_silences_a_term_in_most():
    lists = {"甲乙": docs([7], [5.0]), "丙丁": docs(list(range(9)), [30.0] * 9)}
    ranked = rank([Term("pair", "甲乙"), Term("pair", "丙丁")], lists.get, 10, np.ones(10))
    assert ranked.ordered() == [7]


def test_related_terms_alone_give_records_but_no_coverage_and_no_share():
    lists = {"≈镁合金": docs([2, 5], [3.0, 6.0])}
    ranked = rank([Term("related", "镁合金", "≈镁合金", via="≈合金")], lists.get, 10, np.ones(10))
    assert ranked.ordered() == [5, 2]
    assert ranked.coverage == 0.0 and ranked.shares is not None and ranked.shares.tolist() == [0.0, 0.0]


def test_a_share_stops_at_one_when_related_terms_add_to_the_query_s_own():
    lists = {"甲乙": docs([1, 2], [5.0, 5.0]), "≈丙丁": docs([1], [5.0])}
    ranked = rank([Term("pair", "甲乙"), Term("related", "丙丁", "≈丙丁", via="≈甲乙")], lists.get, 10, np.ones(10))
    shares = dict(zip(ranked.ids.tolist(), ranked.shares.tolist(), strict=True))
    assert shares == {1: 1.0, 2: 1.0}
    assert ranked.coverage == 1.0


def test_a_record_at_exactly_the_kept_share_of_the_best_stays():
    lists = {"甲乙": docs([0, 1, 2], [1.0, KEEP, KEEP / 2])}
    ranked = rank([Term("pair", "甲乙")], lists.get, 10, np.ones(10))
    assert ranked.ordered() == [0, 1]


def test_related_terms_of_one_concept_count_once_whatever_their_surface():
    lists = {"≈合金": docs([0, 3], [8.0, 9.0])}
    scored = scored_terms([Term("related", "镁合金", "≈合金"), Term("related", "铝合金", "≈合金")], lists.get, 10, lambda _: 10)
    assert [(t.kind, t.text) for t, *_ in scored] == [("related", "镁合金")]


def test_the_traditional_to_simplified_fold_travels_in_meta_json():
    from xyhf.search.match import query_meta
    from xyhf.search.query import QueryMeta
    from xyhf.search.tokens import EMPTY_LEXICON

    made = query_meta(EMPTY_LEXICON)
    as_read = {"filler": sorted(made.filler), "fold": made.fold, "lexicon": {"pattern": made.pattern, "concept_of": {}}}
    assert QueryMeta.of(as_read).normalize("鋁合金與銅") == "铝合金与铜"


def test_in_a_small_catalog_a_character_in_two_records_is_dropped_from_a_longer_query():
    lists = {"甲乙": docs([1], [5.0]), "中": docs([1, 2], [5.0, 5.0])}
    scored = scored_terms([Term("pair", "甲乙"), Term("char", "中")], lists.get, 10, lambda _: 10)
    assert [t.text for t, *_ in scored] == ["甲乙"]
    lists["中"] = docs([1], [5.0])
    assert [t.text for t, *_ in scored_terms([Term("pair", "甲乙"), Term("char", "中")], lists.get, 10, lambda _: 10)] == [
        "甲乙",
        "中",
    ]


def test_only_words_have_an_everyday_level_and_a_word_at_weak_is_still_weak():
    from xyhf.search.query import WEAK

    weak = {"以后": docs([1, 2], [10.0, 10.0])}
    # Latin text is always specific, whatever level the index gives its letters: its absence makes the rest closest.
    ranked = rank([Term("word", "以后"), Term("ascii", "hnxy")], weak.get, 10, np.ones(10), lambda _: 1)
    assert ranked.mode == "closest"
    at_weak = {"以后": WEAK, "钎焊": 10}.get
    ranked = rank([Term("word", "以后"), Term("pair", "钎焊")], weak.get, 10, np.ones(10), lambda t: at_weak(t, 10))
    assert (ranked.ordered(), ranked.mode) == ([1, 2], "closest")
