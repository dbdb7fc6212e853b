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
        # quantities and ordinals that patent texts (and their extracted keywords) are full of
        "多个",
        "两个",
        "至少",
        "第一",
        "第二",
        "第三",
        "若干",
        "多种",
        "各种",
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
    return list(_cut(run))


@functools.lru_cache(maxsize=1 << 16)
def _cut(run: str) -> tuple[str, ...]:
    # The matcher (enrich) and the search index cut the same record texts, and jieba was a third
    # of the search stage: each distinct run is cut once per build (25,000 records: 12,201 runs,
    # 109,572 cuts answered from here; search stage 9.9 → 9.0 s).
    return tuple(w for w in _jieba().cut(run, HMM=False) if len(w) >= 2)


_ASCII_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Reviewed synonym groups and abbreviations. Terms with CJK are found anywhere, by one regex
    built as a trie (a flat alternation of hundreds of terms is ten times slower); ASCII terms only
    as whole words (PLA is not in plastic), by looking each ASCII word up."""

    concept_of: dict[str, str]  # normalized term → concept token
    pattern: re.Pattern[str] | None  # the CJK terms
    members: dict[str, tuple[str, ...]]  # concept → its terms, sorted

    def concepts(self, normalized: str) -> list[str]:
        out = [self.concept_of[m] for m in self.pattern.findall(normalized)] if self.pattern else []
        ascii_terms = [self.concept_of[w] for w in _ASCII_WORD.findall(normalized) if w in self.concept_of]
        return out + ascii_terms

    def terms_of(self, concept: str) -> tuple[str, ...]:
        return self.members.get(concept, ())


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of `words`, longest first, with shared prefixes factored out."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:  # the shorter word ends here: the longer continuation is tried first
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie)


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
    members: dict[str, list[str]] = {}
    for term, concept in concept_of.items():
        members.setdefault(concept, []).append(term)
    cjk = [t for t in concept_of if _IS_CJK.search(t)]
    pattern = re.compile(_trie_regex(cjk)) if cjk else None
    return Lexicon(concept_of, pattern, {c: tuple(sorted(ts)) for c, ts in members.items()})


EMPTY_LEXICON = build_lexicon([])


def terms(text: str, lexicon: Lexicon = EMPTY_LEXICON, words: bool = True) -> list[str]:
    """The ranking terms of a text, in order, with repeats (the caller counts them). `words=False`
    leaves out jieba's words (bigrams still cover the text): for long texts where speed matters."""
    norm = normalize(text)
    out: list[str] = []
    for run in _RUN.findall(norm):
        if _IS_CJK.match(run):
            out += [run[i : i + 2] for i in range(len(run) - 1)] or [run]
            if words and len(run) > 2:
                out += cjk_words(run)
        elif len(run) >= 2:
            out.append(run)
    out = [t for t in out if t not in FILLER]
    out += lexicon.concepts(norm)
    return out


def lexicon_pattern(lexicon: Lexicon) -> str:
    """The CJK synonym pattern as source text, for the browser (the same regex runs there)."""
    return lexicon.pattern.pattern if lexicon.pattern else ""
