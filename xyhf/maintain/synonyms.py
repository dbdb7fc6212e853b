"""`xyhf synonyms suggest`: candidate synonym groups for reviewers, from the catalog (and a corpus of
abstracts with keyphrases, if given). Nothing is added by itself: the output is a YAML draft.

Four kinds of evidence, each counted:
- an abbreviation written beside its full term, "聚乳酸（PLA）" or "PLA（聚乳酸）";
- a shortened variant: a keyword that keeps the first and last characters of a longer keyword and
  drops one to three in between (锂电 / 锂离子电池 style), when both occur at least twice;
- related concepts: two keywords that stand together in records (and the corpus's abstracts) far
  more often than chance (锂电池 with 正极材料), for `related` — near, not the same;
- misspellings: a rare keyword one character away from a frequent one of the same length
  (石墨稀 / 石墨烯), for `variants`.
Terms already in catalog/synonyms.yaml are left out. Pure: texts in, candidates out."""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from xyhf.search.tokens import Lexicon, cjk_words, normalize

_CN_THEN_ABBR = re.compile(r"([\u4e00-\u9fff]{2,16})\s*[（(]\s*([A-Za-z][A-Za-z0-9-]{1,11})\s*[)）]")
_ABBR_THEN_CN = re.compile(r"\b([A-Za-z][A-Za-z0-9-]{1,11})\s*[（(]\s*([\u4e00-\u9fff]{2,16})\s*[)）]")
_LETTERS = re.compile(r"[A-Za-z]{2,}[A-Za-z0-9-]*")  # PLA, h-BN, CAR-T; not step labels such as S210 or V1
MIN_COUNT = 2


def _full_term(run: str) -> str:
    """The term right before a parenthesis: jieba's last word, or the last two when the last is short."""
    words = cjk_words(run) or [run]
    if len(words) >= 2 and len(words[-1]) <= 2:
        return words[-2] + words[-1]
    return words[-1]


def abbreviation_candidates(texts: Iterable[str]) -> Counter:
    found: Counter = Counter()
    for text in texts:
        pairs = [(abbr, _full_term(cn)) for cn, abbr in _CN_THEN_ABBR.findall(text)]
        pairs += [(abbr, cn) for abbr, cn in _ABBR_THEN_CN.findall(text)]
        found.update((abbr, full) for abbr, full in pairs if _LETTERS.fullmatch(abbr))
    return found


def _shortens(short: str, long: str) -> bool:
    if not (2 <= len(short) < len(long) <= len(short) + 3) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)  # a subsequence: the characters in order


def variant_candidates(keywords: Iterable[str]) -> list[tuple[str, str, int, int]]:
    counts = Counter(normalize(k).strip() for k in keywords if len(k.strip()) >= 2)
    common = [k for k, n in counts.items() if n >= MIN_COUNT and re.fullmatch(r"[\u4e00-\u9fff]+", k)]
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in common:
        buckets[(k[0], k[-1])].append(k)
    out = []
    for terms in buckets.values():
        for short in terms:
            for long in terms:
                if _shortens(short, long):
                    out.append((short, long, counts[short], counts[long]))
    return sorted(out, key=lambda c: (-min(c[2], c[3]), c[0], c[1]))


def suggest(
    texts: list[str], keywords: list[str], lexicon: Lexicon, limit: int = 60, keyword_sets: list[list[str]] | None = None
) -> str:
    known = set(lexicon.concept_of)
    lines = [
        "# 候选同义词与缩写（xyhf synonyms suggest 生成的草稿）：逐条审核，确属同义的移入 catalog/synonyms.yaml；",
        "# 注释中的数字是在成果库（及语料）中出现的次数。不确定的请删去：宁缺毋滥。",
        "groups:",
    ]
    groups = [
        (s, long, a, b)
        for s, long, a, b in variant_candidates(keywords)
        if normalize(s) not in known and normalize(long) not in known
    ][:limit]
    lines += [f"  - [{long}, {short}]  # {long} {b} 次，{short} {a} 次" for short, long, a, b in groups] or ["  []"]
    abbreviations = [
        (abbr, full, n)
        for (abbr, full), n in abbreviation_candidates(texts).most_common()
        if n >= MIN_COUNT and normalize(abbr) not in known and len(full) >= 2
    ][:limit]
    lines.append("abbreviations:" if abbreviations else "abbreviations: {}")
    lines += [f"  {json.dumps(abbr)}: {full}  # {n} 次" for abbr, full, n in abbreviations]
    lines += _related_lines(related_candidates(keyword_sets or [], lexicon)[:limit])
    misspelt = [v for v in misspelling_candidates(keywords) if normalize(v[0]) not in known][:limit]
    lines.append("variants:" if misspelt else "variants: {}")
    lines += [f"  {wrong}: {right}  # {wrong} {a} 次，{right} {b} 次" for wrong, right, a, b in misspelt]
    return "\n".join(lines) + "\n"


MIN_TOGETHER = 3  # records (or abstracts) that name both terms
MIN_LIFT = 4.0  # how many times more often than chance


def related_candidates(keyword_sets: Iterable[Iterable[str]], lexicon: Lexicon) -> list[tuple[str, str, int, float]]:
    """(term, other, records with both, lift) for keywords that keep company, strongest first."""
    sets = [sorted({normalize(k).strip() for k in ks if len(k.strip()) >= 2}) for ks in keyword_sets]
    single: Counter = Counter(k for ks in sets for k in ks)
    pairs: Counter = Counter((a, b) for ks in sets for i, a in enumerate(ks) for b in ks[i + 1 :])
    n = max(1, len(sets))
    out = []
    for (a, b), together in pairs.items():
        lift = together * n / (single[a] * single[b])
        if together < MIN_TOGETHER or lift < MIN_LIFT or a in b or b in a or _already_near(a, b, lexicon):
            continue
        hub, other = (a, b) if (single[a], a) >= (single[b], b) else (b, a)
        out.append((hub, other, together, lift))
    return sorted(out, key=lambda c: (-c[2] * math.log(c[3]), c[0], c[1]))


def _already_near(a: str, b: str, lexicon: Lexicon) -> bool:
    ca, cb = lexicon.concept_of.get(a), lexicon.concept_of.get(b)
    return bool(ca and cb and (ca == cb or cb in lexicon.related.get(ca, ())))


def _related_lines(candidates: list[tuple[str, str, int, float]]) -> list[str]:
    stars: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for hub, other, together, lift in candidates:
        stars[hub].append((other, together, lift))
    if not stars:
        return ["related: []"]
    lines = ["related:  # 每组第一个词与其余各词相关（不是同义）；检索和匹配时以较低权重一并查找"]
    for hub, others in stars.items():
        evidence = "，".join(f"{o} 同现 {t} 次、{lift:.0f} 倍于偶然" for o, t, lift in others[:4])
        lines.append(f"  - [{hub}, {', '.join(o for o, _, _ in others[:4])}]  # {evidence}")
    return lines


def misspelling_candidates(keywords: Iterable[str], rare: int = 2, common: int = 5) -> list[tuple[str, str, int, int]]:
    """(rare spelling, frequent spelling, counts) one character apart, same length, CJK only."""
    counts = Counter(normalize(k).strip() for k in keywords if re.fullmatch(r"[\u4e00-\u9fff]{3,}", normalize(k).strip()))
    frequent = [k for k, c in counts.items() if c >= common]
    by_shape: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for k in frequent:
        for i in range(len(k)):
            by_shape[(len(k), i, k[:i] + k[i + 1 :])].append(k)
    out = []
    for k, c in counts.items():
        if c > rare:
            continue
        for i in range(len(k)):
            for right in by_shape.get((len(k), i, k[:i] + k[i + 1 :]), []):
                if right != k:
                    out.append((k, right, c, counts[right]))
    return sorted(set(out), key=lambda v: (-v[3], v[0]))
