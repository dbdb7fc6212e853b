"""Related records share the technology field and a term, or a key term few records have; never only
filler, never only a field."""

from __future__ import annotations

import dataclasses

from conftest import ROOT, TODAY
from xyhf.pipeline import load_valid_catalog
from xyhf.search.related import features, related


def test_every_related_pair_shares_the_field_and_a_term_or_a_rare_key_term():
    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    records = catalog.published()
    feats = [features(r, catalog.lexicon) for r in records]
    df: dict[str, int] = {}
    for f in feats:
        for name in f:
            df[name] = df.get(name, 0) + 1
    pairs = 0
    for i, near in enumerate(related(records, lexicon=catalog.lexicon)):
        for j in near:
            a, b = records[i], records[j]
            same_field = a.derived.tech_field is not None and a.derived.tech_field == b.derived.tech_field
            common = [n for n in feats[i] if n in feats[j] and n.startswith(("k:", "w:", "c:"))]
            assert (same_field and common) or [n for n in common if df[n] <= 3], (a.title, b.title)
            pairs += 1
    assert pairs > 50


def test_a_shared_pair_of_filler_characters_relates_nothing():
    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    base = next(r for r in catalog.published() if r.derived.tech_field)

    def variant(title: str, keywords: tuple[str, ...], field: int) -> object:
        return dataclasses.replace(
            base, title=title, keywords=keywords, derived=dataclasses.replace(base.derived, tech_field=field)
        )

    fertilizer = variant("一种有机肥料及其制备方法", ("有机肥", "腐殖酸"), 1)
    polishing = variant("一种金属锂表面及其制备方法", ("金属锂", "抛光"), 2)
    others = [variant(f"其他成果{i}号的结构", (f"词{i}",), 3 + i) for i in range(6)]
    near = related([fertilizer, polishing, *others])
    assert 1 not in near[0] and 0 not in near[1]


def test_a_shared_field_alone_relates_nothing():
    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    base = next(r for r in catalog.published() if r.derived.tech_field)

    def variant(title: str, keywords: tuple[str, ...]) -> object:
        return dataclasses.replace(base, title=title, keywords=keywords, ipc=("G01M 13/00",))

    cathode = variant("一种高镍正极材料的掺杂改性方法", ("正极材料", "高镍"))
    cards = variant("联系人名片的生成方法", ("名片", "联系人"))
    battery = variant("一种高镍正极材料的包覆方法", ("正极材料", "包覆"))
    near = related([cathode, cards, battery])
    assert near[0] == [2] and near[1] == []


def test_city_tiles_show_every_city_with_its_count_and_link_only_the_ones_with_records():
    import re

    from xyhf.domain.classify import cities
    from xyhf.render.base.charts import CITY_TILES, city_tiles

    assert set(CITY_TILES) == set(cities()) and len(set(CITY_TILES.values())) == 14  # one tile each, none stacked
    svg = city_tiles("按市州", {"430100": 18, "430700": 6}, cities(), "city/{code}/")
    counts = dict(re.findall(r'data-city="(\d+)" data-count="(\d+)"', svg))
    assert len(counts) == 14 and counts["430100"] == "18" and counts["430500"] == "0"
    assert re.findall(r'href="([^"]+)"', svg) == ["city/430700/", "city/430100/"]
    assert "长沙" in svg and "湘西" in svg and 'aria-label="按市州"' in svg


def test_related_from_forked_workers_equals_one_process(monkeypatch):
    """At scale features and neighbour blocks are computed by forked workers; the lists are the same."""
    from xyhf.search import related as rel

    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    records = catalog.published()
    one = related(records, lexicon=catalog.lexicon, workers=1)
    assert sum(map(len, one)) > 50
    monkeypatch.setattr(rel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(rel, "BLOCK", 9)  # several blocks per worker
    assert related(records, lexicon=catalog.lexicon, workers=2) == one
    assert related(records, lexicon=catalog.lexicon, workers=1) == one, "blocks of 9 in one process too"


def _every_candidate_sorted(job, i: int, cols, vals) -> list[int]:
    """The neighbour choice as it was: all of a row's candidates sorted, then the key-term test in order."""
    import numpy as np

    from xyhf.search.related import shares_key

    chosen: list[int] = []
    for c in cols[np.lexsort((cols, -vals))].tolist():
        if shares_key(job.records[i], job.records[c], job.keys[i], job.keys[c], job.rare):
            chosen.append(c)
            if len(chosen) == job.k:
                break
    return chosen


def test_the_shortlist_gives_the_order_of_every_candidate_sorted(monkeypatch):
    """A row's best few dozen by value are sorted first, the rest only when those do not give k: the
    same lists as sorting every candidate, through ties everywhere and rows that must fall back to the rest."""
    import numpy as np

    from xyhf.search import related as rel

    _, catalog = load_valid_catalog(ROOT / "catalog", TODAY)
    records = catalog.published()
    rng = np.random.default_rng(7)
    n = len(records)
    keys = [frozenset({f"k:{rng.integers(4)}"}) for _ in records]  # a quarter share each key: many fail the test
    job = rel._Neighbours(records, keys, {"k:0", "k:1", "k:2", "k:3"}, None, None, 5)  # type: ignore[arg-type]
    fell_back = 0
    real_take = rel._take

    def counted(*args):
        nonlocal fell_back
        fell_back += 1
        return real_take(*args)

    monkeypatch.setattr(rel, "SHORTLIST", 3)
    monkeypatch.setattr(rel, "_take", counted)
    for i in range(n):
        cols = rng.permutation(n)[:40].astype(np.int32)
        cols = cols[cols != i]
        vals = np.round(rng.choice([0.06, 0.1, 0.2, 0.3], size=len(cols)), 5)  # few values: ties everywhere
        assert rel._best_related(job, i, cols, vals) == _every_candidate_sorted(job, i, cols, vals)
    assert fell_back > n  # some rows needed the rest after their shortlist
