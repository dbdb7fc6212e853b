"""Contract numbers (合同编号): the one key they are compared by and the one slug their pages and
calendars are named by. Pure functions.

Two numbers are the same contract when they are equal after NFKC, case folding and dropping every
separator: Unicode dashes (category Pd, the minus sign and its look-alikes), slashes and spaces.
So `CDNY-XYHF-2026-014`, `CDNY/XYHF/2026/014`, `cdny‐xyhf‐2026‐014` (U+2010) and the full-width
form are one contract, registered once.

The slug is the ASCII part of the number; a number with other letters (湘科合同2026第18号) also
carries a short digest of its key, so 湘科 and 湘农 contracts get different pages. Two different
keys can still share a slug (`ABC.1`, `ABC-1`): `check` refuses that, so `build` never writes one
file over another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Dashes that are not in category Pd but are written as one: minus signs, hyphen bullet, modifier minus.
_DASH_LIKE = "\u2212\u2043\u02d7\u2796\ufe63\uff0d\u207b\u208b"
_SLASHES = "/\\\u2044\u2215\u29f8\u29f9\uff0f\uff3c\u2571\u2572"
_ASCII_RUN = re.compile(r"[^a-z0-9]+", re.ASCII)


def _is_separator(ch: str) -> bool:
    return ch.isspace() or ch in _DASH_LIKE or ch in _SLASHES or unicodedata.category(ch) in ("Pd", "Zs", "Cf")


class _Separators(dict):
    """For str.translate: a separator's code point → None (dropped), any other → itself. Filled as
    characters are first met, by _is_separator alone: a catalog's contract numbers use few, and a
    text made to fill it stops adding at KEPT_AT_MOST (its characters are then judged each time)."""

    KEPT_AT_MOST = 1 << 14

    def __missing__(self, point: int) -> int | None:
        kept = None if _is_separator(chr(point)) else point
        if len(self) < self.KEPT_AT_MOST:
            self[point] = kept
        return kept


_DROP_SEPARATORS = _Separators()


def contract_key(number: str) -> str:
    """What two contract numbers are compared by: NFKC, case-folded, with no dash, slash or space."""
    return unicodedata.normalize("NFKC", number).casefold().translate(_DROP_SEPARATORS)


def contract_slug(number: str) -> str:
    """cases/<slug>/ and calendar/deal/<slug>.ics: lowercase ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKC", number).lower()
    slug = _ASCII_RUN.sub("-", text).strip("-")
    key = contract_key(number)
    if not key.isascii() or not slug:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"c-{digest}"
    return slug
