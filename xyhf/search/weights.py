"""How much a term counts, in one place: the field weights, the BM25 impact of a term in a record,
the inverse document frequency, and how specific a word is in general Chinese. The search index, its
query side (and the page's twin, search-core.js) and the need–record matcher all use these.

One scoring model (BM25F): score(record) = Σ over query terms of
    query weight × idf(term) × impact(term, record)
where the impact is computed at build time and shipped in the index as a small integer level.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from xyhf.search.tokens import is_cjk


# Where in a record a term stands: a title says what the record is; chosen keywords next; the code,
# IP number and holder name identify it; long texts only describe.
TITLE, KEYWORDS, SUMMARY, APPLICATIONS = 3, 2, 1, 1
IDENTIFIER, HOLDER, ADVANTAGES, FIELD_NAME, OWNERS = 3, 2, 1, 1, 1

K1 = 1.2  # term-frequency saturation (Okapi's usual value; 1.0–1.5 measured within 0.003 nDCG on the dev set)
B = 0.75  # length normalisation
LEVELS = 40  # impacts are shipped as chr(48 + level): 40 levels lose nothing measurable


def impact_levels(tf: np.ndarray, length: np.ndarray, mean_length: float) -> np.ndarray:
    """BM25's saturated, length-normalised term frequency, as a level 1..LEVELS."""
    value = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / mean_length))
    return np.clip(np.rint(value / (K1 + 1) * LEVELS), 1, LEVELS).astype(np.uint8)


def idf(n: int, df: int) -> float:
    """BM25's inverse document frequency of a term found in `df` of `n` records: a filler pair found in
    most records weighs little, a rare word much. math.log, as Math.log in the browser: equal floats."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# How specific a word is in general Chinese, from jieba's own idf table (jieba/analyse/idf.txt, a large
# general corpus): 以后 4.3, 办法 5.3, 强度 6.9, 锅炉 8.5, 滤网 12.1. A firm's sentence is full of
# everyday words that the catalog's idf alone cannot tell from content (客户, 经常, 效果).
GENERAL_LOW, GENERAL_HIGH = 4.0, 10.0
SPECIFIC = 10  # level of a word not in the table (rarer than anything in it) or of no Chinese


@functools.cache
def _general_levels() -> dict[str, int]:
    """Each word of the table at its level (_level of its idf). Levels are small ints, which Python
    shares: a forked matcher worker reading the table then copies none of its pages (with the floats
    themselves, each lookup wrote a reference count into a page of the table)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")  # the file only: importing jieba.analyse warns about pkg_resources
    assert spec is not None and spec.origin is not None
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, value = line.rstrip("\n").partition(" ")
            out[word] = _level(float(value))
    return out


def specificity(token: str) -> int:
    """1..SPECIFIC: how much a query term weighs for being specific (the query multiplies by level / 10).
    A pair of characters that is no word in the table (的旧, 越来) is as specific as its commoner
    character: a pair across two words says no more than either of them."""
    level = _general_levels().get(token)
    if level is None:
        if len(token) == 2:
            return min(_char_level(token[0]), _char_level(token[1]))
        return SPECIFIC
    return level


def token_specificity(token: str) -> int:
    """The level an index entry carries (search/index.py) and the matcher reads: CJK tokens by the
    table, anything else (ASCII words, ≈concepts) fully specific."""
    return specificity(token) if is_cjk(token) else SPECIFIC


@functools.lru_cache(maxsize=1 << 14)
def _char_level(ch: str) -> int:
    return _general_levels().get(ch, SPECIFIC)


def _level(value: float | None) -> int:
    if value is None:
        return SPECIFIC
    share = (value - GENERAL_LOW) / (GENERAL_HIGH - GENERAL_LOW)
    return max(1, min(SPECIFIC, round(share * SPECIFIC)))
