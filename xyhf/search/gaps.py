"""Posting lists' doc gaps as text: each gap in base 32, high digits as continuation characters
(chr(0x5D + digit): "]" … "|") and the last digit as a terminal one (chr(0x30 + digit): "0" … "O").
Neither range holds a quote or a backslash, so JSON stores each character as itself. At 25,000
records this is a quarter smaller than JSON lists of numbers (39.7 → 29.4 MiB of shards) and the
browser walks a string instead of parsing arrays. The page's twin is decode() in search-core.js."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TERMINAL = 0x30
CONTINUATION = 0x5D
BITS = 5
LARGEST_DIGITS = 6  # gaps below 2^30: far beyond any catalog


def encode(gaps: np.ndarray) -> tuple[str, np.ndarray]:
    """(the gaps as one string, where each gap's characters start), vectorised: 9 million gaps in
    well under a second."""
    gaps = np.asarray(gaps, dtype=np.int64)
    if len(gaps) and (gaps.min() < 0 or gaps.max() >= 1 << (BITS * LARGEST_DIGITS)):
        raise ValueError("gap out of range")
    top = int(gaps.max()).bit_length() if len(gaps) else 0
    levels = max(1, -(-top // BITS))  # digits of the largest gap: three at 25,000 records
    # In place where it can be: at 25,000 records each int64 temporary over the gaps is 64 MB.
    digits = np.ones(len(gaps), dtype=np.uint8)
    for k in range(1, levels):
        digits += gaps >= (1 << (BITS * k))
    last = np.cumsum(digits, dtype=np.int64)  # one past each gap's last character, for now
    out = np.empty(int(last[-1]) if len(gaps) else 0, dtype=np.uint8)
    last -= 1
    out[last] = (gaps & 31).astype(np.uint8) + TERMINAL
    for k in range(1, levels):
        has = np.flatnonzero(digits > k)
        out[last[has] - k] = ((gaps[has] >> (BITS * k)) & 31).astype(np.uint8) + CONTINUATION
    last += 1
    last -= digits  # now where each gap's characters start
    return out.tobytes().decode("ascii"), last


CHUNK = 1 << 20  # postings encoded at a time


def encode_lists(docs: np.ndarray, starts: Sequence[int] | np.ndarray, chunk: int = CHUNK) -> tuple[str, list[int]]:
    """Posting lists' gaps as one string (each list's first gap is its first doc), and where each list's
    characters start (`starts`: each list's first posting, then the number of postings; the answer
    the same, in characters). Encoded `chunk` postings at a time: over all 8 million postings at
    25,000 records the temporaries were 250 MB, the peak of the whole build."""
    docs, starts = np.asarray(docs), np.asarray(starts, dtype=np.int64)
    firsts = starts[:-1]
    parts: list[str] = []
    at, offset = np.empty(len(starts), dtype=np.int64), 0
    for lo in range(0, len(docs), chunk):
        hi = min(lo + chunk, len(docs))
        gaps = docs[lo:hi].astype(np.int64)
        gaps[1:] -= docs[lo : hi - 1]
        if lo:
            gaps[0] -= docs[lo - 1]
        heads = firsts[(firsts >= lo) & (firsts < hi)]
        gaps[heads - lo] = docs[heads]
        text, first_chars = encode(gaps)
        here = (starts >= lo) & (starts < hi)
        at[here] = first_chars[starts[here] - lo] + offset
        parts.append(text)
        offset += len(text)
    at[starts >= len(docs)] = offset
    return "".join(parts), at.tolist()


def decode(text: str) -> np.ndarray:
    """The gaps of one list (the inverse of encode for a slice of whole gaps)."""
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.int64)
    if not len(raw):
        return np.zeros(0, dtype=np.int64)
    terminal = raw < CONTINUATION
    digit = np.where(terminal, raw - TERMINAL, raw - CONTINUATION)
    element: np.ndarray = np.cumsum(terminal) - terminal  # terminals before each character: its gap's index
    ends = np.flatnonzero(terminal)
    power = ends[element] - np.arange(len(raw))
    return np.bincount(element, weights=digit * (32.0**power), minlength=len(ends)).astype(np.int64)
