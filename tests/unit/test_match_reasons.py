"""Where a match's reasons are shown, only what the place does not already say is repeated."""

from __future__ import annotations

from xyhf.search.match import reasons_on_need_page, reasons_on_record_page, why_in_brief

REASONS = (
    "匹配词语：麦克风（摘要）、扬声器（摘要）",
    "相关概念：锂电池 → 正极材料",
    "成果在衡阳市",
    "付款方式不同：成果为里程碑节点支付",
    "注意：技术成熟度 TRL 5，低于要求的 6 级",
    "注意：基础费用 66 万元，超出预算 43 万元",
    "成果状态：已撤回",
)


def test_a_record_page_leaves_out_its_own_city_and_status_but_keeps_a_shared_city():
    assert reasons_on_record_page(REASONS) == REASONS[:2] + REASONS[3:6]
    same = ("匹配词语：耳机（标题）", "同在长沙市", "成果状态：可转化")
    assert reasons_on_record_page(same) == same[:2], "同在 relates the record to the need: kept"


def test_a_need_page_leaves_out_the_status_its_badge_shows():
    assert reasons_on_need_page(REASONS) == REASONS[:-1]


def test_a_need_feed_says_why_it_matched_and_the_status_in_brief():
    assert why_in_brief(REASONS) == (REASONS[0], REASONS[1], REASONS[-1])
    assert why_in_brief(("成果在岳阳市", "成果状态：可转化")) == ("成果状态：可转化",)


def test_everyday_words_are_not_shown_as_matched_words():
    """左右 in a need and a record is no evidence a firm should read as a match (it ranks little and
    is not listed as a matched word); the specific words are listed."""
    import dataclasses

    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog
    from xyhf.search import match, query
    from xyhf.search.postings import build_postings
    from xyhf.search.weights import token_specificity

    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    records = [
        dataclasses.replace(r, title=f"一种导流板左右调节机构（{i}）", keywords=("导流板", "左右"))
        for i, r in enumerate(catalog.published()[:3])
    ]
    meta = match.query_meta(catalog.lexicon)
    index = match.CatalogIndex(build_postings(records, lambda _: "", catalog.lexicon), meta)
    ts = query.terms(query.pieces("导流板左右摆动", meta), index.has, meta, token_specificity)
    assert "左右" in {t.text for t in ts} and token_specificity("左右") <= query.WEAK, "an everyday word, read as a word"
    words, _ = match.matched_words(ts, records[0], catalog.lexicon)
    assert words and words[0].startswith("导流") and not any(w.startswith("左右") for w in words), words


def test_needs_matched_by_forked_workers_equal_one_process(monkeypatch):
    """At scale the needs are matched in slices by forked workers; joined, the matches are the same
    list, in the same order, as one process makes, and small catalogs stay in one process."""
    from conftest import ROOT, TODAY
    from xyhf.pipeline import load_valid_catalog
    from xyhf.search import match

    catalog = load_valid_catalog(ROOT / "catalog", TODAY)[1]
    needs, records = list(catalog.needs), catalog.published()
    one = match.match_all(needs, records, catalog.lexicon, catalog.postings, workers=1)
    assert len(one) > len(needs) > 3
    forks = []
    monkeypatch.setattr(match.forked, "in_slices", lambda *args: forks.append(args) or iter([]))
    assert match.match_all(needs, records, catalog.lexicon, catalog.postings, workers=3) == one and not forks
    monkeypatch.undo()
    monkeypatch.setattr(match, "PARALLEL_FROM", 0)
    assert match.match_all(needs, records, catalog.lexicon, catalog.postings, workers=3) == one
