"""Terms of a text for ranking: the one tokenizer of the matcher (and of record search, issue 10).

A text becomes three kinds of term, all lower-case after NFKC:
- CJK character pairs (bigrams), so 水泥砖 meets 水泥基多孔砖 half-way;
- words, cut by jieba (exact mode, no HMM so the cut is deterministic and fast) from each CJK run,
  and ASCII words of two or more letters or digits;
- concepts: a reviewed synonym group or abbreviation (catalog/synonyms.yaml) found in the text
  adds the token `≈<first term of the group>`, so 光伏 meets 太阳能电池 and PLA meets 聚乳酸.
Filler words (需要, 一种, 方法…) are dropped: they would otherwise score like content.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{CJK}]+|[a-z0-9]+")
_IS_CJK = re.compile(f"[{CJK}]")
CONCEPT = "≈"

FILLER = frozenset(
    [
        "一种",
        "方法",
        "装置",
        "系统",
        "及其",
        "其制",
        "制备",
        "用于",
        "基于",
        "一个",
        "我们",
        "我司",
        "需要",
        "希望",
        "想要",
        "急需",
        "寻求",
        "寻找",
        "提高",
        "降低",
        "问题",
        "目前",
        "生产",
        "产品",
        "企业",
        "工艺",
        "技术",
        "公司",
        "本发明",
        "发明",
        "实用新型",
        "所述",
        "包括",
        "进行",
        "通过",
        "具有",
        "以及",
        "可以",
        "能够",
        "实现",
        "解决",
        "现有",
        "其中",
        "采用",
        "使用",
        "相关",
        "方面",
        "领域",
        "情况",
        "效果",
        "问题",
        "难题",
        "一些",
        "这种",
        "该",
        "能",
        "用",
        "和",
        "与",
        "及",
        "的",
        "了",
        "在",
        "是",
        "有",
        "对",
        "将",
        "为",
    ]
)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@functools.cache
def _jieba():
    with warnings.catch_warnings():  # jieba imports pkg_resources, which warns on import
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def cjk_words(run: str) -> list[str]:
    """Words of one CJK run by jieba's dictionary (exact mode, no HMM: deterministic)."""
    return [w for w in _jieba().cut(run, HMM=False) if len(w) >= 2]


@dataclass(frozen=True)
class Lexicon:
    """Reviewed synonym groups and abbreviations, as one pattern that finds any of their terms."""

    concept_of: dict[str, str]  # normalized term → concept token
    pattern: re.Pattern[str] | None

    def concepts(self, normalized: str) -> list[str]:
        if self.pattern is None:
            return []
        return [self.concept_of[m.group(1)] for m in self.pattern.finditer(normalized)]

    def terms_of(self, concept: str) -> list[str]:
        return sorted(t for t, c in self.concept_of.items() if c == concept)


def build_lexicon(groups: Iterable[Iterable[str]], abbreviations: dict[str, str] | None = None) -> Lexicon:
    """Every term of a group maps to the group's concept; an abbreviation joins its full term's group."""
    concept_of: dict[str, str] = {}
    for group in groups:
        terms = [normalize(t).strip() for t in group if normalize(t).strip()]
        if len(terms) < 2:
            continue
        concept = CONCEPT + terms[0]
        for term in terms:
            concept_of.setdefault(term, concept)
    for abbr, full in sorted((abbreviations or {}).items()):
        a, f = normalize(abbr).strip(), normalize(full).strip()
        if a and f:
            concept = concept_of.setdefault(f, CONCEPT + f)
            concept_of.setdefault(a, concept)
    if not concept_of:
        return Lexicon({}, None)
    # Longest first, so 锂离子电池 wins over 锂电; ASCII terms only as whole words (PLA is not in plastic).
    parts = []
    for term in sorted(concept_of, key=lambda t: (-len(t), t)):
        escaped = re.escape(term)
        parts.append(escaped if _IS_CJK.search(term) else f"(?<![a-z0-9]){escaped}(?![a-z0-9])")
    return Lexicon(concept_of, re.compile("(" + "|".join(parts) + ")"))


EMPTY_LEXICON = build_lexicon([])


def terms(text: str, lexicon: Lexicon = EMPTY_LEXICON) -> list[str]:
    """The ranking terms of a text, in order, with repeats (the caller counts them)."""
    norm = normalize(text)
    out: list[str] = []
    for run in _RUN.findall(norm):
        if _IS_CJK.match(run):
            out += [run[i : i + 2] for i in range(len(run) - 1)] or [run]
            if len(run) > 2:
                out += cjk_words(run)
        elif len(run) >= 2:
            out.append(run)
    out = [t for t in out if t not in FILLER]
    out += lexicon.concepts(norm)
    return out
