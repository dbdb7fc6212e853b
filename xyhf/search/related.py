"""Related achievements by text similarity, computed at build time.

TF-IDF over keywords, the title's words (filler words such as 一种, 方法, 制备 left out; character
pairs made the product dense at 25,000 records for no better neighbours), synonym concepts and classification (IPC subclass, technology field); cosine similarity
as a sparse product, taken in row blocks so memory stays flat at 25,000 records. Very common
features (in over 2% of records) are dropped: they relate everything. A pair is kept only when the
two share the technology field and a term, or a rare key term (a keyword, a title word or a synonym group), so a
fertilizer is never "related" to lithium polishing through a shared pair of characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from xyhf import forked
from xyhf.model.records import Record
from xyhf.search.tokens import CONCEPT, EMPTY_LEXICON, FILLER, Lexicon, cjk_words, normalize

TOP_K = 5
BLOCK = 2048


KEY_FEATURES = ("k:", "w:", "c:")  # what two records must share (or their field) to be related


def features(record: Record, lexicon: Lexicon = EMPTY_LEXICON) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in record.keywords:
        word = normalize(k)
        if len(k) >= 2 and word not in FILLER:
            out[f"k:{word}"] = 3.0
    title = normalize(record.title)
    for word in cjk_words(title):
        if word not in FILLER:
            out[f"w:{word}"] = 2.0
    for concept in lexicon.concepts(normalize(" ".join([record.title, *record.keywords]))):
        out[f"c:{concept.removeprefix(CONCEPT)}"] = 2.0
    for symbol in record.ipc[:1]:
        out[f"ipc:{symbol[:4]}"] = 2.0
    if record.derived.tech_field:
        out[f"f:{record.derived.tech_field}"] = 1.0
    return out


def key_terms(feats: dict[str, float]) -> frozenset[str]:
    """The features two records must share to be related (keywords, title words, concepts)."""
    return frozenset(name for name in feats if name.startswith(KEY_FEATURES))


def shares_key(a: Record, b: Record, ka: frozenset[str], kb: frozenset[str], rare: set[str]) -> bool:
    """Same technology field and at least one common term (a field alone relates a battery material
    to a phone app when both carry a testing IPC class), or a shared key term that few records have
    (结构 or 装置 relate nothing). `ka`, `kb`: the records' key_terms, made once a record."""
    shared = ka & kb
    if a.derived.tech_field and a.derived.tech_field == b.derived.tech_field:
        return bool(shared)
    return not rare.isdisjoint(shared)


# From PARALLEL_FROM records on, the features (jieba on every title) and the neighbours (row blocks
# of the similarity product) are computed in slices by forked workers (xyhf/forked.py), joined in
# record order: the same lists as one process makes.
PARALLEL_FROM = 1000


@dataclass(frozen=True)
class _Neighbours:
    records: list[Record]
    keys: list[frozenset[str]]  # each record's key_terms
    rare: set[str]
    matrix: sparse.csr_matrix
    transposed: sparse.csc_matrix
    k: int


def related(
    records: list[Record], k: int = TOP_K, lexicon: Lexicon = EMPTY_LEXICON, workers: int | None = None
) -> list[list[int]]:
    """For each record (by index), the indexes of its k most similar others, best first."""
    n = len(records)
    if n < 2:
        return [[] for _ in records]
    workers = forked.default_workers() if workers is None else workers
    parallel = forked.can_fork(workers, n, PARALLEL_FROM)
    if parallel:
        cjk_words("预热")  # jieba's dictionary loaded once, here, and inherited by every worker
        slices = forked.even_slices(n, workers)
        feats = [f for part in forked.in_slices((records, lexicon), _features_slice, slices, workers) for f in part]
    else:
        feats = _features_slice((records, lexicon), 0, n)
    rare, matrix = _similarity_matrix(feats, n)
    keys = [key_terms(f) for f in feats]
    del feats  # the neighbours need only the matrix and the key terms: 60 MiB less at 50,000 records, at the build's peak
    job = _Neighbours(records, keys, rare, matrix, matrix.T.tocsc(), k)
    blocks = forked.bounds(n, BLOCK)
    if parallel:
        return [row for part in forked.in_slices(job, _neighbours, blocks, workers) for row in part]
    return [row for start, end in blocks for row in _neighbours(job, start, end)]


def _features_slice(job: tuple[list[Record], Lexicon], start: int, end: int) -> list[dict[str, float]]:
    records, lexicon = job
    return [features(r, lexicon) for r in records[start:end]]


def _similarity_matrix(feats: list[dict[str, float]], n: int) -> tuple[set[str], sparse.csr_matrix]:
    """The rare key terms, and the records' TF-IDF rows scaled to unit length."""
    df: dict[str, int] = {}
    for f in feats:
        for name in f:
            df[name] = df.get(name, 0) + 1
    cap = max(20, int(0.02 * n))
    rare = {name for name, c in df.items() if c <= max(3, n // 100)}
    vocab = {name: i for i, name in enumerate(sorted(t for t, c in df.items() if 1 < c <= cap))}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for name, tf in f.items():
            j = vocab.get(name)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(tf * math.log(n / df[name]))
    matrix = sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return rare, sparse.diags(1.0 / norms).dot(matrix).tocsr()


def _neighbours(job: _Neighbours, start: int, end: int) -> list[list[int]]:
    """The k best related records of each record in rows start..end (one block of the product)."""
    sims = (job.matrix[start:end] @ job.transposed).tocsr()
    values = np.round(sims.data, 5)  # rounded: stable ties
    rows = np.repeat(np.arange(start, end, dtype=sims.indices.dtype), np.diff(sims.indptr))
    keep = (sims.indices != rows) & (values > 0.05)  # not itself, and similar enough: the whole block at once
    cols, vals = sims.indices[keep], values[keep]
    bounds = np.concatenate(([0], np.cumsum(keep)))[sims.indptr].tolist()  # each row's run in cols and vals
    return [
        _best_related(job, start + r, cols[bounds[r] : bounds[r + 1]], vals[bounds[r] : bounds[r + 1]])
        for r in range(end - start)
    ]


SHORTLIST = 24  # candidates sorted first: the k related are almost always among the best few dozen of hundreds


def _best_related(job: _Neighbours, i: int, cols: np.ndarray, vals: np.ndarray) -> list[int]:
    """The first k candidates, best first then lowest index, that pass the key-term test. Sorting a
    row's hundreds of candidates (700 at 25,000 records, twice as many at 50,000) was most of the
    related records' time. Every candidate at or above the SHORTLIST-th best value comes before every
    other in that order, so those are sorted and tested first, and the rest only if they do not give k."""
    chosen: list[int] = []
    rest = np.ones(len(cols), dtype=bool)
    if len(cols) > 2 * SHORTLIST:
        bar = -np.partition(-vals, SHORTLIST - 1)[SHORTLIST - 1]  # the SHORTLIST-th best value
        first = vals >= bar
        if _take(job, i, cols[first], vals[first], chosen):
            return chosen
        rest = ~first
    _take(job, i, cols[rest], vals[rest], chosen)
    return chosen


def _take(job: _Neighbours, i: int, cols: np.ndarray, vals: np.ndarray, chosen: list[int]) -> bool:
    """Candidates in order (best first, then lowest index) into `chosen` until it holds k: whether it does."""
    records, keys = job.records, job.keys
    for c in cols[np.lexsort((cols, -vals))].tolist():  # the key-term test only until k are found
        if shares_key(records[i], records[c], keys[i], keys[c], job.rare):
            chosen.append(c)
            if len(chosen) == job.k:
                return True
    return False
