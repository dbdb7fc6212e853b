"""Reading and ranking a search query: the Python twin of assets/xyhf/search-core.js.

The browser runs the JS; this module runs the same steps for the benchmark's judged queries, for the
need–record matcher (search/match.py) and for the tests that hold the two equal on the same texts:
1. pieces: the query cut to MAX_QUERY characters, normalised as the index was (NFKC, lower case,
   traditional folded to simplified, reviewed variants to their standard form), without filler
   words, cut into CJK runs, ASCII words and reviewed vocabulary (synonym concepts);
2. terms: each CJK run segmented into the catalog's own words (the fewest pieces; a character pair
   only where no word covers it); every synonym concept brings its related concepts at RELATED;
3. rank, one model (BM25F, search/weights.py): each record scores Σ weight × idf × impact over the
   terms it has, where a word of three or more characters is found by all its character pairs, an
   everyday word weighs by its specificity and a common single character in a longer query not at all.
   More matched terms rank higher; no term is required. Records matched only by weak terms are noise
   beside a strong one and are left out; the rest is kept down to KEEP of the best score.
   Status breaks near-ties only (STATUS_FACTOR). `coverage` says how much of the query the best
   record matched: below PARTIAL the page says the results are only partly related.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from xyhf.search import gaps as gap_text
from xyhf.search.tokens import CJK, is_cjk, normalize
from xyhf.search.weights import SPECIFIC, idf

_TERM_RUN = re.compile(f"[{CJK}]+|[a-z]+|[0-9]+")  # as the index: ZL2017… finds 2017…
MAX_QUERY = 300  # a pasted page is read as its first sentences, not frozen on (issue 24)
MAX_WORD = 8
# Available records first only among near-equals: a 3 % step never lifts a clearly weaker record.
STATUS_FACTOR = {"available": 1.0, "negotiating": 0.97, "licensed": 0.94, "withdrawn": 0.9}
RARE_CHAR = 0.05  # a single character in more than this share of records says nothing in a longer query
WEAK = 2  # an everyday word (specificity ≤ WEAK of 10: 以后, 这些) alone does not make a record a result
RELATED = 0.3  # a related concept (锂电池 → 正极材料) weighs this much of a query term
KEEP = 0.15  # below this share of the best score a record is noise
COMMON = 0.5  # every term in more than this share of records: relevance says nothing, newest first
PARTIAL = 0.5  # the best record matched less than this share of the query's weight: "只部分相关"
WORD, PAIR, CHAR = 2, 4, 2  # segmentation costs: a character pair only where no word covers it

Entry = list  # [deltas, impacts, (is a two-character word, (specificity))]
Docs = tuple[np.ndarray, np.ndarray]  # doc ids ascending, their impact levels


@dataclass
class QueryMeta:
    filler: list[str]
    pattern: str
    concept_of: dict[str, str]
    ascii: str = ""
    related: dict[str, list[str]] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    variant_pattern: str = ""
    fold: str = ""
    _filler_re: re.Pattern[str] | None = field(default=None, init=False)
    _fold: dict[int, str] | None = field(default=None, init=False)

    @classmethod
    def of(cls, meta: dict) -> QueryMeta:
        lx = meta["lexicon"]
        return cls(
            meta["filler"], lx["pattern"], lx["concept_of"], lx.get("ascii", ""), lx.get("related", {}),
            lx.get("variants", {}), lx.get("variant_pattern", ""), meta.get("fold", ""),
        )  # fmt: skip

    def filler_re(self) -> re.Pattern[str] | None:
        if self._filler_re is None:
            long = sorted((w for w in self.filler if len(w) > 1), key=lambda w: (-len(w), w))
            self._filler_re = re.compile("|".join(map(re.escape, long))) if long else None
        return self._filler_re

    def normalize(self, text: str) -> str:
        """As tokens.normalize and Lexicon.standard, from what meta.json carries."""
        if self._fold is None:
            self._fold = {ord(self.fold[i]): self.fold[i + 1] for i in range(0, len(self.fold) - 1, 2)}
        norm = unicodedata.normalize("NFKC", text).lower().translate(self._fold)
        if self.variant_pattern:
            norm = re.sub(self.variant_pattern, lambda m: self.variants.get(m.group(0), m.group(0)), norm)
        return norm


@dataclass(frozen=True)
class Term:
    kind: str  # run, ascii, concept (pieces); word, pair, char (a run's terms); related
    text: str
    concept: str = ""
    via: str = ""  # a related term: the query's concept that brought it


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def concept_spans(meta: QueryMeta, text: str) -> list[tuple[int, int, str, str]]:
    out = []
    for pattern in (meta.pattern, meta.ascii):
        if pattern:
            out += [
                (m.start(), m.end(), m.group(0), meta.concept_of[" ".join(m.group(0).split())])
                for m in re.finditer(pattern, text)
                if m.group(0)
            ]
    return out


def pieces(text: str, meta: QueryMeta, limit: int = MAX_QUERY) -> list[Term]:
    norm = meta.normalize(text[:limit])
    out: list[Term] = []
    at = 0
    for start, end, surface, concept in sorted(concept_spans(meta, norm), key=lambda s: (s[0], -s[1])):
        if start < at:
            continue
        _plain(norm[at:start], meta, out)
        out.append(Term("concept", surface, concept))
        at = end
    _plain(norm[at:], meta, out)
    return out


def _plain(text: str, meta: QueryMeta, out: list[Term]) -> None:
    pattern = meta.filler_re()
    cleaned = pattern.sub(" ", text) if pattern else text
    out.extend(Term("run" if is_cjk(run) else "ascii", run) for run in _TERM_RUN.findall(cleaned))


def needed_tokens(ps: list[Term]) -> list[str]:
    out: list[str] = []
    for p in ps:
        if p.kind == "run":
            out += bigrams(p.text)
        elif p.kind == "ascii":
            out.append(p.text)
        else:
            out.append(p.concept)
            out += bigrams(p.text) if is_cjk(p.text) else [p.text]
    return list(dict.fromkeys(out))


def segment(run: str, has: Callable[[str, str], bool], specificity: Callable[[str], int] | None = None) -> list[Term]:
    """A CJK run cut into the fewest pieces: the catalog's own words, else single characters; a
    character pair some record has only where no word covers it (so 温度控制 never gives 度控), and
    of two such cuts the one whose pair is more specific (的+污水, not 的污+水)."""
    n = len(run)
    cost: list[float] = [0.0] + [float("inf")] * n
    back: list[Term | None] = [None] * (n + 1)
    for i in range(n):
        options: list[tuple[float, Term]] = [(CHAR, Term("char", run[i]))]
        for length in range(2, min(MAX_WORD, n - i) + 1):
            piece = run[i : i + length]
            if has(piece, "any" if length > 2 else "word"):
                options.append((WORD, Term("word", piece)))
            elif length == 2 and has(piece, "any"):
                options.append((PAIR + _pair_tie(piece, specificity), Term("pair", piece)))
        for c, term in options:
            j = i + len(term.text)
            if cost[i] + c < cost[j]:
                cost[j], back[j] = cost[i] + c, term
    out: list[Term] = []
    j = n
    while j > 0:
        piece_at = back[j]
        assert piece_at is not None  # every position is reached: a single character always is
        out.append(piece_at)
        j -= len(piece_at.text)
    return out[::-1]


def _pair_tie(piece: str, specificity: Callable[[str], int] | None) -> float:
    """Ties only: of two cuts, the more specific pair; an everyday pair (的纸, 大的) loses to its two
    characters, so 纸 is read alone."""
    if specificity is None:
        return 0.0
    level = specificity(piece)
    return 0.001 if level <= WEAK else -level / SPECIFIC / 1000


def terms(
    ps: list[Term], has: Callable[[str, str], bool], meta: QueryMeta, specificity: Callable[[str], int] | None = None
) -> list[Term]:
    out: list[Term] = []
    for p in ps:
        out += segment(p.text, has, specificity) if p.kind == "run" else [p]
    filler = set(meta.filler)
    out = [t for t in out if t.text not in filler]
    concepts = [t.concept for t in out if t.kind == "concept"]
    for concept in dict.fromkeys(concepts):
        for other in meta.related.get(concept, ()):
            if other not in concepts and all(t.concept != other for t in out):
                out.append(Term("related", other, other, concept))
    return out


def decode(entry: Entry | None) -> Docs | None:
    """A posting list as (doc ids ascending, impact levels)."""
    if not entry:
        return None
    ids = np.cumsum(gap_text.decode(entry[0]) if isinstance(entry[0], str) else np.asarray(entry[0], dtype=np.int64))
    raw = entry[1]
    weights = (np.frombuffer(raw.encode("ascii"), dtype=np.uint8) - 48) if isinstance(raw, str) else np.asarray(raw)
    return ids, weights.astype(np.float64)


def _empty() -> Docs:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


def _at(docs: Docs, ids: np.ndarray) -> np.ndarray:
    """The weights of `docs` at `ids` (all of which it holds)."""
    return docs[1][np.searchsorted(docs[0], ids)]


def intersect(maps: list[Docs | None]) -> Docs:
    """Docs in every list, each with its smallest weight."""
    if not maps or any(m is None for m in maps):
        return _empty()
    ordered = sorted((m for m in maps if m is not None), key=lambda m: len(m[0]))
    ids = ordered[0][0]
    for m in ordered[1:]:
        ids = ids[np.isin(ids, m[0], assume_unique=True)]
    weights = _at(ordered[0], ids)
    for m in ordered[1:]:
        weights = np.minimum(weights, _at(m, ids))
    return ids, weights


def lookup(term: Term) -> str:
    """The index token a term is scored by (a word of three or more characters: by its pairs)."""
    return term.concept if term.kind in ("concept", "related") else term.text


def term_docs(term: Term, docs_of: Callable[[str], Docs | None]) -> Docs:
    """A term's records and impacts. A synonym term also takes the records that have its own surface
    inside a longer term of another group (合金 in 镁合金), at the higher of the two impacts."""
    if term.kind == "concept":
        return union(docs_of(term.concept) or _empty(), _surface_docs(term.text, docs_of))
    return _surface_docs(lookup(term), docs_of) if term.kind != "related" else docs_of(term.concept) or _empty()


def _surface_docs(surface: str, docs_of: Callable[[str], Docs | None]) -> Docs:
    if len(surface) > 2 and is_cjk(surface):
        return intersect([docs_of(b) for b in bigrams(surface)])
    return docs_of(surface) or _empty()


def union(a: Docs, b: Docs) -> Docs:
    """Docs in either list, each with the higher impact."""
    ids = np.union1d(a[0], b[0])
    weights = np.zeros(len(ids))
    for docs in (a, b):
        at = np.searchsorted(ids, docs[0])
        weights[at] = np.maximum(weights[at], docs[1])
    return ids, weights


Scored = tuple[Term, Docs, float, float, bool]  # a term, its records, its idf, its query weight, strong


@dataclass
class Ranked:
    ids: np.ndarray
    values: np.ndarray
    mode: str  # ranked; closest (only weak words matched: not results, the nearest); none
    coverage: float = 0.0  # share of the query's weight that the best record matched
    shares: np.ndarray | None = None  # the same share for every record in `ids`

    def ordered(self) -> list[int]:
        return self.ids[np.lexsort((self.ids, -self.values))].tolist()


def query_weight(term: Term, level: int) -> float:
    """A term's weight in the query: a related concept at RELATED, a word by its specificity `level`."""
    base = RELATED if term.kind == "related" else 1.0
    return base * level / SPECIFIC if term.kind in ("word", "pair", "char") else base


def scored_terms(
    ts: list[Term], docs_of, n: int, specificity: Callable[[str], int], boost: dict[str, float] | None = None
) -> list[Scored]:
    """Each distinct term once, in query order, with its records, idf and weight; a common single
    character is dropped from a query that has anything else."""
    seen: set[tuple[str, str]] = set()
    out: list[Scored] = []
    for t in ts:
        key = (t.kind == "word" and len(t.text) > 2 and "w" or "t", lookup(t))
        if key in seen:
            continue
        seen.add(key)
        docs = term_docs(t, docs_of)
        if t.kind == "char" and len(ts) > 1 and len(docs[0]) > max(1, n * RARE_CHAR):
            continue
        level = specificity(t.text) if t.kind in ("word", "pair", "char") else SPECIFIC
        weight = query_weight(t, level) * (boost or {}).get(lookup(t), 1.0)
        out.append((t, docs, idf(n, len(docs[0])), weight, level > WEAK))
    return out


def rank(
    ts: list[Term], docs_of: Callable[[str], Docs | None], n: int, factor: np.ndarray, specificity=None, boost=None
) -> Ranked:
    """`factor`: each record's status factor (STATUS_FACTOR), by doc id; `specificity`: a term's
    level 0..10 (from its index entry); `boost`: index token → weight factor (the matcher's
    keywords; the page has none)."""
    lists = scored_terms(ts, docs_of, n, specificity or (lambda _: SPECIFIC), boost)
    if not lists:
        return Ranked(*_empty(), "none")
    flat = all(len(docs[0]) > n * COMMON for _, docs, *_ in lists)  # 中, 合 while typing: in most records
    if any(0 < len(docs[0]) <= n * COMMON for _, docs, *_ in lists):  # beside a telling term that finds something,
        lists = [entry for entry in lists if len(entry[1][0]) <= n * COMMON]  # one in most records (hnxy) says nothing
    total, mass, related, strong = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool)
    for term, (ids, impacts), term_idf, weight, is_strong in lists:  # in query order: the browser adds alike
        total[ids] += weight * term_idf * impacts
        (related if term.kind == "related" else mass)[ids] += weight * term_idf
        if is_strong:
            strong[ids] = True
    full = 0.0
    for term, _, term_idf, weight, _ in lists:
        if term.kind != "related":
            full += weight * term_idf
    hit, mode = np.flatnonzero(total > 0), "ranked"
    if any(is_strong for *_, is_strong in lists):  # a strong word was asked for: a weak one alone is no match
        matched = hit[strong[hit]]
        hit, mode = (matched, mode) if len(matched) or not len(hit) else (hit, "closest")  # shown as closest, not as results
    values = factor[hit] * 1.0 if flat else total[hit] * factor[hit]
    if not len(hit):
        return Ranked(hit, values, "ranked")
    keep = values >= values.max() * KEEP
    hit, values = hit[keep], values[keep]
    best = int(hit[np.lexsort((hit, -values))[0]])
    # The matcher's share counts a related concept at its weight; the page's coverage only the query's own words.
    shares = np.minimum(1.0, (mass[hit] + related[hit]) / full) if full else np.zeros(len(hit))
    return Ranked(hit, values, mode, min(1.0, float(mass[best] / full)) if full else 0.0, shares)


def status_factors(statuses: list[str]) -> np.ndarray:
    return np.array([STATUS_FACTOR.get(s, 1.0) for s in statuses])


KIND_WORDS = [
    ("高等院校", "university"),
    ("高校", "university"),
    ("大学", "university"),
    ("科研院所", "research_institute"),
    ("研究院", "research_institute"),
    ("研究所", "research_institute"),
    ("医院", "medical_institution"),
    ("医疗机构", "medical_institution"),
]
_HOLDER_SUFFIX = re.compile("(大学|学院|研究院|研究所|研究中心|技术转移中心|中心|医院|有限公司|公司)$")
_CITY_SUFFIX = re.compile("(土家族苗族自治州|市|州)$")


def read_names(text: str, facets: dict, dropped: frozenset[str] = frozenset()) -> tuple[str, list[tuple[str, str, str]]]:
    """(text without the names, chips as (facet, key, label)): a city, a holder or a holder kind."""
    norm = normalize(text)
    chips: list[tuple[str, str, str]] = []

    def take(facet: str, key: str, label: str, form: str) -> None:
        nonlocal norm
        if f"{facet}:{key}" in dropped or any(c[0] == facet for c in chips):
            return
        chips.append((facet, key, label))
        norm = norm.replace(form, " ")

    for facet, suffix, min_length in (("holder", _HOLDER_SUFFIX, 4), ("city", _CITY_SUFFIX, 2)):
        f = facets[facet]
        for key, name in zip(f["keys"], f["names"], strict=True):
            full = normalize(name)
            for form in (full, suffix.sub("", full, count=1)):
                if len(form) >= min_length and form in norm:
                    take(facet, key, name, form)
    kinds = facets["kind"]
    for word, key in KIND_WORDS:
        if key in kinds["keys"] and word in norm:
            take("kind", key, kinds["names"][kinds["keys"].index(key)], word)
    return norm, chips
