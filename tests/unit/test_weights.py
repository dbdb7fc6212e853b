"""One authority for how much a term counts: the search (index and query) and the need–record
matcher weigh a record's fields and a term's rarity with the same numbers (search/weights.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xyhf.search import match
from xyhf.search import weights as w
from xyhf.search.postings import record_tokens
from xyhf.search.query import Term, rank
from xyhf.search.tokens import terms


@pytest.fixture(scope="module")
def sample_records():
    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog

    return load_valid_catalog(ROOT / "catalog", TODAY)[1].published()


def test_idf_weighs_a_rare_term_more_and_never_divides_by_zero():
    assert w.idf(100, 1) > w.idf(100, 10) > w.idf(100, 100) > 0
    assert w.idf(100, 0) == w.idf(100, 1) == math.log(101)


def test_the_query_side_scores_a_term_by_the_shared_idf_times_its_field_weight():
    postings = {"合金": (np.array([0, 3]), np.array([3.0, 1.0]))}  # a title hit and a summary hit
    ranked = rank([Term("pair", "合金")], postings.get, 10, np.ones(10))
    assert ranked.ids.tolist() == [0, 3]
    assert ranked.values.tolist() == [w.idf(10, 2) * w.TITLE, w.idf(10, 2) * w.SUMMARY]


def test_the_matcher_weighs_a_records_fields_as_the_search_index_does(sample_records):
    record = next(r for r in sample_records if r.keywords and r.keywords[0] not in r.title)
    index, _ = record_tokens(record, "")
    matcher = match.record_terms(record)
    title_only = [
        t for t in terms(record.title) if t not in terms(" ".join(record.keywords) + record.summary + record.applications)
    ]
    keyword_only = [t for t in terms(record.keywords[0]) if t not in terms(record.title + record.summary + record.applications)]
    assert title_only and keyword_only
    for term in title_only:
        assert index[term] == w.TITLE and matcher[term] % w.TITLE == 0
    for term in keyword_only:
        assert index[term] == w.KEYWORDS and matcher[term] % w.KEYWORDS == 0
