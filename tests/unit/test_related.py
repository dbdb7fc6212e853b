"""Related records share the technology field or a key term few records have, never only filler."""

from __future__ import annotations

import dataclasses

from conftest import ROOT, TODAY
from xyhf.pipeline import load_valid_catalog
from xyhf.search.related import features, related


def test_every_related_pair_shares_the_field_or_a_rare_key_term():
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
            shared = [n for n in feats[i] if n in feats[j] and n.startswith(("k:", "w:", "c:")) and df[n] <= 3]
            assert same_field or shared, (a.title, b.title)
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
