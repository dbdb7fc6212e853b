"""Quality of a ranking against graded judgments: nDCG@k, recall@k. Used by the tests (a floor)
and by `make bench` (printed), so both measure the same thing the same way."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xyhf.model.records import Catalog
from xyhf.model.needs import Enterprise, Need
from xyhf.search.tokens import Lexicon


def dcg(grades: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k of one ranked list; 1.0 when nothing relevant can be found (nothing to miss)."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 1.0
    return dcg([judged.get(code, 0) for code in ranked[:k]]) / ideal


def recall_at(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    relevant = {c for c, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 1.0


@dataclass(frozen=True)
class JudgedNeed:
    need: Need
    grades: dict[str, int]


def judged_needs(data: dict[str, Any], city: str = "430100") -> list[JudgedNeed]:
    """The judged set's needs as typed Needs (open, any payment model, no budget or TRL bound),
    so only the text decides, as for a firm that has not filled in the optional fields."""
    out = []
    for i, item in enumerate(data["needs"]):
        need = Need(
            path=f"needs/{city}/judged-{i:03d}.yaml",
            code=f"JUDGED-{i:03d}",
            title=item["title"],
            problem=item["problem"],
            goal=item["goal"],
            keywords=tuple(item.get("keywords", ())),
            enterprise=Enterprise("评测企业", "", "small", city),
            payment_models=("milestone", "deferred_start"),
            status="open",
            listed_on="2026-01-01",
            expires_on="2027-01-01",
            expired=False,
        )
        out.append(JudgedNeed(need, dict(item["relevant"])))
    return out


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class JudgedQuery:
    kind: str  # keyword, need, hard
    text: str
    grades: dict[str, int]


def judged_queries(keyword: list[dict], needs: dict[str, Any], hard: dict[str, Any]) -> list[JudgedQuery]:
    """The search judged set from its three files: short keyword queries (each expected record
    graded 2), need statements as a firm writes them (title and problem of the judged needs, with
    their graded pairs) and hard queries (synonyms, colloquial, names plus a topic, one character)."""
    out = [JudgedQuery("keyword", k["query"], {c: 2 for c in k["expect"]}) for k in keyword if k.get("mode") != "match"]
    out += [JudgedQuery("need", k["query"], {c: 2 for c in k["expect"]}) for k in keyword if k.get("mode") == "match"]
    out += [JudgedQuery("need", f"{n['title']}。{n['problem']}", dict(n["relevant"])) for n in needs["needs"]]
    out += [JudgedQuery("hard", h["q"], dict(h["relevant"])) for h in hard["queries"]]
    return out


def evaluate(queries: Sequence[JudgedQuery], search, shown: set[str] | None = None) -> dict[str, dict[str, float]]:
    """nDCG@10, recall@10 and the share of queries with no result, per kind and for all.
    `search(text)` returns ranked record codes; `shown` limits the judgments to published records."""
    per: dict[str, list[tuple[float, float, float]]] = {}
    for q in queries:
        grades = {c: g for c, g in q.grades.items() if shown is None or c in shown}
        ranked = list(search(q.text))
        row = (ndcg_at(ranked, grades), recall_at(ranked, grades), 0.0 if ranked else 1.0)
        per.setdefault(q.kind, []).append(row)
        per.setdefault("all", []).append(row)
    return {
        kind: {
            "n": len(rows),
            "ndcg": mean([r[0] for r in rows]),
            "recall": mean([r[1] for r in rows]),
            "zero": mean([r[2] for r in rows]),
        }
        for kind, rows in per.items()
    }


def match_quality(judged: Sequence[JudgedNeed], catalog: Catalog, lexicon: Lexicon) -> tuple[float, float]:
    """(nDCG@10, recall@10) of the matcher on judged needs over the catalog's published records."""
    from xyhf.search.match import match_all

    records = [r for r in catalog.published() if r.status != "withdrawn"]
    ranked: dict[str, list[str]] = {}
    for m in match_all([j.need for j in judged], records, lexicon):
        ranked.setdefault(m.need, []).append(m.record)
    shown = {r.code for r in records}
    ndcg = mean([ndcg_at(ranked.get(j.need.code or "", []), {c: g for c, g in j.grades.items() if c in shown}) for j in judged])
    recall = mean([recall_at(ranked.get(j.need.code or "", []), j.grades) for j in judged])
    return ndcg, recall
