"""Two-way matching of enterprise needs and achievements, at build time, with reasons.

One scoring model with the search (issue 20): a need is read as a query of the site's search
(search/query.py: the same normalisation, vocabulary, segmentation, specificity and BM25F impacts
from the same posting lists, search/postings.py), over its keywords, title, problem and goal. Text
relevance decides the order. The structured fields (city, payment models, TRL, budget, industry)
and the record's status only break near-ties (at most a few per cent, CONTEXT_STEP and
query.STATUS_FACTOR) and become reasons a firm can read, with what differs. Every status is listed:
a negotiating record tells a firm whom to call.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

import numpy as np

from xyhf import forked
from xyhf.domain.classify import classify_sei
from xyhf.domain.labels import PAYMENT_MODEL_LABELS, STATUS_LABELS
from xyhf.model.records import Record
from xyhf.model.needs import Match, Need
from xyhf.search import query as q
from xyhf.search.postings import Postings, build_postings
from xyhf.search.tokens import (
    CONCEPT,
    EMPTY_LEXICON,
    FILLER,
    Lexicon,
    cjk_words,
    fold_pairs,
    lexicon_for_browser,
    normalize,
)
from xyhf.search.weights import token_specificity as _token_specificity
from xyhf.views import base_fee

PER_NEED = 10
PER_RECORD = 5
CONTEXT_STEP = 0.01  # each fitting structured field lifts a record by 1 %: a tie-break, never a lift over a clearly better one
MIN_SHARE = 0.1  # a record that has less than this share of the need's weighted words is chance, not a match


@dataclass
class CatalogIndex:
    """The posting lists of a set of records, held in memory: what the site's search index holds."""

    postings: Postings
    meta: q.QueryMeta

    def __post_init__(self) -> None:
        self._at = {t: k for k, t in enumerate(self.postings.tokens)}
        self._docs: dict[str, q.Docs | None] = {}

    def docs(self, token: str) -> q.Docs | None:
        """Views into the postings, never copies: the levels stay uint8 (the ranking's arithmetic takes
        them as they are), so a matcher worker's cache of thousands of common tokens costs no memory."""
        if token not in self._docs:
            k = self._at.get(token)
            p = self.postings
            self._docs[token] = (
                None if k is None else (p.docs[p.starts[k] : p.starts[k + 1]], p.weights[p.starts[k] : p.starts[k + 1]])
            )
        return self._docs[token]

    def has(self, token: str, need: str) -> bool:
        return token in self._at and (need == "any" or token in self.postings.word_pairs)


def query_meta(lexicon: Lexicon) -> q.QueryMeta:
    """What the page reads from meta.json, made from the Python objects."""
    return q.QueryMeta.of({"filler": sorted(FILLER), "fold": fold_pairs(), "lexicon": lexicon_for_browser(lexicon)})


NEED_TEXT = 2000  # a need is read whole (the page cuts a typed query at query.MAX_QUERY)
KEYWORD_BOOST = 1.5  # the words a firm chose as keywords weigh more than the words of its sentences


def need_query(need: Need) -> str:
    """A need as the search reads it: keywords first (the firm's own choice), then title and problem
    (the goal says how good, not what: it lowered the judged nDCG from 0.741 to 0.705)."""
    return "。".join(["，".join(need.keywords), need.title, need.problem])


def _postings(records: list[Record], lexicon: Lexicon, postings: Postings | None) -> Postings:
    """The given postings when they are of these records in this order, else built here."""
    if postings is not None and postings.keys == tuple(r.code or "" for r in records):
        return postings
    return build_postings(records, lambda _: "", lexicon)  # holder names identify, they do not describe a need's subject


RECORD_CITY, RECORD_STATUS = "成果在", "成果状态："  # reasons that state the record's own city and status


def reasons_on_record_page(reasons: tuple[str, ...]) -> tuple[str, ...]:
    """A match's reasons beside the record's own facts: its city and status are on that page already
    (the need's city is in the line above), so only what relates it to the need is repeated per need."""
    return tuple(r for r in reasons if not r.startswith((RECORD_CITY, RECORD_STATUS)))


WORDS, CONCEPTS = "匹配词语：", "相关概念："


def reasons_on_need_page(reasons: tuple[str, ...]) -> tuple[str, ...]:
    """A match's reasons under a need: the record's status is its badge on the same line already."""
    return tuple(r for r in reasons if not r.startswith(RECORD_STATUS))


def why_in_brief(reasons: tuple[str, ...]) -> tuple[str, ...]:
    """What made it a match (its words and concepts) and the record's status, without the fit details
    (city, payment, TRL, budget) that the need page lists under each match: a need feed's summary."""
    return tuple(r for r in reasons if r.startswith((WORDS, CONCEPTS, RECORD_STATUS)))


def signals(need: Need, record: Record) -> tuple[int, list[str]]:
    """How many structured fields fit (a near-tie breaker), and the reasons, with what differs."""
    fits, reasons = 0, []
    if record.derived.city == need.city:
        fits += 1
        reasons.append(f"同在{record.derived.city_name}")
    else:
        reasons.append(f"{RECORD_CITY}{record.derived.city_name}")
    if record.payment.model in need.payment_models:
        fits += 1
        reasons.append(f"付款方式相符：{PAYMENT_MODEL_LABELS[record.payment.model]}")
    else:
        reasons.append(f"付款方式不同：成果为{PAYMENT_MODEL_LABELS[record.payment.model]}")
    if need.trl_min is not None:
        if record.trl >= need.trl_min:
            fits += 1
            reasons.append(f"技术成熟度 TRL {record.trl}，达到要求的 {need.trl_min} 级")
        else:
            reasons.append(f"注意：技术成熟度 TRL {record.trl}，低于要求的 {need.trl_min} 级")
    fee = base_fee(record)
    if need.budget_max is not None and fee is not None:
        if fee <= need.budget_max:
            fits += 1
            reasons.append(f"基础费用 {fee / 10000:g} 万元，在预算 {need.budget_max / 10000:g} 万元以内")
        else:
            reasons.append(f"注意：基础费用 {fee / 10000:g} 万元，超出预算 {need.budget_max / 10000:g} 万元")
    area = _industry_area(need.industry) if need.industry else None
    if area and area == record.derived.sei_category:
        fits += 1
        reasons.append(f"同属战略性新兴产业：{area}")
    return fits, reasons


# A need's words are looked up hundreds of thousands of times at 25,000 records, a few thousand distinct.
_specificity = functools.lru_cache(maxsize=1 << 16)(_token_specificity)


@functools.cache
def _industry_area(industry: str) -> str | None:
    """A need's industry as a strategic emerging area: asked for each of a need's 30 candidates."""
    return classify_sei([], None, industry)


FIELD_NAMES = (("标题", "title"), ("关键词", "keywords"), ("应用", "applications"), ("摘要", "summary"))
Fields = list[tuple[str, str]]


def searched_fields(record: Record, lexicon: Lexicon) -> Fields:
    """(label, normalised text in standard terms) of the fields a need's words are looked for in."""
    return [
        (label, lexicon.standard(normalize(" ".join(getattr(record, attr)) if attr == "keywords" else getattr(record, attr))))
        for label, attr in FIELD_NAMES
    ]


def matched_words(
    ts: list[q.Term], record: Record, lexicon: Lexicon, fields: Fields | None = None
) -> tuple[list[str], list[str]]:
    """("锂电池（标题）", …) for the need's words a record's fields contain, and "锂电池 → 正极材料"
    for the related concepts that found it. `fields`: searched_fields(record), when already made."""
    fields = fields if fields is not None else searched_fields(record, lexicon)
    words: list[str] = []
    related: list[str] = []
    found: set[str] = set()
    for t in ts:
        if t.kind == "related":
            seen = [m for m in lexicon.terms_of(t.concept) if any(m in text for _, text in fields)]
            if seen:
                related.append(f"{t.via.removeprefix(CONCEPT)} → {seen[0]}")
            continue
        surfaces = lexicon.terms_of(t.concept) if t.kind == "concept" else (t.text,)
        if len(t.text) < 2 or any(t.text in w for w in words) or (t.kind != "concept" and _specificity(t.text) <= q.WEAK):
            continue  # an everyday word (左右, 提高, 方法) is no evidence a firm should read as a match
        where = next(((label, s) for label, text in fields for s in (t.text, *surfaces) if s in text), None)
        if where and where[1] not in found:
            found.add(where[1])
            said = where[1] if where[1] == t.text else f"{t.text} ≈ {where[1]}"  # a synonym joined them: say so
            words.append(f"{said}（{where[0]}）")
    return words[:4], list(dict.fromkeys(related))[:3]


# The searched fields of the records already matched in a slice, kept for the next needs they match:
# one in six is asked again. Kept without a bound they were a worker's whole last 80 MiB at 50,000
# records (35,000 records' normalised texts), at the build's peak of memory.
FIELDS_KEPT = 2048

# Each need is matched on its own, so at scale the needs are matched in slices by forked workers
# (xyhf/forked.py), joined in need order. Below PARALLEL_FROM needs forking costs more than it saves.
PARALLEL_FROM = 1000


def match_all(
    needs: list[Need],
    records: list[Record],
    lexicon: Lexicon = EMPTY_LEXICON,
    postings: Postings | None = None,
    workers: int | None = None,
) -> list[Match]:
    """The ten most relevant records of every need (and so, read the other way, of every record).
    `postings`: the search index's own, of these records in this order (built here if not given)."""
    meta = query_meta(lexicon)
    job = _Job(needs, records, lexicon, meta, CatalogIndex(_postings(records, lexicon, postings), meta))
    workers = forked.default_workers() if workers is None else workers
    if not forked.can_fork(workers, len(needs), PARALLEL_FROM):
        return _match_slice(job, 0, len(needs))
    cjk_words("预热")  # jieba's dictionary and the general word levels loaded once, here, and inherited by every worker
    _specificity("预热")
    return [m for part in forked.in_slices(job, _match_slice, forked.even_slices(len(needs), workers), workers) for m in part]


@dataclass(frozen=True)
class _Job:
    needs: list[Need]
    records: list[Record]
    lexicon: Lexicon
    meta: q.QueryMeta
    index: CatalogIndex


def _match_slice(job: _Job, start: int, end: int) -> list[Match]:
    out: list[Match] = []
    factor = q.status_factors([r.status for r in job.records])
    fields: dict[int, Fields] = {}  # by record position: a record is among many needs' ten (at most FIELDS_KEPT kept)
    meta, index = job.meta, job.index
    for need in job.needs[start:end]:
        ts = q.terms(q.pieces(need_query(need), meta, NEED_TEXT), index.has, meta, _specificity)
        chosen = q.terms(q.pieces("，".join(need.keywords), meta), index.has, meta, _specificity)
        boost = {q.lookup(t): KEYWORD_BOOST for t in chosen if t.kind != "related"}
        ranked = q.rank(ts, index.docs, len(job.records), factor, _specificity, boost)
        out.extend(_best(need, ranked, ts, job.records, job.lexicon, fields))
    return out


def _best(
    need: Need, ranked: q.Ranked, ts: list[q.Term], records: list[Record], lexicon: Lexicon, fields: dict[int, Fields]
) -> list[Match]:
    if not len(ranked.ids) or ranked.shares is None or ranked.mode == "closest":  # weak words alone are no match
        return []
    order = np.lexsort((ranked.ids, -ranked.values))[: PER_NEED * 3]
    scored = []
    for at in order.tolist():
        j, share = int(ranked.ids[at]), float(ranked.shares[at])
        if share < MIN_SHARE:
            continue
        fits, context = signals(need, records[j])
        scored.append((float(ranked.values[at]) * (1 + CONTEXT_STEP * fits), share, j, context))
    scored.sort(key=lambda s: (-s[0], records[s[2]].code or ""))
    out = []
    for _, share, j, context in scored[:PER_NEED]:
        if j not in fields:
            if len(fields) >= FIELDS_KEPT:
                del fields[next(iter(fields))]  # the longest kept
            fields[j] = searched_fields(records[j], lexicon)
        out.append(_match(need, records[j], share, context, matched_words(ts, records[j], lexicon, fields[j])))
    return out


def _match(need: Need, record: Record, share: float, context: list[str], found: tuple[list[str], list[str]]) -> Match:
    words, related = found
    reasons = []
    if words:
        reasons.append(WORDS + "、".join(words))
    if related:
        reasons.append(CONCEPTS + "、".join(related))
    reasons += context
    reasons.append(f"{RECORD_STATUS}{STATUS_LABELS[record.status]}")
    # One string per distinct reason in each slice of needs (a slice's strings stay shared through
    # pickle): most recur (成果状态：可转化 in 40,000 of 50,000 matches at 25,000 records).
    return Match(
        need.code or "", record.code or "", round(share, 4), tuple(map(sys.intern, reasons)), record.status == "available"
    )
