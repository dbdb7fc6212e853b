"""The one search box in Chromium, as a firm uses it: a sentence, a synonym, a rare single character,
a city chip, a code jump, the header search finding a record on another page, honest results (a
partial reading said so, a zero result with the words tried and a link to post the need), related
concepts named, traditional characters, English and typos, status ordering, and the back button and
"显示更多" keeping the list."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from e2e_support import browser, served_site  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(served_site):
    """the served sample site's base URL"""
    return served_site[1]


@pytest.fixture
def page(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert not pg.errors, pg.errors
    context.close()


def ready(page, before: str = "") -> None:
    page.wait_for_function(
        "b => { const r = document.querySelector('#xyhf-search'); return r && r.dataset.ready && r.dataset.ready !== b; }",
        arg=before,
        timeout=10000,
    )


def codes(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".xyhf-results h2 a", "els => els.map(e => e.getAttribute('href'))")
    return [re.search(r"records/([^/]+)/", h).group(1) for h in hrefs]


def search(page, site, text: str) -> None:
    page.goto(site + "catalog/?kw=" + quote(text))
    ready(page)


def test_a_sentence_in_the_box_is_ranked(page, site):
    search(page, site, "我们厂做三元锂电池，高镍正极循环几百次容量就掉得厉害，想找能提高循环寿命的技术")
    assert codes(page)[0] == "HNXY-2026-ZL-00007-X"
    assert page.get_attribute("#xyhf-search", "data-mode") == "ranked"
    assert "没有找到" not in page.inner_text(".xyhf-count")


def test_a_synonym_finds_the_record_and_says_so(page, site):
    search(page, site, "增材制造")
    found = codes(page)
    assert "HNXY-2026-ZL-00051-2" in found and "HNXY-2026-ZL-00032-8" in found  # the latter says 3D打印
    assert "同义词" in page.inner_text(".xyhf-note") and "3d打印" in page.inner_text(".xyhf-note")


def test_a_rare_single_character_is_searched(page, site):
    search(page, site, "镍")
    found = codes(page)
    assert {"HNXY-2026-ZL-00027-2", "HNXY-2026-ZL-00007-X"} <= set(found[:5])


def test_a_city_in_the_query_becomes_a_removable_chip(page, site):
    search(page, site, "岳阳 正极材料")
    chip = page.locator(".xyhf-chip")
    assert chip.count() == 1 and "岳阳市" in chip.inner_text()
    assert codes(page) == ["HNXY-2026-ZL-00007-X"]
    before = page.get_attribute("#xyhf-search", "data-ready")
    chip.click()
    ready(page, before)
    assert page.locator(".xyhf-chip").count() == 0 and "HNXY-2026-ZL-00007-X" in codes(page)


def test_a_unified_code_opens_its_record(page, site):
    page.goto(site + "catalog/?kw=" + quote("hnxy-2026-zl-00042-4"))
    page.wait_for_url(re.compile(r"/records/HNXY-2026-ZL-00042-4/$"))
    page.goto(site + "catalog/?kw=" + quote("HNXY-2026-ZL-00042-5"))  # wrong check character: no jump
    ready(page)
    assert "/catalog/" in page.url


def test_an_ip_number_opens_its_record_and_a_partial_one_lists_it(page, site):
    page.goto(site + "catalog/?kw=" + quote("ZL 201811000067.X"))
    page.wait_for_url(re.compile(r"/records/HNXY-2026-ZL-00023-X/$"))
    search(page, site, "2018110000")  # part of the number, as while typing: listed, not opened (five records share it)
    assert "HNXY-2026-ZL-00023-X" in codes(page) and "/catalog/" in page.url


def test_the_header_search_on_a_record_page_finds_records_first(page, site):
    page.goto(site + "records/HNXY-2026-ZL-00023-X/")
    page.click(".md-search__input")
    page.keyboard.type("石膏板")
    page.wait_for_selector(".xyhf-header-records[data-ready]")
    first = page.locator(".xyhf-header-records a.xyhf-header-link").first
    assert first.get_attribute("href").endswith("records/HNXY-2026-ZL-00029-9/")
    assert page.evaluate(  # records come before the theme's prose results
        "() => { const r = document.querySelector('.xyhf-header-records'), m = document.querySelector('.md-search-result__meta');"
        " return !!(r.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/catalog/\?kw="))
    ready(page)
    assert codes(page)[0] == "HNXY-2026-ZL-00029-9"


def test_zero_results_never_stand_alone(page, site):
    search(page, site, "长沙 抽油机")  # nothing in Changsha: the chip's filter gives way, and says so
    assert "HNXY-2026-ZL-00009-6" in codes(page) and "范围内没有找到" in page.inner_text(".xyhf-note")
    search(page, site, "COD处理")  # records share only the everyday 处理: none is claimed as a result
    assert page.get_attribute("#xyhf-search", "data-mode") == "closest"
    assert "没有找到符合条件的成果" in page.inner_text(".xyhf-count")
    note = page.inner_text(".xyhf-note")
    assert "最接近" in note and "不算匹配" in note and "已尝试的词语" in note and "cod" in note.lower()
    search(page, site, "量子纠缠")  # nothing at all: the words tried and where to post the need
    assert codes(page) == [] and "没有找到相关成果" in page.inner_text(".xyhf-note")
    link = page.locator(".xyhf-note a.xyhf-post-need")
    assert link.get_attribute("href").endswith("submit/need/")
    link.click()
    page.wait_for_url(re.compile(r"/submit/need/$"))


def test_a_weak_reading_is_presented_as_partly_related(page, site):
    search(page, site, "混凝土 石墨烯 芯片")  # no record has all three: ranked, and said to be partial
    assert codes(page) and page.get_attribute("#xyhf-search", "data-partial") == "true"
    assert "只部分相关" in page.inner_text(".xyhf-note") and "部分相关的成果" in page.inner_text(".xyhf-count")
    assert page.locator(".xyhf-results .xyhf-hits").count() == len(codes(page))  # every row says which words it has
    search(page, site, "石膏板")
    assert page.get_attribute("#xyhf-search", "data-partial") == "false" and "只部分相关" not in page.inner_text(".xyhf-count")


def test_a_related_concept_finds_its_records_and_is_named(page, site):
    search(page, site, "锂电池")  # no sample record says 锂电池; related concepts (正极材料, 储能 …) find some
    assert codes(page)
    note = page.inner_text(".xyhf-note")
    assert "也查找了相关概念" in note and "锂电池 →" in note
    assert "（相关概念）" in page.inner_text(".xyhf-results .xyhf-hits >> nth=0")


def test_traditional_characters_english_and_typos_find_the_standard_word(page, site):
    search(page, site, "無紡布")
    simplified = codes(page)
    search(page, site, "无纺布")
    assert simplified and simplified == codes(page)
    search(page, site, "graphene")
    english = codes(page)
    search(page, site, "石墨烯")
    assert english and set(english) <= set(codes(page))
    search(page, site, "石墨稀")
    assert codes(page)[:3] == english[:3]


def test_a_pasted_page_is_read_as_its_first_sentences(page, site):
    page.goto(site + "catalog/")
    ready(page)
    before = page.get_attribute("#xyhf-search", "data-ready")
    page.fill("#xyhf-q", "石膏板" + "的" * 100_000)
    ready(page, before)
    assert "HNXY-2026-ZL-00029-9" in codes(page)
    assert page.evaluate("window.xyhfLastQueryMs") < 2000


def test_a_need_page_lists_a_negotiating_record_when_it_is_the_most_relevant(page, site):
    page.goto(site + "needs/HNXQ-2026-00027-9/")
    first = page.locator("ol.xyhf-matches > li").first
    assert "洽谈中" in first.inner_text()
    badges = page.eval_on_selector_all("ol.xyhf-matches > li > .xyhf-badge", "els => els.map(e => e.textContent)")
    assert badges and len(badges) == page.locator("ol.xyhf-matches > li").count()  # status on every row
    assert "匹配词语" in first.inner_text()


def test_available_records_come_first_and_every_status_is_visible(page, site):
    search(page, site, "纤维")
    statuses = page.eval_on_selector_all(".xyhf-results li.xyhf-result", "els => els.map(e => e.dataset.status)")
    assert "available" in statuses and len(set(statuses)) >= 2  # nothing hidden by a filter the user did not set
    assert statuses[0] == "available"
    assert page.input_value("#xyhf-f-status") == ""


def test_show_more_and_the_back_button_keep_the_list(page, site):
    page.goto(site + "catalog/")
    ready(page)
    assert len(codes(page)) == 10
    for shown in (20, 30):
        before = page.get_attribute("#xyhf-search", "data-ready")
        page.click(".xyhf-more")
        ready(page, before)
        assert len(codes(page)) == shown and f"n={shown}" in page.url
    page.evaluate("window.scrollTo(0, 2400)")
    target = page.locator(".xyhf-results h2 a").nth(25)
    target.click()
    page.wait_for_url(re.compile(r"/records/"))
    page.go_back()
    ready(page)
    assert len(codes(page)) == 30
    page.wait_for_function("() => window.scrollY > 1500")


def test_the_placeholder_examples_find_records(page, site):
    """The examples the home page and the search box suggest must work on the published catalog."""
    page.goto(site)
    examples = page.get_attribute("#home-q", "placeholder").split("：", 1)[1].split("、")
    page.goto(site + "catalog/")
    ready(page)
    examples += page.get_attribute("#xyhf-q", "placeholder").split("：", 1)[1].split("、")
    assert len(examples) >= 2
    for example in dict.fromkeys(examples):
        search(page, site, example)
        assert codes(page), example


def test_one_latin_letter_waits_for_the_next(page, site):
    search(page, site, "H")
    assert "请再输入一个字母或数字" in page.inner_text(".xyhf-count") and len(codes(page)) == 10
    search(page, site, "PLA")
    assert "请再输入" not in page.inner_text(".xyhf-count")


def test_budget_is_a_filter_a_firm_sets_and_every_row_says_the_fee(page, site):
    search(page, site, "纤维")
    before = page.get_attribute("#xyhf-search", "data-ready")
    options = page.eval_on_selector_all("#xyhf-f-fee option", "els => els.map(e => [e.value, e.textContent])")
    band = next(value for value, text in options if value and "（0）" not in text)
    name = next(text for value, text in options if value == band).split("（")[0]
    page.select_option("#xyhf-f-fee", band)
    ready(page, before)
    rows = page.eval_on_selector_all(".xyhf-results .xyhf-meta", "els => els.map(e => e.textContent)")
    assert rows and all(f"基础费用 {name}" in row for row in rows)


def test_a_first_keystroke_lists_titles_from_its_shard_without_title_chunks(page, site, served_site):
    """At 25,000 records a page of results fetched up to ten scattered title chunks per keystroke; a
    common term's best records now travel in its shard (index.py HINTS)."""
    import json

    from xyhf.search.index import HINT_TOP, fnv1a, shard_key

    root = served_site[0] / "search-index"
    shards = json.loads((root / "meta.json").read_text(encoding="utf-8"))["shards"]

    def shard_of(ch: str) -> dict:
        return json.loads((root / f"s/{fnv1a(shard_key(ch)) & (shards - 1)}.json").read_text(encoding="utf-8"))

    char = next(
        ch
        for ch in "料器法装置方系统电池材检测控制"
        if HINT_TOP < len(shard_of(ch).get(ch, [[], ""])[1]) < 30  # ranked (not in most records), more than a page
    )
    page.goto(site + "catalog/")
    ready(page)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    # A fresh engine has no title chunk yet (the page's own list already holds chunk 0).
    shown = page.evaluate(
        """async (ch) => {
          const core = window.xyhfCore, eng = core.engine("../");
          await eng.ready;
          const docs = core.orderDocs((await eng.search(ch, {})).scores).slice(0, 10);
          const titleOf = await eng.titles(docs);
          return docs.map((d) => [titleOf(d), eng.codeOf(d)]);
        }""",
        char,
    )
    hinted = {code: title for _, title, code in shard_of(char)[""]}
    assert not [u for u in fetched if "/search-index/t/" in u], fetched
    assert len(shown) == 10 and all(hinted.get(code) == title for title, code in shown)
    before = page.get_attribute("#xyhf-search", "data-ready") or ""
    page.fill("#xyhf-q", char)
    ready(page, before)
    assert codes(page) == [code for _, code in shown]
