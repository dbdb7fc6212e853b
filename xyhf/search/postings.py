"""What each record gives the search index (its tokens and their field weights), and the catalog's
posting lists, from which the index's shards are written (search/index.py).

All postings sit in two flat arrays grouped by token (tokens in sorted order, docs ascending within
a token): doc = position in the published order, weight = the token's best field weight (1–3).
Built with set and array operations per record and one stable sort, not a Python step per posting:
there are about 9 million at 25,000 records.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from xyhf.model import Record
from xyhf.search import weights as w
from xyhf.search.tokens import EMPTY_LEXICON, Lexicon, cjk_words, normalize


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_CJK}]+|[a-z]+|[0-9]+")  # letters and digits apart: ZL2017… finds 2017…
_IS_CJK = re.compile(f"[{_CJK}]")
WORD_FIELDS = 2  # title and keywords are cut into words; summaries give pairs (same judged nDCG, a third of the time)


def index_tokens(text: str) -> set[str]:
    """Characters, pairs, ASCII words and their prefixes (no words, no concepts): the base layer."""
    return _base_tokens(normalize(text))


def _base_tokens(norm: str) -> set[str]:
    out: set[str] = set()
    for run in _RUN.findall(norm):
        if _IS_CJK.match(run):
            out.update(run)
            out.update(map(str.__add__, run, run[1:]))
        else:
            out.add(run)
            out.update(run[:n] for n in range(3, len(run)))
    return out


def word_tokens(text: str) -> set[str]:
    """jieba's words (two or more characters) of the CJK runs of a text."""
    return _words(normalize(text))


def _words(norm: str) -> set[str]:
    out: set[str] = set()
    for run in _RUN.findall(norm):
        if _IS_CJK.match(run) and len(run) > 2:
            out.update(cjk_words(run))
        elif _IS_CJK.match(run) and len(run) == 2:
            out.add(run)
    return out


def weighted_fields(record: Record, holder_name: str) -> list[tuple[int, tuple[str, ...]]]:
    """(weight, the field's texts): keywords and owners one text each (tokens never span two)."""
    return [
        (w.TITLE, (record.title,)),
        (w.KEYWORDS, tuple(record.keywords)),
        (w.SUMMARY, (record.summary,)),
        (w.IDENTIFIER, (record.code or "",)),
        (w.IDENTIFIER, (record.ip.number or "",)),
        (w.HOLDER, (holder_name,)),
        (w.APPLICATIONS, (record.applications,)),
        (w.ADVANTAGES, (record.advantages,)),
        (w.FIELD_NAME, (record.derived.tech_field_name or "",)),
        (w.OWNERS, tuple(record.ip.owners)),
    ]


FieldTokens = tuple[frozenset[str], frozenset[str]]  # tokens, two-character jieba words


def record_tokens(
    record: Record, holder_name: str, lexicon: Lexicon = EMPTY_LEXICON, cache: dict[tuple[bool, str], FieldTokens] | None = None
) -> tuple[dict[str, int], set[str]]:
    """(token → best field weight, the two-character tokens that are jieba words) of one record.
    `cache`: texts already cut (keywords, holder names, fields and owners repeat across records)."""
    best: dict[str, int] = {}
    pairs: set[str] = set()
    fields = list(enumerate(weighted_fields(record, holder_name)))
    # Heaviest fields first, so a token's first weight is its best; set operations keep it in C.
    for i, (weight, texts) in sorted(fields, key=lambda f: -f[1][0]):
        for text in texts:
            key = (i < WORD_FIELDS, text)
            cut = cache.get(key) if cache is not None else None
            if cut is None:
                cut = _field_tokens(text, i < WORD_FIELDS, lexicon)
                if cache is not None:
                    cache[key] = cut
            pairs |= cut[1]
            best.update(dict.fromkeys(cut[0].difference(best), weight))
    return best, pairs


def _field_tokens(text: str, words: bool, lexicon: Lexicon) -> FieldTokens:
    norm = normalize(text)
    tokens = _base_tokens(norm)
    pairs: set[str] = set()
    if words:
        for word in _words(norm):
            (pairs if len(word) == 2 else tokens).add(word)
    tokens.update(lexicon.concepts(norm))
    return frozenset(tokens), frozenset(pairs)


@dataclass(frozen=True)
class Postings:
    tokens: list[str]  # sorted
    starts: list[int]  # token k's postings are [starts[k], starts[k + 1])
    docs: np.ndarray
    weights: np.ndarray
    word_pairs: frozenset[str]  # two-character tokens that jieba gave as words, not only as pairs
    n: int

    def deltas(self) -> list[int]:
        """Each doc minus the previous doc of the same token (the first: the doc itself)."""
        out = self.docs.copy()
        out[1:] -= self.docs[:-1]
        firsts = np.asarray(self.starts[:-1], dtype=np.int64)
        out[firsts] = self.docs[firsts]
        return out.tolist()

    def weight_chars(self) -> str:
        """The weights as one string of digits, sliced per token like the docs."""
        return (self.weights | 48).astype(np.uint8).tobytes().decode("ascii")


def build_postings(records: list[Record], holder_name: Callable[[str], str], lexicon: Lexicon = EMPTY_LEXICON) -> Postings:
    vocab: dict[str, int] = {}
    token_ids, weights, counts = array("i"), array("B"), array("i")
    word_pairs: set[str] = set()
    cache: dict[tuple[bool, str], FieldTokens] = {}
    for record in records:
        best, pairs = record_tokens(record, holder_name(record.holder), lexicon, cache)
        word_pairs |= pairs
        new = set(best).difference(vocab)  # walks only the small side
        vocab.update(zip(new, range(len(vocab), len(vocab) + len(new)), strict=True))
        token_ids.fromlist(list(map(vocab.__getitem__, best)))
        weights.fromlist(list(best.values()))
        counts.append(len(best))
    tokens = sorted(vocab)
    position = np.empty(len(tokens), dtype=np.int64)
    position[[vocab[t] for t in tokens]] = np.arange(len(tokens))
    key = position[np.frombuffer(token_ids, dtype=np.int32)]
    order = np.argsort(key, kind="stable")  # stable: docs stay ascending within a token
    starts = [0, *np.cumsum(np.bincount(key, minlength=len(tokens))).tolist()]
    doc_array = np.repeat(np.arange(len(records), dtype=np.int64), np.frombuffer(counts, dtype=np.int32))[order]
    weight_array = np.frombuffer(weights, dtype=np.uint8)[order]
    return Postings(tokens, starts, doc_array, weight_array, frozenset(word_pairs), len(records))
