"""The catalog's own static search index (the theme's lunr search serves prose pages only).

Tokens (identical here and in assets/xyhf/search.js, a test runs both on the same texts):
- text is NFKC-normalised and lower-cased;
- a run of CJK characters gives every character (unigram) and every adjacent pair (bigram);
- a run of ASCII letters, or of digits, gives the word, and in the index also its prefixes of 3+
  characters, so codes and IP numbers are found while being typed.
Posting lists are sharded into files by FNV-1a hash of the token (UTF-16 code units), so a
query fetches only the shards of its own tokens. Each posting carries a field weight
(3 title/code/IP number, 2 keywords/holder, 1 other text). Facet columns and the code of
every document live in one small meta.json; result rows come from data/records/<code>.json.
"""

from __future__ import annotations

import json
import re
from array import array
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from xyhf.domain.classify import cities, tech_fields
from xyhf.domain.labels import LICENSE_KIND_LABELS, PAYMENT_MODEL_LABELS, STATUS_LABELS, TYPE_LABELS
from xyhf.domain.codes import TYPE_CODES
from xyhf.model import Catalog, Record

INDEX_DIR = "search-index"
POSTINGS_PER_SHARD = 6000
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_CJK}]+|[a-z]+|[0-9]+")  # letters and digits apart: ZL2017… finds 2017…
_IS_CJK = re.compile(f"[{_CJK}]")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def index_tokens(text: str) -> set[str]:
    out: set[str] = set()
    for run in _RUN.findall(normalize(text)):
        if _IS_CJK.match(run):
            out.update(run)
            out.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.add(run)
            out.update(run[:n] for n in range(3, len(run)))
    return out


def query_tokens(text: str) -> list[str]:
    """Tokens a query must match (AND): bigrams of CJK runs (a lone character as itself), words."""
    out: list[str] = []
    for run in _RUN.findall(normalize(text)):
        if _IS_CJK.match(run) and len(run) > 1:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return list(dict.fromkeys(out))


def fnv1a(token: str) -> int:
    h = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def weighted_fields(record: Record, holder_name: str) -> list[tuple[int, str]]:
    return [
        (3, record.title),
        (3, record.code or ""),
        (3, record.ip.number or ""),
        (2, " ".join(record.keywords)),
        (2, holder_name),
        (1, record.summary),
        (1, record.applications),
        (1, record.advantages),
        (1, record.derived.tech_field_name or ""),
        (1, " ".join(record.ip.owners)),
    ]


def shard_count(total_postings: int) -> int:
    n = 1
    while n * POSTINGS_PER_SHARD < total_postings:
        n *= 2
    return n


def render_search_index(catalog: Catalog, records: list[Record]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of meta.json and every shard. `records` is the published order (doc ids)."""
    # Postings as compact int arrays of doc*4+weight, appended in doc order (so already sorted):
    # ~4 bytes a posting instead of a dict entry, which matters at 12 million postings.
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    for doc, record in enumerate(records):
        holder_name = catalog.holders[record.holder].name
        best: dict[str, int] = {}
        for weight, text in weighted_fields(record, holder_name):
            for token in index_tokens(text):
                if best.get(token, 0) < weight:
                    best[token] = weight
        for token, weight in best.items():
            postings[token].append(doc * 4 + weight)
    total = sum(len(p) for p in postings.values())
    n_shards = shard_count(total)
    shards: list[dict[str, list]] = [dict() for _ in range(n_shards)]
    for token in sorted(postings):
        packed = postings.pop(token)
        deltas, weights, prev = [], [], 0
        for value in packed:
            doc = value >> 2
            deltas.append(doc - prev)
            weights.append("0123"[value & 3])
            prev = doc
        shards[fnv1a(token) & (n_shards - 1)][token] = [deltas, "".join(weights)]
    for i, shard in enumerate(shards):
        yield f"{INDEX_DIR}/s/{i}.json", _dump(shard)
    yield f"{INDEX_DIR}/meta.json", _dump(render_meta(catalog, records, n_shards))


def render_meta(catalog: Catalog, records: list[Record], n_shards: int) -> dict:
    holders = sorted({r.holder for r in records})
    holder_ix = {h: i for i, h in enumerate(holders)}
    field_ids = sorted({r.derived.tech_field or 0 for r in records})
    city_ids = sorted({r.derived.city for r in records})
    types = list(TYPE_CODES)
    license_kinds = list(LICENSE_KIND_LABELS)
    status = list(STATUS_LABELS)
    payment = list(PAYMENT_MODEL_LABELS)
    fields = tech_fields()
    return {
        "version": 1,
        "n": len(records),
        "shards": n_shards,
        "sample_data": catalog.sample_data,
        "code": {
            "year": [int(str(r.code)[5:9]) for r in records],
            "seq": [int(str(r.code)[13:18]) for r in records],
        },
        "listed": _day_numbers(records),
        # Titles and the expiry flag let the list paint from the index alone; snippets follow.
        "title": [r.title for r in records],
        "expired": [1 if r.derived.ip_expired else 0 for r in records],
        "facets": {
            "type": {
                "label": "类型",
                "keys": types,
                "names": [TYPE_LABELS[t] for t in types],
                "values": [types.index(r.type) for r in records],
            },
            "field": {
                "label": "技术领域",
                "keys": [str(f) for f in field_ids],
                "names": [fields[f].name_zh if f else "未分类" for f in field_ids],
                "values": [field_ids.index(r.derived.tech_field or 0) for r in records],
            },
            "city": {
                "label": "市州",
                "keys": city_ids,
                "names": [cities()[c] for c in city_ids],
                "values": [city_ids.index(r.derived.city) for r in records],
            },
            "holder": {
                "label": "持有方",
                "keys": holders,
                "names": [catalog.holders[h].name for h in holders],
                "values": [holder_ix[r.holder] for r in records],
            },
            "trl": {
                "label": "技术成熟度",
                "keys": [str(n) for n in range(4, 10)],
                "names": [f"TRL {n}" for n in range(4, 10)],
                "values": [r.trl - 4 for r in records],
            },
            "payment": {
                "label": "支付模式",
                "keys": payment,
                "names": [PAYMENT_MODEL_LABELS[p] for p in payment],
                "values": [payment.index(r.payment.model) for r in records],
            },
            "license": {
                "label": "许可类型",
                "keys": license_kinds,
                "names": [LICENSE_KIND_LABELS[k] for k in license_kinds],
                "multi": True,
                "values": [sum(1 << license_kinds.index(k) for k in r.transfer.license_kinds) for r in records],
            },
            "status": {
                "label": "状态",
                "keys": status,
                "names": [STATUS_LABELS[s] for s in status],
                "values": [status.index(r.status) for r in records],
            },
        },
    }


def _day_numbers(records: list[Record]) -> list[int]:
    import datetime as dt

    epoch = dt.date(2000, 1, 1)
    return [(dt.date.fromisoformat(r.listed_on) - epoch).days for r in records]


def _dump(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
