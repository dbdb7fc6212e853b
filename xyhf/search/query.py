"""Reading and ranking a search query: the Python twin of assets/xyhf/search-core.js.

The browser runs the JS; this module runs the same steps for the benchmark's judged queries and for
the tests that hold the two equal on the same texts and index entries:
1. pieces: the normalised query without multi-character filler words, cut into CJK runs, ASCII
   words and reviewed synonym pieces;
2. terms: each CJK run cut into the catalog's own words (longest first, from the index's shards);
   where no word starts, a character pair some record has; else a single character;
3. rank: every term found inside longer words (all its character pairs); up to STRICT_TERMS terms
   are all required; otherwise, or when that finds nothing, weighted overlap (idf × field weight);
   a rare single character counts, a common one does not; status lowers a score, never hides it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from xyhf.search.tokens import normalize
from xyhf.search.weights import idf

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERM_RUN = re.compile(f"[{CJK}]+|[a-z]+|[0-9]+")  # as the index: ZL2017… finds 2017…
_IS_CJK = re.compile(f"[{CJK}]")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_WORD = 8
STATUS_FACTOR = {"available": 1.0, "negotiating": 0.9, "licensed": 0.75, "withdrawn": 0.5}
RARE_CHAR = 0.05
STRICT_TERMS = 3
KEEP = 0.15

Entry = list  # [deltas, weights, (1 if a two-character word)]
Docs = tuple[np.ndarray, np.ndarray]  # doc ids ascending, their field weights


@dataclass
class QueryMeta:
    filler: list[str]
    pattern: str
    concept_of: dict[str, str]
    _filler_re: re.Pattern[str] | None = field(default=None, init=False)

    def filler_re(self) -> re.Pattern[str] | None:
        if self._filler_re is None:
            long = sorted((w for w in self.filler if len(w) > 1), key=lambda w: (-len(w), w))
            self._filler_re = re.compile("|".join(map(re.escape, long))) if long else None
        return self._filler_re


@dataclass(frozen=True)
class Term:
    kind: str  # run, ascii, concept (pieces); word, pair, char (a run's terms)
    text: str
    concept: str = ""


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def concept_spans(meta: QueryMeta, text: str) -> list[tuple[int, int, str, str]]:
    out = []
    if meta.pattern:
        out += [
            (m.start(), m.end(), m.group(0), meta.concept_of[m.group(0)]) for m in re.finditer(meta.pattern, text) if m.group(0)
        ]
    out += [
        (m.start(), m.end(), m.group(0), meta.concept_of[m.group(0)])
        for m in _ASCII_WORD.finditer(text)
        if m.group(0) in meta.concept_of
    ]
    return out


def pieces(text: str, meta: QueryMeta) -> list[Term]:
    norm = normalize(text)
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
    out.extend(Term("run" if _IS_CJK.match(run) else "ascii", run) for run in _TERM_RUN.findall(cleaned))


def needed_tokens(ps: list[Term]) -> list[str]:
    out: list[str] = []
    for p in ps:
        if p.kind == "run":
            out += bigrams(p.text)
        elif p.kind == "ascii":
            out.append(p.text)
        else:
            out.append(p.concept)
            out += bigrams(p.text) if _IS_CJK.match(p.text) else [p.text]
    return list(dict.fromkeys(out))


def segment(run: str, has: Callable[[str, str], bool]) -> list[Term]:
    """A CJK run cut into the catalog's own words, longest first; where no word starts, a pair of
    characters some record has; else a single character."""
    out: list[Term] = []
    i = 0
    while i < len(run):
        best = None
        for length in range(min(MAX_WORD, len(run) - i), 1, -1):
            if has(run[i : i + length], "any" if length > 2 else "word"):
                best = Term("word", run[i : i + length])
                break
        if best is None and i + 1 < len(run) and has(run[i : i + 2], "any"):
            best = Term("pair", run[i : i + 2])
        out.append(best or Term("char", run[i]))
        i += len(out[-1].text)
    return out


def terms(ps: list[Term], has: Callable[[str, str], bool], meta: QueryMeta) -> list[Term]:
    out: list[Term] = []
    for p in ps:
        out += segment(p.text, has) if p.kind == "run" else [p]
    filler = set(meta.filler)
    return [t for t in out if t.text not in filler]


def decode(entry: Entry | None) -> Docs | None:
    """A posting list as (doc ids ascending, field weights)."""
    if not entry:
        return None
    ids = np.cumsum(np.asarray(entry[0], dtype=np.int64))
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


def term_docs(term: Term, docs_of: Callable[[str], Docs | None]) -> Docs:
    surface = term.text
    if term.kind == "ascii" or (term.kind == "concept" and not _IS_CJK.match(surface)) or len(surface) == 1:
        found = docs_of(surface) or _empty()
    else:
        found = intersect([docs_of(b) for b in bigrams(surface)])
        word = docs_of(surface) if len(surface) > 2 else None
        if word is not None:
            found = found[0], found[1] + np.isin(found[0], word[0], assume_unique=True)
    concept = docs_of(term.concept) if term.kind == "concept" else None
    if concept is not None:
        extra = ~np.isin(concept[0], found[0], assume_unique=True)
        ids = np.concatenate([found[0], concept[0][extra]])
        at = np.argsort(ids, kind="stable")
        found = ids[at], np.concatenate([found[1], concept[1][extra]])[at]
    return found


Scored = tuple[Term, Docs, float]  # a term, its records, its inverse document frequency


@dataclass
class Ranked:
    ids: np.ndarray
    values: np.ndarray
    mode: str  # strict, fallback, ranked, none

    def ordered(self) -> list[int]:
        return self.ids[np.lexsort((self.ids, -self.values))].tolist()


def rank(ts: list[Term], docs_of: Callable[[str], Docs | None], n: int, factor: np.ndarray) -> Ranked:
    """`factor`: each record's status factor (STATUS_FACTOR), by doc id."""
    lists = [(t, term_docs(t, docs_of)) for t in ts]
    every = [(t, d, idf(n, len(d[0]))) for t, d in lists]
    strong = [(t, d, i) for t, d, i in every if t.kind != "char" or len(d[0]) <= max(1, n * RARE_CHAR)]
    content = strong or every
    strict = 0 < len(content) <= STRICT_TERMS
    ids, values = _score(content, True, n) if strict else _empty()
    mode = "strict"
    if not len(ids):
        ids, values = _score(content, False, n)
        mode = "ranked" if content else "none"
    if not len(ids) and every:
        ids, values = _score(every, False, n)
        mode = "ranked"
    if strict and mode == "ranked":
        mode = "fallback"
    values = values * factor[ids]
    if mode != "strict" and len(values):
        keep = values >= values.max() * KEEP
        ids, values = ids[keep], values[keep]
    return Ranked(ids, values, mode)


def _score(lists: list[Scored], every: bool, n: int) -> Docs:
    """Summed idf × weight, term after term (the browser adds in the same order: equal floats)."""
    if not lists:
        return _empty()
    if every:
        ids = intersect([d for _, d, _ in lists])[0]
        values = np.zeros(len(ids))
        for _, d, idf in lists:
            values = values + idf * _at(d, ids)
        return ids, values
    total = np.zeros(n)
    touched = np.zeros(n, dtype=bool)
    for _, (ids, weights), idf in lists:
        total[ids] += idf * weights
        touched[ids] = True
    hit = np.flatnonzero(touched)
    return hit, total[hit]


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


class IndexFiles:
    """A built site's search index read from disk (for the benchmark and tests; the browser fetches)."""

    def __init__(self, site) -> None:
        import json
        from pathlib import Path

        self.root = Path(site) / "search-index"
        from xyhf.search.index import unpacked

        self.meta = json.loads((self.root / "meta.json").read_text(encoding="utf-8"))
        for facet in self.meta["facets"].values():
            facet["values"] = unpacked(facet["values"])
        self.cols = json.loads((self.root / "cols.json").read_text(encoding="utf-8"))
        self.query_meta = QueryMeta(self.meta["filler"], self.meta["lexicon"]["pattern"], self.meta["lexicon"]["concept_of"])
        self._shards: dict[int, dict] = {}
        self._chunks: dict[int, list] = {}
        status = self.meta["facets"]["status"]
        self.factors = status_factors([status["keys"][v] for v in status["values"]])
        self._docs: dict[str, Docs | None] = {}

    def entry(self, token: str) -> Entry | None:
        import json

        from xyhf.search.index import fnv1a, shard_key

        shard = fnv1a(shard_key(token)) & (self.meta["shards"] - 1)
        if shard not in self._shards:
            self._shards[shard] = json.loads((self.root / "s" / f"{shard}.json").read_text(encoding="utf-8"))
        return self._shards[shard].get(token)

    def docs(self, token: str) -> Docs | None:
        if token not in self._docs:
            self._docs[token] = decode(self.entry(token))
        return self._docs[token]

    def has(self, token: str, need: str) -> bool:
        e = self.entry(token)
        return e is not None and (need == "any" or len(e) > 2)

    def search(self, text: str) -> tuple[list[int], str]:
        """Ranked records of a query as the search page shows them (name chips applied as filters,
        dropped again when they would leave nothing)."""
        rest, chips = read_names(text, self.meta["facets"])
        ts = terms(pieces(rest, self.query_meta), self.has, self.query_meta)
        if not ts:
            return (list(range(self.meta["n"])) if not chips else self._filtered(list(range(self.meta["n"])), chips)), "all"
        ranked = rank(ts, self.docs, self.meta["n"], self.factors)
        docs = ranked.ordered()
        return (self._filtered(docs, chips) or docs), ranked.mode

    def code_of(self, doc: int) -> str:
        import json

        size = self.meta["title_chunk"]
        if doc // size not in self._chunks:
            self._chunks[doc // size] = json.loads((self.root / "t" / f"{doc // size}.json").read_text(encoding="utf-8"))
        return self._chunks[doc // size][doc % size][1]

    def search_codes(self, text: str) -> list[str]:
        """Ranked record codes; a valid unified code opens its record (as the page does)."""
        from xyhf.domain.codes import code_problem

        code = normalize(text).strip().upper()
        if code.startswith("HNXY-") and code_problem(code) is None:
            return [code]
        return [self.code_of(d) for d in self.search(text)[0]]

    def _filtered(self, docs: list[int], chips: list[tuple[str, str, str]]) -> list[int]:
        facets = self.meta["facets"]
        wanted = [(facets[f]["values"], facets[f]["keys"].index(k)) for f, k, _ in chips]
        return [d for d in docs if all(values[d] == want for values, want in wanted)]
