"""How much a term counts, in one place: the field weights and the inverse document frequency that
the search index, its query side (and the page's twin, search-core.js) and the need–record matcher
all use."""

from __future__ import annotations

import math

# Where in a record a term stands: a title says what the record is; chosen keywords next; the code,
# IP number and holder name identify it; long texts only describe.
TITLE, KEYWORDS, SUMMARY, APPLICATIONS = 3, 2, 1, 1
IDENTIFIER, HOLDER, ADVANTAGES, FIELD_NAME, OWNERS = 3, 2, 1, 1, 1


def idf(n: int, df: int) -> float:
    """Inverse document frequency of a term found in `df` of `n` records: a filler pair found in
    most records weighs little, a rare word much. math.log, as Math.log in the browser: equal floats."""
    return math.log(1 + n / max(1, df))
