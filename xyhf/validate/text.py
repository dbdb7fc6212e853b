"""Rules for every text value of a file: no control or direction-changing characters, no value
made only of blanks or invisible characters, one line where one line is meant.

Schema lengths count characters, so "　　　　" (four full-width spaces) or zero-width spaces
would pass them; these rules close that gap for every field at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

# Fields whose text may run over several lines (paragraphs); everything else is one line.
MULTILINE_KEYS = frozenset(
    {
        "summary",
        "applications",
        "advantages",
        "licensee_requirements",
        "reason",
        "story",
        "problem",
        "goal",
        "note",
        "description",
        "outcomes",
        "schedule",
        "condition",
    }
)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_JOINERS = frozenset("\u200c\u200d")  # used inside emoji and some scripts; allowed in paragraphs
_BLANK_LOOKING = frozenset("\u3164\u115f\u1160\uffa0\u2800")  # letters that render as nothing


def _forbidden(ch: str, multiline: bool) -> str | None:
    """Why `ch` may not stand in a text value, or None."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if ch in "\n\r\t":
        return None if multiline else "换行或 Tab（此项应为一行文字）"
    if category == "Cc":
        return f"控制字符 U+{code:04X}"
    if category in ("Cs", "Co") or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return f"无效字符 U+{code:04X}"
    if ch in _BIDI:
        return f"改变文字方向的隐藏字符 U+{code:04X}"
    if category == "Cf" and not (multiline and ch in _JOINERS):
        return f"不可见字符 U+{code:04X}（如零宽空格）"
    return None


def _visible(ch: str) -> bool:
    """For a character _forbidden let pass: isspace() already covers every separator (Zs, Zl, Zp) and
    the controls that may stand (tab, line breaks); the format characters left are the joiners."""
    return not (ch.isspace() or unicodedata.category(ch) == "Cf" or ch in _BLANK_LOOKING)


_VERDICTS: dict[tuple[str, bool], str | None] = {}  # per distinct character: catalogs reuse few thousand


def _verdict(ch: str, multiline: bool) -> str | None:
    key = (ch, multiline)
    if key not in _VERDICTS:
        _VERDICTS[key] = _forbidden(ch, multiline)
    return _VERDICTS[key]


# Fast path: text made only of characters that are always fine (printable ASCII, CJK, CJK and
# full-width punctuation, general punctuation) with at least one of them visible needs no walk.
_ORDINARY = re.compile("[\x20-\x7e\u00b7\u2010-\u2027\u2030-\u205e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f]*")
_ORDINARY_LINES = re.compile(_ORDINARY.pattern.replace("]*", "\n\r\t]*"))
_SOME_VISIBLE = re.compile("[!-~\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")


def text_problem(value: str, key: str) -> str | None:
    """A Chinese explanation of what is wrong with one text value, or None."""
    multiline = key in MULTILINE_KEYS
    if (_ORDINARY_LINES if multiline else _ORDINARY).fullmatch(value) and _SOME_VISIBLE.search(value):
        return None
    distinct = set(value)
    for ch in sorted(distinct, key=value.index) if any(_verdict(c, multiline) for c in distinct) else ():
        why = _verdict(ch, multiline)
        if why:
            return f"含有{why}，常见于从网页、PDF 或微信复制的文字。请删除后重新输入" + (
                "；多段内容请放在可以多行填写的字段里。" if "一行" in why else "。"
            )
    if not any(_visible(ch) for ch in distinct):
        return "只有空格或不可见字符，没有实际内容。请填写内容，不需要的可选项请整行删除。"
    return None


# The fast path for a whole file at once: every text value joined by a NUL (which no value that
# passes can hold), matched by one regular expression for the characters and one for blank values.
_ALL_ORDINARY = re.compile(_ORDINARY.pattern.replace("]*", "\0]*"))
_ALL_ORDINARY_LINES = re.compile(_ORDINARY_LINES.pattern.replace("]*", "\0]*"))
# A value with no visible character, in the joined values with a NUL put before the first: every
# value then starts after a NUL, and a pattern that starts with one is only tried where one stands
# (with `(?:^|\0)` instead, the search was tried at every character: five times as long).
_BLANK_VALUE = re.compile(_SOME_VISIBLE.pattern.replace("[", "\0[^\0", 1) + "*(?:\0|$)")


def all_ordinary(data: Any) -> bool:
    """True when every text value of the file passes text_problem's fast test, so there is nothing
    to report (one walk and two matches instead of a generator and two matches per value). False
    says only that the exact walk must decide."""
    single: list[str] = []
    multi: list[str] = []
    if not _collect(data, "", single, multi):
        return False
    one_line, paragraphs = "\0".join(single), "\0".join(multi)
    if one_line.count("\0") != max(len(single) - 1, 0) or paragraphs.count("\0") != max(len(multi) - 1, 0):
        return False  # a value holds a NUL itself (a "\0" escape): the exact walk names it
    return (
        _ALL_ORDINARY.fullmatch(one_line) is not None
        and _ALL_ORDINARY_LINES.fullmatch(paragraphs) is not None
        and (not single or _BLANK_VALUE.search("\0" + one_line) is None)
        and (not multi or _BLANK_VALUE.search("\0" + paragraphs) is None)
    )


def _collect(data: Any, key: str, single: list[str], multi: list[str]) -> bool:
    """Text values into `single` or `multi` by the nearest key; False at a key that is not text."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name.__class__ is not str:
                return False
            if value.__class__ is str:
                (multi if name in MULTILINE_KEYS else single).append(value)
            elif not _collect(value, name, single, multi):
                return False
    elif isinstance(data, list):
        for value in data:
            if value.__class__ is str:
                (multi if key in MULTILINE_KEYS else single).append(value)
            elif not _collect(value, key, single, multi):
                return False
    elif isinstance(data, str):
        return False  # a subclass of str (an importer's): the exact walk decides
    return True


def text_problems(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(field path, message) for every text value of a loaded file, walked without recursion limits
    beyond the loader's own nesting bound."""
    if isinstance(data, dict):
        for key, value in data.items():
            if value.__class__ is str and key.__class__ is str:  # the common leaf, without a call of its own
                problem = text_problem(value, key)
                if problem:
                    yield path + (key,), problem
            else:
                yield from text_problems(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from text_problems(value, path + (i,))
    elif isinstance(data, str):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        problem = text_problem(data, key)
        if problem:
            yield path, problem
