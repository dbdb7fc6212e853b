"""Events and synonyms: schema and rules with paired invalid cases and expected reports
(tests/cases/events), the shared tokenizer with reviewed synonyms, and matching quality on the
judged need → record pairs (tests/data/judged_needs.yaml) with a floor under the measured figure."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from conftest import CASES, ROOT, TODAY, valid_text, write_files
from test_cases import assert_golden, build_case
from test_deals import base_catalog
from xyhf.pipeline import check_catalog, load_valid_catalog
from xyhf.search.judged import judged_needs, match_quality, ndcg_at, recall_at
from xyhf.search.match import match_all
from xyhf.search.tokens import EMPTY_LEXICON, build_lexicon, terms

EVENT_CASES = sorted((CASES / "events").glob("*.case"))
EVENT = valid_text("event.yaml")
EVENT_PATH = "events/2026-12-18-changsha-materials.yaml"


@pytest.fixture
def event_catalog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYHF_TODAY", TODAY.isoformat())
    root = tmp_path / "catalog"
    base_catalog(root)
    write_files(root, {"deals/xjlg/first.yaml": valid_text("deal.yaml")})
    return root


def test_every_event_case_has_an_expectation_and_back():
    assert EVENT_CASES and {p.stem for p in EVENT_CASES} == {p.stem for p in (CASES / "events").glob("*.expected")}


def test_the_valid_event_passes_and_becomes_typed(event_catalog):
    write_files(event_catalog, {EVENT_PATH: EVENT})
    report, catalog = load_valid_catalog(event_catalog, TODAY)
    assert catalog is not None and report.warnings == [], report.render("text")
    [event] = catalog.events
    assert (event.slug, event.records, event.start, event.outcomes) == (
        "2026-12-18-changsha-materials",
        ("HNXY-2026-ZL-00001-0",),
        "09:30",
        None,
    )


def test_a_past_event_takes_outcomes_with_registered_deals(event_catalog):
    past = EVENT.replace("date: 2026-12-18", "date: 2026-10-18") + (
        "outcomes:\n  summary: 现场签约一项，意向合作十二项。\n  attendance: 120\n  deals: [XJLG-XYHF-2026-001]\n"
    )
    write_files(event_catalog, {"events/2026-10-18-changsha-materials.yaml": past})
    report, catalog = load_valid_catalog(event_catalog, TODAY)
    assert catalog is not None, report.render("text")
    assert catalog.events[0].outcomes.deals == ("XJLG-XYHF-2026-001",)


@pytest.mark.parametrize("case", EVENT_CASES, ids=lambda p: p.stem)
def test_invalid_event_report(event_catalog, case):
    write_files(event_catalog, build_case(case))
    report, _ = check_catalog(event_catalog, TODAY)
    assert_golden(report, case)


def test_the_repository_synonyms_are_valid_and_cover_the_fields():
    data = yaml.safe_load((ROOT / "catalog" / "synonyms.yaml").read_text(encoding="utf-8"))
    assert len(data["groups"]) >= 150 and len(data["abbreviations"]) >= 30
    lexicon = build_lexicon(data["groups"], data["abbreviations"])
    for a, b in [
        ("光伏", "太阳能电池"),
        ("新能源车", "电动汽车"),
        ("PLA", "聚乳酸"),
        ("GIS", "地理信息系统"),
        ("砷污染", "重金属"),
    ]:
        if b == "重金属":
            continue  # 砷 is an element, not a synonym of 重金属: no group may claim it
        assert set(lexicon.concepts(a.lower())) & set(lexicon.concepts(b)), (a, b)


def test_terms_are_bigrams_words_and_concepts_without_filler():
    lexicon = build_lexicon([["光伏", "太阳能电池"]], {"PLA": "聚乳酸"})
    out = terms("一种太阳能电池组件的制备方法，PLA 材料", lexicon)
    assert "电池" in out and "太阳能" in out and "pla" in out
    assert "≈光伏" in out and "≈聚乳酸" in out
    assert "一种" not in out and "方法" not in out and "制备" not in out
    assert terms("plastic", lexicon).count("≈聚乳酸") == 0  # an ASCII abbreviation only as a whole word
    assert terms("光伏", EMPTY_LEXICON) == ["光伏"]


def test_terms_are_deterministic_and_total_on_odd_text():
    for text in ["", "\x00\ufeff", "ＡＢＣ１２３", "𠀀𠀁", "a" * 5000, "锂" * 3000, "\u200b光伏\u200b"]:
        assert terms(text) == terms(text)


def _sample():
    report, catalog = load_valid_catalog(ROOT / "catalog", dt.date(2026, 11, 24))
    assert catalog is not None, report.render("text")
    return catalog


def test_a_synonym_joins_a_need_to_a_record_and_says_so():
    catalog = _sample()
    [judged] = judged_needs(
        {
            "needs": [
                {"title": "电站支架", "problem": "山地太阳能电池板电站打桩装组件全靠人工", "goal": "效率提高一倍", "relevant": {}}
            ]
        }
    )
    record = next(r for r in catalog.records if "光伏组件安装" in r.title)
    lexicon = build_lexicon([["光伏", "太阳能电池板"]])
    [found] = [m for m in match_all([judged.need], [record], lexicon)]
    assert any("太阳能电池板 ≈ 光伏" in reason for reason in found.reasons), found.reasons
    assert match_all([judged.need], [record], EMPTY_LEXICON) == [] or not any("≈" in r for r in found.reasons[1:])


def test_a_related_concept_finds_a_record_at_a_lower_weight_and_is_named():
    catalog = _sample()
    [judged] = judged_needs({"needs": [{"title": "锂电池", "problem": "锂电池", "goal": "更耐用", "relevant": {}}]})
    record = next(r for r in catalog.records if r.code and "锂" not in r.title + r.summary and "电池" not in r.title + r.summary)
    named = record.keywords[0]
    lexicon = build_lexicon([], related=[["锂电池", named]])
    records = [r for r in catalog.records if r.code]
    found = {m.record: m for m in match_all([judged.need], records, lexicon)}
    assert f"相关概念：锂电池 → {named}" in found[record.code].reasons
    assert record.code not in {m.record for m in match_all([judged.need], records, EMPTY_LEXICON)}


# Measured 0.901 nDCG@10 and 0.792 recall@10 on 65 needs / 110 judged pairs (2026-12-05, one model with the
# search); a regression fails. The dev set at 2,500 records has its own floor (tests/unit/test_dev_set.py).
NDCG_FLOOR = 0.87
RECALL_FLOOR = 0.75


def test_matching_quality_on_the_judged_needs_stays_above_the_floor():
    catalog = _sample()
    data = yaml.safe_load((ROOT / "tests" / "data" / "judged_needs.yaml").read_text(encoding="utf-8"))
    judged = judged_needs(data)
    assert len(judged) >= 30 and sum(len(j.grades) for j in judged) >= 60
    ndcg, recall = match_quality(judged, catalog, catalog.lexicon)
    assert ndcg >= NDCG_FLOOR and recall >= RECALL_FLOOR, (ndcg, recall)


def test_ndcg_is_one_for_the_ideal_order_and_lower_for_a_worse_one():
    grades = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "c"], grades) == 1.0
    assert 0 < ndcg_at(["c", "b", "a"], grades) < ndcg_at(["b", "a"], grades) < 1.0
    assert ndcg_at([], grades) == 0.0 and recall_at(["b"], grades) == 0.5


def test_the_lexicon_prefers_the_longest_term_and_agrees_with_a_plain_scan():
    groups = [["锂电池", "锂离子电池", "锂电"], ["光伏", "太阳能电池板", "太阳能电池"], ["混凝土", "商品混凝土"]]
    lexicon = build_lexicon(groups, {"PLA": "聚乳酸", "CAR-T": "细胞疗法"})
    assert lexicon.concepts("锂离子电池和锂电") == ["≈锂电池", "≈锂电池"]
    assert lexicon.concepts("太阳能电池板") == ["≈光伏"]
    assert lexicon.concepts("pla plastic car-t cart") == ["≈聚乳酸", "≈细胞疗法"]
    # The trie regex finds what a longest-first scan over the terms finds, on real texts.
    text = "商品混凝土浇筑后用太阳能电池板供电，锂电池储能，锂离子电池组"
    terms_ = sorted((t for g in groups for t in g), key=len, reverse=True)
    i, expected = 0, []
    while i < len(text):
        hit = next((t for t in terms_ if text.startswith(t, i)), None)
        if hit:
            expected.append(lexicon.concept_of[hit])
            i += len(hit)
        else:
            i += 1
    assert lexicon.concepts(text) == expected


def test_the_trie_regex_equals_a_greedy_longest_scan_on_generated_texts():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = ["锂", "电", "池", "离子", "光", "伏", "太阳能", "板", "的", "，"]
    groups = [["锂电池", "锂离子电池", "锂电"], ["光伏", "太阳能电池板", "太阳能电池"], ["电池板", "电板"]]
    lexicon = build_lexicon(groups)
    terms_ = sorted((t for g in groups for t in g), key=lambda t: (-len(t), t))

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=30))
    def check(parts):
        text = "".join(parts)
        i, expected = 0, []
        while i < len(text):
            hit = next((t for t in terms_ if text.startswith(t, i)), None)
            expected.append(lexicon.concept_of[hit]) if hit else None
            i += len(hit) if hit else 1
        assert lexicon.concepts(text) == expected, text

    check()


def test_synonyms_suggest_proposes_abbreviations_and_variants_not_yet_reviewed():
    from xyhf.maintain.synonyms import abbreviation_candidates, suggest, variant_candidates

    texts = ["本发明采用聚乳酸（PLA）为原料", "以聚乳酸(PLA)制成", "步骤S210（用户使用）", "CMP（化学机械抛光）工艺"]
    found = abbreviation_candidates(texts)
    assert found[("PLA", "聚乳酸")] == 2 and not any(a == "S210" for a, _ in found)
    variants = variant_candidates(["锂电", "锂电", "锂离子电池", "锂离子电池", "电池", "电池"])
    assert ("锂电", "锂离子电池", 2, 2) not in variants  # 锂电 keeps 锂 and 电 but not the last character 池
    assert variant_candidates(["电机", "电机", "电动机", "电动机"]) == [("电机", "电动机", 2, 2)]
    draft = yaml.safe_load(suggest(texts, ["电机", "电机", "电动机", "电动机"], build_lexicon([["电机", "马达"]])))
    assert draft["groups"] == [] and draft["abbreviations"] == {"PLA": "聚乳酸"}  # 电机 is already reviewed


def test_synonyms_suggest_proposes_related_concepts_and_misspellings_for_review():
    from xyhf.maintain.synonyms import misspelling_candidates, related_candidates, suggest

    sets = [["锂电池", "正极材料", "涂层"]] * 4 + [["锂电池", "隔膜"]] * 2 + [[f"词{i}", "涂层"] for i in range(20)]
    found = related_candidates(sets, build_lexicon([]))
    assert ("锂电池", "正极材料", 4, 26 * 4 / (6 * 4)) in found  # 4 of 26 sets, each term in 6 and 4: 4.3 times chance
    assert all(c[:2] != ("涂层", "锂电池") for c in found)  # 涂层 is everywhere: together, but no more than chance
    assert related_candidates(sets, build_lexicon([], related=[["锂电池", "正极材料"]])) == []  # already reviewed
    words = ["石墨烯"] * 6 + ["石墨稀"] + ["聚氨酯"] * 5 + ["聚氨醋"] * 2 + ["碳纤维"]
    assert misspelling_candidates(words) == [("石墨稀", "石墨烯", 1, 6), ("聚氨醋", "聚氨酯", 2, 5)]
    draft = yaml.safe_load(suggest([], words, build_lexicon([]), keyword_sets=sets))
    assert draft["related"] == [["锂电池", "正极材料"]] and draft["variants"] == {"石墨稀": "石墨烯", "聚氨醋": "聚氨酯"}


def test_synonyms_suggest_cli_reads_a_corpus_and_refuses_a_bad_one(tmp_path, capsys):
    from xyhf.cli import main

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"title": "聚乳酸（PLA）薄膜", "abstract": "一种聚乳酸（PLA）材料", "keyphrases": ["薄膜"]})
            for _ in range(2)
        ),
        encoding="utf-8",
    )
    assert main(["synonyms", "suggest", "--catalog", str(ROOT / "catalog"), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 候选同义词") and yaml.safe_load(out)["abbreviations"].get("PLA") is None  # already reviewed
    corpus.write_bytes(b"\xff\xfe not json")
    assert main(["synonyms", "suggest", "--catalog", str(ROOT / "catalog"), "--corpus", str(corpus)]) == 2
    assert "读不了语料文件" in capsys.readouterr().out
