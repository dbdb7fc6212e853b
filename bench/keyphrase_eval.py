"""Search quality at catalog scale, judged by people who never saw either system: the corpus's own
keyphrases (KPPatent-ZH, annotated per abstract) say which of the synthetic catalog's records are
about a phrase. Our ranking (the Python twin of the page's) beside the jieba + BM25 baseline.

Two kinds of query: a keyphrase as a firm would type it (relevant: the records whose abstract was
annotated with it), and a need sentence built from two keyphrases of one abstract (grade 2: records
annotated with both, 1: with one). Only phrases of two or more characters found in 2–20 records.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

from bm25 import BM25
from synth import corpus

from xyhf.search.judged import JudgedQuery, evaluate

_SERIAL = re.compile(r"/r(\d+)\.yaml$")
NEED_FORMS = ("我们想找{a}方面的技术，最好能用在{b}上", "有没有关于{a}和{b}的成果，想引进", "企业需要解决{a}问题，涉及{b}")


def keyphrases_by_code(records) -> dict[str, set[str]]:
    """Each record's annotated keyphrases: synth.py gives record r<i> of a scale catalog the i-th
    corpus entry (wrapping round)."""
    entries = corpus()
    out = {}
    for r in records:
        m = _SERIAL.search(r.path)
        if m:
            entry = entries[int(m.group(1)) % len(entries)]
            out[r.code] = {k.strip() for k in entry["keyphrases"] if len(k.strip()) >= 2}
    return out


def judged_at_scale(records, n_keyword: int = 120, n_need: int = 60, seed: int = 7) -> list[JudgedQuery]:
    phrases = keyphrases_by_code(records)
    records_of: dict[str, set[str]] = defaultdict(set)
    for code, kps in phrases.items():
        for kp in kps:
            records_of[kp].add(code)
    usable = sorted(kp for kp, codes in records_of.items() if 2 <= len(codes) <= 20)
    usable_set = set(usable)
    rng = random.Random(seed)
    queries = [
        JudgedQuery("keyword", kp, dict.fromkeys(records_of[kp], 2)) for kp in rng.sample(usable, min(n_keyword, len(usable)))
    ]
    pairs = sorted({tuple(sorted(kps & usable_set))[:2] for kps in phrases.values() if len(kps & usable_set) >= 2})
    for a, b in rng.sample(pairs, min(n_need, len(pairs))):
        grades = dict.fromkeys(records_of[a] | records_of[b], 1)
        grades.update(dict.fromkeys(records_of[a] & records_of[b], 2))
        queries.append(JudgedQuery("need", rng.choice(NEED_FORMS).format(a=a, b=b), grades))
    return queries


def compare(site, catalog) -> list[str]:
    from xyhf.search.index_files import IndexFiles

    queries = judged_at_scale(catalog.published())
    lines = []
    for name, search in (("ours", IndexFiles(site).search_codes), ("jieba+BM25", BM25(catalog).search_codes)):
        result = evaluate(queries, search)
        cells = [f"{k} {v['ndcg']:.3f}/{v['recall']:.3f}/{v['zero']:.0%} (n={v['n']})" for k, v in sorted(result.items())]
        lines.append(f"search quality at {len(catalog.published()):,} {name:>10}: nDCG@10/recall@10/zero  " + "; ".join(cells))
    return lines
