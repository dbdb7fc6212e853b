"""The baseline the search issue measures against: jieba words and Okapi BM25 (k1 1.2, b 0.75)
over each record's title, keywords, holder, summary, applications and advantages. A few dozen
lines, as a developer would write it in an afternoon; no synonyms, no field weights."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from xyhf.search.tokens import _jieba

_WORD = re.compile(r"\w")


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    return [w for w in _jieba().lcut(text) if _WORD.search(w)]


class BM25:
    def __init__(self, catalog, k1: float = 1.2, b: float = 0.75) -> None:
        self.codes, self.docs = [], []
        for r in catalog.published():
            text = " ".join(
                [r.title, " ".join(r.keywords), catalog.holders[r.holder].name, r.summary, r.applications, r.advantages]
            )
            self.codes.append(r.code)
            self.docs.append(Counter(tokens(text)))
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        df: Counter = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.k1, self.b = k1, b

    def search_codes(self, text: str) -> list[str]:
        query = set(tokens(text))
        scores = []
        for i, doc in enumerate(self.docs):
            s = 0.0
            for t in query:
                tf = doc.get(t, 0)
                if tf:
                    norm = tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg))
                    s += self.idf[t] * norm
            if s > 0:
                scores.append((-s, i))
        return [self.codes[i] for _, i in sorted(scores)]
