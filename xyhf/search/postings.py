"""What each record gives the search index (its tokens and their field-weighted frequencies), and the
catalog's posting lists, from which the index's shards are written (search/index.py).

All postings sit in two flat arrays grouped by token (tokens in sorted order, docs ascending within
a token): doc = position in the published order, weight = the BM25F impact of the token in the record
(frequency pooled over fields by field weight, saturated and normalised by the record's length),
quantised to a level 1..LEVELS (search/weights.py): the query side only multiplies it by idf.
Built with set and array operations per record and one stable sort, not a Python step per posting:
there are about 9 million at 25,000 records.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from xyhf import chunked, forked
from xyhf.model.records import Record
from xyhf.search import weights as w
from xyhf.search.tokens import CJK, EMPTY_LEXICON, Lexicon, cjk_words, is_cjk, normalize

_RUN = re.compile(f"[{CJK}]+|[a-z]+|[0-9]+")  # letters and digits apart: ZL2017… finds 2017…
WORD_FIELDS = 2  # title and keywords are cut into words; summaries give pairs (same judged nDCG, a third of the time)


def index_tokens(text: str) -> set[str]:
    """Characters, pairs, ASCII words and their prefixes (no words, no concepts): the base layer."""
    return _base_tokens(normalize(text))


def _base_tokens(norm: str) -> set[str]:
    return set(_run_tokens(norm))


def _run_tokens(norm: str) -> list[str]:
    """The base layer with repeats (the index counts them): characters and pairs of CJK runs, ASCII
    words and their prefixes of three or more."""
    out: list[str] = []
    for run in _RUN.findall(norm):
        if is_cjk(run):
            out += run
            out += map(str.__add__, run, run[1:])
        else:
            out.append(run)
            out += (run[:n] for n in range(3, len(run)))
    return out


def word_tokens(text: str) -> set[str]:
    """jieba's words (two or more characters) of the CJK runs of a text."""
    return _words(normalize(text))


def _words(norm: str) -> set[str]:
    out: set[str] = set()
    for run in _RUN.findall(norm):
        if is_cjk(run) and len(run) > 2:
            out.update(cjk_words(run))
        elif is_cjk(run) and len(run) == 2:
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


FieldTokens = tuple[list[str], frozenset[str]]  # the field's tokens with repeats, two-character jieba words
Cut = Callable[[str, bool], tuple[list[str] | array, frozenset[str]]]  # (text, cut into words?) → tokens, pairs


def record_tokens(
    record: Record, holder_name: str, lexicon: Lexicon = EMPTY_LEXICON, cut: Cut | None = None
) -> tuple[Counter, set[str]]:
    """(token → field-weighted term frequency, the two-character tokens that are jieba words) of one
    record: BM25F's pooled frequency, a title occurrence counting as three summary ones. Counted by
    Counter.update over token lists, which runs in C (a Python step per token cost a third of the stage).
    `cut`: how a field's text becomes tokens (default: _field_tokens); the postings pass one that
    caches each text's tokens as ids, so the keys are then ids."""
    if cut is None:
        cut = functools.partial(_field_tokens, lexicon=lexicon)
    tf: Counter = Counter()
    pairs: set[str] = set()
    for i, (weight, texts) in enumerate(weighted_fields(record, holder_name)):
        for text in texts:
            tokens, words = cut(text, i < WORD_FIELDS)
            pairs |= words
            tf.update(tokens * weight if weight > 1 else tokens)
    return tf, pairs


class _IdCut:
    """A Cut that cuts each distinct text once and keeps its tokens as ids of `vocab`, 4 bytes each:
    keywords, holder names, fields and owners repeat across records (summaries too, in synthetic
    catalogs). Kept as lists of strings, the cache of one worker held 290 MiB at 25,000 records."""

    def __init__(self, vocab: _Vocabulary, lexicon: Lexicon) -> None:
        self.vocab, self.lexicon = vocab, lexicon
        self.cache: dict[tuple[bool, str], tuple[array, frozenset[str]]] = {}

    def __call__(self, text: str, words: bool) -> tuple[array, frozenset[str]]:
        key = (words, text)
        done = self.cache.get(key)
        if done is None:
            tokens, pairs = _field_tokens(text, words, self.lexicon)
            done = self.cache[key] = (array("i", map(self.vocab.__getitem__, tokens)), pairs)
        return done


def record_length(record: Record, holder_name: str) -> float:
    """The field-weighted length of a record in characters, for BM25's length normalisation."""
    return float(sum(weight * sum(len(t) for t in texts) for weight, texts in weighted_fields(record, holder_name)))


def _field_tokens(text: str, words: bool, lexicon: Lexicon) -> FieldTokens:
    norm = lexicon.standard(normalize(text))
    tokens = _run_tokens(norm)
    pairs: set[str] = set()
    if words:
        for word in _words(norm):
            if len(word) == 2:
                pairs.add(word)
            else:
                tokens.append(word)
    tokens += lexicon.concepts(norm)
    return tokens, frozenset(pairs)


@dataclass(frozen=True)
class Postings:
    tokens: list[str]  # sorted
    starts: list[int]  # token k's postings are [starts[k], starts[k + 1])
    docs: np.ndarray  # int32
    weights: np.ndarray  # each posting's impact level, 1..w.LEVELS (search/weights.impact)
    word_pairs: frozenset[str]  # two-character tokens that jieba gave as words, not only as pairs
    n: int
    keys: tuple[str, ...] = ()  # the records' codes in doc order: whether these postings fit a list of records

    def weight_chars(self) -> str:
        """The impact levels as one string, a character each (chr(48 + level)), sliced per token like the docs."""
        return (self.weights.astype(np.uint8) + 48).tobytes().decode("ascii")


class _Vocabulary(dict):
    """Token → id, a new token taking the next id as it is first looked up (no set difference a record)."""

    def __missing__(self, token: str) -> int:
        self[token] = len(self)
        return self[token]


@dataclass
class _Counts:
    """The records' (token, field-weighted frequency) pairs, flat: token ids index `tokens`."""

    tokens: list[str]
    token_ids: array
    freqs: array
    counts: array  # pairs per record
    lengths: np.ndarray
    word_pairs: set[str]


def _count(records: list[Record], holder_name: Callable[[str], str], lexicon: Lexicon) -> _Counts:
    vocab = _Vocabulary()
    token_ids, freqs, counts = array("i"), array("f"), array("i")
    lengths = np.zeros(len(records), dtype=np.float64)
    word_pairs: set[str] = set()
    cut = _IdCut(vocab, lexicon)
    for i, record in enumerate(records):
        name = holder_name(record.holder)
        tf, pairs = record_tokens(record, name, lexicon, cut)
        lengths[i] = record_length(record, name)
        word_pairs |= pairs
        token_ids.fromlist(list(tf))
        freqs.fromlist(list(tf.values()))
        counts.append(len(tf))
    return _Counts(list(vocab), token_ids, freqs, counts, lengths, word_pairs)


def build_postings(
    records: list[Record], holder_name: Callable[[str], str], lexicon: Lexicon = EMPTY_LEXICON, workers: int | None = None
) -> Postings:
    counts = count_in_parallel(records, holder_name, lexicon, workers) or _count(records, holder_name, lexicon)
    tokens = sorted(counts.tokens)
    rank = {t: i for i, t in enumerate(tokens)}
    # int32 keys and doc ids, levels in slices: at 25,000 records there are millions of postings, and
    # int64/float64 temporaries over all of them made this the build's peak of memory.
    position = np.fromiter((rank[t] for t in counts.tokens), dtype=np.int32, count=len(counts.tokens))
    key = position[np.frombuffer(counts.token_ids, dtype=np.int32)]
    order, starts = _grouped(key, len(tokens))
    del key, position
    doc_of = np.repeat(np.arange(len(records), dtype=np.int32), np.frombuffer(counts.counts, dtype=np.int32))
    levels = _levels(np.frombuffer(counts.freqs, dtype=np.float32), counts.lengths, doc_of)
    keys = tuple(r.code or "" for r in records)
    docs = doc_of[order]  # int32: half the memory of every process holding the catalog, and of its pickle
    return Postings(tokens, starts, docs, levels[order], frozenset(counts.word_pairs), len(records), keys)


def _grouped(key: np.ndarray, groups: int) -> tuple[np.ndarray, list[int]]:
    """A stable sort of positions by key, and where each key's run starts: what np.argsort(key,
    kind="stable") and a cumulative bincount give, by a counting sort (scipy's COO → CSR, in C) in
    a quarter of the time over 9 million postings. Each row of the matrix is one key, its column
    indices the positions holding it, ascending (canonical CSR: duplicates cannot occur, the
    columns being distinct)."""
    n = len(key)
    by_key = sparse.csr_matrix((np.ones(n, dtype=np.int8), (key, np.arange(n, dtype=np.int32))), shape=(groups, n))
    by_key.sort_indices()
    return by_key.indices, by_key.indptr.tolist()


def _levels(freqs: np.ndarray, lengths: np.ndarray, doc_of: np.ndarray, step: int = 1 << 20) -> np.ndarray:
    """Each posting's impact level (weights.impact_levels, in float64 as ever), a slice at a time."""
    mean = float(lengths.mean() or 1.0) if len(lengths) else 1.0  # no records: no mean (numpy warns on it)
    out = np.empty(len(doc_of), dtype=np.uint8)
    for at in range(0, len(doc_of), step):
        part = slice(at, at + step)
        out[part] = w.impact_levels(freqs[part].astype(np.float64), lengths[doc_of[part]], mean)
    return out


# Cutting the records into tokens is two thirds of the postings and runs in pure Python: on the build
# machine's cores it goes in parallel (forked workers inherit the records, so nothing big is pickled
# on the way in; each sends back flat arrays and its own vocabulary, merged in record order, so the
# postings are the same as one process makes). Below PARALLEL_FROM records forking costs more than it saves.
PARALLEL_FROM = 1000


def count_in_parallel(
    records: list[Record],
    holder_name: Callable[[str], str],
    lexicon: Lexicon,
    workers: int | None = None,
    minimum: int | None = None,
) -> _Counts | None:
    """The records' counts from `workers` forked processes, or None where one process is the better choice."""
    workers = forked.default_workers() if workers is None else workers
    if not forked.can_fork(workers, len(records), PARALLEL_FROM if minimum is None else minimum):
        return None
    cjk_words("预热")  # jieba's dictionary loaded once, here, and inherited by every worker
    job = (records, holder_name, lexicon)
    # One slice a process, by chunked.in_chunks rather than a pool: a worker's counts are streamed
    # through a scratch file, and the worker has written them (and has usually ended) before they are
    # read here. Sent through a pool's pipe, the worker held its counts and their whole pickle while
    # this process read and unpickled them: the build's peak of memory at 50,000 records.
    return _merged(chunked.in_chunks(job, _count_slice, len(records), forked.even_size(len(records), workers), workers))


def _count_slice(job: tuple[list[Record], Callable[[str], str], Lexicon], start: int, end: int) -> _Counts:
    records, holder_name, lexicon = job
    return _count(records[start:end], holder_name, lexicon)


def _merged(parts: list[_Counts]) -> _Counts:
    vocab = _Vocabulary()
    token_ids = array("i")
    for part in parts:
        local = np.fromiter(map(vocab.__getitem__, part.tokens), dtype=np.int32, count=len(part.tokens))
        token_ids.frombytes(local[np.frombuffer(part.token_ids, dtype=np.int32)].tobytes())
    freqs, counts = array("f"), array("i")
    for part in parts:
        freqs.extend(part.freqs)
        counts.extend(part.counts)
    lengths = np.concatenate([part.lengths for part in parts])
    return _Counts(list(vocab), token_ids, freqs, counts, lengths, set().union(*(part.word_pairs for part in parts)))
