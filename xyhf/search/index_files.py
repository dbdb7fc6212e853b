"""A built site's search index read from disk, ranked by the Python twin of the page's reading
(search/query.py): the benchmark, the dev-set floors and the JS equality tests read through it."""

from __future__ import annotations

import json
from pathlib import Path

from xyhf.domain.codes import code_problem
from xyhf.search.index import shard_of, unpacked
from xyhf.search.query import (
    Docs,
    Entry,
    QueryMeta,
    Ranked,
    decode,
    pieces,
    rank,
    read_names,
    status_factors,
    terms,
)
from xyhf.search.tokens import normalize
from xyhf.search.weights import SPECIFIC


class IndexFiles:
    """A built site's search index read from disk (for the benchmark and tests; the browser fetches)."""

    def __init__(self, site) -> None:
        self.root = Path(site) / "search-index"
        self.meta = json.loads((self.root / "meta.json").read_text(encoding="utf-8"))
        for facet in self.meta["facets"].values():
            facet["values"] = unpacked(facet["values"])
        self.cols = json.loads((self.root / "cols.json").read_text(encoding="utf-8"))
        self.query_meta = QueryMeta.of(self.meta)
        self._shards: dict[int, dict] = {}
        self._chunks: dict[int, list] = {}
        status = self.meta["facets"]["status"]
        self.factors = status_factors([status["keys"][v] for v in status["values"]])
        self._docs: dict[str, Docs | None] = {}

    def entry(self, token: str) -> Entry | None:
        shard = shard_of(token, self.meta["shards"])
        if shard not in self._shards:
            self._shards[shard] = json.loads((self.root / "s" / f"{shard}.json").read_text(encoding="utf-8"))
        return self._shards[shard].get(token)

    def docs(self, token: str) -> Docs | None:
        if token not in self._docs:
            self._docs[token] = decode(self.entry(token))
        return self._docs[token]

    def has(self, token: str, need: str) -> bool:
        e = self.entry(token)
        return e is not None and (need == "any" or (len(e) > 2 and e[2] == 1))

    def specificity(self, token: str) -> int:
        e = self.entry(token)
        return int(e[3]) if e is not None and len(e) > 3 else SPECIFIC

    def rank_text(self, text: str) -> Ranked:
        """The ranked reading of a text without name chips (the matcher's view of a need)."""
        ts = terms(pieces(text, self.query_meta), self.has, self.query_meta, self.specificity)
        return rank(ts, self.docs, self.meta["n"], self.factors, self.specificity)

    def search(self, text: str) -> tuple[list[int], str]:
        """Ranked records of a query as the search page shows them (name chips applied as filters,
        dropped again when they would leave nothing)."""
        rest, chips = read_names(text, self.meta["facets"])
        ts = terms(pieces(rest, self.query_meta), self.has, self.query_meta, self.specificity)
        if not ts:
            return (list(range(self.meta["n"])) if not chips else self._filtered(list(range(self.meta["n"])), chips)), "all"
        ranked = rank(ts, self.docs, self.meta["n"], self.factors, self.specificity)
        docs = ranked.ordered()
        return (self._filtered(docs, chips) or docs), ranked.mode

    def code_of(self, doc: int) -> str:
        size = self.meta["title_chunk"]
        if doc // size not in self._chunks:
            self._chunks[doc // size] = json.loads((self.root / "t" / f"{doc // size}.json").read_text(encoding="utf-8"))
        return self._chunks[doc // size][doc % size][1]

    def search_codes(self, text: str) -> list[str]:
        """Ranked record codes; a valid unified code opens its record (as the page does)."""
        code = normalize(text).strip().upper()
        if code.startswith("HNXY-") and code_problem(code) is None:
            return [code]
        return [self.code_of(d) for d in self.search(text)[0]]

    def _filtered(self, docs: list[int], chips: list[tuple[str, str, str]]) -> list[int]:
        facets = self.meta["facets"]
        wanted = [(facets[f]["values"], facets[f]["keys"].index(k)) for f, k, _ in chips]
        return [d for d in docs if all(values[d] == want for values, want in wanted)]
