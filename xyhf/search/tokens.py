"""Terms of a text for ranking: the one tokenizer of the matcher and of record search.

A text is first normalised: NFKC, lower case, traditional characters folded to simplified (OpenCC's
table, xyhf/data/t2s.txt), and reviewed variants and misspellings (石墨稀 → 石墨烯) replaced by their
standard form. It then becomes three kinds of term:
- CJK character pairs (bigrams), so 水泥砖 meets 水泥基多孔砖 half-way;
- words, cut by jieba (exact mode, no HMM so the cut is deterministic and fast) from each CJK run,
  and ASCII words of two or more letters or digits;
- concepts: a reviewed synonym group, abbreviation or English form (catalog/synonyms.yaml) found in
  the text adds the token `≈<first term of the group>`, so 光伏 meets 太阳能电池, PLA meets 聚乳酸 and
  graphene meets 石墨烯. Terms of a `related` list (锂电池 ~ 正极材料) are concepts too; the query side
  also looks for the related concepts of its own, at a lower weight (search/query.py).
Filler words (需要, 一种, 方法…) are dropped: they would otherwise score like content.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{CJK}]+|[a-z0-9]+")
_IS_CJK = re.compile(f"[{CJK}]")


def is_cjk(text: str) -> bool:
    """Whether a text starts with a CJK character (the ranges of CJK): a comparison, not a regex, as
    the index asks it of every one of its 170,000 tokens at 25,000 records."""
    ch = text[:1]
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


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
        # what a firm's own sentence is full of (想找个…的办法): asking, not the problem
        "办法",
        "方式",
        "一下",
        "一点",
        "什么",
        "怎么",
        "如何",
        "有没有",
        "能不能",
        "是否",
        "靠谱",
        "合适",
        "适合",
        "比较",
        "更好",
        "老是",
        "总是",
        "经常",
        "现在",
        "以后",
        "之后",
        "时候",
        "越来越",
        "不知道",
        "知道",
        "我们厂",
        "厂里",
        "客户",
        "要求",
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


@functools.cache
def fold_table() -> dict[int, str]:
    """Traditional → simplified, one character to one (the browser gets the same pairs in meta.json)."""
    from xyhf.paths import DATA_DIR

    pairs = (line for line in (DATA_DIR / "t2s.txt").read_text(encoding="utf-8").splitlines() if line and line[0] != "#")
    # Characters of the Basic Multilingual Plane only: the page walks strings by UTF-16 code unit.
    return {ord(line[0]): line[1] for line in pairs if len(line) == 2 and max(map(ord, line)) <= 0xFFFF}


def fold_pairs() -> str:
    """The fold table as one string of (traditional, simplified) pairs, for the browser."""
    return "".join(chr(k) + v for k, v in sorted(fold_table().items()))


@functools.cache
def _traditional() -> re.Pattern[str]:
    """Any character the fold table changes: most texts have none, and str.translate looks up
    every character of the text (a third of normalize's time before this test)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(fold_table())) + "]")


# Characters NFKC leaves as they are and that no neighbour changes (quick check Yes, combining
# class 0, so a boundary before each: UAX #15, section 9): printable ASCII, CJK ideographs, 、 and 。.
# Only the runs of other characters, each with the character before it (a letter and a combining
# mark after it compose), go through unicodedata: NFKC of a whole 600-character summary cost
# 16 µs a hundred characters, and the matcher normalises the same fields many times.
_NFKC_RUN = re.compile(r"(?s).?[^\x20-\x7e\u3001\u3002\u3400-\u4dbf\u4e00-\u9fff]+")


def _nfkc_run(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def normalize(text: str) -> str:
    """NFKC, lower case, traditional folded to simplified: one character stays one character, so
    positions in the normalised text are positions in the original (the page highlights by them)."""
    folded = _NFKC_RUN.sub(_nfkc_run, text).lower()
    return folded.translate(fold_table()) if _traditional().search(folded) else folded


def import_jieba():
    """The jieba module, imported without the warning it prints in English (it imports pkg_resources,
    which warns on import) and set to keep quiet when it loads its dictionary, which it has not yet.
    Imported so before anything else does (MkDocs's search plugin, say), no English line reaches a
    user's terminal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)  # nor its English lines when its dictionary loads
    return jieba


@functools.cache
def _jieba():
    jieba = import_jieba()
    # jieba's own default tokenizer (the same dictionary as a new Tokenizer()), not a second one: the
    # theme's prose search (Material's search plugin, lang zh) cuts with it too, and each
    # loads the 5 MB dictionary anew (0.5-1 s a build).
    jieba.dt.initialize()
    return jieba.dt


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
_LATIN_RUN = re.compile(r"[a-z0-9][a-z0-9\- ]*")
_ASCII_EDGE = ("(?<![a-z0-9])(?:", ")(?![a-z0-9])")  # whole words: PLA is not in plastic (same syntax in JS)


@dataclass(frozen=True)
class Lexicon:
    """Reviewed vocabulary. Terms with CJK are found anywhere, by one regex built as a trie (a flat
    alternation of hundreds of terms is ten times slower); ASCII terms and phrases (quantum dot) only
    as whole words. Variants are replaced by their standard form before anything else."""

    concept_of: dict[str, str]  # normalized term → concept token
    pattern: re.Pattern[str] | None  # the CJK terms
    members: dict[str, tuple[str, ...]]  # concept → its terms, sorted
    ascii_pattern: re.Pattern[str] | None = None  # the ASCII terms and phrases
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept → related concepts
    variant_of: dict[str, str] = field(default_factory=dict)  # variant → standard form
    variant_pattern: re.Pattern[str] | None = None

    def standard(self, normalized: str) -> str:
        """The text with every reviewed variant replaced by its standard form."""
        if self.variant_pattern is None:
            return normalized
        return self.variant_pattern.sub(lambda m: self.variant_of[m.group(0)], normalized)

    def spans(self, normalized: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of every term found: CJK terms first, then ASCII ones, each in order."""
        out = [(m.start(), m.end(), m.group(0)) for m in self.pattern.finditer(normalized) if m.group(0)] if self.pattern else []
        if self.ascii_pattern:
            # The ASCII terms, tried only inside runs of letters, digits, hyphens and spaces: a match
            # can hold nothing else, and the whole-word edges see the same neighbours (a 600-character
            # Chinese summary is otherwise scanned at every position by hundreds of alternatives).
            for run in _LATIN_RUN.finditer(normalized):
                at = run.start()
                out += [(at + m.start(), at + m.end(), m.group(0)) for m in self.ascii_pattern.finditer(run.group(0))]
        return out

    def concepts(self, normalized: str) -> list[str]:
        return [self.concept_of[_spaced(term)] for _, _, term in self.spans(normalized)]

    def terms_of(self, concept: str) -> tuple[str, ...]:
        return self.members.get(concept, ())


def _spaced(term: str) -> str:
    return " ".join(term.split())


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


def _ascii_regex(terms: Iterable[str]) -> str:
    """Whole ASCII words and phrases, longest first; a phrase's words may be apart by several spaces."""
    alternatives = [" +".join(map(_js_escape, t.split())) for t in sorted(terms, key=lambda t: (-len(t), t))]
    return _ASCII_EDGE[0] + "|".join(alternatives) + _ASCII_EDGE[1]


def _js_escape(word: str) -> str:
    return re.sub(r"[.*+?^${}()|[\]\\]", lambda m: "\\" + m.group(0), word)  # "-" needs no escape outside a class


def _norm_term(term: str) -> str:
    return _spaced(normalize(str(term)).strip())


def build_lexicon(
    groups: Iterable[Iterable[str]],
    abbreviations: dict[str, str] | None = None,
    related: Iterable[Iterable[str]] = (),
    variants: dict[str, str] | None = None,
) -> Lexicon:
    """Every term of a group maps to the group's concept; an abbreviation joins its full term's group;
    a related term without a group is a concept of its own."""
    concept_of: dict[str, str] = {}
    for group in groups:
        terms = [t for t in map(_norm_term, group) if t]
        if len(terms) < 2:
            continue
        for term in terms:
            concept_of.setdefault(term, CONCEPT + terms[0])
    for abbr, full in sorted((abbreviations or {}).items()):
        a, f = _norm_term(abbr), _norm_term(full)
        if a and f:
            concept_of.setdefault(a, concept_of.setdefault(f, CONCEPT + f))
    related_of = _related(related, concept_of)
    members: dict[str, list[str]] = {}
    for term, concept in concept_of.items():
        members.setdefault(concept, []).append(term)
    cjk = [t for t in concept_of if _IS_CJK.search(t)]
    ascii_terms = [t for t in concept_of if not _IS_CJK.search(t)]
    variant_of = {
        v: s for v, s in ((_norm_term(a), _norm_term(b)) for a, b in sorted((variants or {}).items())) if v and s and v != s
    }
    return Lexicon(
        concept_of,
        re.compile(_trie_regex(cjk)) if cjk else None,
        {c: tuple(sorted(ts)) for c, ts in members.items()},
        re.compile(_ascii_regex(ascii_terms)) if ascii_terms else None,
        related_of,
        variant_of,
        re.compile(_trie_regex(variant_of)) if variant_of else None,
    )


def _related(lists: Iterable[Iterable[str]], concept_of: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """concept → related concepts. A list is a star: its first term is related to each of the others
    and each of them to the first (锂电池 ~ 正极材料, 锂电池 ~ 负极材料; 正极材料 and 负极材料 are not
    thereby related to each other). A term without a group becomes a concept of its own."""
    out: dict[str, set[str]] = {}
    for items in lists:
        concepts = [concept_of.setdefault(term, CONCEPT + term) for term in filter(None, map(_norm_term, items))]
        hub, others = concepts[0], [c for c in concepts[1:] if c != concepts[0]]
        out.setdefault(hub, set()).update(others)
        for c in others:
            out.setdefault(c, set()).add(hub)
    return {c: tuple(sorted(others)) for c, others in sorted(out.items()) if others}


EMPTY_LEXICON = build_lexicon([])


def lexicon_from(data: dict) -> Lexicon:
    """The lexicon of a catalog/synonyms.yaml mapping (validated)."""
    return build_lexicon(data.get("groups", []), data.get("abbreviations", {}), data.get("related", []), data.get("variants", {}))


def terms(text: str, lexicon: Lexicon = EMPTY_LEXICON, words: bool = True) -> list[str]:
    """The ranking terms of a text, in order, with repeats (the caller counts them). `words=False`
    leaves out jieba's words (bigrams still cover the text): for long texts where speed matters."""
    norm = lexicon.standard(normalize(text))
    out: list[str] = []
    for run in _RUN.findall(norm):
        if is_cjk(run):
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


def lexicon_for_browser(lexicon: Lexicon) -> dict:
    """What the page needs to read a query as Python does: the patterns as source text, the maps."""
    return {
        "pattern": lexicon_pattern(lexicon),
        "ascii": lexicon.ascii_pattern.pattern if lexicon.ascii_pattern else "",
        "concept_of": lexicon.concept_of,
        "related": lexicon.related,
        "variants": lexicon.variant_of,
        "variant_pattern": lexicon.variant_pattern.pattern if lexicon.variant_pattern else "",
    }
