"""Two-way matching of enterprise needs and achievements, at build time, with reasons.

Text: the search's own terms, synonyms, field weights and idf (tokens.py, weights.py), as TF-IDF
rows compared by cosine: a need is a document, not a query of a few words, so both sides are
normalised by length (the search's plain sum ranked long records first: nDCG 0.83 against 0.89).
One sparse product in blocks (no all-pairs Python loop). Structured signals then adjust the score
and become reasons: the need's city, acceptable payment models, the required TRL, the budget
against the record's fixed fee, the same strategic-emerging-industry area. Records not available
(negotiating, licensed) are kept but ranked after the available ones.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from xyhf.domain.classify import classify_sei
from xyhf.domain.labels import PAYMENT_MODEL_LABELS, STATUS_LABELS
from xyhf.model import Record
from xyhf.model_needs import Match, Need
from xyhf.search import weights as w
from xyhf.search.tokens import CONCEPT, EMPTY_LEXICON, Lexicon, normalize, terms

PER_NEED = 10
PER_RECORD = 5
MIN_TEXT = 0.04  # below this, shared words are chance
# A record's long texts give bigrams only, its title and keywords also jieba's words: segmenting
# 25,000 summaries would double the matching time for a hair of recall (measured on the judged set).
# Needs are few and short: every field of theirs is segmented.
WORDS_FROM = 2
RELATIVE = 0.2  # and below a fifth of the best text match of the same need: noise next to it
MIN_SCORE = 0.05  # after the structured signals: below this a pairing is not worth a firm's time
BLOCK = 256
CANDIDATES = 40  # the best by text; only these get the structured signals and reasons


def _weighted(parts: Sequence[tuple[float, str]], lexicon: Lexicon, words_from: float = 0) -> dict[str, float]:
    out: dict[str, float] = {}
    for weight, text in parts:
        for term in terms(text, lexicon, words=weight >= words_from):
            out[term] = out.get(term, 0.0) + weight
    return out


def record_terms(r: Record, lexicon: Lexicon = EMPTY_LEXICON) -> dict[str, float]:
    """The search index's field weights (search/weights.py): a record weighs its terms one way."""
    fields = [(w.KEYWORDS, " ".join(r.keywords)), (w.TITLE, r.title), (w.SUMMARY, r.summary), (w.APPLICATIONS, r.applications)]
    return _weighted(fields, lexicon, WORDS_FROM)


def need_terms(n: Need, lexicon: Lexicon = EMPTY_LEXICON) -> dict[str, float]:
    return _weighted([(3, " ".join(n.keywords)), (2, n.title), (1, n.problem), (1, n.goal)], lexicon)


Encoded = tuple[array, array]  # term ids, weights: each term string is kept once, in the vocabulary


def _encode(doc: dict[str, float], vocab: dict[str, int]) -> Encoded:
    ids, weights = array("i"), array("f")
    for term, weight in doc.items():
        ids.append(vocab.setdefault(term, len(vocab)))
        weights.append(weight)
    return ids, weights


def _matrix(docs: list[Encoded], idf: np.ndarray, known: int) -> sparse.csr_matrix:
    """TF-IDF rows, L2-normalised; terms with an id ≥ `known` (not in any record) are dropped."""
    rows, cols, vals = array("i"), array("i"), array("f")
    for i, (ids, weights) in enumerate(docs):
        for j, tf in zip(ids, weights, strict=True):
            if j < known:
                rows.append(i)
                cols.append(j)
                vals.append((1 + math.log(tf)) * float(idf[j]))
    m = sparse.csr_matrix(
        (np.frombuffer(vals, dtype=np.float32), (np.frombuffer(rows, dtype=np.int32), np.frombuffer(cols, dtype=np.int32))),
        shape=(len(docs), known),
    )
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(m).tocsr()


def candidate_blocks(needs: list[Need], records: list[Record], lexicon: Lexicon = EMPTY_LEXICON):
    """For each need, its CANDIDATES most similar records by text: (need index, record indexes, similarities).
    The product is taken a block of needs at a time and cut to the best at once, so memory stays
    flat however many needs and records there are."""
    vocab: dict[str, int] = {}
    rd = [_encode(record_terms(r, lexicon), vocab) for r in records]
    known = len(vocab)  # record terms first: a need term no record has cannot match
    nd = [_encode(need_terms(n, lexicon), vocab) for n in needs]
    df = np.zeros(known, dtype=np.float32)
    for ids, _ in rd:
        df[np.frombuffer(ids, dtype=np.int32)] += 1
    idf = np.array([w.idf(len(rd), int(d)) for d in df], dtype=np.float32)  # the search's own idf
    a, b = _matrix(nd, idf, known), _matrix(rd, idf, known).T.tocsc()
    names = list(vocab)  # ids were given in insertion order
    for start in range(0, len(nd), BLOCK):
        block = (a[start : start + BLOCK] @ b).tocsr()
        for offset in range(block.shape[0]):
            cols = block.indices[block.indptr[offset] : block.indptr[offset + 1]]
            vals = block.data[block.indptr[offset] : block.indptr[offset + 1]]
            keep = vals >= max(MIN_TEXT, RELATIVE * float(vals.max(initial=0.0)))
            cols, vals = cols[keep], vals[keep]
            if len(cols) > CANDIDATES:
                top = np.argpartition(-vals, CANDIDATES)[:CANDIDATES]
                cols, vals = cols[top], vals[top]
            mine = set(nd[start + offset][0])
            yield start + offset, cols, vals, [_top_shared(mine, rd[j][0], idf, names) for j in cols]


def _top_shared(need_ids: set[int], record_ids: array, idf: np.ndarray, names: list[str]) -> list[str]:
    """The rarest terms both texts have, as words to show ("共同词语"): the evidence behind the score."""
    shared = [j for j in record_ids if j in need_ids and not names[j].startswith(CONCEPT)]
    shared.sort(key=lambda j: (-float(idf[j]), names[j]))
    words: list[str] = []
    for j in shared:
        name = names[j]
        if len(name) >= 2 and not any(name in w or w in name for w in words):
            words.append(name)
        if len(words) == 3:
            break
    return words


def need_text(need: Need) -> str:
    return normalize(" ".join([need.title, need.problem, need.goal, *need.keywords]))


def record_text(record: Record) -> str:
    return normalize(" ".join([record.title, record.summary, record.applications, *record.keywords]))


def shared_words(need: Need, record: Record, texts: tuple[str, str] | None = None) -> list[str]:
    """Keywords of either side that the other side's text contains. `texts`: (need_text, record_text)."""
    ntext, rtext = texts or (need_text(need), record_text(record))
    words = [k for k in need.keywords if normalize(k) in rtext] + [k for k in record.keywords if normalize(k) in ntext]
    return list(dict.fromkeys(w for w in words if len(w) >= 2))[:4]


def synonym_pairs(need: Need, record: Record, lexicon: Lexicon, texts: tuple[str, str] | None = None) -> list[str]:
    """ "光伏 ≈ 太阳能电池": a reviewed synonym group joined two different words of the two texts."""
    ntext, rtext = texts or (need_text(need), record_text(record))
    out = []
    for concept in dict.fromkeys(lexicon.concepts(ntext)):
        terms_ = lexicon.terms_of(concept)
        mine = [t for t in terms_ if t in ntext]
        theirs = [t for t in terms_ if t in rtext and t not in mine]
        if mine and theirs and not any(t in rtext for t in mine):
            out.append(f"{mine[0]} ≈ {theirs[0]}")
    return out[:3]


def signals(need: Need, record: Record) -> tuple[float, list[str]]:
    """Score adjustment and reasons from the structured fields."""
    bonus, reasons = 0.0, []
    if record.derived.city == need.city:
        bonus += 0.05
        reasons.append(f"同在{record.derived.city_name}")
    if record.payment.model in need.payment_models:
        bonus += 0.05
        reasons.append(f"付款方式相符：{PAYMENT_MODEL_LABELS[record.payment.model]}")
    else:
        bonus -= 0.05
    if need.trl_min is not None:
        if record.trl >= need.trl_min:
            reasons.append(f"技术成熟度 TRL {record.trl}，达到要求的 {need.trl_min} 级")
        else:
            bonus -= 0.1
            reasons.append(f"注意：技术成熟度 TRL {record.trl}，低于要求的 {need.trl_min} 级")
    fee = (
        sum(m.amount_cny for m in record.payment.milestones) if record.payment.model == "milestone" else record.payment.total_cny
    )
    if need.budget_max is not None and fee is not None and fee <= need.budget_max:
        bonus += 0.05
        reasons.append(f"基础费用 {fee / 10000:g} 万元，在预算 {need.budget_max / 10000:g} 万元以内")
    area = classify_sei([], None, need.industry) if need.industry else None
    if area and area == record.derived.sei_category:
        bonus += 0.05
        reasons.append(f"同属战略性新兴产业：{area}")
    return bonus, reasons


def match_all(needs: list[Need], records: list[Record], lexicon: Lexicon = EMPTY_LEXICON) -> list[Match]:
    """The top matches of every need (and so, read the other way, of every record)."""
    out: list[Match] = []
    record_texts: dict[int, str] = {}  # normalised once per record, only for records that are candidates
    for i, cols, vals, shared in candidate_blocks(needs, records, lexicon):
        need = needs[i]
        ntext = need_text(need)
        candidates = []
        for j, sim, common in zip(cols, vals, shared, strict=True):
            record = records[j]
            if j not in record_texts:
                record_texts[j] = record_text(record)
            texts = (ntext, record_texts[j])
            bonus, reasons = signals(need, record)
            words = shared_words(need, record, texts)
            if words:
                reasons.insert(0, "共同关键词：" + "、".join(words))
            elif common:
                reasons.insert(0, "共同词语：" + "、".join(common))
            synonyms = synonym_pairs(need, record, lexicon, texts)
            if synonyms:
                reasons.insert(1 if words else 0, "同义词：" + "；".join(synonyms))
            if record.status != "available":
                reasons.append(f"成果状态：{STATUS_LABELS[record.status]}")
            candidates.append(
                Match(
                    need.code or "", record.code or "", round(float(sim) + bonus, 4), tuple(reasons), record.status == "available"
                )
            )
        candidates = [m for m in candidates if m.score >= MIN_SCORE]
        candidates.sort(key=lambda m: (not m.available, -m.score, m.record))
        out.extend(candidates[:PER_NEED])
    return out
