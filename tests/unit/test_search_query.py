"""Reading and ranking a query: the Python twin (xyhf/search/query.py) and the browser's
search-core.js give the same pieces, terms, mode and ranked records on the same texts and the same
built index; and the behaviours the issue names, checked on the sample catalog's index."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT
from xyhf.search.index_files import IndexFiles
from xyhf.search.query import needed_tokens, pieces, rank, read_names, terms

CORE_JS = ROOT / "xyhf/theme/assets/xyhf/search-core.js"


def queries() -> list[str]:
    judged = yaml.safe_load((ROOT / "tests/e2e/search_judgments.yaml").read_text(encoding="utf-8"))
    needs = yaml.safe_load((ROOT / "tests/data/judged_needs.yaml").read_text(encoding="utf-8"))["needs"]
    corpus = [
        json.loads(line)["abstract"][:60]
        for line in (ROOT / "tests/data/kppatent-zh-slice.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    ]
    odd = ["", "   ", "的", "PLA 材料", "ＡＢＣ１２３", "锂离子电池和锂电", "𠀀𠀁", "合金，涂层；", "a" * 300, "HNXY-2026"]
    odd += ["無紡布 Graphene", "quantum   dot", "石墨稀", "锂电池" * 400, "電池 正極", "wastewater treatment"]
    return [c["query"] for c in judged] + [n["title"] + "，" + n["problem"] for n in needs] + corpus + odd


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_python_and_browser_read_and_rank_every_query_alike(built_site):
    index = IndexFiles(built_site)
    texts = queries()
    script = f"""
const core = require({json.dumps(str(CORE_JS))});
const fs = require('fs'), path = require('path');
const dir = {json.dumps(str(built_site / "search-index"))};
const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
core.setFold(meta.fold);
Object.keys(meta.facets).forEach(k => {{ meta.facets[k].values = core.unpack(meta.facets[k].values); }});
const shards = new Map();
function entry(t) {{
  const s = core.fnv1a(core.shardKey(t)) & (meta.shards - 1);
  if (!shards.has(s)) shards.set(s, JSON.parse(fs.readFileSync(path.join(dir, 's', s + '.json'), 'utf8')));
  return shards.get(s)[t] || null;
}}
function has(t, need) {{ const e = entry(t); return !!e && (need === 'any' || (e.length > 2 && e[2] === 1)); }}
const st = meta.facets.status;
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
console.log(JSON.stringify(texts.map(q => {{
  const names = core.readNames(q, meta, {{}});
  const ps = core.pieces(names.text, meta), ts = core.terms(ps, has, meta, t => {{ const e = entry(t); return e && e.length > 3 ? e[3] : 10; }});
  const r = core.rank(ts, entry, meta.n, d => st.keys[st.values[d]]);
  return [names.chips.map(c => [c.facet, c.key, c.label]), ps.map(p => [p.kind, p.text]), ts.map(t => [t.kind, t.text]), r.mode,
          core.orderDocs(r.scores).slice(0, 20), r.coverage, core.neededTokens(ps)];
}})));
"""
    out = subprocess.run(["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True)
    from xyhf.search.query import rank, read_names

    concepts = 0
    for text, (js_chips, js_pieces, js_terms, js_mode, js_docs, js_coverage, js_needed) in zip(
        texts, json.loads(out.stdout), strict=True
    ):
        rest, chips = read_names(text, index.meta["facets"])
        ps = pieces(rest, index.query_meta)
        ts = terms(ps, index.has, index.query_meta, index.specificity)
        ranked = rank(ts, index.docs, index.meta["n"], index.factors, index.specificity)
        assert js_chips == [list(c) for c in chips], text
        assert js_pieces == [[p.kind, p.text] for p in ps], text
        assert js_needed == needed_tokens(ps), text  # the shards fetched first
        concepts += any(p.kind == "concept" for p in ps)
        assert js_terms == [[t.kind, t.text] for t in ts], text
        assert (js_mode, js_docs, js_coverage) == (ranked.mode, ranked.ordered()[:20], ranked.coverage), text
    assert concepts >= 5, "queries with synonym concepts are among the texts"


def test_concepts_agree_with_the_python_lexicon():
    from xyhf.search.tokens import fold_pairs, lexicon_for_browser, lexicon_from, normalize

    lexicon = lexicon_from(yaml.safe_load((ROOT / "catalog/synonyms.yaml").read_text(encoding="utf-8")))
    texts = [
        "锂离子电池和锂电 PLA plastic 太阳能电池板",
        "3D打印耗材 CAR-T 细胞疗法",
        "Quantum  Dots and graphene, 石墨稀、無紡布",
        *queries()[:80],
    ]
    script = f"""
const core = require({json.dumps(str(CORE_JS))});
const lx = JSON.parse(require('fs').readFileSync(0, 'utf8'));
core.setFold(lx.fold);
console.log(JSON.stringify(lx.texts.map(t => core.concepts(lx, core.standard(core.normalize(t), lx)))));
"""
    payload = json.dumps({**lexicon_for_browser(lexicon), "fold": fold_pairs(), "texts": texts}, ensure_ascii=False)
    out = subprocess.run(["node", "-e", script], input=payload, capture_output=True, text=True, check=True)
    for text, js in zip(texts, json.loads(out.stdout), strict=True):
        assert js == lexicon.concepts(lexicon.standard(normalize(text))), text
    assert "≈量子点" in lexicon.concepts(lexicon.standard(normalize("Quantum  Dots")))


# Measured on the sample catalog (180 judged queries, 2026-12-05): nDCG@10 keyword 0.986, need 0.897,
# hard 0.967, all 0.945; jieba + BM25 0.885 / 0.877 / 0.851 / 0.870. The floors sit a little under; the
# 2,500-record dev set (tests/unit/test_dev_set.py) is where the figures that matter are held.
FLOORS = {"keyword": 0.96, "need": 0.87, "hard": 0.91, "all": 0.91}


def test_search_quality_on_the_judged_queries_stays_above_the_floor_and_the_baseline(built_site):
    import sys

    from xyhf.search.judged import evaluate, judged_queries

    sys.path.insert(0, str(ROOT / "bench"))
    from bm25 import BM25

    from xyhf.pipeline import load_valid_catalog
    from conftest import TODAY

    qs = judged_queries(
        yaml.safe_load((ROOT / "tests/e2e/search_judgments.yaml").read_text(encoding="utf-8")),
        yaml.safe_load((ROOT / "tests/data/judged_needs.yaml").read_text(encoding="utf-8")),
        yaml.safe_load((ROOT / "tests/data/judged_queries_hard.yaml").read_text(encoding="utf-8")),
    )
    assert len(qs) >= 150 and {q.kind for q in qs} == {"keyword", "need", "hard"}
    ours = evaluate(qs, IndexFiles(built_site).search_codes)
    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    baseline = evaluate(qs, BM25(catalog).search_codes)
    for kind, floor in FLOORS.items():
        assert ours[kind]["ndcg"] >= floor, (kind, ours[kind])
        assert ours[kind]["ndcg"] > baseline[kind]["ndcg"], (kind, ours[kind], baseline[kind])
    assert ours["all"]["zero"] <= baseline["all"]["zero"]


def test_a_sentence_is_ranked_not_refused(built_site):
    docs, mode = IndexFiles(built_site).search("我们厂想提高锂电池正极材料的循环寿命，有没有合适的技术")
    assert mode == "ranked" and docs


def test_filler_words_do_not_count_and_rare_single_characters_do():
    from xyhf.search.query import QueryMeta, Term

    meta = QueryMeta(["需要", "一种", "方法", "的"], "", {})
    ps = pieces("需要一种砷的去除方法", meta)
    assert [p.text for p in ps] == ["砷的去除"]
    ts = terms(ps, lambda t, need: t == "去除", meta)
    assert ts == [Term("char", "砷"), Term("word", "去除")]  # 的 is filler, 砷 stays as a character
    # Where no word starts, a pair some record has; else a character.
    pairs = terms(pieces("车间地面耐磨漆", meta), lambda t, need: need == "any" and t in {"车间", "地面", "耐磨"}, meta)
    assert pairs == [Term("pair", "车间"), Term("pair", "地面"), Term("pair", "耐磨"), Term("char", "漆")]


ENGINE_SCRIPT = """
const core = require(process.argv[1]);
const fs = require('fs'), path = require('path');
const site = process.argv[2];
global.fetch = url => Promise.resolve({ ok: true, json: () => JSON.parse(fs.readFileSync(path.join(site, url.replace(/^[.][.]?[/]/, '')), 'utf8')) });
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
const eng = core.engine('./');
eng.ready.then(async () => {
  const out = [];
  for (const q of texts) {
    const r = await eng.search(q, {});
    out.push([r.mode, r.mode === 'all' ? [] : core.orderDocs(r.scores).slice(0, 20), r.coverage || 0, (r.terms || []).map(t => [t.kind, t.text])]);
  }
  console.log(JSON.stringify(out));
});
"""


def assert_engine_ranks_as_python(site, texts: list[str]) -> None:
    """The page's engine (fetching shards in two rounds, then reading and ranking) and the Python
    twin give the same terms, mode, first twenty records and coverage for every text on `site`."""
    index = IndexFiles(site)
    out = subprocess.run(
        ["node", "-e", ENGINE_SCRIPT, str(CORE_JS), str(site)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    for text, (mode, docs, coverage, js_terms) in zip(texts, json.loads(out.stdout), strict=True):
        rest, _ = read_names(text, index.meta["facets"])
        ts = terms(pieces(rest, index.query_meta), index.has, index.query_meta, index.specificity)
        if not ts:
            assert mode == "all", text
            continue
        ranked = rank(ts, index.docs, index.meta["n"], index.factors, index.specificity)
        assert js_terms == [[t.kind, t.text] for t in ts], text
        assert (mode, docs, coverage) == (ranked.mode, ranked.ordered()[:20], ranked.coverage), text


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_the_page_engine_fetching_its_shards_ranks_as_python_does(built_site):
    """The engine as the page runs it, not only its parts: a token it had not fetched would silently
    change the cut of a query."""
    assert_engine_ranks_as_python(built_site, queries())


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_the_page_and_python_hold_the_same_ranking_constants():
    from xyhf.search import query as q

    script = f"console.log(JSON.stringify(require({json.dumps(str(CORE_JS))}).RULES))"
    js = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    assert js == {
        "MAX_QUERY": q.MAX_QUERY,
        "STATUS_FACTOR": q.STATUS_FACTOR,
        "RARE_CHAR": q.RARE_CHAR,
        "WEAK": q.WEAK,
        "RELATED": q.RELATED,
        "KEEP": q.KEEP,
        "COMMON": q.COMMON,
        "PARTIAL": q.PARTIAL,
        "SPECIFIC": 10,
        "COST": {"word": q.WORD, "pair": q.PAIR, "char": q.CHAR},
    }


def test_status_breaks_near_ties_only():
    """Equal relevance: the available record first, then negotiating, licensed, withdrawn. A record
    clearly more relevant keeps its place whatever its status (a negotiating one tells a firm whom to call)."""
    import numpy as np

    from xyhf.search.query import STATUS_FACTOR, Term, status_factors

    rest = ["available"] * 6  # records without the term: the term is in few records, so relevance counts
    order = ["withdrawn", "licensed", "negotiating", "available"]
    tie = {"甲乙": (np.arange(4), np.full(4, 20.0))}
    ranked = rank([Term("pair", "甲乙")], tie.get, 10, status_factors(order + rest), lambda _: 10)
    assert ranked.ordered() == [3, 2, 1, 0]
    clearly = {"甲乙": (np.arange(2), np.array([21.0, 20.0]))}  # 5 % more relevant and under negotiation
    ranked = rank([Term("pair", "甲乙")], clearly.get, 8, status_factors(["negotiating", "available"] + rest), lambda _: 10)
    assert ranked.ordered() == [0, 1]
    clearly = {"甲乙": (np.arange(2), np.array([23.0, 20.0]))}  # 15 % more relevant and withdrawn
    ranked = rank([Term("pair", "甲乙")], clearly.get, 8, status_factors(["withdrawn", "available"] + rest), lambda _: 10)
    assert ranked.ordered() == [0, 1]
    assert min(STATUS_FACTOR.values()) >= 0.9 and STATUS_FACTOR["available"] == 1.0


def test_a_term_in_most_records_lists_them_newest_first_by_status():
    """A character in most records (中 while typing 中药) ranks nothing: the page lists records in the
    published order (newest first), available ones first, as an empty box does."""
    import numpy as np

    from xyhf.search.query import Term, status_factors

    common = {"中": (np.arange(6), np.array([40.0, 1.0, 20.0, 5.0, 3.0, 9.0]))}
    statuses = ["licensed", "available", "available", "negotiating", "available", "available"]
    ranked = rank([Term("char", "中")], common.get, 8, status_factors(statuses), lambda _: 10)
    assert ranked.ordered() == [1, 2, 4, 5, 3, 0]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of this machine image")
def test_the_first_page_without_a_full_sort_is_the_full_order_filtered_and_cut():
    """topDocs keeps ten in a small buffer instead of sorting 25,000 matches a keystroke: it must give
    exactly orderDocs(…).filter(keep).slice(0, k), ties (equal scores, by doc) included."""
    script = f"""
const core = require({json.dumps(str(CORE_JS))});
let seed = 7; const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const bad = [];
for (let round = 0; round < 400; round++) {{
  const n = Math.floor(rnd() * 300), docs = [], vals = [];
  for (let d = 0; d < n; d++) if (rnd() < 0.7) {{ docs.push(d); vals.push(Math.floor(rnd() * 6) * (rnd() < 0.5 ? 0.97 : 1)); }}
  const scores = {{ docs: docs, vals: vals, size: docs.length }};
  const k = [1, 5, 10, 20, 100][round % 5], odd = round % 3 === 0 ? (d => d % 3 !== 0) : null;
  const want = core.orderDocs(scores).filter(d => !odd || odd(d)).slice(0, k);
  const got = core.topDocs(scores, k, odd);
  if (JSON.stringify(want) !== JSON.stringify(got)) bad.push([round, want, got]);
}}
console.log(JSON.stringify(bad.slice(0, 2)));
"""
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_a_term_in_most_records_adds_nothing_beside_a_telling_one():
    """HNXY-2 while a code is typed: hnxy is in every record, 2 in a few. hnxy's impacts (which vary
    with record length) must not reorder the records 2 ties, or the page's first ten differ from the
    ten its shard hints (a keystroke then waits for title chunks)."""
    import numpy as np

    from xyhf.search.query import Term, rank

    n = 100
    common = (np.arange(90, dtype=np.int64), np.linspace(1, 40, 90))  # impacts vary with length
    rare = (np.array([3, 17, 42, 60, 95], dtype=np.int64), np.full(5, 12.0))  # all tied
    lists = {"hnxy": common, "2": rare}
    ranked = rank([Term("ascii", "hnxy"), Term("ascii", "2")], lists.get, n, np.ones(n))
    assert ranked.ordered() == [3, 17, 42, 60, 95]
    alone = rank([Term("ascii", "hnxy")], lists.get, n, np.ones(n))
    assert alone.ordered()[:3] == [0, 1, 2], "alone, a term in most records lists the newest first"


def test_weak_words_alone_are_shown_as_closest_not_as_results():
    """A query with a strong word that no record has: the records with only its everyday word are the
    closest, not results (the matcher then proposes nothing); with the strong word found, ranked."""
    import numpy as np

    from xyhf.search.query import Term, rank

    level = {"以后": 1}.get  # an everyday word; the rest are specific
    weak_only = {"以后": (np.array([1, 2]), np.array([10.0, 10.0]))}
    ranked = rank([Term("word", "以后"), Term("pair", "钎焊")], weak_only.get, 10, np.ones(10), lambda t: level(t, 10))
    assert (ranked.ordered(), ranked.mode) == ([1, 2], "closest")
    found = {**weak_only, "钎焊": (np.array([2]), np.array([10.0]))}
    ranked = rank([Term("word", "以后"), Term("pair", "钎焊")], found.get, 10, np.ones(10), lambda t: level(t, 10))
    assert (ranked.ordered(), ranked.mode) == ([2], "ranked")


def test_a_term_in_exactly_half_the_records_still_tells():
    """COMMON is a share not to exceed: a term in exactly half the records is a telling one, and a
    term in more than half beside it adds nothing (only the telling term's records are results)."""
    import numpy as np

    from xyhf.search.query import Term, rank

    half = (np.arange(5, dtype=np.int64), np.full(5, 10.0))
    most = (np.arange(9, dtype=np.int64), np.linspace(5, 40, 9))
    ranked = rank([Term("pair", "甲乙"), Term("pair", "丙丁")], {"甲乙": half, "丙丁": most}.get, 10, np.ones(10))
    assert ranked.ordered() == [0, 1, 2, 3, 4]


def test_a_two_character_word_and_the_same_pair_count_once():
    import numpy as np

    from xyhf.search.query import Term, scored_terms

    docs = {"合金": (np.array([0, 3]), np.array([8.0, 9.0]))}
    scored = scored_terms([Term("word", "合金"), Term("pair", "合金")], docs.get, 10, lambda _: 10)
    assert [(t.kind, t.text) for t, *_ in scored] == [("word", "合金")]


def test_names_in_a_query_become_one_chip_per_facet():
    """A holder's name without its suffix counts from four characters (长沙矿冶, not 湖南), a city's
    from two (株洲); one chip a facet: a second university's name is read as the kind 高校."""
    facets = {
        "holder": {"keys": ["ky", "hnu", "csu"], "names": ["长沙矿冶研究院", "湖南大学", "中南大学"]},
        "city": {"keys": ["430100", "430200"], "names": ["长沙市", "株洲市"]},
        "kind": {"keys": ["university", "institute"], "names": ["高等院校", "科研院所"]},
    }
    assert read_names("长沙矿冶 涂层", facets) == ("  涂层", [("holder", "ky", "长沙矿冶研究院")])
    assert read_names("湖南 涂层", facets) == ("湖南 涂层", [])
    assert read_names("湖南大学 中南大学 株洲 涂层", facets) == (
        "  中南    涂层",
        [("holder", "hnu", "湖南大学"), ("city", "430200", "株洲市"), ("kind", "university", "高等院校")],
    )
    assert read_names("湖南大学 涂层", facets, frozenset({"holder:hnu"}))[1] == [("kind", "university", "高等院校")]
