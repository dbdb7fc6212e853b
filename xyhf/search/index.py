"""The catalog's own static search index (the theme's lunr search serves prose pages only).

Tokens of a record (the query side, assets/xyhf/search.js, is tested equal on the same texts):
- text is NFKC-normalised and lower-cased (search/tokens.normalize);
- a run of CJK characters gives every character and every adjacent pair;
- jieba's words of the weighted fields (title, keywords, summary): words of three or more
  characters become tokens of their own; two-character words are marked as words in their shard;
- a run of ASCII letters, or of digits, gives the word and its prefixes of 3+ characters, so codes
  and IP numbers are found while being typed;
- a reviewed synonym group (catalog/synonyms.yaml) found in the text gives its concept token.
Each posting carries the token's BM25F impact in the record (search/weights.py) as one character;
an entry is [doc gaps as text (search/gaps.py), impacts] plus, where it applies, [is a two-character word, specificity].
Posting lists are sharded by FNV-1a (UTF-16 code units) of the token's *first two characters* for
CJK tokens, so the shard a query fetches for a character pair also holds every word that starts
with it: the browser segments a query against the catalog's own vocabulary without a dictionary
download.
meta.json holds the facet definitions and values, the synonym pattern and the filler words;
cols.json the per-record dates and flags; titles and codes come in chunks of TITLE_CHUNK
(t/<k>.json), so the first results fetch only the ones they show, and a shard also carries the
titles of its common terms' best records (HINTS), so a keystroke's first page usually needs none.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator

import numpy as np

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.labels import (
    HOLDER_KIND_LABELS,
    LICENSE_KIND_LABELS,
    PAYMENT_MODEL_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)
from xyhf.domain.codes import TYPE_CODES
from xyhf.model.records import Catalog, Record
from xyhf.search import gaps as gap_text
from xyhf.search.postings import Postings, build_postings
from xyhf.search.query import status_factors
from xyhf.search.tokens import EMPTY_LEXICON, FILLER, Lexicon, fold_pairs, is_cjk, lexicon_for_browser
from xyhf.search.weights import SPECIFIC, token_specificity
from xyhf.views import base_fee

INDEX_DIR = "search-index"
# A sentence fetches one shard per distinct pair and a page of ten ranked results up to ten title
# chunks: both small, so the bytes before the first results stay low (issue 20 measured 192 KiB at
# 2,500 records with 3,000 postings a shard and 256 titles a chunk; 1,500 and 64 halve the shards'
# and titles' share, for a few more parallel requests).
POSTINGS_PER_SHARD = 1500
TITLE_CHUNK = 64


@functools.lru_cache(maxsize=1 << 16)  # tokens share their first two characters: hashed once
def fnv1a(token: str) -> int:
    h = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_key(token: str) -> str:
    """What a token is sharded by: a CJK token by its first two characters, others by themselves."""
    return token[:2] if len(token) > 2 and is_cjk(token) else token


def shard_of(token: str, n_shards: int) -> int:
    """The shard a token's entry is in (the page's shardUrl in search-core.js)."""
    return fnv1a(shard_key(token)) & (n_shards - 1)


# The titles of a common term's best records travel in its shard (key HINTS: no token is empty), so a
# keystroke's first results list at once instead of waiting for up to ten title chunks: at 25,000
# records those scattered requests were most of a keystroke's time (issue 20). Every single
# character (a query's first keystroke) and every term in HINT_FROM records or more: a rarer term's
# titles would repeat each record in many shards (at 25,000 records this costs 10 MiB on disk).
HINTS = ""
HINT_FROM = 100  # at 25,000 records and above; a smaller catalog hints terms in 1 of 250 records, at least 20
HINT_TOP = 10


def title_hints(postings: Postings, records: list[Record], n_shards: int) -> list[set[int]]:
    """Per shard, the records best ranked for each of its common terms alone (impact, then status,
    then newest: as the query side ranks one term)."""
    factors = status_factors([r.status for r in records])
    least = max(2 * HINT_TOP, min(HINT_FROM, len(records) // 250))
    out: list[set[int]] = [set() for _ in range(n_shards)]
    starts = postings.starts
    for k, token in enumerate(postings.tokens):
        lo, hi = starts[k], starts[k + 1]
        if hi - lo < least and len(token) > 1:
            continue
        docs = postings.docs[lo:hi]
        scores = postings.weights[lo:hi] * factors[docs]
        best = np.arange(hi - lo)
        if hi - lo > HINT_TOP:  # those above the tenth best score, then the newest of its ties (a first
            kth = np.partition(scores, hi - lo - HINT_TOP)[hi - lo - HINT_TOP]  # character ties thousands)
            above = np.flatnonzero(scores > kth)
            best = np.concatenate([above, np.flatnonzero(scores == kth)[: HINT_TOP - len(above)]])
        top = best[np.lexsort((docs[best], -scores[best]))][:HINT_TOP]
        out[shard_of(token, n_shards)].update(docs[top].tolist())
    return out


def shard_count(total_postings: int) -> int:
    n = 1
    while n * POSTINGS_PER_SHARD < total_postings:
        n *= 2
    return n


def render_search_index(catalog: Catalog, records: list[Record]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of meta.json, cols.json, the title chunks and every shard. `records` is the
    published order (doc ids)."""
    lexicon = catalog.lexicon or EMPTY_LEXICON
    postings = catalog.postings
    if postings is None or postings.keys != tuple(r.code or "" for r in records):  # built in enrich for published()
        postings = build_postings(records, lambda h: catalog.holders[h].name, lexicon)
    n_shards = shard_count(len(postings.docs))
    members: list[list[int]] = [[] for _ in range(n_shards)]  # token numbers by shard, ascending
    for k, token in enumerate(postings.tokens):
        members[shard_of(token, n_shards)].append(k)
    starts = postings.starts
    gaps, at = gap_text.encode_lists(postings.docs, starts)  # at: where each token's gap text starts
    weights = postings.weight_chars()
    hinted = title_hints(postings, records, n_shards)
    for i, ks in enumerate(members):  # one shard in memory at a time: the whole index was 400 MiB at 25,000
        shard: dict[str, list] = {}
        for k in ks:
            token = postings.tokens[k]
            entry: list = [gaps[at[k] : at[k + 1]], weights[starts[k] : starts[k + 1]]]
            level = token_specificity(token)
            if token in postings.word_pairs or level < SPECIFIC:
                entry.append(1 if token in postings.word_pairs else 0)  # a two-character word, not only a pair
            if level < SPECIFIC:
                entry.append(level)  # an everyday word weighs less in a query (weights.specificity)
            shard[token] = entry
        if hinted[i]:
            shard[HINTS] = [[d, records[d].title, records[d].code] for d in sorted(hinted[i])]
        yield f"{INDEX_DIR}/s/{i}.json", _dump(shard)
    size = TITLE_CHUNK
    for start in range(0, len(records), size):
        chunk = [[r.title, r.code] for r in records[start : start + size]]
        yield f"{INDEX_DIR}/t/{start // size}.json", _dump(chunk)
    yield f"{INDEX_DIR}/cols.json", _dump(render_columns(records))
    yield f"{INDEX_DIR}/meta.json", _dump(render_meta(catalog, records, n_shards, lexicon))


FACET_BASE = 48  # a facet value v is the character chr(48 + v): one character a record, not "v," in a list


def packed(values: list[int]) -> str:
    """A facet column as a string (about a fifth smaller gzipped than a JSON list at 25,000)."""
    return "".join(chr(FACET_BASE + v) for v in values)


def unpacked(text: str) -> list[int]:
    return [ord(ch) - FACET_BASE for ch in text]


def render_columns(records: list[Record]) -> dict:
    """Per-record columns the list needs for every match (dates, flags); facets are in meta, titles
    and codes in the chunks (only the shown records need them)."""
    return {
        "listed": _day_numbers(records),
        "expired": [1 if r.derived.ip_expired else 0 for r in records],
    }


def render_meta(catalog: Catalog, records: list[Record], n_shards: int, lexicon: Lexicon = EMPTY_LEXICON) -> dict:
    holders = sorted({r.holder for r in records})
    holder_ix = {h: i for i, h in enumerate(holders)}
    field_ids = sorted({r.derived.tech_field or 0 for r in records})
    city_ids = sorted({r.derived.city for r in records})
    types = list(TYPE_CODES)
    license_kinds = list(LICENSE_KIND_LABELS)
    status = list(STATUS_LABELS)
    payment = list(PAYMENT_MODEL_LABELS)
    fields = tech_fields()
    kinds = list(HOLDER_KIND_LABELS)
    return {
        "version": 4,  # 4: doc gaps as text (search/gaps.py)
        "n": len(records),
        "shards": n_shards,
        "title_chunk": TITLE_CHUNK,
        "sample_data": catalog.sample_data,
        # The query side's own rules come from here, so Python stays their one authority.
        "filler": sorted(FILLER),
        "fold": fold_pairs(),
        "lexicon": lexicon_for_browser(lexicon),
        "uscc": {catalog.holders[h].uscc: h for h in holders},
        "facets": {
            "type": {
                "label": "类型",
                "keys": types,
                "names": [TYPE_LABELS[t] for t in types],
                "values": packed([types.index(r.type) for r in records]),
            },
            "field": {
                "label": "技术领域",
                "keys": [str(f) for f in field_ids],
                "names": [fields[f].name_zh if f else "未分类" for f in field_ids],
                "values": packed([field_ids.index(r.derived.tech_field or 0) for r in records]),
            },
            "city": {
                "label": "市州",
                "keys": city_ids,
                "names": [cities()[c] for c in city_ids],
                "values": packed([city_ids.index(r.derived.city) for r in records]),
            },
            "holder": {
                "label": "持有方",
                "keys": holders,
                "names": [catalog.holders[h].name for h in holders],
                "values": packed([holder_ix[r.holder] for r in records]),
            },
            "trl": {
                "label": "技术成熟度",
                "keys": [str(n) for n in range(4, 10)],
                "names": [f"TRL {n}" for n in range(4, 10)],
                "values": packed([r.trl - 4 for r in records]),
            },
            "payment": {
                "label": "支付模式",
                "keys": payment,
                "names": [PAYMENT_MODEL_LABELS[p] for p in payment],
                "values": packed([payment.index(r.payment.model) for r in records]),
            },
            "license": {
                "label": "许可类型",
                "keys": license_kinds,
                "names": [LICENSE_KIND_LABELS[k] for k in license_kinds],
                "multi": True,
                "values": packed([sum(1 << license_kinds.index(k) for k in r.transfer.license_kinds) for r in records]),
            },
            "kind": {
                "label": "单位类型",
                "keys": kinds,
                "names": [HOLDER_KIND_LABELS[k] for k in kinds],
                "values": packed([kinds.index(catalog.holders[r.holder].kind) for r in records]),
            },
            "fee": {
                "label": "基础费用",
                "keys": [key for key, _, _ in FEE_BANDS],
                "names": [name for _, name, _ in FEE_BANDS],
                "values": packed([fee_band(base_fee(r)) for r in records]),
            },
            "status": {
                "label": "状态",
                "keys": status,
                "names": [STATUS_LABELS[s] for s in status],
                "values": packed([status.index(r.status) for r in records]),
            },
        },
    }


# A firm's budget as a filter (issue 20): the offer's fixed fee in bands a budget is thought in.
FEE_BANDS = [
    ("le5", "5 万元以内", 50_000),
    ("le20", "5–20 万元", 200_000),
    ("le50", "20–50 万元", 500_000),
    ("gt50", "50 万元以上", None),
    ("open", "按提成或面议", None),
]


def fee_band(fee: int | None) -> int:
    """The index of the band of a fixed fee in yuan (none: royalties only or to be agreed)."""
    if fee is None or fee == 0:
        return len(FEE_BANDS) - 1
    for i, (_, _, ceiling) in enumerate(FEE_BANDS[:-2]):
        if ceiling is not None and fee <= ceiling:
            return i
    return len(FEE_BANDS) - 2


def _day_numbers(records: list[Record]) -> list[int]:
    import datetime as dt

    epoch = dt.date(2000, 1, 1)
    return [(dt.date.fromisoformat(r.listed_on) - epoch).days for r in records]


def _dump(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
