"""`xyhf synonyms suggest`: candidate synonym groups for reviewers, from the catalog (and a corpus of
abstracts with keyphrases, if given). Nothing is added by itself: the output is a YAML draft.

Two kinds of evidence, each counted:
- an abbreviation written beside its full term, "聚乳酸（PLA）" or "PLA（聚乳酸）";
- a shortened variant: a keyword that keeps the first and last characters of a longer keyword and
  drops one to three in between (锂电 / 锂离子电池 style), when both occur at least twice.
Terms already in catalog/synonyms.yaml are left out. Pure: texts in, candidates out."""

from __future__ import annotations

import json
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


def suggest(texts: list[str], keywords: list[str], lexicon: Lexicon, limit: int = 60) -> str:
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
    return "\n".join(lines) + "\n"
